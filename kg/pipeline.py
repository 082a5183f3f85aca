"""The spine of the build: one list file through read → cite → resolve → penalties → triples.

Each stage takes the finished records of the stages before it and none goes back: `read_source`
(ingest), `cite_document` (cite and resolve: every `Citation` leaves with its resolution),
`penalize_document` (penalty: each citation with the sanctions of its quote that differ from the
canonical article), `graph_of_list` (graph: records → one named graph). `build_lists` runs the spine
over many files, in worker processes for a large build; `load_lists` puts their graphs in the
store (each list once, the bulk loader for a large build) and `load_registry_graphs` the graphs
beside them. `kg extract`, `kg build`, `kg validate` and the web workspace call these; none of
them strings stages together on its own.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cite.extract import extract_citations
from kg.cite.records import Citation, CitationFlag
from kg.errors import InputError
from kg.files import read_bounded
from kg.ingest.decode import MAX_BYTES
from kg.ingest.read import read_list
from kg.ingest.records import Item, ListDocument
from kg.penalty.quotes import differing_quote_sanctions
from kg.statutes import Registry, load_registry, resolve_citations

# The graph stage (rdflib, pyoxigraph) is imported only by the functions that build graphs, so
# `kg extract` does not pay for it.
if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from kg.graph.iris import Iris
    from kg.graph.list_triples import ListSource
    from kg.graph.store import GraphStore

UNATTRIBUTED_FLAG = "provision-without-document"
ILLEGIBLE_FLAG = "illegible-citation"
LARGE_BUILD = 50            # files: from here on, worker processes and the store's bulk loader pay off
LISTS_PER_TASK = 4          # files a worker takes at once: fewer round trips, still even shares


# ------------------------------------------------------------------ read

def read_source(path: Path) -> ListSource:
    """A list file's records and bytes (the bytes key the list when it names no agency/title)."""
    from kg.graph.list_triples import ListSource

    if path.exists() and not (path.is_file() or path.is_dir()):
        raise InputError(str(path), "not a regular file (a pipe or a device); save the list to a file")
    content = read_bounded(path, MAX_BYTES)     # refused by its size before it is read whole
    return ListSource(read_list(path), content)


# ------------------------------------------------------------------ cite and resolve

def cite_item(item: Item, registry: Registry) -> Item:
    """The item with the citations of its basis extracted and resolved.

    Some citations cite nothing a lawyer could look up: a provision with no document anywhere
    before it (第二条 after an OCR-cut title, "37号) 第二条"), a 《》 title that names no document
    (《世界》), a document whose provision is unreadable (《…法》第一个工事). They are kept in
    `unattributed` and the item is flagged, so the report shows them instead of the graph linking
    the item to nowhere.
    """
    citations = resolve_citations(extract_citations(item.basis), registry)
    attributed: list[Citation] = []
    unattributed: list[Citation] = []
    for citation in citations:
        (attributed if _can_be_looked_up(citation) else unattributed).append(citation)
    flags = list(item.flags)
    if any(not (c.statute or c.doc_number) for c in unattributed):
        flags.append(UNATTRIBUTED_FLAG)
    if any(c.statute or c.doc_number for c in unattributed):
        flags.append(ILLEGIBLE_FLAG)
    return replace(item, citations=attributed, unattributed=unattributed, flags=flags)


def _can_be_looked_up(citation: Citation) -> bool:
    return bool(citation.statute or citation.doc_number) and not (
        {CitationFlag.NOT_A_DOCUMENT_TITLE, CitationFlag.UNREADABLE_PROVISION} & set(citation.flags))


def cite_document(document: ListDocument, registry: Registry) -> ListDocument:
    """The document with every item's citations extracted from its basis and resolved."""
    return replace(document, items=[cite_item(item, registry) for item in document.items])


# ------------------------------------------------------------------ penalties

def penalize_document(document: ListDocument, registry: Registry) -> ListDocument:
    """The cited document with each citation's `quote_sanctions`: those its quote states where
    they differ from the registry's text of the article (kg.penalty.quotes)."""
    return replace(document, items=[_penalized(item, registry) for item in document.items])


