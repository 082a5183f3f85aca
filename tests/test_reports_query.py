"""`kg query` for people: files by extension (-o), CSV Excel reads, Chinese labels and values,
IRIs only when asked, the list of named queries, --help-params, and why an answer is empty."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS
from kg.query.named import named_queries

NANZHAO, BAOFENG = str(LISTS / "nanzhao-county-ybj.txt"), str(LISTS / "baofeng-county-ybj.txt")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("reports-query") / "store"
    built = CliRunner().invoke(app, ["build", NANZHAO, BAOFENG, "--store", str(path)])
    assert built.exit_code == 0, built.output
    return str(path)


def kg(store: str, *args: str):
    return CliRunner().invoke(app, ["query", *args, "--store", store], env={"COLUMNS": "200"})


CITING_87 = ("items-citing", "-p", "statute=社会保险法", "-p", "article=87")


def test_csv_file_has_a_bom_chinese_labels_and_no_iri_columns(store, tmp_path):
    target = tmp_path / "items.csv"
    result = kg(store, *CITING_87, "-o", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["实施主体", "序号", "事项名称", "依据原文", "行"]
    assert not any("https://" in cell for row in rows for cell in row)
    assert {row[0] for row in rows[1:]} == {"南召县医疗保障局", "宝丰县医疗保障局"}


def test_iris_are_kept_in_json_and_with_iris(store):
    machine = json.loads(kg(store, *CITING_87, "-f", "json").stdout)
    assert machine[0]["provision"].startswith("https://") and "item" in machine[0]
    with_iris = kg(store, *CITING_87, "-f", "csv", "--iris").stdout.splitlines()
    assert with_iris[0].endswith(",provision,item") and "https://" in with_iris[1]
    assert not with_iris[0].startswith("\ufeff")                        # stdout: no BOM …
    assert kg(store, *CITING_87, "-f", "csv", "--excel").stdout.startswith("\ufeff")   # … unless asked


def test_codes_are_written_in_words(store):
    rows = list(csv.DictReader(io.StringIO(kg(store, "item-penalties", "-f", "csv").stdout)))
    kinds = {row["处罚种类"] for row in rows}
    assert "罚款倍数" in kinds and not kinds & {"fine", "fine-multiple", "order"}
    assert "机构" in {row["处罚对象"] for row in rows}
    multiple = next(row for row in rows if row["处罚种类"] == "罚款倍数")
    assert multiple["单位"] == "倍" and multiple["下限"].isdigit()          # 2, not 2.0
    cited = list(csv.DictReader(io.StringIO(kg(store, "provisions-cited-by", "-p", "name=骗取", "-f", "csv").stdout)))
    assert {row["法规已识别"] for row in cited} <= {"是", "否"} and "第八十七条" in {row["条"] for row in cited}


def test_xlsx_answer_has_the_header_block_totals_and_numbers_as_numbers(store, tmp_path):
    target = tmp_path / "penalties.xlsx"
    result = kg(store, "item-penalties", "-p", "agency=南召县", "-o", str(target))
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert book.sheetnames == ["合计", "查询结果"]
    block = {row[0]: row[1] for row in book["合计"].iter_rows(values_only=True) if row[0]}
    assert block["清单"] == "实施主体含“南召县”" and block["参数"] == "agency=南召县"
    assert block["法规库版本"].startswith(tuple("0123456789")) and block["工具版本"].startswith("quanze-kg")
    assert book["合计"]["A1"].value == "查询结果：各事项可适用的处罚及幅度"
    answer = book["查询结果"]
    header = [cell.value for cell in answer[1]]
    assert header[:3] == ["实施主体", "序号", "事项名称"] and answer.freeze_panes == "A2"
    assert answer.auto_filter.ref.startswith("A1:")
    assert all(isinstance(row[1], int) for row in answer.iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in answer.iter_rows(min_row=2, values_only=True)} == {"南召县医疗保障局"}


def test_html_answer_is_a_page_with_the_rows(store, tmp_path):
    target = tmp_path / "items.html"
    assert kg(store, *CITING_87, "-o", str(target)).exit_code == 0
    cells = []

    class Cells(HTMLParser):
        def handle_data(self, data):
            cells.append(data)
    Cells().feed(target.read_text(encoding="utf-8"))
    assert "合计" in cells and "事项名称" in cells and "南召县医疗保障局" in cells


@pytest.mark.parametrize("args, message", [
    (("-o", "answer.xlsx", "-f", "csv"), "the extension says xlsx"),
    (("-o", "answer.pdf"), "cannot tell the format"),
    (("-f", "xlsx"), "needs --output"),
    (("-o", "answer.txt", "-f", "table"), "a table is for the terminal"),
])
def test_a_file_whose_format_is_unclear_is_refused(store, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = kg(store, *CITING_87, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_query_writes_no_file_and_keeps_the_old_one(store, tmp_path):
    target = tmp_path / "answer.csv"
    target.write_text("an earlier answer", encoding="utf-8")
    result = kg(store, "items-citing", "-p", "statute=社会保险法", "-p", "article=abc", "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "an earlier answer" and len(list(tmp_path.iterdir())) == 1
    missing = CliRunner().invoke(app, ["query", "lists", "-o", str(tmp_path / "new.xlsx"),
                                       "--store", str(tmp_path / "no-store")])
    assert missing.exit_code == 2 and not (tmp_path / "new.xlsx").exists()


def test_no_name_lists_every_named_query_with_its_parameters():
    result = CliRunner().invoke(app, ["query"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for named in named_queries().values():
        assert named.name in result.stdout
    assert "statute (required)" in result.stdout and "paragraph" in result.stdout


def test_help_params_describes_one_query():
    result = CliRunner().invoke(app, ["query", "items-citing", "--help-params"])
    assert result.exit_code == 0 and result.stdout.startswith("items-citing（引用某条款的事项）: Items citing")
    assert "statute" in result.stdout and "required" in result.stdout and "region" in result.stdout
    assert "实施主体 (agency)" in result.stdout and "kg query items-citing --param" in result.stdout


@pytest.mark.parametrize("params, hint", [
    (("-p", "statute=社会保险法", "-p", "article=200"), "has no 第200条; its articles run from 第1条 to 第98条"),
    (("-p", "statute=中华人民共和国不存在法", "-p", "article=2"), "does not know this statute"),
    (("-p", "statute=社会保险法", "-p", "article=87", "-p", "paragraph=4"), "has 1 款"),
])
def test_an_answer_empty_because_the_provision_does_not_exist_says_so(store, params, hint):
    result = kg(store, "items-citing", *params, "-f", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") == 1
    assert hint in result.stderr and result.stderr.count("\n") == 1


def test_an_answer_empty_for_a_real_provision_gives_no_hint(store):
    result = kg(store, "items-citing", "-p", "statute=社会保险法", "-p", "article=1", "-f", "csv")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("query, params, column, scope", [
    ("items-citing", ("-p", "statute=社会保险法", "-p", "article=87"), "实施主体", ("region", "宝丰")),
    ("article-text", ("-p", "statute=社会保险法",), "实施主体", ("agency", "南召县")),
    ("fine-ranges-by-violation", ("-p", "violation=骗取",), "实施主体", ("agency", "宝丰县")),
])
def test_the_agency_filter_keeps_that_agency_s_rows_of_the_whole_answer(store, query, params, column, scope):
    whole = list(csv.DictReader(io.StringIO(kg(store, query, *params, "-f", "csv").stdout)))
    name, value = scope
    scoped = list(csv.DictReader(io.StringIO(kg(store, query, *params, "-p", f"{name}={value}", "-f", "csv").stdout)))
    assert scoped and scoped == [row for row in whole if value in row[column]]
    assert len(scoped) < len(whole)


def test_every_labelled_column_is_a_selected_variable_and_every_vocabulary_known():
    for named in named_queries().values():
        assert named.columns and named.title, f"{named.name} declares no @columns or @title"
        for column in named.columns:
            assert f"?{column.name}" in named.text, (named.name, column.name)


def test_a_report_of_an_answer_empty_for_a_missing_article_says_why_at_its_top(store, tmp_path):
    target = tmp_path / "empty.xlsx"
    result = kg(store, "items-citing", "-p", "statute=社会保险法", "-p", "article=200", "-o", str(target))
    assert result.exit_code == 0
    column_a = [row[0] for row in load_workbook(target)["合计"].iter_rows(values_only=True) if row[0]]
    assert any(str(value).startswith("注意：查询结果为空") and "第200条" in str(value) for value in column_a)
