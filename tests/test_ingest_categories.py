"""Category normalization, category headings, and what title lines declare."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.ingest.categories import STANDARD_CATEGORIES, normalize_category, parse_heading
from kg.ingest.titles import agency_in, declared_counts

NORMALIZED = [
    ("行政处罚", "行政处罚"), ("行政 给付", "行政给付"), ("行政处罚类", "行政处罚"), ("行政监督检查", "行政检查"),
    ("监督检查类", "行政检查"),
    ("其他职权", "其他行政权力"), ("其它职权", "其他行政权力"), ("其他权利", "其他行政权力"),
    ("其他权力", "其他行政权力"), ("其他行政权力", "其他行政权力"),
    ("行处罚", "行政处罚"), ("行强制", "行政强制"), ("行处政罚", "行政处罚"),   # OCR: dropped / reordered
    ("行处", None), ("行政财", None), ("公共服务", None), ("", None), (None, None),
]


@pytest.mark.parametrize("printed, standard", NORMALIZED)
def test_category_spellings(printed, standard) -> None:
    assert normalize_category(printed) == standard


@given(st.sampled_from(STANDARD_CATEGORIES), st.randoms(use_true_random=False))
def test_a_standard_category_with_its_characters_reordered_is_recognized(category, rnd) -> None:
    characters = list(category)
    rnd.shuffle(characters)
    assert normalize_category("".join(characters)) == category


@given(st.text(alphabet="行政处罚许可强制征收给付检查确认奖励裁决其他它职权力利类 公共服务", max_size=8))
def test_normalization_never_invents_a_category(text) -> None:
    assert normalize_category(text) in (*STANDARD_CATEGORIES, None)


@pytest.mark.parametrize("text, category, count", [
    ("二、行政处罚（2项）", "行政处罚", 2), ("二、行政处罚 共 3 项", "行政处罚", 3),
    ("十、其他职权（3项）", "其他职权", 3), ("九、行政裁决", "行政裁决", None),
    ("三、行政强制（共十一项）", "行政强制", 11),
])
def test_category_headings(text, category, count) -> None:
    heading = parse_heading(text)
    assert (heading.category, heading.declared_count) == (category, count)


@pytest.mark.parametrize("text", ["1.立案责任：对检查中发现的案件予以审查", "二、调查取证", "行政处罚"])
def test_sentences_are_not_headings(text) -> None:
    assert parse_heading(text) is None


@pytest.mark.parametrize("text, counts", [
    ("南召县医疗保障局行政职权目录\n（共12项）", (12, None)),
    ("（共六类、二十五项）", (25, 6)),
    ("宝丰县医疗保障局权责清单目录", (None, None)),
])
def test_declared_counts(text, counts) -> None:
    assert declared_counts(text) == counts


@pytest.mark.parametrize("titles, agency", [
    (["附件2", "南召县医疗保障局行政职权目录"], "南召县医疗保障局"),
    (["医疗保障部门权责清单事项总表", "单位：平山县医疗保障局（公章）"], "平山县医疗保障局"),
    (["天水市医保局权责清单"], "天水市医保局"),
    (["权责清单（行政处罚类、共3项）"], None),
])
def test_agency_from_title_lines(titles, agency) -> None:
    assert agency_in(titles) == agency
