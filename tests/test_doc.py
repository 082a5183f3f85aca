"""Legacy Word .doc lists: converted by LibreOffice, then read as the .docx they become. The .doc
files are made here, by LibreOffice from a .docx the test writes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.list_files import Table, Title, write_docx
from kg.cli import app
from kg.ingest import doc
from kg.ingest.read import read_list

SOFFICE = next(filter(None, map(shutil.which, doc.CONVERTERS)), None)
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

LIST = [
    Title("某县医疗保障局权责清单"),
    Table([["序号", "事项名称", "子项名称", "职权类别", "实施依据"],
           ["1", "医疗保障待遇支付", "生育保险待遇支付", "行政给付", "《中华人民共和国社会保险法》第五十四条"],
           ["1", "医疗保障待遇支付", "医疗救助待遇支付", "行政给付", "《社会救助暂行办法》第二十八条"],
           ["2", "骗取医疗保障基金行为的处罚", "", "行政处罚", "《中华人民共和国社会保险法》第八十七条\n"
                                                               "《医疗保障基金使用监督管理条例》第四十条"]],
          merged=[(1, 0, 2, 0), (1, 1, 2, 1)]),
]


def to_doc(docx: Path, folder: Path) -> Path:
    """The .doc (Word 97–2003) LibreOffice saves of `docx`, through its own format: saved straight
    from a .docx, LibreOffice 7.4 writes the tables of python-docx's documents as plain text."""
    for source, target in ((docx, "odt"), (folder / f"{docx.stem}.odt", "doc")):
        subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--headless", "--convert-to", target, "--outdir", str(folder), str(source)],
                       check=True, capture_output=True, timeout=300)
    return folder / f"{docx.stem}.doc"


@pytest.mark.slow
@needs_libreoffice
def test_a_doc_reads_as_the_docx_it_was_saved_from(tmp_path: Path):
    docx = write_docx(tmp_path / "list.docx", LIST)
    legacy = to_doc(docx, tmp_path / "converted")
    assert legacy.read_bytes().startswith(b"\xd0\xcf\x11\xe0")          # a real Word 97–2003 file
    from_doc, from_docx = read_list(legacy), read_list(docx)
    assert [item.to_json() | {"source": None} for item in from_doc.items] == \
        [item.to_json() | {"source": None} for item in from_docx.items]
    assert [(item.seq, item.sub_item) for item in from_doc.items] == [
        ("1", "生育保险待遇支付"), ("1", "医疗救助待遇支付"), ("2", None)]
    assert all(item.source == str(legacy) for item in from_doc.items)


@pytest.mark.slow
@needs_libreoffice
def test_a_doc_without_a_table_is_refused_with_the_reason(tmp_path: Path):
    notice = tmp_path / "notice.doc"
    notice.write_text("关于做好医疗保障工作的通知\n各单位：请按要求落实。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(notice), "--format", "jsonl"])
    assert result.exit_code == 2
    assert str(notice) in result.stderr and "no table" in result.stderr
    assert "Traceback" not in result.output


def test_a_doc_without_libreoffice_says_how_to_install_it(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(doc.shutil, "which", lambda name: None)
    legacy = tmp_path / "list.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = CliRunner().invoke(app, ["extract", str(legacy), "--format", "jsonl"])
    assert result.exit_code == 2
    assert str(legacy) in result.stderr and "apt-get install libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.output
