"""`kg cite`: text from the argument or stdin, JSONL and table output, one-line errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
TEXT = "《中华人民共和国社会保险法》第八十七条：“…依照本法第八十六条…”第八十八条：“…”"


def test_argument_gives_one_json_object_per_citation():
    result = runner.invoke(app, ["cite", TEXT])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["statute"], r["article"]) for r in rows] == [("中华人民共和国社会保险法", 87),
                                                           ("中华人民共和国社会保险法", 88)]
    assert rows[0]["cross_references"][0]["article"] == 86


def test_stdin_and_table():
    result = runner.invoke(app, ["cite", "--format", "table"], input=TEXT.encode("gb18030"))
    assert result.exit_code == 0
    assert "87" in result.stdout and "88" in result.stdout


def test_empty_stdin_is_a_user_error():
    result = runner.invoke(app, ["cite"], input=b"")
    assert result.exit_code == 2
    assert "empty" in result.output
