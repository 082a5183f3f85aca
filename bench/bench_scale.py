"""Scale benchmark: extract, build, validation and every named query on a generated corpus.

Usage:
  .venv/bin/python bench/generate_corpus.py --scale national --out /tmp/corpus-national
  .venv/bin/python bench/bench_scale.py --corpus /tmp/corpus-national --work /tmp/bench-national \
      [--phases build,validate,impact,query,server] [--validate-sample 50]
  (not in the default phases: floor; endpoint with --endpoint URL)

Phases (each appends its figures to WORK/results.json and prints a Markdown table):
- build: what `kg build` does for many files: each list read → cited and resolved → triples in
  --jobs worker processes, then Oxigraph's bulk loader into WORK/store; wall and CPU seconds,
  items/s, triples/s, peak memory (ru_maxrss, main process and largest worker), and the extract
  stage alone on one core over a sample of lists (items/s, citations/s);
- validate: an even sample of --validate-sample list graphs validated one by one (per-list times),
  then every list of the store as `kg validate --all` does it (--validate-workers processes;
  wall and CPU seconds), and one new list file validated against the full registry (built on
  the fly, as `kg validate FILE` does);
- impact: `kg impact` of SAMPLE_AMENDMENT on the store (wall seconds, citations checked): it
  records the amendment, as a user's check does, so items-affected-after has changes to join;
- query: every named query in queries/ on the embedded store (best of 3 runs, after one warm-up;
  a query slower than 10 s is timed once, one slower than --query-cap is stopped);
- server: the store pushed to a real `oxigraph serve` (.venv/bin/oxigraph, 127.0.0.1, a temp
  directory) through kg.remote, then every named query through SPARQLWrapper (best of 3), right
  after the push and again after `oxigraph optimize` (what background compaction comes to);
- floor: every named query on the on-disk store and on an in-memory copy, iterated in full and
  wrapped in COUNT(*) — what the engine takes without reading rows out (best of 2);
- endpoint: every named query through --endpoint, another server the store was loaded into.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


from kg.errors import InputError
from kg.graph.build import build_ontology, build_registry
from kg.graph.iris import Iris, configured_base
from kg.graph.registry_triples import cited_statute_ids
from kg.graph.store import GraphStore
from kg.paths import STATUTES
from kg.pipeline import build_lists, cite_document, read_source
from kg.query.bind import bind_parameters, bound_query
from kg.query.named import NamedQuery, named_queries
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner, QueryRunner
from kg.statutes import load_registry
from kg.validate.corpus import validate_corpus
from kg.validate.inputs import list_graphs_of_file, store_lists
from kg.validate.run import ListValidator

# a value for every parameter a named query requires (optional ones stay unbound)
SAMPLE_PARAMETERS = {"statute": "社会保险法", "article": "87", "category": "行政处罚",
                     "name": "骗取医疗保障基金", "violation": "骗取", "after": "2018-01-01",
                     "on": "2020-01-01"}
# queries whose parameters are all optional run with none, except article-text: without any it
# exports every citation with its article's text (141,521 rows nationally, timed apart in RESULTS);
# it is timed as its header's example
EXAMPLE_PARAMETERS = {"article-text": {"statute": "社会保险法", "article": "87"}}
QUERY_REPEAT_BELOW = 10.0     # seconds: slower queries are timed once
# the amendment `kg impact` checks and records (社会保险法 2010 → 2018 changed 第五十七、六十四、六十六条)
SAMPLE_AMENDMENT = ("社会保险法", "2010", "2018")


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system): the machine is
    shared, wall time is not."""
    return sum(usage.ru_utime + usage.ru_stime for usage in
               (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def peak_memory_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child so far, in MiB (Linux
    reports ru_maxrss in KiB)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def phase_build(corpus: Path, work: Path, jobs: int, extract_sample: int) -> dict:
    """Extract and build every list of `corpus` into WORK/store as `kg build` does (worker
    processes, then Oxigraph's bulk loader); then the extract stage alone, single process, on an
    evenly spaced sample of lists (items/s and citations/s per core)."""
    store_path = work / "store"
    shutil.rmtree(store_path, ignore_errors=True)
    store = GraphStore(store_path)
    registry = load_registry()
    iris = Iris(configured_base())
    paths = sorted(corpus.iterdir())
    counts = {"lists": 0, "failed": 0, "items": 0, "citations": 0}
    started, cpu_started = time.perf_counter(), cpu_seconds()

    def loadable():
        for built in build_lists(paths, STATUTES, iris, jobs):
            if isinstance(built, InputError):
                print(f"  skipped: {built.describe()}", file=sys.stderr)
                counts["failed"] += 1
                continue
            counts["lists"] += 1
            counts["items"] += built.items
            counts["citations"] += built.citations
            if counts["lists"] % 500 == 0:
                print(f"  {counts['lists']} lists, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            yield built.graph_name, built.ntriples

    store.bulk_replace_graphs(loadable())
    lists_done = time.perf_counter()
    registry_graph = build_registry(registry, iris, cited_statute_ids(store.oxigraph, registry.statutes, iris))
    store.replace_graph(iris.registry_graph, registry_graph)
    store.replace_graph(iris.ontology_graph, build_ontology())
    store.flush()
    total = time.perf_counter() - started
    cpu_total = cpu_seconds() - cpu_started
    triples = len(store.oxigraph)
    peak_main, peak_worker = peak_memory_mib()

    sample = paths[:: max(1, len(paths) // extract_sample)]
    sample_items = sample_citations = 0
    extract_started = time.perf_counter()
    for path in sample:
        try:
            document = cite_document(read_source(path).document, registry)
        except InputError:
            continue
        sample_items += len(document.items)
        sample_citations += sum(len(item.citations) for item in document.items)
    extract_seconds = time.perf_counter() - extract_started
    return {**counts, "jobs": jobs, "triples": triples, "registry_triples": len(registry_graph),
            "seconds": total, "lists_seconds": lists_done - started, "cpu_seconds": cpu_total,
            "triples_per_s": triples / total, "items_per_s": counts["items"] / total,
            "peak_memory_mib": peak_main, "peak_worker_memory_mib": peak_worker,
            "extract_sample_lists": len(sample),
            "extract_items_per_s_one_core": sample_items / extract_seconds,
            "extract_citations_per_s_one_core": sample_citations / extract_seconds}


def phase_validate(corpus: Path, work: Path, sample: int | None, workers: int) -> dict:
    """SHACL validation: an even sample of the store's lists one by one (per-list figures), the
    whole store as `kg validate --all` runs it (`workers` processes), and one new list file
    against the full registry (built on the fly, as `kg validate FILE` does)."""
    registry = load_registry()
    iris = Iris(configured_base())
    source = store_lists(work / "store")
    names = source.names()
    chosen = names[:: max(1, len(names) // (sample or 50))]
    validator = ListValidator(registry)
    per_list, findings = [], 0
    cpu_started = cpu_seconds()
    for name in chosen:
        t0 = time.perf_counter()
        for list_graph in source.read(name):       # read from the store, as `kg validate --all` does
            findings += len(validator(list_graph))
        per_list.append(time.perf_counter() - t0)
    sample_cpu = cpu_seconds() - cpu_started

    cpu_started, t0 = cpu_seconds(), time.perf_counter()
    reports = list(validate_corpus(source, names, registry, workers))
    whole = time.perf_counter() - t0
    whole_cpu = cpu_seconds() - cpu_started         # the workers have ended: their CPU counts

    new_file = sorted(corpus.iterdir())[-1]
    t0 = time.perf_counter()
    for list_graph in list_graphs_of_file(new_file, registry, iris):
        validator(list_graph)
    one_new = time.perf_counter() - t0
    half = len(per_list) // 2 or 1
    return {"lists": len(names), "sampled": len(chosen), "sample_findings": findings,
            "mean_per_list_s": sum(per_list) / len(per_list),
            "first_half_mean_s": sum(per_list[:half]) / half,
            "second_half_mean_s": sum(per_list[half:]) / max(1, len(per_list) - half),
            "max_per_list_s": max(per_list), "sample_cpu_per_list_s": sample_cpu / len(chosen),
            "workers": workers, "whole_corpus_s": whole, "whole_corpus_cpu_s": whole_cpu,
            "reports": sum(1 for r in reports if not isinstance(r, InputError)),
            "findings": sum(len(r.findings) for r in reports if not isinstance(r, InputError)),
            "unreadable": sum(1 for r in reports if isinstance(r, InputError)),
            "one_new_list_s": one_new, "load_average": os.getloadavg(),
            "peak_memory_mib": peak_memory_mib()}


def bench_values(name: str, named: NamedQuery) -> dict[str, str]:
    """The parameters a named query is timed with: its header's example, else the sample values
    of its required parameters."""
    return EXAMPLE_PARAMETERS.get(name) or {p.name: SAMPLE_PARAMETERS[p.name]
                                            for p in named.parameters if not p.optional}


def query_latencies(runner: QueryRunner, names: list[str] | None = None, repeats: int = 3) -> dict:
    """Best-of-`repeats` latency and row count of each named query (one warm-up run first)."""
    registry = load_registry()
    iris = Iris(configured_base())
    results = {}
    for name, named in named_queries().items():
        if names and name not in names:
            continue
        values = bench_values(name, named)
        t0, c0 = time.perf_counter(), cpu_seconds()
        try:
            rows = len(run_named_query(named, values, runner, registry, iris).rows)
        except InputError as error:            # e.g. the server's own query timeout
            results[name] = {"seconds": None, "first_run_s": time.perf_counter() - t0,
                             "error": error.describe()}
            continue
        best, best_cpu = time.perf_counter() - t0, cpu_seconds() - c0
        first = best
        for _ in range(repeats if best < QUERY_REPEAT_BELOW else 0):
            t0, c0 = time.perf_counter(), cpu_seconds()
            run_named_query(named, values, runner, registry, iris)
            best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, cpu_seconds() - c0)
        # CPU seconds of this process: the query engine (embedded) or the client's share (server)
        results[name] = {"seconds": best, "cpu_seconds": best_cpu, "first_run_s": first, "rows": rows}
    return results


def phase_query(work: Path, cap: float) -> dict:
    """Every named query on the embedded store, each in a child process stopped after `cap` s
    (pyoxigraph cannot interrupt a running query)."""
    results = {}
    for name in named_queries():
        command = [sys.executable, __file__, "--work", str(work), "--one-query", name]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=cap, check=True)
            results[name] = json.loads(done.stdout)[name]
        except subprocess.TimeoutExpired:
            results[name] = {"seconds": None, "error": f"stopped after {cap:g} s"}
        print(f"  {name}: {results[name]}", file=sys.stderr)
    return results


def phase_impact(work: Path) -> dict:
    """`kg impact` of SAMPLE_AMENDMENT over the whole store, as a user runs it (it records the
    amendment in the store); wall seconds and how many citations its report lists as affected,
    unchanged and unmatched."""
    statute, old, new = SAMPLE_AMENDMENT
    report = work / "impact.json"
    gc.collect()          # the build phase's store handle, if still held, would keep the store locked
    command = [str(Path(sys.executable).with_name("kg")), "impact", statute, "--from", old, "--to", new,
               "--store", str(work / "store"), "--format", "json", "--output", str(report)]
    t0, c0 = time.perf_counter(), cpu_seconds()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    found = json.loads(report.read_text(encoding="utf-8"))
    return {"amendment": " → ".join(SAMPLE_AMENDMENT), "seconds": seconds, "cpu_seconds": cpu,
            **{part: len(found[part]) for part in ("affected", "unchanged", "unmatched")}}


def one_query(work: Path, name: str) -> dict:
    store = GraphStore(work / "store", read_only=True)
    return query_latencies(OxigraphRunner(store.oxigraph), [name])


def phase_server(work: Path, cap: float) -> dict:
    """Push the store to a fresh Oxigraph server and time every named query through it twice:
    right after the push, and after `oxigraph optimize` (the server stopped, its RocksDB
    compacted, restarted), as a server whose background compaction has settled serves them. The
    server stops a query after `cap` s."""
    from kg.remote.client import SparqlClient
    from kg.remote.endpoint import endpoint_for
    from kg.remote.push import push_store
    from oxigraph_server import OXIGRAPH, running_oxigraph_server

    def client_of(base_url: str) -> SparqlClient:
        return SparqlClient(replace(endpoint_for(f"{base_url}/query"), timeout=cap + 5, attempts=1))

    store = GraphStore(work / "store", read_only=True)
    shutil.rmtree(work / "server", ignore_errors=True)
    with running_oxigraph_server(work / "server", timeout_s=cap) as base_url:
        client = client_of(base_url)
        t0 = time.perf_counter()
        pushed = push_store(store, client)
        push_seconds = time.perf_counter() - t0
        after_push = query_latencies(client)
    t0 = time.perf_counter()
    subprocess.run([str(OXIGRAPH), "optimize", "--location", str(work / "server")], check=True,
                   stdout=subprocess.DEVNULL)
    optimize_seconds = time.perf_counter() - t0
    with running_oxigraph_server(work / "server", timeout_s=cap) as base_url:
        optimized = query_latencies(client_of(base_url))
    return {"push_seconds": push_seconds, "graphs": pushed.graphs, "triples": pushed.triples,
            "triples_per_s": pushed.triples / push_seconds, "queries_after_push": after_push,
            "optimize_seconds": optimize_seconds, "queries": optimized}


def phase_endpoint(url: str, cap: float) -> dict:
    """Every named query through another server already loaded with the store (best of 3)."""
    from kg.remote.client import SparqlClient
    from kg.remote.endpoint import endpoint_for

    client = SparqlClient(replace(endpoint_for(url), timeout=cap, attempts=1))
    return {"endpoint": url, "queries": query_latencies(client)}


def phase_floor(work: Path) -> dict:
    """What the engine itself takes: every named query on the on-disk store and on an in-memory
    copy, each iterated in full and wrapped in COUNT(*) (joins evaluated, no term decoded);
    best of 2 seconds each."""
    registry, iris = load_registry(), Iris(configured_base())
    disk = GraphStore(work / "store", read_only=True).oxigraph
    t0 = time.perf_counter()
    memory = pyoxigraph.Store()
    memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    results: dict = {"load_into_memory_s": time.perf_counter() - t0, "queries": {}}
    for name, named in named_queries().items():
        text = bound_query(named.text, bind_parameters(named, bench_values(name, named), registry, iris))
        select = re.search(r"^SELECT", text, re.MULTILINE).start()     # after the prologue
        counted = f"{text[:select]}SELECT (COUNT(*) AS ?n) WHERE {{ {{ {text[select:]} }} }}"
        results["queries"][name] = {
            f"{where}_{how}_s": min(_iterate(store, query) for _ in range(2))
            for where, store in (("disk", disk), ("memory", memory))
            for how, query in (("full", text), ("count", counted))}
    return results


def _iterate(store: pyoxigraph.Store, query: str) -> float:
    t0 = time.perf_counter()
    for _ in store.query(query, use_default_graph_as_union=True):
        pass
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--phases", default="build,validate,impact,query,server")
    parser.add_argument("--query-cap", type=float, default=120.0,
                        help="stop a query after this many seconds (default 120)")
    parser.add_argument("--endpoint", help="the query URL of a server already holding the store, "
                                           "for the endpoint phase (e.g. a Virtuoso or Fuseki)")
    parser.add_argument("--one-query", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="build worker processes (default: one per CPU, as kg build)")
    parser.add_argument("--extract-sample", type=int, default=300,
                        help="lists timed for the single-process extract figure (default 300)")
    parser.add_argument("--validate-sample", type=int, default=None,
                        help="time an even sample of N lists one by one (default 50)")
    parser.add_argument("--validate-workers", type=int, default=2,
                        help="worker processes for the whole-store validation (default 2)")
    arguments = parser.parse_args()
    if arguments.one_query:
        print(json.dumps(one_query(arguments.work, arguments.one_query)))
        return
    arguments.work.mkdir(parents=True, exist_ok=True)
    results_file = arguments.work / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    for phase in arguments.phases.split(","):
        print(f"== {phase}", file=sys.stderr)
        if phase == "build":
            results["build"] = phase_build(arguments.corpus, arguments.work, arguments.jobs,
                                           arguments.extract_sample)
        elif phase == "validate":
            results["validate"] = phase_validate(arguments.corpus, arguments.work, arguments.validate_sample,
                                                 arguments.validate_workers)
        elif phase == "impact":
            results["impact"] = phase_impact(arguments.work)
        elif phase == "query":
            results["query"] = phase_query(arguments.work, arguments.query_cap)
        elif phase == "server":
            results["server"] = phase_server(arguments.work, arguments.query_cap)
        elif phase == "floor":
            results["floor"] = phase_floor(arguments.work)
        elif phase == "endpoint":
            results["endpoint"] = phase_endpoint(arguments.endpoint, arguments.query_cap)
        else:
            parser.error(f"unknown phase {phase}")
        results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print(json.dumps(results[phase], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
