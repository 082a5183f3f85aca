"""Benchmark of the citation stage against a bare regex floor (run by hand, not part of the tests).

    .venv/bin/python bench/bench_cite.py [--megabytes 8] [--seed 1]

The input is the basis texts of the real seed lists (read by ingest), varied at scale: article
and document numbers are redrawn and titles swapped between texts, so the corpus holds many
distinct citations while repeating the common ones as real lists do. Over the same texts, in the
same run, it times (1) a plain regex scan for 《…》第…条 and (2) extract_citations with cold caches,
so that the grammar parses every distinct citation head once, then (3) again with warm caches.
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

from kg.cite.extract import extract_citations  # noqa: E402
from kg.cite.numerals import to_int  # noqa: E402
from kg.cite.parse import parse_head  # noqa: E402
from kg.ingest.read import read_list  # noqa: E402
from kg.paths import LISTS  # noqa: E402

FLOOR = re.compile(r"《[^》\n]{1,100}》第[零〇一二三四五六七八九十百千0-9]+条")
ARTICLE = re.compile(r"第([零〇一二三四五六七八九十百千]+)条")
SERIAL = re.compile(r"〔(\d{4})〕(\d+)号")
TITLE = re.compile(r"《([^》\n]{2,60})》")


def real_basis_texts() -> list[str]:
    """Non-empty basis texts of every list in data/lists/."""
    texts = []
    for path in sorted(LISTS.glob("*.txt")):
        texts.extend(item.basis for item in read_list(path).items if item.basis.strip())
    return texts


def varied(texts: list[str], megabytes: float, rng: random.Random) -> list[str]:
    """Real texts with redrawn numbers and swapped titles until the corpus reaches `megabytes`."""
    titles = sorted({t for text in texts for t in TITLE.findall(text)})
    corpus, size = [], 0
    while size < megabytes * 1_000_000:
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
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    corpus = varied(real_basis_texts(), args.megabytes, random.Random(args.seed))
    megabytes = sum(len(t.encode("utf-8")) for t in corpus) / 1_000_000

    started = time.process_time()
    floor_hits = sum(1 for text in corpus for _ in FLOOR.finditer(text))
    floor_seconds = time.process_time() - started

    parse_head.cache_clear()
    to_int.cache_clear()
    started = time.process_time()
    citations = sum(len(extract_citations(text)) for text in corpus)
    seconds = time.process_time() - started
    heads = parse_head.cache_info()

    started = time.process_time()
    for text in corpus:
        extract_citations(text)
    warm_seconds = time.process_time() - started

    print(f"corpus: {len(corpus):,} basis texts, {megabytes:.1f} MB UTF-8")
    print(f"regex floor 《…》第…条: {floor_hits:,} hits in {floor_seconds:.2f} s = "
          f"{megabytes / floor_seconds:.1f} MB/s")
    print(f"extract_citations: {citations:,} citations in {seconds:.2f} s = {megabytes / seconds:.1f} MB/s, "
          f"{citations / seconds:,.0f} citations/s; {heads.misses:,} distinct heads parsed, "
          f"{heads.hits:,} served from the cache")
    print(f"warm caches (every head parsed before): {warm_seconds:.2f} s = {megabytes / warm_seconds:.1f} MB/s")
    print(f"ratio to the floor: cold {floor_seconds / seconds:.1%}, warm {floor_seconds / warm_seconds:.1%}")


if __name__ == "__main__":
    main()
