"""Registry loading and resolution of cited titles / document numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cite.extract import extract_citations
from kg.cite.records import Citation
from kg.cli import app
from kg.errors import InputError
from kg.paths import LISTS
from kg.statutes import (
    FUZZY_THRESHOLD,
    load_registry,
    normalize_doc_number,
    normalize_title,
    resolve_citations,
)


@pytest.fixture(scope="session")
def registry():
    return load_registry()


# ---- registry ----------------------------------------------------------------------------------

def test_registry_entries_are_complete(registry):
    for statute in registry.statutes.values():
        assert statute.id.isascii() and statute.level and statute.versions, statute.id
        dates = [v.date for v in statute.versions if v.date]
        assert dates == sorted(dates)
    assert registry.statutes["social-insurance-audit-measures"].has_text is False
    assert registry.statutes["social-insurance-audit-measures"].doc_numbers == ["劳动和社会保障部令第16号"]


def test_versions_and_status(registry):
    law = registry.statutes["social-insurance-law"]
    assert law.current.id == "social-insurance-law@2018-12-29" and law.status == "现行有效"
    assert law.version("2010-10-28").status == "已修改"
    assert law.version("social-insurance-law@2010-10-28") is law.version("2010")
    assert law.version("1999") is None
    assert law.version_in_force("2015-06-01").date == "2010-10-28"
    assert law.version_in_force("2019-01-01").date == "2018-12-29"
    assert law.version_in_force("2011-01-01") is None      # promulgated, not yet in force
    penalty = registry.statutes["administrative-penalty-law"]
    assert penalty.version_in_force("2021-03-01").date == "2017-09-01"
    assert registry.article("administrative-penalty-law", 86).number == 86
    assert registry.article("administrative-penalty-law", 86, version="2017") is None
    assert registry.article("social-insurance-audit-measures", 1) is None
    assert registry.article("no-such-statute", 1) is None


def test_load_errors_name_the_file(tmp_path: Path):
    bad = tmp_path / "registry.yaml"
    bad.write_text("statutes:\n- id: x\n  title: 某法\n  level: 宪章\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown level"):
        load_registry(tmp_path)
    bad.write_text("statutes:\n- id: x\n  title: 某法\n  versions:\n  - date: '2020-01-01'\n"
                   "    text: texts/missing.md\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing\.md") as error:
        load_registry(bad)
    assert error.value.path == str(bad)
    bad.write_text("statutes: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid registry"):
        load_registry(bad)


# ---- normalization -----------------------------------------------------------------------------

@pytest.mark.parametrize("written, normal", [
    ("《中华人民共和国社会保险法》", "社会保险法"),
    ("医疗保障基金使用监督管 理条例", "医疗保障基金使用监督管理条例"),
    ("社会保险法（2018年修正）", "社会保险法"),
    ("关于印发&lt;某办法&gt;的通知", "关于印发某办法的通知"),
    ("某办法 （试行）", "某办法(试行)"),
])
def test_normalize_title(written, normal):
    assert normalize_title(written) == normal


@pytest.mark.parametrize("written, normal", [
    ("国务院令259号", "国务院令第259号"),
    ("中华人民共和国国务院令第二百五十九号", "国务院令第259号"),
    ("国务院令第六49号", "国务院令第649号"),
    ("国家医疗保障局第二号令", "国家医疗保障局令第2号"),
    ("2010年主席令第35号", "主席令第35号"),
    ("中华人民共和国主席令第三十五号（十一届）", "主席令第35号"),
    ("豫人社医疗(2016) 18 号", "豫人社医疗〔2016〕18号"),
])
def test_normalize_doc_number(written, normal):
    assert normalize_doc_number(written) == normal


@given(st.sampled_from(["〔{}〕", "[{}]", "({})", "（{}）", "【{}】", "［{}］"]),
       st.integers(1990, 2030), st.integers(1, 999), st.sampled_from(["", " ", "\u3000"]))
def test_doc_number_bracket_styles_meet(brackets, year, number, space):
    written = "医保办发" + brackets.format(year) + space + str(number) + space + "号"
    assert normalize_doc_number(written) == f"医保办发〔{year}〕{number}号"


# ---- resolution --------------------------------------------------------------------------------

@pytest.mark.parametrize("statute, doc_number, statute_id, method", [
    ("中华人民共和国社会保险法", None, "social-insurance-law", "exact"),
    ("社会保险法", None, "social-insurance-law", "alias"),
    ("社保法", None, "social-insurance-law", "alias"),
    ("医保基金条例", None, "medical-security-fund-regulation", "alias"),
    ("政府信息公开条例", None, "government-information-disclosure-regulation", "alias"),
    (None, "国务院令第259号", "social-insurance-contribution-regulation", "doc-number"),
    (None, "中华人民共和国国务院令259号", "social-insurance-contribution-regulation", "doc-number"),
    ("国务院令第735号", None, "medical-security-fund-regulation", "doc-number"),
    ("医疗保障基金使用监督管 理条例", None, "medical-security-fund-regulation", "exact"),
    ("社会保险法（2018年修正）", None, "social-insurance-law", "alias"),
    ("某某", "国家医疗保障局第二号令", "designated-medical-institution-measures", "doc-number"),
    ("国家医疗保障局办公室 财政部办公厅关于印发〈欺诈骗取医疗保障基金行为举报奖励暂行办法〉的通知",
     "医保办发[2018]22号", "fraud-reporting-reward-measures", "alias"),
])
def test_resolves(registry, statute, doc_number, statute_id, method):
    resolution = registry.resolve(statute, doc_number)
    assert (resolution.statute_id, resolution.method, resolution.score) == (statute_id, method, 1.0)


def test_ocr_damaged_title_resolves(registry):
    resolution = registry.resolve("社会,救肋暂行办法", None)     # 助 read as its look-alike 肋
    assert resolution.statute_id == "social-assistance-interim-measures"
    assert resolution.method == "fuzzy"
    assert FUZZY_THRESHOLD / 100 <= resolution.score < 1


def test_a_title_differing_by_more_than_noise_is_only_a_suggestion(registry):
    resolution = registry.resolve("社会,为助暂行办法", None)     # 为 is no look-alike of 救
    assert resolution.statute_id is None
    assert resolution.suggestion == "社会救助暂行办法"


def test_garbage_is_unresolved_without_suggestion(registry):
    resolution = registry.resolve("中华人民共和国基本本户程度", None)
    assert resolution.statute_id is None and resolution.method == "unresolved"
    assert resolution.key == "基本本户程度"
    assert resolution.score < FUZZY_THRESHOLD / 100 and resolution.suggestion is None


def test_fuzzy_refuses_another_place(registry):
    # a local document is not the national one of (almost) the same name, nor another place's
    assert registry.resolve("河南省医疗保障基金使用监督管理条例", None).statute_id is None
    assert registry.resolve("河南省社会保险稽核办法", None).statute_id is None


def test_same_unknown_notice_meets_at_one_key(registry):
    first = registry.resolve("关于印发<南阳市基本医疗保险门诊规定病种定点医院鉴定服务暂行办法>的通知",
                             "宛医保〔2018〕34号")
    second = registry.resolve("关于印发《南阳市基本医疗保险门诊规定病种定点医院鉴定服务暂行办法》的通知",
                              "宛医保[2018] 34 号")
    assert first.statute_id is None and second.statute_id is None
    assert first.key == second.key == "宛医保〔2018〕34号"
    by_title = [registry.resolve("某市关于印发《某某办法》的通知", None),
                registry.resolve("某市关于印发<某某办法>的通知", None),
                registry.resolve("某市关于印发〈某某办法〉的通知", None)]
    assert len({r.key for r in by_title}) == 1


def test_damaged_title_falls_back_to_doc_number(registry):
    resolution = registry.resolve("河南省人力资源和社会 保障庁关于印发河南省基地 医疗保险转诊转院和异地 "
                                  "医管理暂行办法的通知", "豫人社医疗[2016]18号")
    assert (resolution.statute_id, resolution.method) == ("henan-referral-measures-2016", "doc-number")


def test_provincial_order_numbers(registry):
    assert normalize_doc_number("河北省人民政府令2015年第十二号") == "河北省人民政府令〔2015〕第12号"
    resolution = registry.resolve(None, "河北省人民政府令[2015]第12号")
    assert resolution.statute_id == "hebei-medical-insurance-service-supervision-measures"


def test_document_cited_by_number_alone(registry):
    for doc_number in (None, "石政规〔2019〕7号"):
        resolution = registry.resolve("石政规（2019）7号", doc_number)
        assert resolution.statute_id is None and resolution.key == "石政规〔2019〕7号"
        assert resolution.suggestion is None            # no title to compare
    assert registry.resolve("国务院令第735号", "国务院令第735号").method == "doc-number"
    assert registry.resolve(None, None).method == "unresolved"


def test_resolve_citations_fills_ids_and_cross_references(registry):
    inner = Citation(raw="本条例第三十八条", span=(5, 13), statute=None, article=38)
    citations = [
        Citation(raw="《社会保险法》第八十七条", span=(0, 12), statute="社会保险法", article=87),
        Citation(raw="《医疗保障基金使用监督管理条例》第四十条", span=(13, 33),
                 statute="医疗保障基金使用监督管理条例", article=40, cross_references=[inner]),
        Citation(raw="《某县通知》", span=(34, 40), statute="某县通知", whole_document=True),
    ]
    resolved = resolve_citations(citations, registry)
    assert [c.statute_id for c in resolved] == [
        "social-insurance-law", "medical-security-fund-regulation", None]
    assert resolved[0].match_score == 1.0
    assert resolved[1].cross_references[0].statute_id == "medical-security-fund-regulation"
    assert "statute-unresolved" in resolved[2].flags
    assert citations[0].statute_id is None and citations[2].flags == []      # inputs untouched


def test_fuzzy_refuses_a_conflicting_doc_number(registry):
    title = "医疗机构医疗保定点管理暂行办法"        # 障 dropped
    assert registry.resolve(title, None).method == "fuzzy"
    resolution = registry.resolve(title, "豫医保〔2021〕9号")
    assert resolution.statute_id is None and resolution.key == "豫医保〔2021〕9号"


@given(st.data())
def test_known_titles_survive_typographic_noise(registry, data):
    statute = data.draw(st.sampled_from(sorted(registry.statutes.values(), key=lambda s: s.id)))
    chars = list(statute.title)
    for position in sorted(data.draw(st.lists(st.integers(0, len(chars)), max_size=3)), reverse=True):
        chars.insert(position, data.draw(st.sampled_from([" ", "\u3000", "\n"])))
    marks = data.draw(st.sampled_from(["《{}》", "{}", "<{}>", "〈{}〉"]))
    resolution = registry.resolve(marks.format("".join(chars)), None)
    assert (resolution.statute_id, resolution.score) == (statute.id, 1.0)


def test_fuzzy_never_resolves_to_a_sibling_notice(registry):
    # 河南省省直职工…协议管理办法 is in the registry; the province-wide 办法 is another document
    resolution = registry.resolve("河南省基本医疗保险定点医药机构协议管理办法（试行）", None)
    assert resolution.statute_id is None
    assert resolution.suggestion == "河南省省直职工基本医疗保险定点医药机构协议管理办法（试行）"
    assert registry.resolve("医疗卫生与健康促进法", None).statute_id == "basic-healthcare-law"
    assert registry.resolve("医疗机构医疗保障定点管理暂行办法实施细则", None).statute_id is None


@pytest.mark.parametrize("title", ["医疗保障基金使用监督管理条例实施细则", "医保基金使用监督管理条例实施办法",
                                   "社会保险法实施条例"])
def test_a_document_extending_any_name_of_a_statute_is_another_document(registry, title):
    """…条例实施细则 is not the 条例, also when one of the 条例's aliases (医保基金使用监督管理条例),
    not its title, is the closest name."""
    assert registry.resolve(title, None).statute_id is None


def test_an_abbreviation_resolves_to_the_document_it_stands_for(registry):
    text = "《医疗保障基金使用监督管理条例》（以下简称《条例》）第四十条；《条例》第四十一条"
    cited = resolve_citations(extract_citations(text), registry)
    assert [(c.statute, c.statute_id, c.flags) for c in cited] == [
        ("医疗保障基金使用监督管理条例", "medical-security-fund-regulation", []),
        ("条例", "medical-security-fund-regulation", [])]


def test_kg_extract_fills_statute_ids():
    """The extract command resolves every citation of a real list against the registry."""
    result = CliRunner().invoke(app, ["extract", str(LISTS / "tianshui-city-ybj.txt")])
    assert result.exit_code == 0, result.output
    citations = [c for line in result.stdout.splitlines()
                 for c in json.loads(line).get("citations", [])]
    by_title = {c["statute"]: c["statute_id"] for c in citations}
    assert by_title["中华人民共和国社会保险法"] == "social-insurance-law"
    assert all(c["match_score"] is not None for c in citations if c["statute"])
