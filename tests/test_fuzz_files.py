"""Broken files through `kg extract` (issue 20): truncated xlsx/docx zips, a sheet claiming a
million rows or 16,384 columns, HTML nested 10,000 deep, NUL bytes; and a few runs of the
installed console command, so what a user sees (no traceback, one line per bad file) is checked
outside the in-process runner too."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.list_files import Table, Title
from fuzz_cases import (
    BASES,
    HEADER,
    check_extract,
    docx_bytes,
    million_empty_rows,
    nested_html,
    truncated,
    widest_sheet,
    with_nul_bytes,
    xlsx_bytes,
)

KG = Path(sys.executable).parent / "kg"
BLOCKS = [Title("某县医疗保障局权责清单"),
          Table([HEADER, *[[str(n), f"对违反规定行为的处罚{n}", "行政处罚", BASES[n % len(BASES)]]
                           for n in range(1, 30)]])]
PACKAGES = {"xlsx": xlsx_bytes(BLOCKS), "docx": docx_bytes(BLOCKS)}


def _check_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list.{suffix}"
        path.write_bytes(data)
        return check_extract(path)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(PACKAGES)), st.floats(0.0, 0.999))
def test_truncated_office_packages(suffix, keep):
    outcome = _check_bytes(truncated(PACKAGES[suffix], keep), suffix)
    assert (outcome.code == 2 and "truncated" in outcome.stderr) or "empty" in outcome.stderr


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(PACKAGES)), st.integers(0, 10**9), st.integers(1, 8))
def test_office_packages_with_bytes_flipped(suffix, where, flips):
    data = bytearray(PACKAGES[suffix])
    for n in range(flips):
        data[(where + n * 7919) % len(data)] ^= 0xFF
    _check_bytes(bytes(data), suffix)


@pytest.mark.parametrize("name, data, suffix", [
    ("a million empty rows", million_empty_rows(), "xlsx"),
    ("16,384 columns", widest_sheet(), "xlsx"),
    ("NUL bytes in text", with_nul_bytes("某县医疗保障局权责清单\n\n" + "\t".join(HEADER) + "\n1\t处罚\t行政处罚\t"
                                         + BASES[0] + "\n", 40), "txt"),
    ("one NUL byte", ("\t".join(HEADER) + "\n1\t处罚\t行政处罚\t" + BASES[0] + "\x00\n").encode(), "txt"),
    ("HTML nested 200 deep", nested_html(200), "html"),
])
def test_broken_files(name, data, suffix):
    started = time.monotonic()
    _check_bytes(data, suffix)
    assert time.monotonic() - started < 60, name


@pytest.mark.slow
def test_html_nested_ten_thousand_deep():
    started = time.monotonic()
    _check_bytes(nested_html(10_000), "html")
    assert time.monotonic() - started < 120


@pytest.mark.slow
def test_the_console_command_never_prints_a_traceback(tmp_path):
    cases = {"truncated.xlsx": truncated(PACKAGES["xlsx"], 0.5), "cut.docx": truncated(PACKAGES["docx"], 0.3),
             "wide.xlsx": widest_sheet(), "nul.txt": with_nul_bytes("序号\t事项名称\n1\t处罚\n", 3),
             "nested.html": nested_html(500), "good.xlsx": PACKAGES["xlsx"]}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / name) for name in cases]
    run = subprocess.run([str(KG), "extract", *paths, "--format", "jsonl"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode in (0, 2) and "Traceback" not in run.stderr
    assert '"type": "item"' in run.stdout                        # the good file is still read
    for line in run.stderr.strip().splitlines():
        assert line.startswith("kg: ") and any(name in line for name in cases), line
    for device in ("/dev/zero", "/dev/null"):
        refused = subprocess.run([str(KG), "extract", device], capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2 and refused.stderr.startswith(f"kg: {device}: ")
        assert len(refused.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("suffix", sorted(PACKAGES))
def test_a_damaged_zip_version_is_refused_in_one_line(suffix):
    # found by bench/bench_soak.py: a flipped byte made zipfile raise NotImplementedError
    data = bytearray(PACKAGES[suffix])
    entry = data.index(b"PK\x01\x02")
    data[entry + 6] = 0xEB                    # "version needed to extract": 23.5
    outcome = _check_bytes(bytes(data), suffix)
    assert outcome.code == 2 and "corrupt or truncated" in outcome.stderr
