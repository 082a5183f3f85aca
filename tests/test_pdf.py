"""PDF lists with a text layer: the PDFs are typeset here (reportlab) from the seed lists' texts and
from made-up lists — tables with merged cells, tables whose rows break across pages, a header
repeated on every page — and read back through `kg extract`."""

from __future__ import annotations

import json
import shutil
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A5
from typer.testing import CliRunner

from fixtures.list_files import Table, Title, write_docx
from fixtures.pdf_lists import MERGED, font_file, text_blocks, write_pdf, write_pdf_by_libreoffice, write_scan
from kg.cli import app
from kg.ingest.cleaning import compact
from kg.ingest.read import read_list
from kg.paths import LISTS
from kg.pipeline import cite_document
from kg.statutes import load_registry

pytestmark = pytest.mark.skipif(font_file() is None, reason="no CJK font to typeset the PDFs "
                                "(apt-get install fonts-wqy-microhei)")

HEADER = ["序号", "事项名称", "职权类别", "实施依据"]
ARTICLES = ["第八十七条", "第八十八条", "第八十四条", "第八十六条", "第九十二条", "第七十九条"]


def items_and_citations(path: Path) -> list[tuple]:
    """What a list says, whatever its format: each item's number, name, category and basis (without
    whitespace: a PDF's lines break where the page does) and its citations."""
    document = cite_document(read_list(path), load_registry())
    return [(item.seq, compact(item.name), compact(item.category), compact(item.basis),
             [(compact(c.statute), c.article, c.paragraph, c.item, c.whole_document)
              for c in item.citations])
            for item in document.items]


@pytest.mark.parametrize("seed", sorted(LISTS.glob("*.txt")), ids=lambda path: path.stem)
def test_a_pdf_of_a_seed_list_gives_its_items_and_citations(tmp_path: Path, seed: Path):
    pdf = write_pdf(tmp_path / f"{seed.stem}.pdf", text_blocks(seed.read_text(encoding="utf-8")))
    assert items_and_citations(pdf) == items_and_citations(seed)


def long_basis(article: str, sentences: int) -> str:
    clause = ("用人单位不办理社会保险登记的，由社会保险行政部门责令限期改正；逾期不改正的，"
              "对用人单位处应缴社会保险费数额一倍以上三倍以下的罚款。")
    return f"《中华人民共和国社会保险法》{article}：“" + clause * sentences + "”"


def spanning_list(sentences: int) -> list:
    rows = [HEADER] + [[str(n), f"对第{n}类违法行为的处罚", "行政处罚", long_basis(article, sentences)]
                       for n, article in enumerate(ARTICLES, 1)]
    return [Title("某县医疗保障局权责清单"), Table(rows)]


def test_a_table_spanning_pages_gives_each_item_once_with_its_rows_joined(tmp_path: Path):
    blocks = spanning_list(sentences=9)
    pdf = write_pdf(tmp_path / "spanning.pdf", blocks, page_size=A5)
    with pdfplumber.open(pdf) as opened:
        pages = [page.extract_text() for page in opened.pages]
    assert len(pages) >= 4
    cut = [n for n in range(1, len(pages)) if pages[n].count("序号") and
           not pages[n].split("\n")[1].startswith(tuple("123456"))]
    assert cut, "the test needs rows that a page break cuts"
    assert all(page.startswith("序号") for page in pages[1:]), "the header is repeated per page"
    items = read_list(pdf).items
    assert [item.seq for item in items] == [str(n) for n in range(1, len(ARTICLES) + 1)]
    for item, row in zip(items, blocks[1].rows[1:], strict=False):
        assert compact(item.basis) == compact(row[3])       # nothing lost, no header inside
        assert item.flags == []
    assert any(item.pages[0] < item.pages[1] for item in items)
    cited = cite_document(read_list(pdf), load_registry())
    assert [[c.article for c in item.citations] for item in cited.items] == [
        [87], [88], [84], [86], [92], [79]]


def test_rows_kept_whole_across_pages_read_the_same(tmp_path: Path):
    blocks = spanning_list(sentences=3)
    split = write_pdf(tmp_path / "split.pdf", blocks, page_size=A5)
    whole = write_pdf(tmp_path / "whole.pdf", blocks, page_size=A5, split_rows=False)
    assert items_and_citations(split) == items_and_citations(whole)


