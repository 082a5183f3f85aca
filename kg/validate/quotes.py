"""Quote vs canonical text: how well the article text a list quotes matches the statute.

Texts are compared without whitespace and punctuation (full-width/half-width folded), so that a
list's layout and typography do not count; a partial quote is aligned to the best-matching part
of the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

ELISION = re.compile(r"…+|\.{3,}|[（(][一二三四五六七八九十]+[)）]")   # …… or a 项 marker: parts may be skipped
MIN_QUOTE_CHARS = 8      # shorter quotes (headings, fragments) are not compared
MAX_DIFFERENCES = 5
CONTEXT_CHARS = 2


@dataclass(frozen=True)
class QuoteComparison:
    """Similarity (0–1) of a quote to an article text and the differing passages (引文→原文)."""

    similarity: float
    differences: list[str]


@lru_cache(maxsize=65536)          # article texts and quotes repeat across items and lists
def comparable(text: str) -> str:
    """Text reduced to its letters and digits: NFKC-folded, no whitespace or punctuation."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def compare_quote(quote: str, article_text: str) -> QuoteComparison | None:
    """Compare a quote with the article's canonical text; None if the quote is too short.

    A quote may leave out parts (……, or 项 skipped: 可以采取下列措施：（五）…): each part between
    such elisions is aligned on its own, and the similarity is their length-weighted mean.
    """
    canonical = comparable(article_text)
    parts = [comparable(part) for part in ELISION.split(quote)]
    parts = [part for part in parts if part]
    total = sum(map(len, parts))
    if total < MIN_QUOTE_CHARS or not canonical:
        return None
    score, differences = 0.0, []
    for part in parts:
        alignment = fuzz.partial_ratio_alignment(part, canonical)
        assert alignment is not None                   # None only below a score_cutoff, and there is none
        score += alignment.score / 100 * len(part)
        if len(part) <= len(canonical):
            # the aligned window is as long as the part: widen it, so that characters the quote
            # leaves out do not show up as a false difference at the window's end
            slack = max(CONTEXT_CHARS, len(part) // 10)
            window = canonical[max(0, alignment.dest_start - slack):alignment.dest_end + slack]
            differences += _differences(part, window)
        else:
            differences += _differences(part[alignment.src_start:alignment.src_end], canonical)
    return QuoteComparison(round(score / total, 3), differences[:MAX_DIFFERENCES])


def best_matching_article(quote: str, articles: Mapping[int, str]) -> tuple[int, float] | None:
    """The article (number, similarity) whose text the quote matches best."""
    quoted = comparable(quote)
    if len(quoted) < MIN_QUOTE_CHARS:
        return None
    choices = {number: comparable(text) for number, text in articles.items() if text}
    best = process.extractOne(quoted, choices, scorer=fuzz.partial_ratio)
    if best is None:
        return None
    _, score, number = best
    return number, round(score / 100, 3)


def _differences(quoted: str, canonical: str) -> list[str]:
    """Passages where the quote departs from the text, as 引文“…”／原文“…” with a little context."""
    found = []
    operations = Levenshtein.opcodes(quoted, canonical)
    for index, operation in enumerate(operations):
        at_edge = index in (0, len(operations) - 1)
        if operation.tag == "equal" or (operation.tag == "insert" and at_edge):   # text around the quoted part
            continue
        c_start, c_end = operation.dest_start, operation.dest_end
        before = canonical[max(0, c_start - CONTEXT_CHARS):c_start]
        after = canonical[c_end:c_end + CONTEXT_CHARS]
        quoted_part = quoted[operation.src_start:operation.src_end]
        found.append(f"引文“{before}{quoted_part}{after}”／原文“{before}{canonical[c_start:c_end]}{after}”")
        if len(found) == MAX_DIFFERENCES:
            break
    return found
