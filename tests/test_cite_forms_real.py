"""Citation forms seen in real department lists (issue 14), on made-up texts of the same shape."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cite.extract import extract_citations
from kg.cite.lexicon import levels, notice_endings, rule_endings
from kg.cite.view import reading_view


def keys(text: str) -> list[tuple]:
    """(statute, chapter, article, paragraph, item, whole_document) of each citation, checking spans."""
    cited = extract_citations(text)
    for citation in cited:
        assert text[citation.span[0]:citation.span[1]] == citation.raw
    return [(c.statute, c.chapter, c.article, c.paragraph, c.item, c.whole_document) for c in cited]


def article(statute, number, paragraph=None, item=None, chapter=None):
    return (statute, chapter, number, paragraph, item, False)


def whole(statute):
    return (statute, None, None, None, None, True)


# 1. long parentheticals after a title ------------------------------------------------------------

_ENACTMENT = ("（2009年6月1日第十一届全国人民代表大会常务委员会第九次会议通过，根据2020年3月3日第十三届全国"
              "人民代表大会常务委员会第十六次会议《全国人民代表大会常务委员会关于修改〈中华人民共和国甲法〉等五部法律的"
              "决定》第二次修正。\n根据2023年1月2日《关于修改〈中华人民共和国乙法〉的决定》第三次修正）")


def test_a_long_enactment_note_is_one_note_and_the_title_reaches_the_article_after_it():
    text = f"【法律】《中华人民共和国示例管理法》{_ENACTMENT}第二十二条"
    assert keys(text) == [article("中华人民共和国示例管理法", 22)]


def test_a_note_then_the_article_on_the_next_line_gives_the_article_only():
    text = "【法规】《示例登记条例》（2005年5月1日国务院令第321号公布，自2005年7月1日起施行）\n第十四条：登记机关应当……"
    cited = extract_citations(text)
    assert [(c.statute, c.article, c.whole_document) for c in cited] == [("示例登记条例", 14, False)]
    assert cited[0].doc_number == "国务院令第321号"
    assert cited[0].level == "法规"


def test_a_notice_with_its_number_then_a_full_stop_and_the_article_on_the_next_line():
    text = "《某区关于印发〈某局职能配置规定〉的通知》（某厅字〔2019〕15号）。\n第3条第2款：某局负责……"
    assert keys(text) == [article("某区关于印发〈某局职能配置规定〉的通知", 3, 2)]


def test_decisions_and_decrees_named_inside_a_note_are_not_citations():
    text = ("【法律】《中华人民共和国示例安全法》（1992年11月7日中华人民共和国主席令第65号公布，根据2009年8月27日中华人"
            "民共\n"
            "和国主席令第18号《全国人民代表大会常务委员会关于修改部分法律的决定》修正）\n第八条：示例工程的设计……\n第十二条：……")
    assert keys(text) == [article("中华人民共和国示例安全法", 8), article("中华人民共和国示例安全法", 12)]


# 2. a header list followed by the articles' texts ------------------------------------------------

def test_a_header_list_then_the_articles_texts_counts_each_provision_once_at_its_finest_level():
    text = ("《中华人民共和国示例安全法》第十二条、第四十条第一款第（三）项：\n第十二条　示例单位应当……\n"
            "第四十条　有下列情形之一的……")
    law = "中华人民共和国示例安全法"
    assert keys(text) == [article(law, 12), article(law, 40, 1, 3)]


def test_the_article_text_keeps_its_quote_when_the_header_already_cited_it():
    text = "《某某条例》第六条\n第六条　某某机关统一设置。"
    cited = extract_citations(text)
    assert [(c.article, c.quote) for c in cited] == [(6, "某某机关统一设置。")]


# 3. parts joined by '+' ---------------------------------------------------------------------------

def test_parts_joined_by_plus_signs():
    text = ("《示例社会组织登记办法》+2015年某某部令第7号+第三、五条,《中华人民共和国示例促进法》(2012年)"
            "+中华人民共和国第十一届全国人民代表大会第五次会议+第九条")
    assert keys(text) == [article("示例社会组织登记办法", 3), article("示例社会组织登记办法", 5),
                          article("中华人民共和国示例促进法", 9)]


def test_a_notice_joined_by_plus_signs_to_its_number_and_full_text():
    text = "《某某部关于印发‹示例认定规定>的通知》+某发〔2014〕33号+全文"
    cited = extract_citations(text)
    assert [(c.statute, c.whole_document, c.doc_number) for c in cited] == [
        ("某某部关于印发‹示例认定规定>的通知", True, "某发〔2014〕33号")]


# 4. traditional script --------------------------------------------------------------------------

def test_traditional_script_is_read_and_the_title_kept_as_printed():
    text = "《中華人民共和國示例法》(主席令第12號)第三十一條第二款"
    assert keys(text) == [article("中華人民共和國示例法", 31, 2)]


def test_the_reading_view_has_the_length_of_the_text():
    text = "《中華人民共和國示例法》（很長的說明（含括號）\n和換行）第三十一條"
    assert len(reading_view(text)) == len(text)


# 5. entry boundaries ------------------------------------------------------------------------------

def test_a_level_tag_starts_a_new_entry_even_after_long_padding():
    text = "【法律】《某某法》第五条：违反规定的，处以罚款" + " " * 200 + "【 规章】《某某办法》第三条：……"
    cited = extract_citations(text)
    assert [(c.statute, c.article, c.level) for c in cited] == [("某某法", 5, "法律"), ("某某办法", 3, "规章")]


def test_an_unclosed_title_is_recovered_at_its_note_when_an_article_follows():
    text = "【法规】《某区实施〈中华人民共和国示例法〉办法（2006年5月1日某区人民代表大会常务委员会通过）\n第三十条：……"
    assert keys(text) == [article("某区实施〈中华人民共和国示例法〉办法", 30)]


def test_an_unclosed_title_at_the_line_end_reaches_the_article_on_the_next_line():
    assert keys("《某某区示例管理办法\n第七条：……") == [article("某某区示例管理办法", 7)]


# 6. a title extended by words outside 《》 ------------------------------------------------------

@pytest.mark.parametrize("title", ["实施《中华人民共和国示例法》若干规定", "《中华人民共和国示例法》实施细则",
                                   "贯彻《某某条例》暂行办法"])
def test_a_title_extended_outside_its_marks(title):
    assert keys(f"{title} 第十五条") == [article(title, 15)]


def test_a_notice_that_issues_a_document_cites_the_document():
    assert keys("关于印发《某某工作方案》的通知 第三条") == [article("某某工作方案", 3)]


# 7. a reference list inside a quoted article stays a reference -----------------------------------

def test_a_list_of_titles_inside_an_article_text_are_references():
    text = "《某某管理办法》第十二条：对违法行为，按照《某甲登记条例》、《某乙查处办法》和有关规定进行处罚。"
    cited = extract_citations(text)
    assert [(c.statute, c.article) for c in cited] == [("某某管理办法", 12)]
    assert [r.statute for r in cited[0].cross_references] == ["某甲登记条例", "某乙查处办法"]


def test_a_bare_provision_the_article_text_goes_on_to_qualify_is_a_reference():
    text = "《某某法》第五十二条：本法第四十四条规定的处罚由农业部门决定；第五十条第二款规定的处罚，由市场部门决定。"
    assert keys(text) == [article("某某法", 52)]


# 8. document numbers split by a line break inside a parenthetical ------------------------------

@pytest.mark.parametrize("split", ["中华人民共\n和国主席令第18号", "国\n务院令第709号"])
def test_a_document_number_split_by_a_line_break_in_a_note_is_no_citation(split):
    text = f"【法规】《某某安全管理条例》（2002年6月19日通过，2019年3月2日{split}修订）\n第五十条：……"
    assert keys(text) == [article("某某安全管理条例", 50)]


# 9. bare provisions after a title on the line before (the law named in its own column) -----------

def test_bare_provisions_under_a_title_line_belong_to_it():
    text = "《某某示例条例》\n第十三条第二款：……\n第十五条：……"
    assert keys(text) == [article("某某示例条例", 13, 2), article("某某示例条例", 15)]


# 10. numbered parts of notices ---------------------------------------------------------------------

def test_a_numbered_part_and_its_item_under_a_notice_title():
    text = "【规范性文件】《某某部关于印发某某实施方案的通知》（某发〔2016〕29号）\n二、清理规范的内容 （一）保留34项……"
    assert keys(text) == [article("某某部关于印发某某实施方案的通知", 2, None, 1)]


def test_a_part_of_a_notice_after_its_number_and_page():
    text = "关于印发《某某改革工作方案》的通知某政发【2021】58号第191页 ，第二部分 某某事项改革清单"
    assert keys(text) == [article("某某改革工作方案", 2)]


def test_a_numbered_clause_of_a_standard_under_its_title_line():
    text = "【规章】《某某设施分级和建设要求》（JT/T200-2020）\n8级别核定：一级、二级由市级部门组织验收"
    assert keys(text) == [article("某某设施分级和建设要求", 8)]


# the shared vocabulary ---------------------------------------------------------------------------

@pytest.mark.parametrize("level", sorted(levels()))
def test_every_level_tag_of_the_lexicon_is_read_as_a_level(level):
    cited = extract_citations(f"【{level}】《某某示例法》第一条")
    assert [(c.level, c.article) for c in cited] == [(level, 1)]


@pytest.mark.parametrize("ending", rule_endings() + notice_endings())
def test_every_title_ending_of_the_lexicon_makes_a_self_reference(ending):
    cited = extract_citations(f"《某某示例法》第一条：“依照本{ending}第四条处理。”")
    assert [(r.raw, r.statute, r.article, "self-reference" in r.flags) for r in cited[0].cross_references] == [
        (f"本{ending}第四条", "某某示例法", 4, True)]


# properties ----------------------------------------------------------------------------------------

_NOTE_TEXT = st.text(alphabet=list("年月日第次会议通过修正根据号令国务院《》〈〉关于的决定。，、\n 0123456789一二"
                                   "三"), max_size=300)


def _note(body: str) -> str:
    return "（" + body.replace("（", "").replace("）", "").replace("(", "").replace(")", "") + "）"


_SEPARATORS = st.one_of(st.just(""), st.just(" "), st.just("+"), st.just("\n"), _NOTE_TEXT.map(_note),
                        _NOTE_TEXT.map(lambda body: _note(body) + "\n"))


@settings(max_examples=200, deadline=None)
@given(separator=_SEPARATORS, number=st.integers(1, 199), paragraph=st.one_of(st.none(), st.integers(1, 9)))
def test_any_separator_between_title_and_provision_gives_the_same_citations(separator, number, paragraph):
    locator = f"第{number}条" + (f"第{paragraph}款" if paragraph else "")
    cited = extract_citations(f"【法规】《某某示例管理条例》{separator}{locator}：某某机关负责。")
    assert [(c.statute, c.article, c.paragraph, c.whole_document) for c in cited] == [
        ("某某示例管理条例", number, paragraph, False)]


_MIXED = st.lists(st.sampled_from(["《中華人民共和國示例法》", "第三十一條", "（主席令第12號）", "+", "\n",
                                   "《某某條例》", _ENACTMENT, "第二款", "、", "【法規】", "【 规章】",
                                   "二、某某内容 （一）", "第二部分", "实施", "若干規定", "第191頁",
                                   "某政發【2021】58號", "“", "”", "：", "本條例第四條"]),
                  max_size=25)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_spans_index_the_printed_text(pieces):
    text = "".join(pieces)
    for citation in extract_citations(text):
        assert text[citation.span[0]:citation.span[1]] == citation.raw
        if citation.quote_span:
            assert text[citation.quote_span[0]:citation.quote_span[1]] == citation.quote
        for reference in citation.cross_references:
            assert text[reference.span[0]:reference.span[1]] == reference.raw


def test_a_level_tag_printed_twice_is_one_level():
    cited = extract_citations("【法律】【法律】《某某示例法》（1986年6月25日通过）\n第五条：……")
    assert [(c.statute, c.article, c.level, c.flags) for c in cited] == [("某某示例法", 5, "法律", [])]


def test_a_bare_document_number_after_a_title_at_the_line_end_is_read_with_it():
    cited = extract_citations("【规范性文件】《某某局关于确认某某登记权的通知》某外字[2004]第97号\n根据有关规定……")
    assert [(c.statute, c.whole_document, c.flags) for c in cited] == [("某某局关于确认某某登记权的通知", True, [])]


def test_a_range_of_articles_inside_a_chapter():
    assert keys("《某某规定》第二章第十条至第十二条") == [article("某某规定", n, chapter=2) for n in (10, 11, 12)]


def test_a_numbered_part_with_its_item_and_no_heading():
    assert keys("《某某部关于某某工作的通知》三、（二）") == [article("某某部关于某某工作的通知", 3, None, 2)]


def test_a_plus_joined_part_that_opens_with_an_ordinal_is_no_provision():
    text = "《中华人民共和国示例促进法》+第十一届全国人民代表大会第五次会议+第九条"
    assert keys(text) == [article("中华人民共和国示例促进法", 9)]


def test_a_document_number_inside_an_open_note_is_no_citation():
    text = "（2002年6月19日通过，2019年3月2日中华人民共和国国\n务院令第709号修订）\n第五十条：……"
    assert all(c.doc_number != "务院令第709号" for c in extract_citations(text))


def test_a_note_whose_closing_mark_was_lost_does_not_swallow_the_articles_below():
    text = ("【规范性文件】《某某交易场所监督管理办法》（某政发〔2017〕95号\n第七条：设立交易场所，由州（市）"
            "人民政府（行署）初审。\n第十六条：……）")
    assert [c.article for c in extract_citations(text)] == [7, 16]


def test_items_in_parentheses_listed_after_an_article():
    assert keys("《某某办法》第三条（五）、（六"
                "）") == [article("某某办法", 3, None, 5), article("某某办法", 3, None, 6)]


def test_the_same_provision_in_both_scripts_is_cited_once():
    text = "《中華人民共和國示例法》第五條\n《中华人民共和国示例法》第五条"
    assert [c.article for c in extract_citations(text)] == [5]


def test_a_decree_number_printed_before_a_title_is_that_documents_number():
    cited = extract_citations("【部令】 2017年3月1日国务院令第676号《某某管理条例》第三十三条：“……”")
    assert [(c.statute, c.doc_number, c.article) for c in cited] == [("某某管理条例", "国务院令第676号", 33)]


def test_a_generic_title_without_marks_inside_an_article_text_is_no_citation():
    text = "《某某商标办法》第十八条：……\n实施条例第六条第二款中的正当使用是指……\n第二十条：……"
    assert keys(text) == [article("某某商标办法", 18), article("某某商标办法", 20)]


def test_a_title_wrapped_over_two_lines_of_a_cell():
    assert keys("《中华人民共和国\n示例许可法》第十二条") == [article("中华人民共和国示例许可法", 12)]


def test_an_item_on_the_next_line_refines_the_article_before_it():
    assert keys("《某某法》第十二条第一款\n第（一）项") == [article("某某法", 12, 1, 1)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("《》〈〉<>（）()+＋\n 第条號條法X年号令、，。") , max_size=80))
def test_the_reading_view_keeps_length_and_changes_only_notes_scripts_and_wrapped_titles(text):
    view = reading_view(text)
    assert len(view) == len(text)
    for printed, read in zip(text, view, strict=False):
        assert read == printed or read in ("\ue000", " ", "号", "条"), (printed, read)


def test_an_unclosed_title_is_recovered_before_a_provision_on_its_line():
    assert keys("《中华人民共和国示例处罚法第十条、第十一条") == [
        article("中华人民共和国示例处罚法", 10), article("中华人民共和国示例处罚法", 11)]


@pytest.mark.parametrize("joiner", [" ", "、", "/", "+"])
def test_parts_joined_by_spaces_commas_or_slashes_like_plus_signs(joiner):
    text = f"《示例社会组织登记办法》{joiner}2015年某某部令第7号{joiner}第三、五条"
    assert keys(text) == [article("示例社会组织登记办法", 3), article("示例社会组织登记办法", 5)]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_any_line_break_separates_a_title_line_from_its_articles(line_break):
    text = (f"【法规】《某某示例条例》（2005年5月1日公布）{line_break}第十四条："
            f"……{line_break}《中华人民共和国{line_break}示例法》第三条")
    assert [(c.statute, c.article) for c in extract_citations(text)] == [
        ("某某示例条例", 14), ("中华人民共和国示例法", 3)]
    assert keys(text)     # spans index the text as given
