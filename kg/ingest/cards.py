"""Lists printed without a grid → Rows under one made-up header row.

Two forms, and what is left of a list when neither is whole:

* key–value cards: one field a line, the label first (`事项名称 某某登记⏎权力类别 行政确认⏎设定依据
  1.【法律】…`); a card starts at the item's name;
* document sections: `一、行政许可(共3项)` headings, an item per numbered heading (`(一)某某登记`),
  its fields as labelled lines (`法律依据:《某某条例》⏎第五条:“…”`);
* anything else: an item wherever a basis label is printed, named by the line above it.

A label is any word the header lexicon knows (data/lexicon/headers.yaml); a field's value runs on
over the lines below it until the next label or item. Each item becomes one row whose cells keep
the lines they start on; category headings stay rows of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.categories import parse_heading
from kg.ingest.headers import FIELD_SYNONYMS, IGNORED, field_for
from kg.ingest.records import Cell, Row
from kg.ingest.titles import is_title

_LABEL_LINE = re.compile(r"^\s*(?P<label>[^\s:：]{2,12}?)\s*(?:[:：]\s*|\s+)(?P<value>.*)$")
_LABEL_ONLY = re.compile(r"^\s*(?P<label>[^\s:：]{2,12})\s*[:：]?\s*$")
_ITEM_HEADING = re.compile(r"^\s*(?:[（(](?P<paren>[一二三四五六七八九十百\d]{1,4})[）)]"
                           r"|(?P<dot>\d{1,4})\s*[.、．]|(?P<cn>[一二三四五六七八九十百]{1,4})\s*、)\s*(?P<name>\S.*)$")
_CITES = re.compile(r"[《【]|第[一二三四五六七八九十百千零〇\d]+条")
MAX_NAME_CHARS = 60     # a line naming the item below it is no longer than this
FIELD_ORDER = ("seq", "name", "sub_item", "category", "code", "agency", "department", "level", "law",
               "basis", "remarks")


@dataclass
class _Card:
    """One item as read so far: field → (text lines, first line), in the order printed."""

    line: int
    last_line: int
    values: dict[str, tuple[list[str], int]] = field(default_factory=dict)

    def set(self, name: str, text: str, line: int) -> None:
        lines, first = self.values.get(name, ([], line))
        self.values[name] = ([*lines, text] if text else lines, first)
        self.last_line = max(self.last_line, line)


def labelled_rows(lines: list[str]) -> list[Row] | None:
    """Rows of a list printed as cards, sections or labelled lines; None when no item has a name
    and a basis."""
    cards: list[_Card] = []
    loose: list[tuple[int, Row]] = []      # (position among cards, Row) of headings and titles
    current: _Card | None = None
    open_field: str | None = None
    above: tuple[int, str] | None = None       # the last unlabelled line: an item's name
    for number, text in enumerate(lines, 1):
        text = text.strip()
        if not text:
            continue
        label, value = _label(text)
        if label is None:
            heading = parse_heading(text)
            if heading or (is_title(text) and open_field is None):
                loose.append((len(cards), Row(cells=[Cell(text, number)], line=number)))
                current = None if heading else current
                open_field = above = None
                continue
            item = _ITEM_HEADING.match(text)
            names_next = _next_is_label(lines, number) and not _CITES.search(text)
            if item and (names_next or (open_field != "basis" and not _CITES.search(text))):
                current = _Card(number, number)
                cards.append(current)
                _name_card(current, number, text)
                open_field = above = None
            elif current is not None and open_field and not (names_next and len(text) <= MAX_NAME_CHARS):
                current.set(open_field, text, number)
            else:
                open_field, above = None, (number, text)
            continue
        starts_item = label == "name" or (
            label == "basis" and above is not None
            and (current is None or "basis" in current.values or above[0] > current.last_line))
        if starts_item:
            current = _Card(number if label == "name" or above is None else above[0], number)
            cards.append(current)
            if label != "name" and above is not None:
                _name_card(current, *above)
        open_field = None if label == IGNORED else label
        if current is not None and open_field:
            current.set(open_field, value, number)
        above = None
    cards = [card for card in cards if "name" in card.values and "basis" in card.values]
    if not cards:
        return None
    return _rows(cards, loose)


def _label(text: str) -> tuple[str | None, str]:
    """(field, value) of a labelled line (设定依据：…, 事项名称 某某登记), or (None, '')."""
    found = _LABEL_LINE.match(text) or _LABEL_ONLY.match(text)
    if not found:
        return None, ""
    name = field_for(found.group("label"))
    return (name, found.groupdict().get("value") or "") if name else (None, "")


def _next_is_label(lines: list[str], number: int) -> bool:
    following = next((line for line in lines[number:] if line.strip()), "")
    return _label(following.strip())[0] is not None


def _name_card(card: _Card, line: int, text: str) -> None:
    """The card's number and name from its heading line (（一）某某登记, 1.某某登记)."""
    found = _ITEM_HEADING.match(text)
    if found:
        card.set("seq", found.group("paren") or found.group("dot") or found.group("cn"), line)
        text = found.group("name")
    card.set("name", text.strip(), line)


def _rows(cards: list[_Card], loose: list[tuple[int, Row]]) -> list[Row]:
    present = [name for name in FIELD_ORDER if any(name in card.values for card in cards)]
    header_line = cards[0].line
    header = Row(cells=[Cell(FIELD_SYNONYMS[name][0], header_line) for name in present], line=header_line)
    rows: list[Row] = []
    headings = iter(loose)
    pending = next(headings, None)
    for position, card in enumerate(cards):
        while pending is not None and pending[0] <= position:
            rows.append(pending[1])
            pending = next(headings, None)
        if position == 0:
            rows.append(header)
        cells = []
        for name in present:
            texts, first = card.values.get(name, ([], card.line))
            cells.append(Cell("\n".join(texts), first))
        rows.append(Row(cells=cells, line=card.line, last_line=card.last_line))
    rows.extend(row for _, row in ([pending] if pending else []) + list(headings))
    return rows
