"""`kg validate`: report formats, exit codes, built graphs and the store, unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import RDF, Graph
from rdflib.namespace import SH
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.iris import Iris
from kg.graph.store import GraphStore
from kg.paths import LISTS
from kg.pipeline import build_list
from kg.statutes import load_registry

NANZHAO = str(LISTS / "nanzhao-county-ybj.txt")      # one Violation (ArticleOutOfRange), warnings
BAOFENG = str(LISTS / "baofeng-county-ybj.txt")      # warnings only


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="session")
def nanzhao_json():
    result = run(NANZHAO, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _store_with(path: Path, export: Path) -> None:
    """A store holding 南召's graph (as `kg build` loads it), exported as TriG."""
    registry, iris = load_registry(), Iris()
    built = build_list(Path(NANZHAO), registry, iris)
    store = GraphStore(path)
    store.replace_graph(built.graph_name, built.graph)
    store.flush()
    store.export(export)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    _store_with(root / "store", root / "lists.trig")
    return root / "store", root / "lists.trig"


def test_json_results_and_exit_1_on_a_violation(nanzhao_json):
    exit_code, results = nanzhao_json
    assert exit_code == 1
    for result in results:
        assert {"source", "seq", "name", "severity", "check", "message", "line", "citation"} <= set(result)
        assert result["severity"] in ("Violation", "Warning", "Info")
    [violation] = [r for r in results if r["severity"] == "Violation"]
    assert violation["check"] == "ArticleOutOfRange" and violation["seq"] == "1"
    assert violation["citation"] == "第八十八条" and violation["line"] >= 121


def test_text_report_grouped_by_item_and_exit_0_without_violation():
    result = run(BAOFENG)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    item = lines.index(next(line for line in lines if line.startswith("第11项")))
    assert "CatalogMismatch" in lines[item + 1] and "[警告]" in lines[item + 1]


def test_check_filter_keeps_only_the_named_checks():
    result = run(NANZHAO, "--format", "json", "--check", "CatalogMismatch")
    assert {r["check"] for r in json.loads(result.stdout)} == {"CatalogMismatch"}
    assert result.exit_code == 0


def test_xlsx_html_and_ttl_carry_the_same_results(tmp_path, nanzhao_json):
    _, results = nanzhao_json
    workbook = tmp_path / "report.xlsx"
    assert run(NANZHAO, "--format", "xlsx", "-o", str(workbook)).exit_code == 1
    rows = list(load_workbook(workbook)["校验结果"].iter_rows(values_only=True))
    assert rows[0][:4] == ("来源", "实施主体", "序号", "事项名称") and len(rows) == len(results) + 1
    assert not list(tmp_path.glob("*.partial"))

    page = run(NANZHAO, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "骗取医疗保障基金行为的处罚" in page and "第八十八条" in page

    report = Graph().parse(data=run(NANZHAO, "--format", "ttl").stdout, format="turtle")
    assert len(set(report.subjects(RDF.type, SH.ValidationResult))) == len(results)
    assert (None, SH.conforms, None) in report


def test_xlsx_needs_an_output_file():
    result = run(NANZHAO, "--format", "xlsx")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_a_bad_file_is_reported_in_one_line_and_the_others_still_validated(tmp_path, nanzhao_json):
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x00\x01\x02 not a list \xff\xfe" * 50)
    broken_graph = tmp_path / "broken.ttl"
    broken_graph.write_text("@prefix kg: <https://w3id.org/quanze-kg/ns#> .\nkg:a kg:b ", encoding="utf-8")
    result = run(str(garbage), str(broken_graph), NANZHAO, "--format", "json")
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and str(garbage) in errors[0] and str(broken_graph) in errors[1]
    assert "Traceback" not in result.output
    assert len(json.loads(result.stdout)) == len(nanzhao_json[1])


def test_graph_without_a_list_is_unusable(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    result = run(str(empty))
    assert result.exit_code == 2 and "kg:PowerList" in result.stderr


def test_built_graph_file_gives_the_same_findings(built_store, nanzhao_json):
    _, export = built_store
    result = run(str(export), "--format", "json")
    assert result.exit_code == 1
    assert sorted((r["check"], r["seq"], r["line"]) for r in json.loads(result.stdout)) == \
        sorted((r["check"], r["seq"], r["line"]) for r in nanzhao_json[1])


def test_all_lists_in_the_store_summarized_per_agency(built_store):
    store, _ = built_store
    result = run("--all", "--store", str(store))
    assert result.exit_code == 1
    assert "南召县医疗保障局" in result.stdout and "条号超出范围" in result.stdout


def test_all_without_a_store_is_unusable(tmp_path: Path):
    result = run("--all", "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_an_item_whose_basis_is_as_above_is_checked_on_that_basis_and_warned(tmp_path: Path):
    listing = tmp_path / "ditto.csv"
    listing.write_text("序号,职权类型,事项名称,实施依据\n"
                       "1,行政处罚,对骗取医保基金的处罚,《中华人民共和国社会保险法》第八十八条\n"
                       "2,行政处罚,对参保人骗取医保待遇的处罚,同上\n", encoding="utf-8")
    result = run(str(listing), "--format", "json")
    findings = [f for f in json.loads(result.stdout) if f["seq"] == "2"]
    assert [(f["check"], f["severity"], f["line"]) for f in findings] == [("BasisAsAbove", "Warning", 3)]
    assert findings[0]["details"] == ["依据同上：第1项 对骗取医保基金的处罚"]
    assert result.exit_code == 0           # not NoCitationFound: the item has the basis above