def test_merged_cells_read_as_in_a_word_table(tmp_path: Path):
    pdf = write_pdf(tmp_path / "merged.pdf", MERGED)
    docx = write_docx(tmp_path / "merged.docx", MERGED)
    from_pdf, from_docx = read_list(pdf).items, read_list(docx).items
    assert [(i.seq, i.name, i.category, compact(i.duties), compact(i.basis)) for i in from_pdf] == \
        [(i.seq, i.name, i.category, compact(i.duties), compact(i.basis)) for i in from_docx]
    assert [item.category for item in from_pdf] == ["行政处罚", "行政处罚"]
    assert from_pdf[0].duties.count("责任") == 3                       # three 办理环节 rows, one item


def test_a_cell_keeps_its_printed_line_breaks_and_joins_its_wrapped_lines(tmp_path: Path):
    basis = ("1.《中华人民共和国社会保险法》第八十七条；\n2.《医疗保障基金使用监督管理条例》第三十八条、第三十九条、"
             "第四十条、第四十一条。")
    blocks = [Table([HEADER, ["1", "骗取医疗保障基金行为的处罚", "行政处罚", basis]])]
    pdf = write_pdf(tmp_path / "breaks.pdf", blocks, page_size=A5)
    assert read_list(pdf).items[0].basis == basis


