"""The citation stage: basis text → citations (scan → parse each distinct head once → resolve)."""

from __future__ import annotations

from kg.cite.parse import parse_head
from kg.cite.records import Citation
from kg.cite.resolve import resolve
from kg.cite.scan import scan


def extract_citations(text: str) -> list[Citation]:
    """The citations of a basis text, one per provision, in reading order.

    Each citation's span indexes `text` (text[span[0]:span[1]] == raw); references found inside
    a quoted article are in its `cross_references`, not in the returned list. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    candidates = scan(text)
    heads = [(candidate, parse_head(text[candidate.start:candidate.end])) for candidate in candidates]
    return resolve(text, heads)
