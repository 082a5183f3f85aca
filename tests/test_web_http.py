"""The web workspace over HTTP (Starlette's TestClient): pages, downloads, and every error a user
can cause shown as a message on the page, never a traceback."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from kg.query.output import as_records, for_people
from kg.validate.report import check_label
from kg.web.app import create_app
from kg.web.console import refusal
from kg.web.paging import Scope, count_query, page_query
from kg.web.workspace import MAX_UPLOAD_BYTES, Workspace, display_name
from web_store import DRAFT_CSV, PLANTED, SEED_AGENCIES


@pytest.fixture(scope="module")
def workspace(copy_five_lists, tmp_path_factory) -> Workspace:
    """The workspace over a copy of the five-list store (it opens the store for writing)."""
    return Workspace(copy_five_lists(tmp_path_factory.mktemp("web") / "store"))


@pytest.fixture(scope="module")
def client(workspace) -> TestClient:
    return TestClient(create_app(workspace), raise_server_exceptions=False)


def test_shareable_items_address_lists_the_four_seed_items(client):
    page = client.get("/items", params={"statute": "社会保险法", "article": "87"})
    assert page.status_code == 200
    for agency in SEED_AGENCIES:
        assert f"{agency}（1）" in page.text
    assert page.text.count('class="result"') == 4 and '共 <b class="total">4</b> 条' in page.text
    assert "data/lists/pingshan-county-ybj.txt 第56行" in page.text


def test_items_filters_narrow_the_answer(client):
    by_region = client.get("/items", params={"statute": "社会保险法", "article": "八十七", "region": "平山"})
    assert by_region.text.count('class="result"') == 1 and "平山县医疗保障局" in by_region.text
    by_agency = client.get("/items", params={"statute": "中华人民共和国社会保险法", "article": "第八十七条",
                                             "agency": "宝丰县医疗保障局"})
    assert by_agency.text.count('class="result"') == 1 and "宝丰县医疗保障局（1）" in by_agency.text
    other_category = client.get("/items", params={"statute": "社会保险法", "article": "87", "category": "行政许可"})
    assert 'class="result"' not in other_category.text and "没有找到结果" in other_category.text


@pytest.mark.parametrize("params, message", [
    ({"statute": "社会保险发", "article": "87"}, "法规库中没有这部法律法规"),
    ({"statute": "社会保险法", "article": "abc"}, "不是有效的条号"),
    ({"statute": "社会保险法", "article": "10" * 20}, "不是有效的条号"),
    ({"statute": "社会保险法", "article": ""}, "请填写条"),
    ({"statute": "社会保险法", "article": "87", "category": "乱类"}, "没有“乱类”这一职权类别"),
])
def test_items_errors_are_messages(client, params, message):
    page = client.get("/items", params=params)
    assert page.status_code == 400
    assert message in page.text and "Traceback" not in page.text


def test_article_view_shows_versions_quotes_and_citing_items(client):
    page = client.get("/article", params={"statute": "社会保险法", "article": "87"})
    assert page.status_code == 200
    assert "2010-10-28 版" in page.text and "2018-12-29 版" in page.text
    assert "各清单引用的原文" in page.text and "<del>" in page.text     # a quote differing from the text
    assert page.text.count('class="result"') == 4


def test_article_beyond_the_last_is_a_message(client):
    page = client.get("/article", params={"statute": "社会保险法", "article": "999"})
    assert page.status_code == 400 and "没有第999条" in page.text and "第98条" in page.text


def test_impact_and_its_downloads(client, workspace):
    params = {"statute": "社会保险法", "from": "2010", "to": "2018"}
    expected = workspace.impact(workspace.statute("社会保险法"), "2010", "2018")
    assert expected.affected
    page = client.get("/impact", params=params)
    assert page.status_code == 200
    assert f'id="n-affected">{len(expected.affected)}<' in page.text
    assert f'id="n-unchanged">{len(expected.unchanged)}<' in page.text
    sheet = client.get("/impact.xlsx", params=params)
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    names = {cell for row in book["受影响"].iter_rows(values_only=True) for cell in row}
    assert {entry.name for entry in expected.affected} <= names
    assert "修改影响" in client.get("/impact.html", params=params).text


@pytest.mark.parametrize("params, message", [
    ({"statute": "社会保险法", "from": "2018", "to": "2010"}, "不早于"),
    ({"statute": "社会保险法", "from": "1999", "to": "2018"}, "没有“1999”这一版本"),
    ({"statute": "不存在的法", "from": "2010", "to": "2018"}, "法规库中没有这部法律法规"),
])
def test_impact_errors_are_messages(client, params, message):
    for path in ("/impact", "/impact.xlsx"):
        page = client.get(path, params=params)
        assert page.status_code == 400 and message in page.text


def test_upload_finds_the_three_planted_mistakes_and_writes_nothing(client, workspace):
    graphs_before = workspace.graph_store.graph_names()
    answer = client.post("/validate", files={"file": ("../../etc/草稿.csv", DRAFT_CSV.encode("utf-8"), "text/csv")})
    assert answer.status_code == 200 and "草稿.csv：4 个事项" in answer.text
    for check, line in PLANTED.items():
        assert f'title="{check}"' in answer.text and f"第{line}行" in answer.text
    assert 'id="n-Violation">3<' in answer.text and "缺少法律依据" in answer.text
    assert workspace.graph_store.graph_names() == graphs_before
    report = client.get(answer.url.path + "/report.xlsx")
    book = load_workbook(io.BytesIO(report.content))
    cells = [str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value]
    for check in PLANTED:
        assert check_label(check) in cells


def test_adding_a_checked_draft_puts_it_in_the_store(copy_five_lists, tmp_path):
    workspace = Workspace(copy_five_lists(tmp_path / "store"))
    client = TestClient(create_app(workspace))
    checked = client.post("/validate", files={"file": ("草稿.csv", DRAFT_CSV.encode("utf-8"))})
    added = client.post(checked.url.path + "/add")
    assert "已加入数据库" in added.text
    found = client.get("/items", params={"statute": "社会保险法", "article": "87", "agency": "测试县医疗保障局"})
    assert found.text.count('class="result"') == 1 and "草稿.csv 第2行" in found.text


@pytest.mark.parametrize("name, content, message", [
    ("list.png", b"\x89PNG\r\n", "不支持的文件类型"),
    ("list.pdf", b"%PDF-1.4", "list.pdf"),
    ("list.csv", b"", "文件是空的"),
    ("list.xlsx", b"PK\x03\x04 not a workbook", "list.xlsx"),
    ("list.txt", "天气很好，没有表格。\n".encode(), "list.txt"),
])
def test_a_file_that_is_not_a_list_is_a_message(client, name, content, message):
    page = client.post("/validate", files={"file": (name, content)})
    assert page.status_code == 400 and message in page.text and "Traceback" not in page.text


def test_upload_size_limit(client):
    page = client.post("/validate", files={"file": ("big.csv", b"x" * (MAX_UPLOAD_BYTES + 10))})
    assert page.status_code == 400 and "文件太大" in page.text


def test_an_expired_report_is_a_message(client):
    page = client.get("/validate/no-such-token")
    assert page.status_code == 400 and "已过期" in page.text


def test_upload_names_are_shown_never_used_as_paths():
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("C:\\Users\\a\\清单.xlsx") == "清单.xlsx"
    assert display_name("\x00\u202e") == "上传的清单"


def test_named_query_pages_join_into_the_whole_answer(client, workspace):
    whole = workspace.export("citations-of-statute", {"statute": "社会保险法"}, Scope())
    pages = [workspace.page("citations-of-statute", {"statute": "社会保险法"}, Scope(), n, size=7)
             for n in range(1, 20)]
    assert all(page.total == len(whole.rows) > 7 for page in pages)     # counted, or the last page's end
    assert [row for page in pages for row in page.rows] == as_records(whole)


def test_named_query_form_page_and_downloads(client, workspace):
    page = client.get("/queries/citations-of-statute", params={"run": "1", "statute": "社会保险法"})
    assert page.status_code == 200 and 'class="total"' in page.text
    total = int(page.text.split('class="total">')[1].split("<")[0])
    download = client.get("/queries/citations-of-statute/download.csv", params={"statute": "社会保险法"})
    assert download.content.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    named = workspace.named("citations-of-statute")
    labels = for_people(workspace.export(named.name, {"statute": "社会保险法"}, Scope()), named).columns
    assert tuple(rows[0]) == labels and len(rows) == total + 1
    assert all(f"<th>{label}</th>" in page.text for label in labels)
    sheet = client.get("/queries/citations-of-statute/download.xlsx", params={"statute": "社会保险法"})
    book = load_workbook(io.BytesIO(sheet.content))
    assert sum(1 for sheet in book for row in sheet.iter_rows(values_only=True)
               if tuple(row[:len(labels)]) == labels) == 1


def test_named_query_errors(client):
    assert client.get("/queries/../../etc/passwd").status_code == 404
    assert "没有“nosuch”这个查询" in client.get("/queries/nosuch").text
    missing = client.get("/queries/items-citing", params={"run": "1", "statute": "社会保险法"})
    assert missing.status_code == 400 and "missing parameter article" in missing.text
    unscoped = client.get("/queries/store-graphs", params={"run": "1", "agency": "平山县医疗保障局"})
    assert unscoped.status_code == 400 and "不能按实施主体" in unscoped.text


def test_page_and_count_queries_keep_order_and_drop_the_sort():
    text = "PREFIX kg: <https://w3id.org/quanze-kg/ns#>\nSELECT ?agency ?x WHERE { ?x kg:p ?agency } ORDER BY ?agency"
    page = page_query(text, Scope(region="平山"), 200, 200)
    assert page.rstrip().endswith("LIMIT 200 OFFSET 200") and "ORDER BY ?agency" in page
    assert 'CONTAINS(?agency, "平山")' in page
    assert "ORDER BY" not in count_query(text, Scope())


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "PREFIX x: <a:> # comment\ndelete where { ?s ?p ?o }",
    "DROP ALL",
    "SELECT * { ?s ?p ?o } ; CLEAR ALL",
    "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_console_refuses_updates_and_service(client, query):
    assert refusal(query)
    page = client.post("/sparql", data={"query": query})
    assert page.status_code == 400 and "只读控制台" in page.text


def test_console_words_inside_strings_are_not_updates():
    assert refusal('SELECT ?s { ?s ?p "DELETE this" } # INSERT') is None


def test_console_runs_select_and_reports_syntax_errors(client):
    page = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert page.status_code == 200 and 'class="result"' in page.text
    bad = client.post("/sparql", data={"query": "SELECT WHERE {"})
    assert bad.status_code == 400 and "语法错误" in bad.text


def test_console_time_limit(workspace):
    from kg.errors import InputError
    from kg.web import console
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(InputError, match="时间限制"):
        console.run_local(workspace.store_path, slow, time_limit=1.0)


def test_unknown_page_is_a_message(client):
    page = client.get("/nosuch")
    assert page.status_code == 404 and "找不到这个页面" in page.text


def test_a_query_parameter_named_like_a_scope_stays_the_query_s(client):
    whole = client.get("/queries/items-without-basis", params={"run": "1"})
    part = client.get("/queries/items-without-basis", params={"run": "1", "agency": "平山"})
    assert part.status_code == 200
    total = int(whole.text.split('class="total">')[1].split("<")[0])
    shown = int(part.text.split('class="total">')[1].split("<")[0])
    assert 0 < shown < total and part.text.count('name="agency"') == 1


def test_serve_without_a_store_is_one_line(tmp_path):
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run([str(kg), "serve", "--store", str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "kg build" in done.stderr


def test_only_loopback_addresses_count_as_private():
    from kg.cli.serve import _loopback
    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("localhost")
    assert not _loopback("0.0.0.0") and not _loopback("192.168.1.5") and not _loopback("example.org")


def test_an_added_list_s_agency_joins_the_filter(copy_five_lists, tmp_path):
    workspace = Workspace(copy_five_lists(tmp_path / "store"))
    assert "测试县医疗保障局" not in workspace.agencies()
    workspace.add_draft(workspace.check_draft("草稿.csv", DRAFT_CSV.encode("utf-8")).token)
    assert "测试县医疗保障局" in workspace.agencies()


def test_impact_of_an_uploaded_amendment_spec(client, workspace):
    from kg.paths import bundled
    spec = bundled("data") / "amendments" / "中华人民共和国社会保险法-2018-12-29.yaml"
    by_versions = workspace.impact(workspace.statute("社会保险法"), "2010", "2018")
    page = client.post("/impact", files={"spec": (spec.name, spec.read_bytes())})
    assert page.status_code == 200 and "按修改决定描述文件核对" in page.text
    # the spec names the same three articles the two texts differ in
    assert f'id="n-affected">{len(by_versions.affected)}<' in page.text
    link = page.text.split('id="download-xlsx" href="')[1].split('"')[0]
    book = load_workbook(io.BytesIO(client.get(link).content))
    names = {cell for row in book["受影响"].iter_rows(values_only=True) for cell in row}
    assert {entry.name for entry in by_versions.affected} <= names


@pytest.mark.parametrize("name, content, message", [
    ("spec.txt", b"statute: x", "应为 .yaml .yml .ttl"),
    ("spec.yaml", b"statute: [unclosed", "spec.yaml"),
    ("spec.yaml", "statute: 不存在的法\nfrom: 2010\nto: 2018\nchanges: []\n".encode(), "法规库中没有"),
])
def test_a_bad_amendment_spec_is_a_message(client, name, content, message):
    page = client.post("/impact", files={"spec": (name, content)})
    assert page.status_code == 400 and message in page.text and "Traceback" not in page.text


def test_an_unexpected_failure_is_an_apology_not_a_traceback(workspace, monkeypatch):
    def broken():
        raise RuntimeError("secret internals")
    monkeypatch.setattr(workspace, "agencies", broken)
    page = TestClient(create_app(workspace), raise_server_exceptions=False).get("/items")
    assert page.status_code == 500 and "服务器处理这个请求时出错" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text
