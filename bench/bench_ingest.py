"""How fast lists become items.

Text layouts (kg.ingest.text + kg.ingest.document): each seed list is repeated until it holds
about N items (catalogs and footers repeated too), then the rows are read and the items
assembled; decoding is timed apart (bench_formats.py).

    .venv/bin/python bench/bench_ingest.py [N]

Spreadsheets: every .xlsx/.xls/.ods in DIR, read by each stage in turn — a bare python-calamine
read (values and merged ranges, nothing else: the floor), the rows stage (kg.ingest.tabular,
calamine), the same with the openpyxl/xlrd fallbacks (the reader before calamine), rows → items
(kg.ingest.document) — then `kg extract` of all files in one process (reading and citations).
Each figure is the fastest of R rounds, as wall time and as CPU time (user + system: what a
shared machine's load weighs on least); the stages run interleaved so that load weighs on all
of them alike.

    .venv/bin/python bench/bench_ingest.py --spreadsheets DIR [--rounds R] [--kg COMMAND]
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

from kg.ingest.document import build_document
from kg.ingest.spreadsheet import read_xls_rows, read_xlsx_rows
from kg.ingest.tabular import read_rows
from kg.ingest.text import rows_of_text
from kg.paths import LISTS

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
_OLE2 = b"\xd0\xcf\x11\xe0"


def text_layouts(target_items: int) -> None:
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


def bare_calamine(path: Path) -> int:
    """Every sheet's values and merged ranges, nothing done with them; the rows read."""
    with path.open("rb") as stream:
        workbook = CalamineWorkbook.from_filelike(stream)
        rows = 0
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows += len(sheet.to_python(skip_empty_area=False))
            _ = sheet.merged_cell_ranges                  # read (and timed) like the reader does
    return rows


def fallback_rows(path: Path):
    with path.open("rb") as stream:
        is_xls = stream.read(4) == _OLE2
    return read_xls_rows(path) if is_xls else read_xlsx_rows(path)


def spreadsheets(folder: Path, rounds: int, kg: list[str]) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SPREADSHEETS)
    rows = {path: read_rows(path) for path in files}
    stages = {
        "bare calamine read (floor)": lambda path: bare_calamine(path),
        "rows (kg, calamine)": read_rows,
        "rows (kg, openpyxl/xlrd)": fallback_rows,
        "rows → items": lambda path: build_document(rows[path], str(path)),
    }
    best = {name: (float("inf"), float("inf")) for name in stages}       # (wall, CPU) seconds
    extract = (float("inf"), float("inf"))
    for _ in range(rounds):
        for name, stage in stages.items():
            wall, cpu = time.perf_counter(), time.process_time()
            for path in files:
                stage(path)
            best[name] = _fastest(best[name], (time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run([*kg, "extract", *map(str, files), "--format", "jsonl"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode:
            sys.exit(f"kg extract failed (exit {done.returncode}): {done.stderr.decode()[-500:]}")
        extract = _fastest(extract, (time.perf_counter() - wall, _children_cpu() - cpu))
    items = sum(len(build_document(rows[path], str(path)).items) for path in files)
    print(f"{len(files)} spreadsheets, {sum(bare_calamine(p) for p in files):,} sheet rows, "
          f"{items:,} items; fastest of {rounds} rounds; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores\n")
    print("| stage | wall s | CPU s | CPU × floor |")
    print("|---|---|---|---|")
    floor = best["bare calamine read (floor)"][1]
    for name, (wall, cpu) in [*best.items(), ("`kg extract` of all files, one process (read + cite)", extract)]:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / floor:.1f} |")


def _fastest(best: tuple[float, float], seconds: tuple[float, float]) -> tuple[float, float]:
    return min(best[0], seconds[0]), min(best[1], seconds[1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", nargs="?", type=int, default=10_000)
    parser.add_argument("--spreadsheets", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kg", default=str(Path(sys.executable).with_name("kg")),
                        help="the kg command whose extract is timed (another tree's, to compare)")
    arguments = parser.parse_args()
    if arguments.spreadsheets:
        spreadsheets(arguments.spreadsheets, arguments.rounds, shlex.split(arguments.kg))
    else:
        text_layouts(arguments.items)


if __name__ == "__main__":
    main()
