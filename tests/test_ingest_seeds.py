"""Ingest of the five real seed lists: every layout, item counts, fields, catalogs and flags."""

from __future__ import annotations

import pytest

from kg.ingest.read import read_list
from kg.ingest.records import ListDocument
from kg.paths import LISTS

NANZHAO = "nanzhao-county-ybj.txt"      # one cell per line, 办理环节 rows, footers
BAOFENG = "baofeng-county-ybj.txt"      # tab rows, HTML cells, page-split rows repeating the number
TIANSHUI = "tianshui-city-ybj.txt"      # 13 columns, header repeated
PINGSHAN = "pingshan-county-ybj.txt"    # summary table + one table per category
BEIGUAN = "beiguan-district-ybj.txt"    # OCR damage


@pytest.fixture(scope="session")
def documents() -> dict[str, ListDocument]:
    return {path.name: read_list(path) for path in sorted(LISTS.glob("*.txt"))}


def by_seq(document: ListDocument, seq: str):
    (item,) = [item for item in document.items if item.seq == seq]
    return item


@pytest.mark.parametrize("seed, count", [
    (NANZHAO, 12), (BAOFENG, 14), (TIANSHUI, 16), (PINGSHAN, 25), (BEIGUAN, 25)])
def test_every_item_of_each_seed_is_read_once(documents, seed, count) -> None:
    assert len(documents[seed].items) == count


@pytest.mark.parametrize("seed", [NANZHAO, PINGSHAN])
def test_item_count_equals_the_declared_total(documents, seed) -> None:
    catalog = documents[seed].catalogs[0]
    assert catalog.declared_total == len(documents[seed].items) == len(catalog.entries)
    assert sum(c.declared_count for c in catalog.categories) == catalog.declared_total


def test_nanzhao_items_span_their_step_rows_and_skip_footers(documents) -> None:
    document = documents[NANZHAO]
    assert [item.seq for item in document.items] == [str(n) for n in range(1, 13)]  # no 调整情况表 row
    first = document.items[0]
    assert first.name == "骗取医疗保障基金行为的处罚"
    assert first.lines == (121, 196)
    assert first.basis.startswith("《中华人民共和国社会保险法》第八十七条：“社会保险经办机构")
    assert "\n《社会保险费征缴暂行条例》（国务院令第259号）第二十八条" in first.basis
    duties = first.duties.split("\n")
    assert duties[0].startswith("立案：1.立案责任") and duties[6].startswith("执行：7.执行责任")
    assert duties[7] == "8.其他法律法规规章文件规定应履行的责任。"
    assert "服务电话" not in (first.duties + (first.accountability or ""))
    assert first.department == "基金监管股"
    assert first.agency == document.agency == "南召县医疗保障局"


def test_nanzhao_cell_continued_after_blank_lines_and_wrapped_cells(documents) -> None:
    document = documents[NANZHAO]
    assert by_seq(document, "11").department == "待遇保障股或具有鉴定资格的定点医疗机构 医疗保险经办机构"
    assert by_seq(document, "8").department == "待遇保障股或经办机构"      # wrapped in one row, whole in the next
    assert by_seq(document, "11").duties.endswith("5、其它法律法规规章文件规定应履行的责任。")  # row cut by a header


def test_nanzhao_catalog_counts_per_category(documents) -> None:
    (catalog,) = documents[NANZHAO].catalogs
    assert catalog.title == "南召县医疗保障局行政职权目录（共12项）"
    assert [(c.category, c.declared_count) for c in catalog.categories] == [
        ("行政许可", 0), ("行政处罚", 2), ("行政强制", 1), ("行政征收", 0), ("行政给付", 1),
        ("行政检查", 3), ("行政确认", 1), ("行政裁决", 0), ("行政奖励", 1), ("其他职权", 3)]
    assert catalog.categories[-1].category_norm == "其他行政权力"
    assert catalog.entries[1].name == "用人单位不办理社会保险（医疗保障）登记行为的处罚"
    assert (catalog.entries[1].seq, catalog.entries[1].category) == ("2", "行政处罚")
    assert catalog.lines == (2, 79)


def test_baofeng_rows_continued_over_page_breaks_are_one_item(documents) -> None:
    document = documents[BAOFENG]
    assert [item.seq for item in document.items] == [str(n) for n in range(1, 15)]
    first = document.items[0]
    assert first.lines == (28, 36)
    parts = first.basis.split("\n")
    assert parts[0].startswith("《中华人民共和国社会保险法》第八十七条")
    assert parts[-1].startswith("第四十一条：“个人有下列情形之一的")
    assert "\n《医疗保障基金使用监督管理条例》第三十七条" in first.basis     # row 30
    assert "\n有关主管部门依法处理：" in first.basis                           # row 33
    assert "<p>" not in first.basis
    assert by_seq(document, "6").lines == (48, 54)


