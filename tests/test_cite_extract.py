"""Citation stage on real basis texts from the seed lists: provisions, follow-ons, quotes, references."""

from __future__ import annotations

import pytest

from kg.cite.extract import extract_citations


def keys(text: str) -> list[tuple]:
    return [(c.statute, c.chapter, c.article, c.paragraph, c.item, c.whole_document)
            for c in extract_citations(text)]


SSL = "中华人民共和国社会保险法"


def test_follow_on_after_quote_takes_the_statute_before_it():
    text = ("《中华人民共和国社会保险法》第八十七条：“社会保险经办机构……依法吊销其执业资格。”第八十八条：“以欺诈、"
            "伪造证明材料或者其他手段骗取社会保险待遇的，……罚款。”\n《社会保险费征缴暂行条例》（国务院令第259号）"
            "第二十八条：“任何单位、个人揶用社会保险基金的，……。”第八十八条：“以欺诈……罚款。”")
    citations = extract_citations(text)
    assert [(c.statute, c.article) for c in citations] == [
        (SSL, 87), (SSL, 88), ("社会保险费征缴暂行条例", 28), ("社会保险费征缴暂行条例", 88)]
    assert citations[3].doc_number == "国务院令第259号" and "follow-on" in citations[3].flags
    assert citations[1].quote.startswith("以欺诈、伪造证明材料") and citations[1].quote.endswith("罚款。")


def test_follow_on_after_a_document_number_only_reference():
    text = "石政规〔2019〕7号第三章第七条新建用人单位应于取得营业执照…；第九条用人单位新增在职职工…"
    assert keys(text) == [("石政规〔2019〕7号", 3, 7, None, None, False),
                          ("石政规〔2019〕7号", None, 9, None, None, False)]


def test_references_inside_the_quote_are_kept_apart():
    text = ("《社会保险费申报缴纳管理规定》第四条：“用人单位应当按月……” 第七条：“用人单位应当向社会保险经办机构如实申报"
            "本规定第四条、第五条所列申报事项。……按照社会保险法第八十六条的规定处理。”")
    citations = extract_citations(text)
    assert [(c.statute, c.article) for c in citations] == [
        ("社会保险费申报缴纳管理规定", 4), ("社会保险费申报缴纳管理规定", 7)]
    references = citations[1].cross_references
    assert [(r.raw, r.statute, r.article) for r in references] == [
        ("本规定第四条、第五条", "社会保险费申报缴纳管理规定", 4),
        ("本规定第四条、第五条", "社会保险费申报缴纳管理规定", 5),
        ("社会保险法第八十六条", "社会保险法", 86)]
    assert all("cross-reference" in r.flags for r in references)


def test_article_inside_an_unclosed_quote_that_starts_a_sentence_is_the_items_own():
    text = ("《中华人民共和国社会保险法》第八条：“社会保险经办机构提供社会保险服务……等工作。"
            "第五十七条用人单位应当自成立"
            "之日起三十日内……注销社会保险登记。”；第五十八条：“用人单位应当自用工之日起……登记。”")
    assert [k[2] for k in keys(text)] == [8, 57, 58]


@pytest.mark.parametrize("text, expected", [
    ("《中华人民共和国社会保险法》第八十七条、第八十八条", [87, 88]),
    ("石人社字（2017）8号文中第三、四、五条全部内容", [3, 4, 5]),
    ("石家庄市人民政府石政规（2019）7号文中第三十七条基本医保统筹基金支付范围；三十八条基本医保统筹基金支付门诊医疗费；"
     "三十九条…；四十条全部内容", [37, 38, 39, 40]),
    ("《社会保险法》第三十七条至第四十条", [37, 38, 39, 40]),
])
def test_lists_and_ranges_give_one_citation_per_article(text, expected):
    assert [k[2] for k in keys(text)] == expected


