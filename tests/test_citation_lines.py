"""Each citation's source line (kg:firstLine of its node): the line its basis cell starts on plus
the line breaks before it in that cell, never past the cell's row."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.list_files import Table, write_xlsx
from rdflib import Graph

from kg.graph.build import build_list
from kg.graph.iris import Iris
from kg.graph.vocabulary import KG
from kg.paths import LISTS
from kg.statutes import load_registry


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
        ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七条\n《中华人民共和国社会保险法》第八十八条"],
        ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《医疗保障基金使用监督管理条例》第四十条"],
    ])]})
    assert citation_lines(build_list(path, load_registry(), Iris()).graph) == [
        ("《中华人民共和国社会保险法》第八十七条", 2), ("《中华人民共和国社会保险法》第八十八条", 2),
        ("《医疗保障基金使用监督管理条例》第四十条", 3)]
