"""Benchmark of the impact stage: article alignment and the check of cited provisions.

    .venv/bin/python bench/bench_impact.py [--articles 1000] [--citations 100000]

1. `align` on every real amendment pair of the registry (two versions with text);
2. `align` on a synthetic revision of a long statute: `--articles` real articles (all registry
   texts pooled), 5% repealed, 5% inserted, 10% rewritten (a sentence dropped), then renumbered;
3. `check_impact` of `--citations` cited provisions (articles, 款 and 项 of 行政处罚法 2017,
   drawn at random) against the 2017 → 2021 revision.
Times are CPU time of this process (the machine is shared).
"""

from __future__ import annotations

import argparse
import random
import time

from kg.impact.affected import CitedProvision, check_impact
from kg.impact.align import align, amendment_by_alignment, version_paragraphs
from kg.statutes import load_registry


def cpu(action):
    start = time.process_time()
    result = action()
    return result, time.process_time() - start


def real_pairs(registry) -> None:
    print("| statute | versions | articles | time |\n|---|---|---|---|")
    for statute in registry.statutes.values():
        with_text = [v for v in statute.versions if v.has_text]
        for old, new in zip(with_text, with_text[1:]):
            _, seconds = cpu(lambda: amendment_by_alignment(statute, old, new))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--citations", type=int, default=100_000)
    options = parser.parse_args()
    rng = random.Random(7)
    registry = load_registry()
    real_pairs(registry)
    synthetic_revision(registry, options.articles, rng)
    many_citations(registry, options.citations, rng)


if __name__ == "__main__":
    main()
