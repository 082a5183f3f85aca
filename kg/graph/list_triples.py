"""One list's finished records (items, citations as resolved and penalized, catalogs) → its named graph."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.cite.records import Citation
from kg.graph.iris import Iris, agency_name
from kg.graph.penalty_triples import sanction_triples
from kg.graph.registry_triples import provision_in_registry
from kg.graph.vocabulary import ELI, KG, category_concept
from kg.ingest.records import BASIS_AS_ABOVE, Catalog, Item, ListDocument
from kg.statutes import Registry

PROVISION_CLASSES = (KG.Article, KG.Paragraph, KG.ProvisionItem)   # 条, 款, 项


@dataclass(frozen=True)
class ListSource:
    """A list as read, with the bytes its key and content hash come from."""

    document: ListDocument
    content: bytes


Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Triples:
    """Triples in the order written, each once, skipping those whose object is missing (None or
    empty text). A plain ordered set: an rdflib Graph indexes every triple three ways, which the
    build does not need and which cost more than everything else of this stage."""

    def __init__(self) -> None:
        self.triples: dict[Triple, None] = {}
        self._literals: dict[tuple[type, object], Literal] = {}    # positions, lines, categories repeat

    def add(self, subject: URIRef, predicate: URIRef, value) -> None:
        if value is None or value == "":
            return
        node: URIRef | Literal
        if isinstance(value, (URIRef, Literal)):
            node = value
        else:
            literal = self._literals.get((type(value), value))     # the type keeps True apart from 1
            if literal is None:
                literal = self._literals[type(value), value] = Literal(value)
            node = literal
        self.triples[subject, predicate, node] = None

    def add_all(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.triples[triple] = None


def list_key(source: ListSource, iris: Iris) -> str:
    """The key of a list (agency + hash), the same for the same list whatever its file name when
    it prints its agency and title, and for the same file name when it does not."""
    document = source.document
    return iris.list_key(document.agency, document.title, PurePath(document.source).name)


def list_triples(source: ListSource, registry: Registry, iris: Iris) -> Graph:
    """The named graph of one list (see list_statements) as an rdflib Graph."""
    graph = Graph()
    graph.addN((*triple, graph) for triple in list_statements(source, registry, iris))
    return graph


def list_statements(source: ListSource, registry: Registry, iris: Iris) -> list[Triple]:
    """The triples of one list's named graph, each once: the list, its agency, items, citations
    (with the statutes and provisions they name, and the sanctions of quotes that differ from the
    canonical text), cross-references, catalogs; the list's counts and each item's basis problem,
    so that queries read them instead of scanning every item. The records come finished from
    kg.pipeline (citations resolved against `registry` and penalized); `registry` is read only to
    know which provision nodes its own graph holds."""
    document = source.document
    out = _Triples()
    list_iri = iris.list(list_key(source, iris))
    out.add(list_iri, RDF.type, KG.PowerList)
    out.add(list_iri, RDF.type, PROV.Entity)
    out.add(list_iri, DCTERMS.title, document.title)
    out.add(list_iri, KG.sourceFile, document.source)
    out.add(list_iri, KG.contentHash, hashlib.sha256(source.content).hexdigest())
    if document.agency:
        out.add(list_iri, KG.agency, _agency(out, iris, document.agency))
    _list_counts(out, list_iri, document.items)
    for position, item in enumerate(document.items, start=1):
        _item(out, iris, registry, list_iri, position, item, document.agency)
    for position, catalog in enumerate(document.catalogs, start=1):
        _catalog(out, iris, list_iri, position, catalog)
    return list(out.triples)


def _list_counts(out: _Triples, list_iri: URIRef, items: list[Item]) -> None:
    """The list's items, their citations, and those naming a statute the registry knows."""
    citations = [citation for item in items for citation in item.citations]
    out.add(list_iri, KG.listItemCount, len(items))
    out.add(list_iri, KG.citationCount, len(citations))
    out.add(list_iri, KG.resolvedCitationCount, sum(1 for citation in citations if citation.statute_id))


def _basis_problem(item: Item) -> str | None:
    """What makes an item's legal basis (实施依据) unusable: "empty" (only whitespace), "no-citation"
    (text, but no document cited in it), "whole-document-only" (no citation names a provision);
    None when some citation names a provision (章, 条, 款 or 项)."""
    if not item.citations:
        return "no-citation" if item.basis.strip() else "empty"
    if all(citation.whole_document for citation in item.citations):
        return "whole-document-only"
    return None


def _agency(out: _Triples, iris: Iris, name: str) -> URIRef:
    agency = iris.agency(name)
    out.add(agency, RDF.type, KG.Agency)
    out.add(agency, SKOS.prefLabel, agency_name(name))
    return agency


