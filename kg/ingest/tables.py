"""Rows → tables: each starts at a header row; repeated headers continue it, titles start anew."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ingest.cleaning import compact, strip_html
from kg.ingest.headers import Header, complete_header, recognize_header
from kg.ingest.records import Row
from kg.ingest.titles import is_title

DETAIL, CATALOG, OTHER = "detail", "catalog", "other"


@dataclass(eq=False)
class Table:
    """One table of a list: its header, the loose lines printed above it, and its rows."""

    header: Header
    preamble: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    printed_header: Header | None = None      # the first header row alone, before a second row
    header_rows: list[list[str]] = field(default_factory=list)   # as printed, compacted

    @property
    def kind(self) -> str:
        """detail (items with their basis), catalog (目录: names only) or other (调整情况表 …)."""
        fields = self.header.fields
        if "adjustment" in fields:
            return OTHER
        if fields & {"basis", "duties", "accountability"}:
            return DETAIL
        return CATALOG


def texts(row: Row) -> list[str]:
    """The cell texts of a row."""
    return [cell.text for cell in row.cells]


def is_loose(row: Row) -> bool:
    """A line outside the grid: a title, a note or a page footer (only its first cell printed)."""
    filled = [cell for cell in row.cells if cell.text.strip()]
    return len(filled) == 1 and filled[0] is row.cells[0]


def split_tables(rows: list[Row]) -> list[Table]:
    """The tables of a list in order. Loose lines after a table's last row go to the next table's
    preamble; a header equal to the current one continues the table unless a title came between;
    a second header row under a header completes it.
    """
    tables: list[Table] = []
    leading: list[Row] = []
    after_header = False
    for row in rows:
        current = tables[-1] if tables else None
        cells = texts(row)
        if current and after_header and [compact(text) for text in cells] in current.header_rows[1:]:
            continue                        # a second header row repeated on a new page
        if current and after_header:
            labels = current.header_rows[0]
            completed = complete_header(current.header, labels, cells)
            if completed:
                current.header = completed
                current.header_rows.append([compact(text) for text in cells])
                continue
        after_header = False
        header = recognize_header(cells, row.line)
        if header is None:
            (current.rows if current else leading).append(row)
            continue
        after_header = True
        trailing = _trailing_loose(current.rows) if current else leading
        if current and current.printed_header and header.columns == current.printed_header.columns and not any(
                is_title(row_text(r)) for r in trailing):
            continue
        if current:
            del current.rows[len(current.rows) - len(trailing):]
        tables.append(Table(header=header, preamble=list(trailing), printed_header=header,
                            header_rows=[[compact(text) for text in cells]]))
    return tables


@dataclass(frozen=True)
class FieldCell:
    """A printed cell of a row under a header: its column, the field it holds, its text (HTML
    removed) and the source line it starts on."""

    column: int
    field: str
    text: str
    line: int


def field_cells(row: Row, header: Header) -> list[FieldCell]:
    """The printed cells of a row under `header`, in column order."""
    return [FieldCell(index, field, strip_html(row.cells[index].text).strip(), row.cells[index].line)
            for index, field in sorted(header.columns.items())
            if index < len(row.cells) and compact(row.cells[index].text)]


def values_of(cells: list[FieldCell]) -> dict[str, str]:
    """Field → text of a row's cells; a field printed in several columns (设定依据 | 实施依据) gets
    their distinct texts, one per line."""
    values: dict[str, list[str]] = {}
    for cell in cells:
        if compact(cell.text) not in map(compact, values.setdefault(cell.field, [])):
            values[cell.field].append(cell.text)
    return {field: "\n".join(texts) for field, texts in values.items()}


def field_values(row: Row, header: Header) -> dict[str, str]:
    """Field → cell text (HTML removed) for the printed cells of a row under `header`."""
    return values_of(field_cells(row, header))


def filled_down(row: Row, header: Header) -> set[str]:
    """Fields whose cell is a copy of a cell merged down from an earlier row (cell.line < row.line)."""
    return {field for index, field in header.columns.items()
            if index < len(row.cells) and row.cells[index].line < row.line}


def row_text(row: Row) -> str:
    """The printed cells of a row joined by spaces."""
    return " ".join(text.strip() for text in texts(row) if text.strip())


def _trailing_loose(rows: list[Row]) -> list[Row]:
    count = 0
    while count < len(rows) and is_loose(rows[len(rows) - 1 - count]):
        count += 1
    return rows[len(rows) - count:]
