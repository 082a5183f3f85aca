"""Benchmark of the statutes stage: registry load, text parsing, title resolution, extraction.

    .venv/bin/python bench/bench_statutes.py [N] [--lists DIR]

N = number of resolution queries (default 200,000): the title/文号 spellings of real lists and
the registry's own titles, with random noise (spaces, bracket styles, dropped or replaced
characters) so that most are distinct, as in a national corpus; the throughput that matters is
distinct queries per second (repeats are cached). With --lists DIR (e.g.
../shared/dev-lists/kelamayi), the cite + resolve throughput over those lists (read first, not
timed). Runs against whatever `kg` is importable, so PYTHONPATH=<old checkout> gives "before".
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from kg.statutes import load_registry
from kg.statutes.registry import Registry

SPELLINGS = [
    ("中华人民共和国社会保险法", None), ("社会保险法", "2010年主席令第35号"),
    ("医疗保障基金使用监督管理条例", None), ("社会救助暂行办法", "国务院令第六49号"),
    (None, "国务院令第259号"), ("社会保险稽核办法", "劳动和社会保障部令第16号"),
    ("国家医疗保障局办公室 财政部办公厅关于印发〈欺诈骗取医疗保障基金行为举报奖励暂行办法〉的通知",
     "医保办发[2018]22号"),
    ("南阳市人民办公室关于印发南阳市全面做实基本医疗保险和生育保险市级统筹实施方案的通知",
     "宛政办〔2021〕17号"),
    ("中华人民共和国基本本户程度", None), ("石政规（2019）7号", None),
    ("中华人民共和国统计法", None), ("安全生产法", None), ("新疆维吾尔自治区道路运输条例", None),
    ("道路旅客运输及客运站管理规定", None), ("河南省安全生产条例", None),
]
TEXT_SAMPLE = 300            # corpus texts parsed for the per-text figure


def _noisy(text: str | None, rng: random.Random) -> str | None:
    if text is None:
        return None
    chars = list(text)
    for _ in range(rng.randint(0, 2)):
        position = rng.randrange(len(chars))
        action = rng.random()
        if action < 0.4:
            chars.insert(position, " ")
        elif action < 0.7 and len(chars) > 6:
            del chars[position]
        else:
            chars[position] = rng.choice("的之为保险法条例")
    return "".join(chars)


def bench_registry(queries: int) -> None:
    started = time.perf_counter()
    registry = load_registry()
    loaded = time.perf_counter()
    print(f"load_registry: {len(registry.statutes)} statutes in {(loaded - started) * 1000:.0f} ms")
    versions = [v for s in registry.statutes.values() for v in s.versions if v.has_text]
    sample = versions[:: max(1, len(versions) // TEXT_SAMPLE)]
    begin = time.perf_counter()
    articles = sum(len(v.articles) for v in sample)
    elapsed = time.perf_counter() - begin
    print(f"parse texts: {len(sample)} of {len(versions)} versions with text, {articles} articles in "
          f"{elapsed * 1000:.0f} ms ({elapsed / len(sample) * 1000:.1f} ms per text, shards included)")

    rng = random.Random(7)
    titles = [(s.title, None) for s in sorted(registry.statutes.values(), key=lambda s: s.id)]
    spellings = SPELLINGS + rng.sample(titles, min(len(titles), 500))
    workload = [(_noisy(t, rng), _noisy(d, rng)) for t, d in (rng.choice(spellings) for _ in range(queries))]
    distinct = len(set(workload))
    fresh = Registry(registry.statutes, registry.root)          # empty resolution cache
    begin = time.perf_counter()
    fresh.resolve("社会保险法")                                    # the index is built on first use
    indexed = time.perf_counter()
    methods: dict[str, int] = {}
    for title, number in workload:
        method = fresh.resolve(title, number).method
        methods[method] = methods.get(method, 0) + 1
    elapsed = time.perf_counter() - indexed
    print(f"index: {(indexed - begin) * 1000:.0f} ms; resolve: {queries} queries ({distinct} distinct) in "
          f"{elapsed:.2f} s = {distinct / elapsed:,.0f} distinct/s ({elapsed / distinct * 1e6:.0f} µs each); {methods}")


def bench_extract(directory: Path) -> None:
    from kg.errors import InputError
    from kg.ingest.read import read_list
    from kg.pipeline import cite_document
    registry = load_registry()
    documents = []
    for path in sorted(directory.iterdir()):
        try:
            documents.append(read_list(path))
        except InputError:
            continue
    cite_document(documents[0], Registry(registry.statutes, registry.root))   # grammar and index built
    fresh = Registry(registry.statutes, registry.root)
    begin = time.perf_counter()
    cited = [cite_document(document, fresh) for document in documents]
    elapsed = time.perf_counter() - begin
    items = sum(len(d.items) for d in cited)
    citations = [c for d in cited for item in d.items for c in item.citations]
    resolved = sum(1 for c in citations if c.statute_id)
    print(f"extract (cite + resolve) {len(documents)} lists: {items} items, {len(citations)} citations "
          f"({resolved / max(1, len(citations)):.1%} resolved) in {elapsed:.2f} s = {items / elapsed:,.0f} items/s")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    lists = None
    if "--lists" in arguments:
        at = arguments.index("--lists")
        lists = Path(arguments[at + 1])
        del arguments[at:at + 2]
    bench_registry(int(arguments[0]) if arguments else 200_000)
    if lists is not None:
        bench_extract(lists)
