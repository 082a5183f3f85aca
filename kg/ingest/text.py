"""Text layouts of a list → Rows of cells with their source lines.

Each layout reader (a plug-in) turns the text into rows under header rows, or declines; the
readers whose header fits best win (kg.ingest.headers.Header.fit), the first listed on a tie:

* tab-separated or piped rows: one table row per line, cells separated by tabs or pipes (with or
  without a leading `|`, a trailing one allowed), a header wrapped over two lines joined;
  markdown headings (## …) and ruled separator rows (--- --- ---) as printed by exporters;
* one cell per line: text extracted from Word tables, where every cell starts a line with a tab,
  a cell's further lines follow without one, and rows are (mostly) separated by blank lines.
  The column count comes from the header rows; page footers and cut rows between them are kept
  as one-cell rows so that nothing is silently lost;
* page text (kg.ingest.flat): columns separated by spaces, run together, one cell per line
  ending in `|`, or one cell per line with no separator (a row starting at its number).

When none finds a header naming the item and its basis, the list is read from its labels
(kg.ingest.cards: key–value cards, document sections, basis labels).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kg.ingest.cards import labelled_rows
from kg.ingest.categories import parse_heading
from kg.ingest.cleaning import is_separator
from kg.ingest.flat import line_cell_rows, pipe_cell_rows, run_together_rows, spaced_rows
from kg.ingest.headers import could_be_header, field_for, recognize_header
from kg.ingest.records import Cell, Row
from kg.ingest.titles import is_title

_CELL_START = re.compile(r"^[ \u3000]*\t(.*)$")
_ONE_CELL_LINE = re.compile(r"^[ \u3000]*\t[^\t]*$")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
RANKED_ROWS = 400          # rows of each reading whose headers rank it

Layout = Callable[[list[str]], "list[Row] | None"]


def rows_of_text(text: str) -> list[Row]:
    """The rows of a text list, in order, each with its first (and last) source line."""
    lines = text.split("\n")
    best: tuple[tuple[int, int, int], list[Row]] | None = None
    for layout in LAYOUTS:
        rows = layout(lines)
        fit = _best_fit(rows) if rows else None
        if rows and fit is not None and (best is None or fit > best[0]):
            best = (fit, rows)
    if best is None or best[0][0] == 0:
        labelled = labelled_rows(lines)
        if labelled:
            return labelled
    return best[1] if best else _delimited_rows(lines)


def _tabbed_rows(lines: list[str]) -> list[Row]:
    if _is_cell_per_line(lines):
        return _cell_per_line_rows(lines)
    return _delimited_rows(lines)


def _best_fit(rows: list[Row]) -> tuple[int, int, int] | None:
    """The fit of the best header among the first rows, None without a header."""
    fits = [header.fit for row in rows[:RANKED_ROWS] if len(row.cells) > 2
            if (header := recognize_header([cell.text for cell in row.cells], row.line))]
    return max(fits, default=None)


def _is_cell_per_line(lines: list[str]) -> bool:
    tabbed = [line for line in lines if "\t" in line]
    one_cell = sum(1 for line in tabbed if _ONE_CELL_LINE.match(line))
    return one_cell > len(tabbed) - one_cell


def _delimited_rows(lines: list[str]) -> list[Row]:
    """One row per line; a line that completes a short row under a header continues its last
    cell (a line break printed inside a cell); a header wrapped over two lines is joined."""
    rows: list[Row] = []
    width = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        texts = [text.strip() for text in _cells_of(line)]
        if is_separator(texts):
            continue
        header = recognize_header(texts, number)
        previous = rows[-1] if rows and not header else None
        if previous and not width and (wrapped := _wrapped_header(previous, texts, line, number)):
            rows[-1] = wrapped
            width = len(wrapped.cells)
            continue
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


def _cells_of(line: str) -> list[str]:
    """The cells of a delimited line: between pipes (| a | b |, a|b|c, a|b|) or tabs."""
    stripped = line.strip()
    if stripped.count("|") >= 2 or (stripped.count("|") == 1 and "|" in stripped[1:-1]):
        return stripped.removeprefix("|").removesuffix("|").split("|")
    if "\t" in line:
        return line.split("\t")
    return [_MARKDOWN_HEADING.sub("", line)]


def _wrapped_header(previous: Row, texts: list[str], printed: str, line: int) -> Row | None:
    """The header printed over `previous` and the line `printed`: each label continued below it
    (实施| over 依据|), or the row's last labels on the second line; None when they form none."""
    above = [cell.text for cell in previous.cells]
    if len(above) < 2 or not all(could_be_header(text) for text in above + texts if text):
        return None
    candidates = [[*above[:-1], above[-1] + texts[0], *texts[1:]], above + texts]
    below = [text.strip() for text in printed.strip().removesuffix("|").split("|")]
    for cells in (texts, below):        # ||类别|依据|: empty cells under the first labels
        if len(cells) == len(above):
            candidates.insert(0, [a + b for a, b in zip(above, cells, strict=True)])
    for labels in candidates:
        if recognize_header(labels, previous.line) and not recognize_header(above, previous.line):
            return Row(cells=[Cell(label, previous.line) for label in labels], line=previous.line,
                       last_line=line)
    return None


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
    for fragment, next_cell in zip(fragments, next_cells, strict=True):
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


LAYOUTS: tuple[Layout, ...] = (_tabbed_rows, pipe_cell_rows, spaced_rows, run_together_rows, line_cell_rows)
