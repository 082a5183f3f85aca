"""Statute texts: every shipped version parses into articles 1..N, 款 and 项 split as printed."""

from __future__ import annotations

import hashlib

import cn2an
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.statutes import load_registry
from kg.statutes.parse_text import parse_statute_text

# articles per version, as counted in ../shared/statutes/manifest.yaml
ARTICLE_COUNTS = {
    "social-insurance-law@2010-10-28": 98,
    "social-insurance-law@2018-12-29": 98,
    "administrative-penalty-law@2017-09-01": 64,
    "administrative-penalty-law@2021-01-22": 86,
    "labour-law@2009-08-27": 107,
    "labour-law@2018-12-29": 107,
    "price-law@1997-12-29": 48,
    "basic-healthcare-law@2019-12-28": 110,
    "administrative-coercion-law@2011-06-30": 71,
    "administrative-licensing-law@2019-04-23": 83,
    "administrative-reconsideration-law@2017-09-01": 43,
    "administrative-reconsideration-law@2023-09-01": 90,
    "drug-administration-law@2019-08-26": 155,
    "social-assistance-law@2026-04-30": 78,
    "medical-security-fund-regulation@2021-01-15": 50,
    "social-insurance-contribution-regulation@2019-03-24": 31,
    "social-assistance-interim-measures@2019-03-02": 70,
    "medical-institution-regulation@2016-02-06": 55,
    "medical-institution-regulation@2022-03-29": 53,
    "social-insurance-handling-regulation@2023-08-16": 63,
    "government-information-disclosure-regulation@2019-04-03": 56,
}


@pytest.fixture(scope="session")
def registry():
    return load_registry()


def _text_versions(registry):
    """The versions whose text is a file of data/statutes/texts (not the compact corpus)."""
    return {v.id: v for s in registry.statutes.values() for v in s.versions if v.text_path is not None}


def test_every_shipped_text_is_counted(registry):
    assert set(_text_versions(registry)) == set(ARTICLE_COUNTS)


@pytest.mark.parametrize("version_id", sorted(ARTICLE_COUNTS))
def test_articles_numbered_without_gaps(registry, version_id):
    version = _text_versions(registry)[version_id]
    articles = version.articles
    assert list(articles) == list(range(1, ARTICLE_COUNTS[version_id] + 1))
    assert version.text.title == registry.statutes[version.statute_id].title
    for article in articles.values():
        assert article.text and article.paragraphs
        for paragraph in article.paragraphs:
            assert [i.number for i in paragraph.items] == list(range(1, len(paragraph.items) + 1))


def test_social_insurance_law_article_87(registry):
    article = registry.article("social-insurance-law", 87)
    assert article.text.startswith("社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构以欺诈")
    assert article.text.endswith("依法吊销其执业资格。")
    assert "处骗取金额二倍以上五倍以下的罚款" in article.text
    assert len(article.paragraphs) == 1 and article.paragraphs[0].items == ()
    assert article.chapter == 11
    chapter = registry.statutes["social-insurance-law"].current.chapters[11]
    assert chapter.title == "法律责任" and chapter.articles[0] == 84 and 87 in chapter.articles


def test_multi_paragraph_article(registry):
    article = registry.article("social-insurance-law", 4)
    assert [p.number for p in article.paragraphs] == [1, 2]
    assert article.paragraph(2).text == "个人依法享受社会保险待遇，有权监督本单位为其缴费情况。"
    assert article.paragraph(3) is None


def test_fund_regulation_article_38_items(registry):
    article = registry.article("medical-security-fund-regulation", 38)
    paragraph = article.paragraph(1)
    assert paragraph.text.startswith("定点医药机构有下列情形之一的，由医疗保障行政部门责令改正")
    assert [i.number for i in paragraph.items] == list(range(1, 8))
    assert paragraph.item(1).text == "分解住院、挂床住院；"
    assert paragraph.item(3).text == "重复收费、超标准收费、分解项目收费；"
    assert "（一）分解住院、挂床住院；" in paragraph.text
    assert paragraph.item(8) is None


def test_items_belong_to_their_paragraph(registry):
    article = registry.article("medical-security-fund-regulation", 40)
    assert [len(p.items) for p in article.paragraphs] == [4, 0]
    assert article.paragraph(2).text.startswith("定点医药机构以骗取医疗保障基金为目的")


