"""Web workspace benchmark: the first page of every named query as the pages run it, and `kg serve`
under load.

Usage:
  .venv/bin/python bench/bench_web.py pages --store /tmp/bench-national/store [--runs 3]
  .venv/bin/python bench/bench_web.py load --store .kg/store [--clients 50] [--seconds 60]

- pages: for every named query (the 查询 page offers them all; 法条检索 and 条文 use items-citing
  and article-text), the first page (≤ 200 rows) and the count shown above it, each timed apart,
  through kg.web.workspace exactly as the pages call them (best of --runs after one warm-up); the
  same with a region scope where the query has an agency column; then each page's whole HTTP
  request (Starlette's TestClient, in process). Parameters: bench_scale.bench_values.
- load: `kg serve` started on a free loopback port over --store, then --clients threads, each
  requesting the pages in turn (a draft upload and a console query among them) for --seconds; the
  requests per page, errors (any status but 200/303, or a failed connection) and p50/p99 latency.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_scale import bench_values  # noqa: E402

from kg.web.paging import Scope, agency_variable, page_query, split_query  # noqa: E402
from kg.web.workspace import Workspace  # noqa: E402

REGION = "县"            # a scope most agencies' names match: the filter's cost, not a tiny answer
PAGE_URLS = {
    "法条检索": "/items?" + urlencode({"statute": "社会保险法", "article": "87"}),
    "条文": "/article?" + urlencode({"statute": "社会保险法", "article": "87"}),
    "修改影响": "/impact?" + urlencode({"statute": "社会保险法", "from": "2010", "to": "2018"}),
    "查询 lists": "/queries/lists?run=1",
    "查询 citations-of-statute": "/queries/citations-of-statute?" + urlencode({"run": "1", "statute": "社会保险法"}),
    "SPARQL 页": "/sparql",
}
CONSOLE_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def best(function, runs: int) -> float:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_pages(store: Path, runs: int) -> None:
    from starlette.testclient import TestClient

    from kg.web.app import create_app

    workspace = Workspace(store)
    print(f"store {store}; load average {os.getloadavg()[0]:.1f}\n")
    print("| query | rows (all) | first page s | count s | page + count s | with region scope s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, named in workspace.queries.items():
        values = bench_values(name, named)
        text = workspace.bound(name, values)
        page_s = best(lambda text=text: workspace.runner.select(page_query(text, Scope(), 0)), runs)
        count_s = best(lambda text=text: workspace.count(text, Scope()), runs)
        total = workspace.count(text, Scope())
        scoped = ""
        if agency_variable(split_query(text)):
            scope = Scope(region=REGION)
            scoped = f"{best(partial(workspace.page, name, values, scope), runs):.3f}"
        print(f"| {name} | {total:,} | {page_s:.3f} | {count_s:.3f} | {page_s + count_s:.3f} | {scoped} |",
              flush=True)
    client = TestClient(create_app(workspace))
    print("\n| page (whole HTTP request) | s |\n| --- | ---: |")
    for label, url in PAGE_URLS.items():
        seconds = best(lambda url=url: _ok(client.get(url)), runs)
        print(f"| {label} | {seconds:.3f} |", flush=True)


def _ok(response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.request.url}: HTTP {response.status_code}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_load(store: Path, clients: int, seconds: float) -> None:
    import httpx

    from web_store import DRAFT_CSV

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(ROOT / ".venv/bin/kg"), "serve", "--store", str(store), "--port", str(port)],
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/sparql", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        requests = [(label, "GET", url, None) for label, url in PAGE_URLS.items()]
        requests += [("清单校验（上传）", "POST", "/validate", {"files": {"file": ("草稿.csv", DRAFT_CSV.encode())}}),
                     ("SPARQL 查询", "POST", "/sparql", {"data": {"query": CONSOLE_QUERY}})]
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, list[str]] = defaultdict(list)
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def client(offset: int) -> None:
            with httpx.Client(base_url=base, timeout=120, follow_redirects=True) as http:
                turn = offset
                while time.monotonic() < stop:
                    label, method, url, extra = requests[turn % len(requests)]
                    turn += 1
                    start = time.perf_counter()
                    try:
                        response = http.request(method, url, **(extra or {}))
                        failure = None if response.status_code == 200 else f"HTTP {response.status_code}"
                    except httpx.HTTPError as error:
                        failure = type(error).__name__
                    elapsed = time.perf_counter() - start
                    with lock:
                        latencies[label].append(elapsed)
                        if failure:
                            errors[label].append(failure)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(10)
    total = sum(len(v) for v in latencies.values())
    print(f"{clients} clients, {wall:.0f} s, {total:,} requests ({total / wall:.1f}/s), "
          f"{sum(len(v) for v in errors.values())} errors; load average {os.getloadavg()[0]:.1f}\n")
    print("| page | requests | errors | p50 s | p99 s | max s |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, _, _, _ in requests:
        times = sorted(latencies[label])
        if not times:
            print(f"| {label} | 0 | {len(errors[label])} | – | – | – |")
            continue
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else float("nan")
        print(f"| {label} | {len(times):,} | {len(errors[label])} | {statistics.median(times):.3f} | "
              f"{p99:.3f} | {times[-1]:.3f} |")
        if errors[label]:
            print(f"|  errors: {sorted(set(errors[label]))} | | | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=("pages", "load"))
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if args.phase == "pages":
        bench_pages(args.store, args.runs)
    else:
        bench_load(args.store, args.clients, args.seconds)


if __name__ == "__main__":
    main()
