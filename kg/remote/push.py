"""Pushing the local store to a remote endpoint: each named graph (every list, the registry, the
ontology, amendment graphs) replaced whole, one graph at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from kg.graph.store import GraphStore
from kg.remote.client import SparqlClient


@dataclass
class PushSummary:
    """What was pushed: graph names in order and their triple count."""

    pushed: list[URIRef] = field(default_factory=list)
    triples: int = 0

    @property
    def graphs(self) -> int:
        return len(self.pushed)


def graph_ntriples(store: GraphStore, name: URIRef) -> bytes:
    """One named graph of the local store as N-Triples."""
    return store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))


def push_store(store: GraphStore, client: SparqlClient, summary: PushSummary | None = None,
               on_pushed: Callable[[URIRef], None] | None = None) -> PushSummary:
    """Replace each of the store's named graphs on the endpoint. Fills `summary` as it goes, so a
    caller still knows what was pushed when a request fails (each graph is replaced atomically)."""
    summary = summary if summary is not None else PushSummary()
    for name in store.graph_names():
        data = graph_ntriples(store, name)
        client.replace_graph(name, data)
        summary.pushed.append(name)
        summary.triples += data.count(b"\n")
        if on_pushed:
            on_pushed(name)
    return summary