def test_sub_items_stay_in_their_item(registry):
    article = registry.article("administrative-reconsideration-law", 28, version="2017-09-01")
    third = article.paragraph(1).item(3)
    assert third.text.splitlines()[1:] == [
        "1.主要事实不清、证据不足的；", "2.适用依据错误的；", "3.违反法定程序的；",
        "4.超越或者滥用职权的；", "5.具体行政行为明显不当的。"]
    assert article.paragraph(1).item(4).text.startswith("被申请人不按照本法第二十三条的规定")
    assert len(article.paragraphs) == 2


def test_sections_within_chapters(registry):
    article = registry.article("administrative-penalty-law", 51, version="2021")
    assert (article.chapter, article.section) == (5, 2)   # 第五章 行政处罚的决定, 第二节 简易程序
    assert registry.article("administrative-penalty-law", 1).section is None


def test_amendment_changes_only_the_amended_articles(registry):
    statute = registry.statutes["social-insurance-law"]
    old, new = statute.version("2010").articles, statute.current.articles
    assert [n for n in old if old[n].text != new[n].text] == [57, 64, 66]


# ---- parser on synthetic texts -----------------------------------------------------------------

def test_gap_in_numbering_is_reported_with_line():
    text = "# 测试法\n\n第一条 甲。\n\n第三条 乙。\n"
    with pytest.raises(InputError) as error:
        parse_statute_text(text, "x.md")
    assert error.value.line == 5 and "第3条" in error.value.reason and error.value.path == "x.md"


def test_missing_title_and_empty_body_are_errors():
    with pytest.raises(InputError):
        parse_statute_text("第一条 甲。\n", "x.md")
    with pytest.raises(InputError):
        parse_statute_text("# 测试法\n\n公布说明\n", "x.md")


_SENTENCE = st.text(alphabet="甲乙丙丁戊己庚辛壬癸罚款责令改正，", min_size=1, max_size=12).map(lambda s: s + "。")


@st.composite
def _statutes(draw):
    """A random statute: chapters of articles, each with 款 and 项, plus its markdown rendering."""
    chapters = draw(st.lists(st.lists(st.lists(st.tuples(_SENTENCE, st.lists(_SENTENCE, max_size=4)),
                                               min_size=1, max_size=3),
                                      min_size=1, max_size=4), min_size=1, max_size=3))
    lines, number = ["# 测试法", "", "2020年1月1日 公布", ""], 0
    for chapter_number, articles in enumerate(chapters, start=1):
        lines += [f"第{cn2an.an2cn(chapter_number)}章 总则", ""]
        for paragraphs in articles:
            number += 1
            for index, (lead, items) in enumerate(paragraphs):
                prefix = f"第{cn2an.an2cn(number)}条 " if index == 0 else ""
                lines += [prefix + lead, ""]
                lines += [line for i, item in enumerate(items, 1)
                          for line in (f"（{cn2an.an2cn(i)}）{item}", "")]
    return chapters, "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(_statutes())
def test_parser_recovers_structure(generated):
    chapters, text = generated
    parsed = parse_statute_text(text)
    expected = [(c, a) for c, articles in enumerate(chapters, 1) for a in articles]
    assert len(parsed.articles) == len(expected)
    for (chapter, paragraphs), article in zip(expected, parsed.articles.values(), strict=False):
        assert article.chapter == chapter
        assert [p.text.splitlines()[0] for p in article.paragraphs] == [lead for lead, _ in paragraphs]
        assert [[i.text for i in p.items] for p in article.paragraphs] == [items for _, items in paragraphs]
    assert parsed.notes == ("2020年1月1日 公布",)


def test_texts_are_the_sources_unedited(registry):
    """Every shipped text is referenced by the registry and has the checksum its manifest records."""
    texts = registry.root / "texts"
    manifest = yaml.safe_load((texts / "manifest.yaml").read_text(encoding="utf-8"))
    recorded = {entry["file"]: entry["sha256"] for entry in manifest["files"]}
    referenced = {v.text_path.relative_to(texts).as_posix() for v in _text_versions(registry).values()}
    assert referenced == set(recorded) == {p.relative_to(texts).as_posix() for p in texts.glob("*/*.md")}
    for name, checksum in recorded.items():
        assert hashlib.sha256((texts / name).read_bytes()).hexdigest() == checksum, name