def test_paragraphs_items_chapters():
    assert keys("《中华人民共和国社会保险法》第七十九条第二款："
                "“社会保险行政部门……”") == [(SSL, None, 79, 2, None, False)]
    assert keys("《医疗保障基金使用监督管理条例》第二十七条第（五）项") == [
        ("医疗保障基金使用监督管理条例", None, 27, None, 5, False)]
    assert keys("《社会救助暂行办法》（国务院令第六49号，自2014年5月1日起施行）第五章第二十七条："
                "“国家建立…”")[0][1:3] == (5, 27)
    chapter_only = extract_citations("2、“财政部、劳动和社会保障部关于印发《社会保险基金财务制度》的通知”"
                                     "（财社字[1999]60号）"
                                     "第四章 基金支付“社会保险待遇支出是指……”")
    assert [(c.statute, c.doc_number, c.chapter, c.article) for c in chapter_only] == [
        ("社会保险基金财务制度", "财社字〔1999〕60号", 4, None)]


def test_document_numbers_are_normalized():
    cited = extract_citations("《社会救助暂行办法》（国务院令第六49号，自2014年5月1日起施行）第二十七条；"
                              "《医疗机构管理条例》（1994年2月26日，国务院令149号）第二条；"
                              "《人力资源社会保障部 财政部关于做好…的通知》（人社部[2016]120号）第三章第八条")
    assert [c.doc_number for c in cited] == ["国务院令第649号", "国务院令第149号", "人社部〔2016〕120号"]


def test_whole_documents_and_annexes():
    text = ("1. 《河北省医疗保障基金监管办法》：全文。\n"
            "2. 石家庄市人力资源和社会保障局《关于城镇职工基本医疗保险有关问题的通知》（石人社字〔2017〕8号）"
            "附件5（全文）\n"
            "3. 《关于对我市两定医药机构分级管理的通知》（宛医保〔2018〕41号）“自2018年9月1日起，……”")
    citations = extract_citations(text)
    assert [(c.statute, c.whole_document, c.annex) for c in citations] == [
        ("河北省医疗保障基金监管办法", True, None),
        ("关于城镇职工基本医疗保险有关问题的通知", True, 5),
        ("关于对我市两定医药机构分级管理的通知", True, None)]
    assert citations[2].quote.startswith("自2018年9月1日起")


def test_numbered_sections_of_a_notice_count_as_articles():
    text = ("《国务院关于试行社会保险基金预算的意见》（国发〔2010〕2号）四：“社会保险基金预算编制和审批：……。” "
            "六、社会保险基金决算，年度终了，……审批。” 3、《甘肃省人民政府关于进一步加强社会保险基金监督管理工作的意见"
            "》"
            "（甘政发〔2012〕64号：“全省社会保险基金预算草案由……审批。”")
    assert keys(text) == [
        ("国务院关于试行社会保险基金预算的意见", None, 4, None, None, False),
        ("国务院关于试行社会保险基金预算的意见", None, 6, None, None, False),
        ("甘肃省人民政府关于进一步加强社会保险基金监督管理工作的意见", None, None, None, None, True)]


def test_level_tags_numbering_html_and_doubled_marks():
    text = ("<p>1. 【法律】《中华人民共和国社会保险法》第七十七条：县级以上……瞒报。 2. 【政府规章】"
            "《河北省基本医疗保险服务"
            "监督管理办法》（河北省人民政府令〔2015〕第12号）第十六条：社会保险行政部门……</p>\n《《中华人民共和国社会保险法》"
            "第一章第四条中华人民共和国境内的用人单位……")
    citations = extract_citations(text)
    assert [(c.level, c.statute, c.chapter, c.article) for c in citations] == [
        ("法律", SSL, None, 77), ("政府规章", "河北省基本医疗保险服务监督管理办法", None, 16), (None, SSL, 1, 4)]


def test_a_label_in_brackets_is_not_a_level():
    text = ("【设定依据】《中华人民共和国社会保险法》第八十七条【实施依据】《医疗保障基金使用监督管理条例》第四十条"
            "【行政法规】《医疗保障基金使用监督管理条例》第四十一条")
    assert [(c.level, c.article) for c in extract_citations(text)] == [(None, 87), (None, 40), ("行政法规", 41)]


