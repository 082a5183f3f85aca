"""Article alignment of real statute versions (../shared/statutes via data/statutes) and its properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.impact.align import align, amendment_by_alignment, version_paragraphs
from kg.impact.records import INSERTED, MODIFIED, RENUMBERED, RENUMBERED_MODIFIED, REPEALED, UNCHANGED
from kg.statutes import load_registry


def _amendment(statute_id: str, old: str, new: str):
    statute = load_registry().get(statute_id)
    return amendment_by_alignment(statute, statute.version(old), statute.version(new))


@pytest.fixture(scope="session")
def penalty_law():
    """行政处罚法 2017 → 2021: a full revision, 64 → 86 articles, most renumbered."""
    return _amendment("administrative-penalty-law", "2017", "2021")


@pytest.mark.parametrize("old, new, kind", [
    (18, (20,), RENUMBERED_MODIFIED),   # 委托: the article the 北关 list cites as 第二十条
    (19, (21,), RENUMBERED_MODIFIED),   # 受委托组织的条件
    (2, (3,), RENUMBERED),              # 行政处罚的设定和实施，适用本法。 word for word
    (9, (10,), RENUMBERED),
    (36, (54,), RENUMBERED_MODIFIED),   # 立案调查; its cross-reference 第三十三条 became 第五十一条
    (37, (55, 56), RENUMBERED_MODIFIED),  # 调查检查 split: 出示执法证件 / 抽样取证、先行登记保存
    (33, (51, 53), RENUMBERED_MODIFIED),  # 当场处罚 split: 条件 / 当场决定的履行
    (38, (57, 58), RENUMBERED_MODIFIED),  # 调查终结后的决定; its 法制审核 paragraph grew into 第五十八条
    (42, (64,), RENUMBERED_MODIFIED),   # 听证程序
    (55, (76,), RENUMBERED_MODIFIED),   # 上级机关责令改正 (违反委托规定 …)
    (21, (25,), RENUMBERED_MODIFIED),   # 管辖争议, folded into the new 管辖 article
    (64, (), REPEALED),                 # 本法自1996年10月1日起施行
])
def test_penalty_law_articles_the_lists_rely_on_get_their_new_numbers(penalty_law, old, new, kind):
    change = penalty_law.change_of(old)
    assert (change.new, change.kind) == (new, kind)


def test_penalty_law_merge_and_insertions(penalty_law):
    # 第四十四条 (履行) and 第五十二条 (分期缴纳) became the two paragraphs of the new 第六十六条
    assert penalty_law.change_of(52).new == (66,)
    assert penalty_law.change_of(52).merged_with == (44,)
    inserted = {c.new[0] for c in penalty_law.changes if c.kind == INSERTED}
    assert {2, 15, 37, 38, 85, 86} <= inserted      # e.g. 定义, 从旧兼从轻, 工作日, 施行日期
    every_new = {n for c in penalty_law.changes for n in c.new}
    assert every_new == set(range(1, 87))           # each new article accounted for


@pytest.mark.parametrize("statute_id, old, new, changed", [
    ("social-insurance-law", "2010", "2018", {57, 64, 66}),
    ("labour-law", "2009", "2018", {15, 69, 94}),
])
def test_amendments_without_renumbering_change_exactly_the_amended_articles(statute_id, old, new, changed):
    amendment = _amendment(statute_id, old, new)
    assert {c.old for c in amendment.changes if c.kind != UNCHANGED} == changed
    assert all(c.kind == MODIFIED and c.new == (c.old,) for c in amendment.changes if c.old in changed)


def test_medical_institution_regulation_2022_renumbers_after_the_repealed_article():
    amendment = _amendment("medical-institution-regulation", "2016", "2022")
    assert amendment.change_of(2).kind == UNCHANGED
    assert amendment.change_of(5).kind == UNCHANGED
    assert amendment.change_of(14).kind == REPEALED           # 内部职工服务的门诊部 … 备案
    assert (amendment.change_of(36).new, amendment.change_of(36).kind) == ((35,), RENUMBERED)
    assert amendment.change_of(33).new == (32,)                # 手术同意, rewritten in place
    assert amendment.change_of(54).kind == REPEALED            # 本条例由…负责解释


def test_cross_reference_renumbering_alone_is_a_modification():
    old = {1: ["甲机关应当依照本法第三条的规定办理登记并公告结果。"], 2: ["乙"], 3: ["丙机关负责登记。"]}
    new = {1: ["甲机关应当依照本法第四条的规定办理登记并公告结果。"], 2: ["乙"], 3: ["新增条文内容完全不同的一条。"],
           4: ["丙机关负责登记。"]}
    changes = {c.old: c for c in align(old, new)}
    assert (changes[1].new, changes[1].kind) == ((1,), MODIFIED)
    assert (changes[3].new, changes[3].kind) == ((4,), RENUMBERED)


@pytest.fixture(scope="session")
def article_texts() -> list[list[str]]:
    """Distinct real articles to build synthetic versions from."""
    statute = load_registry().get("social-insurance-law")
    return list(version_paragraphs(statute.version("2018")).values())


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_insertions_and_deletions_renumber_the_rest_in_order(article_texts, data):
    pool = article_texts
    kept = data.draw(st.lists(st.integers(0, 59), min_size=5, max_size=30, unique=True), label="kept")
    kept.sort()
    deleted = data.draw(st.sets(st.sampled_from(kept), max_size=3), label="deleted")
    inserted = data.draw(st.lists(st.integers(60, len(pool) - 1), max_size=4, unique=True), label="inserted")
    old = {number: pool[index] for number, index in enumerate(kept, start=1)}
    new_order = [index for index in kept if index not in deleted]
    for index in inserted:
        new_order.insert(data.draw(st.integers(0, len(new_order)), label="at"), index)
    new = {number: pool[index] for number, index in enumerate(new_order, start=1)}
    number_in_new = {index: number for number, index in new.items() for index in [new_order[number - 1]]}

    changes = {c.old: c for c in align(old, new) if c.old is not None}
    inserted_numbers = {number_in_new[index] for index in inserted}
    for number, index in enumerate(kept, start=1):
        if index in deleted:
            # repealed — or, when an inserted article took its place between the same neighbours,
            # read as rewritten in place (rule 3): either way reported as affected
            change = changes[number]
            assert change.kind == REPEALED or (
                change.kind in (MODIFIED, RENUMBERED_MODIFIED) and set(change.new) <= inserted_numbers)
        else:
            expected = number_in_new[index]
            assert changes[number].new == (expected,)
            assert changes[number].kind == (UNCHANGED if expected == number else RENUMBERED)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text(alphabet="法规机关应当依照本条例规定的行政处罚罚款元以上下", min_size=1, max_size=40),
                min_size=1, max_size=12))
def test_a_version_aligned_with_itself_is_unchanged(texts):
    version = {number: [text] for number, text in enumerate(texts, start=1)}
    changes = align(version, version)
    assert [(c.old, c.new) for c in changes] == [(n, (n,)) for n in version]
    assert all(c.kind == UNCHANGED for c in changes)
