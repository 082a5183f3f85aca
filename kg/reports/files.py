"""Report files: the format follows the file's extension, and a file is written whole or not at all.

A report is first written to a temporary file beside the target, then renamed over it: a failed
run never leaves a half-written file, and never replaces a good report by a bad one. The file
gets the mode a new file normally gets (0666 less the umask), not the temporary file's 0600.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from kg.errors import InputError

EXTENSIONS = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json",
              ".ttl": "ttl", ".txt": "text"}


def output_format(output: Path | None, given: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The format of a report: as given, else from `output`'s extension, else `default`; an
    InputError when the extension says another format than the one given, or none allowed."""
    implied = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if given is not None:
        if implied is not None and implied != given and implied in allowed:
            raise InputError(str(output), f"the extension says {implied}, but --format {given} was given")
        return given
    if output is not None and implied not in allowed:
        extensions = ", ".join(sorted(e for e, f in EXTENSIONS.items() if f in allowed))
        raise InputError(str(output), f"cannot tell the format from the extension {output.suffix or '(none)'}: "
                                      f"use one of {extensions} or give --format")
    return implied or default


def check_directory(output: Path) -> Path:
    """The directory `output` goes to; an InputError when it does not exist."""
    directory = output.resolve().parent
    if not directory.is_dir():
        raise InputError(str(output), "the output directory does not exist")
    return directory


def write_whole(output: Path, content: bytes | str) -> None:
    """Write `content` to `output` through a temporary file renamed over it, with the usual mode."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = check_directory(output)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{output.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except OSError as error:
        raise InputError(str(output), f"cannot write the report: {error.strerror or error}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def emit(content: bytes | str, output: Path | None) -> None:
    """Write a report to `output` (whole, see write_whole), or to standard output when none is given."""
    if output is not None:
        write_whole(output, content)
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
