"""Benchmark of the citation stage against a bare regex floor (run by hand, not part of the tests).

    .venv/bin/python bench/bench_cite.py [--megabytes 8] [--seed 1]

    .venv/bin/python bench/bench_cite.py --repeat 0      # every basis text distinct

The input is the basis texts of the real seed lists (read by ingest), varied at scale: article
and document numbers are redrawn and titles swapped between texts, so the corpus holds many
distinct citations while repeating the common ones as real lists do. A share `--repeat` of the
texts are verbatim copies of a text drawn earlier: lists of the same kind of bureau copy whole
basis cells from their province's template list. Over the same texts, in the same run, it times
(1) the floor: a plain regex for 《…》第…条 whose matches are consumed (title, numeral, span),
(2) extract_citations with cold caches (the grammar parses every distinct citation head once;
the Lark parser itself is built before timing), then (3) again with warm caches.
Times are CPU time of this process (the machine is shared), not wall time.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import cn2an

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.cite import parse
from kg.cite.extract import cache_info, clear_caches, extract_citations
from kg.ingest.read import read_list
from kg.paths import LISTS

FLOOR = re.compile(r"《([^》]{1,80})》第([零〇一二两三四五六七八九十百千0-9０-９]+)条")
ARTICLE = re.compile(r"第([零〇一二三四五六七八九十百千]+)条")
SERIAL = re.compile(r"〔(\d{4})〕(\d+)号")
TITLE = re.compile(r"《([^》\n]{2,60})》")


def real_basis_texts() -> list[str]:
    """Non-empty basis texts of every list in data/lists/."""
    texts = []
    for path in sorted(LISTS.glob("*.txt")):
        texts.extend(item.basis for item in read_list(path).items if item.basis.strip())
    return texts


def varied(texts: list[str], megabytes: float, repeat: float, rng: random.Random) -> list[str]:
    """Real texts with redrawn numbers and swapped titles until the corpus reaches `megabytes`;
    a share `repeat` of them are verbatim copies of a text already in the corpus."""
    titles = sorted({t for text in texts for t in TITLE.findall(text)})
    corpus, size = [], 0
    while size < megabytes * 1_000_000:
        if corpus and rng.random() < repeat:
            text = rng.choice(corpus)
            corpus.append(text)
            size += len(text.encode("utf-8"))
            continue
        text = rng.choice(texts)
        if rng.random() < 0.7:
            text = ARTICLE.sub(lambda m: f"第{cn2an.an2cn(rng.randint(1, 120))}条", text)
        if rng.random() < 0.3:
            text = SERIAL.sub(lambda m: f"〔{rng.randint(2000, 2023)}〕{rng.randint(1, 200)}号", text)
        if rng.random() < 0.3:
            text = TITLE.sub(lambda m: f"《{rng.choice(titles)}》", text)
        corpus.append(text)
        size += len(text.encode("utf-8"))
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=8.0)
    parser.add_argument("--repeat", type=float, default=0.5,
                        help="share of basis texts that repeat an earlier one verbatim (default 0.5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    corpus = varied(real_basis_texts(), args.megabytes, args.repeat, random.Random(args.seed))
    megabytes = sum(len(t.encode("utf-8")) for t in corpus) / 1_000_000

    parse.parse_head("《社会保险法》第一条")              # build the Lark parser outside the timing

    def floor() -> list[tuple]:
        return [(match.group(1), match.group(2), match.span())
                for text in corpus for match in FLOOR.finditer(text)]

    def extract() -> int:
        return sum(len(extract_citations(text)) for text in corpus)

    floor_seconds, floor_hits = best_of(args.rounds, floor)
    cold_seconds, citations = best_of(args.rounds, extract, before=clear_caches)
    (heads, parses), texts = parse.cache_info(), cache_info()
    known_heads_seconds, _ = best_of(args.rounds, extract, before=lambda: clear_caches(heads=False))
    warm_seconds, _ = best_of(args.rounds, extract)

    print(f"corpus: {len(corpus):,} basis texts ({len(set(corpus)):,} distinct), {megabytes:.1f} MB UTF-8; "
          f"best of {args.rounds} rounds, CPU time")
    print(f"regex floor 《…》第…条: {len(floor_hits):,} hits in {floor_seconds:.3f} s = "
          f"{megabytes / floor_seconds:.1f} MB/s")
    print(f"extract_citations, cold: {citations:,} citations in {cold_seconds:.2f} s = "
          f"{megabytes / cold_seconds:.1f} MB/s, {citations / cold_seconds:,.0f} citations/s; "
          f"{texts.misses:,} distinct texts read ({texts.hits:,} repeats served), {heads.misses:,} distinct "
          f"heads ({heads.hits:,} repeats), {parses.misses:,} grammar parses (document part and provisions apart)")
    print(f"texts new, heads known: {known_heads_seconds:.2f} s = {megabytes / known_heads_seconds:.1f} MB/s")
    print(f"warm (every text read before): {warm_seconds:.3f} s = {megabytes / warm_seconds:.1f} MB/s")
    print(f"ratio to the floor: cold {floor_seconds / cold_seconds:.1%}, heads known "
          f"{floor_seconds / known_heads_seconds:.1%}, warm {floor_seconds / warm_seconds:.1%}")


def best_of(rounds: int, run, before=lambda: None) -> tuple[float, object]:
    """Lowest CPU time of `rounds` runs (the machine is shared) and the last run's result."""
    best, result = float("inf"), None
    for _ in range(rounds):
        before()
        started = time.process_time()
        result = run()
        best = min(best, time.process_time() - started)
    return best, result

if __name__ == "__main__":
    main()
