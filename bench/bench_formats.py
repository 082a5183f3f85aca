"""How fast each tabular format is read (kg.ingest.tabular.read_rows) and text is decoded.

Builds, in a temporary directory, one list of N items (the 天水 13-column rows repeated, each item
over two sub-item rows with the name merged) in every format, then times read_rows and read_list.

    .venv/bin/python bench/bench_formats.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fixtures.list_files import (
    Table,
    Title,
    seed_table,
    write_csv,
    write_docx,
    write_html,
    write_text,
    write_xls,
    write_xlsx,
)
from kg.ingest.decode import decode_file
from kg.ingest.read import read_list
from kg.ingest.tabular import read_rows


def big_list(items: int) -> list:
    """N items of the 天水 table, each over two sub-item rows with 序号/名称/依据 merged."""
    seed = seed_table("tianshui-city-ybj.txt", 5, 6, 9, 10, 13)
    header, samples = seed.rows[0], seed.rows[1:]
    rows, merged = [header], []
    for number in range(1, items + 1):
        sample = list(samples[number % len(samples)])
        sample[0] = str(number)
        top = len(rows)
        for sub in ("（子项一）", "（子项二）"):
            rows.append([*sample[:2], sample[1][:8] + sub, *sample[3:]])
        merged += [(top, column, top + 1, column) for column in (0, 1, 8)]
    return [Title("天水市医保局权责清单"), Table(rows, merged)]


def timed(label: str, action, size: int, unit: str) -> None:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"| {label} | {size / 2**20:.1f} MB | {len(result):,} {unit} | {seconds:.2f} s |")


def main(items: int) -> None:
    blocks = big_list(items)
    writers = {
        "txt": lambda d: write_text(d / "l.txt", blocks),
        "txt gb18030": lambda d: write_text(d / "g.txt", blocks, encoding="gb18030"),
        "csv": lambda d: write_csv(d / "l.csv", blocks),
        "xlsx": lambda d: write_xlsx(d / "l.xlsx", {"Sheet1": blocks}),
        "xls": lambda d: write_xls(d / "l.xls", {"Sheet1": blocks}),
        "docx": lambda d: write_docx(d / "l.docx", blocks),
        "html": lambda d: write_html(d / "l.html", blocks),
    }
    print(f"{items:,} items ({2 * items:,} table rows)\n")
    print("| step | file size | output | time |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for name, write in writers.items():
            path = write(Path(directory))
            size = path.stat().st_size
            if name.startswith("txt"):
                timed(f"decode_file {name}", partial(decode_file, path), size, "chars")
            else:
                timed(f"read_rows {name}", partial(read_rows, path), size, "rows")
            timed(f"read_list {name}", lambda path=path: read_list(path).items, size, "items")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
