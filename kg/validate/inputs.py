"""What `kg validate` validates: list files (built on the fly), built graph files, or the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from kg.errors import InputError
from kg.graph.iris import Iris
from kg.graph.registry_triples import registry_triples
from kg.graph.store import GraphStore, to_rdflib
from kg.graph.vocabulary import KG
from kg.pipeline import build_list
from kg.remote.client import SparqlClient
from kg.remote.endpoint import Endpoint
from kg.statutes import Registry, Statute

LIST_GRAPH_PATH = "/graph/list/"          # see Iris.list_graph
GRAPH_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                 ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}


@dataclass
class ListGraph:
    """One list's graph and the IRI of its kg:PowerList node."""

    source: str
    graph: Graph
    list_iri: URIRef


@dataclass
class RegistryContext:
    """The registry as validation needs it: the records by IRI, and the statute-level registry
    triples (title, level, status; not the versions' texts, which take seconds to build and which
    validation reads from the records) of each statute a list cites, built when first cited."""

    statutes: dict[URIRef, Statute]
    iris: Iris
    _triples: dict[URIRef, list[tuple]] = field(default_factory=dict, repr=False)

    def statute_triples(self, statute_iri: URIRef) -> list[tuple]:
        """The registry triples about one statute (none when the registry has no such statute)."""
        if statute_iri not in self._triples:
            statute = self.statutes.get(statute_iri)
            graph = registry_triples([replace(statute, versions=[], declared_status=statute.status)]
                                     if statute else [], self.iris)
            self._triples[statute_iri] = list(graph.triples((statute_iri, None, None)))
        return self._triples[statute_iri]


def registry_context(registry: Registry, iris: Iris) -> RegistryContext:
    """The registry's records by IRI; their triples are built as lists cite them."""
    return RegistryContext({iris.statute(s.id): s for s in registry.statutes.values()}, iris)


def is_graph_file(path: Path) -> bool:
    """A built graph (.ttl .nt .trig .nq) rather than a list to read."""
    return path.suffix.lower() in GRAPH_FORMATS


def list_graphs_of_file(path: Path, registry: Registry, iris: Iris) -> list[ListGraph]:
    """A list file built into its graph, or every list of a built graph file (.ttl .nt .trig .nq)."""
    if not is_graph_file(path):
        built = build_list(path, registry, iris)
        return [ListGraph(str(path), built.graph, _only_list(built.graph, path))]
    graphs = _parse_graph_file(path)
    found = [ListGraph(str(path), graph, iri) for graph in graphs for iri in _list_iris(graph)]
    if not found:
        raise InputError(str(path), "no list (kg:PowerList) in this graph; build it with `kg build --export`")
    return found


def list_graphs_of_store(store: GraphStore) -> Iterator[ListGraph]:
    """Every list graph in the store ({base}graph/list/{key}), one at a time."""
    for name in list_graph_names(store.graph_names()):
        yield from lists_of_graph(name, store.graph(URIRef(name)))


def list_graph_names(names: Iterable) -> list[str]:
    """The names of list graphs ({base}graph/list/{key}) among a store's graph names, sorted."""
    return sorted(str(name) for name in names if LIST_GRAPH_PATH in str(name))


def lists_of_graph(name: str, graph: Graph) -> list[ListGraph]:
    """The lists (kg:PowerList nodes) of one named graph."""
    return [ListGraph(name, graph, iri) for iri in _list_iris(graph)]


def _list_iris(graph: Graph) -> list[URIRef]:
    """The lists (kg:PowerList nodes) of a graph, sorted."""
    return sorted(iri for iri in graph.subjects(RDF.type, KG.PowerList) if isinstance(iri, URIRef))


class NamedGraphs(Protocol):
    """A store with named graphs: the local GraphStore or a remote SparqlClient."""

    def graph_names(self) -> list[URIRef]: ...

    def graph(self, name: URIRef) -> Graph: ...


class ListGraphSource:
    """The list graphs of a store, local or remote, read one at a time. Picklable: each process
    that reads them opens the store itself (`opener`), so worker processes can share the work."""

    def __init__(self, where: str, opener: Callable[[], NamedGraphs]):
        self.where = where                  # the store's path or endpoint, for messages
        self._open = opener
        self._store: NamedGraphs | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_store": None}

    @property
    def store(self) -> NamedGraphs:
        if self._store is None:
            self._store = self._open()
        return self._store

    def names(self) -> list[str]:
        """The list graphs' names, sorted."""
        return list_graph_names(self.store.graph_names())

    def read(self, name: str) -> list[ListGraph]:
        """The lists of one named graph."""
        return lists_of_graph(name, self.store.graph(URIRef(name)))


def store_lists(path: Path) -> ListGraphSource:
    """The list graphs of the local store at `path`, opened read-only."""
    return ListGraphSource(str(path), partial(GraphStore, path, read_only=True))


def endpoint_lists(endpoint: Endpoint) -> ListGraphSource:
    """The list graphs of a remote SPARQL store."""
    return ListGraphSource(endpoint.query_url, partial(SparqlClient, endpoint))


def base_of(list_iri: URIRef) -> str:
    """The IRI base a list was built with ({base}list/{key})."""
    return str(list_iri).rsplit("list/", 1)[0]


def _only_list(graph: Graph, path: Path) -> URIRef:
    lists = _list_iris(graph)
    if len(lists) != 1:
        raise InputError(str(path), f"expected one list, the built graph has {len(lists)}")
    return lists[0]


def _parse_graph_file(path: Path) -> list[Graph]:
    """The graphs of a graph file that hold a list: each named graph of a TriG/N-Quads file (the
    registry and ontology graphs an export also holds are skipped), or the one graph of a
    Turtle/N-Triples file. Parsed with Oxigraph, several times faster than rdflib's parsers."""
    try:
        quads = list(ox.parse(path=str(path), format=GRAPH_FORMATS[path.suffix.lower()]))
    except FileNotFoundError as error:
        raise InputError(str(path), "no such file") from error
    except (SyntaxError, ValueError, OSError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(str(path), f"not valid RDF: {first}") from error
    power_list = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.PowerList)))
    with_lists = {q.graph_name for q in quads if (q.predicate, q.object) == power_list}
    graphs: dict = {name: Graph() for name in with_lists}
    for quad in quads:
        if quad.graph_name in graphs:
            graphs[quad.graph_name].add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return list(graphs.values())
