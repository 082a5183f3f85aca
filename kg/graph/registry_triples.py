"""The statute registry → its named graph: statutes, versions with their texts, and every
chapter, article, paragraph and item of each version, each realizing its version-independent
provision (the node citations point to)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph.iris import Iris
from kg.graph.penalty_triples import sanction_triples
from kg.graph.vocabulary import ELI, KG, status_concept
from kg.penalty.extract import sanctions_of_article
from kg.statutes.records import Statute, StatuteVersion

_STATUTE_PART = re.compile(r"/(?:art|chap)/.*$")     # a provision's IRI below its statute's
IN_FORCE = ELI["InForce-inForce"]
NOT_IN_FORCE = ELI["InForce-notInForce"]


def registry_triples(statutes: Iterable[Statute], iris: Iris) -> Graph:
    """The registry graph: every statute given with its versions, their provisions' texts and
    the sanctions each article states. A build gives the statutes the store's lists cite
    (`cited_statute_ids`), not the whole registry: thousands of texts would add millions of
    triples no list points to."""
    graph = Graph()
    for statute in statutes:
        _statute(graph, iris, statute)
    return graph


_CITED = """SELECT DISTINCT ?target WHERE {
  { ?citation <%(cited)s> ?target } UNION { ?reference a <%(xref)s> ; <%(cites)s> ?target }
}"""


def cited_statute_ids(store: ox.Store, statute_ids: Iterable[str], iris: Iris) -> set[str]:
    """The ids (among `statute_ids`) of the statutes some graph of the store cites, directly or
    through a cross-reference to one of their provisions."""
    by_iri = {str(iris.statute(statute_id)): statute_id for statute_id in statute_ids}
    query = _CITED % {"cited": KG.citedStatute, "xref": KG.CrossReference, "cites": KG.cites}
    found: set[str] = set()
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)     # a SELECT query
    for row in solutions:
        target = row["target"].value
        statute_id = by_iri.get(target) or by_iri.get(_STATUTE_PART.sub("", target))
        if statute_id:
            found.add(statute_id)
    return found


def provision_in_registry(statute: Statute | None, article: int, paragraph: int | None = None,
                          item: int | None = None) -> bool:
    """True when some version's text has this provision, i.e. the registry graph holds its
    version-independent node (so list graphs need not repeat it)."""
    if statute is None:
        return False
    for version in statute.versions:
        found = version.articles.get(article)
        if found is None:
            continue
        if paragraph is None:
            return True
        in_paragraph = found.paragraph(paragraph)
        if in_paragraph is not None and (item is None or in_paragraph.item(item) is not None):
            return True
    return False


def _add(graph: Graph, subject: URIRef, predicate: URIRef, value) -> None:
    if value is None or value == "":
        return
    graph.add((subject, predicate, value if isinstance(value, (URIRef, Literal)) else Literal(value)))


def _date(value: str | None) -> Literal | None:
    return Literal(value, datatype=XSD.date) if value else None


def _statute(graph: Graph, iris: Iris, statute: Statute) -> None:
    node = iris.statute(statute.id)
    graph.add((node, RDF.type, KG.Statute))
    graph.add((node, RDF.type, ELI.LegalResource))
    _add(graph, node, ELI.title, statute.title)
    _add(graph, node, KG.level, statute.level)
    _add(graph, node, KG.issuer, statute.issuer)
    for alias in statute.aliases:
        _add(graph, node, KG.alias, alias)
    for number in statute.doc_numbers:
        _add(graph, node, KG.docNumber, number)
    status = status_concept(statute.status)
    _add(graph, node, KG.status, status)
    if status is not None:
        graph.add((node, ELI.in_force, NOT_IN_FORCE if status == KG.Repealed else IN_FORCE))
    previous = None
    for version in statute.versions:
        version_node = _version(graph, iris, node, version)
        if previous is not None:
            graph.add((version_node, ELI.changes, previous))
        previous = version_node
    if previous is not None:
        graph.add((node, KG.currentVersion, previous))


def _version(graph: Graph, iris: Iris, statute: URIRef, version: StatuteVersion) -> URIRef:
    node = iris.version(statute, version.date or "undated")
    graph.add((node, RDF.type, KG.StatuteVersion))
    graph.add((node, RDF.type, ELI.LegalResource))
    graph.add((node, KG.versionOf, statute))
    _add(graph, node, ELI.date_document, _date(version.date))
    _add(graph, node, KG.effectiveDate, _date(version.effective))
    _add(graph, node, KG.status, status_concept(version.status))
    _add(graph, node, KG.docNumber, version.doc_number)
    if version.text is None:
        return node
    _add(graph, node, ELI.title, version.text.title)
    for chapter in version.chapters.values():
        chapter_node = iris.provision(node, chapter=chapter.number)
        graph.add((chapter_node, RDF.type, KG.Chapter))
        graph.add((chapter_node, ELI.is_part_of, node))
        graph.add((chapter_node, KG.inVersion, node))
        graph.add((chapter_node, KG.ordinal, Literal(chapter.number)))
        _add(graph, chapter_node, ELI.title, chapter.title)
    for article in version.articles.values():
        parent = iris.provision(node, chapter=article.chapter) if article.chapter in version.chapters else node
        article_node = _provision(graph, iris, statute, node, parent, KG.Article, article.text,
                                  article.number)
        for triple in sanction_triples(article_node, sanctions_of_article(article), iris):
            graph.add(triple)
        for paragraph in article.paragraphs:
            paragraph_node = _provision(graph, iris, statute, node, article_node, KG.Paragraph,
                                        paragraph.text, article.number, paragraph.number)
            for item in paragraph.items:
                _provision(graph, iris, statute, node, paragraph_node, KG.ProvisionItem, item.text,
                           article.number, paragraph.number, item.number)
    return node


def _provision(graph: Graph, iris: Iris, statute: URIRef, version: URIRef, parent: URIRef,
               cls: URIRef, text: str, *numbers: int) -> URIRef:
    """A version's provision with its text, realizing the version-independent provision."""
    node = iris.provision(version, *numbers)
    graph.add((node, RDF.type, cls))
    graph.add((node, ELI.is_part_of, parent))
    graph.add((node, KG.inVersion, version))
    graph.add((node, ELI.number, Literal(str(numbers[-1]))))
    graph.add((node, KG.ordinal, Literal(numbers[-1])))
    _add(graph, node, KG.text, text)
    work = iris.provision(statute, *numbers)
    graph.add((node, ELI.realizes, work))
    graph.add((work, RDF.type, cls))
    graph.add((work, KG.ordinal, Literal(numbers[-1])))
    work_parent = iris.provision(statute, *numbers[:-1]) if len(numbers) > 1 else statute
    graph.add((work, ELI.is_part_of, work_parent))
    return node
