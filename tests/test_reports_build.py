"""`kg build DIR`: the list files inside a folder, at any depth, by extension; a file repeating a
list already built is named with the file it repeats; no progress output off a terminal."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS

NANZHAO, BAOFENG = LISTS / "nanzhao-county-ybj.txt", LISTS / "baofeng-county-ybj.txt"


def test_a_folder_is_read_at_any_depth_and_a_repeated_list_named(tmp_path):
    lists = tmp_path / "lists"
    (lists / "河南" / "南阳").mkdir(parents=True)
    shutil.copy(BAOFENG, lists / "baofeng.txt")
    shutil.copy(NANZHAO, lists / "河南" / "南阳" / "nanzhao.txt")
    shutil.copy(NANZHAO, lists / "河南" / "nanzhao-again.txt")
    (lists / "README.json").write_text("{}", encoding="utf-8")              # not a list: left out
    (lists / ".hidden.txt").write_text("序号\t事项名称\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(lists), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("built 2 lists (1 more files held a list already built): 26 items")    # 12 + 14
    first, again = lists / "河南" / "nanzhao-again.txt", lists / "河南" / "南阳" / "nanzhao.txt"
    assert result.stderr == (f"kg: {again}: skipped: the same list (agency and title) was already "
                             f"built from {first}\n")


def test_a_folder_without_lists_is_refused_in_one_line(tmp_path):
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    (tmp_path / "empty" / "notes.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "empty"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2 and "the folder holds no list file" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "store").exists()
