"""Fuzz inputs and the properties every input must keep (issue 20), shared by tests/test_fuzz_*.py
and the longer soak in bench/bench_soak.py.

Inputs: the seed lists (data/lists/*.txt) and made-up spreadsheets, mutated (characters deleted,
duplicated or swapped; 《》第条款项, tabs, newlines, HTML tags, control and RTL characters
inserted; broken encodings); adversarial citation texts; broken files.
Properties of `kg extract`: exit 0 or 2, never a traceback; the spans index the basis text; the
same input gives the same JSONL; no temporary file left.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import strategies as st
from typer.testing import CliRunner

from fixtures.list_files import Table, Title, write_csv, write_docx, write_html, write_text, write_xlsx
from kg.cli import app
from kg.paths import LISTS

SEED_LINES = {path.name: path.read_text(encoding="utf-8").split("\n")
              for path in sorted(LISTS.glob("*.txt"))}
INSERTED = ["《", "》", "第", "条", "款", "项", "章", "\t", "\n", "\r", "<p>", "</p>", "<br>", "<td>",
            "</tr>", "<table>", "\x00", "\u202e", "\u200b", "\ufeff", "\ufffd", "同上", "〔", "〕", "（", "）",
            "、", "至", "一百", "１２", "٣", "²", '"', ",", "；"]
HEADER = ["序号", "事项名称", "职权类别", "实施依据"]
CATEGORIES = ["行政处罚", "行政检查", "行政强制", "其他行政权力", "行政许可"]
BASES = ["《中华人民共和国社会保险法》第八十七条", "《医疗保障基金使用监督管理条例》第三十七条第一款第（二）项",
         "《中华人民共和国行政处罚法》第二十八条、第三十条至第三十二条", "《国务院关于…的决定》（国发〔2019〕5号）"]


# --- mutations ---------------------------------------------------------------------------------

@st.composite
def mutated(draw, text: str, most: int = 8) -> str:
    """`text` after up to `most` edits: a span deleted or duplicated, two characters swapped, a
    token inserted."""
    for _ in range(draw(st.integers(0, most))):
        if not text:
            text = draw(st.sampled_from(INSERTED))
            continue
        at = draw(st.integers(0, len(text) - 1))
        width = draw(st.integers(1, 12))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert"]))
        if edit == "delete":
            text = text[:at] + text[at + width:]
        elif edit == "duplicate":
            text = text[:at + width] + text[at:at + width] + text[at + width:]
        elif edit == "swap":
            other = draw(st.integers(0, len(text) - 1))
            chars = list(text)
            chars[at], chars[other] = chars[other], chars[at]
            text = "".join(chars)
        else:
            text = text[:at] + draw(st.sampled_from(INSERTED)) + text[at:]
    return text


@st.composite
def seed_excerpt(draw) -> str:
    """A window of lines of a seed list (its title and header usually among them), mutated."""
    lines = SEED_LINES[draw(st.sampled_from(sorted(SEED_LINES)))]
    start = draw(st.integers(0, max(0, len(lines) - 2)))
    start = draw(st.sampled_from([0, start]))             # half the time from the top
    window = "\n".join(lines[start:start + draw(st.integers(2, 40))])
    return draw(mutated(window))


@st.composite
def encoded(draw, text: str) -> bytes:
    """`text` in an encoding lists are published in, or with bytes broken."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "broken"]))
    if encoding != "broken":
        return text.encode(encoding, "replace")
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.sampled_from([0x00, 0x80, 0xFF, 0xC3, 0xE4]))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) if draw(st.booleans()) else bytes(data)


@st.composite
def made_up_blocks(draw) -> list:
    """A made-up list: a title, then a table whose cells are mutated items and citations."""
    rows = [draw(mutated(" ".join(HEADER), 2)).split(" ") if draw(st.booleans()) else list(HEADER)]
    for seq in range(1, draw(st.integers(1, 8)) + 1):
        rows.append([str(seq), draw(mutated(f"对违反规定行为的处罚{seq}", 3)),
                     draw(st.sampled_from(CATEGORIES)), draw(mutated(draw(st.sampled_from(BASES)), 4))])
    return [Title(draw(mutated("某县医疗保障局权责清单", 2))), Table(rows)]


LIST_FORMATS = ("txt", "csv", "xlsx", "docx", "html")


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(blocks: list) -> list:
    """`blocks` without the control characters an Office file cannot hold (its XML forbids them)."""
    return [Title(_NOT_IN_XML.sub("", block.text)) if isinstance(block, Title)
            else Table([[_NOT_IN_XML.sub("", cell) for cell in row] for row in block.rows], block.merged)
            for block in blocks]


def write_blocks(path: Path, blocks: list) -> Path:
    """`blocks` written in the format of `path`'s suffix."""
    suffix = path.suffix.lstrip(".")
    if suffix in ("xlsx", "docx"):
        blocks = _xml_safe(blocks)
    if suffix == "txt":
        return write_text(path, blocks)
    if suffix == "csv":
        return write_csv(path, blocks)
    if suffix == "xlsx":
        return write_xlsx(path, {"Sheet1": blocks})
    if suffix == "docx":
        return write_docx(path, blocks)
    return write_html(path, blocks)


# --- adversarial citation texts ----------------------------------------------------------------