def test_baofeng_html_entities_unescaped_and_catalog_without_total(documents) -> None:
    document = documents[BAOFENG]
    assert "关于印发<欺诈骗取医疗保障基金行为举报奖励暂行办法>的通知" in by_seq(document, "10").basis
    assert by_seq(document, "11").category == "其它职权"
    assert by_seq(document, "11").category_norm == "其他行政权力"
    (catalog,) = document.catalogs
    assert catalog.declared_total is None and len(catalog.entries) == 14
    assert catalog.entries[10].name == "社会保险（医疗保县）登记"      # typo kept as printed


def test_tianshui_repeated_headers_and_columns(documents) -> None:
    document = documents[TIANSHUI]
    assert [item.seq for item in document.items] == [str(n) for n in range(4160, 4176)]
    item = by_seq(document, "4166")
    assert item.code == "11620500MB1673620836001000"
    assert item.agency == "天水市医保局" and document.agency == "天水市医保局"   # one name per agency
    assert item.department == "基金监管科、规划财务科"
    assert item.category == item.category_norm == "行政奖励"
    assert item.sub_item is None
    assert by_seq(document, "4167").lines == (23, 23)
    assert not document.catalogs


def test_pingshan_numbering_restarts_per_category_table(documents) -> None:
    document = documents[PINGSHAN]
    assert [item.seq for item in document.items] == (
        ["1", "2", "3", "1", "1"] + [str(n) for n in range(1, 6)] + [str(n) for n in range(1, 5)]
        + [str(n) for n in range(1, 12)])
    assert document.agency == "平山县医疗保障局"
    assert [item.department for item in document.items[:3]] == ["参保登记科", "基金监管科", "基金监管科"]
    assert document.items[0].basis.startswith("【法律】《中华人民共和国社会保险法》第八十四条")
    assert document.items[-1].category == "其他权利"
    assert document.items[-1].category_norm == "其他行政权力"


def test_pingshan_sub_items_in_names(documents) -> None:
    items = documents[PINGSHAN].items
    assert items[4].name == ("生育保险待遇核准支付（主项）——生育医疗费支付（子项）、"
                             "计划生育医疗费支付（子项）、生育津贴支付（子项）")
    assert items[4].sub_item == "生育医疗费支付、计划生育医疗费支付、生育津贴支付"
    assert [item.sub_item for item in items[10:14]] == [
        "单位参保", "职工参保", "单位参保信息变更登记", "职工参保信息变更登记"]
    assert items[0].sub_item is None


def test_pingshan_summary_catalog(documents) -> None:
    catalog, titled = documents[PINGSHAN].catalogs
    assert (catalog.declared_total, catalog.declared_categories) == (25, 6)
    assert catalog.title == "医疗保障部门权责清单事项总表"
    assert [c.declared_count for c in catalog.categories] == [0, 3, 1, 0, 1, 5, 4, 0, 0, 11]
    assert [e.seq for e in catalog.entries] == [str(n) for n in range(1, 26)]
    assert catalog.entries[15].name == "基本医疗保险参保信息查询和个人账户一次性支取（主项） --参保单位参保信息查询"
    assert catalog.entries[15].category == "其他权利"
    # the category tables' titles declare counts too: 权责清单（行政检查类、5项）
    assert titled.entries == [] and titled.declared_total is None
    assert [(c.category_norm, c.declared_count, c.line) for c in titled.categories] == [
        ("行政处罚", 3, 49), ("行政强制", 1, 62), ("行政给付", 1, 69), ("行政检查", 5, 76),
        ("行政确认", 4, 90), ("其他行政权力", 11, 103)]


def test_beiguan_ocr_items_all_kept_and_flagged(documents) -> None:
    items = documents[BEIGUAN].items
    assert [item.seq for item in items][20:23] == ["21", None, "23"]   # number lost in OCR: kept
    assert items[21].code == "4105030039Н0008"                         # Cyrillic Н kept as printed
    assert items[3].name == "" and "missing-name" in items[3].flags
    assert (items[3].category, items[3].category_norm) == ("行处政罚", "行政处罚")
    assert (items[1].category, items[1].category_norm) == ("行处", None)
    assert "unknown-category" in items[1].flags
    assert "ocr-garbled-name" in items[0].flags
    assert items[6].name == "对侵占、挪 用医疗保障 基金的处罚" and items[6].flags == []
    assert items[8].agency == "北关区医疗"                              # cut as printed
    assert documents[BEIGUAN].agency == "北关区医疗保障局"


@pytest.mark.parametrize("seed", [NANZHAO, BAOFENG, TIANSHUI, PINGSHAN])
def test_clean_lists_get_no_ocr_flags(documents, seed) -> None:
    assert not [item.flags for item in documents[seed].items if item.flags]
