"""The code pattern of one list (事项编码: length, prefix, character classes, category segment).

A list's codes follow one scheme (e.g. 4105030039B0001: region, agency, category letter, serial).
The scheme is learned from the list's own codes, never assumed, so that a code unlike the others
(a digit where all others have a letter, a foreign prefix, five characters missing) stands out.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from confusable_homoglyphs import confusables

MIN_CODES = 5            # fewer codes than this show no pattern
MAX_DEVIANT_SHARE = 0.1  # a norm holds when at most this share of codes (and at least one) break it
MIN_PREFIX = 4


@dataclass(frozen=True)
class Lookalike:
    """A non-ASCII character in a code that looks like an ASCII one (Cyrillic Н for H)."""

    character: str
    name: str        # Unicode name, e.g. CYRILLIC CAPITAL LETTER EN
    looks_like: str  # the ASCII character it imitates


@dataclass(frozen=True)
class CodePattern:
    """What most codes of a list share; None where the codes share nothing reliable."""

    length: int | None
    prefix: str | None
    shape: str | None   # character classes of a typical code: d digit, A letter, x other


@dataclass(frozen=True)
class CategorySegment:
    """A slice of the code that names the category (…0039B0001: B = 行政处罚)."""

    start: int
    end: int
    categories: dict[str, str]   # segment value → category (normalized)


def lookalikes(code: str) -> list[Lookalike]:
    """Characters of `code` that imitate ASCII letters or digits (homoglyphs)."""
    found = []
    for hit in confusables.is_confusable(code, greedy=True, preferred_aliases=["latin", "common"]) or []:
        ascii_forms = [g["c"] for g in hit["homoglyphs"] if g["c"].isascii() and g["c"].isalnum()]
        if ascii_forms and not hit["character"].isascii():
            found.append(Lookalike(hit["character"], unicodedata.name(hit["character"], "?"), ascii_forms[0]))
    full_width = [c for c in code if not c.isascii() and unicodedata.normalize("NFKC", c).isascii()]
    known = {f.character for f in found}
    found += [Lookalike(c, unicodedata.name(c, "?"), unicodedata.normalize("NFKC", c))
              for c in dict.fromkeys(full_width) if c not in known]
    return found


def canonical_code(code: str) -> str:
    """The code with look-alike characters replaced by the ASCII ones they imitate, spaces removed."""
    replacements = {hit.character: hit.looks_like for hit in lookalikes(code)}
    return "".join(replacements.get(c, c) for c in code if not c.isspace())


def code_shape(code: str) -> str:
    """Character classes of a code: 4105030039B0001 → ddddddddddAdddd."""
    return "".join("d" if c.isdigit() else "A" if c.isascii() and c.isalpha() else "x" for c in code)


def learn_pattern(codes: Sequence[str]) -> CodePattern:
    """The length, prefix and shape that all but a few of `codes` (canonical forms) share."""
    if len(codes) < MIN_CODES:
        return CodePattern(None, None, None)
    length = _norm(Counter(len(c) for c in codes), len(codes))
    typical = [c for c in codes if len(c) == length] if length else []
    shape = _norm(Counter(code_shape(c) for c in typical), len(typical)) if typical else None
    return CodePattern(length, _shared_prefix(codes), shape)


def learn_category_segment(coded: Sequence[tuple[str, str]]) -> CategorySegment | None:
    """The code slice whose value follows the category, from (canonical code, category) pairs.

    A slice qualifies when at least two categories occur, each value stands for one category and
    each category for one value in all but a few codes; the slice with the fewest exceptions wins.
    """
    if len(coded) < MIN_CODES or len({category for _, category in coded}) < 2:
        return None
    length = _norm(Counter(len(c) for c, _ in coded), len(coded))
    if length is None:
        return None
    pairs = [(code, category) for code, category in coded if len(code) == length]
    best: tuple[int, CategorySegment] | None = None
    for width in (1, 2):
        for start in range(length - width + 1):
            values = [(code[start:start + width], category) for code, category in pairs]
            mapping = _majority_mapping(values)
            if mapping is None:
                continue
            exceptions = sum(1 for value, category in values if mapping.get(value) != category)
            if exceptions <= _allowed_deviants(len(values)) and (best is None or exceptions < best[0]):
                best = (exceptions, CategorySegment(start, start + width, mapping))
    return best[1] if best else None


def _majority_mapping(values: list[tuple[str, str]]) -> dict[str, str] | None:
    """value → its most frequent category, if that is one-to-one and values repeat."""
    by_value: dict[str, Counter] = {}
    for value, category in values:
        by_value.setdefault(value, Counter())[category] += 1
    if len(by_value) < 2 or len(by_value) >= len(values):
        return None
    mapping = {value: counts.most_common(1)[0][0] for value, counts in by_value.items()}
    if len(set(mapping.values())) != len(mapping):
        return None
    return mapping


def _allowed_deviants(count: int) -> int:
    return max(1, int(count * MAX_DEVIANT_SHARE))


def _norm(counts: Counter, total: int):
    """The most common value if at most a few of `total` differ from it, else None."""
    if not counts:
        return None
    value, frequency = counts.most_common(1)[0]
    return value if total - frequency <= _allowed_deviants(total) and frequency > total / 2 else None


def _shared_prefix(codes: Sequence[str]) -> str | None:
    """The longest prefix that all but a few codes start with."""
    prefix = ""
    for position in range(min(map(len, codes))):
        candidate = _norm(Counter(c[:position + 1] for c in codes), len(codes))
        if candidate is None:
            break
        prefix = candidate
    return prefix if len(prefix) >= MIN_PREFIX else None
