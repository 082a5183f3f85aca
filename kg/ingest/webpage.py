"""HTML pages (.html/.htm, and the HTML "spreadsheets" some systems export as .xls) → Rows.

Every data <table> in document order (`Row.sheet` = "table N"), rowspan/colspan spread by the
convention of kg.ingest.grid, <br>/<p> inside a cell → line breaks; text outside tables as
single-cell rows (titles, 共N项 catalogs). A table whose cells hold another table is page layout:
its content is read like the rest of the page. `Row.line` is the source line of the <tr>.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeGuard

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from kg.errors import InputError
from kg.ingest.decode import decode_file
from kg.ingest.grid import MAX_SPAN, Grid, blank_row, clean_text, rows_from_grid, trimmed_row
from kg.ingest.records import Cell, Row

# Elements that start a new line of text (HTML block elements and line breaks).
_BLOCKS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_NOT_TEXT = ("script", "style", "template", "noscript", "head")
# Void elements written <br> rather than <br/>: bs4's html.parser builder keeps a list of them
# that every end tag scans, which makes pages with many <br> quadratic. Closing them (no line
# moves) keeps parsing linear.
_VOID_TAG = re.compile(r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b"
                       r"([^<>]*?)/?>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{2,}")


def read_html_rows(path: Path) -> list[Row]:
    """Rows of an HTML file, decoded like any text list (kg.ingest.decode)."""
    return html_rows(decode_file(path), path)


def html_rows(text: str, path: Path | str) -> list[Row]:
    """Rows of the HTML document `text`; `path` names the file in errors."""
    soup = BeautifulSoup(_VOID_TAG.sub(r"<\1\2/>", text), "html.parser")
    for tag in soup.find_all(_NOT_TEXT):
        tag.decompose()
    reader = _PageReader()
    reader.read(soup)
    reader.end_line()
    if reader.tables == 0:
        raise InputError(path, "no table in the HTML page")
    if not any(row.sheet for row in reader.rows):
        raise InputError(path, "the page's tables are empty")
    return reader.rows


def cell_text(cell: Tag) -> str:
    """The text of a table cell as displayed: whitespace collapsed, <br>/<p>/<div> → line breaks."""
    parts: list[str] = []
    for event, node in page_events(cell):
        if event == TEXT:
            parts.append(_SPACES.sub(" ", str(node)))
        elif node.name in _BLOCKS:
            parts.append("\n")
    return _BLANK_LINES.sub("\n", clean_text("".join(parts)))


START, END, TEXT, WHOLE = "start", "end", "text", "whole"


def page_events(root: Tag, whole: Callable[[Tag], bool] = lambda tag: False
                ) -> Iterator[tuple[str, Tag | NavigableString]]:
    """The content of `root` in document order as (START, tag), (TEXT, string), (END, tag);
    a tag for which `whole(tag)` holds comes as (WHOLE, tag), its content not walked.

    Iterative: pages of unclosed <font>/<b> tags nest thousands deep.
    """
    pending = [iter(root.children)]
    open_tags: list[Tag] = []
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            if open_tags:
                yield END, open_tags.pop()
        elif isinstance(child, Tag):
            if whole(child):
                yield WHOLE, child
            else:
                yield START, child
                open_tags.append(child)
                pending.append(iter(child.children))
        elif _is_text(child):
            yield TEXT, child


def table_rows(table: Tag) -> list[Tag]:
    """The <tr> elements of `table` itself, not of tables nested in its cells, in document order.
    Nested tables are not entered (asking each row for its table made nesting quadratic)."""
    rows, stack = [], list(reversed(table.contents))
    while stack:
        node = stack.pop()
        if not isinstance(node, Tag) or node.name == "table":
            continue
        if node.name == "tr":
            rows.append(node)
        stack.extend(reversed(node.contents))
    return rows


def table_grid(trs: list[Tag], lines: list[int]) -> Grid:
    """The cells of the rows `trs` on their layout grid (the HTML table model: each cell takes the
    first column not covered by a rowspan from above)."""
    grid: Grid = []
    covered: dict[int, tuple[Cell, int]] = {}  # column → (cell to repeat, rows still covered)
    for tr, line in zip(trs, lines, strict=True):
        row: dict[int, Cell] = {column: cell for column, (cell, _) in covered.items()}
        covered = {column: (cell, left - 1) for column, (cell, left) in covered.items() if left > 1}
        column = 0
        for td in _cells(tr):
            while column in row:
                column += 1
            colspan = _span(td.get("colspan"))
            rowspan = _span(td.get("rowspan"), whole=len(trs))
            origin = Cell(cell_text(td), line)
            for offset in range(colspan):
                cell = origin if offset == 0 else Cell("", line)
                row[column + offset] = cell
                if rowspan > 1:
                    covered[column + offset] = (cell, rowspan - 1)
            column += colspan
        width = max(row, default=-1) + 1
        cells = blank_row(width, line)
        for index, cell in row.items():
            cells[index] = cell if cell.text else Cell("", line)
        grid.append(cells)
    width = max((len(cells) for cells in grid), default=0)
    return [cells + blank_row(width - len(cells), line) for cells, line in zip(grid, lines, strict=True)]


class _PageReader:
    """Walks a page in document order: text outside tables → single-cell rows, tables → rows."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.tables = 0
        self._parts: list[str] = []
        self._line = 0

    def read(self, page: Tag) -> None:
        layout = _layout_tables(page)

        def data_table(tag: Tag) -> bool:
            return tag.name == "table" and id(tag) not in layout
        for event, node in page_events(page, whole=data_table):
            if event == WHOLE and isinstance(node, Tag):   # WHOLE events carry a tag
                self.end_line()
                self._read_table(node)
            elif event == TEXT:
                if not self._parts:
                    self._line = (node.parent.sourceline if node.parent else None) or self._line
                self._parts.append(str(node))
            elif node.name in _BLOCKS:
                self.end_line()

    def end_line(self) -> None:
        text = _SPACES.sub(" ", "".join(self._parts)).strip()
        self._parts = []
        row = trimmed_row([Cell(text, self._line)], self._line, None)
        if row is not None:
            self.rows.append(row)

    def _read_table(self, table: Tag) -> None:
        self.tables += 1
        caption = table.find("caption")
        if caption is not None and caption.find_parent("table") is table:
            self._parts.append(cell_text(caption))
            self._line = caption.sourceline or self._line
            self.end_line()
        trs = table_rows(table)
        lines = [tr.sourceline or table.sourceline or self._line for tr in trs]
        self.rows += rows_from_grid(table_grid(trs, lines), lines, f"table {self.tables}")
        if lines:
            self._line = lines[-1]


def _cells(tr: Tag) -> list[Tag]:
    """The <td>/<th> children of a row (a plain scan: bs4's find_all is slow on big tables)."""
    return [child for child in tr.children if isinstance(child, Tag) and child.name in ("td", "th")]


def _layout_tables(root: Tag) -> set[int]:
    """The ids of the <table>s below `root` that hold another table (page layout; the others
    hold data), found in one walk: asking each table for a table inside was quadratic in the
    nesting depth."""
    layout: set[int] = set()
    pending: list[tuple[Tag, Tag | None]] = [(root, None)]
    while pending:
        node, table = pending.pop()
        if node.name == "table":
            if table is not None:
                layout.add(id(table))
            table = node
        pending.extend((child, table) for child in node.children if isinstance(child, Tag))
    return layout


def _is_text(node: object) -> TypeGuard[NavigableString]:
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _span(value: object, whole: int = MAX_SPAN) -> int:
    """A rowspan/colspan attribute as a count of 1..MAX_SPAN; rowspan="0" spans the whole table."""
    try:
        span = int(str(value).strip())
    except ValueError:
        return 1
    if span == 0:
        return whole
    return max(1, min(span, MAX_SPAN))
