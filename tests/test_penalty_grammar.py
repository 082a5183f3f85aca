"""Properties of the penalty grammar and extractor: any numeral form, any text."""

from __future__ import annotations

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.penalty.extract import extract_sanctions
from kg.penalty.numbers import number_value
from kg.penalty.quantities import find_quantity, parse_measure

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
amounts = st.integers(min_value=1, max_value=9_999_999)
small = st.integers(min_value=1, max_value=99)


def chinese(value: int) -> str:
    return cn2an.an2cn(value)


def arabic_with_wan(value: int) -> str:
    """1万, 2.5万 when the value is a whole number of 千 above 万, else plain digits."""
    if value >= 10_000 and value % 1_000 == 0:
        return f"{value / 10_000:g}万"
    return str(value)


numeral_forms = st.sampled_from([chinese, str, arabic_with_wan, lambda v: str(v).translate(FULL_WIDTH)])


@given(amounts, amounts, numeral_forms, numeral_forms)
def test_yuan_ranges_in_any_numerals_parse_to_the_same_values(low, high, form_low, form_high):
    low, high = min(low, high), max(low, high)
    measure = parse_measure(f"{form_low(low)}元以上{form_high(high)}元以下")
    assert (measure.minimum, measure.maximum, measure.unit) == (low, high, "yuan")


@given(small, small, numeral_forms, st.sampled_from(["骗取金额", "应缴社会保险费数额", "违法所得", ""]))
def test_multiples_of_a_base(low, high, form, base):
    low, high = min(low, high), max(low, high)
    measure = parse_measure(f"{base}{form(low)}倍以上{form(high)}倍以下")
    assert (measure.minimum, measure.maximum, measure.unit, measure.base) == \
        (low, high, "multiple", base or None)


@given(st.integers(1, 11), st.integers(1, 5), numeral_forms)
def test_months_to_years_are_stated_in_months(months, years, form):
    measure = find_quantity(f"暂停其联网结算{form(months)}个月以上{form(years)}年以下")
    assert (measure.minimum, measure.maximum, measure.unit) == (months, years * 12, "month")


@given(small, small, numeral_forms)
def test_month_through_month(low, high, form):
    low, high = min(low, high), max(low, high)
    measure = find_quantity(f"暂停{form(low)}个月至{form(high)}个月")
    assert (measure.minimum, measure.maximum, measure.unit) == (low, high, "month")


@given(small, numeral_forms)
def test_within_years_is_a_maximum(years, form):
    measure = find_quantity(f"{form(years)}年内禁止从事")
    assert (measure.minimum, measure.maximum, measure.unit) == (None, years, "year")


@given(amounts, numeral_forms)
def test_open_ended_fine(value, form):
    assert parse_measure(f"{form(value)}元以下") .maximum == value
    assert parse_measure(f"{form(value)}元以上").minimum == value


@given(amounts)
def test_number_value_agrees_across_forms(value):
    assert number_value(chinese(value)) == number_value(str(value)) == value


PIECES = st.sampled_from([
    "处", "罚款", "的", "元", "万元", "倍", "以上", "以下", "至", "个月", "年", "内", "，", "；", "。",
    "责令", "暂停", "吊销", "没收", "约谈", "警告", "给予处分", "解除服务协议", "禁止从事", "\n",
    "用人单位", "直接负责的主管人员和其他直接责任人员", "定点医药机构", "对", "由行政部门", "逾期不改正的",
    "骗取金额", "万分之", "百分之", "（一）", "第八十七条", "“", "”", "终身", "直至",
    "一", "二", "五", "十", "百", "千", "万", "两", "零", "1", "5", "12", "０", ".", "-",
])
sanction_like_text = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300)
@given(st.one_of(sanction_like_text, st.text(max_size=200)))
def test_any_text_gives_sanctions_with_min_at_most_max_and_valid_spans(text):
    for sanction in extract_sanctions(text):
        if sanction.minimum is not None and sanction.maximum is not None:
            assert sanction.minimum <= sanction.maximum
        assert text[sanction.span[0]:sanction.span[1]] == sanction.text


@given(st.one_of(sanction_like_text, st.text(max_size=80)))
def test_any_phrase_parses_or_is_left_open(text):
    for measure in (parse_measure(text), parse_measure(text, start="quantity"), find_quantity(text)):
        if measure is not None and measure.minimum is not None and measure.maximum is not None:
            assert measure.minimum <= measure.maximum


def test_garbage_numerals_are_left_open():
    assert parse_measure("一" * 1000 + "元") is None           # no amount a statute writes
    assert extract_sanctions("处" * 2000 + "罚款")[0].maximum is None
