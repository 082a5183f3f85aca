"""Pushing the local store to a remote endpoint: each named graph (every list, the registry, the
ontology, amendment graphs) replaced whole, one graph at a time."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from kg.graph.store import GraphStore
from kg.remote.client import SparqlClient

NAMES_SHOWN = 3          # graph names a partial push names in each of its two lists


@dataclass
class PushSummary:
    """What was pushed: graph names in order and their triple count, and the graphs to push."""

    pushed: list[URIRef] = field(default_factory=list)
    triples: int = 0
    planned: list[URIRef] = field(default_factory=list)

    @property
    def graphs(self) -> int:
        return len(self.pushed)

    def partial(self) -> str:
        """Which graphs a failed push replaced and which it did not, and how to complete it."""
        done = set(self.pushed)
        left = [name for name in self.planned if name not in done]
        return (f"{self.graphs} of {len(self.planned)} graphs were replaced before the failure "
                f"(each whole): {_names(self.pushed)}; not replaced: {_names(left)}; "
                "run `kg push` again to complete it")


def _names(names: list[URIRef]) -> str:
    shown = ", ".join(f"<{name}>" for name in names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else (shown or "none")


def graph_ntriples(store: GraphStore, name: URIRef) -> bytes:
    """One named graph of the local store as N-Triples."""
    written = io.BytesIO()
    store.oxigraph.dump(written, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))
    return written.getvalue()


def push_store(store: GraphStore, client: SparqlClient, summary: PushSummary | None = None,
               on_pushed: Callable[[URIRef], None] | None = None) -> PushSummary:
    """Replace each of the store's named graphs on the endpoint. Fills `summary` as it goes, so a
    caller still knows what was pushed when a request fails (each graph is replaced atomically)."""
    summary = summary if summary is not None else PushSummary()
    summary.planned = store.graph_names()
    for name in summary.planned:
        data = graph_ntriples(store, name)
        client.replace_graph(name, data)
        summary.pushed.append(name)
        summary.triples += data.count(b"\n")
        if on_pushed:
            on_pushed(name)
    return summary