def adversarial_bases(size: int) -> dict[str, str]:
    """Legal-basis texts that stress the citation scanner and grammar, of about `size` units."""
    citation = "《中华人民共和国社会保险法》第八十七条"
    return {
        "runs of 第": "第" * size,
        "runs of 《": "《" * size,
        "runs of 《第": "《第" * size,
        "unclosed titles": "《社会保险法" * size,
        "nested titles": "《" * size + "条例" + "》" * size,
        "huge numeral": "《社会保险法》第" + "九" * size + "条",
        "huge arabic": "《社会保险法》第" + "9" * size + "条",
        "mixed numerals": "《社会保险法》第" + "八7十٣²" * (size // 5 + 1) + "条",
        "ranges": "《社会保险法》" + "、".join(f"第{n}条至第{n + 1}条" for n in range(1, size // 8 + 2)),
        "control and RTL": ("\u202e《社会保险法》\x07第八十七条\u200f\x1b" * (size // 20 + 1)),
        "many citations": "；".join([citation] * (size // 10 + 1)),
        "distinct citations": "；".join(f"《中华人民共和国社会保险法》第{n}条" for n in range(1, size // 10 + 2)),
        "bare provisions": "第一条第二款第三项" * (size // 9 + 1),
        "document numbers": "国发〔2019〕5号" * (size // 10 + 1),
        "quotes": ("《社会保险法》第八十七条：“" * (size // 16 + 1)),
    }


# --- broken files ------------------------------------------------------------------------------

def truncated(data: bytes, keep: float) -> bytes:
    """The first `keep` share of `data`."""
    return data[:int(len(data) * keep)]


def xlsx_bytes(blocks: list) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_xlsx(Path(folder) / "list.xlsx", {"Sheet1": blocks}).read_bytes()


def docx_bytes(blocks: list) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_docx(Path(folder) / "list.docx", blocks).read_bytes()


def sheet_xml_workbook(sheet_xml: str) -> bytes:
    """A minimal .xlsx whose one worksheet is `sheet_xml` (inline strings, no shared strings)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
        '.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spre'
        'adsheetml.worksheet+xml"/>'
        '</Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocume'
        'nt" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                           'main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def list_sheet_rows(items: int = 3) -> str:
    """Rows 1..items+1 of a small list: the header, then items."""
    rows = ["<row r=\"1\">" + "".join(_cell(f"{_column(c + 1)}1", h) for c, h in enumerate(HEADER)) + "</row>"]
    for seq in range(1, items + 1):
        cells = [str(seq), f"对违反规定行为的处罚{seq}", "行政处罚", BASES[0]]
        rows.append(f'<row r="{seq + 1}">' + "".join(_cell(f"{_column(c + 1)}{seq + 1}", v)
                                                      for c, v in enumerate(cells)) + "</row>")
    return "".join(rows)


def million_empty_rows() -> bytes:
    """A valid small list whose sheet claims a million rows: empty styled cells down to row 1,000,000."""
    rows = list_sheet_rows() + '<row r="1000000"><c r="D1000000" s="0"/></row>'
    return sheet_xml_workbook('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                              f'spreadsheetml/2006/main"><dimension ref="A1:D1000000"/><sheetData>{rows}'
                              '</sheetData></worksheet>')


def widest_sheet() -> bytes:
    """A small list with a cell in the last column Excel allows (XFD, column 16,384)."""
    rows = list_sheet_rows().replace("</row>", _cell("XFD1", "备注") + "</row>", 1)
    return sheet_xml_workbook('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                              f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')


def nested_html(depth: int) -> bytes:
    """A list table with a cell holding tables nested `depth` deep."""
    inner = "<table><tr><td>" * depth + BASES[0] + "</td></tr></table>" * depth
    header = "".join(f"<th>{h}</th>" for h in HEADER)
    return (f"<html><body><table><tr>{header}</tr><tr><td>1</td><td>处罚</td><td>行政处罚</td>"
            f"<td>{inner}</td></tr></table></body></html>").encode()


def with_nul_bytes(text: str, every: int) -> bytes:
    data = text.encode("utf-8")
    return b"".join(data[i:i + every] + b"\x00" for i in range(0, len(data), every))


# --- properties --------------------------------------------------------------------------------

class Outcome:
    """What one `kg extract` of a file gave: exit code, JSONL records, stderr."""

    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr


def extract(path: Path) -> Outcome:
    """`kg extract PATH --format jsonl`, in process."""
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{path}: {type(result.exception).__name__}: {result.exception}") from result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def check_extract(path: Path) -> Outcome:
    """Extract `path` twice and check the properties; the first outcome. Temporary files go to a
    private folder for the while (tempfile.tempdir), which must be empty afterwards."""
    folder_before = sorted(os.listdir(path.parent))
    saved = tempfile.tempdir
    with tempfile.TemporaryDirectory() as private:
        tempfile.tempdir = private
        try:
            first, second = extract(path), extract(path)
        finally:
            tempfile.tempdir = saved
        assert os.listdir(private) == [], f"temporary files left: {os.listdir(private)}"
    assert first.code in (0, 2), (path, first.code, first.stderr[-500:])
    assert "Traceback" not in first.stderr and "Traceback" not in first.stdout
    if first.code == 2:
        assert first.stderr.strip(), "exit 2 with no reason given"
    for line in first.stdout.splitlines():
        record = json.loads(line)
        if record.get("type") != "item":
            continue
        basis = record.get("basis") or ""
        for citation in record.get("citations", []):
            start, end = citation["span"]
            assert 0 <= start < end <= len(basis) and basis[start:end] == citation["raw"], citation
    assert (second.code, second.stdout) == (first.code, first.stdout), "same input, different JSONL"
    assert sorted(os.listdir(path.parent)) == folder_before, "a file was left beside the input"
    return first
