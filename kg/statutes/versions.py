"""The version of a statute a citation means: the one whose article its quote matches, else the
one in force on the list's date, else the latest."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from kg.statutes.records import Statute, StatuteVersion

QUOTE, LIST_DATE, LATEST = "quote", "list-date", "latest"
MIN_QUOTE_SIMILARITY = 60.0    # rapidfuzz partial ratio: below it the quote is of no version's article
_NOT_WORDS = re.compile(r"[\W_]+")


def version_meant(statute: Statute, article: int | None, quote: str | None,
                  on_date: str | None = None) -> tuple[StatuteVersion | None, str | None]:
    """(version, basis): basis QUOTE when the quote matches some versions' article text better
    than the others' (of those, the one in force on `on_date`, else the latest); LIST_DATE for the
    version in force on `on_date`; LATEST otherwise. (None, None) for a statute without versions."""
    if not statute.versions:
        return None, None
    candidates = statute.versions
    if quote and article is not None and _article_differs(statute.versions, article):
        matching, compared = _best_matching(statute.versions, article, quote)
        if matching and len(matching) < compared:
            return _on(matching, on_date) or matching[-1], QUOTE
    if on_date and (version := _on(candidates, on_date)):
        return version, LIST_DATE
    return candidates[-1], LATEST


def _article_differs(versions: list[StatuteVersion], article: int) -> bool:
    """Two versions with text read the article differently (decided from precomputed digests
    where the corpus gives them, so an unchanged article costs no text)."""
    with_text = [v for v in versions if v.has_text]
    return len(with_text) > 1 and len({v.article_digest(article) for v in with_text} - {None}) > 1


def _on(versions: list[StatuteVersion], on_date: str | None) -> StatuteVersion | None:
    """The latest of `versions` effective (else dated) on or before `on_date`."""
    if not on_date:
        return None
    started = [v for v in versions if (v.effective or v.date or "") <= on_date]
    return started[-1] if started else None


def _best_matching(versions: list[StatuteVersion], article: int, quote: str
                   ) -> tuple[list[StatuteVersion], int]:
    """The versions whose article `article` the quote matches best (ties kept: an article no
    amendment changed reads the same in several versions; empty when none matches enough), and
    how many versions have that article to compare."""
    wanted = _NOT_WORDS.sub("", quote)
    if not wanted:
        return [], 0
    scores: list[tuple[float, StatuteVersion]] = []
    for version in versions:
        found = version.articles.get(article) if version.has_text else None
        if found is not None:
            scores.append((fuzz.partial_ratio(wanted, _NOT_WORDS.sub("", found.text)), version))
    best = max((score for score, _ in scores), default=0.0)
    if best < MIN_QUOTE_SIMILARITY:
        return [], len(scores)
    return [version for score, version in scores if score >= best - 0.5], len(scores)
