"""Page layouts of a PDF list (ruled tables and loose text, by the text layer or by OCR) → Rows.

Both PDF readers (kg.ingest.pdf for a text layer, kg.ingest.ocr_pdf for scans) reduce a page to
glyphs (characters with boxes, in points from the top left) and ruled cells; this module turns
them into the Rows every format produces, so header mapping and item assembly are shared:

* a cell's text: its glyphs in lines; a line that is full to the cell's right edge runs on into
  the next (wrapped: nothing between them), a shorter one ends with a line break;
* merged cells follow kg.ingest.grid: a cell merged over rows is repeated in each, keeping the
  line of its first row; over columns it is read once, in its first column;
* across pages: the header a table repeats at the top of each page is skipped, and a row the page
  break cut in two (its second part prints nothing in a column where the first part's text did
  not run to the cell's bottom) is joined into one row;
* text outside tables: one one-cell row per paragraph (titles, 共N项 counts, page footers).

`Row.line` numbers the document's rows and paragraphs in order, over all pages; `Row.page` is the
page (1-based) a row starts on. `page_of_lines` maps every line to its page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz

from kg.ingest.cleaning import compact
from kg.ingest.headers import field_for, recognize_header
from kg.ingest.records import Cell, Row

SAME_HEADER_SIMILARITY = 85  # % (rapidfuzz ratio) of a page's top rows to the table's header
MAX_HEADER_ROWS = 3      # a header is printed over at most this many rows (a two-level header: 2)
EDGE_TOLERANCE = 2.0     # points: ruling lines this close are one edge
NO_LINE_START = frozenset("，。、；：？！）》〉」』”’〕】〗］｝…,.;:?!)]}%")   # never begin a printed line
NO_LINE_END = frozenset("（《〈「『“‘〔【〖［｛([{")                         # never end one
SENTENCE_END = frozenset("。；;")
_ENUMERATED = re.compile(r"\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、")
QUOTES = frozenset("“”‘’\"'")                                      # bind to both sides


@dataclass(frozen=True)
class Glyph:
    """One character as printed, with its box in points (top-down coordinates)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    turned: int = 0        # turned a quarter: 1 reads downwards (clockwise), -1 upwards, 0 upright

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def size_across(self) -> float:
        return max(self.x1 - self.x0, 1.0)


@dataclass
class PieceCell:
    """A cell of a table piece: its text, the piece row its (merged) cell starts on, whether the
    text runs to the cell's bottom edge (a page break may have cut it), and its first and last
    printed lines and where a full line ends (to tell how its rest on the next page joins it)."""

    text: str
    origin: int
    fills_bottom: bool = False
    first_line: list[Glyph] = field(default_factory=list)
    last_line: list[Glyph] = field(default_factory=list)
    right: float = 0.0


@dataclass
class TablePiece:
    """The part of a ruled table printed on one page: rows of cells, as wide as its columns."""

    top: float
    rows: list[list[PieceCell]]


@dataclass
class TextBlock:
    """A paragraph outside tables."""

    top: float
    text: str


@dataclass
class PageLayout:
    """One page: its tables and paragraphs, top to bottom."""

    number: int
    blocks: list[TablePiece | TextBlock] = field(default_factory=list)


def page_layout(number: int, cell_groups: list[list[tuple[float, float, float, float]]],
                glyphs: list[Glyph]) -> PageLayout:
    """The layout of page `number` from the cell boxes of its tables and its glyphs."""
    blocks: list[TablePiece | TextBlock] = []
    outside = list(glyphs)
    for cells in cell_groups:
        x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        inside = [g for g in outside if _inside(g, (x0, top, x1, bottom))]
        outside = [g for g in outside if not _inside(g, (x0, top, x1, bottom))]
        blocks.append(table_piece(cells, inside))
    blocks += text_blocks(outside)
    blocks.sort(key=lambda block: block.top)
    return PageLayout(number, blocks)


