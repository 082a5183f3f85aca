"""Header words → item fields (序号 → seq, 实施依据 → basis …), in any column order.

The words are data (data/lexicon/headers.yaml, which says how a label is read): the synonyms of
each field, the columns known and ignored (申请材料, 办理时限), and the head nouns a label not
listed is recognized by (执法事项名称 → name), with the prefixes that block them (责任事项依据 is
no basis).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.ingest.cleaning import compact
from kg.ingest.lexicon import load

IGNORED = "ignored"     # a known column that no item field holds

_LEXICON = load("headers")
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    field: tuple(words) for field, words in _LEXICON["fields"].items()}
_IGNORED_WORDS = frozenset(_LEXICON["ignored"])
_HEADS = sorted(((head, field) for field, heads in _LEXICON["heads"].items() for head in heads),
                key=lambda pair: -len(pair[0]))
_BLOCKED: dict[str, tuple[str, ...]] = {head: tuple(words) for head, words in _LEXICON["blocked"].items()}

# fields a list may print in several columns, all read: 设定依据 | 实施依据, 法律法规依据 | 规范性文件依据
SEVERAL_COLUMNS = frozenset({"basis"})

_FIELD_OF = {word: field for field, words in FIELD_SYNONYMS.items() for word in words}
KNOWN_LABELS = frozenset(_FIELD_OF) | _IGNORED_WORDS     # every label the lexicon names
_CONTAINED = sorted((word for word in _FIELD_OF if len(word) >= 4), key=len, reverse=True)
_NOISE = re.compile(r"[·•*＊:：、.。\-—_]")
_NOTE = re.compile(r"[（(][^）)]*[）)]$")

MIN_FIELDS = 3          # a header names at least this many known fields, one of them the name
MAX_HEADER_CHARS = 12   # longer cells are data, not column labels


@dataclass(frozen=True)
class Header:
    """A recognized header row: column index → field, for the columns it names."""

    columns: dict[int, str]
    line: int
    unknown: int = 0            # printed labels naming no known column

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.columns.values())

    @property
    def width(self) -> int:
        return max(self.columns) + 1

    @property
    def fit(self) -> tuple[int, int, int]:
        """How well the header fits a list: name and basis both named, then more fields, then
        fewer unknown labels (layout readers are ranked by it)."""
        return (int({"name", "basis"} <= self.fields), len(self.fields), -self.unknown)


@lru_cache(maxsize=8192)
def field_for(header_text: str) -> str | None:
    """The field a header cell names (职权\\n类别 → category, 实施依据（法律法规） → basis), IGNORED
    for a known column no field holds (申请材料), or None for an unknown label."""
    word = normalize_label(header_text)
    without_note = _NOTE.sub("", word)
    for candidate in (word, without_note):
        if candidate in _FIELD_OF:
            return _FIELD_OF[candidate]
        if candidate in _IGNORED_WORDS:
            return IGNORED
    if len(without_note) > MAX_HEADER_CHARS:
        return None
    contained = next((synonym for synonym in _CONTAINED if synonym in without_note), None)
    if contained:
        return _FIELD_OF[contained]
    return _by_head(without_note)


def _by_head(word: str) -> str | None:
    """The field whose head noun `word` ends with, unless a blocked prefix makes it another."""
    for head, field in _HEADS:
        if word.endswith(head) and len(word) > len(head):
            if word.startswith(_BLOCKED.get(head, ())):
                return None
            return field
    return None


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """A label as compared: NFKC, simplified script, no whitespace or punctuation, （）."""
    word = _NOISE.sub("", unicodedata.normalize("NFKC", compact(text)))
    if not _is_simplified(word):
        import zhconv  # its dictionary (and pkg_resources) only for a label that needs it

        word = zhconv.convert(word, "zh-cn")
    return word.replace("(", "（").replace(")", "）")


def _is_simplified(word: str) -> bool:
    """No traditional characters (GB2312 holds simplified characters only): the converter and
    its dictionary are only loaded for a label that needs them."""
    try:
        word.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=8192)
def could_be_header(text: str) -> bool:
    """A short label without digits: a header word, known or not (办理时限, 收费标准)."""
    if len(text) > 4 * MAX_HEADER_CHARS:
        return False
    word = normalize_label(text)
    return 0 < len(word) <= MAX_HEADER_CHARS and not any(c.isdigit() for c in word)


def recognize_header(cells: list[str], line: int) -> Header | None:
    """The Header these cells form, or None when they are not a header row.

    A header names the item's name and its basis (or the law it cites), however many other
    columns it prints that are unknown; or at least MIN_FIELDS known fields including the name,
    with at most a third of its printed cells labels of unknown columns. Unknown and ignored
    columns are not read; no cell may look like data. The first column naming a field wins,
    except for the basis (every 依据 column counts: 设定依据 and 实施依据 are both the item's
    basis); a header with a per-category number but no 序号 numbers its items by it.
    """
    columns: dict[int, str] = {}
    unknown = 0
    for index, text in enumerate(cells):
        if not text.strip():
            continue
        if not could_be_header(text):
            return None
        field = field_for(text)
        if field is None:
            unknown += 1
        elif field != IGNORED and (field not in columns.values() or field in SEVERAL_COLUMNS):
            columns[index] = field
    fields = set(columns.values())
    cited = "name" in fields and bool(fields & {"basis", "law"})
    if not cited and (len(fields) < MIN_FIELDS or "name" not in fields or 2 * unknown > len(columns)):
        return None
    if "seq" not in fields:
        columns = {i: "seq" if f == "category_seq" else f for i, f in columns.items()}
    return Header(columns=columns, line=line, unknown=unknown)


def complete_header(header: Header, labels: list[str], cells: list[str]) -> Header | None:
    """`header` completed by the second header row `cells` under it, or None if it is none.

    Two-row headers split a column group: 责任事项 over 环节 | 内容. A second row prints labels
    only, at least one a known header word, nothing under 序号 or the name. Each of its labels
    names its column: a known word its field, an unknown one the field of the group above it.
    """
    printed = {index: text for index, text in enumerate(cells) if text.strip()}
    if not printed or not all(could_be_header(text) for text in printed.values()):
        return None
    if not any(field_for(text) for text in printed.values()):
        return None
    if any(header.columns.get(index) in ("seq", "name") for index in printed):
        return None
    columns = dict(header.columns)
    for index, text in printed.items():
        field = field_for(text) or _group_field(header, labels, index)
        if field is None or field == IGNORED:
            continue
        for other in [i for i, f in columns.items() if f == field and i not in printed]:
            del columns[other]
        columns[index] = field
    return Header(columns=columns, line=header.line, unknown=header.unknown)


def _group_field(header: Header, labels: list[str], index: int) -> str | None:
    """The field of the label printed above `index`, or of the nearest one left of it (merged)."""
    for column in range(min(index, len(labels) - 1), -1, -1):
        if labels[column].strip():
            return header.columns.get(column)
    return None
