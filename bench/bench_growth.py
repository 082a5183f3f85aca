"""Growth of extract and cite time with input size, for each adversarial pattern (issue 20; run by
hand, not part of the tests).

    .venv/bin/python bench/bench_growth.py [--n 1000] [--patterns "runs of 第,nested html"]

Each pattern of tests/fuzz_cases.py (long runs of 第 or 《, unclosed and nested titles, huge and
mixed numerals, ranges, control and RTL characters, many citations in one cell, bare provisions,
document numbers, quotes) and nested HTML tables is timed at sizes n, 2n, 4n and 8n:
cite = extract_citations on the text; extract = `kg extract` (in process) of a one-item list
whose basis cell is the text (for nested html: the page itself). Times are CPU seconds of this
process (garbage collector off), of one run: every size is a new text, so no cache of an earlier run answers (a second
run would be answered from kg.cite's caches). The doubling ratio t(2s)/t(s) is about 2 for linear growth, 4 for
quadratic; a pattern whose ratios exceed GROWTH_LIMIT is marked superlinear.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_cases import HEADER, adversarial_bases, extract, nested_html  # noqa: E402
from kg.cite.extract import extract_citations  # noqa: E402

GROWTH_LIMIT = 2.8          # doubling ratio above which growth counts as superlinear
FACTORS = (1, 2, 4, 8)
NESTED_HTML = "nested html"


def cpu_seconds(run) -> float:
    """The CPU time of `run()`, with Python's cyclic garbage collector off (its pauses land on
    whichever run happens to cross its threshold, and read as growth)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        run()
        return time.process_time() - started
    finally:
        gc.enable()


def list_file(folder: Path, pattern: str, size: int) -> Path:
    """A one-item list whose basis cell is the pattern's text at `size` (or the nested page)."""
    if pattern == NESTED_HTML:
        path = folder / f"nested-{size}.html"
        path.write_bytes(nested_html(size))
        return path
    text = adversarial_bases(size)[pattern].replace("\t", " ").replace("\n", " ")
    path = folder / f"{abs(hash(pattern))}-{size}.txt"
    path.write_text("某县医疗保障局权责清单\n\n" + "\t".join(HEADER) + f"\n1\t对违规行为的处罚\t行政处罚\t{text}\n",
                    encoding="utf-8")
    return path


def measure(pattern: str, size: int, folder: Path) -> tuple[float | None, float]:
    cite = None
    if pattern != NESTED_HTML:
        text = "。" + adversarial_bases(size)[pattern]     # not the extract's text: no cache hit
        cite = cpu_seconds(lambda: extract_citations(text))
    path = list_file(folder, pattern, size)
    return cite, cpu_seconds(lambda: extract(path))


def ratios(times: list[float]) -> list[float]:
    return [later / max(earlier, 1e-4) for earlier, later in pairwise(times)]


def verdict(times: list[float]) -> str:
    grown = ratios(times)
    # tiny times are noise: judge only doublings that start from 20 ms or more
    judged = [ratio for ratio, earlier in zip(grown, times, strict=False) if earlier >= 0.02]
    return "superlinear" if judged and max(judged) > GROWTH_LIMIT else "linear"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="the smallest size (characters or units)")
    parser.add_argument("--patterns", default="", help="comma-separated pattern names (default: all)")
    options = parser.parse_args()
    patterns = [*sorted(adversarial_bases(1)), NESTED_HTML]
    if options.patterns:
        patterns = [p for p in patterns if p in options.patterns.split(",")]
    extract_citations("《社会保险法》第一条")          # the grammar's parser built before timing
    sizes = [options.n * factor for factor in FACTORS]
    print(f"| pattern | stage | {' | '.join(f'{s:,}' for s in sizes)} | doubling ratios | growth |")
    print("|---|---|" + "---:|" * len(sizes) + "---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for pattern in patterns:
            measured = [measure(pattern, size, Path(folder)) for size in sizes]
            for stage, times in (("cite", [m[0] for m in measured]), ("extract", [m[1] for m in measured])):
                if None in times:
                    continue
                cells = " | ".join(f"{t:.3f}" for t in times)
                shown = " ".join(f"{r:.1f}" for r in ratios(times))
                print(f"| {pattern} | {stage} | {cells} | {shown} | {verdict(times)} |", flush=True)


if __name__ == "__main__":
    main()
