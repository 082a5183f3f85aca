"""Delimited text (.csv, and tab-separated text exported as .xls) → Rows, one per record.

The delimiter (comma, tab or semicolon) is sniffed; quoted cells may span lines. `Row.line` is the
source line a record starts on, `Cell.line` the line its cell starts on.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import decode_file
from kg.ingest.grid import clean_text, trimmed_row
from kg.ingest.records import Cell, Row

DELIMITERS = ",\t;"
_SNIFF_CHARS = 64 * 1024


def read_csv_rows(path: Path) -> list[Row]:
    """Rows of a delimited text file in any supported encoding (kg.ingest.decode)."""
    return delimited_rows(decode_file(path), path)


def delimited_rows(text: str, path: Path | str) -> list[Row]:
    """Rows of the delimited `text`; `path` names the file in errors."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect=sniff_dialect(text))
    rows: list[Row] = []
    start = 1
    try:
        for fields in reader:
            cells, line = [], start
            for field in fields:
                cells.append(Cell(clean_text(field), line))
                line += field.count("\n")
            end = reader.line_num
            row = trimmed_row(cells, start, None, last_line=end if end > start else None)
            if row is not None:
                rows.append(row)
            start = end + 1
    except csv.Error as error:
        raise InputError(path, f"broken delimited text ({error})", line=start) from None
    if not rows:
        raise InputError(path, "no cells with content")
    return rows


def sniff_dialect(text: str) -> type[csv.Dialect]:
    """The csv dialect of `text`; when sniffing fails, the most frequent candidate delimiter."""
    sample = text[:_SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        delimiter = max(DELIMITERS, key=sample.count)

        class Fallback(csv.excel):
            pass

        Fallback.delimiter = delimiter
        return Fallback
