"""Soak: the fuzz strategies of tests/test_fuzz_*.py run for minutes instead of a few dozen
examples (issue 20; run by hand, not part of the tests).

    .venv/bin/python bench/bench_soak.py --minutes 10 [--batch 50] [--cli-every 5]

Rounds over five campaigns until the time is up, each round `--batch` hypothesis examples
(fresh random seeds every round, no example database): mutated seed lists (as .txt .tsv .md .csv
.xls), made-up lists in every format, mutated adversarial citation texts (`kg cite`), truncated
and byte-flipped xlsx/docx packages. Every `--cli-every` rounds one generated file also goes
through the installed `kg extract` as a subprocess (with a timeout). The properties are those of
tests/fuzz_cases.py: exit 0 or 2, never a traceback, spans index the text, the same input gives
the same JSONL, no temporary file left. Prints the counts per campaign and every failure found
(hypothesis shrinks it first).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz_cases import (  # noqa: E402
    LIST_FORMATS,
    adversarial_bases,
    check_extract,
    docx_bytes,
    encoded,
    made_up_blocks,
    mutated,
    seed_excerpt,
    truncated,
    write_blocks,
    xlsx_bytes,
)
from test_fuzz_cite import _cite  # noqa: E402
from test_fuzz_files import BLOCKS  # noqa: E402

KG = Path(sys.executable).parent / "kg"
CLI_TIMEOUT = 120
PACKAGES = {"xlsx": xlsx_bytes(BLOCKS), "docx": docx_bytes(BLOCKS)}
cases: Counter = Counter()
cli_inputs: list[tuple[bytes, str]] = []      # files a round generated, some sent to the CLI
sampling = random.Random()      # its own generator: hypothesis seeds the global one per example


def _extract_bytes(campaign: str, data: bytes, suffix: str) -> None:
    cases[campaign] += 1
    if sampling.random() < 0.05:
        cli_inputs.append((data, suffix))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
        check_extract(path)


def campaigns(batch: int) -> dict:
    run = settings(max_examples=batch, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))
    adversarial = adversarial_bases(40)

    @run
    @given(seed_excerpt().flatmap(encoded), st.sampled_from([".txt", ".tsv", ".md", ".csv", ".xls"]))
    def seed_lists(data, suffix):
        _extract_bytes("mutated seed lists", data, suffix)

    @run
    @given(made_up_blocks(), st.sampled_from(LIST_FORMATS))
    def made_up(blocks, suffix):
        cases["made-up lists"] += 1
        with tempfile.TemporaryDirectory() as folder:
            path = write_blocks(Path(folder) / f"list.{suffix}", blocks)
            if sampling.random() < 0.05:
                cli_inputs.append((path.read_bytes(), f".{suffix}"))
            check_extract(path)

    @run
    @given(st.sampled_from(sorted(adversarial)).flatmap(lambda name: mutated(adversarial[name], 12)))
    def citations(text):
        cases["adversarial citation texts"] += 1
        _cite(text)

    @run
    @given(st.sampled_from(sorted(PACKAGES)), st.floats(0.0, 0.999))
    def cut_packages(suffix, keep):
        _extract_bytes("truncated packages", truncated(PACKAGES[suffix], keep), f".{suffix}")

    @run
    @given(st.sampled_from(sorted(PACKAGES)), st.integers(0, 10**9), st.integers(1, 16))
    def flipped_packages(suffix, where, flips):
        data = bytearray(PACKAGES[suffix])
        for n in range(flips):
            data[(where + n * 7919) % len(data)] ^= 0xFF
        _extract_bytes("byte-flipped packages", bytes(data), f".{suffix}")

    return {"mutated seed lists": seed_lists, "made-up lists": made_up,
            "adversarial citation texts": citations, "truncated packages": cut_packages,
            "byte-flipped packages": flipped_packages}


def cli_run(data: bytes, suffix: str) -> str | None:
    """One `kg extract` subprocess of `data`; the failure, or None."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
        try:
            done = subprocess.run([str(KG), "extract", str(path), "--format", "jsonl"],
                                  capture_output=True, text=True, timeout=CLI_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"kg extract {suffix}: no answer within {CLI_TIMEOUT} s"
        if done.returncode not in (0, 2) or "Traceback" in done.stderr:
            return f"kg extract {suffix}: exit {done.returncode}: {done.stderr[-300:]}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--batch", type=int, default=50, help="hypothesis examples per campaign and round")
    parser.add_argument("--cli-every", type=int, default=5, help="rounds between subprocess runs")
    options = parser.parse_args()
    ends = time.monotonic() + 60 * options.minutes
    failures: list[str] = []
    rounds = 0
    while time.monotonic() < ends:
        for name, campaign in campaigns(options.batch).items():
            try:
                campaign()
            except Exception as error:         # a property broken: hypothesis shrank it first
                for each in getattr(error, "exceptions", [error]):
                    failures.append(f"{name}: {type(each).__name__}: {str(each)[:500]}")
                    print(f"FAILURE {failures[-1]}", flush=True)
            if time.monotonic() >= ends:
                break
        rounds += 1
        if rounds % options.cli_every == 0 and cli_inputs:
            data, suffix = cli_inputs.pop(sampling.randrange(len(cli_inputs)))
            cases["CLI subprocess runs"] += 1
            problem = cli_run(data, suffix)
            if problem:
                failures.append(problem)
                print(f"FAILURE {problem}", flush=True)
        print(f"round {rounds}: {sum(cases.values())} cases, {len(failures)} failures", flush=True)
    print("\n| campaign | cases |\n|---|---:|")
    for name, count in cases.most_common():
        print(f"| {name} | {count:,} |")
    print(f"| **all** ({options.minutes:g} min, {rounds} rounds) | {sum(cases.values()):,} |")
    print(f"\nfailures: {len(failures)}")
    for failure in failures:
        print(f"- {failure}")


if __name__ == "__main__":
    main()
