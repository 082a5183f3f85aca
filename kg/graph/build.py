"""The build pipeline, file by file: read → cite → resolve → triples, each graph built whole in
memory before the store sees it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import InputError
from kg.graph.iris import Iris
from kg.graph.list_triples import ListSource, list_key, list_triples
from kg.graph.registry_triples import registry_triples
from kg.graph.vocabulary import vocabulary
from kg.ingest.read import read_list
from kg.pipeline import cite_document
from kg.statutes import Registry


@dataclass(frozen=True)
class BuiltList:
    """One list's named graph, ready to be swapped into the store, with its counts."""

    source: str
    key: str
    graph_name: URIRef
    graph: Graph
    items: int
    citations: int
    resolved: int                  # citations whose statute the registry knows


def read_source(path: Path) -> ListSource:
    """A list file's records and bytes (the bytes key the list when it names no agency/title)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from error
    return ListSource(read_list(path), content)


def build_list(path: Path, registry: Registry, iris: Iris) -> BuiltList:
    """The named graph of one list file; raises InputError for a file that cannot be read."""
    source = read_source(path)
    source = ListSource(cite_document(source.document, registry), source.content)
    key = list_key(source, iris)
    citations = [c for item in source.document.items for c in item.citations]
    return BuiltList(
        source=str(path), key=key, graph_name=iris.list_graph(key),
        graph=list_triples(source, registry, iris),
        items=len(source.document.items), citations=len(citations),
        resolved=sum(1 for c in citations if c.statute_id),
    )


def build_registry(registry: Registry, iris: Iris) -> Graph:
    """The registry's named graph."""
    return registry_triples(registry.statutes.values(), iris)


def build_ontology() -> Graph:
    """The vocabulary's named graph (ontology/kg.ttl: classes, properties, category scheme)."""
    return vocabulary()
