"""Tabular list files (.csv .xlsx .xls .docx .html) → Rows with source positions.

The suffix says what the user means, the first bytes say what the file is: an .xls that is
really an .xlsx, or the HTML / tab-separated text many systems export as .xls, is read as what
it is; an .xlsx or .docx that is not a zip archive is refused with a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import MAX_BYTES, decode_file
from kg.ingest.delimited import delimited_rows, read_csv_rows
from kg.ingest.records import Row
from kg.ingest.spreadsheet import read_xls_rows, read_xlsx_rows
from kg.ingest.webpage import html_rows, read_html_rows
from kg.ingest.word import read_docx_rows

TABULAR_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm", ".xls", ".docx", ".html", ".htm"})

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, .doc, encrypted Office files


def read_rows(path: Path) -> list[Row]:
    """Rows of a tabular list file, in document order; InputError naming the file and reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABULAR_SUFFIXES:
        raise InputError(path, f"not a tabular format ({suffix or 'no suffix'}); expected one of "
                               + " ".join(sorted(TABULAR_SUFFIXES)))
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise InputError(path, f"cannot read file ({error.strerror or error})") from None
    if not head:
        raise InputError(path, "empty file")
    if size > MAX_BYTES:
        raise InputError(path, f"file too large ({size // 2**20} MB; the limit is "
                               f"{MAX_BYTES // 2**20} MB)")
    if suffix == ".csv":
        return read_csv_rows(path)
    if suffix in (".html", ".htm"):
        return read_html_rows(path)
    if suffix in (".xlsx", ".xlsm", ".xls") and head.startswith(_ZIP):
        return read_xlsx_rows(path)
    if suffix == ".docx" and head.startswith(_ZIP):
        return read_docx_rows(path)
    if head.startswith(_OLE2):
        if suffix == ".docx":
            raise InputError(path, "a legacy Word .doc or an encrypted document, not a .docx; "
                                   "save it as an unprotected .docx")
        return read_xls_rows(path)
    if suffix == ".xls":
        return _read_exported_text(path)
    raise InputError(path, f"not a {suffix} file (not a zip archive; text or another format "
                           f"renamed to {suffix}?)")


def _read_exported_text(path: Path) -> list[Row]:
    """An ".xls" that is really text: an HTML table or delimited text, as web systems export."""
    text = decode_file(path)
    if re.search(r"<table[\s>]", text, re.IGNORECASE):
        return html_rows(text, path)
    return delimited_rows(text, path)
