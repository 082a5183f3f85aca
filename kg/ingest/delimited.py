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
    """Rows of the delimited `text`; `path` names the file in errors.

    A quote that opens a field and is never closed would make the rest of the file one cell (the
    rows after it silently lost): that record's first line is read as it is printed, its quotes
    kept as text, and reading goes on with the next line."""
    dialect = sniff_dialect(text)
    lines = text.split("\n")
    rows: list[Row] = []
    first = 1                                   # the line the text being read starts on
    while True:
        unclosed = _read_records(text, dialect, first, rows, path)
        if unclosed is None:
            break
        fields = lines[unclosed - 1].split(dialect.delimiter)
        row = trimmed_row([Cell(clean_text(field), unclosed) for field in fields], unclosed, None)
        if row is not None:
            rows.append(row)
        first = unclosed + 1
        text = "\n".join(lines[unclosed:])
    if not rows:
        raise InputError(path, "no cells with content")
    return rows


def _read_records(text: str, dialect: type[csv.Dialect], first: int, rows: list[Row],
                  path: Path | str) -> int | None:
    """Append the rows of `text` (its first line is line `first`) to `rows`; the line of a last
    record left open by an unclosed quote (its lines hold an odd number of quotes; the records
    before it appended), or None."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    start, last_start, appended = first, first, False
    try:
        for fields in reader:
            cells, line = [], start
            for field in fields:
                cells.append(Cell(clean_text(field), line))
                line += field.count("\n")
            end = first - 1 + reader.line_num
            row = trimmed_row(cells, start, None, last_line=end if end > start else None)
            appended = row is not None
            if row is not None:
                rows.append(row)
            last_start, start = start, end + 1
    except csv.Error as error:
        raise InputError(path, f"broken delimited text ({error})", line=start) from None
    last_lines = text.split("\n")[last_start - first:]
    if len([line for line in last_lines if line.strip()]) > 1 and "\n".join(last_lines).count('"') % 2:
        if appended:
            rows.pop()
        return last_start
    return None


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
