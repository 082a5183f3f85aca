"""Bad input through `kg extract`: one stderr line naming the file and the reason, exit code 2,
no traceback, nothing printed for the bad file, and the other files still extracted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.list_files import Table, Title, seed_table, write_docx, write_xlsx
from kg.cli import app
from kg.ingest.decode import MAX_BYTES
from kg.paths import LISTS

GOOD = LISTS / "tianshui-city-ybj.txt"
GOOD_ITEMS = 16


def extract(*paths: Path):
    return CliRunner().invoke(app, ["extract", *map(str, paths), "--format", "jsonl"])


def items_printed(stdout: str) -> list[dict]:
    return [record for record in map(json.loads, stdout.splitlines()) if record["type"] == "item"]


def assert_refused(result, bad: Path, *reason_words: str) -> str:
    """Exit 2, exactly one stderr line naming `bad` and the reason, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert str(bad) in lines[0]
    for word in reason_words:
        assert word in lines[0]
    return lines[0]


def _garbage(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 40)
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _text_as_xlsx(path: Path) -> Path:
    path.write_text("序号\t事项名称\n1\t对骗保行为的处罚\n", encoding="utf-8")
    return path


def _truncated_docx(path: Path) -> Path:
    write_docx(path, [Title("某县医疗保障局权责清单"), seed_table("tianshui-city-ybj.txt", 5, 6)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _with_broken_part(path: Path, part: str) -> Path:
    """A real .xlsx/.docx of seed rows whose `part` holds cut-off XML."""
    source = path.with_name("source" + path.suffix)
    blocks = [seed_table("tianshui-city-ybj.txt", 5, 6)]
    if path.suffix == ".xlsx":
        write_xlsx(source, {"Sheet1": blocks})
    else:
        write_docx(source, blocks)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as damaged:
        for member in original.infolist():
            data = original.read(member.filename)
            damaged.writestr(member, data[: len(data) // 2] if member.filename == part else data)
    return path


def _zip_without_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return path


def _ole2_garbage(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    return path


def _prose(path: Path) -> Path:
    path.write_text("关于公布权责清单的通知\n各单位：现将权责清单予以公布，请遵照执行。\n", encoding="gb18030")
    return path


def _docx_without_table(path: Path) -> Path:
    return write_docx(path, [Title("关于公布权责清单的通知"), Title("各单位：现将权责清单予以公布。")])


def _html_without_table(path: Path) -> Path:
    path.write_text("<html><body><h1>权责清单</h1><p>详见附件。</p></body></html>", encoding="utf-8")
    return path


def _sheet_without_header(path: Path) -> Path:
    return write_xlsx(path, {"Sheet1": [Table([["甲", "乙"], ["1", "2"]])]})


def _unclosed_quote(path: Path) -> Path:
    path.write_text('序号,事项名称\n1,"对骗保行为的处罚\n' + "依据文本，" * 30_000 + "\n2,稽核\n",
                    encoding="utf-8")
    return path


def _spreadsheet_ml(path: Path) -> Path:
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
                    'spreadsheet"><Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type='
                    '"String">序号</Data></Cell></Row></Table></Worksheet></Workbook>\n',
                    encoding="utf-8")
    return path


def _unknown_encoding(path: Path) -> Path:
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    return path


BAD_FILES = {
    # case: (file name, builder, words the reason must contain)
    "empty": ("empty.txt", _empty, ["empty"]),
    "empty-xlsx": ("empty.xlsx", _empty, ["empty"]),
    "binary-garbage": ("garbage.txt", _garbage, ["binary"]),
    "unknown-encoding": ("noise.txt", _unknown_encoding, ["encoding"]),
    "xlsx-that-is-text": ("list.xlsx", _text_as_xlsx, ["not a .xlsx file"]),
    "truncated-docx": ("list.docx", _truncated_docx, ["corrupt or truncated .docx"]),
    "xlsx-broken-sheet-xml": ("list.xlsx", lambda path: _with_broken_part(
        path, "xl/worksheets/sheet1.xml"), ["unreadable .xlsx workbook"]),
    "docx-broken-document-xml": ("list.docx", lambda path: _with_broken_part(
        path, "word/document.xml"), ["unreadable .docx document"]),
    "zip-without-workbook": ("list.xlsx", _zip_without_workbook, ["without an Excel workbook"]),
    "ole2-garbage-xls": ("list.xls", _ole2_garbage, ["workbook"]),
    "doc-named-docx": ("list.docx", _ole2_garbage, ["legacy Word .doc"]),
    "csv-unclosed-quote": ("list.csv", _unclosed_quote, [":2:", "broken delimited text"]),
    "excel-2003-xml-named-xls": ("list.xls", _spreadsheet_ml, ["Excel 2003 XML", ".xlsx"]),
    "text-without-table": ("notice.txt", _prose, ["no table"]),
    "docx-without-table": ("notice.docx", _docx_without_table, ["no table"]),
    "html-without-table": ("notice.html", _html_without_table, ["no table"]),
    "sheet-without-header": ("list.xlsx", _sheet_without_header, ["no table"]),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    name, build, words = BAD_FILES[case]
    bad = build(tmp_path / name)
    result = extract(bad)
    assert_refused(result, bad, *words)
    assert result.stdout == ""


def test_one_bad_file_never_hides_the_good_ones(tmp_path: Path) -> None:
    bad = _truncated_docx(tmp_path / "list.docx")
    result = extract(GOOD, bad, LISTS / "pingshan-county-ybj.txt")
    assert_refused(result, bad, "corrupt or truncated .docx")
    sources = [item["source"] for item in items_printed(result.stdout)]
    assert sources.count(str(GOOD)) == GOOD_ITEMS
    assert sources.count(str(LISTS / "pingshan-county-ybj.txt")) == 25
    assert str(bad) not in sources


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    for bad in (tmp_path / "missing.xlsx", tmp_path / "missing.txt", tmp_path):
        assert_refused(extract(bad), bad, "cannot read")


@pytest.mark.parametrize("name", ["huge.txt", "huge.xlsx"])
def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path, name: str) -> None:
    huge = tmp_path / name
    with huge.open("wb") as stream:  # sparse: no disk space, nothing read
        stream.write(b"PK\x03\x04")
        stream.truncate(MAX_BYTES + 1)
    assert_refused(extract(huge), huge, "too large", "200 MB")


def test_office_package_too_large_when_unpacked_is_refused(tmp_path: Path, monkeypatch) -> None:
    from kg.ingest import tabular

    book = write_xlsx(tmp_path / "bomb.xlsx", {"Sheet1": [Table([["序号", "事项名称"]])]})
    monkeypatch.setattr(tabular, "MAX_UNPACKED_BYTES", 1000)
    assert_refused(extract(book), book, "too large when unpacked")


def test_console_command_prints_no_traceback(tmp_path: Path) -> None:
    bad = _garbage(tmp_path / "garbage.csv")
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run([str(kg), "extract", str(bad), str(GOOD)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 2
    assert done.stderr.strip() == f"kg: {bad}: binary file, not text (contains NUL bytes)"
    assert len(items_printed(done.stdout)) == GOOD_ITEMS
