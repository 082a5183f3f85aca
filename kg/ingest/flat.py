"""Tables flattened into page text → Rows: what a web page's table becomes when copied as text.

Three layouts, each read into rows under one header row, so that the rest of ingest reads them as
any table:

* columns separated by single spaces (`序号 实施部门 事项名称 事项类型 设定依据`), a label maybe
  spaced out itself (`序  号`);
* columns run together with no separator (`序号事项名称责任科室执法类型实施依据`), the header cut
  into known labels;
* one cell per line, each ending in `|`.

A data row of the first two is cut into cells at typed anchors: its number, a category word, the
first 【level】, 《 or `1.` that starts its basis. Lines that do not start a row (a number first)
continue the row above: a basis printed over several lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.cite.lexicon import level_name
from kg.ingest.categories import normalize_category, parse_heading, split_fused_number
from kg.ingest.cleaning import compact, is_separator
from kg.ingest.headers import KNOWN_LABELS, Header, could_be_header, field_for, normalize_label, recognize_header
from kg.ingest.records import Cell, Row
from kg.ingest.titles import is_title

MIN_CATEGORY_CHARS, MAX_CATEGORY_CHARS = 4, 8   # 行政许可 … 其他行政权力, with a number
MAX_SPACED_GAP, MAX_RUN_GAP = 20, 5              # row numbers a list may skip
MAX_LABEL_TOKENS = 4        # a label spaced out over at most this many tokens (实  施  依  据)
MAX_RUN_HEADER = 80         # characters of a run-together header line
_ROW_START_SPACED = re.compile(r"^\s*(?P<seq>\d{1,5})(?:\s+|$)")
_ROW_START_RUN = re.compile(r"^\s*(?P<seq>\d{1,5})(?=[^\d.、．,，)）:：\s])")
# where the basis starts: a level tag (one data/lexicon/levels.yaml names, not 【2019】 of a
# document number), a numbered entry before a tag or title, a title
_LEVEL_TAG = re.compile(r"【\s*[^】]{1,8}\s*】")
_NUMBERED_ENTRY = re.compile(r"(?<![\d第])\d{1,2}[.、．](?=\s*[【《])")
_TITLE_OPEN = re.compile(r"《")
_TAG_BEFORE = re.compile(r"<[a-zA-Z/][^<>]{0,200}>\s*$")
# a title inside an item's name (对违反《…》行为的处罚) follows one of these words
_NAME_TITLE_LEAD = ("违反", "依照", "按照", "根据", "依据", "执行", "实施", "未按", "未依照", "未按照", "落实")
# a short cell after the basis (县级, 某某局), never a provision of it (第十二条)
_AFTER_BASIS_CELL = re.compile(r"^(?!.*第[一二三四五六七八九十百千零〇\d]+[条款项章节])[^《》【】\s。；;，,：:]{1,15}$")


def spaced_rows(lines: list[str]) -> list[Row] | None:
    """Rows of a table whose columns are separated by spaces; None without such a header."""
    return _anchored_rows(lines, _spaced_header, _ROW_START_SPACED, _spaced_cells, MAX_SPACED_GAP)


def run_together_rows(lines: list[str]) -> list[Row] | None:
    """Rows of a table printed without separators; None without such a header."""
    return _anchored_rows(lines, _run_header, _ROW_START_RUN, _run_cells, MAX_RUN_GAP)


def _next_number(number: int, last: int, gap: int, text: str) -> bool:
    """A row number starting a row: any number for the first row under a header (lists number
    on from another table: 4160), then the next one, 1 (numbering anew), or a little further on
    (numbers skipped); a run-together row only with its basis or category on the line, so that
    a basis line such as 4日内… never starts one."""
    if last and number not in (last + 1, 1) and not last < number <= last + gap:
        return False
    return gap == MAX_SPACED_GAP or _basis_start(text, 1) is not None or any(
        is_category_word(text[i:i + size]) for size in (4, 5, 6) for i in range(0, min(len(text), 12)))


def _anchored_rows(lines: list[str], header_of, row_start: re.Pattern, cells_of, gap: int) -> list[Row] | None:
    """Rows under each header `header_of` finds: a row from a line starting with its number (see
    _next_number) over the lines continuing it, cut into cells by `cells_of`; titles, headings and
    lines before a header as one-cell rows."""
    rows: list[Row] = []
    header: Header | None = None
    labels: list[str] = []
    draft: list[tuple[int, str]] = []           # (line number, text) of the row being read
    last_seq = 0

    def close() -> None:
        if draft and header is not None:
            rows.append(_row(cells_of(header, labels, draft), draft))
        draft.clear()

    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or "\t" in text or is_separator(text.split()):
            continue
        found = header_of(text, number)
        if found is not None:
            close()
            header, labels = found
            last_seq = 0
            rows.append(Row(cells=[Cell(label, number) for label in labels], line=number))
            continue
        if header is None or (is_title(text) and not row_start.match(text)) or parse_heading(text):
            close()
            rows.append(Row(cells=[Cell(text, number)], line=number))
            continue
        numbered = row_start.match(text)
        starts = header.columns.get(0) != "seq" or bool(
            numbered and _next_number(int(numbered.group("seq")), last_seq, gap, text))
        if starts:
            close()
            last_seq = int(numbered.group("seq")) if numbered else last_seq
        if draft or starts:
            draft.append((number, text))
        else:
            rows.append(Row(cells=[Cell(text, number)], line=number))
    close()
    return rows if any(len(row.cells) > 1 for row in rows) else None


def _row(cells: dict[int, Cell], draft: list[tuple[int, str]]) -> Row:
    width = max(cells, default=0) + 1
    first, last = draft[0][0], draft[-1][0]
    return Row(cells=[cells.get(i, Cell("", first)) for i in range(width)], line=first,
               last_line=last if last > first else None)


def _spaced_header(text: str, line: int) -> tuple[Header, list[str]] | None:
    tokens = text.split()
    if len(tokens) < 3 or not all(could_be_header(token) for token in tokens):
        return None
    labels: list[str] = []
    index = 0
    while index < len(tokens):
        # a label spaced out (序  号, 实  施  依  据, 事项 名称): its parts unknown or all of its field
        end = next((stop for stop in range(min(len(tokens), index + MAX_LABEL_TOKENS), index + 1, -1)
                    if normalize_label(joined := "".join(tokens[index:stop])) in KNOWN_LABELS
                    and all(field_for(part) in (None, field_for(joined)) for part in tokens[index:stop])),
                   index + 1)
        labels.append("".join(tokens[index:end]))
        index = end
    header = recognize_header(labels, line)
    return (header, labels) if header is not None and len(labels) >= 3 else None


def _run_header(text: str, line: int) -> tuple[Header, list[str]] | None:
    if len(text) > MAX_RUN_HEADER or any(char.isspace() for char in text):
        return None
    labels = segment_labels(text)
    if labels is None or len(labels) < 3:
        return None
    header = recognize_header(labels, line)
    return (header, labels) if header is not None else None


@lru_cache(maxsize=1024)
def segment_labels(text: str) -> list[str] | None:
    """`text` cut into known column labels (序号事项名称实施依据 → 序号 | 事项名称 | 实施依据), the
    fewest labels first; None when it is not made of them."""
    word = compact(text)
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 12), end):
            prefix = best[start]
            if prefix is not None and word[start:end] in KNOWN_LABELS:
                known = best[end]
                if known is None or len(prefix) + 1 < len(known):
                    best[end] = [*prefix, word[start:end]]
    return best[-1]


def _columns(header: Header) -> list[tuple[int, str]]:
    return sorted(header.columns.items())


def _basis_start(text: str, after: int = 0) -> int | None:
    """Where the basis starts in a row's text: its first 【level】, else a numbered entry before a
    tag or title, else the first 《 that is not part of the name (对违反《…》行为的处罚)."""
    level = next((found for found in _LEVEL_TAG.finditer(text, after) if level_name(found.group())), None)
    numbered = _NUMBERED_ENTRY.search(text, after)
    anchors = [found.start() for found in (level, numbered) if found]
    start = min(anchors) if anchors else next(
        (found.start() for found in _TITLE_OPEN.finditer(text, after)
         if not text[:found.start()].endswith(_NAME_TITLE_LEAD)), None)
    while start is not None and (tag := _TAG_BEFORE.search(text, 0, start)):
        start = tag.start()             # markup opening the basis cell (<p>【法律】…) is the basis's
    return start


def _split_category(text: str) -> tuple[str, str | None]:
    """(rest, category) of a row's text before its basis: the category word at its start, else
    at its end (1行政处罚对…的处罚 / 1某某登记行政许可)."""
    sizes = range(min(MAX_CATEGORY_CHARS, len(text) - 1), MIN_CATEGORY_CHARS - 1, -1)
    for size in sizes:
        if is_category_word(text[:size]):
            return text[size:].strip(), text[:size]
    for size in sizes:
        if is_category_word(text[-size:]):
            return text[:-size].strip(), text[-size:]
    return text, None


def is_category_word(text: str) -> bool:
    """A category spelled in full (行政许可, 其他职权, 行政许可1 with its number), not a word a
    name ends with (处罚)."""
    return len(text) >= MIN_CATEGORY_CHARS and bool(normalize_category(text) or split_fused_number(text))


def _place(header: Header, line: int, seq: str | None, front: list[str], category: str | None,
           basis: str, basis_line: int, back: list[str]) -> dict[int, Cell]:
    """Cells of a row by column: the number, the cells before the basis in column order (the name
    taking what is left over), the category, the basis, the cells after it."""
    columns = _columns(header)
    cells: dict[int, Cell] = {}
    basis_index = next((i for i, f in columns if f == "basis"), None)
    if seq is not None and columns and columns[0][1] == "seq":
        cells[columns[0][0]] = Cell(seq, line)
    if category is not None:
        category_index = next((i for i, f in columns if f == "category"), None)
        if category_index is not None:
            cells[category_index] = Cell(category, line)
    before = [i for i, f in columns if i not in cells and f != "basis"
              and (basis_index is None or i < basis_index)]
    after = [i for i, f in columns if i not in cells and f != "basis"
             and basis_index is not None and i > basis_index]
    name_index = next((i for i, f in columns if f == "name"), None)
    if len(front) > len(before) and name_index in before:
        extra = len(front) - len(before) + 1
        at = before.index(name_index)
        front = [*front[:at], " ".join(front[at:at + extra]), *front[at + extra:]]
    order = sorted(before, key=lambda i: (i != name_index, i)) if len(front) < len(before) else before
    for index, text in zip(order, front, strict=False):
        cells[index] = Cell(text, line)
    for index, text in zip(after[::-1], back[::-1], strict=False):
        cells[index] = Cell(text, line)
    if basis_index is not None and basis:
        cells[basis_index] = Cell(basis, basis_line)
    return cells


def _spaced_cells(header: Header, labels: list[str], draft: list[tuple[int, str]]) -> dict[int, Cell]:
    line, first = draft[0]
    tokens = first.split()
    continued = [text for _, text in draft[1:]]
    columns = _columns(header)
    if len(tokens) == len(labels) and not continued and all(
            _AFTER_BASIS_CELL.match(token) for token in tokens[_basis_column(columns) + 1:]):
        return {index: Cell(tokens[index], line) for index, _ in columns if index < len(tokens)}
    seq = None
    if columns and columns[0][1] == "seq" and tokens and tokens[0].isdigit():
        seq, tokens = tokens[0], tokens[1:]
    joined = " ".join(tokens)
    start = _basis_start(joined, 1)
    if start is not None:       # the basis cell starts with the token the anchor is in (某厅《…》)
        start = joined.rfind(" ", 0, start) + 1 or start
    front_text, basis_text = (joined[:start], joined[start:]) if start is not None else (joined, "")
    front = front_text.split()
    category = None
    for position, token in enumerate(front):
        if is_category_word(token) and any(f == "category" for _, f in columns):
            category = front.pop(position)
            break
    back: list[str] = []
    after_count = sum(1 for i, f in columns if f != "basis" and i > _basis_column(columns))
    basis_tokens = basis_text.split(" ") if basis_text else []
    while basis_tokens and len(back) < after_count and _AFTER_BASIS_CELL.match(basis_tokens[-1]) \
            and len(basis_tokens) > 1:
        back.insert(0, basis_tokens.pop())
    basis_column = _basis_column(columns)
    before_count = sum(1 for i, f in columns if i < basis_column and f not in ("seq", "category"))
    if not basis_text:      # the basis on the lines below: what follows the name is after it
        while len(front) > before_count and len(back) < after_count and _AFTER_BASIS_CELL.match(front[-1]):
            back.insert(0, front.pop())
    basis = "\n".join(part for part in [" ".join(basis_tokens), *continued] if part)
    basis_line = line if basis_tokens else (draft[1][0] if len(draft) > 1 else line)
    return _place(header, line, seq, front, category, basis, basis_line, back)


def _basis_column(columns: list[tuple[int, str]]) -> int:
    return next((i for i, f in columns if f == "basis"), len(columns))


def _run_cells(header: Header, labels: list[str], draft: list[tuple[int, str]]) -> dict[int, Cell]:
    line, first = draft[0]
    found = _ROW_START_RUN.match(first)
    seq = found.group("seq") if found else None
    text = first[found.end():] if found else first
    start = _basis_start(text, 1)
    front_text, basis_text = (text[:start], text[start:]) if start is not None else (text, "")
    front_text, category = _split_category(front_text.strip())
    basis = "\n".join(part for part in [basis_text, *(t for _, t in draft[1:])] if part)
    basis_line = line if basis_text else (draft[1][0] if len(draft) > 1 else line)
    return _place(header, line, seq, [front_text] if front_text else [], category, basis, basis_line, [])


def pipe_cell_rows(lines: list[str]) -> list[Row] | None:
    """Rows of a table printed one cell per line, each cell ending in `|` (a cell may run over
    several lines); None when the text is not printed so."""
    ending = [line for line in lines if line.strip().endswith("|")]
    printed = [line for line in lines if line.strip()]
    if not ending or 2 * len(ending) < len(printed) or any(line.count("|") > 1 for line in ending):
        return None
    cells: list[tuple[str, int, int]] = []      # (text, first line, last line)
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if not pending and not line.strip().endswith("|") and (is_title(line) or parse_heading(line)):
            cells.append((line.strip(), number, number))      # a title or heading between cells
            continue
        pending.append((number, line.strip()))
        if line.strip().endswith("|"):
            text = "\n".join(part for _, part in pending).removesuffix("|").strip()
            cells.append((text, pending[0][0], number))
            pending = []
    rows: list[Row] = []
    width = 0
    index = 0
    while index < len(cells):
        header_width = _header_run(cells, index)
        if header_width:
            width = header_width
            rows.append(_cells_row(cells[index:index + width]))
            index += width
            continue
        text = cells[index][0]
        if not width or is_title(text) or parse_heading(text):
            rows.append(_cells_row(cells[index:index + 1]))
            index += 1
            continue
        rows.append(_cells_row(cells[index:index + width]))
        index += width
    return rows if width else None


def _header_run(cells: list[tuple[str, int, int]], index: int) -> int:
    """The width of the header row starting at cells[index], or 0 when none starts there."""
    if not field_for(cells[index][0]):
        return 0
    end = index + 1
    while end < len(cells) and could_be_header(cells[end][0]) and field_for(cells[end][0]) != "seq":
        end += 1
    for stop in range(end, index + 2, -1):
        if recognize_header([text for text, _, _ in cells[index:stop]], cells[index][1]):
            return stop - index
    return 0


def _cells_row(cells: list[tuple[str, int, int]]) -> Row:
    return Row(cells=[Cell(text, first) for text, first, _ in cells], line=cells[0][1],
               last_line=max(last for _, _, last in cells))


_NUMBER_LINE = re.compile(r"^\s*(?P<seq>\d{1,5})\s*[.、．]?\s*$")


def line_cell_rows(lines: list[str]) -> list[Row] | None:
    """Rows of a table copied one cell per line with no separator at all (a web page's cells as
    blocks): a header of one known label a line, then rows, each starting at its number alone on
    a line; a row's lines beyond its columns are its basis's further lines. None without such a
    header or without a number column."""
    rows: list[Row] = []
    header: Header | None = None
    width = last_seq = 0
    draft: list[tuple[int, str]] = []

    def close() -> None:
        if draft and header is not None:
            rows.append(_row(_line_cells(header, width, draft), draft))
        draft.clear()

    printed = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
    if any("\t" in text or "|" in text for _, text in printed[:200]):
        return None
    index = 0
    while index < len(printed):
        number, text = printed[index]
        run = _label_run(printed, index)
        if run:
            close()
            header = recognize_header([t for _, t in printed[index:index + run]], number)
            width, last_seq = run, 0
            rows.append(Row(cells=[Cell(t, n) for n, t in printed[index:index + run]], line=number))
            index += run
            continue
        index += 1
        numbered = _NUMBER_LINE.match(text)
        if header is not None and numbered and _next_number(int(numbered.group("seq")), last_seq,
                                                            MAX_SPACED_GAP, text):
            close()
            last_seq = int(numbered.group("seq"))
            draft.append((number, numbered.group("seq")))
        elif header is not None and draft and not (is_title(text) or parse_heading(text)):
            draft.append((number, text))
        else:
            close()
            rows.append(Row(cells=[Cell(text, number)], line=number))
    close()
    return rows if header is not None and any(len(row.cells) > 1 for row in rows[1:]) else None


def _label_run(printed: list[tuple[int, str]], index: int) -> int:
    """The number of lines from `index` that form a header with 序号 first, one label a line."""
    if field_for(printed[index][1]) != "seq":
        return 0
    end = index + 1
    while end < len(printed) and field_for(printed[end][1]) not in (None, "seq"):
        end += 1
    header = recognize_header([text for _, text in printed[index:end]], printed[index][0])
    return end - index if header is not None and end - index >= 3 else 0


def _line_cells(header: Header, width: int, draft: list[tuple[int, str]]) -> dict[int, Cell]:
    """Cells of a row printed one a line: its number, then one line per column, the basis column
    taking the lines left over (its text printed over several lines)."""
    (line, seq), rest = draft[0], draft[1:]
    cells = {0: Cell(seq, line)}
    columns = list(range(1, width))
    basis = next((i for i in columns if header.columns.get(i) == "basis"), None)
    if len(rest) > len(columns) and basis is not None:
        before, after = columns[:columns.index(basis)], columns[columns.index(basis) + 1:]
        tail = list(rest[len(before):][-len(after):]) if after else []
        while tail and not _AFTER_BASIS_CELL.match(tail[0][1]):
            tail.pop(0)
        middle = rest[len(before):len(rest) - len(tail)]
        for index, (number, text) in zip(before, rest, strict=False):
            cells[index] = Cell(text, number)
        cells[basis] = Cell("\n".join(text for _, text in middle), middle[0][0]) if middle else Cell("", line)
        for index, (number, text) in zip(after[len(after) - len(tail):], tail, strict=True):
            cells[index] = Cell(text, number)
        return cells
    for index, (number, text) in zip(columns, rest, strict=False):
        cells[index] = Cell(text, number)
    return cells
