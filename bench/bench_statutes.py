"""Benchmark of the statutes stage: registry load, text parsing, title resolution.

    .venv/bin/python bench/bench_statutes.py [N]

N = number of resolution queries (default 200,000), drawn from the title/文号 spellings of the
real lists with random noise (spaces, bracket styles, dropped characters) so that most are
distinct, as in a national corpus.
"""

from __future__ import annotations

import random
import sys
import time

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
]


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


def main(queries: int = 200_000) -> None:
    started = time.perf_counter()
    registry = load_registry()
    loaded = time.perf_counter()
    versions = [v for s in registry.statutes.values() for v in s.versions if v.has_text]
    articles = sum(len(v.articles) for v in versions)
    parsed = time.perf_counter()
    print(f"load_registry: {len(registry.statutes)} statutes in {(loaded - started) * 1000:.1f} ms")
    print(f"parse texts: {len(versions)} versions, {articles} articles in {(parsed - loaded) * 1000:.1f} ms")

    rng = random.Random(7)
    workload = [(_noisy(t, rng), _noisy(d, rng)) for t, d in (rng.choice(SPELLINGS) for _ in range(queries))]
    distinct = len(set(workload))
    fresh = Registry(registry.statutes, registry.root)          # empty resolution cache
    begin = time.perf_counter()
    methods: dict[str, int] = {}
    for title, number in workload:
        method = fresh.resolve(title, number).method
        methods[method] = methods.get(method, 0) + 1
    elapsed = time.perf_counter() - begin
    print(f"resolve: {queries} queries ({distinct} distinct) in {elapsed:.2f} s "
          f"= {queries / elapsed:,.0f}/s, {elapsed / distinct * 1e6:.0f} µs per distinct query; {methods}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
