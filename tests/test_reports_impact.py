"""`kg impact` reports for people: provisions as lawyers write them, the articles the amendment
changed, header block and 合计, frozen and filterable sheets, files others can read, and no
report when a list cannot be read."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS

TIANSHUI, NANZHAO = str(LISTS / "tianshui-city-ybj.txt"), str(LISTS / "nanzhao-county-ybj.txt")
SOCIAL_INSURANCE = ("社会保险法", "--from", "2010", "--to", "2018")


def run(*args: str):
    return CliRunner().invoke(app, ["impact", *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    target = tmp_path_factory.mktemp("impact-report") / "影响.xlsx"
    old = os.umask(0o022)
    try:
        result = run(*SOCIAL_INSURANCE, "--lists", TIANSHUI, NANZHAO, "-o", str(target))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    return target


def test_the_workbook_has_totals_the_changed_articles_then_each_verdict(workbook):
    book = load_workbook(workbook, rich_text=True)
    assert book.sheetnames == ["合计", "修改的条文", "受影响", "未变化", "待核"]
    rows = [row for row in book["合计"].iter_rows(values_only=True) if row[0]]
    assert rows[0][0] == "《中华人民共和国社会保险法》修改影响报告（2010-10-28 版 → 2018-12-29 版）"
    block = {row[0]: row[1] for row in rows[1:9]}
    assert block["来源文件"] == f"{TIANSHUI}；{NANZHAO}" and block["修改"] == "由两版条文比对得出"
    total = next(row for row in rows if row[0] == "合计" and isinstance(row[1], int))
    affected = list(book["受影响"].iter_rows(min_row=2, values_only=True))
    unchanged = list(book["未变化"].iter_rows(min_row=2, values_only=True))
    assert total[1:3] == (len(affected), len(unchanged)) and total[4] == sum(total[1:4])
    changed = [row[:3] for row in book["修改的条文"].iter_rows(min_row=3, values_only=True)]
    assert ("第六十四条", "第六十四条", "修改") in changed and ("第五十七条", "第五十七条", "修改") in changed
    assert all(row[2] != "未变" for row in changed)


def test_verdict_sheets_are_frozen_filterable_and_write_provisions_as_lawyers_do(workbook):
    book = load_workbook(workbook, rich_text=True)
    sheet = book["受影响"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:J")
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(row[1], row[4], row[6]) for row in rows} == {(4163, "第六十四条", "修改"), (4165, "第五十七条", "修改")}
    assert isinstance(sheet["H2"].value, CellRichText)
    unchanged = list(book["未变化"].iter_rows(min_row=2, values_only=True))
    assert all(str(row[4]).startswith("第") and "." not in str(row[4]) for row in unchanged)
    assert workbook.stat().st_mode & 0o777 == 0o644


def test_html_report_sections(tmp_path):
    target = tmp_path / "impact.html"
    assert run(*SOCIAL_INSURANCE, "--lists", TIANSHUI, "-o", str(target)).exit_code == 0
    page = target.read_text(encoding="utf-8")
    for heading in ("<h2>合计</h2>", "<h2>本次修改的条文</h2>", "<h2>受影响的事项（2）</h2>"):
        assert heading in page
    assert "<del>工商行政</del><ins>市场监督</ins>" in page and "法规库版本" in page
    assert "<td class=\"short\">第六十四条</td>" in page


def test_csv_file_reads_in_excel_and_the_terminal_names_the_changed_articles(tmp_path):
    target = tmp_path / "impact.csv"
    assert run(*SOCIAL_INSURANCE, "--lists", TIANSHUI, "-o", str(target)).exit_code == 0
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {row["结论"] for row in rows} == {"受影响", "未变化"} and "第六十四条" in {row["原条款"] for row in rows}
    table = run(*SOCIAL_INSURANCE, "--lists", TIANSHUI)
    assert "本次修改的条文（3）：第五十七条修改；第六十四条修改；第六十六条修改" in table.stdout


def test_an_unreadable_list_writes_no_report(tmp_path):
    earlier = tmp_path / "impact.xlsx"
    earlier.write_bytes(b"the earlier report")
    result = run(*SOCIAL_INSURANCE, "--lists", TIANSHUI, str(tmp_path / "missing.txt"), "-o", str(earlier))
    assert result.exit_code == 2 and "missing.txt" in result.stderr
    assert earlier.read_bytes() == b"the earlier report" and [p.name for p in tmp_path.iterdir()] == ["impact.xlsx"]


def test_the_extension_decides_the_format_and_a_contradiction_is_refused(tmp_path):
    result = run(*SOCIAL_INSURANCE, "--lists", TIANSHUI, "-o", str(tmp_path / "r.html"), "-f", "xlsx")
    assert result.exit_code == 2 and "the extension says html" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_items_affected_after_keeps_a_region_s_rows(tmp_path):
    store = str(tmp_path / "store")
    assert CliRunner().invoke(app, ["build", TIANSHUI, NANZHAO, "--store", store]).exit_code == 0
    assert run(*SOCIAL_INSURANCE, "--store", store, "-f", "json").exit_code == 0       # records the amendment
    query = ["query", "items-affected-after", "-p", "after=2018-01-01", "-f", "csv", "--store", store]
    whole = list(csv.DictReader(io.StringIO(CliRunner().invoke(app, query).stdout)))
    assert whole and {row["变化"] for row in whole} <= {"修改", "条号变动", "删除", "条号变动并修改"}
    agency = whole[0]["实施主体"]
    scoped = list(csv.DictReader(io.StringIO(CliRunner().invoke(app, [*query, "-p", f"region={agency}"]).stdout)))
    assert scoped == [row for row in whole if agency in row["实施主体"]]
    none = CliRunner().invoke(app, [*query, "-p", "region=不存在的地方"])
    assert none.stdout.count("\n") == 1


def test_json_names_the_articles_the_amendment_changed():
    result = run(*SOCIAL_INSURANCE, "--lists", TIANSHUI, "-f", "json")
    changed = json.loads(result.stdout)["amendment"]["changed"]
    assert [(c["old"], c["change"]) for c in changed] == [(57, "modified"), (64, "modified"), (66, "modified")]
