"""The cite and resolve stages applied to a whole list: shared by `kg extract` and `kg build`."""

from __future__ import annotations

from dataclasses import replace

from kg.cite.extract import extract_citations
from kg.ingest.records import Item, ListDocument
from kg.statutes import Registry, resolve_citations

UNATTRIBUTED_FLAG = "provision-without-document"


def cite_item(item: Item, registry: Registry) -> Item:
    """The item with the citations of its basis extracted and resolved.

    A provision with no document anywhere before it (第二条 after an OCR-cut title, "37号) 第二条")
    cites nothing a lawyer could look up: it is kept in `unattributed`, and the item is flagged,
    so the report shows it instead of the graph linking the item to nowhere.
    """
    citations = resolve_citations(extract_citations(item.basis), registry)
    attributed = [c for c in citations if c.statute or c.doc_number]
    unattributed = [c for c in citations if not (c.statute or c.doc_number)]
    flags = item.flags + [UNATTRIBUTED_FLAG] if unattributed else item.flags
    return replace(item, citations=attributed, unattributed=unattributed, flags=flags)


def cite_document(document: ListDocument, registry: Registry) -> ListDocument:
    """The document with every item's citations extracted from its basis and resolved."""
    return replace(document, items=[cite_item(item, registry) for item in document.items])
