"""PDF lists: pages per second read from a text layer and by OCR.

    .venv/bin/python bench/bench_pdf.py [--repeat N] [--ocr-seeds NAME ...]

Each seed list (data/lists/*.txt) is typeset as a PDF (tests/fixtures/pdf_lists.py); the text
phase reads every one `--repeat` times (rows only, then the whole list with items); the OCR phase
scans the `--ocr-seeds` (default: the OCR-damaged seed) and reads them once — Tesseract is the
time there. Prints one line per PDF and the totals in pages per second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from reportlab.platypus.doctemplate import LayoutError

from fixtures.pdf_lists import text_blocks, write_pdf, write_scan
from kg.ingest.pdf import read_pdf_rows
from kg.ingest.read import read_list
from kg.paths import LISTS


def typeset(seed: Path, folder: Path, whole_rows: bool) -> Path:
    """The seed as a PDF; rows kept whole on a page when asked and when every row fits on one."""
    blocks = text_blocks(seed.read_text(encoding="utf-8"))
    if whole_rows:
        try:
            return write_pdf(folder / f"{seed.stem}.whole.pdf", blocks, split_rows=False)
        except LayoutError:
            pass
    return write_pdf(folder / f"{seed.stem}.pdf", blocks)


def pages_of(pdf: Path) -> int:
    with pdfplumber.open(pdf) as opened:
        return len(opened.pages)


def timed(action, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="text phase: best of N runs")
    parser.add_argument("--ocr-seeds", nargs="*", default=["beiguan-district-ybj"],
                        help="seed names to scan and read by OCR (none: skip the OCR phase)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print(f"{'PDF':32} {'pages':>5} {'rows s':>8} {'list s':>8} {'pages/s':>8}")
        total_pages, total_seconds = 0, 0.0
        for seed in sorted(LISTS.glob("*.txt")):
            pdf = typeset(seed, folder, whole_rows=False)
            pages = pages_of(pdf)
            rows = timed(partial(read_pdf_rows, pdf), args.repeat)
            whole = timed(partial(read_list, pdf), args.repeat)
            total_pages, total_seconds = total_pages + pages, total_seconds + whole
            print(f"{pdf.name:32} {pages:5} {rows:8.2f} {whole:8.2f} {pages / whole:8.1f}")
        print(f"{'text layer, all':32} {total_pages:5} {'':8} {total_seconds:8.2f} "
              f"{total_pages / total_seconds:8.1f}")
        for name in args.ocr_seeds:
            pdf = typeset(LISTS / f"{name}.txt", folder, whole_rows=True)
            scan = write_scan(folder / f"{name}.scan.pdf", pdf)
            pages = pages_of(scan)
            start = time.perf_counter()
            items = len(read_list(scan).items)
            seconds = time.perf_counter() - start
            print(f"{scan.name:32} {pages:5} {'':8} {seconds:8.2f} {pages / seconds:8.2f}"
                  f"   OCR, {items} items")


if __name__ == "__main__":
    main()
