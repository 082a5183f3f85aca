"""`kg impact` on the five real lists: exactly the items whose cited articles changed.

Expected results read by hand from the lists' basis columns (实施依据/设定依据) and the statute
texts: among the five lists only the 天水市医保局 list cites articles that later changed —
社会保险法第六十四条 (item 4163) and 第五十七条 (item 4165), both rewritten by the 2018 修正, and
医疗机构管理条例第三十六条 (item 4167), renumbered 第三十五条 by the 2022 修订. 行政处罚法 appears
only in the 北关 list's 追责形式 (accountability) column, never in a basis, and 行政复议法 nowhere.
"""

from __future__ import annotations

import pytest

from kg.impact.affected import CitedProvision, check_impact, cited_in_documents
from kg.impact.align import amendment_by_alignment
from kg.impact.records import MODIFIED, RENUMBERED, RENUMBERED_MODIFIED, REPEALED, UNCHANGED
from kg.ingest.read import read_list
from kg.paths import LISTS
from kg.pipeline import cite_document
from kg.statutes import load_registry

TIANSHUI = "tianshui-city-ybj.txt"


@pytest.fixture(scope="session")
def seed_documents():
    registry = load_registry()
    return [cite_document(read_list(path), registry) for path in sorted(LISTS.glob("*.txt"))]


def _impact(documents, statute_id: str, old: str, new: str):
    statute = load_registry().get(statute_id)
    amendment = amendment_by_alignment(statute, statute.version(old), statute.version(new))
    return check_impact(cited_in_documents(documents, statute_id), amendment, statute)


def _summary(entries):
    return {(e.source.rsplit("/", 1)[-1], e.seq, e.citation, e.old, e.new, e.change) for e in entries}


# every statute of ../shared/statutes with two or more versions (manifest amendment_pairs)
EXPECTED_AFFECTED = {
    ("social-insurance-law", "2010", "2018"): {
        (TIANSHUI, "4163", "第六十四条", "64", "64", MODIFIED),
        (TIANSHUI, "4165", "第五十七条", "57", "57", MODIFIED),
    },
    ("medical-institution-regulation", "2016", "2022"): {
        (TIANSHUI, "4167", "第三十六条", "36", "35", RENUMBERED),
    },
    ("labour-law", "2009", "2018"): set(),
    ("administrative-penalty-law", "2017", "2021"): set(),
    ("administrative-reconsideration-law", "2017", "2023"): set(),
}


@pytest.mark.parametrize("amendment", EXPECTED_AFFECTED)
def test_exactly_the_items_whose_cited_articles_changed(seed_documents, amendment):
    impact = _impact(seed_documents, *amendment)
    assert _summary(impact.affected) == EXPECTED_AFFECTED[amendment]
    assert impact.unmatched == []


def test_unchanged_citations_are_listed_as_checked(seed_documents):
    impact = _impact(seed_documents, "social-insurance-law", "2010", "2018")
    unchanged = _summary(impact.unchanged)
    # 天水 4163 also cites 第八条 and 第七十三条; 宝丰 cites 第七十九条第二款 (a 款)
    assert (TIANSHUI, "4163", "第七十三条", "73", "73", UNCHANGED) in unchanged
    assert any(source == "baofeng-county-ybj.txt" and old == "79.2" and new == "79.2"
               for source, _, _, old, new, _ in unchanged)
    assert len(impact.unchanged) > 30
    labour = _impact(seed_documents, "labour-law", "2009", "2018")
    assert {(s, old) for s, _, _, old, _, _ in _summary(labour.unchanged)} == {
        ("baofeng-county-ybj.txt", "70"), ("baofeng-county-ybj.txt", "73"), (TIANSHUI, "70")}
    regulation = _impact(seed_documents, "medical-institution-regulation", "2016", "2022")
    assert {old for *_, old, _, _ in _summary(regulation.unchanged)} == {"2", "5"}


def test_the_text_difference_is_carried(seed_documents):
    impact = _impact(seed_documents, "social-insurance-law", "2010", "2018")
    item_4165 = next(e for e in impact.affected if e.seq == "4165")
    assert "工商行政管理部门" in item_4165.old_text and "市场监督管理部门" in item_4165.new_text
    assert item_4165.agency == "天水市医保局" and item_4165.name == "参保单位参加医疗保障登记及缴费基数核定"


def _provision(article, paragraph=None, item=None, list_date=None, raw="第X条"):
    return CitedProvision("list.txt", "某局", "1", "事项", raw, article, paragraph, item, (1, 1), list_date)


@pytest.fixture(scope="session")
def social_insurance():
    statute = load_registry().get("social-insurance-law")
    return statute, amendment_by_alignment(statute, statute.version("2010"), statute.version("2018"))


def test_a_paragraph_is_judged_on_its_own_text(social_insurance):
    statute, amendment = social_insurance
    # 2018 changed only the third 款 of 第五十七条 (工商行政管理部门 → 市场监督管理部门)
    impact = check_impact([_provision(57, 1), _provision(57, 3), _provision(57)], amendment, statute)
    assert [(e.old, e.new, e.change) for e in impact.unchanged] == [("57.1", "57.1", UNCHANGED)]
    assert [(e.old, e.new, e.change) for e in impact.affected] == [
        ("57.3", "57.3", MODIFIED), ("57", "57", MODIFIED)]


def test_a_list_dated_after_the_amendment_already_cites_the_new_version(social_insurance):
    statute, amendment = social_insurance
    impact = check_impact([_provision(64, list_date="2019-06-30")], amendment, statute)
    assert impact.affected == [] and impact.unchanged[0].note.startswith("清单日期 2019-06-30")


def test_whole_document_and_missing_articles_are_set_apart_for_review(social_insurance):
    statute, amendment = social_insurance
    impact = check_impact([_provision(None), _provision(120)], amendment, statute)
    assert impact.affected == impact.unchanged == []
    assert [e.old for e in impact.unmatched] == [None, "120"]


def test_penalty_law_citations_follow_the_renumbering():
    statute = load_registry().get("administrative-penalty-law")
    amendment = amendment_by_alignment(statute, statute.version("2017"), statute.version("2021"))
    cited = [_provision(18), _provision(37), _provision(37, 2), _provision(64), _provision(2)]
    impact = check_impact(cited, amendment, statute)
    verdicts = {e.old: (e.new, e.change) for e in impact.affected + impact.unchanged}
    assert verdicts["18"] == ("20", RENUMBERED_MODIFIED)      # 委托
    assert verdicts["37"] == ("55,56", RENUMBERED_MODIFIED)   # split
    assert verdicts["37.2"][0].startswith("56.")               # 抽样取证、先行登记保存 → 第五十六条
    assert verdicts["64"] == (None, REPEALED)
    assert verdicts["2"] == ("3", RENUMBERED)


def test_an_item_is_judged_on_its_own_text():
    statute = load_registry().get("administrative-penalty-law")
    amendment = amendment_by_alignment(statute, statute.version("2017"), statute.version("2021"))
    # 第八条第（一）项 警告 → 第九条第（一）项 警告、通报批评; 第（七）项 其他 → 第（六）项, same words
    impact = check_impact([_provision(8, item=1), _provision(8, item=7)], amendment, statute)
    verdicts = {e.old: (e.new, e.change, e.new_text) for e in impact.affected + impact.unchanged}
    assert verdicts["8(1)"] == ("9(1)", RENUMBERED_MODIFIED, "警告、通报批评；")
    assert verdicts["8(7)"] == ("9(6)", RENUMBERED, "法律、行政法规规定的其他行政处罚。")