def test_jsonl_names_the_pages_and_rows_of_each_item(tmp_path: Path):
    pdf = write_pdf(tmp_path / "spanning.pdf", spanning_list(sentences=9), page_size=A5)
    result = CliRunner().invoke(app, ["extract", str(pdf), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.stdout.splitlines() if '"type": "item"' in line]
    assert len(items) == len(ARTICLES)
    assert items[0]["pages"] == [1, 1]
    assert all(a["pages"][1] <= b["pages"][0] for a, b in pairwise(items))
    assert all(a["lines"][1] < b["lines"][0] for a, b in pairwise(items))
    assert any(item["pages"][0] < item["pages"][1] for item in items)
    text_items = [json.loads(line) for line in CliRunner().invoke(
        app, ["extract", str(LISTS / "baofeng-county-ybj.txt"), "--format", "jsonl"]).stdout.splitlines()
        if '"type": "item"' in line]
    assert all(item["pages"] is None for item in text_items)


@pytest.mark.parametrize("content, reason", [
    (b"", "unreadable PDF"), (b"%PDF-1.4\nnot really a PDF", "unreadable PDF"),
    (b"\xd0\xcf\x11\xe0 an Office file", "unreadable PDF")])
def test_a_broken_pdf_is_refused_in_one_line(tmp_path: Path, content: bytes, reason: str):
    bad = tmp_path / "list.pdf"
    bad.write_bytes(content)
    result = CliRunner().invoke(app, ["extract", str(bad), "--format", "jsonl"])
    assert result.exit_code == 2
    assert str(bad) in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output


def test_a_pdf_without_a_table_is_refused(tmp_path: Path):
    pdf = write_pdf(tmp_path / "notice.pdf", [Title("关于做好医疗保障工作的通知"), Title("各单位：请按要求落实。")])
    result = CliRunner().invoke(app, ["extract", str(pdf), "--format", "jsonl"])
    assert result.exit_code == 2 and "no table found" in result.stderr


def test_a_scan_without_tesseract_says_how_to_install_it(tmp_path: Path, monkeypatch):
    import kg.ingest.ocr_pdf as ocr_pdf
    monkeypatch.setattr(ocr_pdf.shutil, "which", lambda name: None)
    text = write_pdf(tmp_path / "list.pdf", MERGED)
    scan = write_scan(tmp_path / "scan.pdf", text, dpi=72)
    result = CliRunner().invoke(app, ["extract", str(scan), "--format", "jsonl"])
    assert result.exit_code == 2
    assert "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in result.stderr
    assert "Traceback" not in result.output


def test_the_graph_names_the_pages_of_each_item(tmp_path: Path):
    from kg.graph.iris import Iris
    from kg.graph.vocabulary import KG
    from kg.pipeline import build_list
    pdf = write_pdf(tmp_path / "spanning.pdf", spanning_list(sentences=9), page_size=A5)
    graph = build_list(pdf, load_registry(), Iris()).graph
    pages = sorted((graph.value(node, KG.firstPage).toPython(), graph.value(node, KG.lastPage).toPython())
                   for node in graph.subjects(KG.firstPage, None))
    assert pages == sorted(item.pages for item in read_list(pdf).items)
    assert len(pages) == len(ARTICLES) and any(first < last for first, last in pages)


def test_a_label_turned_sideways_in_a_merged_cell_is_read_in_order(tmp_path: Path):
    """职权类别 merged over two items and printed turned a quarter, one way or the other."""
    from reportlab.pdfgen.canvas import Canvas

    from fixtures.pdf_lists import FONT, register_font
    register_font()
    columns, rows = [40, 70, 190, 250, 500], [40, 70, 130, 190]           # x and y of the rules
    for rotation in (-90, 90):
        pdf = tmp_path / f"turned{rotation}.pdf"
        canvas = Canvas(str(pdf), pagesize=(540, 240))
        canvas.setFont(FONT, 10)
        height = 240
        for y in rows:
            if y == rows[2]:                                  # the category cell spans both rows
                canvas.line(columns[0], height - y, columns[2], height - y)
                canvas.line(columns[3], height - y, columns[-1], height - y)
            else:
                canvas.line(columns[0], height - y, columns[-1], height - y)
        for x in columns:
            canvas.line(x, height - rows[0], x, height - rows[-1])
        for x, text in zip(columns, HEADER, strict=False):
            canvas.drawString(x + 4, height - rows[0] - 18, text)
        for y, (seq, name, article) in zip(rows[1:], [("1", "骗取基金的处罚", "第八十七条"),
                                                      ("2", "不办理登记的处罚", "第八十四条")], strict=False):
            canvas.drawString(columns[0] + 4, height - y - 18, seq)
            canvas.drawString(columns[1] + 4, height - y - 18, name)
            canvas.drawString(columns[3] + 4, height - y - 18, f"《中华人民共和国社会保险法》{article}")
        canvas.saveState()
        middle = height - (rows[1] + rows[3]) / 2
        canvas.translate(columns[2] + 25, middle + 20 if rotation < 0 else middle - 20)
        canvas.rotate(rotation)
        canvas.drawString(0, 0, "行政处罚")
        canvas.restoreState()
        canvas.save()
        items = read_list(pdf).items
        assert [(item.seq, item.name, item.category) for item in items] == [
            ("1", "骗取基金的处罚", "行政处罚"), ("2", "不办理登记的处罚", "行政处罚")], rotation


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_pdf_printed_as_word_prints_a_long_table_reads_as_its_text(tmp_path: Path):
    """LibreOffice breaks rows across pages and repeats the header row the way Word does."""
    seed = LISTS / "tianshui-city-ybj.txt"
    pdf = write_pdf_by_libreoffice(tmp_path / "seed.pdf", text_blocks(seed.read_text(encoding="utf-8")),
                                   SOFFICE)
    assert items_and_citations(pdf) == items_and_citations(seed)
    blocks = spanning_list(sentences=30)
    made_up = write_pdf_by_libreoffice(tmp_path / "made-up.pdf", blocks, SOFFICE)
    items = read_list(made_up).items
    assert [item.seq for item in items] == [str(n) for n in range(1, len(ARTICLES) + 1)]
    assert [compact(item.basis) for item in items] == [compact(row[3]) for row in blocks[1].rows[1:]]
    assert sum(item.pages[0] < item.pages[1] for item in items) >= 3


CELL_TEXT = st.lists(st.text(alphabet="社会保险法医疗保障基金第八十七条一二三《》（）〔〕，。；：“”、0123456789AB",
                             min_size=1, max_size=120), min_size=1, max_size=4).map("\n".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(basis=CELL_TEXT, name=st.text(alphabet="对骗取医疗保障基金行为的处罚登记", min_size=2, max_size=40))
def test_whatever_a_cell_prints_is_read_back_in_order(tmp_path: Path, basis: str, name: str):
    """Wherever the lines of a cell break, its characters come back, each once, in order."""
    blocks = [Table([HEADER, ["1", name, "行政处罚", basis]])]
    item = read_list(write_pdf(tmp_path / "cell.pdf", blocks, page_size=A5)).items[0]
    assert compact(item.basis) == compact(basis) and compact(item.name) == compact(name)
