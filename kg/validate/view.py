"""A list's named graph read back into the ingest/cite records the fact functions take.

Validation starts from a graph (a list just built, a .ttl/.trig file, or the store), so the same
facts are computed whatever the input; the IRIs of the nodes are kept next to the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.cite.records import Citation
from kg.graph.vocabulary import KG, vocabulary
from kg.ingest.records import Catalog, CatalogEntry, CategoryCount, Item


@dataclass
class CitedProvision:
    """One citation of an item with the nodes it hangs on."""

    iri: URIRef
    citation: Citation
    statute: URIRef | None        # kg:citedStatute (a registry statute or an unresolved one)


@dataclass
class ItemView:
    iri: URIRef
    item: Item
    category: URIRef | None       # kg:category concept
    citations: list[CitedProvision] = field(default_factory=list)


@dataclass
class CatalogView:
    iri: URIRef
    catalog: Catalog
    entry_iris: list[URIRef]
    count_iris: list[URIRef]


@dataclass
class ListView:
    """The parts of one list graph that facts are computed from, in document order."""

    iri: URIRef
    items: list[ItemView]
    catalogs: list[CatalogView]
    date: str | None = None       # the list's date (ISO), when it states one


def _one(graph: Graph, subject, predicate):
    value = graph.value(subject, predicate)
    return None if value is None else value.toPython()


def _iri(graph: Graph, subject, predicate) -> URIRef | None:
    """The IRI `predicate` points to from `subject`, None when it points to none."""
    value = graph.value(subject, predicate)
    return value if isinstance(value, URIRef) else None


def _ordered(graph: Graph, nodes) -> list[URIRef]:
    return sorted(nodes, key=lambda node: (_one(graph, node, KG.position) or 0, str(node)))


def read_list_view(graph: Graph, list_iri: URIRef) -> ListView:
    """The items (with citations) and catalogs of one list."""
    items = [_item_view(graph, node) for node in _ordered(graph, graph.subjects(KG.inList, list_iri))
             if (node, RDF.type, KG.Item) in graph]
    catalogs = [_catalog_view(graph, node) for node in _ordered(graph, graph.objects(list_iri, KG.hasCatalog))]
    listed = graph.value(list_iri, KG.date)
    return ListView(list_iri, items, catalogs, str(listed)[:10] if listed is not None else None)


def category_label(concept: URIRef | None) -> str | None:
    """The Chinese preferred label of a category concept (行政处罚)."""
    if concept is None:
        return None
    for label in vocabulary().objects(concept, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == "zh":
            return str(label)
    return None


def _item_view(graph: Graph, node: URIRef) -> ItemView:
    category = _iri(graph, node, KG.category)
    item = Item(
        source=str(node),
        seq=_one(graph, node, KG.seq),
        name=_one(graph, node, KG.name) or "",
        sub_item=_one(graph, node, KG.subItem),
        category=_one(graph, node, KG.categoryAsPrinted),
        category_norm=category_label(category),
        code=_one(graph, node, KG.code),
        basis=_one(graph, node, KG.basis) or "",
        lines=(_one(graph, node, KG.firstLine) or 0, _one(graph, node, KG.lastLine) or 0),
    )
    view = ItemView(node, item, category)
    for citation_node in _ordered(graph, graph.objects(node, KG.hasCitation)):
        citation = _citation(graph, citation_node)
        item.citations.append(citation)
        view.citations.append(CitedProvision(citation_node, citation, _iri(graph, citation_node, KG.citedStatute)))
    return view


def _citation(graph: Graph, node: URIRef) -> Citation:
    return Citation(
        raw=_one(graph, node, KG.raw) or "",
        span=(_one(graph, node, KG.spanStart) or 0, _one(graph, node, KG.spanEnd) or 0),
        statute=_one(graph, node, KG.statuteAsWritten),
        doc_number=_one(graph, node, KG.docNumber),
        chapter=_one(graph, node, KG.chapterNumber),
        article=_one(graph, node, KG.articleNumber),
        paragraph=_one(graph, node, KG.paragraphNumber),
        item=_one(graph, node, KG.itemNumber),
        whole_document=bool(_one(graph, node, KG.wholeDocument)),
        quote=_one(graph, node, KG.quote),
        level=_one(graph, node, KG.levelAsPrinted),
    )


def _catalog_view(graph: Graph, node: URIRef) -> CatalogView:
    count_iris = _ordered(graph, graph.objects(node, KG.hasCategoryCount))
    entry_iris = _ordered(graph, graph.objects(node, KG.hasEntry))
    catalog = Catalog(
        source=str(node),
        title=_one(graph, node, DCTERMS.title),
        agency=None,
        declared_total=_one(graph, node, KG.declaredTotal),
        declared_categories=_one(graph, node, KG.declaredCategories),
        categories=[CategoryCount(_one(graph, c, KG.categoryAsPrinted) or "",
                                  category_label(_iri(graph, c, KG.category)),
                                  _one(graph, c, KG.declaredCount), _one(graph, c, KG.firstLine) or 0)
                    for c in count_iris],
        entries=[CatalogEntry(_one(graph, e, KG.seq), _one(graph, e, KG.name) or "",
                              _one(graph, e, KG.categoryAsPrinted),
                              category_label(_iri(graph, e, KG.category)),
                              _one(graph, e, KG.firstLine) or 0)
                 for e in entry_iris],
        lines=(_one(graph, node, KG.firstLine) or 0, _one(graph, node, KG.lastLine) or 0),
    )
    return CatalogView(node, catalog, entry_iris, count_iris)
