"""Quote vs canonical: the sanctions a list's quote of an article states, kept when they differ
from those of the registry's text (the fact validation's PenaltyMismatch judges)."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Protocol

from kg.penalty.extract import extract_sanctions, sanctions_of_article
from kg.penalty.records import Sanction


class _Citation(Protocol):
    quote: str | None
    statute_id: str | None
    article: int | None


class _Registry(Protocol):
    def article(self, statute_id: str, number: int, version: str | None = None): ...


def comparable(sanctions: Iterable[Sanction]) -> set[tuple]:
    """What two sets of sanctions are compared on: kind, range, unit and base.

    Targets and conditions are left out: a quote is often cut short before them.
    """
    return {(s.kind, s.minimum, s.maximum, s.unit, s.base) for s in sanctions}


def differing_quote_sanctions(citation: _Citation, registry: _Registry) -> list[Sanction]:
    """The sanctions of the citation's quote when it states one the canonical article does not
    (another range, unit or base); else []. A quote cut short is not a difference.

    Only ranged sanctions (fines, suspensions, bans) are compared and returned, since orders and
    revocations carry no figures a quote could misstate. A citation without a quote, or whose
    article is not in the registry, gives [] (there is nothing to compare).
    """
    if not citation.quote or not citation.statute_id or citation.article is None:
        return []
    article = registry.article(citation.statute_id, citation.article)
    if article is None:
        return []
    quoted = _ranged_sanctions_of_quote(citation.quote)
    return list(quoted) if comparable(quoted) - _comparable_of_article(article) else []


# Lists quote the same few articles thousands of times: read each quote and article once.
@lru_cache(maxsize=8192)
def _ranged_sanctions_of_quote(quote: str) -> tuple[Sanction, ...]:
    return tuple(s for s in extract_sanctions(quote) if _ranged(s))


@lru_cache(maxsize=4096)
def _comparable_of_article(article) -> frozenset[tuple]:
    return frozenset(comparable(s for s in sanctions_of_article(article) if _ranged(s)))


def _ranged(sanction: Sanction) -> bool:
    return sanction.minimum is not None or sanction.maximum is not None
