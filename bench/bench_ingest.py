"""How fast the text layouts become items (kg.ingest.text + kg.ingest.document).

Each seed list is repeated until it holds about N items (catalogs and footers repeated too), then
the rows are read and the items assembled; decoding is timed apart (bench_formats.py).

    .venv/bin/python bench/bench_ingest.py [N]
"""

from __future__ import annotations

import sys
import time
import resource

from kg.ingest.document import build_document
from kg.ingest.text import rows_of_text
from kg.paths import LISTS


def main(target_items: int) -> None:
    print("| list (layout) | items | MB | text → items | items/s | MB/s |")
    print("|---|---|---|---|---|---|")
    for path in sorted(LISTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        per_copy = len(build_document(rows_of_text(text), path.name).items)
        big = "\n".join([text] * max(1, target_items // per_copy))
        start = time.perf_counter()
        document = build_document(rows_of_text(big), path.name)
        seconds = time.perf_counter() - start
        megabytes = len(big.encode("utf-8")) / 2**20
        print(f"| {path.stem} | {len(document.items):,} | {megabytes:.1f} | {seconds:.2f} s "
              f"| {len(document.items) / seconds:,.0f} | {megabytes / seconds:.1f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"\npeak resident memory of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
