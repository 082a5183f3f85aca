"""Table grids of any format → Rows, with one convention for merged cells.

A cell merged over several rows (an item's name over its sub-item rows) is repeated in every row
it covers, and each copy keeps the `line` of the row the merge starts on: `cell.line < row.line`
tells the assembly that a cell was filled down from above. A cell merged over several columns is
read once, in its first column; the other columns it covers are empty, as in the text form.
"""

from __future__ import annotations

from kg.ingest.records import Cell, Row

Grid = list[list[Cell]]  # rows of cells; every row as wide as its widest cell position

MAX_SPAN = 1000  # columns or rows one merged cell may cover; larger spans are clamped


def blank_row(width: int, line: int) -> list[Cell]:
    """`width` empty cells on source line `line`."""
    return [Cell("", line) for _ in range(width)]


def spread_merged(grid: Grid, top: int, left: int, bottom: int, right: int) -> None:
    """Apply the merge convention to the 0-based inclusive range grid[top..bottom][left..right]."""
    origin = grid[top][left]
    for row_index in range(top, min(bottom, len(grid) - 1) + 1):
        row = grid[row_index]
        for column in range(left, min(right, len(row) - 1) + 1):
            if (row_index, column) == (top, left):
                continue
            row[column] = origin if column == left else Cell("", row[column].line)


def rows_from_grid(grid: Grid, lines: list[int], sheet: str | None) -> list[Row]:
    """Rows of `grid` (source line `lines[i]` for row i), without empty rows or trailing blanks."""
    rows = []
    for cells, line in zip(grid, lines, strict=True):
        row = trimmed_row(cells, line, sheet)
        if row is not None:
            rows.append(row)
    return rows


def trimmed_row(cells: list[Cell], line: int, sheet: str | None,
                last_line: int | None = None) -> Row | None:
    """A Row of `cells` without its trailing empty cells; None when every cell is empty."""
    last = max((i for i, cell in enumerate(cells) if cell.text), default=-1)
    if last < 0:
        return None
    return Row(cells=cells[: last + 1], line=line, sheet=sheet, last_line=last_line)


def clean_text(text: str) -> str:
    """Cell text with \\n line endings and no surrounding whitespace; inner line breaks kept."""
    if "\n" not in text and "\r" not in text:
        return text.strip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines).strip()
