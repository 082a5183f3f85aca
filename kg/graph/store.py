"""The persistent local store: Oxigraph on disk (pyoxigraph), one named graph per list.

Chosen by measurement (bench/RESULTS.md): pyoxigraph loads about 10× and queries 10–100× faster
than rdflib's in-memory store, and keeps the data on disk without a server. A graph is computed
whole before the store sees it, then swapped in with one SPARQL update (a single transaction), so
a failed build never leaves a half-written graph behind. Many graphs at once (a province, the
country) go through Oxigraph's bulk loader instead: written to a TriG spool file first, so a list
that fails to build still touches nothing, then loaded without per-transaction cost.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.graph.iris import base_of_graphs
from kg.graph.vocabulary import PREFIXES

DEFAULT_STORE = Path(".kg/store")
T = TypeVar("T")
R = TypeVar("R")
STORE_ENV = "KG_STORE"
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")

EXPORT_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
                  ".nquads": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
                  ".nt": ox.RdfFormat.N_TRIPLES}


def configured_store_path(path: Path | None = None) -> Path:
    """The store directory: the argument, else $KG_STORE, else ./.kg/store."""
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def once_per_term(convert: Callable[[T], R], key: Callable[[T], Hashable] = lambda term: term
                  ) -> Callable[[T | None], R | None]:
    """`convert`, run once per distinct term (told apart by `key`) and remembered: graphs and query
    results repeat the same terms (predicates, agencies, statutes) row after row. None stays None
    (an unbound variable)."""
    done: dict[Hashable, R] = {}

    def converted(term: T | None) -> R | None:
        if term is None:
            return None
        known = key(term)
        found = done.get(known)
        if found is None:
            found = done[known] = convert(term)
        return found
    return converted


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples text of rdflib triples, each term written by pyoxigraph (escaping included)."""
    def oxigraph_text(term: Node) -> str:
        return str(to_oxigraph(term))
    written = once_per_term(oxigraph_text)
    return "".join(f"{written(s)} {written(p)} {written(o)} .\n" for s, p, o in triples)


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None: an unbound variable)."""
    return None if term is None else rdflib_term(term)


def rdflib_term(term) -> Node:
    """A pyoxigraph term (never None) as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == XSD_STRING:
        return Literal(term.value)             # a simple literal, as rdflib writes it
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class GraphStore:
    """Named graphs in an Oxigraph store, on disk at `path` or in memory when `path` is None."""

    def __init__(self, path: Path | None = None, read_only: bool = False):
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.exists():
                    raise InputError(str(path), "no store here; run `kg build` first")
                self._store = ox.Store.read_only(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise InputError(str(path), f"cannot open the store ({_first_line(error)}); "
                                        "is another kg command using it?") from error
        except RuntimeError as error:           # RocksDB: "Corruption: …", a file missing or cut
            raise damaged(path, error) from error
        if path is not None and not read_only:
            remove_stale_spools(path)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for query runners)."""
        return self._store

    def replace_graph(self, name: URIRef, triples: Graph | Iterable[tuple[Node, Node, Node]]) -> None:
        """Replace named graph `name` by `triples` in one transaction (old graph kept on failure)."""
        self.replace_graph_text(name, ntriples(triples))

    def replace_graph_text(self, name: URIRef, text: str) -> None:
        """Replace named graph `name` by the N-Triples `text` in one transaction."""
        self._store.update(f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{text}\n}} }}")

    def bulk_replace_graphs(self, graphs: Iterable[tuple[URIRef, str]]) -> list[URIRef]:
        """Replace many named graphs, each given as (name, N-Triples text), through the bulk loader;
        the names loaded, in order.

        The texts are spooled to a TriG file beside the store while `graphs` is consumed, so an
        error raised while producing them leaves the store untouched. Then the graphs already
        present are dropped (one transaction) and the file is bulk-loaded: fast, but a crash
        during that last step can leave some graphs missing or partial; building again repairs it.
        The store is compacted afterwards.
        """
        names: list[URIRef] = []
        spool_dir = self.path.parent if self.path is not None else None
        prefix = spool_prefix(self.path) if self.path is not None else "tmp"
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix=prefix, suffix=".trig", dir=spool_dir) as spool:
            for name, text in graphs:
                spool.write(f"<{name}> {{\n{text}}}\n")
                names.append(name)
            spool.flush()
            present = [name for name in names if self._store.contains_named_graph(ox.NamedNode(str(name)))]
            if present:
                self._store.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in present))
            self._store.bulk_load(path=spool.name, format=ox.RdfFormat.TRIG)
        # the bulk loader leaves many small sorted files: compacting them (8 s at national scale)
        # makes every later lookup about 3× faster
        self._store.optimize()
        return names

    def remove_graph(self, name: URIRef) -> None:
        """Drop a named graph if present."""
        self._store.update(f"DROP SILENT GRAPH <{name}>")

    def graph_names(self) -> list[URIRef]:
        """The named graphs, sorted."""
        try:
            return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        except RuntimeError as error:
            raise damaged(self.path, error) from error

    def base(self) -> str | None:
        """The IRI base the store was built with (read off its registry graph's name), if any."""
        return base_of_graphs(self.graph_names())

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        graph = Graph()
        try:
            graph.addN((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object), graph)
                       for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))
        except RuntimeError as error:
            raise damaged(self.path, error) from error
        return graph

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """Every quad as rdflib terms (subject, predicate, object, graph name: None for the default graph)."""
        for quad in self._store:
            yield (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object),
                   rdflib_term(quad.graph_name) if isinstance(quad.graph_name, ox.NamedNode) else None)

    def export(self, target: Path) -> None:
        """Write the store to `target`: TriG or N-Quads keep the named graphs; Turtle or
        N-Triples get their union. The format comes from the file extension. Written to a
        temporary file beside `target`, then renamed over it: a reader never sees half a file,
        and a failed or killed export leaves `target` as it was."""
        rdf_format = check_export_target(target)
        prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        temporary = None
        try:
            temporary = tempfile.NamedTemporaryFile("wb", dir=target.parent, prefix=f".{target.name}.",
                                                    suffix=".part", delete=False)
            with temporary as output:
                if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                    self._store.dump(output, rdf_format,
                                     prefixes=prefixes if rdf_format is ox.RdfFormat.TRIG else None)
                else:
                    union = ox.Store()
                    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self._store)
                    union.dump(output, rdf_format, from_graph=ox.DefaultGraph(),
                               prefixes=prefixes if rdf_format is ox.RdfFormat.TURTLE else None)
                output.flush()
                os.fsync(output.fileno())
            os.replace(temporary.name, target)
        except OSError as error:
            raise InputError(str(target), f"cannot write the export ({error.strerror or _first_line(error)}); "
                                          "the store itself is built") from error
        finally:
            if temporary is not None:
                Path(temporary.name).unlink(missing_ok=True)

    def flush(self) -> None:
        """Write buffered changes to disk."""
        if self.path is not None:
            self._store.flush()


