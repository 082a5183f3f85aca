"""OCR damage: flag fields whose characters are scrambled or stutter; never repair or drop them.

Two signs, both measured on the five seeds (bench/RESULTS.md, section "ingest"):

* scrambled characters (a vertically set cell read out of order): few of the name's character
  pairs occur in legal Chinese — the bundled statute texts (data/statutes/texts) and the list's
  own basis, duties and accountability texts. On the seeds and on clean lists of other layouts,
  clean names keep ≥ 0.73 of their pairs there, scrambled ones ≤ 0.41. The statute texts make
  the reference independent of the list's size: a short clean list is not flagged for lack of
  its own text;
* stutter (OCR looping): one fragment printed three or more times in a row (不是不是不是).
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import cache, lru_cache
from operator import add

from kg.ingest.records import Item
from kg.paths import STATUTES

MIN_KNOWN_PAIRS = 0.55     # share of a name's character pairs found in the list's other texts
MIN_PAIRS = 4              # shorter names carry too little evidence either way

_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
# A fragment of 2–8 Chinese characters repeated at least twice more. The lookahead (its first
# character recurs after 1–7 more and the separators) only rules out starts early: a third faster.
_STUTTER = re.compile(r"(?=([\u4e00-\u9fff])[\u4e00-\u9fff]{1,7}[\s,，、;；.。]*\1)"
                      r"([\u4e00-\u9fff]{2,8})(?:[\s,，、;；.。]*\2){2,}")


def flag_garbled(items: list[Item]) -> None:
    """Add ocr-garbled-name / ocr-garbled-basis flags to the items of one list."""
    legal = (legal_character_pairs(),)
    own_pairs: set[str] | None = None         # the list's own pairs: read only if a name needs them
    for item in items:
        garbled = stutters(item.name)
        if not garbled and scrambled(item.name, legal):
            if own_pairs is None:
                own_pairs = _own_pairs(items)
            garbled = scrambled(item.name, (*legal, own_pairs))
        if garbled:
            item.flags.append("ocr-garbled-name")
        if stutters(item.basis):
            item.flags.append("ocr-garbled-basis")


def _own_pairs(items: list[Item]) -> set[str]:
    """Adjacent character pairs of the list's basis, duties and accountability texts, each
    distinct text read once (lists repeat the same duties on every item). Pairs across
    punctuation are kept: they never match a pair of Chinese characters."""
    texts = {text for item in items for text in (item.basis, item.duties, item.accountability) if text}
    pairs: set[str] = set()
    for text in texts:
        pairs.update(map(add, text, text[1:]))
    return pairs


@cache
def legal_character_pairs() -> frozenset[str]:
    """Character pairs of the bundled statute texts: a reference of well-formed legal Chinese."""
    pairs: set[str] = set()
    for text_file in sorted(STATUTES.glob("texts/*/*.md")):
        pairs.update(character_pairs(text_file.read_text(encoding="utf-8")))
    return frozenset(pairs)


def character_pairs(text: str) -> list[str]:
    """Adjacent pairs of Chinese characters, not across punctuation or spaces."""
    pairs: list[str] = []
    for run in _NOT_CJK.split(text):
        pairs.extend(map(add, run, run[1:]))
    return pairs


def scrambled(text: str, references: tuple[Container[str], ...]) -> bool:
    """Too few of the text's character pairs occur in any of the reference pair sets."""
    pairs = character_pairs(text)
    if len(pairs) < MIN_PAIRS:
        return False
    known = sum(any(pair in reference for reference in references) for pair in pairs)
    return known / len(pairs) < MIN_KNOWN_PAIRS


@lru_cache(maxsize=4096)
def stutters(text: str) -> bool:
    """A fragment repeated three or more times in a row."""
    return bool(_STUTTER.search(text))
