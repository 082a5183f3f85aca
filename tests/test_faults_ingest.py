"""Ingest defects found by the fuzz and fault campaign of issue 20. Each test reproduces one;
those not fixed yet (kg/ingest is being refactored) are marked xfail(strict=False) with the reason.

Nothing lost: a malformed row is read as well as it can be (or flagged naming its line), never
dropped; one bad byte or cell costs that cell, not the file; a list keeps its identity across
edits. Bounded: inputs that expand (shared strings, nesting) cost time in proportion to their size."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fuzz_cases import BASES, HEADER, list_sheet_rows, million_empty_rows, nested_html, sheet_xml_workbook
from kg.cli import app
from kg.graph.store import GraphStore

TITLE = "某县医疗保障局权责清单"
ROWS = [[str(n), f"对违反规定行为的处罚{n}", "行政处罚", BASES[0]] for n in range(1, 6)]


def extract(path: Path):
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    items = [json.loads(line) for line in result.stdout.splitlines() if '"type": "item"' in line]
    return result, items


def _text_list(rows, separator="\t") -> str:
    return f"{TITLE}\n\n" + "\n".join(separator.join(row) for row in [HEADER, *rows]) + "\n"


def test_a_csv_row_beginning_with_a_stray_quote_is_read_or_flagged(tmp_path):
    lines = _text_list(ROWS, ",").splitlines()
    lines[4] = '"' + lines[4]                         # row 2 of the table begins with a stray "
    path = tmp_path / "list.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, items = extract(path)
    names = {item["name"] for item in items}
    assert {f"对违反规定行为的处罚{n}" for n in (1, 3, 4, 5)} <= names
    flagged = any("5" in json.dumps(item.get("flags")) or "line" in json.dumps(item.get("flags"))
                  for item in items)
    assert any("处罚2" in name for name in names) or flagged or ":5:" in result.stderr


def test_one_nul_byte_costs_its_cell_not_the_file(tmp_path):
    rows = [list(row) for row in ROWS]
    rows[2][1] = "对违反\x00规定行为的处罚3"
    path = tmp_path / "list.txt"
    path.write_text(_text_list(rows), encoding="utf-8")
    result, items = extract(path)
    assert result.exit_code == 0 and len(items) == 5
    assert [item["lines"] for item in items if item["flags"]] == [[6, 6]]
    assert items[2]["flags"] == ["unreadable-text"] and "\x00" not in items[2]["name"]


def test_one_bad_utf8_byte_costs_its_cell_not_the_file(tmp_path):
    data = _text_list(ROWS).encode("utf-8")
    at = data.index("处罚3".encode())
    path = tmp_path / "list.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    result, items = extract(path)
    assert result.exit_code == 0 and len(items) == 5
    assert all(item["citations"] for item in items)
    assert [item["name"] for item in items if item["flags"]] == ["对违反规定行为的\ufffd处罚3"]
    assert items[2]["flags"] == ["unreadable-text"]
    validated = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    assert [(f["check"], f["severity"], f["line"]) for f in json.loads(validated.stdout)
            if f["check"] == "UnreadableText"] == [("UnreadableText", "Warning", 6)]


@pytest.mark.parametrize(("kind", "value"), [("n", "not a number"), ("b", "yes"), ("s", "999")],
                         ids=["text-in-a-number-cell", "text-in-a-boolean-cell", "shared-string-past-the-last"])
def test_one_bad_cell_costs_that_cell_not_the_workbook(tmp_path, kind, value):
    rows = list_sheet_rows(5).replace('<c r="A3" t="inlineStr"><is><t>2</t></is></c>',
                                      f'<c r="A3" t="{kind}"><v>{value}</v></c>')
    path = tmp_path / "list.xlsx"
    path.write_bytes(sheet_xml_workbook('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxml'
                                        f'formats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'))
    result, items = extract(path)
    assert result.exit_code == 0 and len(items) == 5
    assert [(item["seq"], item["flags"]) for item in items if item["flags"]] == [(f"\ufffd{value}",
                                                                                  ["unreadable-text"])]


def test_styled_empty_cells_down_to_row_a_million_do_not_refuse_a_valid_list(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(million_empty_rows())
    result, items = extract(path)
    assert result.exit_code == 0 and len(items) == 3


def _shared_strings_bomb(copies: int, length: int) -> bytes:
    """A workbook whose one shared string of `length` characters fills `copies` cells."""
    buffer = io.BytesIO()
    base = sheet_xml_workbook('<?xml version="1.0"?><worksheet/>')
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for member in source.infolist():
            text = source.read(member).decode()
            if member.filename == "xl/worksheets/sheet1.xml":
                cells = "".join(f'<row r="{r + 2}"><c r="A{r + 2}" t="inlineStr"><is><t>{r + 1}</t></is></c>'
                                f'<c r="B{r + 2}" t="s"><v>0</v></c></row>' for r in range(copies))
                header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                 for c, h in zip("ABCD", HEADER, strict=False))
                text = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        f'2006/main"><sheetData><row r="1">{header}</row>{cells}</sheetData></worksheet>')
            if member.filename == "[Content_Types].xml":
                text = text.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if member.filename == "xl/_rels/workbook.xml.rels":
                text = text.replace("</Relationships>", '<Relationship Id="rId2" Type="http://schemas.openxmlformats'
                                    '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    "</Relationships>")
            package.writestr(member.filename, text)
        package.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                         f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{"条" * length}</t></si></sst>')
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="ingest: no limit on a cell's length; a shared string repeated "
                                        "in many cells expands the workbook in memory")
def test_a_shared_strings_bomb_is_refused_or_read_quickly(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_shared_strings_bomb(copies=100, length=1_000_000))   # 100 MB of text from ~1 MB
    assert path.stat().st_size < 2 * 2**20
    started = time.monotonic()
    result, _ = extract(path)
    assert time.monotonic() - started < 20
    assert result.exit_code in (0, 2)


def _extract_seconds(path: Path) -> float:
    started = time.monotonic()
    extract(path)
    return time.monotonic() - started


@pytest.mark.slow
def test_nested_html_is_read_in_linear_time(tmp_path):
    seconds = {}
    for depth in (1000, 2000, 4000):
        path = tmp_path / f"nested{depth}.html"
        path.write_bytes(nested_html(depth))
        seconds[depth] = _extract_seconds(path)
    assert seconds[4000] < 3 * seconds[2000] + 0.5 and seconds[2000] < 3 * seconds[1000] + 0.5, seconds


def test_an_untitled_list_built_again_after_an_edit_replaces_its_graph(tmp_path):
    path = tmp_path / "untitled.txt"
    store = tmp_path / "store"
    for rows in (ROWS, [*ROWS[:-1], ["5", "对违反规定行为的处罚（修改）", "行政处罚", BASES[0]]]):
        path.write_text("\n".join("\t".join(row) for row in [HEADER, *rows]) + "\n", encoding="utf-8")
        result = CliRunner().invoke(app, ["build", str(path), "--store", str(store)])
        assert result.exit_code == 0, result.output
    lists = [name for name in GraphStore(store, read_only=True).graph_names() if "/graph/list/" in str(name)]
    assert len(lists) == 1
