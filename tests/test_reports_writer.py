"""The shared report writer (kg.reports): xlsx and HTML of one report model, provisions as lawyers
write them, report files written whole with the format their extension says."""

from __future__ import annotations

import os
import stat
from html.parser import HTMLParser
from io import BytesIO, StringIO

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from rich.console import Console

from kg.errors import InputError
from kg.reports.document import Header, Marked, Report, Shaded, Table, number_or_text
from kg.reports.files import output_format, write_whole
from kg.reports.html import to_html
from kg.reports.progress import progress_bar
from kg.reports.provisions import label_zh, provision_zh
from kg.reports.xlsx import to_xlsx


def sample() -> Report:
    header = Header("测试报告", "某县医疗保障局", ["lists/a.txt"], "2 部文件，registry.yaml sha256:0123",
                    date="2026-01-02")
    totals = Table("合计", ("检查", "发现数"), [["条号超出范围", 3], ["合计", 3]])
    details = Table("明细", ("序号", "事项名称", "差异", "严重程度"),
                    [[1, "骗取医疗保障基金", Marked((("=", "由"), ("-", "劳动"), ("+", "医疗保障"), ("=", "部门"))),
                      Shaded("违规", "F8D7DA")],
                     [2, "未按规定办理登记", "—", Shaded("警告", "FFF3CD")]], note="每行一项")
    return Report(header, [totals, details], notices=["注意：1 个文件无法读取：b.txt：cannot read"])


def test_the_workbook_has_the_header_block_first_and_a_printable_filterable_sheet_per_table():
    book = load_workbook(BytesIO(to_xlsx(sample())), rich_text=True)
    assert book.sheetnames == ["合计", "明细"]
    first = book["合计"]
    column_a = [row[0] for row in first.iter_rows(values_only=True)]
    assert column_a[0] == "测试报告"
    for label in ("清单", "来源文件", "生成日期", "法规库版本", "工具版本"):
        assert label in column_a
    assert any(str(value).startswith("注意：1 个文件无法读取") for value in column_a if value)
    header_row = column_a.index("检查") + 1                 # the table starts below the block
    assert first.freeze_panes == f"A{header_row + 1}"
    assert first.auto_filter.ref == f"A{header_row}:B{header_row + 2}"
    assert first.print_title_rows == f"${header_row}:${header_row}"     # repeated on each printed page
    details = book["明细"]
    assert details.freeze_panes == "A3"                       # its note on row 1, the header on row 2
    assert details.auto_filter.ref == "A2:D4"
    assert details.page_setup.orientation == "landscape" and int(details.page_setup.paperSize) == 9
    assert isinstance(details["A3"].value, int) and details["A3"].number_format == "General"
    assert isinstance(details["C3"].value, CellRichText)
    assert details["D3"].fill.fgColor.rgb.endswith("F8D7DA")
    assert details.column_dimensions["B"].width > details.column_dimensions["A"].width


class _Page(HTMLParser):
    """Headings, header-block pairs, table headers, del/ins text and notices of a page."""

    def __init__(self):
        super().__init__()
        self.stack, self.h2, self.th, self.marked, self.notices = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if "h2" in tags:
            self.h2.append(data)
        elif "th" in tags:
            self.th.append(data)
        if "del" in tags or "ins" in tags:
            self.marked.append((tags[-1], data))
        if any(attrs.get("class") == "notices" for _, attrs in self.stack):
            self.notices.append(data)


def test_the_page_has_the_header_block_the_notices_and_a_section_per_table():
    page = _Page()
    page.feed(to_html(sample()))
    assert page.h2 == ["合计", "明细"]
    assert {"清单", "来源文件", "生成日期", "法规库版本", "工具版本", "序号", "差异"} <= set(page.th)
    assert page.marked == [("del", "劳动"), ("ins", "医疗保障")]
    assert page.notices and page.notices[0].startswith("注意：1 个文件无法读取")
    assert "@page{size:A4 landscape" in to_html(sample())


@pytest.mark.parametrize("parts, written", [
    ((79, 2, 3), "第七十九条第二款第（三）项"), ((10,), "第十条"), ((101, None, 5), "第一百零一条第（五）项"),
    ((None, 2), "第二款"),
])
def test_provisions_as_lawyers_write_them(parts, written):
    assert provision_zh(*parts) == written


def test_impact_labels_become_provisions():
    assert label_zh("79.2") == "第七十九条第二款" and label_zh("27(5)") == "第二十七条第（五）项"
    assert label_zh("80,81") == "第八十条、第八十一条" and label_zh("—") == "—" and label_zh(None) == ""


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=30))
def test_a_provision_reads_back_as_its_numbers(article, paragraph):
    written = provision_zh(article, paragraph)
    article_part, paragraph_part = written.removeprefix("第").removesuffix("款").split("条第")
    assert cn2an.cn2an(article_part, "strict") == article and cn2an.cn2an(paragraph_part, "strict") == paragraph


def test_numbers_as_printed_become_numbers_and_other_text_stays():
    assert number_or_text("12") == 12 and number_or_text(2.0) == 2 and number_or_text(2.5) == 2.5
    assert number_or_text("1-1") == "1-1" and number_or_text("１２") == "１２"


@pytest.mark.parametrize("name, given_format, expected", [
    ("r.xlsx", None, "xlsx"), ("r.HTML", None, "html"), ("r.csv", "csv", "csv"), (None, None, "table"),
    ("r.out", "json", "json"),
])
def test_the_format_follows_the_extension(tmp_path, name, given_format, expected):
    output = tmp_path / name if name else None
    assert output_format(output, given_format, ("table", "csv", "json", "xlsx", "html"), "table") == expected


@pytest.mark.parametrize("name, given_format, message", [
    ("r.xlsx", "csv", "the extension says xlsx"), ("r.pdf", None, "cannot tell the format"),
])
def test_a_format_the_extension_contradicts_is_refused(tmp_path, name, given_format, message):
    with pytest.raises(InputError, match=message):
        output_format(tmp_path / name, given_format, ("table", "csv", "json", "xlsx", "html"), "table")


def test_a_report_file_gets_the_usual_mode_and_replaces_the_old_one_whole(tmp_path):
    target = tmp_path / "r.html"
    write_whole(target, "<p>一</p>")
    old_mask = os.umask(0o022)
    try:
        write_whole(target, "<p>二</p>")
    finally:
        os.umask(old_mask)
    assert target.read_text(encoding="utf-8") == "<p>二</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]          # no temporary file left


def test_a_report_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="output directory does not exist"):
        write_whole(tmp_path / "nowhere" / "r.xlsx", b"")


def test_progress_is_silent_off_a_terminal():
    console = Console(file=StringIO(), force_terminal=False)
    with progress_bar("building", 3, console) as bar:
        for name in ("a", "b", "c"):
            bar.advance(name)
    assert console.file.getvalue() == ""
    shown = Console(file=StringIO(), force_terminal=True, width=100)
    with progress_bar("building", 1, shown) as bar:
        bar.advance("a.txt")
    assert "building" in shown.file.getvalue()
