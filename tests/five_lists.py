"""The five bundled lists built into an on-disk store, for tests that need a real store."""

from __future__ import annotations

from pathlib import Path

from kg.graph.build import build_list, build_ontology, build_registry
from kg.graph.iris import Iris, configured_base
from kg.graph.registry_triples import cited_statute_ids
from kg.graph.store import GraphStore
from kg.paths import LISTS
from kg.statutes import Registry


def five_lists_store(path: Path, registry: Registry, with_registry: bool = True) -> GraphStore:
    """The five real lists and the ontology in a store at `path`, plus the registry graph unless
    `with_registry` is False (it takes ~5 s to build and validation does not read it)."""
    store = GraphStore(path)
    iris = Iris(configured_base())
    for file in sorted(LISTS.iterdir()):
        built = build_list(file, registry, iris)
        store.replace_graph_text(built.graph_name, built.ntriples)
    if with_registry:
        cited = cited_statute_ids(store.oxigraph, registry.statutes, iris)
        store.replace_graph(iris.registry_graph, build_registry(registry, iris, cited))
    store.replace_graph(iris.ontology_graph, build_ontology())
    store.flush()
    return store
