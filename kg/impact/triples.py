"""An amendment → RDF in its own named graph, and into the store (local, or remote through the client).

The amendment (修改决定, or the revision computed from two texts) is a kg:Amendment that
eli:changes the statute, dated with eli:date_document and eli:first_date_entry_in_force, from
kg:fromVersion to kg:toVersion. Each article it touched is a kg:ArticleChange: old and new
numbers, the kind (a concept of kg:ChangeKinds), the version provisions before and after, and
kg:changedProvision — the version-independent article that citations point to.
queries/items-affected-after.rq joins changes to items by the statute and the old article
number (kg:oldNumber = the citation's kg:articleNumber), which also catches citations of a
paragraph or item of the article without a path walk. Unchanged articles are left out.
Statutes and versions are described by the registry graph and only referred to here (the
version IRIs end in their dates), so no triple is stored twice.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph.iris import Iris, configured_base, slug
from kg.graph.store import GraphStore, ntriples
from kg.graph.vocabulary import ELI, KG
from kg.impact.records import INSERTED, MODIFIED, RENUMBERED, RENUMBERED_MODIFIED, REPEALED, UNCHANGED, Amendment
from kg.remote.client import SparqlClient

# the concepts of kg:ChangeKinds (ontology/kg.ttl)
CONCEPT_BY_KIND = {
    UNCHANGED: KG.Unchanged, MODIFIED: KG.Modified, RENUMBERED: KG.Renumbered,
    RENUMBERED_MODIFIED: KG.RenumberedModified, REPEALED: KG.ArticleRepealed, INSERTED: KG.Inserted,
}
KIND_BY_CONCEPT = {concept: kind for kind, concept in CONCEPT_BY_KIND.items()}


def amendment_iri(amendment: Amendment, iris: Iris) -> URIRef:
    """{base}statute/<id>/amendment/<old date>_<new date>."""
    return URIRef(f"{iris.statute(amendment.statute_id)}/amendment/"
                  f"{slug(amendment.old_version)}_{slug(amendment.new_version)}")


def amendment_graph_name(amendment: Amendment, iris: Iris) -> URIRef:
    """The named graph holding one amendment (re-loading it replaces the graph)."""
    return URIRef(f"{iris.base}graph/amendment/{slug(amendment.statute_id)}/"
                  f"{slug(amendment.old_version)}_{slug(amendment.new_version)}")


def amendment_triples(amendment: Amendment, iris: Iris) -> Graph:
    """The amendment and every article it changed, renumbered, repealed or inserted."""
    graph = Graph()
    graph.bind("kg", KG)
    graph.bind("eli", ELI)
    node = amendment_iri(amendment, iris)
    statute = iris.statute(amendment.statute_id)
    old_version = iris.version(statute, amendment.old_version)
    new_version = iris.version(statute, amendment.new_version)
    graph.add((node, RDF.type, KG.Amendment))
    graph.add((node, RDF.type, ELI.LegalResource))
    graph.add((node, ELI.changes, statute))
    graph.add((node, KG.fromVersion, old_version))
    graph.add((node, KG.toVersion, new_version))
    if amendment.title:
        graph.add((node, ELI.title, Literal(amendment.title)))
    if amendment.date_document:
        graph.add((node, ELI.date_document, Literal(amendment.date_document, datatype=XSD.date)))
    if amendment.in_force:
        graph.add((node, ELI.first_date_entry_in_force, Literal(amendment.in_force, datatype=XSD.date)))
    for change in amendment.changes:
        if change.kind == UNCHANGED:
            continue
        change_node = URIRef(f"{node}/change/" + (f"{change.old}" if change.old is not None
                                                  else f"new-{change.new[0]}"))
        graph.add((node, KG.articleChange, change_node))
        graph.add((change_node, RDF.type, KG.ArticleChange))
        graph.add((change_node, KG.changeKind, CONCEPT_BY_KIND[change.kind]))
        if change.old is not None:
            graph.add((change_node, KG.oldNumber, Literal(change.old)))
            graph.add((change_node, KG.oldProvision, iris.provision(old_version, change.old)))
            graph.add((change_node, KG.changedProvision, iris.provision(statute, change.old)))
        for number in change.new:
            graph.add((change_node, KG.newNumber, Literal(number)))
            graph.add((change_node, KG.newProvision, iris.provision(new_version, number)))
        if change.similarity is not None:
            graph.add((change_node, KG.similarity,
                       Literal(Decimal(f"{change.similarity:.1f}"), datatype=XSD.decimal)))
    return graph


def load_amendment(amendment: Amendment, store: GraphStore, iris: Iris | None = None) -> URIRef:
    """Write the amendment's named graph into the store (replacing an earlier load); its name."""
    iris = iris or Iris(configured_base())
    name = amendment_graph_name(amendment, iris)
    store.replace_graph(name, amendment_triples(amendment, iris))
    store.flush()
    return name


def push_amendment(amendment: Amendment, client: SparqlClient, iris: Iris) -> URIRef:
    """Replace the amendment's named graph on a remote store in one request (readers see the old
    graph or the new one, never a mix); its name."""
    name = amendment_graph_name(amendment, iris)
    client.replace_graph(name, ntriples(amendment_triples(amendment, iris)).encode("utf-8"))
    return name