def _item(out: _Triples, iris: Iris, registry: Registry, list_iri: URIRef, position: int, item: Item,
          list_agency: str | None) -> None:
    node = iris.item(list_iri, position)
    out.add(node, RDF.type, KG.Item)
    out.add(node, KG.inList, list_iri)
    out.add(node, PROV.wasDerivedFrom, list_iri)
    out.add(node, KG.position, position)
    out.add(node, KG.seq, item.seq)
    out.add(node, KG.name, item.name)
    out.add(node, KG.subItem, item.sub_item)
    out.add(node, KG.categoryAsPrinted, item.category)
    out.add(node, KG.category, category_concept(item.category_norm))
    out.add(node, KG.code, item.code)
    agency = item.agency or list_agency
    if agency:
        out.add(node, KG.agency, _agency(out, iris, agency))
    out.add(node, KG.department, item.department)
    out.add_all([(node, KG.basis, Literal(item.basis))])     # kept when empty: 无依据 is a finding
    out.add(node, KG.basisProblem, _basis_problem(item))
    out.add(node, KG.duties, item.duties)
    out.add(node, KG.accountability, item.accountability)
    out.add(node, KG.firstLine, item.lines[0])
    out.add(node, KG.lastLine, item.lines[1])
    out.add(node, KG.sheet, item.sheet)
    if item.pages:                                                  # a PDF: the pages it is printed on
        out.add(node, KG.firstPage, item.pages[0])
        out.add(node, KG.lastPage, item.pages[1])
    for flag in item.flags:
        out.add(node, KG.flag, flag)
    if BASIS_AS_ABOVE in item.flags and position > 1:              # 同上: the basis of the item above
        out.add(node, KG.basisAsAbove, iris.item(list_iri, position - 1))
    for unreadable in item.unattributed:          # cites nothing a lawyer could look up
        out.add(node, KG.unreadableCitation, unreadable.raw)
    for cite_position, citation in enumerate(item.citations, start=1):
        citation_iri = iris.citation(node, cite_position)
        out.add(node, KG.hasCitation, citation_iri)
        _citation(out, iris, registry, citation_iri, cite_position, citation, item)
        out.add_all(sanction_triples(citation_iri, list(citation.quote_sanctions), iris))


def _statute_of(out: _Triples, iris: Iris, citation: Citation) -> URIRef | None:
    """The statute node a citation names: the registry's, else an unresolved node keyed by the
    normalized title or document number (never dropped)."""
    if citation.statute_id:
        return iris.statute(citation.statute_id)
    if not (citation.statute or citation.doc_number):
        return None
    key = citation.statute_key
    if key is None:
        raise ValueError(f"citation of {citation.statute or citation.doc_number!r} not resolved (no statute_key)")
    statute = iris.unresolved_statute(key)
    out.add(statute, RDF.type, KG.UnresolvedStatute)
    out.add(statute, RDF.type, KG.Statute)
    out.add(statute, RDF.type, ELI.LegalResource)
    out.add(statute, KG.normalizedTitle, key)
    out.add(statute, ELI.title, citation.title_to_look_up)
    out.add(statute, KG.docNumber, citation.doc_number)
    return statute


def _provision(out: _Triples, iris: Iris, registry: Registry, statute: URIRef,
               citation: Citation) -> URIRef:
    """The most specific provision a citation names. Its version-independent node (and its
    parents) are written here only when the registry graph does not hold them already: the
    same triple in several named graphs would repeat rows of the union default graph."""
    if citation.article is None:
        if citation.chapter is None:
            return statute
        chapter = iris.provision(statute, chapter=citation.chapter)
        out.add(chapter, RDF.type, KG.Chapter)
        out.add(chapter, ELI.is_part_of, statute)
        out.add(chapter, KG.ordinal, citation.chapter)
        return chapter
    known = registry.get(citation.statute_id) if citation.statute_id else None
    parent = statute
    numbers = (citation.article, citation.paragraph, citation.item)
    path: tuple[int, ...] = ()          # the numbers down to this provision
    for cls, number in zip(PROVISION_CLASSES, numbers, strict=True):
        if number is None:
            break
        path = (*path, number)
        node = iris.provision(statute, *path)
        if not provision_in_registry(known, *path):
            out.add(node, RDF.type, cls)
            out.add(node, ELI.is_part_of, parent)
            out.add(node, KG.ordinal, number)
        parent = node
    return parent


