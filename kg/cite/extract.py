"""The citation stage: basis text → reading view (kg/cite/view.py) → citations (scan → parse each
distinct head once → resolve).

Real lists and a national corpus repeat whole basis cells (a county copies its province's
template list), so each distinct text is read once; callers get copies of the cached citations.
"""

from __future__ import annotations

from functools import lru_cache

from kg.cite import parse
from kg.cite.numerals import to_int
from kg.cite.records import Citation
from kg.cite.resolve import resolve
from kg.cite.scan import scan
from kg.cite.view import reading_view

TEXTS_CACHED = 8192           # distinct basis texts kept with their citations
CACHED_TEXT_MAX = 5000        # characters; longer texts (pasted documents) seldom repeat


def extract_citations(text: str) -> list[Citation]:
    """The citations of a basis text, one per provision, in reading order.

    Each citation's span indexes `text` (text[span[0]:span[1]] == raw); references found inside
    a quoted article are in its `cross_references`, not in the returned list. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    if len(text) > CACHED_TEXT_MAX:
        return list(_read(text))
    return [citation.copy() for citation in _read_cached(text)]


def _read(text: str) -> tuple[Citation, ...]:
    view = reading_view(text)
    heads = [(candidate, parse.parse_head(view[candidate.start:candidate.end])) for candidate in scan(view)]
    return tuple(resolve(text, heads, view))


_read_cached = lru_cache(maxsize=TEXTS_CACHED)(_read)


def cache_info():
    """Hits and misses of the per-text cache (for benchmarks)."""
    return _read_cached.cache_info()


def clear_caches(heads: bool = True) -> None:
    """Forget every text read so far and, unless `heads` is False, every head and numeral too
    (a cold start, for benchmarks)."""
    _read_cached.cache_clear()
    if heads:
        parse.clear_cache()
        to_int.cache_clear()