def closing_lines(edges: list[dict]) -> list[dict]:
    """Horizontal lines that close tables a page break left open: where two or more vertical
    rules end at the same height without a horizontal rule there (a row cut by the page end
    printed without its bottom border, or its rest on the next page without a top border)."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    loose: list[tuple[float, float]] = []                 # (height, x) of vertical rule ends
    for edge in (e for e in edges if e["orientation"] == "v"):
        for y in (edge["top"], edge["bottom"]):
            if not any(abs(h["top"] - y) <= EDGE_TOLERANCE
                       and h["x0"] - EDGE_TOLERANCE <= edge["x0"] <= h["x1"] + EDGE_TOLERANCE
                       for h in horizontal):
                loose.append((y, edge["x0"]))
    lines = []
    for group in _groups(sorted(loose)):
        if len(group) >= 2:
            y, x0, x1 = group[0][0], min(x for _, x in group), max(x for _, x in group)
            lines.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1,
                          "top": y, "bottom": y, "width": x1 - x0, "height": 0})
    return lines


def _groups(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    groups: list[list[tuple[float, float]]] = []
    for point in points:
        if groups and point[0] - groups[-1][-1][0] <= EDGE_TOLERANCE:
            groups[-1].append(point)
        else:
            groups.append([point])
    return groups


def table_piece(cells: list[tuple[float, float, float, float]], glyphs: list[Glyph]) -> TablePiece:
    """The grid of one table's cells (boxes, merged ones spanning several rows or columns)."""
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    spans = [(_index(ys, c[1]), _index(ys, c[3]), _index(xs, c[0]), _index(xs, c[2])) for c in cells]
    owner: dict[tuple[int, int], int] = {}
    for number, (r0, r1, c0, c1) in enumerate(spans):
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), number)
    by_cell: list[list[Glyph]] = [[] for _ in cells]
    for glyph in glyphs:
        r = bisect_right(ys, (glyph.top + glyph.bottom) / 2) - 1
        c = bisect_right(xs, (glyph.x0 + glyph.x1) / 2) - 1
        if (r, c) in owner:
            by_cell[owner[(r, c)]].append(glyph)
    height, width = max(len(ys) - 1, 0), max(len(xs) - 1, 0)
    rows = [[PieceCell("", r) for _ in range(width)] for r in range(height)]
    for number, (r0, r1, c0, c1) in enumerate(spans):
        if r1 <= r0 or c1 <= c0:
            continue
        cell = cell_text(by_cell[number], cells[number], r0)
        for r in range(r0, r1):             # merged over rows: the same cell in each (grid.py)
            rows[r][c0] = cell
    return TablePiece(top=min(c[1] for c in cells), rows=rows)


def cell_text(glyphs: list[Glyph], box: tuple[float, float, float, float], origin: int) -> PieceCell:
    """The cell of `glyphs` in `box`, its (merged) cell starting on piece row `origin`."""
    turned = [g for g in glyphs if g.turned]
    if 2 * len(turned) > len(glyphs):
        return PieceCell(turned_text(turned), origin)
    lines = text_lines(glyphs)
    if not lines:
        return PieceCell("", origin)
    x0, top, x1, bottom = box
    padding = max(0.0, min(line[0].x0 for line in lines) - x0)
    right = x1 - padding
    text = _joined(lines, right)
    gap_above = lines[0][0].top - top if lines[0] else 0.0
    last = lines[-1]
    last_bottom = max(g.bottom for g in last)
    size = max(g.size for g in last)
    fills_bottom = bottom - last_bottom <= max(gap_above, 0.0) + 0.8 * size
    return PieceCell(text, origin, fills_bottom, lines[0], last, right)


def turned_text(glyphs: list[Glyph]) -> str:
    """Text set sideways in a cell (a merged cell's label turned to fit its height): columns of
    glyphs, read down and right to left when turned clockwise, up and left to right otherwise."""
    downwards = sum(g.turned for g in glyphs) > 0
    columns: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if columns and glyph.x0 < max(g.x1 for g in columns[-1]) - 0.5 * glyph.size_across:
            columns[-1].append(glyph)
        else:
            columns.append([glyph])
    if downwards:
        columns.reverse()
    return "".join("".join(g.text for g in sorted(column, key=lambda g: g.top, reverse=not downwards))
                   for column in columns).strip()


