"""Where things are in the source: each citation's line (kg:firstLine of its node) is the line its
basis cell starts on plus the line breaks before it in that cell, never past the cell's row; an
item of a workbook names its sheet (each sheet numbers its own rows), and so do its findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from fixtures.list_files import Table, write_xlsx
from kg.cli import app
from kg.graph.iris import Iris
from kg.graph.vocabulary import KG
from kg.ingest.read import read_list
from kg.paths import LISTS
from kg.pipeline import build_list
from kg.statutes import load_registry
from kg.validate.inputs import list_graphs_of_file
from kg.validate.run import ListValidator


def citation_lines(graph: Graph) -> list[tuple[str, int]]:
    return sorted((str(graph.value(node, KG.raw)), graph.value(node, KG.firstLine).toPython())
                  for node in graph.subjects(KG.raw, None) if (node, KG.citedStatute, None) in graph)


@pytest.mark.parametrize("path", sorted(LISTS.glob("*.txt")), ids=lambda path: path.stem)
def test_every_citation_of_a_real_list_is_on_the_line_it_names(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    found = citation_lines(build_list(path, load_registry(), Iris()).graph)
    assert found
    for raw, line in found:
        assert raw[:8] in lines[line - 1], (raw, line)


def test_a_spreadsheet_cell_keeps_its_line_breaks_on_its_row(tmp_path: Path):
    # one item over two rows (a page break repeats its number and name), a basis cell in each
    header = ["序号", "事项名称", "职权类别", "实施依据"]
    path = write_xlsx(tmp_path / "list.xlsx", {"Sheet1": [Table([
        header,
        ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七条\n"
                                                      "《中华人民共和国社会保险法》第八十八条"],
        ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《医疗保障基金使用监督管理条例》第四十条"],
    ])]})
    assert citation_lines(build_list(path, load_registry(), Iris()).graph) == [
        ("《中华人民共和国社会保险法》第八十七条", 2), ("《中华人民共和国社会保险法》第八十八条", 2),
        ("《医疗保障基金使用监督管理条例》第四十条", 3)]


def test_items_and_findings_of_a_workbook_name_their_sheet(tmp_path: Path):
    header = ["序号", "事项名称", "职权类别", "实施依据"]
    path = write_xlsx(tmp_path / "sheets.xlsx", {
        "行政处罚": [Table([header, ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七"
                                                                                  "条"]])],
        "行政检查": [Table([header, ["1", "对定点医药机构的检查", "行政检查", ""]])],
    })
    items = read_list(path).items
    assert [(item.sheet, item.lines) for item in items] == [("行政处罚", (2, 2)), ("行政检查", (2, 2))]
    assert items[1].to_json()["sheet"] == "行政检查"
    registry = load_registry()
    [list_graph] = list_graphs_of_file(path, registry, Iris())
    findings = ListValidator(registry)(list_graph)
    unfounded = [f for f in findings if f.name == "对定点医药机构的检查"]
    assert unfounded and {(f.sheet, f.place) for f in unfounded} == {("行政检查", "行政检查 第2行")}


def test_impact_names_the_sheet_of_each_affected_item_from_files_and_from_a_store(tmp_path: Path):
    header = ["序号", "事项名称", "职权类别", "实施依据"]
    path = write_xlsx(tmp_path / "sheets.xlsx", {
        "行政处罚": [Table([header, ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七"
                                                                                  "条"]])],
        "行政确认": [Table([header, ["1", "参保单位缴费基数核定", "行政确认", "《中华人民共和国社会保险法》"
                                                                              "第五十七条"]])],
    })
    store = tmp_path / "store"
    assert CliRunner().invoke(app, ["build", "--store", str(store), str(path)]).exit_code == 0
    reports = []
    for where in (["--lists", str(path)], ["--store", str(store), "--no-record"]):
        result = CliRunner().invoke(app, ["impact", "社会保险法", "--from", "2010", "--to", "2018", *where,
                                          "--format", "json"])
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.output))
    for report in reports:
        assert [(e["citation"], e["sheet"], e["lines"]) for e in report["affected"]] == [
            ("《中华人民共和国社会保险法》第五十七条", "行政确认", [2, 2])]
        assert [(e["sheet"], e["change"]) for e in report["unchanged"]] == [("行政处罚", "unchanged")]
    csv_report = CliRunner().invoke(app, ["impact", "社会保险法", "--from", "2010", "--to", "2018",
                                          "--lists", str(path), "--format", "csv"]).output
    assert f"{path}:行政确认:2" in csv_report
