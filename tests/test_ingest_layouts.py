"""Synthetic lists: the text layouts, header mapping in any column order, and unusable input."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from kg.errors import InputError
from kg.ingest.headers import field_for, recognize_header
from kg.ingest.read import read_list
from kg.ingest.text import rows_of_text
from kg.paths import LISTS

CELL_PER_LINE = "\n".join([
    "某县医疗保障局权责清单",
    "\t序号", "\t项目名称", "\t实施依据", "\t职权类别", "\t办理环节", "\t责任事项", "\t责任股室",
    "",
    "\t1", "\t对骗保行为的处罚", "\t《社会保险法》第八十七条", "第八十八条", "\t行政处罚", "\t立案",
    "\t1.立案责任", "\t基金股",
    "",
    "\t", "\t", "\t", "\t", "\t决定", "\t2.决定责任", "\t基金股",
    "",
    "\t服务电话：66887129",
    " \t序号", "\t项目名称", "\t实施依据", "\t职权类别", "\t办理环节", "\t责任事项", "\t责任股室",
    "",
    "\t2", "\t医疗保障登记", "\t《社会保险法》第八条", "\t其他职权", "\t受理", "\t1.受理责任", "\t",
    "",
    "待遇股",
    "",
    "\t", "\t", "\t", "\t", "\t审核", "\t2.审核责任", "\t",
    "",
])


def write(tmp_path: Path, text: str, name: str = "list.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_cell_per_line_layout(tmp_path: Path) -> None:
    document = read_list(write(tmp_path, CELL_PER_LINE))
    assert document.agency == "某县医疗保障局"
    first, second = document.items
    assert (first.seq, first.name, first.category) == ("1", "对骗保行为的处罚", "行政处罚")
    assert first.basis == "《社会保险法》第八十七条\n第八十八条"
    assert first.duties == "立案：1.立案责任\n决定：2.决定责任"
    assert first.department == "基金股"
    assert first.lines == (10, 25)
    assert (second.name, second.category_norm) == ("医疗保障登记", "其他行政权力")
    assert second.department == "待遇股"                   # continued after a blank line
    assert second.duties == "受理：1.受理责任\n审核：2.审核责任"
    assert second.lines == (36, 52)


def test_footer_between_items_is_a_loose_line(tmp_path: Path) -> None:
    rows = rows_of_text(CELL_PER_LINE)
    footer = [row for row in rows if row.cells[0].text.startswith("服务电话")]
    assert len(footer) == 1 and len(footer[0].cells) == 1


def test_markdown_pipe_table_with_heading_and_html(tmp_path: Path) -> None:
    text = "\n".join([
        "# 某县医疗保障局权责清单（共2项）",
        "| 序号 | 事项名称 | 职权类别 | 实施依据 |",
        "|---|---|---|---|",
        "| 1 | 医疗保障待遇支付 | 行政给付 | <p>《社会保险法》第八条</p><p>第二十八条</p> |",
        "| 2 | 医疗保障稽核 | 行政检查 | 《社会保险稽核办法》第三条 |",
    ])
    document = read_list(write(tmp_path, text, "list.md"))
    assert [item.name for item in document.items] == ["医疗保障待遇支付", "医疗保障稽核"]
    assert document.items[0].basis == "《社会保险法》第八条\n第二十八条"
    assert document.items[0].lines == (4, 4)


def seed_rows(seed: str, *numbers: int) -> list[list[str]]:
    lines = (LISTS / seed).read_text(encoding="utf-8").split("\n")
    return [lines[number - 1].split("\t") for number in numbers]


def tab_text(rows: list[list[str]], order: list[int]) -> str:
    return "\n".join("\t".join(row[i] for i in order) for row in rows)


def fields(document) -> list[tuple]:
    return [(i.seq, i.name, i.sub_item, i.category, i.code, i.agency, i.department, i.basis,
             i.duties, i.accountability, i.lines) for i in document.items]


@pytest.mark.parametrize("seed, numbers", [
    ("tianshui-city-ybj.txt", (3, 5, 6, 8, 9, 10)),
    ("baofeng-county-ybj.txt", (25, 27, 28, 30, 33, 36, 37)),
])
def test_columns_in_another_order_map_to_the_same_items(tmp_path: Path, seed, numbers) -> None:
    rows = seed_rows(seed, *numbers)
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    original = read_list(write(tmp_path, tab_text(rows, list(range(width))), "a.txt"))
    shuffled_order = list(range(width))[1::2] + list(range(width))[0::2]
    shuffled = read_list(write(tmp_path, tab_text(rows, shuffled_order), "b.txt"))
    assert fields(shuffled) == fields(original)
    assert len(original.items) >= 2 and all(item.name for item in original.items)


def test_repeated_number_rows_merge_but_a_new_name_without_number_is_a_new_item(tmp_path: Path) -> None:
    text = "\n".join([
        "序号\t事项名称\t职权类别\t实施依据",
        "1\t对骗保行为的处罚\t行政处罚\t《社会保险法》第八十七条",
        "---\t---\t---\t---",
        "1\t对骗保行为的处罚\t行政处罚\t第八十八条",
        "\t医疗保障登记\t其他职权\t《社会保险法》第八条",
    ])
    items = read_list(write(tmp_path, text)).items
    assert [(i.seq, i.name, i.lines) for i in items] == [
        ("1", "对骗保行为的处罚", (2, 4)), (None, "医疗保障登记", (5, 5))]
    assert items[0].basis == "《社会保险法》第八十七条\n第八十八条"


def test_a_basis_cell_saying_as_above_takes_the_basis_of_the_item_above(tmp_path: Path) -> None:
    """同上 (as above) in a basis cell: the item above's basis, flagged; a chain of them follows it
    up; on a row continuing an item it repeats the item's own basis; with nothing above it stays."""
    text = "\n".join([
        "序号\t事项名称\t职权类别\t实施依据",
        "1\t医疗保障登记\t其他职权\t同上",
        "2\t对骗保行为的处罚\t行政处罚\t《社会保险法》第八十七条",
        "2\t对骗保行为的处罚\t行政处罚\t同上。",
        "3\t对违规使用基金的处罚\t行政处罚\t同 上",
        "4\t对串换药品的处罚\t行政处罚\t依据：同上一事项",
        "5\t对伪造票据的处罚\t行政处罚\t同上条例第四十条",
    ])
    items = read_list(write(tmp_path, text)).items
    assert [(i.seq, i.basis, "basis-as-above" in i.flags) for i in items] == [
        ("1", "同上", False),
        ("2", "《社会保险法》第八十七条", False),
        ("3", "《社会保险法》第八十七条", True),
        ("4", "《社会保险法》第八十七条", True),
        ("5", "同上条例第四十条", False)]
    assert items[2].basis_lines == ((0, 5, 5),)          # its citations are placed on its own row


