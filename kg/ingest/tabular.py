"""Tabular list files (.csv .xlsx .xls .ods .docx .html) → Rows with source positions.

The suffix says what the user means, the content says what the file is. Office files are read by
what their package holds: an .xls that is really an .xlsx, a workbook or document under the other
Office suffix, the HTML or tab-separated text many web systems export as .xls are all read as
what they are. An .xlsx or .docx that is text, or a truncated package, is refused with a reason.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from kg.errors import InputError
from kg.files import check_size
from kg.ingest.decode import MAX_BYTES, decode_file
from kg.ingest.delimited import delimited_rows, read_csv_rows
from kg.ingest.records import Row
from kg.ingest.spreadsheet import read_workbook_rows

TABULAR_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".doc", ".docx", ".html", ".htm"})

MAX_UNPACKED_BYTES = 1024 * 2**20  # an Office package's XML, unpacked (a zip bomb is refused)

_ZIP = b"PK\x03\x04"                          # Office Open XML package (.xlsx, .docx)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, .doc, encrypted Office files
_TABLE_TAG = re.compile(r"<table[\s>]", re.IGNORECASE)
_SPREADSHEET_ML = "urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003 XML, often named .xls
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def read_rows(path: Path) -> list[Row]:
    """Rows of a tabular list file, in document order; InputError naming the file and reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABULAR_SUFFIXES:
        raise InputError(path, f"not a tabular format ({suffix or 'no suffix'}); expected one of "
                               + " ".join(sorted(TABULAR_SUFFIXES)))
    head = _head(path)
    if suffix == ".doc":
        from kg.ingest.doc import read_doc_rows  # python-docx, only for a Word document

        return read_doc_rows(path)          # converted by LibreOffice, then read as a .docx
    if suffix == ".csv":
        return read_csv_rows(path)
    if suffix in (".html", ".htm"):
        from kg.ingest.webpage import read_html_rows  # BeautifulSoup, only for a web page

        return read_html_rows(path)
    if head.startswith(_ZIP):
        return _read_office_package(path, suffix)
    if head.startswith(_OLE2):
        if suffix == ".docx":
            raise InputError(path, "a legacy Word .doc or an encrypted document, not a .docx; "
                                   "save it as an unprotected .docx")
        return read_workbook_rows(path, "xls")
    if suffix == ".xls":
        return _read_exported_text(path)
    raise InputError(path, f"not a {suffix} file (not a zip archive; text or another format "
                           f"renamed to {suffix}?)")


def _head(path: Path) -> bytes:
    """The first bytes of `path`, after the checks every format shares (readable, not empty,
    not over the size limit)."""
    check_size(path, MAX_BYTES)
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise InputError(path, f"cannot read file ({error.strerror or error})") from None
    if not head:
        raise InputError(path, "empty file")
    return head


def _read_office_package(path: Path, suffix: str) -> list[Row]:
    """A zip package: an Office Open XML workbook (xl/…) or Word document (word/…), or an
    OpenDocument spreadsheet (.ods)."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            mimetype = package.read("mimetype")[:64] if "mimetype" in package.namelist() else b""
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        # NotImplementedError: a damaged header reads as a zip version or method Python lacks
        raise InputError(path, f"corrupt or truncated {suffix} file "
                               "(not a complete zip archive)") from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(path, f"too large when unpacked ({unpacked // 2**20} MB; the limit is "
                               f"{MAX_UNPACKED_BYTES // 2**20} MB)")
    parts = [member.filename for member in members]
    if any(part.startswith("xl/") for part in parts):
        return read_workbook_rows(path, "xlsx")
    if mimetype.startswith(_ODS_MIMETYPE):
        return read_workbook_rows(path, "ods")
    if any(part.startswith("word/") for part in parts):
        from kg.ingest.word import read_docx_rows  # python-docx, only for a Word document

        return read_docx_rows(path)
    raise InputError(path, f"a zip archive without an Excel workbook or Word document, "
                           f"not a {suffix} file")


def _read_exported_text(path: Path) -> list[Row]:
    """An ".xls" that is really text: an HTML table or delimited text, as web systems export."""
    text = decode_file(path)
    if _SPREADSHEET_ML in text[:4096]:
        raise InputError(path, "an Excel 2003 XML spreadsheet, not an .xls workbook; "
                               "open it in Excel or WPS and save it as .xlsx")
    if _TABLE_TAG.search(text):
        from kg.ingest.webpage import html_rows

        return html_rows(text, path)
    return delimited_rows(text, path)
