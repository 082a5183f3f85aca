"""Catalog vs detail (目录 vs 明细): which catalog entry describes which item.

Entries are paired with items by name similarity (the catalog and the detail table of one list
often word the same power a little differently), helped by an equal printed number and category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from kg.ingest.records import CatalogEntry, Item
from kg.validate.quotes import comparable

MAIN_SUB_MARKER = re.compile(r"[（(]\s*[主子]项\s*[)）]")   # 生育保险待遇核准支付（主项）——…（子项）
MIN_PAIR_SCORE = 60        # name similarity (0–100, bonuses included) below which nothing pairs
SAME_SEQ_BONUS = 15
SAME_CATEGORY_BONUS = 10


@dataclass(frozen=True)
class CatalogPairing:
    """Catalog entries paired with detail items, by index into the two lists given."""

    pairs: dict[int, int]                # item index → entry index
    entries_without_item: list[int]
    items_without_entry: list[int]


def item_names(item: Item) -> list[str]:
    """The names a catalog may use for an item: its name, its sub-item (子项), or both."""
    return [item.name] + ([item.sub_item, f"{item.name}{item.sub_item}"] if item.sub_item else [])


def name_key(name: str) -> str:
    """A name compared without whitespace, punctuation and the （主项）/（子项） markers."""
    return comparable(MAIN_SUB_MARKER.sub("", name))


def same_name(entry: CatalogEntry, item: Item) -> bool:
    """The entry names the item exactly, once whitespace, punctuation and markers are ignored."""
    return any(name_key(entry.name) == name_key(name) for name in item_names(item))


def pair_catalog(items: list[Item], entries: list[CatalogEntry]) -> CatalogPairing:
    """Pair every catalog entry with at most one item, best-scoring pairs first."""
    candidates = sorted(
        ((_pair_score(entry, item), e, i) for e, entry in enumerate(entries) for i, item in enumerate(items)),
        key=lambda candidate: -candidate[0],
    )
    pairs: dict[int, int] = {}
    paired_entries: set[int] = set()
    for score, e, i in candidates:
        if score < MIN_PAIR_SCORE:
            break
        if e in paired_entries or i in pairs:
            continue
        pairs[i] = e
        paired_entries.add(e)
    return CatalogPairing(
        pairs,
        [e for e in range(len(entries)) if e not in paired_entries],
        [i for i in range(len(items)) if i not in pairs],
    )


def _pair_score(entry: CatalogEntry, item: Item) -> float:
    score = max(fuzz.ratio(name_key(entry.name), name_key(name)) for name in item_names(item))
    if entry.seq and entry.seq == item.seq:
        score += SAME_SEQ_BONUS
    if entry.category_norm and entry.category_norm == item.category_norm:
        score += SAME_CATEGORY_BONUS
    return score
