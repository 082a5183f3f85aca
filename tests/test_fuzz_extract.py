"""Fuzz `kg extract` with mutated seed lists and made-up spreadsheets (issue 20): exit 0 or 2,
never a traceback; spans index the basis text; the same input gives the same JSONL; no
temporary file left. Bounded for CI (max_examples); bench/bench_soak.py runs the same longer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_cases import LIST_FORMATS, check_extract, encoded, made_up_blocks, seed_excerpt, write_blocks

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def encoded_excerpt(draw) -> bytes:
    return draw(encoded(draw(seed_excerpt())))


@FUZZ
@given(encoded_excerpt(), st.sampled_from([".txt", ".tsv", ".md", ".csv", ".xls"]))
def test_mutated_seed_lists(data, suffix):
    # .csv and .xls read the same bytes as delimited text or an exported table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
        check_extract(path)


@FUZZ
@given(made_up_blocks(), st.sampled_from(LIST_FORMATS))
def test_made_up_spreadsheets(blocks, suffix):
    with tempfile.TemporaryDirectory() as folder:
        check_extract(write_blocks(Path(folder) / f"list.{suffix}", blocks))


def test_an_unmutated_made_up_list_is_read_whole(tmp_path):
    # the properties hold on inputs that are read, not only on refused ones
    from fixtures.list_files import Table, Title
    blocks = [Title("某县医疗保障局权责清单"),
              Table([["序号", "事项名称", "职权类别", "实施依据"],
                     ["1", "对骗取医疗保障基金行为的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七条"]])]
    for suffix in LIST_FORMATS:
        outcome = check_extract(write_blocks(tmp_path / f"list.{suffix}", blocks))
        assert outcome.code == 0 and '"article": 87' in outcome.stdout, suffix
