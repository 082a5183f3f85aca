"""The build pipeline, file by file: read → cite → resolve → triples, each graph built whole in
memory before the store sees it; many files in parallel worker processes."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

from rdflib import Graph, URIRef

from kg.errors import InputError
from kg.files import read_bounded
from kg.graph.iris import Iris
from kg.graph.list_triples import ListSource, list_key, list_statements
from kg.graph.registry_triples import registry_triples
from kg.graph.store import ntriples
from kg.graph.vocabulary import vocabulary
from kg.ingest.decode import MAX_BYTES
from kg.ingest.read import read_list
from kg.pipeline import cite_document
from kg.statutes import Registry, load_registry

LISTS_PER_TASK = 4          # files a worker takes at once: fewer round trips, still even shares


@dataclass(frozen=True)
class BuiltList:
    """One list's named graph, ready to be swapped into the store, with its counts. The graph
    travels as N-Triples text: what the store loads, and cheap to pass between processes."""

    source: str
    key: str
    graph_name: URIRef
    ntriples: str
    items: int
    citations: int
    resolved: int                  # citations whose statute the registry knows

    @cached_property
    def graph(self) -> Graph:
        """The named graph as an rdflib Graph (parsed on first use)."""
        return Graph().parse(data=self.ntriples, format="nt")


def read_source(path: Path) -> ListSource:
    """A list file's records and bytes (the bytes key the list when it names no agency/title)."""
    if path.exists() and not (path.is_file() or path.is_dir()):
        raise InputError(str(path), "not a regular file (a pipe or a device); save the list to a file")
    content = read_bounded(path, MAX_BYTES)     # refused by its size before it is read whole
    return ListSource(read_list(path), content)


def build_list(path: Path, registry: Registry, iris: Iris) -> BuiltList:
    """The named graph of one list file; raises InputError for a file that cannot be read."""
    source = read_source(path)
    source = ListSource(cite_document(source.document, registry), source.content)
    key = list_key(source, iris)
    citations = [c for item in source.document.items for c in item.citations]
    return BuiltList(
        source=str(path), key=key, graph_name=iris.list_graph(key),
        ntriples=ntriples(list_statements(source, registry, iris)),
        items=len(source.document.items), citations=len(citations),
        resolved=sum(1 for c in citations if c.statute_id),
    )


def build_lists(paths: list[Path], registry_path: Path, iris: Iris, jobs: int = 1) -> Iterator[BuiltList | InputError]:
    """Each file's BuiltList, or the InputError that stopped it, in the order of `paths`; with
    jobs > 1 the files are built by that many worker processes, each loading the registry once."""
    if jobs <= 1 or len(paths) <= 1:
        registry = load_registry(registry_path)
        yield from (_build_or_error(path, registry, iris) for path in paths)
        return
    with multiprocessing.get_context("spawn").Pool(jobs, _start_worker, (registry_path, iris.base)) as pool:
        yield from pool.imap(_build_in_worker, paths, chunksize=LISTS_PER_TASK)


def _build_or_error(path: Path, registry: Registry, iris: Iris) -> BuiltList | InputError:
    try:
        return build_list(path, registry, iris)
    except InputError as error:
        return error


_worker: tuple[Registry, Iris] | None = None      # a worker process's registry and IRIs


def _start_worker(registry_path: Path, base: str) -> None:
    global _worker
    _worker = (load_registry(registry_path), Iris(base))


def _build_in_worker(path: Path) -> BuiltList | InputError:
    return _build_or_error(path, *_worker)


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