def test_as_above_in_one_basis_column_repeats_that_column_of_the_item_above(tmp_path: Path) -> None:
    text = "\n".join([
        "序号\t事项名称\t职权类别\t法律法规依据\t规范性文件依据",
        "1\t对骗保行为的处罚\t行政处罚\t《社会保险法》第八十七条\t《关于做好医疗保障基金监管工作的通知》",
        "2\t对串换药品的处罚\t行政处罚\t同上\t",
    ])
    items = read_list(write(tmp_path, text)).items
    assert (items[1].basis, "basis-as-above" in items[1].flags) == ("《社会保险法》第八十七条", True)


def test_as_above_does_not_reach_into_another_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    first.title = "行政处罚"
    first.append(["序号", "职权类别", "职权名称", "职权依据"])
    first.append([1, "行政处罚", "对骗保的处罚", "《中华人民共和国社会保险法》第八十七条"])
    second = workbook.create_sheet("行政检查")
    second.append(["序号", "职权类别", "职权名称", "职权依据"])
    second.append([1, "行政检查", "对定点医药机构的监督检查", "同上"])
    second.append([2, "行政检查", "对参保单位的监督检查", "同上"])
    workbook.save(tmp_path / "list.xlsx")
    items = read_list(tmp_path / "list.xlsx").items
    assert [(i.sheet, i.basis, "basis-as-above" in i.flags) for i in items[1:]] == [
        ("行政检查", "同上", False), ("行政检查", "同上", False)]


def test_line_break_inside_a_tab_separated_cell_continues_the_cell(tmp_path: Path) -> None:
    text = "\n".join([
        "序号\t事项名称\t实施依据\t职权类别",
        "1\t对骗保行为的处罚\t《社会保险法》第八十七条",
        "《医疗保障基金使用监督管理条例》第四十条\t行政处罚",
        "2\t医疗保障登记\t《社会保险法》第八条\t其他职权",
    ])
    items = read_list(write(tmp_path, text)).items
    assert [(i.seq, i.category, i.lines) for i in items] == [("1", "行政处罚", (2, 3)), ("2", "其他职权", (4, 4))]
    assert items[0].basis == "《社会保险法》第八十七条\n《医疗保障基金使用监督管理条例》第四十条"


def test_sub_item_rows_without_number_and_name_belong_to_the_item_above(tmp_path: Path) -> None:
    text = "\n".join([
        "序号\t事项名称\t子项名称\t职权类别\t实施依据",
        "1\t基本医疗保险参保和变更登记\t单位参保\t行政确认\t《社会保险法》第五十八条",
        "\t\t职工参保\t\t《社会保险法》第五十八条",
        "\t\t\t\t《社会保险法》第五十七条",
    ])
    items = read_list(write(tmp_path, text)).items
    assert [(i.seq, i.name, i.sub_item, i.category, i.lines) for i in items] == [
        ("1", "基本医疗保险参保和变更登记", "单位参保", "行政确认", (2, 2)),
        ("1", "基本医疗保险参保和变更登记", "职工参保", "行政确认", (3, 4))]