def test_notice_title_inside_quotes_gives_the_document_it_issues():
    cited = extract_citations("《甘肃省欺诈骗取医疗保险基金行为举报奖励实施办法（暂行）》的通知（甘医保发〔2019〕35号）"
                              "第一章第二条：“公民、法人……适用本办法。第五条 各统筹地区……工作。第九条 "
                              "省医疗保障局……举报。”")
    assert [(c.statute, c.doc_number, c.article) for c in cited] == [
        ("甘肃省欺诈骗取医疗保险基金行为举报奖励实施办法（暂行）", "甘医保发〔2019〕35号", a) for a in (2, 5, 9)]


def test_a_title_on_its_own_line_introduces_the_article_below():
    text = ("石家庄市医疗保障局等四部门关于印发《石家庄市生育保险和职工基本医疗保险合并实施细则》"
            "的通知（石医保规【2019】1号）\n"
            "第十五条生育津贴待遇。用人单位按时足额缴费……")
    assert keys(text) == [("石家庄市生育保险和职工基本医疗保险合并实施细则", None, 15, None, None, False)]


def test_unreadable_provision_is_kept_with_a_warning():
    citations = extract_citations("《中华人民共和国社会保险法》第十十条")
    assert len(citations) == 1
    assert citations[0].statute == SSL and citations[0].article is None
    assert "parse-warning" in citations[0].flags


def test_spans_index_the_given_text():
    text = "依据：1、《社会保险法》（2010年主席令第35号）第八条规定：“社会保险经办机构……”；第六十四条：“……”"
    for citation in extract_citations(text):
        assert text[citation.span[0]:citation.span[1]] == citation.raw
        assert text[citation.quote_span[0]:citation.quote_span[1]] == citation.quote


def test_ocr_garbage_gives_no_title_from_broken_marks():
    text = "2.《中华人民共和国基本本户程度, 2.《中华人民共和国基本等户。 《医疗,为公行业》(2. 《明年),"
    assert extract_citations(text) == []


def test_version_notes_between_title_and_article_are_skipped():
    assert keys("《中华人民共和国社会保险法》（2018年修正）第八十七条") == [(SSL, None, 87, None, None, False)]
    cited = extract_citations("《社会保险费征缴暂行条例》（国务院令第259号）（2019年修订）第八条")
    assert [(c.doc_number, c.article) for c in cited] == [("国务院令第259号", 8)]


def test_item_lists_in_parentheses():
    assert [(k[2], k[3], k[4]) for k in keys("《医疗保障基金使用监督管理条例》第三十八条第一款第（一）、（三）项")] == [
        (38, 1, 1), (38, 1, 3)]


def test_title_whose_closing_mark_was_lost_before_its_document_number():
    text = ("《人力资源社会保障部参政部关于做好基本医疗跨省异地就医住院医疗费用直接结算工作的通知（人社部发〔2016〕120"
            "号）"
            "附件；基本医疗保险跨省异地就医住院医疗费用直接结算经办规程（试行）第七条：参加基本医疗保险的下列人员…；"
            "第八条：参保地经办机构按规定及时为参保人员办理登记备案手续……")
    cited = extract_citations(text)
    title = "人力资源社会保障部参政部关于做好基本医疗跨省异地就医住院医疗费用直接结算工作的通知"
    # the document's own whole-document mention is refined by its two articles: one citation each
    assert [(c.statute, c.doc_number, c.article) for c in cited] == [
        (title, "人社部发〔2016〕120号", 7), (title, "人社部发〔2016〕120号", 8)]


def test_a_title_in_a_new_sentence_of_a_quote_stays_a_reference():
    text = ("《社会保险费申报缴纳管理规定》第七条：“用人单位应当如实申报。依照《中华人民共和国社会保险法》"
            "第八十六条的规定处理。”")
    [citation] = extract_citations(text)
    assert [(r.statute, r.article) for r in citation.cross_references] == [(SSL, 86)]


