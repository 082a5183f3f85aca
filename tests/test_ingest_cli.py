"""`kg extract` on real and broken files: JSONL, the terminal table, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS

NANZHAO = str(LISTS / "nanzhao-county-ybj.txt")


def test_extract_jsonl_catalog_first_then_items() -> None:
    result = CliRunner().invoke(app, ["extract", NANZHAO, "--format", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["type"] == "catalog" and records[0]["declared_total"] == 12
    items = records[1:]
    assert [r["type"] for r in items] == ["item"] * 12
    assert items[0]["lines"] == [121, 196] and items[0]["category_norm"] == "行政处罚"


def test_extract_table_format_smoke() -> None:
    result = CliRunner().invoke(app, ["extract", NANZHAO, "--format", "table"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert "骗取医疗保障基金行为的处罚" in result.stdout and "121–196" in result.stdout


def test_a_bad_file_fails_alone_with_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "notice.txt"
    bad.write_text("关于公布权责清单的通知\n请遵照执行。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(bad), NANZHAO])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and str(bad) in result.stderr
    assert len([line for line in result.stdout.splitlines() if '"type": "item"' in line]) == 12
