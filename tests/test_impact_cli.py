"""`kg impact` end to end on a real list, its report formats, and its user errors."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from typer.testing import CliRunner

from kg.cli import app
from kg.impact.report import marked_text
from kg.paths import DATA, LISTS

TIANSHUI = str(LISTS / "tianshui-city-ybj.txt")
REQUIRED = {"source", "agency", "seq", "name", "citation", "old", "new", "change"}


def run(*args: str):
    return CliRunner().invoke(app, ["impact", *args])


@pytest.fixture(scope="module")
def social_insurance_json():
    result = run("社会保险法", "--from", "2010", "--to", "2018", "--lists", TIANSHUI, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_lists_affected_and_checked_unchanged_citations(social_insurance_json):
    affected = social_insurance_json["affected"]
    assert {(e["seq"], e["citation"], e["old"], e["new"], e["change"]) for e in affected} == {
        ("4163", "第六十四条", "64", "64", "modified"), ("4165", "第五十七条", "57", "57", "modified")}
    assert all(REQUIRED <= set(e) for e in affected + social_insurance_json["unchanged"])
    assert {e["change"] for e in social_insurance_json["unchanged"]} == {"unchanged"}
    assert "{+市场监督+}" in next(e["diff"] for e in affected if e["seq"] == "4165")


def test_the_spec_of_the_real_amendment_gives_the_same_answer(social_insurance_json):
    spec = DATA / "amendments" / "中华人民共和国社会保险法-2018-12-29.yaml"
    result = run("中华人民共和国社会保险法", "--spec", str(spec), "--lists", TIANSHUI, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["affected"] == social_insurance_json["affected"]


def test_xlsx_report_marks_the_changed_characters(tmp_path):
    target = tmp_path / "impact.xlsx"
    result = run("医疗机构管理条例", "--from", "2016", "--to", "2022", "--lists", TIANSHUI,
                 "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(target, rich_text=True)
    affected = list(workbook["受影响"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[4], row[5], row[6]) for row in affected] == [(4167, "第三十六条", "第三十五条", "条号变动")]
    assert len(list(workbook["未变化"].iter_rows(min_row=2))) == 2      # 第二条, 第五条
    spec = run("社会保险法", "--from", "2010", "--to", "2018", "--lists", TIANSHUI,
               "--format", "xlsx", "--output", str(target))
    assert spec.exit_code == 0
    diff = load_workbook(target, rich_text=True)["受影响"]["H2"].value
    assert isinstance(diff, CellRichText) and any(getattr(part, "font", None) for part in diff)


def test_alignment_is_shown_for_review():
    result = run("行政处罚法", "--from", "2017-09-01", "--to", "2021", "--alignment", "--format", "json")
    assert result.exit_code == 0, result.output
    changes = {c["old"]: c for c in json.loads(result.output)["changes"]}
    assert changes[18]["new"] == [20] and changes[37]["new"] == [55, 56]
    table = run("行政处罚法", "--from", "2017", "--to", "2021", "--alignment")
    assert "条文对照" in table.output


@pytest.mark.parametrize("args, reason", [
    (("不存在的法律", "--from", "2010", "--to", "2018"), "unknown statute"),
    (("社会保险法", "--from", "2010"), "give --from and --to"),
    (("社会保险法", "--from", "2018", "--to", "2010"), "is not older than"),
    (("社会保险法", "--from", "1990", "--to", "2018"), "no version '1990'"),
    (("医疗机构管理条例", "--from", "1994", "--to", "2016"), "no text of the 1994-02-26 version"),
    (("社会保险法", "--from", "2010", "--to", "2018", TIANSHUI), "give --lists"),
    (("社会保险法", "--from", "2010", "--to", "2018", "--lists", "/no/such/list.txt"), "/no/such/list.txt"),
    (("社会保险法", "--from", "2010", "--to", "2018", "--lists", TIANSHUI, "--format", "xlsx"), "needs --output"),
    (("社会保险法", "--spec", "/no/such/spec.yaml"), "cannot read the amendment spec"),
    (("行政处罚法", "--spec", str(DATA / "amendments" / "中华人民共和国社会保险法-2018-12-29.yaml")),
     "not 中华人民共和国行政处罚法"),
    (("社会保险法", "--from", "2010", "--to", "2018", "--store", "/no/such/store"), "run `kg build` first"),
])
def test_user_errors_are_one_line_and_exit_2(args, reason):
    result = run(*args)
    assert result.exit_code == 2
    assert reason in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_plain_and_html_diffs_mark_deletions_and_insertions():
    assert marked_text("工商行政管理部门、民政部门", "市场监督管理部门、民政部门") == ("[-工商行政-]{+市场监督+}管理部"
                                                                                       "门、民政部门")
    assert marked_text("同一", "同一") == "同一"
    assert marked_text(None, "新") == "新"


def test_csv_and_html_reports_carry_every_checked_citation(social_insurance_json, tmp_path):
    # render from the CLI's own output files to check the two text forms agree
    csv_out, html_out = tmp_path / "r.csv", tmp_path / "r.html"
    for fmt, target in (("csv", csv_out), ("html", html_out)):
        result = run("社会保险法", "--from", "2010", "--to", "2018", "--lists", TIANSHUI,
                     "--format", fmt, "--output", str(target))
        assert result.exit_code == 0, result.output
    rows = csv_out.read_text(encoding="utf-8-sig").splitlines()
    total = len(social_insurance_json["affected"]) + len(social_insurance_json["unchanged"])
    assert rows[0].startswith("结论,实施主体") and sum(r.startswith(("受影响", "未变化")) for r in rows) == total
    page = html_out.read_text(encoding="utf-8")
    assert "<del>工商行政</del><ins>市场监督</ins>" in page and "受影响的事项（2）" in page
