"""The named graphs beside the lists': the statute registry's and the vocabulary's. (A list's
own graph is made by kg.pipeline, from its finished records, through list_triples.)"""

from __future__ import annotations

from rdflib import Graph

from kg.graph.iris import Iris
from kg.graph.registry_triples import registry_triples
from kg.graph.vocabulary import vocabulary
from kg.statutes import Registry


def build_registry(registry: Registry, iris: Iris, cited: set[str] | None = None) -> Graph:
    """The registry's named graph: of the statutes `cited` (ids; see `cited_statute_ids`), or of
    every statute when None (thousands of texts with the national corpus: seconds and millions
    of triples)."""
    statutes = registry.statutes.values() if cited is None else [
        statute for statute_id, statute in registry.statutes.items() if statute_id in cited]
    return registry_triples(statutes, iris)


def build_ontology() -> Graph:
    """The vocabulary's named graph (ontology/kg.ttl: classes, properties, category scheme)."""
    return vocabulary()
