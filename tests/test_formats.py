"""Tabular formats (.csv .xlsx .xls .docx .html) → rows, and → the same items as the text form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.list_files import (
    Table,
    Title,
    plain,
    seed_blocks,
    seed_lines,
    seed_table,
    write_csv,
    write_docx,
    write_html,
    write_text,
    write_xls,
    write_xlsx,
)
from kg.ingest.cleaning import compact
from kg.ingest.read import read_list
from kg.ingest.tabular import read_rows
from kg.paths import LISTS

TIANSHUI = "tianshui-city-ybj.txt"
PINGSHAN = "pingshan-county-ybj.txt"
BAOFENG = "baofeng-county-ybj.txt"


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


# --- rows of each format ---------------------------------------------------------------------

SUB_ITEMS = Table(
    [["序号", "事项名称", "子项名称", "职权类别", "编码", "实施依据"],
     ["1", "基本医疗保险参保和变更登记", "单位参保", "行政确认", "11620500MB161709673620736001000",
      "《中华人民共和国社会保险法》第五十七条"],
     ["1", "基本医疗保险参保和变更登记", "职工参保", "行政确认", "11620500MB161709673620736002000",
      "《中华人民共和国社会保险法》第五十七条"],
     ["2", "医疗救助对象救助金给付", "", "行政给付", "620500000000000001", "《社会救助暂行办法》第二十八条"]],
    merged=[(1, 0, 2, 0), (1, 1, 2, 1), (1, 3, 2, 3), (1, 5, 2, 5)],
)
SUB_ITEM_LIST = [Title("某县医疗保障局权责清单"), SUB_ITEMS, Title("注：本表按职权类别排列。")]


@pytest.mark.parametrize("write", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_spreadsheet_rows_spread_merged_names_over_sub_item_rows(tmp_path: Path, write) -> None:
    path = write(tmp_path / f"list.{write.__name__[6:]}", {"行政确认": SUB_ITEM_LIST})
    rows = read_rows(path)
    assert [texts(row) for row in rows] == [
        ["某县医疗保障局权责清单"],                      # title merged across the table: read once
        SUB_ITEMS.rows[0], SUB_ITEMS.rows[1], SUB_ITEMS.rows[2], SUB_ITEMS.rows[3],
        ["注：本表按职权类别排列。"],
    ]
    assert [row.line for row in rows] == [1, 2, 3, 4, 5, 6]
    assert {row.sheet for row in rows} == {"行政确认"}
    filled = rows[3]
    assert [cell.line for cell in filled.cells] == [3, 3, 4, 3, 4, 3]  # copies keep their line


@pytest.mark.parametrize("write", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_spreadsheet_numbers_read_as_printed(tmp_path: Path, write) -> None:
    table = Table([["序号", "事项名称", "编码"], ["1", "对骗保行为的处罚", "11620500"]])
    path = write(tmp_path / f"n.{write.__name__[6:]}", {"Sheet1": [table]})
    assert texts(read_rows(path)[1]) == ["1", "对骗保行为的处罚", "11620500"]


def test_xlsx_numbers_as_excel_shows_them_and_cells_keep_line_breaks(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append([4160.0, 1.1e30, 0.1 + 0.2, 620500000000001, "立案\r\n调查\n决定"])
    workbook.save(tmp_path / "codes.xlsx")
    assert texts(read_rows(tmp_path / "codes.xlsx")[0]) == [
        "4160", "1100000000000000000000000000000", "0.3", "620500000000001", "立案\n调查\n决定"]


def test_xlsx_every_sheet_in_order_with_its_name(tmp_path: Path) -> None:
    header = ["序号", "权力类型", "权力事项"]
    path = write_xlsx(tmp_path / "sheets.xlsx", {
        "行政处罚": [Table([header, ["1", "行政处罚", "对用人单位不办理医疗保险登记的处罚"]])],
        "行政强制": [Table([header, ["1", "行政强制", "封存医疗保险基金相关资料"]])],
    })
    rows = read_rows(path)
    assert [(row.sheet, row.line, texts(row)[0]) for row in rows] == [
        ("行政处罚", 1, "序号"), ("行政处罚", 2, "1"), ("行政强制", 1, "序号"), ("行政强制", 2, "1")]


def test_docx_tables_in_document_order_with_paragraphs_between(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "list.docx", [
        Title("权责清单（行政确认类、共 2 项）"), SUB_ITEMS, Title("注：本表按职权类别排列。"),
        Table([["序号", "事项名称"], ["1", "检查"]]),
    ])
    rows = read_rows(path)
    assert [(row.sheet, texts(row)) for row in rows] == [
        (None, ["权责清单（行政确认类、共 2 项）"]),
        *(("table 1", row) for row in SUB_ITEMS.rows),
        (None, ["注：本表按职权类别排列。"]),
        ("table 2", ["序号", "事项名称"]),
        ("table 2", ["1", "检查"]),
    ]
    lines = [row.line for row in rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert rows[3].cells[1].line == rows[2].line       # vMerge copy keeps the merge's line


def test_docx_horizontal_merge_read_once(tmp_path: Path) -> None:
    table = Table([["序号", "事项名称", "备注"], ["二、行政处罚（2项）", "", ""], ["1", "处罚", "无"]],
                  merged=[(1, 0, 1, 2)])
    rows = read_rows(write_docx(tmp_path / "span.docx", [table]))
    assert [texts(row) for row in rows] == [["序号", "事项名称", "备注"], ["二、行政处罚（2项）"],
                                          ["1", "处罚", "无"]]


def test_docx_table_nested_in_a_cell_keeps_its_text(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "事项名称", "实施依据"
    outer.cell(1, 0).text = "医疗救助对象救助金给付"
    basis = outer.cell(1, 1)
    basis.text = "1.《社会救助暂行办法》"
    inner = basis.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "第二十八条", "第二十九条"
    document.save(tmp_path / "nested.docx")
    rows = read_rows(tmp_path / "nested.docx")
    assert texts(rows[1]) == ["医疗救助对象救助金给付", "1.《社会救助暂行办法》\n第二十八条 第二十九条"]


def test_html_spans_line_breaks_and_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "list.html"
    path.write_text(
        "<html><body>\n<h1>某县医疗保障局权责清单</h1>\n<p>（共2项）</p>\n<table>\n"
        "<tr><th>序号</th><th>事项名称</th><th>子项名称</th><th>实施依据</th></tr>\n"
        "<tr><td rowspan=2>1</td><td rowspan=2>参保登记</td><td>单位参保</td>"
        "<td rowspan=2><p>1.《社会保险法》第五十七条</p><p>2.《社会保险费征缴暂行条例》第七条</p></td></tr>\n"
        "<tr><td>职工参保</td></tr>\n"
        "<tr><td colspan=4>注：本表按职权类别排列。</td></tr>\n"
        "<tr><td>2</td><td>稽核</td><td></td><td>《社会保险稽核办法》<br>第二条</td></tr>\n"
        "</table>\n<div>服务电话：66887129</div></body></html>\n", encoding="utf-8")
    rows = read_rows(path)
    basis = "1.《社会保险法》第五十七条\n2.《社会保险费征缴暂行条例》第七条"
    assert [(row.line, row.sheet, texts(row)) for row in rows] == [
        (2, None, ["某县医疗保障局权责清单"]),
        (3, None, ["（共2项）"]),
        (5, "table 1", ["序号", "事项名称", "子项名称", "实施依据"]),
        (6, "table 1", ["1", "参保登记", "单位参保", basis]),
        (7, "table 1", ["1", "参保登记", "职工参保", basis]),
        (8, "table 1", ["注：本表按职权类别排列。"]),
        (9, "table 1", ["2", "稽核", "", "《社会保险稽核办法》\n第二条"]),
        (11, None, ["服务电话：66887129"]),
    ]


def test_html_layout_table_around_the_data_table_is_unwrapped(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        "<table><tr><td>政府信息公开</td></tr><tr><td><p>某局权责清单</p>"
        "<table><tr><td>序号</td><td>事项名称</td></tr><tr><td>1</td><td>稽核</td></tr></table>"
        "</td></tr></table>", encoding="gb18030")
    assert [(row.sheet, texts(row)) for row in read_rows(path)] == [
        (None, ["政府信息公开"]), (None, ["某局权责清单"]),
        ("table 1", ["序号", "事项名称"]), ("table 1", ["1", "稽核"])]


def test_html_with_thousands_of_unclosed_tags_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old-cms.html"
    path.write_text("<p>权责清单" + "<font>局" * 3000 + "<table><tr><td>序号</td><td>"
                    + "<b>名" * 3000 + "</td></tr></table>", encoding="gb18030")
    rows = read_rows(path)
    assert [(row.sheet, len(row.cells)) for row in rows] == [(None, 1), ("table 1", 2)]
    assert rows[1].cells[1].text == "名" * 3000


@pytest.mark.parametrize("delimiter", [",", "\t", ";"], ids=["comma", "tab", "semicolon"])
def test_csv_delimiter_sniffed_and_quoted_line_breaks_kept(tmp_path: Path, delimiter: str) -> None:
    table = seed_table(TIANSHUI, 5, 6)
    path = write_csv(tmp_path / "list.csv", [Title("天水市医保局权责清单"), table], delimiter)
    rows = read_rows(path)
    assert texts(rows[0]) == ["天水市医保局权责清单"]
    assert texts(rows[1])[:4] == ["序号", "事项名称", "子项名称", "权力事项类型"]
    assert texts(rows[2]) == [plain(cell) for cell in table.rows[1]][:len(rows[2].cells)]
    assert "\n" in rows[2].cells[10].text                      # 追责情形 kept its line breaks
    assert (rows[2].line, rows[2].cells[11].line, rows[2].last_line) == (3, 4, 4)  # after the break


def test_xls_exported_as_html_or_tab_text_is_read_as_what_it_is(tmp_path: Path) -> None:
    html = tmp_path / "html.xls"
    write_html(html, [SUB_ITEMS], encoding="gb18030")
    tsv = tmp_path / "tsv.xls"
    tsv.write_text("序号\t事项名称\n1\t稽核\n", encoding="utf-16")
    xlsx = tmp_path / "really.xls"
    write_xlsx(xlsx, {"Sheet1": [SUB_ITEMS]})
    assert texts(read_rows(html)[2])[:3] == ["1", "基本医疗保险参保和变更登记", "职工参保"]
    assert [texts(row) for row in read_rows(tsv)] == [["序号", "事项名称"], ["1", "稽核"]]
    assert texts(read_rows(xlsx)[2])[:3] == ["1", "基本医疗保险参保和变更登记", "职工参保"]


# --- the same items as the text form ---------------------------------------------------------

def item_view(path: Path) -> tuple[list[tuple], list[dict]]:
    """What must not depend on the format: item fields (text compared without whitespace) and
    catalog declarations."""
    document = read_list(path)
    items = [
        (item.seq, item.name, item.sub_item, item.category, item.category_norm, item.code,
         item.agency, item.department, compact(item.basis), compact(item.duties),
         compact(item.accountability), tuple(item.flags))
        for item in document.items
    ]
    catalogs = [
        {"total": c.declared_total,
         "categories": [(k.category, k.declared_count) for k in c.categories],
         "entries": [(e.seq, e.name, e.category) for e in c.entries]}
        for c in document.catalogs
    ]
    return items, catalogs


PINGSHAN_PENALTIES = [Title("权责清单（行政处罚类、共3项）"), Title("单位：平山县医疗保障局（公章）"),
                      seed_table(PINGSHAN, 53, 54, 56, 59)]
PINGSHAN_COERCION = [Title("权责清单（行政强制类、共 1 项）"), Title("单位：平山县医疗保障局（公章）"),
                     seed_table(PINGSHAN, 66, 67)]
WRITERS = {
    "csv": lambda path, blocks: write_csv(path.with_suffix(".csv"), blocks),
    "xlsx": lambda path, blocks: write_xlsx(path.with_suffix(".xlsx"), {"Sheet1": blocks}),
    "xls": lambda path, blocks: write_xls(path.with_suffix(".xls"), {"Sheet1": blocks}),
    "docx": lambda path, blocks: write_docx(path.with_suffix(".docx"), blocks),
    "html": lambda path, blocks: write_html(path.with_suffix(".html"), blocks),
}


@pytest.fixture(scope="session")
def seed_views() -> dict[str, tuple]:
    """The items and catalogs of the bundled seeds, read from their text."""
    return {seed: item_view(LISTS / seed) for seed in (TIANSHUI, PINGSHAN, BAOFENG)}


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("seed", [TIANSHUI, PINGSHAN, BAOFENG],
                         ids=["tianshui-13-columns", "pingshan-summary-and-category-tables",
                              "baofeng-catalog-and-continued-rows"])
def test_whole_seed_in_format_extracts_the_same_items_as_its_text(
        tmp_path: Path, seed_views: dict, fmt: str, seed: str) -> None:
    expected = seed_views[seed]
    assert len(expected[0]) >= 14
    assert item_view(WRITERS[fmt](tmp_path / "list", seed_blocks(seed))) == expected


@pytest.mark.parametrize("fmt", WRITERS)
def test_merged_sub_items_extract_like_rows_that_repeat_the_name(tmp_path: Path, fmt: str) -> None:
    expected = item_view(write_text(tmp_path / "list.txt", SUB_ITEM_LIST))
    assert [(seq, sub) for seq, _, sub, *_ in expected[0]] == [
        ("1", "单位参保"), ("1", "职工参保"), ("2", None)]
    assert item_view(WRITERS[fmt](tmp_path / "list", SUB_ITEM_LIST)) == expected


@pytest.mark.parametrize("write", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_one_sheet_per_category_extracts_the_same_items(tmp_path: Path, write) -> None:
    text = write_text(tmp_path / "list.txt", [*PINGSHAN_PENALTIES, *PINGSHAN_COERCION])
    book = write(tmp_path / f"list.{write.__name__[6:]}",
                 {"行政处罚": PINGSHAN_PENALTIES, "行政强制": PINGSHAN_COERCION})
    assert item_view(book) == item_view(text)


def _nanzhao(*numbers: int) -> str:
    return "\n".join(line.strip() for line in seed_lines(NANZHAO, *numbers))


NANZHAO = "nanzhao-county-ybj.txt"
# 南召: one item over four 办理环节 rows; 序号, 名称, 依据, 类别 and 追责情形 merged down the rows.
NANZHAO_FIRST_ROW = [_nanzhao(121), _nanzhao(122), _nanzhao(123, 124), _nanzhao(125),
                     _nanzhao(126), _nanzhao(127), _nanzhao(128, 129, 130), _nanzhao(132)]
NANZHAO_STEPS = [Title(_nanzhao(110)), Table(
    [[_nanzhao(111), _nanzhao(112), _nanzhao(113), _nanzhao(114), _nanzhao(115, 116),
      _nanzhao(117), _nanzhao(118), _nanzhao(119)],
     NANZHAO_FIRST_ROW,
     *([*NANZHAO_FIRST_ROW[:4], _nanzhao(step), _nanzhao(step + 1), NANZHAO_FIRST_ROW[6],
        _nanzhao(step + 3)] for step in (138, 147, 156))],
    merged=[(1, column, 4, column) for column in (0, 1, 2, 3, 6)],
)]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_merged_cells_over_step_rows_extract_like_the_word_text(tmp_path: Path, fmt: str) -> None:
    text = tmp_path / "list.txt"
    text.write_text("\n".join(seed_lines(NANZHAO, *range(110, 160))) + "\n", encoding="utf-8")
    expected = item_view(text)
    assert len(expected[0]) == 1
    assert item_view(WRITERS[fmt](tmp_path / "list", NANZHAO_STEPS)) == expected


def test_sheet_named_for_a_category_gives_its_items_that_category(tmp_path: Path) -> None:
    header = ["序号", "事项名称", "实施依据", "责任科室"]
    book = write_xlsx(tmp_path / "list.xlsx", {
        "行政处罚": [Table([header, ["1", "对用人单位不办理医疗保险登记的处罚",
                                     "《中华人民共和国社会保险法》第八十四条", "参保登记科"]])],
        "其他权力": [Table([header, ["1", "基本医疗保险关系转移接续",
                                     "《中华人民共和国社会保险法》第三十二条", "医保中心"]])],
    })
    items = read_list(book).items
    assert [(item.seq, item.category, item.category_norm, item.lines) for item in items] == [
        ("1", "行政处罚", "行政处罚", (2, 2)), ("1", "其他权力", "其他行政权力", (2, 2))]


@st.composite
def merged_layouts(draw) -> Table:
    """A table of distinct cell texts with random non-overlapping merged rectangles."""
    height, width = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    covered: set[tuple[int, int]] = set()
    merged = []
    for top in range(height):
        for left in range(width):
            if (top, left) in covered:
                continue
            bottom = draw(st.integers(top, height - 1))
            right = draw(st.integers(left, width - 1))
            cells = {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
            if cells & covered:
                bottom, right, cells = top, left, {(top, left)}
            covered |= cells
            if len(cells) > 1:
                merged.append((top, left, bottom, right))
    rows = [[f"第{r + 1}行第{c + 1}列" for c in range(width)] for r in range(height)]
    return Table(rows, merged)


def merged_convention(table: Table) -> list[list[str]]:
    """What every reader must give: a merged cell's text down its first column, blanks to its
    right, trailing blanks dropped."""
    expected = []
    for r, row in enumerate(table.rows):
        cells = list(row)
        for top, left, bottom, right in table.merged:
            if top <= r <= bottom:
                for c in range(left, right + 1):
                    cells[c] = table.rows[top][left] if c == left else ""
        while cells and not cells[-1]:
            cells.pop()
        expected.append(cells)
    return expected


@pytest.mark.parametrize("write", [
    lambda path, table: write_xlsx(path.with_suffix(".xlsx"), {"Sheet1": [table]}),
    lambda path, table: write_xls(path.with_suffix(".xls"), {"Sheet1": [table]}),
    lambda path, table: write_docx(path.with_suffix(".docx"), [table]),
    lambda path, table: write_html(path.with_suffix(".html"), [table]),
], ids=["xlsx", "xls", "docx", "html"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=merged_layouts())
def test_any_merged_layout_reads_by_the_one_convention(tmp_path: Path, write, table: Table) -> None:
    rows = read_rows(write(tmp_path / "merged", table))
    assert [texts(row) for row in rows] == merged_convention(table)


# --- the fast reader (python-calamine) and the fallbacks ---------------------------------------

@pytest.mark.parametrize("write, kind", [(write_xlsx, "xlsx"), (write_xls, "xls")], ids=["xlsx", "xls"])
def test_calamine_gives_the_records_openpyxl_and_xlrd_give(tmp_path: Path, write, kind) -> None:
    from kg.ingest.spreadsheet import read_workbook_rows, read_xls_rows, read_xlsx_rows

    path = write(tmp_path / f"list.{kind}", {"行政确认": SUB_ITEM_LIST, "第二页": [SUB_ITEMS]})
    fallback = read_xlsx_rows if kind == "xlsx" else read_xls_rows
    assert read_workbook_rows(path, kind) == fallback(path)


def test_a_legacy_xls_named_xlsx_is_read_as_what_it_is(tmp_path: Path) -> None:
    real = write_xls(tmp_path / "list.xls", {"行政确认": SUB_ITEM_LIST})
    renamed = tmp_path / "list.xlsx"
    renamed.write_bytes(real.read_bytes())
    assert [texts(row) for row in read_rows(renamed)] == [texts(row) for row in read_rows(real)]
    assert [item.sub_item for item in read_list(renamed).items] == ["单位参保", "职工参保", None]


def _write_ods(path: Path) -> Path:
    """A minimal OpenDocument spreadsheet: a title merged over three columns, a name merged over
    two rows."""
    import zipfile

    def cell(text: str, attributes: str = "") -> str:
        return f'<table:table-cell office:value-type="string" {attributes}><text:p>{text}</text:p></table:table-cell>'

    covered = "<table:covered-table-cell/>"
    rows = [
        cell("某县医疗保障局权责清单", 'table:number-columns-spanned="3"') + covered * 2,
        cell("序号") + cell("事项名称") + cell("子项名称") + cell("职权类别") + cell("实施依据"),
        cell("1") + cell("基本医疗保险参保登记", 'table:number-rows-spanned="2"') + cell("单位参保")
        + cell("行政确认") + cell("《中华人民共和国社会保险法》第五十七条"),
        cell("1") + covered + cell("职工参保") + cell("行政确认") + cell("《中华人民共和国社会保险法》第五十八条"),
    ]
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="行政确认">'
        + "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadshee'
        't"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
        package.writestr("META-INF/manifest.xml", manifest)
    return path


def test_an_ods_spreadsheet_is_read_with_its_merged_cells(tmp_path: Path) -> None:
    rows = read_rows(_write_ods(tmp_path / "list.ods"))
    assert texts(rows[0]) == ["某县医疗保障局权责清单"]
    assert {row.sheet for row in rows} == {"行政确认"}
    filled = rows[3]
    assert texts(filled)[1] == "基本医疗保险参保登记" and filled.cells[1].line == 3
    items = read_list(tmp_path / "list.ods").items
    assert [(item.name, item.sub_item) for item in items] == [
        ("基本医疗保险参保登记", "单位参保"), ("基本医疗保险参保登记", "职工参保")]