def test_table_title_gives_the_category_when_there_is_no_column(tmp_path: Path) -> None:
    text = "\n".join([
        "权责清单（行政处罚类、共1项）",
        "序号\t事项名称\t实施依据\t备注",
        "1\t对骗保行为的处罚\t《社会保险法》第八十七条\t基金监管科",
        "权责清单（其他行政权力类、共1项）",
        "序号\t事项名称\t实施依据\t备注",
        "1\t医疗保障登记\t《社会保险法》第八条\t参保登记科",
    ])
    items = read_list(write(tmp_path, text)).items
    assert [(i.category_norm, i.department) for i in items] == [
        ("行政处罚", "基金监管科"), ("其他行政权力", "参保登记科")]


def test_two_row_header_splits_a_column_group(tmp_path: Path) -> None:
    header = ["序号\t事项名称\t职权类别\t实施依据\t责任事项\t\t办理时限",
              "\t\t\t\t环节\t内容\t"]
    rows = ["1\t对骗保行为的处罚\t行政处罚\t《社会保险法》第八十七条\t立案\t1.立案责任\t15日",
            "\t\t\t\t决定\t2.决定责任\t"]
    text = "\n".join([*header, rows[0], *header, rows[1]])     # header repeated on the next page
    (item,) = read_list(write(tmp_path, text)).items
    assert item.duties == "立案：1.立案责任\n决定：2.决定责任"
    assert item.basis == "《社会保险法》第八十七条" and item.lines == (3, 6)


@pytest.mark.parametrize("header", [
    ["序号\t事项名称\t职权类别\t设定依据\t实施依据"],
    ["序号\t事项名称\t职权类别\t法律法规依据\t规范性文件依据"],
    ["序号\t事项名称\t职权类别\t实施依据\t", "\t\t\t法律法规\t规范性文件"],      # one group, two columns
])
def test_every_basis_column_is_the_items_basis(tmp_path: Path, header) -> None:
    """设定依据 and 实施依据 (or laws and normative documents in two columns) are both the item's
    basis, in column order, each cell with its own line; a cell repeating the other adds nothing."""
    rows = ["1\t对骗保行为的处罚\t行政处罚\t《社会保险法》第八十七条\t《医疗保障基金使用监督管理条例》第四十条",
            "2\t医疗保障登记\t其他职权\t《社会保险法》第八条\t《社会保险法》第八条"]
    items = read_list(write(tmp_path, "\n".join([*header, *rows]))).items
    assert [item.basis for item in items] == [
        "《社会保险法》第八十七条\n《医疗保障基金使用监督管理条例》第四十条", "《社会保险法》第八条"]
    first_row = len(header) + 1
    assert items[0].basis_lines == ((0, first_row, first_row), (len("《社会保险法》第八十七"
                                                                    "条") + 1, first_row, first_row))


def test_category_heading_rows_give_the_category_when_there_is_no_column(tmp_path: Path) -> None:
    text = "\n".join([
        "序号\t事项名称\t实施依据",
        "一、行政处罚（1项）",
        "1\t对骗保行为的处罚\t《社会保险法》第八十七条",
        "二、其它职权（1项）",
        "1\t医疗保障登记\t《社会保险法》第八条",
    ])
    items = read_list(write(tmp_path, text)).items
    assert [(i.category, i.category_norm) for i in items] == [
        ("行政处罚", "行政处罚"), ("其它职权", "其他行政权力")]


def test_unknown_category_is_kept_and_flagged(tmp_path: Path) -> None:
    text = "序号\t事项名称\t职权类别\t实施依据\n1\t对骗保行为的处罚\t公共服务\t《社会保险法》第八十七条"
    (item,) = read_list(write(tmp_path, text)).items
    assert (item.category, item.category_norm) == ("公共服务", None)
    assert "unknown-category" in item.flags


def test_list_without_a_table_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "关于公布权责清单的通知\n各乡镇：现将清单印发给你们，请遵照执行。\n")
    with pytest.raises(InputError) as error:
        read_list(path)
    assert error.value.path == str(path) and "no table" in error.value.reason


def test_header_without_items_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "某县医疗保障局权责清单\n序号\t事项名称\t职权类别\t实施依据\n")
    with pytest.raises(InputError) as error:
        read_list(path)
    assert error.value.line == 2


@pytest.mark.parametrize("header, field", [
    ("序号", "seq"), ("职权\n类别", "category"), ("· 项目名称", "name"), ("权力事项类型", "category"),
    ("子项地方权力编码", "sub_code"), ("责任股（室）", "department"), ("追责形式", "accountability"),
    ("设定依据", "basis"), ("履职方式", "duties"), ("调整原因", "adjustment"), ("骗取医疗保障基金", None),
])
def test_header_words_name_fields(header, field) -> None:
    assert field_for(header) == field


def test_a_data_row_is_not_a_header() -> None:
    assert recognize_header(["1", "医疗保障登记", "其他职权", "《社会保险法》第八条"], 1) is None
    assert recognize_header(["序号", "事项名称"], 1) is None                 # too few fields
    header = recognize_header(["职权类别", "", "实施依据", "项目名称"], 7)
    assert header.columns == {0: "category", 2: "basis", 3: "name"} and header.line == 7
