"""`read_list`: a list file of any supported format → ListDocument."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.decode import decode_file
from kg.ingest.document import build_document
from kg.ingest.records import ListDocument
from kg.ingest.tabular import TABULAR_SUFFIXES, read_rows
from kg.ingest.text import rows_of_text


def read_list(path: Path) -> ListDocument:
    """Items and catalogs of the list in `path`; InputError (file, line, reason) if unusable.

    Spreadsheets, Word and HTML files are read as tables (kg.ingest.tabular); anything else as
    text (.txt .tsv .md). Both go through the same header mapping and item assembly.
    """
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from kg.ingest.pdf import read_pdf_document  # pdfplumber, imported only for a PDF

        return read_pdf_document(path)      # items name their pages; scans are read by OCR
    if path.suffix.lower() in TABULAR_SUFFIXES:
        rows = read_rows(path)
    else:
        rows = rows_of_text(decode_file(path))
    return build_document(rows, str(path))
