"""Adversarial citation texts through `kg cite` and through a list's basis cell (issue 20): long
runs of 第 or 《, huge numerals, mixed numeral systems, control and RTL characters, 10,000
citations in a cell. Exit 0, spans index the text, and time stays bounded."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fuzz_cases import adversarial_bases, check_extract, mutated
from kg.cli import app
from kg.errors import InputError
from kg.ingest.decode import decode_bytes

SIZE = 2000
PATTERNS = adversarial_bases(SIZE)


def _cite(text: str) -> list[dict]:
    """`kg cite` of `text` on stdin: its records, whose spans index the text as read (decoded
    like any input: a leading byte-order mark is not text); an input refused (empty, NUL
    bytes) is refused in one line."""
    result = CliRunner().invoke(app, ["cite", "--format", "jsonl"], input=text.encode("utf-8"))
    try:
        source = decode_bytes(text.encode("utf-8"), "<stdin>")
    except InputError as error:
        assert result.exit_code == 2 and result.stderr == f"kg: {error.describe()}\n"
        return []
    assert result.exit_code == 0, (result.exception, result.stderr[-300:])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records:
        start, end = record["span"]
        assert source[start:end] == record["raw"], (source, record["span"], record["raw"])
    return records


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_adversarial_text_is_cited_in_bounded_time(pattern):
    started = time.monotonic()
    _cite(PATTERNS[pattern])
    assert time.monotonic() - started < 20, f"{pattern}: {time.monotonic() - started:.1f} s for {SIZE} units"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(adversarial_bases(40))).flatmap(lambda name: mutated(adversarial_bases(40)[name])))
def test_mutated_adversarial_texts(text):
    _cite(text)


@pytest.mark.slow
def test_ten_thousand_citations_in_one_cell(tmp_path):
    cell = "；".join(f"《中华人民共和国社会保险法》第{n + 1}条" for n in range(10_000))
    path = tmp_path / "list.txt"
    path.write_text("某县医疗保障局权责清单\n\n序号\t事项名称\t职权类别\t实施依据\n"
                    f"1\t对骗取医疗保障基金行为的处罚\t行政处罚\t{cell}\n", encoding="utf-8")
    started = time.monotonic()
    outcome = check_extract(path)
    assert outcome.code == 0 and outcome.stdout.count('"raw"') >= 10_000
    assert time.monotonic() - started < 120
