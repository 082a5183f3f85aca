"""Word documents (.docx via python-docx) → Rows: every table in document order, merged cells
spread (gridSpan read once, vMerge filled down; see kg.ingest.grid), paragraphs outside tables as
single-cell rows (titles, 共N项 catalogs).

`Row.line` counts the document's blocks in order (each paragraph and each table row is one line);
`Row.sheet` is "table N" for rows of the N-th table (1-based), None for paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from kg.errors import InputError
from kg.ingest.grid import MAX_SPAN, Grid, blank_row, clean_text, rows_from_grid, trimmed_row
from kg.ingest.records import Cell, Row


def read_docx_rows(path: Path) -> list[Row]:
    """Rows of a .docx: table rows and paragraphs, in document order."""
    try:
        rows, tables = document_rows(docx.Document(str(path)))
    except Exception as error:  # a damaged package fails inside python-docx in many ways
        reason = str(error) or type(error).__name__
        raise InputError(path, f"unreadable .docx document ({reason})") from None
    if not any(row.sheet for row in rows):
        reason = "no table in the document" if tables == 0 else "the document's tables are empty"
        raise InputError(path, reason)
    return rows


def document_rows(document: Document) -> tuple[list[Row], int]:
    """The rows of a Word document and the number of its tables."""
    rows: list[Row] = []
    line = 0
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            line += 1
            row = trimmed_row([Cell(clean_text(block.text), line)], line, None)
            if row is not None:
                rows.append(row)
        elif isinstance(block, Table):
            tables += 1
            lines = list(range(line + 1, line + 1 + len(block._tbl.tr_lst)))
            rows += rows_from_grid(table_grid(block, lines), lines, f"table {tables}")
            line += len(lines)
    return rows, tables


def table_grid(table: Table, lines: list[int]) -> Grid:
    """The cells of `table` on its layout grid, row i on source line lines[i]."""
    grid: Grid = []
    for tr, line in zip(table._tbl.tr_lst, lines, strict=True):
        cells = blank_row(min(tr.grid_before, MAX_SPAN), line)
        above = grid[-1] if grid else []
        for tc in tr.tc_lst:
            start, span = len(cells), min(tc.grid_span, MAX_SPAN)
            if tc.vMerge == "continue":  # 纵向合并的续行: the cell above, filled down
                cells += [above[i] if i < len(above) else Cell("", line)
                          for i in range(start, start + span)]
            else:
                cells.append(Cell(cell_text(_Cell(tc, table)), line))
                cells += blank_row(span - 1, line)
        grid.append(cells)
    width = max((len(cells) for cells in grid), default=0)
    return [cells + blank_row(width - len(cells), line) for cells, line in zip(grid, lines, strict=True)]


def cell_text(cell: _Cell) -> str:
    """A cell's paragraphs, one a line, and the rows of any table nested in it."""
    lines = []
    for block in cell.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines += [" ".join(cell_text(inner) for inner in row.cells) for row in block.rows]
    return clean_text("\n".join(lines))