def _citation(out: _Triples, iris: Iris, registry: Registry, node: URIRef, position: int, citation: Citation,
              item: Item) -> None:
    out.add(node, RDF.type, KG.Citation)
    out.add(node, PROV.wasDerivedFrom, item_iri_of(node))
    out.add(node, KG.position, position)
    out.add(node, KG.raw, citation.raw)
    out.add(node, KG.spanStart, citation.span[0])
    out.add(node, KG.spanEnd, citation.span[1])
    out.add(node, KG.firstLine, _line_of(item, citation.span[0]))
    out.add(node, KG.statuteAsWritten, citation.statute)
    out.add(node, KG.docNumber, citation.doc_number)
    out.add(node, KG.chapterNumber, citation.chapter)
    out.add(node, KG.articleNumber, citation.article)
    out.add(node, KG.paragraphNumber, citation.paragraph)
    out.add(node, KG.itemNumber, citation.item)
    out.add(node, KG.wholeDocument, citation.whole_document)
    out.add(node, KG.quote, citation.quote)
    out.add(node, KG.levelAsPrinted, citation.level)
    if citation.match_score is not None:
        out.add(node, KG.matchScore, Decimal(str(round(citation.match_score, 3))).normalize())
    for flag in citation.flags:
        out.add(node, KG.flag, flag)
    out.add(node, KG.matchMethod, citation.match_method)
    out.add(node, KG.suggestion, citation.suggestion)
    if citation.statute_id and citation.version:      # the version meant, and why (quote, list date, latest)
        out.add(node, KG.citedVersion, iris.version(iris.statute(citation.statute_id), citation.version))
        out.add(node, KG.versionBasis, citation.version_basis)
    statute = _statute_of(out, iris, citation)
    if statute is not None:
        out.add(node, KG.citedStatute, statute)
        out.add(node, KG.cites, _provision(out, iris, registry, statute, citation))
    for xref_position, reference in enumerate(citation.cross_references, start=1):
        xref = iris.cross_reference(node, xref_position)
        out.add(node, KG.hasCrossReference, xref)
        out.add(xref, RDF.type, KG.CrossReference)
        out.add(xref, KG.raw, reference.raw)
        out.add(xref, KG.spanStart, reference.span[0])
        out.add(xref, KG.spanEnd, reference.span[1])
        # 本条例第四十条: a reference without a statute of its own points into the quoted statute
        target = _statute_of(out, iris, reference) if (reference.statute or reference.doc_number) else statute
        if target is not None:
            out.add(xref, KG.cites, _provision(out, iris, registry, target, reference))


def item_iri_of(citation_iri: URIRef) -> URIRef:
    """The item a citation IRI belongs to (…/item/3/cite/2 → …/item/3)."""
    return URIRef(str(citation_iri).rsplit("/cite/", 1)[0])


def _line_of(item: Item, offset: int) -> int:
    """The source line of an offset into the item's basis: the line its basis cell starts on plus
    the line breaks before it in that cell, within the cell's row (a spreadsheet cell's line breaks
    stay on its row). Without cell positions, the item's lines stand for the one cell."""
    start, first, last = next((piece for piece in reversed(item.basis_lines) if piece[0] <= offset),
                              (0, *item.lines))
    return min(first + item.basis.count("\n", start, offset), max(first, last))


def _catalog(out: _Triples, iris: Iris, list_iri: URIRef, position: int, catalog: Catalog) -> None:
    node = iris.catalog(list_iri, position)
    out.add(list_iri, KG.hasCatalog, node)
    out.add(node, RDF.type, KG.Catalog)
    out.add(node, KG.inList, list_iri)
    out.add(node, DCTERMS.title, catalog.title)
    out.add(node, KG.declaredTotal, catalog.declared_total)
    out.add(node, KG.declaredCategories, catalog.declared_categories)
    out.add(node, KG.firstLine, catalog.lines[0])
    out.add(node, KG.lastLine, catalog.lines[1])
    for count_position, count in enumerate(catalog.categories, start=1):
        count_node = iris.category_count(node, count_position)
        out.add(node, KG.hasCategoryCount, count_node)
        out.add(count_node, RDF.type, KG.CategoryCount)
        out.add(count_node, KG.position, count_position)
        out.add(count_node, KG.categoryAsPrinted, count.category)
        out.add(count_node, KG.category, category_concept(count.category_norm))
        out.add(count_node, KG.declaredCount, count.declared_count)
        out.add(count_node, KG.firstLine, count.line)
    for entry_position, entry in enumerate(catalog.entries, start=1):
        entry_node = iris.catalog_entry(node, entry_position)
        out.add(node, KG.hasEntry, entry_node)
        out.add(entry_node, RDF.type, KG.CatalogEntry)
        out.add(entry_node, KG.position, entry_position)
        out.add(entry_node, KG.seq, entry.seq)
        out.add(entry_node, KG.name, entry.name)
        out.add(entry_node, KG.categoryAsPrinted, entry.category)
        out.add(entry_node, KG.category, category_concept(entry.category_norm))
        out.add(entry_node, KG.firstLine, entry.line)
