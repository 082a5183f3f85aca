"""The citation grammar, numerals and document numbers: examples and generated round trips."""

from __future__ import annotations

import itertools

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cite.docnumbers import doc_number_in_parenthesis, normalize_doc_number
from kg.cite.extract import extract_citations
from kg.cite.numerals import to_int
from kg.cite.parse import Provision, parse_head, parse_whole


@pytest.mark.parametrize("printed, value", [
    ("八十八", 88), ("十", 10), ("一百零三", 103), ("２７", 27), ("27", 27), ("六49", 649),
    ("二〇一九", 2019), ("零", 0), ("两百", 200), ("七十 七", 77), ("３\u3000６", 36),
])
def test_numerals(printed, value):
    assert to_int(printed) == value


@pytest.mark.parametrize("printed", ["", "十十", "千", "3十", "条", "abc"])
def test_non_numbers_are_rejected(printed):
    assert to_int(printed) is None


@pytest.mark.parametrize("parenthesis, number", [
    ("（国务院令第六49号，自2014年5月1日起施行）", "国务院令第649号"),
    ("（1994年2月26日，国务院令149号）", "国务院令第149号"),
    ("(国办发(2015) 70 号)", "国办发〔2015〕70号"),
    ("（2010年主席令第35号）", "2010年主席令第35号"),
    ("（甘政发〔2012〕64号", "甘政发〔2012〕64号"),
    ("（石医保规【2019】1号）", "石医保规〔2019〕1号"),
    ("（自2014年5月1日起施行）", None),
    ("（国家医疗保障局第二号令）", "国家医疗保障局令第2号"),
    ("（人力资源社会保障部令 第13号）", "人力资源社会保障部令第13号"),
])
def test_document_number_in_parenthesis(parenthesis, number):
    assert doc_number_in_parenthesis(parenthesis) == number


def test_bracket_styles_normalize_to_one_spelling():
    styles = ["人社部〔2016〕120号", "人社部[2016]120号", "人社部【2016】120号", "人社部(2016)120号",
              "人社部（2016）120号", "人社部［2016］120号", "人社部 [2016] 120 号"]
    assert {normalize_doc_number(s) for s in styles} == {"人社部〔2016〕120号"}


def test_heads():
    head = parse_head("【部门规章】《社会保险稽核办法》（劳动部令第16号）第二条")
    assert (head.kind, head.level, head.statute, head.doc_number) == \
        ("titled", "部门规章", "社会保险稽核办法", "劳动部令第16号")
    assert parse_head("第八十七条第一款、第二款").provisions == (Provision(article=87, paragraph=1),
                                                        Provision(article=87, paragraph=2))
    assert parse_head("本条例第四十条").kind == "self_reference"
    assert parse_head("附件一（全文）").annex == 1
    assert parse_head("《X》第二款第三条").warning          # 款 before 条 is not a provision


_titles = st.sampled_from(["中华人民共和国社会保险法", "医疗保障基金使用监督管理条例", "社会救助暂行办法"])
_numbers = st.integers(min_value=1, max_value=999)


@settings(max_examples=200, deadline=None)
@given(_titles, _numbers, st.one_of(st.none(), st.integers(min_value=1, max_value=9)), st.booleans())
def test_generated_citations_round_trip(title, article, paragraph, arabic):
    printed = str(article) if arabic else cn2an.an2cn(article)
    text = f"《{title}》第{printed}条" + (f"第{cn2an.an2cn(paragraph)}款" if paragraph else "") + "：“……”"
    [citation] = extract_citations(text)
    assert (citation.statute, citation.article, citation.paragraph) == (title, article, paragraph)
    assert text[citation.span[0]:citation.span[1]] == citation.raw


@settings(max_examples=100, deadline=None)
@given(st.lists(_numbers, min_size=2, max_size=5, unique=True))
def test_generated_lists_and_follow_ons_round_trip(articles):
    listed = "、".join(f"第{cn2an.an2cn(a)}条" for a in articles[:-1])
    text = f"《社会保险法》{listed}：“……。”第{cn2an.an2cn(articles[-1])}条：“……”"
    assert [(c.statute, c.article) for c in extract_citations(text)] == [("社会保险法", a) for a in articles]


@settings(max_examples=100, deadline=None)
@given(_numbers, st.integers(min_value=0, max_value=30))
def test_generated_ranges_round_trip(first, width):
    last = first + width
    text = f"《社会保险法》第{cn2an.an2cn(first)}条至第{cn2an.an2cn(last)}条"
    assert [c.article for c in extract_citations(text)] == list(range(first, last + 1))


@settings(max_examples=100, deadline=None)
@given(st.lists(_numbers, min_size=2, max_size=4, unique=True), st.one_of(st.none(), st.integers(1, 9)),
       st.sampled_from([" ", "\u3000", "  ", ""]))
def test_provisions_printed_without_separator_read_as_a_list(articles, paragraph, space):
    """第八十七条 第八十八条 and 第八十七条第一款 第二款 (a hand-typed list, no 、) cite what the list
    with 、 cites; 第…条第…款 with nothing between stays one provision."""
    first = f"第{cn2an.an2cn(articles[0])}条" + (f"第{cn2an.an2cn(paragraph)}款" if paragraph else "")
    rest = [f"第{cn2an.an2cn(a)}条" for a in articles[1:]]
    listed = extract_citations(f"《社会保险法》{first}、" + "、".join(rest))
    juxtaposed = extract_citations(f"《社会保险法》{first}{space}" + space.join(rest))
    assert [(c.article, c.paragraph) for c in juxtaposed] == [(c.article, c.paragraph) for c in listed]
    assert [c.article for c in juxtaposed] == articles and not any(c.flags for c in juxtaposed)
    if paragraph:
        siblings = extract_citations(f"《社会保险法》{first}{space}第{cn2an.an2cn(paragraph + 1)}款")
        assert [(c.article, c.paragraph) for c in siblings] == [(articles[0], paragraph), (articles[0], paragraph + 1)]


_DOCUMENT_PARTS = ["《中华人民共和国社会保险法》", "【法律】《社会保险法》（2018年修正）",
                   "《社会救助暂行办法》（国务院令第六49号，自2014年5月1日起施行）",
                   "《甘肃省…实施办法（暂行）》的通知（甘医保发〔2019〕35号）", "石政规〔2019〕7号",
                   "石人社字（2017）8号文中", "国务院令第711号", "石政规（2019）7号）", "《X》（石政规〔2019〕7号）附件"
                                                             "2", "本条例", "社会保险法", "《X"]
_LOCATOR_PARTS = ["第八十七条", "第三章第七条", "第七十九条第二款", "第二十七条第（五）项", "第三十七条至第四十条",
                  "第三、四、五条全部内容", "第八十七条、第八十八条", "第五十二条、五十三条", "第三十八条第一款第（一）"
                                                                                              "、（三）项",
                  "第二款第三条", "第十十条", "第一条至第九百条", "第八十七条 第八十八条", "第八十七条第一款　第二款"]


@pytest.mark.parametrize("document, locator", list(itertools.product(_DOCUMENT_PARTS, _LOCATOR_PARTS)))
def test_reading_a_head_in_two_parts_gives_what_the_whole_head_gives(document, locator):
    """parse_head caches a head's document part and its provisions apart; the result must not change."""
    assert parse_head(document + locator) == parse_whole(document + locator)
