"""Store engine choice: load and query the same named graphs in rdflib and in Oxigraph.

Usage:
  .venv/bin/python bench/generate_corpus.py --scale 100 --out /tmp/corpus-100
  .venv/bin/python bench/bench_store.py --corpus /tmp/corpus-100 [--rdflib-query-cap 60]

The lists are built once in memory (read → cite → resolve → triples, as `kg build` does), with
the registry graph; then each engine loads all named graphs and runs a few named queries:
- rdflib Dataset (Memory store) with rdflib's SPARQL engine;
- rdflib Dataset over oxrdflib's Oxigraph store (rdflib API, Oxigraph underneath);
- pyoxigraph in memory (Store.extend), and pyoxigraph on disk through GraphStore.replace_graph
  (one SPARQL update per graph: what `kg build` does).
Queries run with the union default graph, best of 3 (rdflib once, stopped at the cap).
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.graph.build import build_registry
from kg.graph.iris import Iris
from kg.graph.store import GraphStore, to_oxigraph
from kg.graph.vocabulary import KG
from kg.pipeline import build_list
from kg.query.named import find_query
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner, RdflibRunner
from kg.statutes import load_registry

QUERIES = {
    "items-citing": {"statute": "社会保险法", "article": "87"},
    "citation-counts": {},
    "items-citing-unresolved-or-repealed": {},
    "article-text": {"statute": "社会保险法", "article": "87"},
}


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def best_of(runs, action):
    return min(timed(action)[1] for _ in range(runs))


def _query_in_child(dataset, name, values, queue):
    registry = load_registry()
    _, seconds = timed(lambda: run_named_query(find_query(name), values, RdflibRunner(dataset),
                                               registry, Iris()))
    queue.put(seconds)


def rdflib_query_seconds(dataset, name, values, cap):
    """One rdflib run in a child process, stopped after `cap` seconds (None when stopped)."""
    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_query_in_child,
                                                        args=(dataset, name, values, queue))
    child.start()
    child.join(cap)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--rdflib-query-cap", type=float, default=60.0)
    arguments = parser.parse_args()
    registry, iris = load_registry(), Iris()

    files = sorted(p for p in arguments.corpus.iterdir() if p.is_file())
    built, seconds = timed(lambda: [build_list(path, registry, iris) for path in files])
    cited = {str(o) for b in built for o in b.graph.objects(None, KG.citedStatute)}
    cited_ids = {i for i in registry.statutes if str(iris.statute(i)) in cited}     # not all 3,300 texts
    registry_graph = build_registry(registry, iris, cited_ids)
    graphs = [*((b.graph_name, b.graph) for b in built), (iris.registry_graph, registry_graph)]
    triples = sum(len(g) for _, g in graphs)
    print(f"{len(files)} lists, {sum(b.items for b in built)} items, {triples} triples; "
          f"built in memory in {seconds:.1f} s")

    def rdflib_load(store="default"):
        dataset = Dataset(store=store)
        for name, graph in graphs:
            target = dataset.graph(name)
            for triple in graph:
                target.add(triple)
        return dataset

    def oxigraph_memory():
        store = ox.Store()
        store.extend(ox.Quad(*map(to_oxigraph, t), ox.NamedNode(str(name))) for name, g in graphs for t in g)
        return store

    directory = Path(tempfile.mkdtemp(prefix="bench-store-"))

    def oxigraph_disk():
        store = GraphStore(directory / "store")
        for name, graph in graphs:
            store.replace_graph(name, graph)
        store.flush()
        return store

    rdflib_dataset, rdflib_seconds = timed(rdflib_load)
    oxrdflib_dataset, oxrdflib_seconds = timed(lambda: rdflib_load("Oxigraph"))
    memory_store, memory_seconds = timed(oxigraph_memory)
    disk_store, disk_seconds = timed(oxigraph_disk)
    print("\n| engine | load | triples/s |\n|---|---|---|")
    for label, spent in (("rdflib Memory (Dataset.add)", rdflib_seconds),
                         ("rdflib API over oxrdflib (Dataset.add)", oxrdflib_seconds),
                         ("pyoxigraph in memory (extend)", memory_seconds),
                         ("pyoxigraph on disk (GraphStore.replace_graph)", disk_seconds)):
        print(f"| {label} | {spent:.2f} s | {triples / spent:,.0f} |")

    print("\n| query | rdflib Memory | oxrdflib (rdflib engine) | pyoxigraph memory | pyoxigraph disk |\n"
          "|---|---|---|---|---|")
    memory, disk = OxigraphRunner(memory_store), OxigraphRunner(disk_store.oxigraph)
    for name, values in QUERIES.items():
        query = find_query(name)
        cells = []
        for dataset in (rdflib_dataset, oxrdflib_dataset):
            spent = rdflib_query_seconds(dataset, name, values, arguments.rdflib_query_cap)
            cells.append(f"> {arguments.rdflib_query_cap:.0f} s" if spent is None else f"{spent * 1000:,.0f} ms")
        for runner in (memory, disk):
            spent = best_of(3, partial(run_named_query, query, values, runner, registry, iris))
            cells.append(f"{spent * 1000:,.1f} ms")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
