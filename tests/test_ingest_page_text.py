"""Lists copied from web pages (made-up lists in the shapes real pages print): every layout of the
same list gives the same items; header words by head nouns and blocked prefixes; the law named
in its own column; a list read twice gives the same JSONL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest.cleaning import compact
from kg.ingest.flat import segment_labels
from kg.ingest.headers import IGNORED, field_for, recognize_header
from kg.ingest.read import read_list

NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Entry:
    """One item of a made-up list: its name, category and basis lines."""

    name: str
    category: str
    basis: tuple[str, ...]


ENTRIES = (
    Entry("示例经营许可证核发", "行政许可", ("【法律】《中华人民共和国示例管理法》第十二条",)),
    Entry("对擅自设立示例机构的处罚", "行政处罚",
          ("【法规】《示例机构登记条例》第三十条第一款", "【规章】《示例机构登记办法》第九条")),
    Entry("对违反《示例机构登记条例》行为的检查", "行政检查", ("【法规】《示例机构登记条例》第二十条",)),
)
TITLE = "某某县示例管理局权责清单"


def tabbed(entries) -> str:
    lines = [TITLE, "序号\t事项名称\t职权类别\t实施依据\t行使层级"]
    lines += [f"{n}\t{e.name}\t{e.category}\t{'；'.join(e.basis)}\t县级" for n, e in enumerate(entries, 1)]
    return "\n".join(lines)


def spaced(entries) -> str:
    lines = [TITLE, "序  号 事项名称 事项类型 设定依据 行使层级"]
    for n, e in enumerate(entries, 1):
        lines.append(f"{n} {e.name} {e.category} {e.basis[0]} 县级")
        lines += e.basis[1:]
    return "\n".join(lines)


def run_together(entries) -> str:
    lines = [TITLE, "序号事项名称执法类型实施依据"]
    for n, e in enumerate(entries, 1):
        lines.append(f"{n}{e.category}{e.name}{e.basis[0]}")
        lines += e.basis[1:]
    return "\n".join(lines)


def pipes(entries) -> str:
    lines = [TITLE, "序号|事项名称|职权类别|实施依据|"]
    lines += [f"{n}|{e.name}|{e.category}|{'；'.join(e.basis)}|" for n, e in enumerate(entries, 1)]
    return "\n".join(lines)


def pipes_wrapped_header(entries) -> str:
    lines = [TITLE, "序号|事项名称|职权|实施|", "||类别|依据|"]
    lines += [f"{n}|{e.name}|{e.category}|{'；'.join(e.basis)}|" for n, e in enumerate(entries, 1)]
    return "\n".join(lines)


def pipe_cells(entries) -> str:
    lines = [TITLE, "序号|", "事项名称|", "职权类别|", "实施依据|"]
    for n, e in enumerate(entries, 1):
        lines += [f"{n}|", f"{e.name}|", f"{e.category}|", *e.basis[:-1], f"{e.basis[-1]}|"]
    return "\n".join(lines)


def one_cell_a_line(entries) -> str:
    lines = [TITLE, "序号", "事项名称", "职权类别", "实施依据", "行使层级"]
    for n, e in enumerate(entries, 1):
        lines += [str(n), e.name, e.category, *e.basis, "县级"]
    return "\n".join(lines)


def cards(entries) -> str:
    lines = [TITLE]
    for e in entries:
        lines += [f"事项名称 {e.name}", f"权力类别 {e.category}", f"设定依据 {e.basis[0]}", *e.basis[1:],
                  "实施主体 某某县示例管理局", ""]
    return "\n".join(lines)


def sections(entries) -> str:
    lines = [TITLE]
    categories = list(dict.fromkeys(e.category for e in entries))
    for c, category in enumerate(categories):
        mine = [e for e in entries if e.category == category]
        lines.append(f"{NUMERALS[c]}、{category}(共{len(mine)}项)")
        for n, e in enumerate(mine):
            lines += [f"({NUMERALS[n]}){e.name}", f"法律依据:{e.basis[0]}", *e.basis[1:]]
    return "\n".join(lines)


LAYOUTS = (tabbed, spaced, run_together, pipes, pipes_wrapped_header, pipe_cells, one_cell_a_line, cards,
           sections)


def read(tmp_path: Path, text: str, name: str = "list.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_list(path)


def essentials(document) -> list[tuple[str, str | None, str]]:
    """What every layout must agree on: name, category, and the basis (its entries, however
    separated)."""
    return [(item.name, item.category_norm, compact(item.basis).replace("；", ""))
            for item in document.items]


def expected(entries) -> list[tuple[str, str, str]]:
    return [(e.name, e.category, "".join(compact(b) for b in e.basis)) for e in entries]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.__name__)
def test_each_layout_gives_the_items(tmp_path: Path, layout) -> None:
    document = read(tmp_path, layout(ENTRIES))
    assert essentials(document) == expected(ENTRIES)
    assert document.title == TITLE


_NAME = st.text(alphabet="示例登记备案核发审批机构经营证照管理监督事业单位", min_size=4, max_size=14)
_CATEGORY = st.sampled_from(["行政许可", "行政处罚", "行政确认", "行政检查", "其他行政权力"])
_ARTICLE = st.integers(1, 99).map(lambda n: f"第{n}条")
_BASIS = st.lists(st.tuples(st.sampled_from(["法律", "法规", "规章"]),
                            st.sampled_from(["示例管理法", "示例登记条例", "示例办法"]), _ARTICLE)
                  .map(lambda t: f"【{t[0]}】《{t[1]}》{t[2]}"), min_size=1, max_size=3)
_ENTRIES = st.lists(st.builds(lambda n, c, b: Entry("对" + n + "的办理", c, tuple(b)), _NAME, _CATEGORY, _BASIS),
                    min_size=1, max_size=6, unique_by=lambda e: e.name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=_ENTRIES)
def test_all_layouts_of_the_same_list_give_the_same_items(tmp_path: Path, entries) -> None:
    want = expected(entries)
    for layout in LAYOUTS:
        if layout is sections:      # sections group the items by category
            order = list(dict.fromkeys(e.category for e in entries))
            grouped = sorted(entries, key=lambda e: order.index(e.category))
            assert essentials(read(tmp_path, layout(entries))) == expected(grouped), layout.__name__
        else:
            assert essentials(read(tmp_path, layout(entries))) == want, layout.__name__


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=_ENTRIES, layout=st.sampled_from(LAYOUTS))
def test_a_list_read_twice_gives_the_same_jsonl(tmp_path: Path, entries, layout) -> None:
    text = layout(entries)
    first = [json.dumps(item.to_json(), ensure_ascii=False) for item in read(tmp_path, text, "a.txt").items]
    again = [json.dumps(item.to_json(), ensure_ascii=False) for item in read(tmp_path, text, "a.txt").items]
    assert first == again and len(first) == len(entries)


def test_a_basis_over_several_lines_keeps_each_line(tmp_path: Path) -> None:
    document = read(tmp_path, spaced(ENTRIES))
    item = document.items[1]
    assert item.lines == (4, 5)
    assert [line for _, line, _ in item.basis_lines] == [4]
    assert item.basis.split("\n")[1] == "【规章】《示例机构登记办法》第九条"


def test_items_are_read_from_basis_labels_when_there_is_no_grid(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "某某县示例管理局", "示例经营许可证核发", "设定依据：《中华人民共和国示例管理法》第十二条",
        "示例机构备案", "设定依据：《示例机构登记条例》第八条"]))
    assert [(item.name, item.basis, item.lines) for item in document.items] == [
        ("示例经营许可证核发", "《中华人民共和国示例管理法》第十二条", (2, 3)),
        ("示例机构备案", "《示例机构登记条例》第八条", (4, 5))]


def test_a_text_that_is_no_list_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read(tmp_path, "关于开展示例工作的通知\n各单位：\n请于月底前报送材料。\n")
    assert "no table" in error.value.reason


# --- headers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("label, field", [
    ("序  号", "seq"), ("實  施  依  據", "basis"), ("項目名稱", "name"), ("执法事项名称", "name"),
    ("违法行为", "name"), ("行政职权类别", "category"), ("执法类别", "category"), ("项目编码", "code"),
    ("行政决定部门", "agency"), ("责任机构", "department"), ("实施层级", "level"),
    ("法律法规规章依据", "basis"), ("某某许可依据", "basis"), ("法规规章", "law"), ("依据名称", "law"),
    ("责任事项依据", IGNORED), ("责任事项的依据", IGNORED), ("收费（征收）依据和标准", IGNORED),
    ("行政区划代码", IGNORED), ("申请材料", IGNORED), ("办理时限", IGNORED),
    ("追责依据", "accountability"), ("子项名称", "sub_item"),
])
def test_header_labels_by_synonym_head_noun_and_blocked_prefix(label, field) -> None:
    assert field_for(label) == field


@pytest.mark.parametrize("label", ["收费依据说明", "追责事项依据", "区划代码表", "行政区划编码"])
def test_a_blocked_prefix_keeps_a_label_from_its_head(label) -> None:
    assert field_for(label) not in ("basis", "code")


def test_a_header_with_name_and_basis_is_accepted_however_many_columns_are_unknown() -> None:
    labels = ["序号", "事项名称", "实施依据"] + [f"甲乙栏{c}" for c in "丙丁戊己庚辛壬癸子丑"]
    header = recognize_header(labels, 1)
    assert header is not None and header.columns == {0: "seq", 1: "name", 2: "basis"}
    assert header.unknown == 10
    assert recognize_header(["序号", "事项名称", "甲乙栏", "丙丁栏", "戊己栏"], 1) is None


def test_procedural_columns_are_known_and_not_read(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "序号\t事项名称\t申请条件\t申请材料\t办理时限\t是否公示\t实施依据\t录入人",
        "1\t示例证核发\t具备条件\t申请书\t20个工作日\t是\t《示例管理法》第十二条\t张三"]))
    assert [(item.name, item.basis) for item in document.items] == [("示例证核发", "《示例管理法》第十二条")]


def test_run_together_header_is_cut_into_known_labels() -> None:
    assert segment_labels("序号事项名称责任科室执法类型实施依"
                          "据") == ["序号", "事项名称", "责任科室", "执法类型", "实施依据"]
    assert segment_labels("序号某某事项实施依据") is None


def test_a_number_fused_with_the_category_is_the_items_number(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "事项类型\t事项名称\t设定依据", "行政许可1\t示例证核发\t《示例管理法》第十二条",
        "行政许可2\t示例证变更\t《示例管理法》第十三条"]))
    assert [(item.seq, item.category, item.name) for item in document.items] == [
        ("1", "行政许可", "示例证核发"), ("2", "行政许可", "示例证变更")]


# --- form 9: the law named in its own column ---------------------------------------------------

def test_the_law_column_goes_before_the_bare_provisions(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "某某局行政处罚裁量基准",
        "序号\t违法行为\t法规规章\t依据条款\t违法程度\t处罚标准",
        "1\t未按规定办理登记的\t示例登记条例\t第十三条第二款：未按规定办理登记的，责令改正。\t轻微\t警告",
        "2\t擅自变更用途的\t《示例管理办法》\t第八条\t一般\t罚款",
        "3\t拒不改正的\t示例管理办法\t《示例管理办法》第九条\t严重\t罚款"]))
    assert [item.basis for item in document.items] == [
        "《示例登记条例》\n第十三条第二款：未按规定办理登记的，责令改正。",
        "《示例管理办法》\n第八条",
        "《示例管理办法》第九条"]                    # the cell names the law itself
    assert document.items[0].basis_lines == ((0, 3, 3), (9, 3, 3))
    assert document.items[0].category_norm == "行政处罚"     # from the title


def test_a_law_column_alone_is_the_basis(tmp_path: Path) -> None:
    document = read(tmp_path, "序号\t违法行为\t法律法规名称\t裁量阶次\n1\t未按规定登记的\t《示例登记条例》\t一般")
    assert document.items[0].basis == "《示例登记条例》"


# --- one name per agency -------------------------------------------------------------------------

def test_the_lists_full_agency_name_is_used_for_every_item(tmp_path: Path) -> None:
    rows = ["序号\t事项名称\t实施主体\t实施依据",
            "1\t示例证核发\t市示例管理局\t《示例管理法》第十二条",
            "2\t示例证变更\t自治区示例管理厅\t《示例管理法》第十三条",
            "3\t示例证注销\t市 示例管理局\t《示例管理法》第十四条"]
    from_title = read(tmp_path, "\n".join(["某某市示例管理局权责清单", *rows]))
    from_file = read(tmp_path, "\n".join(rows), name="附件：某某市示例管理局2025年权责清单.txt")
    for document in (from_title, from_file):
        assert document.agency == "某某市示例管理局"
        assert [item.agency for item in document.items] == ["某某市示例管理局", "自治区示例管理厅", "某某市示例管理局"]


@pytest.mark.parametrize("short, full, same", [
    ("市示例管理局", "某某市示例管理局", True), ("市示保局", "某某市示例保障局", True),
    ("县示例管理局", "某某市示例管理局", False), ("自治区示例管理厅", "某某市示例管理局", False),
    ("示例管理局", "某某市示例管理局", False),           # no level word: another office of that name
])
def test_a_shortened_agency_name_is_the_same_agency(short, full, same) -> None:
    from kg.ingest.titles import same_agency

    assert same_agency(short, full) is same


def test_an_empty_category_cell_stays_empty_and_its_heading_gives_the_standard_category(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "序号\t事项名称\t权力类型\t实施依据", "一、行政许可",
        "1\t示例证核发\t行政许可\t《示例管理法》第十二条", "2\t示例场所审查\t\t《示例管理法》第十五条"]))
    assert [(item.category, item.category_norm) for item in document.items] == [
        ("行政许可", "行政许可"), (None, "行政许可")]
    assert "missing-category" in document.items[1].flags


_PIECES = st.sampled_from(["序号", "事项名称", "职权类别", "实施依据", "法规规章", "行政许可", "1", "2", "1.",
                           "【法律】", "《示例法》", "第十条", "|", "\t", " ", "\n", "\n\n", "（一）", "一、", "：",
                           "某某登记", "权力类别", "清单", "(共2项)", "2019年", "责任科室"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_PIECES, max_size=50).map("".join))
def test_any_text_is_read_or_refused_with_a_reason(tmp_path: Path, text) -> None:
    try:
        document = read(tmp_path, text or "x")
    except InputError as error:
        assert error.reason
    else:
        assert all(item.name or "missing-name" in item.flags for item in document.items)


def test_a_spaced_row_keeps_a_provision_after_a_space_in_its_basis(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "序号 实施部门 事项名称 事项类型 设定依据 行使层级",
        "1 某某县示例局 示例证核发 行政许可 【法律】《中华人民共和国示例管理法》 第十二条",
        "2 某某县示例局 示例证变更 行政许可 【法律】《中华人民共和国示例管理法》 第十三条 县级"]))
    assert [(item.name, item.basis) for item in document.items] == [
        ("示例证核发", "【法律】《中华人民共和国示例管理法》 第十二条"),
        ("示例证变更", "【法律】《中华人民共和国示例管理法》 第十三条")]


def test_rows_numbered_with_gaps_and_basis_lines_starting_with_a_number(tmp_path: Path) -> None:
    spaced_list = read(tmp_path, "\n".join([
        "序号 事项 名称 职权 类别 实施 依据",
        "1 示例证核发 行政许可 【法律】《示例管理法》第十二条",
        "4 示例证变更 行政许可 【法律】《示例管理法》第十三条", "30 日内未办理的，不予变更。"]))
    run_list = read(tmp_path, "\n".join([
        "序号事项名称执法类型实施依据",
        "1示例证核发行政许可【法律】《示例管理法》第十二条",
        "3示例证变更行政许可【法律】《示例管理法》第十三条", "4日内未办理的，不予变更。"]))
    for document, skipped_to in ((spaced_list, "4"), (run_list, "3")):
        assert [(item.seq, item.name) for item in document.items] == [("1", "示例证核发"), (skipped_to, "示例证变更")]
        assert document.items[1].basis.endswith("日内未办理的，不予变更。")


def test_a_spaced_list_numbered_on_from_another_table_with_markup_in_its_basis(tmp_path: Path) -> None:
    document = read(tmp_path, "\n".join([
        "序号 权力类型 权力事项 行政主体 实施依据", "--- --- --- --- ---",
        "4160 行政处罚 对示例骗保行为的处罚 某某县示例局 <p>【法律】《示例保险法》第八十七条</p>",
        "4161 行政检查 对示例机构的检查 某某县示例局 <p>1. 《示例保险法》第七十九条</p>"]))
    assert [(item.seq, item.name, item.agency, item.basis) for item in document.items] == [
        ("4160", "对示例骗保行为的处罚", "某某县示例局", "【法律】《示例保险法》第八十七条"),
        ("4161", "对示例机构的检查", "某某县示例局", "1. 《示例保险法》第七十九条")]


def test_a_seed_list_flattened_with_single_spaces_reads_as_its_tab_form(tmp_path: Path) -> None:
    from kg.ingest.cleaning import strip_html
    from kg.paths import LISTS

    text = (LISTS / "tianshui-city-ybj.txt").read_text(encoding="utf-8")
    flattened = "\n".join(" ".join(cell.strip() for cell in line.split("\t")) for line in text.split("\n"))
    tabbed_items = read(tmp_path, text, "tabbed.txt").items
    spaced_items = read(tmp_path, flattened, "spaced.txt").items
    assert [(i.seq, i.name, i.category) for i in spaced_items] == [(i.seq, i.name, i.category) for i in tabbed_items]
    assert all(compact(strip_html(tab.basis)) in compact(strip_html(spaced.basis))
               for tab, spaced in zip(tabbed_items, spaced_items, strict=False))