def test_issuer_and_annex_before_a_title_start_new_citations():
    text = ("1. 人力资源社会保障部办公厅《关于印发流动就业人员基本医疗保险关系转移接续业务经办规程的通知》"
            "（人社厅发〔2016〕94号）"
            "（全文） 2. 石家庄市人民政府《关于印发石家庄市城镇职工基本医疗保险实施办法的通知》（石政规〔2019〕7号）"
            "附件2"
            "《石家庄城镇职工大病保险实施办法》第四条")
    assert [(c.statute, c.article) for c in extract_citations(text)] == [
        ("关于印发流动就业人员基本医疗保险关系转移接续业务经办规程的通知", None),
        ("关于印发石家庄市城镇职工基本医疗保险实施办法的通知", None),
        ("石家庄城镇职工大病保险实施办法", 4)]


@pytest.mark.parametrize("text, expected", [
    ("《社会保险法》第五十二条、五十三条", [("社会保险法", 52), ("社会保险法", 53)]),
    ("《社会保险法》第三十七条至三十九条", [("社会保险法", 37), ("社会保险法", 38), ("社会保险法", 39)]),
    ("“中华人民共和国社会保险法”第八十七条：“社会保险经办机构……”", [(SSL, 87)]),
    ("〈中华人民共和国社会保险法〉第八条", [(SSL, 8)]),
    ("‹中华人民共和国社会保险法》第八条", [(SSL, 8)]),
])
def test_looser_marks_and_lists_without_di(text, expected):
    assert [(c.statute, c.article) for c in extract_citations(text)] == expected


def test_a_quote_that_never_closes_does_not_hide_the_next_title():
    text = ("《社会保险法》第八条规定：“社会保险经办机构提供社会保险服务……等工作。《医疗保障基金使用监督管理条例》"
            "第十条“医疗保障经办机构……”")
    assert [(c.statute, c.article) for c in extract_citations(text)] == [
        ("社会保险法", 8), ("医疗保障基金使用监督管理条例", 10)]


@pytest.mark.parametrize("text, number, articles", [
    ("国务院令第711号第四十九、五十条", "国务院令第711号", [49, 50]),
    ("2.国务院令第735号第四十条", "国务院令第735号", [40]),
    ("依据人力资源社会保障部令 第13号第五条", "人力资源社会保障部令第13号", [5]),
    ("（人力资源社会保障部令第13号）第五条", "人力资源社会保障部令第13号", [5]),
    ("中华人民共和国人力资源和社会保障部令 第１３号第二十条", "中华人民共和国人力资源和社会保障部令第13号", [20]),
    ("国家医疗保障局第2号令第十条", "国家医疗保障局令第2号", [10]),
])
def test_a_decree_cited_by_its_number_alone_is_the_statute(text, number, articles):
    cited = extract_citations(text)
    assert [(c.statute, c.doc_number, c.article) for c in cited] == [(number, number, a) for a in articles]
    assert not any("no-statute" in c.flags for c in cited)


def test_a_follow_on_after_a_decree_number_belongs_to_that_decree():
    cited = extract_citations("国务院令第711号第四十九条：“…”第五十条：“…”")
    assert [(c.statute, c.article) for c in cited] == [("国务院令第711号", 49), ("国务院令第711号", 50)]


def test_a_decree_inside_a_quote_is_a_reference_not_the_items_basis():
    [citation] = extract_citations("《社会保险法》第八条：“依照国务院令第259号第十条处理。”")
    assert [(r.statute, r.article) for r in citation.cross_references] == [("国务院令第259号", 10)]


