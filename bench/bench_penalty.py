"""Penalty stage throughput: sanctions of every registry article, cold and warm caches, and a
larger synthetic corpus made of the same article texts with their figures varied.

Run: .venv/bin/python bench/bench_penalty.py
"""

from __future__ import annotations

import random
import re
import time

from kg.penalty.extract import extract_sanctions, sanctions_of_article
from kg.penalty.numbers import number_value
from kg.penalty.quantities import parse_measure
from kg.statutes.registry import load_registry


def _articles():
    registry = load_registry()
    for statute in registry.statutes.values():
        for version in statute.versions:
            yield from version.articles.values()


def main() -> None:
    articles = list(_articles())
    chars = sum(len(a.text) for a in articles)

    parse_measure.cache_clear()
    number_value.cache_clear()
    started = time.perf_counter()
    sanctions = sum(len(sanctions_of_article(a)) for a in articles)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for article in articles:
        sanctions_of_article(article)
    warm = time.perf_counter() - started
    print(f"registry: {len(articles)} articles, {chars:,} chars, {sanctions} sanctions; "
          f"cold {cold * 1000:.0f} ms ({chars / cold / 1e6:.2f} MB chars/s), "
          f"warm {warm * 1000:.0f} ms ({chars / warm / 1e6:.2f} M chars/s)")

    # synthetic: every text 20 times with its Arabic and Chinese figures replaced at random,
    # so the parse caches see mostly new phrases
    rng = random.Random(7)
    texts = [re.sub(r"\d+", lambda _: str(rng.randint(1, 99)), a.text) for a in articles] * 20
    parse_measure.cache_clear()
    number_value.cache_clear()
    synthetic_chars = sum(len(t) for t in texts)
    started = time.perf_counter()
    count = sum(len(extract_sanctions(t)) for t in texts)
    elapsed = time.perf_counter() - started
    print(f"synthetic: {len(texts)} texts, {synthetic_chars:,} chars, {count} sanctions in "
          f"{elapsed:.2f} s ({synthetic_chars / elapsed / 1e6:.2f} M chars/s)")


if __name__ == "__main__":
    main()