def check_export_target(target: Path) -> ox.RdfFormat:
    """The RDF format for exporting to `target`; InputError, before anything is built, when the
    extension is unknown or its folder is missing or not writable."""
    rdf_format = EXPORT_FORMATS.get(target.suffix.lower())
    if rdf_format is None:
        raise InputError(str(target), "unknown export format; use .trig, .nq, .ttl or .nt")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(str(target), f"no such folder: {folder}")
    if target.is_dir():
        raise InputError(str(target), "is a folder, not a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(str(target), f"cannot write in {folder} (permission denied)")
    return rdf_format


def damaged(path: Path | None, error: Exception) -> InputError:
    """The error for a store whose files are damaged (RocksDB reports corruption as RuntimeError)."""
    return InputError(str(path), f"the store at {path} is damaged ({_first_line(error)[:160]}): delete it "
                                 "and rebuild it with `kg build`, or restore it from a backup")


def spool_prefix(store_path: Path) -> str:
    """The name every bulk-load spool file of the store at `store_path` starts with."""
    return f".{store_path.name}.spool-"


def remove_stale_spools(store_path: Path) -> None:
    """Remove spool files a killed bulk build left beside the store. Called with the store open
    for writing: its lock is held, so no other build is using them."""
    for stale in store_path.parent.glob(spool_prefix(store_path) + "*.trig"):
        stale.unlink(missing_ok=True)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
