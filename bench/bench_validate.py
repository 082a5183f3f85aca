"""Validation speed: each real list, then lists grown from them (items repeated, renamed), and
`kg validate FILE` end to end.

    .venv/bin/python bench/bench_validate.py [--sizes 100,400,1600]

Times are CPU seconds (the machine is shared with other engineers' runs); wall time is given
for the end-to-end command too.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from rdflib import RDF, Graph

from kg.graph.iris import Iris
from kg.graph.list_triples import ListSource, list_key, list_triples
from kg.graph.vocabulary import KG
from kg.paths import LISTS, PROJECT_ROOT
from kg.pipeline import build_list, cite_document, read_source
from kg.statutes import load_registry
from kg.validate.facts import list_facts
from kg.validate.inputs import registry_context
from kg.validate.run import shacl_results, validate_list
from kg.validate.view import read_list_view


def cpu(action):
    start = time.process_time()
    value = action()
    return value, time.process_time() - start


def stages(graph, list_iri, context) -> tuple[float, float, float, int]:
    """CPU seconds of facts, pyshacl and the whole validate_list; triples validated."""
    view = read_list_view(graph, list_iri)
    _, facts_time = cpu(lambda: list_facts(view, context.statutes))
    fresh = graph + Graph()             # validate_list extends the graph it is given
    _, total = cpu(lambda: validate_list(fresh, list_iri, context))
    _, shacl_time = cpu(lambda: shacl_results(fresh))
    return facts_time, shacl_time, total, len(fresh)


def grown(paths, registry, iris, size: int):
    """A list of `size` items: the real lists' items repeated, each copy renamed (no duplicates)."""
    documents = [cite_document(read_source(path).document, registry) for path in paths]
    base = [item for document in documents for item in document.items]
    items = [replace(base[i % len(base)], name=f"{base[i % len(base)].name}（{i}）", seq=str(i + 1))
             for i in range(size)]
    document = replace(documents[0], items=items, catalogs=[], title=f"bench {size}")
    source = ListSource(document, f"bench {size}".encode())
    graph = list_triples(source, registry, iris)
    return graph, iris.list(list_key(source, iris))


def main(sizes: list[int]) -> None:
    registry, iris = load_registry(), Iris()
    context = registry_context(registry, iris)
    paths = sorted(p for p in LISTS.iterdir() if p.is_file())
    print("| list | items | triples validated | facts | pyshacl | validate_list |")
    print("|---|---|---|---|---|---|")
    for path in paths:
        built = build_list(path, registry, iris)
        list_iri = next(built.graph.subjects(RDF.type, KG.PowerList))
        validate_list(built.graph, list_iri, context)      # warm the caches
        facts, shacl, total, triples = stages(built.graph, list_iri, context)
        print(f"| {path.name} | {built.items} | {triples} | {facts:.2f} s | {shacl:.2f} s | {total:.2f} s |")
    for size in sizes:
        graph, list_iri = grown(paths, registry, iris, size)
        facts, shacl, total, triples = stages(graph, list_iri, context)
        print(f"| grown | {size} | {triples} | {facts:.2f} s | {shacl:.2f} s | {total:.2f} s |")
    print("\n| command (new process: start-up, imports, registry, read, cite, build, validate) | CPU | wall |")
    print("|---|---|---|")
    for path in paths:
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "kg"), "validate", str(path), "--format", "json"],
                       cwd=PROJECT_ROOT, capture_output=True, check=False)
        wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"| `kg validate data/lists/{path.name}` | {used:.2f} s | {wall:.2f} s |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,400,1600")
    main([int(size) for size in parser.parse_args().sizes.split(",")])
