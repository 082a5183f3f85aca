"""Rows of detail tables → Items: continuation rows merged, 办理环节 rows folded, sub-items split.

An item may be printed over several rows: one per 办理环节 (the number and name only on the
first), or continued over a page break repeating its number and name. A row continues the
current item when every identifying cell it prints (序号, 名称, 子项, 编码) equals the item's; a
row printing a different one starts a new item, even without a number (numbers get lost in OCR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.categories import category_in_title, normalize_category, parse_heading, split_fused_number
from kg.ingest.cleaning import collapse, compact
from kg.ingest.records import BASIS_AS_ABOVE, UNREADABLE, UNREADABLE_TEXT, Item, Row
from kg.ingest.tables import FieldCell, Table, field_cells, field_values, filled_down, is_loose, row_text, values_of

IDENTITY = ("seq", "name", "sub_item", "code", "sub_code")
# 生育保险待遇核准支付（主项）——生育医疗费支付（子项）
_SUB_ITEM = re.compile(r"[（(]主项[）)]\s*(?:——|—|--|－－|-)\s*(?P<sub>.+)$")
_SUB_MARK = re.compile(r"\s*[（(]子项[）)]")
# a basis cell that only says "as above" (同上, 同前, 同上一事项): the basis of the item above
_AS_ABOVE = re.compile(r"^(?:(?:实施|设定|法律)?依据[:：]?)?同(?:上|前)(?:一?(?:事?项|栏))?[。.；;]?$")
# 备注 holding the responsible office: 基金监管科, 参保登记科 …
_OFFICE = re.compile(r"^[\u4e00-\u9fff、，,或及和与]{2,30}(?:科|股|室|处|中心|局|所|站|办|队|组)$")


@dataclass(frozen=True)
class _BasisCell:
    """One basis cell of an item: its text, its column and the lines its row spans."""

    text: str
    column: int
    first_line: int
    last_line: int


@dataclass
class _Draft:
    """The rows of one item gathered so far."""

    rows: list[dict[str, str]] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0
    context_category: str | None = None
    category_column: bool = False        # its table prints a category column (maybe empty here)
    sheet: str | None = None
    basis_cells: list[_BasisCell] = field(default_factory=list)
    basis_as_above: bool = False         # its basis cell printed 同上: the basis of the item above

    def first(self, name: str) -> str | None:
        return next((values[name] for values in self.rows if values.get(name)), None)

    def every(self, name: str) -> list[str]:
        return [values[name] for values in self.rows if values.get(name)]

    def main_item(self) -> dict[str, str]:
        """What a 子项 row printed without number and name shares with the row above it."""
        return {key: value for key in ("seq", "name", "category", "agency")
                if (value := self.first(key))}

    def continued_by(self, values: dict[str, str]) -> bool:
        printed = [key for key in IDENTITY if values.get(key)]
        return all(compact(values[key]) == compact(self.first(key)) for key in printed)


def assemble_items(tables: list[Table], source: str, list_agency: str | None) -> list[Item]:
    """The items of the detail tables, in document order.

    An item without a category column takes it from the category heading above it (二、行政处罚),
    else from its table's title (权责清单（行政处罚类）), else from its sheet's name.
    """
    drafts: list[_Draft] = []
    current: _Draft | None = None
    previous_header = None
    for table in tables:
        if previous_header is not None and table.header.columns != previous_header.columns:
            current = None
        previous_header = table.header
        office_in_remarks = _remarks_are_offices(table)
        context_category = next(filter(None, (category_in_title(row_text(r)) for r in table.preamble)), None)
        for row in table.rows:
            heading = parse_heading(row_text(row))
            if heading:
                context_category, current = heading.category, None
                continue
            if is_loose(row):
                continue
            cells = field_cells(row, table.header)
            values = values_of(cells)
            if office_in_remarks and values.get("remarks"):
                values["department"] = values.pop("remarks")
            if not values:
                continue
            if current is None or not current.continued_by(values):
                if current is not None and values.get("sub_item") and not values.keys() & {"seq", "name"}:
                    values = {**current.main_item(), **values}      # 子项 row under its 主项
                category = context_category or category_in_title(row.sheet or "")
                current = _Draft(first_line=row.line, context_category=category, sheet=row.sheet,
                                 category_column="category" in table.header.fields)
                drafts.append(current)
            else:   # a cell merged over the item's rows is printed once
                for name in filled_down(row, table.header):
                    values.pop(name, None)
            current.rows.append(values)
            current.last_line = max(current.last_line, row.end_line)
            if values.keys() & {"basis", "law"}:
                _add_basis_cells(current, drafts, row, _with_law(cells))
    return [_item(draft, source, list_agency) for draft in drafts]


def _with_law(cells: list[FieldCell]) -> list[FieldCell]:
    """The row's basis cells, each after the law the row names in a column of its own (法规规章 |
    依据条款: 《某某条例》 | 第十三条第二款：…), so that the cite stage reads the bare provisions as
    that law's; a law column with no basis column beside it is the basis. The title gets 《》
    unless printed with them; a basis cell naming the law itself is left as printed."""
    laws = [cell for cell in cells if cell.field == "law"]
    if not laws:
        return cells
    bases = [cell for cell in cells if cell.field == "basis"]
    if not bases:
        return [FieldCell(law.column, "basis", law.text, law.line) for law in laws]
    law = laws[0]
    title = law.text if "《" in law.text else f"《{collapse(law.text)}》"
    named = compact(title).strip("《》")
    ordered: list[FieldCell] = []
    for cell in cells:
        if cell.field == "basis" and named not in compact(cell.text):
            ordered.append(FieldCell(law.column, "basis", title, law.line))
        if cell.field != "law":
            ordered.append(cell)
    return ordered


def _add_basis_cells(current: _Draft, drafts: list[_Draft], row: Row, cells: list[FieldCell]) -> None:
    """The row's basis cells, each with the line it starts on (a list may print the basis in
    several columns: 设定依据 | 实施依据); a cell repeating one already read adds nothing."""
    printed = {compact(cell.text) for cell in current.basis_cells}
    for cell in cells:
        if cell.field != "basis" or (cell.line < row.line and current.rows[:-1]):   # merged over its rows
            continue
        text: str | None = cell.text
        if _AS_ABOVE.match(compact(cell.text)):
            text = _basis_above(cell.text, cell.column, drafts, current)
        if text and compact(text) not in printed:
            current.basis_cells.append(_BasisCell(text, cell.column, cell.line, row.end_line))
            printed.add(compact(text))


def _basis_above(printed: str, column: int, drafts: list[_Draft], current: _Draft) -> str | None:
    """What a 同上 basis cell stands for: nothing on a row continuing an item that has its basis
    in this column, else what the item above on the same sheet has in this column (itself maybe
    a 同上), else the cell as printed."""
    if any(cell.column == column for cell in current.basis_cells):
        return None
    above = drafts[-2] if len(drafts) > 1 else None        # drafts[-1] is the current item
    basis = "\n".join(cell.text for cell in above.basis_cells if cell.column == column) if above else ""
    if above is None or not basis or above.sheet != current.sheet or _AS_ABOVE.match(compact(basis)):
        return printed                                       # nothing above says what it is
    current.basis_as_above = True
    return basis


def _item(draft: _Draft, source: str, list_agency: str | None) -> Item:
    name = collapse(draft.first("name"))
    sub_item = collapse(draft.first("sub_item")) or _sub_item_in(name)
    seq = collapse(draft.first("seq")) or None
    printed = collapse(draft.first("category"))
    # a category column left empty stays empty, its category known from the heading or sheet
    category = printed or (None if draft.category_column else draft.context_category)
    if fused := split_fused_number(category):      # 行政许可1: the category and the item's number
        category, number = fused
        seq = seq or number
    category_norm = normalize_category(category or draft.context_category)
    flags = []
    if not name:
        flags.append("missing-name")
    if not category:
        flags.append("missing-category")
    elif category_norm is None:
        flags.append("unknown-category")
    if draft.basis_as_above:
        flags.append(BASIS_AS_ABOVE)
    if any(UNREADABLE in value for values in draft.rows for value in values.values()):
        flags.append(UNREADABLE_TEXT)
    return Item(
        source=source,
        seq=seq,
        name=name,
        sub_item=sub_item,
        category=category,
        category_norm=category_norm,
        code=collapse(draft.first("sub_code") or draft.first("code")) or None,
        agency=collapse(draft.first("agency")) or list_agency,
        department=_distinct(draft.every("department"), "、"),
        basis="\n".join(cell.text for cell in draft.basis_cells),
        duties=_duties(draft),
        accountability=_distinct(draft.every("accountability"), "\n"),
        lines=(draft.first_line, draft.last_line),
        sheet=draft.sheet,
        flags=flags,
        basis_lines=_basis_offsets(draft),
    )


def _basis_offsets(draft: _Draft) -> tuple[tuple[int, int, int], ...]:
    """(offset in the joined basis, first line, last line) of each basis cell of the item."""
    offsets, offset = [], 0
    for cell in draft.basis_cells:
        offsets.append((offset, cell.first_line, max(cell.first_line, cell.last_line)))
        offset += len(cell.text) + 1                              # the "\n" joining the cells
    return tuple(offsets)


def _sub_item_in(name: str) -> str | None:
    found = _SUB_ITEM.search(name)
    if not found:
        return None
    return _SUB_MARK.sub("", found.group("sub")).strip() or None


def _duties(draft: _Draft) -> str | None:
    """责任事项 of every 办理环节 row, each after its step name (立案：1.立案责任…)."""
    lines = []
    for values in draft.rows:
        duty = values.get("duties")
        step = collapse(values.get("step"))
        if duty:
            lines.append(f"{step}：{duty}" if step else duty)
    return "\n".join(lines) or None


def _distinct(texts: list[str], separator: str) -> str | None:
    """Texts printed on several rows, each once, collapsed (办理环节 rows repeat the office)."""
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(compact(text), collapse(text) if separator != "\n" else text)
    return separator.join(seen.values()) or None


def _remarks_are_offices(table: Table) -> bool:
    """备注 holds the responsible office when the table has no office column and every 备注
    printed is an office name."""
    if "department" in table.header.fields or "remarks" not in table.header.fields:
        return False
    remarks = [collapse(values["remarks"]) for values in
               (field_values(row, table.header) for row in table.rows) if values.get("remarks")]
    return bool(remarks) and all(_OFFICE.match(remark) for remark in remarks)
