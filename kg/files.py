"""Reading a user's file within a size limit, without trusting its reported size.

`st_size` is 0 for /dev/zero, a pipe or a terminal, and a sparse file reports gigabytes it never
stored: a regular file is refused by its size before anything is read, and every read stops one
byte past the limit, whatever the file is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kg.errors import InputError


def too_large(path: Path | str, size: int | None, limit: int) -> InputError:
    """The error for a file over `limit` bytes (`size`: its size when known)."""
    known = f"{size // 2**20} MB" if size is not None else "more than the limit"
    return InputError(str(path), f"file too large ({known}; the limit is {limit // 2**20} MB)")


def check_size(path: Path | str, limit: int) -> None:
    """InputError when `path` is a regular file larger than `limit` bytes (other files are
    bounded as they are read, by read_bounded)."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(str(path), f"cannot read file ({error.strerror or error})") from None
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise too_large(path, info.st_size, limit)


def read_bounded(path: Path | str, limit: int) -> bytes:
    """The bytes of `path`, at most `limit`; InputError when larger or unreadable."""
    try:
        with open(path, "rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise too_large(path, info.st_size, limit)
            data = stream.read(limit + 1)
    except OSError as error:
        raise InputError(str(path), f"cannot read file ({error.strerror or error})") from None
    if len(data) > limit:
        raise too_large(path, None, limit)
    return data
