"""The ten standard categories of powers (权力类别) and the loose spellings lists use for them
(data/lexicon/categories.yaml)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.ingest.cleaning import collapse, compact
from kg.ingest.lexicon import load
from kg.ingest.titles import NUMERAL, number

_LEXICON = load("categories")
STANDARD_CATEGORIES: tuple[str, ...] = tuple(_LEXICON["standard"])
OTHER: str = _LEXICON["other"]["category"]
_OTHER_SPELLINGS = frozenset(lead + (tail or "") for lead in _LEXICON["other"]["leads"]
                             for tail in _LEXICON["other"]["tails"])
_SYNONYMS: dict[str, str] = dict(_LEXICON["synonyms"])


def normalize_category(printed: str | None) -> str | None:
    """The standard category `printed` spells, or None when it is not recognizably one.

    Accepted: the standard name; 其他/其它 + 职权/权力/权利…; another province's name for it
    (行政监督检查); a trailing 类 (行政处罚类); the name without 政 or 行政 (行处罚, 处罚 — OCR drops
    characters); the name's characters in another order (行处政罚 — OCR of vertically set
    cells). Anything else is not guessed.
    """
    text = unicodedata.normalize("NFKC", compact(printed))
    if not text:
        return None
    candidates = [text, text.removesuffix("类")]
    for candidate in candidates:
        if candidate in STANDARD_CATEGORIES:
            return candidate
        if candidate in _OTHER_SPELLINGS:
            return OTHER
        if candidate in _SYNONYMS:
            return _SYNONYMS[candidate]
    for standard in STANDARD_CATEGORIES[:-1]:
        core = standard.removeprefix("行政")
        if text in (core, "行" + core) or sorted(text) == sorted(standard):
            return standard
    if sorted(text) == sorted(OTHER):
        return OTHER
    return None


_NAMED_IN_TITLE = re.compile("|".join(sorted(
    [*STANDARD_CATEGORIES[:-1], *(spelling for spelling in _OTHER_SPELLINGS if "权" in spelling)],
    key=len, reverse=True)))


def category_in_title(text: str) -> str | None:
    """The category a table title or sheet name is about (权责清单（行政处罚类、共3项） → 行政处罚)."""
    found = _NAMED_IN_TITLE.search(compact(text))
    return found.group(0) if found else None


# 二、行政处罚（2项） / 二、行政处罚 共 3 项 / 十、其他职权
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*(?P<category>[^（(\d共]+?)\s*"
    r"(?:[（(]\s*(?:共\s*)?(?P<count>" + NUMERAL + r")\s*个?项\s*[)）]"
    r"|共\s*(?P<count2>" + NUMERAL + r")\s*个?项)?\s*$")


MAX_HEADING_CHARS = 120    # 二、行政处罚（2项）, spaces and a long category name included


@dataclass(frozen=True)
class Heading:
    """A category heading row inside a table, with the count it declares."""

    category: str
    declared_count: int | None


def parse_heading(text: str) -> Heading | None:
    """The category heading `text` is (二、行政处罚（2项）), or None.

    A heading names a known category or declares a count, so that a numbered sentence is not
    mistaken for one.
    """
    if len(text) > MAX_HEADING_CHARS:       # a row of cells, not a heading: never collapsed
        return None
    found = _HEADING.match(collapse(text))
    if not found:
        return None
    category = found.group("category").strip()
    count = found.group("count") or found.group("count2")
    if count is None and normalize_category(category) is None:
        return None
    return Heading(category=category, declared_count=number(count) if count else None)


_FUSED_NUMBER = re.compile(r"^(?P<category>\D+?)\s*(?P<number>\d+)$")


def split_fused_number(printed: str | None) -> tuple[str, str] | None:
    """(category, number) of a category cell with the item's number run into it (行政许可1 →
    行政许可, 1), or None when it is none."""
    found = _FUSED_NUMBER.match(unicodedata.normalize("NFKC", compact(printed)))
    if not found or normalize_category(found.group("category")) is None:
        return None
    return found.group("category"), found.group("number")
