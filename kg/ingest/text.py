"""Text layouts of a list → Rows of cells with their source lines.

Two layouts are read:

* delimited rows: one table row per line, cells separated by tabs (or markdown pipes);
  markdown headings (## …) and ruled separator rows (--- --- ---) as printed by exporters;
* one cell per line: text extracted from Word tables, where every cell starts a line with a tab,
  a cell's further lines follow without one, and rows are (mostly) separated by blank lines.
  The column count comes from the header rows; page footers and cut rows between them are kept
  as one-cell rows so that nothing is silently lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from kg.ingest.categories import parse_heading
from kg.ingest.cleaning import is_separator
from kg.ingest.headers import could_be_header, field_for, recognize_header
from kg.ingest.records import Cell, Row
from kg.ingest.titles import is_title

_CELL_START = re.compile(r"^[ \u3000]*\t(.*)$")
_ONE_CELL_LINE = re.compile(r"^[ \u3000]*\t[^\t]*$")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")


def rows_of_text(text: str) -> list[Row]:
    """The rows of a text list, in order, each with its first (and last) source line."""
    lines = text.split("\n")
    if _is_cell_per_line(lines):
        return _cell_per_line_rows(lines)
    return _delimited_rows(lines)


def _is_cell_per_line(lines: list[str]) -> bool:
    tabbed = [line for line in lines if "\t" in line]
    one_cell = sum(1 for line in tabbed if _ONE_CELL_LINE.match(line))
    return one_cell > len(tabbed) - one_cell


def _delimited_rows(lines: list[str]) -> list[Row]:
    """One row per line; a line that completes a short row under a header continues its last
    cell (a line break printed inside a cell)."""
    rows: list[Row] = []
    width = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            texts = stripped.strip("|").split("|")
        elif "\t" in line:
            texts = line.split("\t")
        else:
            texts = [_MARKDOWN_HEADING.sub("", line)]
        texts = [text.strip() for text in texts]
        if is_separator(texts):
            continue
        header = recognize_header(texts, number)
        previous = rows[-1] if rows and not header else None
        if (previous and 1 < len(previous.cells) < width and len(previous.cells) + len(texts) - 1 <= width
                and not _stands_alone(texts[0])):
            last = previous.cells[-1]
            previous.cells[-1] = Cell(f"{last.text}\n{texts[0]}", last.line)
            previous.cells.extend(Cell(text, number) for text in texts[1:])
            previous.last_line = number
            continue
        if header:
            width = header.width
        rows.append(Row(cells=[Cell(text, number) for text in texts], line=number))
    return rows


def _stands_alone(text: str) -> bool:
    """A title or a category heading: never the continuation of a cell."""
    return is_title(text) or parse_heading(text) is not None


@dataclass
class _Fragment:
    """A cell (a line starting with a tab, plus its following lines) or loose text lines."""

    lines: list[str]
    line: int
    last_line: int
    is_cell: bool
    after_blank: bool           # a blank line precedes it: usually a row boundary
    header_width: int = 0       # > 0 on the first cell of a header row
    absorbed: list[str] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return "\n".join(self.lines).strip()

    def append(self, other: _Fragment) -> None:
        """Take `other`'s lines as further lines of this cell, blank lines between kept."""
        self.lines.extend([""] * (other.line - self.last_line - 1) + other.lines)
        self.last_line = other.last_line
        self.__dict__.pop("text", None)


def _fragments(lines: list[str]) -> list[_Fragment]:
    fragments: list[_Fragment] = []
    blank = False
    for number, line in enumerate(lines, 1):
        cell = _CELL_START.match(line)
        if cell:
            fragments.append(_Fragment([cell.group(1).strip("\t")], number, number, True, blank))
            blank = False
        elif not line.strip():
            blank = True
        elif fragments and not blank:
            fragments[-1].lines.append(line)
            fragments[-1].last_line = number
        else:
            fragments.append(_Fragment([line], number, number, False, blank))
            blank = False
    return fragments


def _mark_headers(fragments: list[_Fragment]) -> None:
    """Set header_width on the first cell of every run of cells that forms a header row.

    A run is a stretch of label-like cells without a blank line inside, from a known header word.
    """
    start = 0
    while start < len(fragments):
        if not (fragments[start].is_cell and field_for(fragments[start].text)):
            start += 1
            continue
        end = start + 1
        while (end < len(fragments) and fragments[end].is_cell and not fragments[end].after_blank
               and could_be_header(fragments[end].text)):
            end += 1
        run = fragments[start:end]
        if recognize_header([f.text for f in run], run[0].line):
            run[0].header_width = len(run)
            start = end
        else:
            start += 1


def _attach_loose_text(fragments: list[_Fragment]) -> list[_Fragment]:
    """Text lines after a blank line continue the cell before them, unless a title of a table.

    They are a title (kept loose) when a header row follows them or no cell precedes them.
    """
    next_cells: list[_Fragment | None] = []       # the first cell after each fragment
    following: _Fragment | None = None
    for fragment in reversed(fragments):
        next_cells.append(following)
        following = fragment if fragment.is_cell else following
    next_cells.reverse()
    kept: list[_Fragment] = []
    for fragment, next_cell in zip(fragments, next_cells):
        is_title = next_cell is None or next_cell.header_width > 0
        if not fragment.is_cell and not is_title and kept and kept[-1].is_cell:
            kept[-1].append(fragment)
        else:
            kept.append(fragment)
    return kept


def _cell_per_line_rows(lines: list[str]) -> list[Row]:
    fragments = _fragments(lines)
    _mark_headers(fragments)
    fragments = _attach_loose_text(fragments)
    rows: list[Row] = []
    width = 0
    pending: list[_Fragment] = []    # cells of whole blank-separated groups, not yet a full row
    pending_groups = 0
    group: list[_Fragment] = []

    def flush() -> None:
        """Cells that never completed a row: one cut row (a page end), else loose lines."""
        nonlocal pending, pending_groups
        if pending_groups == 1 and 2 * len(pending) >= width:
            rows.append(_row(pending))
        else:
            rows.extend(_loose_row(f) for f in pending)
        pending, pending_groups = [], 0

    def close_group() -> None:
        nonlocal pending, pending_groups, group
        if not group:
            return
        if len(pending) + len(group) > width:
            flush()
        pending += group
        pending_groups += 1
        group = []
        while width and len(pending) >= width:
            rows.append(_row(pending[:width]))
            pending = pending[width:]
            pending_groups = 1 if pending else 0

    index = 0
    while index < len(fragments):
        fragment = fragments[index]
        if fragment.header_width:
            close_group()
            flush()
            width = fragment.header_width
            rows.append(_row(fragments[index:index + width]))
            index += width
            continue
        if not fragment.is_cell or not width:
            close_group()
            flush()
            rows.append(_loose_row(fragment))
        else:
            if fragment.after_blank:
                close_group()
            group.append(fragment)
        index += 1
    close_group()
    flush()
    return [row for row in rows if any(cell.text for cell in row.cells)]


def _row(fragments: list[_Fragment]) -> Row:
    return Row(cells=[Cell(f.text, f.line) for f in fragments], line=fragments[0].line,
               last_line=max(f.last_line for f in fragments))


def _loose_row(fragment: _Fragment) -> Row:
    return _row([fragment])