def _penalized(item: Item, registry: Registry) -> Item:
    """The item, copied only when a citation of it misquotes a sanction (most do not)."""
    differing = [differing_quote_sanctions(citation, registry) for citation in item.citations]
    if not any(differing):
        return item
    return replace(item, citations=[replace(citation, quote_sanctions=sanctions) if sanctions else citation
                                    for citation, sanctions in zip(item.citations, differing, strict=True)])


# ------------------------------------------------------------------ triples

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
        from rdflib import Graph

        return Graph().parse(data=self.ntriples, format="nt")


def graph_of_list(source: ListSource, registry: Registry, iris: Iris) -> BuiltList:
    """A list as read → cited, resolved, penalized → its named graph."""
    from kg.graph.list_triples import ListSource, list_key, list_statements
    from kg.graph.store import ntriples

    document = penalize_document(cite_document(source.document, registry), registry)
    source = ListSource(document, source.content)
    key = list_key(source, iris)
    citations = [c for item in document.items for c in item.citations]
    return BuiltList(
        source=document.source, key=key, graph_name=iris.list_graph(key),
        ntriples=ntriples(list_statements(source, registry, iris)),
        items=len(document.items), citations=len(citations),
        resolved=sum(1 for c in citations if c.statute_id),
    )


def build_list(path: Path, registry: Registry, iris: Iris) -> BuiltList:
    """The named graph of one list file; raises InputError for a file that cannot be read."""
    return replace(graph_of_list(read_source(path), registry, iris), source=str(path))


# ------------------------------------------------------------------ many files

def workers_for(files: int, jobs: int | None = None) -> int:
    """The worker processes a build of `files` files uses: `jobs` when given, else one per CPU
    for a large build (LARGE_BUILD files on), else 1."""
    return jobs or ((os.cpu_count() or 1) if files >= LARGE_BUILD else 1)


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
    from kg.graph.iris import Iris

    _worker = (load_registry(registry_path), Iris(base))


def _build_in_worker(path: Path) -> BuiltList | InputError:
    assert _worker is not None, "a worker process starts with _start_worker"
    return _build_or_error(path, *_worker)


# ------------------------------------------------------------------ into the store

@dataclass(frozen=True)
class Repeat:
    """A file whose list (same agency and content) an earlier file of the same build gave."""

    source: str
    first: str                     # the file that gave the list


BuildEvent = BuiltList | InputError | Repeat


def load_lists(paths: list[Path], graph_store: GraphStore, iris: Iris, registry_path: Path, jobs: int,
               seen: Callable[[BuildEvent], None]) -> None:
    """Build each file and swap its graph into the store, replacing the list's previous graph;
    `seen` hears of every file in the order of `paths`: its BuiltList, the InputError that
    stopped it (nothing of it reaches the store), or that it repeats a list already built.
    A large build (LARGE_BUILD files on) goes through the store's bulk loader."""
    graphs = _distinct(build_lists(paths, registry_path, iris, jobs), seen)
    if len(paths) >= LARGE_BUILD:
        graph_store.bulk_replace_graphs(graphs)
        return
    for name, text in graphs:
        graph_store.replace_graph_text(name, text)


def _distinct(results: Iterable[BuiltList | InputError], seen: Callable[[BuildEvent], None]
              ) -> Iterator[tuple[URIRef, str]]:
    """(graph name, N-Triples) of each list built, once per list."""
    built_from: dict[str, str] = {}
    for result in results:
        if isinstance(result, InputError):
            seen(result)
        elif result.key in built_from:
            seen(Repeat(result.source, built_from[result.key]))
        else:
            seen(result)
            built_from[result.key] = result.source
            yield result.graph_name, result.ntriples


def load_registry_graphs(graph_store: GraphStore, registry: Registry, iris: Iris) -> None:
    """The registry's graph (of the statutes the store's lists cite) and the vocabulary's, each
    swapped in whole."""
    from kg.graph.build import build_ontology, build_registry
    from kg.graph.registry_triples import cited_statute_ids

    cited = cited_statute_ids(graph_store.oxigraph, registry.statutes, iris)
    graph_store.replace_graph(iris.registry_graph, build_registry(registry, iris, cited))
    graph_store.replace_graph(iris.ontology_graph, build_ontology())