# Gold convention (../shared/gold, e.g. 000 line 658, 004 line 52): `statute` is the text inside the
# outermost 《》. A notice written in 《》 keeps its full title even when it 印发s a 〈Y〉 or <Y>;
# only a notice written outside the marks, X关于印发《Y》的通知, cites Y. The statutes stage reads
# Y out of a full title (kg/statutes/normalize.py) when it looks the document up.
@pytest.mark.parametrize("text, statute, doc_number, article", [
    ("《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
     "(国办公开办函〔2021〕30号)",
     "国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知",
     "国办公开办函〔2021〕30号", None),
    ("《县委办公室 县政府办公室关于印发〈中共宝丰县纪律检查委员会宝丰县监察委员会机关职能配置内设机构和人员编制规定〉"
     "等26个部门“三定规定”的通知》（宝办〔2019〕36号）第四条：“（二）组织拟订…”",
     "县委办公室 县政府办公室关于印发〈中共宝丰县纪律检查委员会宝丰县监察委员会机关职能配置内设机构和人员编制规定〉"
     "等26个部门“三定规定”的通知", "宝办〔2019〕36号", 4),
    ("《实施〈中华人民共和国社会保险法〉若干规定》(中华人民共和国人力资源和社会保障部令 第13号) 第二十条",
     "实施〈中华人民共和国社会保险法〉若干规定", "中华人民共和国人力资源和社会保障部令第13号", 20),
    ("石家庄市医疗保障局等四部门关于印发《石家庄市生育保险和职工基本医疗保险合并实施细则》的通知（石医保规【2019】1号）第十五条",
     "石家庄市生育保险和职工基本医疗保险合并实施细则", "石医保规〔2019〕1号", 15),
])
def test_promulgating_notices_follow_the_gold_convention(text, statute, doc_number, article):
    [citation] = extract_citations(text)
    assert (citation.statute, citation.doc_number, citation.article) == (statute, doc_number, article)
    assert citation.whole_document is (article is None)


CHONGQING = "《重庆市骗取社会保险基金处理办法》(渝府令第231号)"


def test_an_unquoted_article_runs_to_the_next_numbered_citation_and_keeps_its_items():
    text = (f"1.{CHONGQING}第十五条 有下列行为之一的,…对有第(一)项、第(二)项规定情形的,个人处500元以上1000元以下的罚款:"
            "(一)…;(二)…。2.《重庆市骗取社会保险基金处理办法》第十三条 骗取社会保险待遇的…")
    first, second = extract_citations(text)
    assert (first.statute, first.doc_number, first.article) == ("重庆市骗取社会保险基金处理办法", "渝府令第231号", 15)
    assert first.quote == ("有下列行为之一的,…对有第(一)项、第(二)项规定情形的,个人处500元以上1000元以下的罚款:(一)…;"
                           "(二)…。")
    assert [(r.article, r.item) for r in first.cross_references] == [(None, 1), (None, 2)]
    assert (second.statute, second.article, second.flags) == ("重庆市骗取社会保险基金处理办法", 13, [])
    assert second.quote == "骗取社会保险待遇的…"


@pytest.mark.parametrize("separator", ["\n", "\n<p>", "\n  "])
def test_an_unquoted_article_goes_on_over_lines_that_continue_its_items(separator):
    text = (f"1.{CHONGQING}第十五条 有下列行为之一的,…罚款:{separator}（一）伪造材料的;{separator}"
            f"(二)冒领待遇，依照本办法第三条处理的。\n2、{CHONGQING}第十三条 骗取…\n备注：无")
    first, second = extract_citations(text)
    assert first.quote.startswith("有下列行为之一的") and first.quote.endswith("依照本办法第三条处理的。")
    assert [(r.statute, r.article) for r in first.cross_references] == [("重庆市骗取社会保险基金处理办法", 3)]
    assert second.article == 13 and second.quote == "骗取…"


def test_an_unquoted_article_stops_at_a_line_that_does_not_continue_it():
    text = f"{CHONGQING}第十五条 有下列行为之一的,…罚款。\n注：2019年起施行"
    [citation] = extract_citations(text)
    assert citation.quote == "有下列行为之一的,…罚款。"


@pytest.mark.parametrize("boundary", ["2.", "2、", "；", "；2. "])
def test_a_titled_citation_after_an_unquoted_article_starts_a_new_entry(boundary):
    text = f"{CHONGQING}第十五条 有下列行为之一的,…罚款{boundary}《中华人民共和国社会保险法》第八十八条 以欺诈…"
    first, second = extract_citations(text)
    assert first.quote == "有下列行为之一的,…罚款" and first.cross_references == []
    assert (second.statute, second.article, second.quote) == (SSL, 88, "以欺诈…")


