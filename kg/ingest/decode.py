"""Bytes of a text list file → str: encoding detected, line endings normalized to \\n.

Lists are published as UTF-8 (with or without BOM), GB18030/GBK/GB2312 or UTF-16 with a BOM.
UTF-8 wins whenever the bytes are valid UTF-8; a file that looks like any GB encoding is read as
GB18030, the superset of GBK and GB2312, so no character of the subsets is lost.

A few damaged bytes cost only the characters they stand in: a stray NUL byte, or a byte that is
not UTF-8 in an otherwise valid UTF-8 file, is read as U+FFFD (kg.ingest.records.UNREADABLE), and the
item holding it is flagged (kg.ingest.assemble). A file with many NULs is binary, one whose UTF-8
is damaged throughout is refused at its first bad line; neither is guessed at.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.files import read_bounded
from kg.ingest.records import UNREADABLE

MAX_BYTES = 200 * 1024 * 1024  # larger files are refused rather than read into memory

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

MAX_DAMAGED_SHARE = 0.01      # of the non-ASCII characters (UTF-8) or of all bytes (control): more is refused
MAX_DAMAGED_BYTES = 3         # damaged bytes read as UNREADABLE in a short file, whatever their share

_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])

# Encodings of the GB family (as charset-normalizer names them): all read as GB18030.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


def decode_file(path: Path) -> str:
    """The text of `path` with \\n line endings; InputError if empty, binary or undecodable."""
    path = Path(path)
    data = read_bounded(path, MAX_BYTES)       # st_size is 0 for /dev/zero and pipes
    return normalize_newlines(decode_bytes(data, path))


def decode_bytes(data: bytes, path: Path | str) -> str:
    """`data` decoded as described in the module docstring; `path` only names the file in errors."""
    if not data.strip():
        raise InputError(path, "empty file")
    encoding = _bom_encoding(data)
    errors = "strict"
    if encoding is None:
        if b"\x00" in data and _control_bytes(data) > max(MAX_DAMAGED_BYTES, MAX_DAMAGED_SHARE * len(data)):
            raise InputError(path, "binary file, not text (contains NUL bytes)")
        encoding, errors = _detect_encoding(data, path)
    try:
        text = data.decode(encoding, errors=errors)
    except UnicodeDecodeError as error:
        raise InputError(path, f"not valid {encoding} text (byte {error.start})",
                         line=data.count(b"\n", 0, error.start) + 1) from None
    text = text.lstrip("\ufeff").replace("\x00", UNREADABLE)
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def normalize_newlines(text: str) -> str:
    """\\r\\n and lone \\r → \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_bytes(data: bytes) -> int:
    """How many bytes of `data` are control characters no text holds (NUL, and C0 but tab,
    newlines, form feed and escape)."""
    return len(data) - len(data.translate(None, _CONTROL))


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """Non-ASCII characters of `data` read as UTF-8: (decoded, damaged)."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count(UNREADABLE)
    return sum(1 for char in text if char > "\x7f") - damaged, damaged


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _detect_encoding(data: bytes, path: Path | str) -> tuple[str, str]:
    """The encoding of `data` and the errors mode to decode it with ("replace" for UTF-8 with a
    few damaged bytes)."""
    try:
        data.decode("utf-8")
        return "utf-8", "strict"
    except UnicodeDecodeError as error:
        decoded, damaged = _utf8_counts(data)
        if damaged <= max(MAX_DAMAGED_BYTES, MAX_DAMAGED_SHARE * (decoded + damaged)) \
                and decoded >= 20 * damaged:
            return "utf-8", "replace"
        if decoded > damaged:   # GBK bytes almost never decode as UTF-8: damaged, not another encoding
            raise InputError(path, f"damaged UTF-8 text ({damaged} bytes not UTF-8, the first at byte "
                                   f"{error.start}; a cut or corrupted file?)",
                             line=data.count(b"\n", 0, error.start) + 1) from None
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(path, "unknown encoding (not UTF-8, GB18030/GBK or UTF-16), "
                               "or not a text file")
    # Chinese lists: any GB-family candidate beats a look-alike guess (Big5, Shift-JIS, …).
    for match in matches:
        if match.encoding in _GB_FAMILY or _GB_FAMILY & set(match.could_be_from_charset):
            return "gb18030", "strict"
    return best.encoding, "strict"
