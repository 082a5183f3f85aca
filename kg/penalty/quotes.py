"""Quote vs canonical: the one rule by which a sanction a list's quote states differs from the
sanctions of the article's text. The build keeps a differing quote's sanctions on its citation
(`differing_quote_sanctions`, the fact the PenaltyMismatch query reads); validation words each
difference for the reader (kg.validate.facts, through `misquoted_sanctions`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from kg.penalty.extract import extract_sanctions, sanctions_of_article
from kg.penalty.records import Sanction
from kg.statutes.records import Article


class _Citation(Protocol):
    quote: str | None
    statute_id: str | None
    article: int | None
    version: str | None


class _Registry(Protocol):
    def article(self, statute_id: str, number: int, version: str | None = None) -> Article | None: ...


def comparable(sanction: Sanction) -> tuple:
    """What a quoted and a canonical sanction are compared on: kind, range, unit and base.

    Targets and conditions are left out: a quote is often cut short before them.
    """
    return sanction.kind, sanction.minimum, sanction.maximum, sanction.unit, sanction.base


def misquoted_sanctions(quote: str, article: Article) -> list[Sanction]:
    """The sanctions the quote states with figures that the article does not state alike: no
    sanction of its text has the same kind, range, unit and base (二倍以上五倍以下 quoted as
    一倍以上三倍以下, or 违法所得 for 骗取金额). Only ranged sanctions (fines, suspensions, bans)
    count, since orders and revocations carry no figures a quote could misstate; a quote cut
    short before a sanction is not a difference."""
    canonical = _comparable_of_article(article)
    return [sanction for sanction in _ranged_sanctions_of_quote(quote) if comparable(sanction) not in canonical]


def differing_quote_sanctions(citation: _Citation, registry: _Registry) -> tuple[Sanction, ...]:
    """The ranged sanctions of the citation's quote when one of them is misquoted (see
    `misquoted_sanctions`) against the registry's text of the cited article, in the version the
    resolve stage chose for the citation (`version`; the latest with text when that version has
    no such article or no text); else (). A citation without a quote, or whose article is not in
    the registry, gives () (nothing to compare)."""
    if not citation.quote or not citation.statute_id or citation.article is None:
        return ()
    article = (registry.article(citation.statute_id, citation.article, citation.version)
               or registry.article(citation.statute_id, citation.article))
    if article is None or not misquoted_sanctions(citation.quote, article):
        return ()
    return _ranged_sanctions_of_quote(citation.quote)


# Lists quote the same few articles thousands of times: read each quote and article once.
@lru_cache(maxsize=8192)
def _ranged_sanctions_of_quote(quote: str) -> tuple[Sanction, ...]:
    return tuple(s for s in extract_sanctions(quote) if _ranged(s))


@lru_cache(maxsize=4096)
def _comparable_of_article(article: Article) -> frozenset[tuple]:
    return frozenset(comparable(s) for s in sanctions_of_article(article) if _ranged(s))


def _ranged(sanction: Sanction) -> bool:
    return sanction.minimum is not None or sanction.maximum is not None
