"""`kg validate` reports for people: header block, 合计, Chinese check names, details in plain
words, a per-agency summary first with --all, and never a clean report of a file it could not read."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS
from kg.validate.report import check_label, explained

NANZHAO, BAOFENG = str(LISTS / "nanzhao-county-ybj.txt"), str(LISTS / "baofeng-county-ybj.txt")


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def nanzhao_workbook(tmp_path_factory):
    target = tmp_path_factory.mktemp("validate-report") / "南召.xlsx"
    result = run(NANZHAO, "-o", str(target))                     # xlsx from the extension
    assert result.exit_code == 1, result.output
    return load_workbook(target)


def test_the_workbook_opens_with_the_header_block_and_totals(nanzhao_workbook):
    assert nanzhao_workbook.sheetnames == ["合计", "校验结果"]
    rows = list(nanzhao_workbook["合计"].iter_rows(values_only=True))
    block = {row[0]: row[1] for row in rows[:12] if row[0]}
    assert rows[0][0] == "权责清单法律依据校验报告"
    assert block["清单"] == "南召县医疗保障局" and block["来源文件"] == NANZHAO
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", block["生成日期"]) and "sha256:" in block["法规库版本"]
    assert block["工具版本"].startswith("quanze-kg ")
    totals = {(row[0], row[1]): row[2] for row in rows if row[0] and row[2] is not None}
    assert totals[("违规", "条号超出范围")] == 1 and isinstance(totals[("违规合计", None)], int)
    assert totals[("无法读取的文件", None)] == 0


def test_findings_name_their_check_in_chinese_and_explain_similarity_in_words(nanzhao_workbook):
    sheet = nanzhao_workbook["校验结果"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:K")
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    rows = [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    checks = {row["检查"] for row in rows}
    assert "条号超出范围" in checks and not any(re.fullmatch(r"[A-Za-z]+", c) for c in checks)
    assert all(isinstance(row["行"], int) for row in rows if row["行"] is not None)
    assert all(isinstance(row["序号"], int) for row in rows if row["序号"] is not None)
    quote = next(row for row in rows if row["检查"] == "引文与原文不符")
    assert "引文相似度：高（仅个别字词不同）" in quote["说明"] and "引文“" in quote["说明"]
    assert not re.search(r"相似度：0\.\d", quote["说明"])
    out_of_range = next(row for row in rows if row["检查"] == "条号超出范围")
    assert "最后一条：第三十一条" in out_of_range["说明"]


def test_explanations_in_plain_words():
    assert explained("引文相似度：0.277") == "引文相似度：低（大部分文字不同）"
    assert explained("最相符条文相似度：0.95") == "最相符条文相似度：高（仅个别字词不同）"
    assert explained("最相符条号：80") == "最相符条号：第八十条"
    assert explained("目录中的名称：用人单位") == "目录中的名称：用人单位"
    assert check_label("WrongArticleNumber") == "条号疑似错误"


def test_html_report_has_the_sections_and_chinese_check_names(tmp_path):
    target = tmp_path / "report.html"
    assert run(NANZHAO, BAOFENG, "-o", str(target)).exit_code == 1
    headings, cells = [], []

    class Page(HTMLParser):
        tag = None

        def handle_starttag(self, tag, attrs):
            self.tag = tag

        def handle_data(self, data):
            (headings if self.tag == "h2" else cells).append(data)
    Page().feed(target.read_text(encoding="utf-8"))
    assert headings == ["按实施主体", "合计", "校验结果"]          # two agencies: their summary first
    assert "南召县医疗保障局" in cells and "宝丰县医疗保障局" in cells and "条号超出范围" in cells
    assert "ArticleOutOfRange" not in cells


def test_an_unreadable_file_is_named_at_the_top_counted_and_exits_2(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(Path(BAOFENG).read_bytes())
    missing = tmp_path / "missing.txt"
    target = tmp_path / "report.xlsx"
    result = run(NANZHAO, str(missing), "-o", str(target))
    assert result.exit_code == 2 and str(missing) in result.stderr
    rows = [row for row in load_workbook(target)["合计"].iter_rows(values_only=True) if row[0]]
    notice = next(i for i, row in enumerate(rows) if str(row[0]).startswith("注意：1 个文件无法读取"))
    assert str(missing) in rows[notice + 1][0] and "无法读取的文件 1" in {r[0]: r[1] for r in rows}["结论"]
    assert ("无法读取的文件", None, 1, None) in rows
    unread = list(load_workbook(target)["无法读取的文件"].iter_rows(min_row=2, values_only=True))
    assert unread[0][0] == str(missing) and "cannot read" in unread[0][1]
    text = run(NANZHAO, str(missing), "--check", "CatalogMismatch").stdout
    assert text.startswith("注意：1 个文件无法读取") and "未发现问题。\n" not in text


@pytest.mark.parametrize("content", [None, b"", b"\x00\x01 not a list"])
@pytest.mark.parametrize("suffix", [".html", ".xlsx", ".json", ".txt"])
def test_no_report_is_written_when_no_list_could_be_read(tmp_path, content, suffix):
    source = tmp_path / "list.txt"
    if content is not None:
        source.write_bytes(content)
    fresh, earlier = tmp_path / f"new{suffix}", tmp_path / f"old{suffix}"
    earlier.write_text("the earlier report", encoding="utf-8")
    for target in (fresh, earlier):
        result = run(str(source), "-o", str(target))
        assert result.exit_code == 2 and "no report written" in result.stderr
    assert not fresh.exists() and earlier.read_text(encoding="utf-8") == "the earlier report"
    expected = {earlier.name} | ({source.name} if content is not None else set())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)


def test_json_cannot_say_a_file_was_not_read_so_it_is_not_written(tmp_path):
    target = tmp_path / "findings.json"
    result = run(NANZHAO, str(tmp_path / "missing.txt"), "-o", str(target))
    assert result.exit_code == 2 and "json cannot say so" in result.stderr and not target.exists()


def test_a_report_file_is_readable_by_others(tmp_path):
    target = tmp_path / "report.html"
    old = os.umask(0o022)
    try:
        run(BAOFENG, "-o", str(target))
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_all_lists_begin_with_the_summary_per_agency(tmp_path):
    store = tmp_path / "store"
    assert CliRunner().invoke(app, ["build", NANZHAO, BAOFENG, "--store", str(store)]).exit_code == 0
    target = tmp_path / "all.xlsx"
    result = run("--all", "--store", str(store), "-o", str(target))
    assert result.exit_code == 1, result.output
    book = load_workbook(target)
    assert book.sheetnames[:2] == ["按实施主体", "合计"]
    rows = [row for row in book["按实施主体"].iter_rows(values_only=True) if row[0]]
    header = rows.index(next(r for r in rows if r[0] == "实施主体"))
    agencies = {row[0]: row for row in rows[header + 1:]}
    assert set(agencies) == {"南召县医疗保障局", "宝丰县医疗保障局"}
    assert agencies["南召县医疗保障局"][1:3] == (1, 12) and "条号超出范围 1" in agencies["南召县医疗保障局"][6]
    summary = run("--all", "--store", str(store))
    assert "校验汇总（按实施主体）" in summary.stdout and "条号超出范围" in summary.stdout
