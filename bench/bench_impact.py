"""Benchmark of the impact stage: article alignment, the check of cited provisions, and
`kg impact` over a built store, local or on a real Oxigraph server.

    .venv/bin/python bench/bench_impact.py [--articles 1000] [--citations 100000] [--store DIR ...]

1. `align` on every real amendment pair of the registry (two versions with text);
2. `align` on a synthetic revision of a long statute: `--articles` real articles (all registry
   texts pooled), 5% repealed, 5% inserted, 10% rewritten (a sentence dropped), then renumbered;
3. `check_impact` of `--citations` cited provisions (articles, 款 and 项 of 行政处罚法 2017,
   drawn at random) against the 2017 → 2021 revision;
4. with `--store DIR` (a store `kg build` or `bench_scale.py --phases build` made; repeatable):
   the store pushed to a fresh `oxigraph serve` (127.0.0.1, a temp directory), then each real
   amendment checked on the local store and over the endpoint as `kg impact` does it (amendment
   recorded, citations read, verdicts), best of --repeats wall-clock runs in this process, plus
   one run of the whole command each way (a new process: imports and registry included); the
   two JSON reports must be identical.
Times in 1–3 are CPU time of this process; in 4 wall time, since the server works in another
process (the machine is shared, so they are upper bounds).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from functools import partial
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from kg.graph.store import GraphStore
from kg.impact.affected import CitedProvision, check_impact
from kg.impact.align import align, amendment_by_alignment, version_paragraphs
from kg.impact.report import render_json
from kg.impact.stores import cited_at_endpoint, cited_in_local_store
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.remote.push import push_store
from oxigraph_server import running_oxigraph_server

KG = Path(sys.executable).parent / "kg"
# the real amendments whose citations the five lists (and every generated corpus) hold
STORE_CASES = (("社会保险法", "2010", "2018"), ("医疗机构管理条例", "2016", "2022"), ("行政处罚法", "2017", "2021"))
from kg.statutes import load_registry  # noqa: E402


def cpu(action):
    start = time.process_time()
    result = action()
    return result, time.process_time() - start


def real_pairs(registry) -> None:
    print("| statute | versions | articles | time |\n|---|---|---|---|")
    for statute in registry.statutes.values():
        with_text = [v for v in statute.versions if v.has_text]
        for old, new in pairwise(with_text):
            _, seconds = cpu(partial(amendment_by_alignment, statute, old, new))
            print(f"| {statute.title} | {old.date} → {new.date} | {len(old.articles)} → "
                  f"{len(new.articles)} | {seconds * 1000:.0f} ms |")


def synthetic_revision(registry, articles: int, rng: random.Random) -> None:
    pool = [paragraphs for statute in registry.statutes.values() for version in statute.versions
            if version.has_text for paragraphs in version_paragraphs(version).values()]
    distinct = list({"".join(p): p for p in pool}.values())
    rng.shuffle(distinct)
    old_articles = distinct[:articles]
    spare = distinct[articles:]
    new_articles = []
    for paragraphs in old_articles:
        roll = rng.random()
        if roll < 0.05:
            continue                                   # repealed
        if roll < 0.15:
            paragraphs = [p[: max(10, len(p) * 2 // 3)] for p in paragraphs]   # rewritten
        new_articles.append(paragraphs)
        if rng.random() < 0.05 and spare:
            new_articles.append(spare.pop())           # inserted
    old = dict(enumerate(old_articles, start=1))
    new = dict(enumerate(new_articles, start=1))
    changes, seconds = cpu(lambda: align(old, new))
    kinds = {}
    for change in changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    print(f"\nsynthetic revision {len(old)} → {len(new)} articles: align {seconds:.2f} s; kinds {kinds}")


def many_citations(registry, count: int, rng: random.Random) -> None:
    statute = registry.get("administrative-penalty-law")
    old, new = statute.version("2017"), statute.version("2021")
    amendment = amendment_by_alignment(statute, old, new)
    provisions = [(a.number, None, None) for a in old.articles.values()]
    provisions += [(a.number, p.number, None) for a in old.articles.values() for p in a.paragraphs]
    provisions += [(a.number, None, i.number) for a in old.articles.values()
                   for p in a.paragraphs[:1] for i in p.items]
    cited = [CitedProvision("list.txt", "局", str(n), "事项", "第X条", *rng.choice(provisions))
             for n in range(count)]
    impact, seconds = cpu(lambda: check_impact(cited, amendment, statute))
    print(f"\ncheck_impact: {count} cited provisions ({len(set(provisions))} distinct) in {seconds:.2f} s "
          f"= {count / seconds:,.0f}/s; {len(impact.affected)} affected, {len(impact.unchanged)} unchanged")


def wall(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def best_wall(action, repeats: int):
    runs = [wall(action) for _ in range(repeats)]
    return runs[-1][0], min(seconds for _, seconds in runs)


def command_seconds(*arguments: str) -> tuple[str, float]:
    """One run of `kg impact …` in a new process: its JSON report and wall seconds."""
    done, seconds = wall(lambda: subprocess.run([str(KG), "impact", *arguments, "--format", "json"],
                                                capture_output=True, text=True, check=True))
    return done.stdout, seconds


def store_and_endpoint(registry, stores: list[Path], repeats: int) -> None:
    print("\n| store | triples pushed | push | amendment | citations | affected | local | endpoint "
          "| `kg impact` local | `kg impact --endpoint` | same report |\n|---|---|---|---|---|---|---|---|---|---|---|")
    for store_dir in stores:
        with tempfile.TemporaryDirectory() as scratch, running_oxigraph_server(Path(scratch) / "db") as base:
            url = f"{base}/query"
            local_store = GraphStore(store_dir, read_only=True)
            pushed, push_seconds = wall(lambda store=local_store, url=url:
                                           push_store(store, SparqlClient(endpoint_for(url))))
            del local_store                                  # `kg impact` opens it to record the amendment
            for written, old, new in STORE_CASES:
                statute = registry.get(registry.resolve(written).statute_id)
                amendment = amendment_by_alignment(statute, statute.version(old), statute.version(new))
                local, local_seconds = best_wall(
                    lambda store_dir=store_dir, statute=statute, amendment=amendment: check_impact(
                        cited_in_local_store(store_dir, statute, amendment), amendment, statute), repeats)
                remote, remote_seconds = best_wall(lambda url=url, statute=statute, amendment=amendment: check_impact(
                    cited_at_endpoint(SparqlClient(endpoint_for(url)), statute, amendment), amendment, statute),
                    repeats)
                arguments = (written, "--from", old, "--to", new)
                local_report, local_command = command_seconds(*arguments, "--store", str(store_dir))
                remote_report, remote_command = command_seconds(*arguments, "--endpoint", url)
                same = render_json(local) == render_json(remote) and local_report == remote_report
                cited = len(local.affected) + len(local.unchanged) + len(local.unmatched)
                print(f"| {store_dir} | {pushed.triples:,} | {push_seconds:.1f} s | {written} {old}→{new} "
                      f"| {cited:,} | {len(local.affected):,} | {local_seconds:.2f} s | {remote_seconds:.2f} s "
                      f"| {local_command:.1f} s | {remote_command:.1f} s | {'yes' if same else '**no**'} |",
                      flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--citations", type=int, default=100_000)
    parser.add_argument("--store", type=Path, action="append", default=[],
                        help="a built store directory: time `kg impact` on it and over an endpoint")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only-stores", action="store_true", help="skip sections 1–3")
    options = parser.parse_args()
    rng = random.Random(7)
    registry = load_registry()
    if not options.only_stores:
        real_pairs(registry)
        synthetic_revision(registry, options.articles, rng)
        many_citations(registry, options.citations, rng)
    if options.store:
        store_and_endpoint(registry, options.store, options.repeats)


if __name__ == "__main__":
    main()