def text_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines (a glyph whose middle lies within a line's height is on it),
    top to bottom, each line left to right."""
    lines: list[list[Glyph]] = []
    bounds: list[tuple[float, float]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        middle = (glyph.top + glyph.bottom) / 2
        if bounds and bounds[-1][0] <= middle <= bounds[-1][1]:
            lines[-1].append(glyph)
            bounds[-1] = (min(bounds[-1][0], glyph.top), max(bounds[-1][1], glyph.bottom))
        else:
            lines.append([glyph])
            bounds.append((glyph.top, glyph.bottom))
    stripped = [_strip_spaces(sorted(line, key=lambda g: g.x0)) for line in lines]
    return [line for line in stripped if line]


def _strip_spaces(line: list[Glyph]) -> list[Glyph]:
    """A line without the blank glyphs at its ends (a typesetter leaves a space at a break)."""
    start, end = 0, len(line)
    while start < end and not line[start].text.strip():
        start += 1
    while end > start and not line[end - 1].text.strip():
        end -= 1
    return line[start:end]


def text_blocks(glyphs: list[Glyph]) -> list[TextBlock]:
    """Paragraphs of loose text: lines closer than a line's height are one paragraph."""
    blocks: list[TextBlock] = []
    group: list[list[Glyph]] = []
    for line in text_lines(glyphs):
        top, size = min(g.top for g in line), max(g.size for g in line)
        if group and top - max(g.bottom for g in group[-1]) > 0.8 * size:
            blocks.append(_text_block(group))
            group = []
        group.append(line)
    if group:
        blocks.append(_text_block(group))
    return [block for block in blocks if block.text]


def _text_block(lines: list[list[Glyph]]) -> TextBlock:
    right = max(line[-1].x1 for line in lines)
    return TextBlock(top=min(g.top for g in lines[0]), text=_joined(lines, right))


def _joined(lines: list[list[Glyph]], right: float) -> str:
    """Lines of one cell or paragraph: a full line runs on into the next, a shorter one ends."""
    parts: list[str] = []
    for index, line in enumerate(lines):
        parts.append(_line_text(line))
        if index + 1 < len(lines):
            parts.append(_line_break(line, lines[index + 1], right))
    return "\n".join(part.strip() for part in "".join(parts).split("\n")).strip()


def _line_break(line: list[Glyph], following: list[Glyph], right: float) -> str:
    """What stands between two printed lines: nothing when the first is full (what starts the
    next would not have fitted, or may not be split from the line's end), a space where a Latin
    word was broken at one, else a line break."""
    remaining = right - line[-1].x1
    if line[-1].text in SENTENCE_END and _ENUMERATED.match(_line_text(following[:4])):
        return "\n"                        # 。 then 2. / （二） / 三、: a new numbered entry
    if (remaining < _first_unit_width(following) + 0.3 * line[-1].size
            or following[0].text in NO_LINE_START or line[-1].text in NO_LINE_END
            or following[-1].text in NO_LINE_END):   # 〔 alone on a line: a run too wide to fit
        # a Latin word broken at a space leaves room for a character; cut inside, none
        between_words = (_word_char(line[-1].text[-1:]) and _word_char(following[0].text[:1])
                         and remaining > following[0].x1 - following[0].x0)
        return " " if between_words else ""
    return "\n"


def _line_text(line: list[Glyph]) -> str:
    """A line's glyphs; a space where the printed gap between two Latin words shows one."""
    out = [line[0].text]
    for before, glyph in pairwise(line):
        gap = glyph.x0 - before.x1
        if (gap > 0.25 * glyph.size and before.text != " " and glyph.text != " "
                and (_word_char(before.text[-1:]) or _word_char(glyph.text[:1]))):
            out.append(" ")
        out.append(glyph.text)
    return "".join(out)


def _first_unit_width(line: list[Glyph]) -> float:
    """The width of what a line starts with that could not have ended the line above: a Latin
    word or number, or a character with the punctuation that may not be split from it (，。》
    after it; “《〔 before the next character; quotation marks both ways: 条：“县 and 〔2019〕
    move down whole)."""
    first = line[0]
    end, index = first.x1, 1
    while index < len(line) and _bound(line[index - 1], line[index]):
        end, index = line[index].x1, index + 1
    width = end - first.x0
    return width + 0.25 * first.size if _word_char(line[index - 1].text[-1:]) else width


def _bound(before: Glyph, after: Glyph) -> bool:
    """No line may break between the two glyphs."""
    return (before.text in NO_LINE_END or before.text in QUOTES or after.text in NO_LINE_START
            or after.text in QUOTES
            or (_word_char(before.text[-1:]) and _word_char(after.text[:1])
                and after.x0 - before.x1 <= 0.25 * after.size))


def _word_char(char: str) -> bool:
    return bool(char) and char.isascii() and char.isalnum()


def _inside(glyph: Glyph, box: tuple[float, float, float, float]) -> bool:
    x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _edges(values: list[float]) -> list[float]:
    """Distinct edge positions, values within EDGE_TOLERANCE of each other taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


# ---- pages → rows ------------------------------------------------------------------------------

@dataclass
class _OpenRow:
    """The last table row emitted, kept so that a row the page break cut can be joined to it."""

    cells: list[PieceCell]
    row: Row
    width: int


def rows_of_pages(pages: list[PageLayout]) -> tuple[list[Row], dict[int, int]]:
    """The rows of every page in order, and the page of every line."""
    rows: list[Row] = []
    page_of: dict[int, int] = {}
    line = 0
    header: list[tuple[str, ...]] = []       # the texts of the last table header seen
    printed_header: list[str] = []           # its first row as printed
    open_row: _OpenRow | None = None
    for page in pages:
        first_piece = True
        for block in page.blocks:
            if isinstance(block, TextBlock):
                line += 1
                page_of[line] = page.number
                rows.append(Row(cells=[Cell(block.text, line)], line=line, page=page.number))
                continue
            width = len(block.rows[0]) if block.rows else 0
            skip = 0
            if first_piece and header and _same_header(_texts(block.rows[:len(header)]), header):
                skip = len(header)                    # the header repeated at the top of the page
            elif taken := _header_rows(block.rows):
                header = _texts(block.rows[:taken])
                printed_header = [c.text for c in block.rows[0]]
            continued = (first_piece and open_row is not None and skip < len(block.rows)
                         and open_row.width == width and _continues(open_row.cells, block.rows[skip]))
            first_piece = False
            line_of: dict[int, int] = {}              # piece row → its line
            for index in range(skip, len(block.rows)):
                cells = block.rows[index]
                line += 1
                page_of[line] = page.number
                if index == skip and continued and open_row is not None:
                    _join(open_row, cells, line)
                    line_of[index] = open_row.row.line
                    continue
                line_of[index] = line
                texts = [c.text for c in cells]
                if header and len(texts) == len(printed_header) and _same_header(_texts([cells]), header[:1]):
                    texts = printed_header            # the header again, as OCR may misread it
                row = _trimmed([Cell(text, line_of.get(c.origin, line)) for text, c in zip(texts, cells, strict=True)],
                               line, page.number)
                if row is not None:
                    rows.append(row)
                    open_row = _OpenRow(list(cells), row, width)
    return rows, page_of


def _trimmed(cells: list[Cell], line: int, page: int) -> Row | None:
    last = max((i for i, cell in enumerate(cells) if cell.text), default=-1)
    if last < 0:
        return None
    return Row(cells=cells[: last + 1], line=line, page=page)


def _header_rows(rows: list[list[PieceCell]]) -> int:
    """How many rows the header at a table's top takes (0: the table starts without one): the
    first row recognized as a header, and below it the rows of a two-level header, whose own
    cells all name fields (设定依据 | 实施依据 under a merged 依据)."""
    for index, cells in enumerate(rows[:MAX_HEADER_ROWS]):
        if recognize_header([c.text for c in cells], 0):
            end = index + 1
            while end < len(rows) and _names_fields(rows[end], end):
                end += 1
            return end
    return 0


def _names_fields(cells: list[PieceCell], index: int) -> bool:
    own = [c.text for c in cells if c.origin == index and c.text]
    return bool(own) and all(field_for(text) for text in own)


def _same_header(rows: list[tuple[str, ...]], header: list[tuple[str, ...]]) -> bool:
    """The rows print the header again (as OCR reads it: a character may differ)."""
    return len(rows) == len(header) and all(
        fuzz.ratio("|".join(row), "|".join(printed)) >= SAME_HEADER_SIMILARITY
        for row, printed in zip(rows, header, strict=True))


def _texts(rows: list[list[PieceCell]]) -> list[tuple[str, ...]]:
    return [tuple(compact(c.text) for c in cells) for cells in rows]


def _continues(before: list[PieceCell], after: list[PieceCell]) -> bool:
    """`after` (a page's first row) is the rest of `before` (the previous page's last row), cut by
    the page break: it prints something, and only where `before`'s text ran to the cell's bottom."""
    printed = [i for i, cell in enumerate(after) if cell.text]
    return bool(printed) and all(i < len(before) and before[i].text and before[i].fills_bottom
                                 for i in printed)


def _join(open_row: _OpenRow, cells: list[PieceCell], line: int) -> None:
    """Append the second part of a cut row to its first part, column by column."""
    joined = []
    for before, after in zip(open_row.cells, cells, strict=False):
        if not after.text:
            joined.append(before)
            continue
        separator = _line_break(before.last_line, after.first_line, before.right) \
            if before.last_line and after.first_line else "\n"
        joined.append(PieceCell(before.text + separator + after.text, before.origin,
                                after.fills_bottom, before.first_line, after.last_line, after.right))
    open_row.cells = joined
    row = open_row.row
    row.cells = [Cell(c.text, row.cells[i].line if i < len(row.cells) else row.line)
                 for i, c in enumerate(joined)]
    while row.cells and not row.cells[-1].text:
        row.cells.pop()
    row.last_line = line