def test_a_repeated_text_is_read_once_and_handed_out_as_independent_copies():
    text = "《中华人民共和国社会保险法》第八十七条：“…依照本法第八十六条…”第八十八条：“…”"
    first = extract_citations(text)
    first[0].flags.append("changed-by-a-caller")
    first[0].cross_references[0].article = 1
    first[1].statute = "另一部法"
    again = extract_citations(text)
    assert [(c.statute, c.article, c.flags) for c in again] == [(SSL, 87, []), (SSL, 88, ["follow-on"])]
    assert again[0].cross_references[0].article == 86


@pytest.mark.parametrize("text, article", [
    ("《中华人民共和国社会保险法》第七十 七条。", 77),          # a space the PDF's layout left inside
    ("《医疗保障基金使用监督管理条例》第3 0条。", 30),
    ("《医保基金使用监督管理条例》第４　３条。", 43),
])
def test_a_stray_space_inside_an_article_number(text, article):
    assert [(c.article, c.whole_document) for c in extract_citations(text)] == [(article, False)]


def test_a_stray_space_in_a_notice_title_keeps_it_a_document():
    text = ("《国家医疗保障局办公室 财政部办公厅关于印发〈欺诈骗取医疗保障基金行为举报奖励暂行办法〉的通 知》"
            "(医保办发〔2018〕22号)第三条。")
    [citation] = extract_citations(text)
    assert (citation.doc_number, citation.article, citation.flags) == ("医保办发〔2018〕22号", 3, [])


@pytest.mark.parametrize("text, statute, articles", [
    ("《中华人民共和国社会保险法》第八十七条；该法第八十八条", "中华人民共和国社会保险法", [87, 88]),
    ("《社会保险法》第八十七条，同法第八十八条", "社会保险法", [87, 88]),
    ("《医疗保障基金使用监督管理条例》第四十条、上述条例第四十一条", "医疗保障基金使用监督管理条例", [40, 41]),
    # the document cited just before, not the first one
    ("《社会保险法》第八十七条；《医疗保障基金使用监督管理条例》第四十条；该条例第四十一条",
     None, [87, 40, 41]),
])
def test_an_anaphoric_title_cites_the_document_named_just_before(text, statute, articles):
    citations = extract_citations(text)
    assert [c.article for c in citations] == articles
    assert citations[-1].statute == (statute or citations[-2].statute) and "follow-on" in citations[-1].flags


def test_an_anaphoric_title_inside_a_quote_is_a_reference_and_a_law_ending_in_it_is_not_one():
    [citation] = extract_citations("依据《社会保险法》第八十七条：“……依照该法第八十六条处罚。”")
    assert [(r.statute, r.article) for r in citation.cross_references] == [("社会保险法", 86)]
    [contract] = extract_citations("《合同法》第五十二条")       # 合同法 ends in 同法 but names a law
    assert (contract.statute, contract.article, contract.flags) == ("合同法", 52, [])


def test_an_abbreviation_defined_in_the_text_stands_for_the_full_title():
    """（以下简称《条例》） defines 《条例》 for the rest of the text: the title stays as written, and
    `short_for` names the document the registry is asked for."""
    text = ("《医疗保障基金使用监督管理条例》（以下简称《条例》）第四十条；《条例》第四十一条\n"
            "《中华人民共和国社会保险法》（以下简称“社保法”）第八十七条")
    citations = extract_citations(text)
    assert [(c.statute, c.short_for, c.article) for c in citations] == [
        ("医疗保障基金使用监督管理条例", None, 40),
        ("条例", "医疗保障基金使用监督管理条例", 41),
        (SSL, None, 87)]
    assert [c.title_to_look_up for c in citations] == ["医疗保障基金使用监督管理条例"] * 2 + [SSL]
    # an abbreviation is the text's own: another text's 《条例》 is a title like any other
    [other] = extract_citations("《条例》第四十一条")
    assert (other.statute, other.short_for) == ("条例", None)
