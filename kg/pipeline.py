"""The cite and resolve stages applied to a whole list: shared by `kg extract` and `kg build`."""

from __future__ import annotations

from dataclasses import replace

from kg.cite.extract import extract_citations
from kg.cite.records import Citation
from kg.cite.resolve import NOT_A_DOCUMENT_TITLE, UNREADABLE_PROVISION
from kg.ingest.records import Item, ListDocument
from kg.statutes import Registry, resolve_citations

UNATTRIBUTED_FLAG = "provision-without-document"
ILLEGIBLE_FLAG = "illegible-citation"


def cite_item(item: Item, registry: Registry) -> Item:
    """The item with the citations of its basis extracted and resolved.

    Some citations cite nothing a lawyer could look up: a provision with no document anywhere
    before it (第二条 after an OCR-cut title, "37号) 第二条"), a 《》 title that names no document
    (《世界》), a document whose provision is unreadable (《…法》第一个工事). They are kept in
    `unattributed` and the item is flagged, so the report shows them instead of the graph linking
    the item to nowhere.
    """
    citations = resolve_citations(extract_citations(item.basis), registry)
    attributed: list[Citation] = []
    unattributed: list[Citation] = []
    for citation in citations:
        (attributed if _can_be_looked_up(citation) else unattributed).append(citation)
    flags = list(item.flags)
    if any(not (c.statute or c.doc_number) for c in unattributed):
        flags.append(UNATTRIBUTED_FLAG)
    if any(c.statute or c.doc_number for c in unattributed):
        flags.append(ILLEGIBLE_FLAG)
    return replace(item, citations=attributed, unattributed=unattributed, flags=flags)


def _can_be_looked_up(citation: Citation) -> bool:
    return bool(citation.statute or citation.doc_number) and not (
        {NOT_A_DOCUMENT_TITLE, UNREADABLE_PROVISION} & set(citation.flags))


def cite_document(document: ListDocument, registry: Registry) -> ListDocument:
    """The document with every item's citations extracted from its basis and resolved."""
    return replace(document, items=[cite_item(item, registry) for item in document.items])
