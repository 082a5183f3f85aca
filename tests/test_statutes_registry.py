"""The national registry: the shipped corpus resolves the documents lists cite, fuzzy matching
never silently names another document, the version a citation means, the converter."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cite.records import Citation
from kg.cli import app
from kg.statutes import load_registry, resolve_citations
from kg.statutes.convert import convert
from kg.statutes.registry import load_registry as load_uncached
from kg.statutes.resolve import is_noise
from kg.statutes.versions import LATEST, LIST_DATE, QUOTE, version_meant

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def registry():
    return load_registry()


# ---- probes against the shipped registry (no ../shared needed) ---------------------------------

@pytest.mark.parametrize("title", ["统计法", "中华人民共和国安全生产法", "《消防法》", "中华人民共和国行政许可法",
                                   "中華人民共和國統計法"])
def test_national_laws_resolve(registry, title):
    resolution = registry.resolve(title)
    assert resolution.method in ("exact", "alias") and registry.get(resolution.statute_id).level == "法律"


def test_a_henan_local_regulation_resolves_with_and_without_province_suffix(registry):
    full = registry.resolve("河南省安全生产条例")
    assert full.statute_id and registry.get(full.statute_id).region == "河南省"
    assert registry.resolve("河南安全生产条例").statute_id == full.statute_id


def test_a_law_that_does_not_exist_is_not_its_neighbour(registry):
    resolution = registry.resolve("中华人民共和国社会保障法")
    assert resolution.statute_id is None
    assert resolution.suggestion == "中华人民共和国社会保险法"


def test_a_typo_is_a_suggestion_not_a_resolution(registry):
    [citation] = resolve_citations([Citation(raw="《社会报险法》第八十六条", span=(0, 12), statute="社会报险法",
                                             article=86)], registry)
    assert citation.statute_id is None
    assert citation.suggestion == "中华人民共和国社会保险法"
    assert {"statute-unresolved", "statute-suggestion"} <= set(citation.flags)
    assert citation.to_json()["suggestion"] == "中华人民共和国社会保险法"


def test_ocr_damage_resolves(registry):
    law = registry.resolve("统计法").statute_id
    assert registry.resolve("中华人民共和国统汁法").statute_id == law            # 计 read as 汁
    assert registry.resolve("中华人民共和国安全生生产法").method == "fuzzy"      # a doubled character


@pytest.mark.parametrize("title, not_this", [
    ("中华人民共和国统计法实施细则", "中华人民共和国统计法实施条例"),        # 实施细则 vs the 条例
    ("北京市安全生产条例", "河南省安全生产条例"),                          # another province's 条例
    ("统计法实施条例实施办法", "中华人民共和国统计法实施条例"),
])
def test_another_document_never_resolves(registry, title, not_this):
    assert registry.resolve(title).statute_id != registry.resolve(not_this).statute_id


def test_a_document_cited_by_number_alone(registry):
    regulation = registry.resolve("中华人民共和国统计法实施条例")
    number = registry.get(regulation.statute_id).doc_numbers[0]
    assert number == "国务院令第681号"
    assert registry.resolve("国务院令第六百八十一号").statute_id == regulation.statute_id


TITLE_CHARS = "中华人民共和国安全生产统计消防社会保险管理条例办法实施细则河南省市"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TITLE_CHARS, min_size=8, max_size=30), st.data())
def test_noise_is_a_doubled_or_look_alike_character_never_another_word(title, data):
    position = data.draw(st.integers(0, len(title) - 1))
    assert is_noise(title[:position + 1] + title[position:], title)            # a character doubled
    other = data.draw(st.sampled_from("的之为和与"))                          # no look-alike of any
    assert not is_noise(title[:position] + other + title[position + 1:], title)
    assert not is_noise(title[:-1], title)                                     # the kind word cut
    assert is_noise(title[:position] + "汁" + title[position + 1:], title[:position] + "计" + title[position + 1:])


# ---- versions ----------------------------------------------------------------------------------

def test_a_quote_selects_the_version_whose_text_it_matches(registry):
    law = registry.get(registry.resolve("统计法").statute_id)
    old, new = law.version("2009"), law.version("2024")
    changed = next(n for n in old.articles if n in new.articles
                   and old.articles[n].text != new.articles[n].text and len(old.articles[n].text) > 40)
    assert version_meant(law, changed, old.articles[changed].text) == (old, QUOTE)
    assert version_meant(law, changed, new.articles[changed].text) == (new, QUOTE)
    assert version_meant(law, changed, None, "2015-01-01") == (old, LIST_DATE)
    assert version_meant(law, changed, None) == (new, LATEST)


def test_jsonl_and_graph_say_which_version(registry, tmp_path):
    law = registry.get(registry.resolve("统计法").statute_id)
    quote = law.version("2009").articles[1].text
    listed = tmp_path / "list.tsv"
    listed.write_text("序号\t事项名称\t职权类别\t实施依据\n"
                      f"1\t统计检查\t行政检查\t《中华人民共和国统计法》第一条：“{quote}”\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["extract", str(listed)])
    assert result.exit_code == 0, result.output
    [cited] = [c for line in result.stdout.splitlines() for c in json.loads(line).get("citations", [])]
    assert (cited["statute_id"], cited["version"], cited["version_basis"]) == (law.id, "2009-06-27", QUOTE)


# ---- commands ----------------------------------------------------------------------------------

def test_impact_lists_versions_and_aligns_the_two_texts():
    listed = RUNNER.invoke(app, ["impact", "统计法"])
    assert listed.exit_code == 0 and "2009-06-27" in listed.stdout and "2024-09-13" in listed.stdout
    aligned = RUNNER.invoke(app, ["impact", "统计法", "--from", "2009", "--to", "2024", "--alignment",
                                  "--format", "json"])
    assert aligned.exit_code == 0, aligned.output
    changes = json.loads(aligned.stdout)["changes"]
    assert {c["change"] for c in changes} >= {"unchanged", "modified"}


def test_statutes_show_an_article_and_errors():
    shown = RUNNER.invoke(app, ["statutes", "show", "统计法", "--version", "2009", "--article", "25"])
    assert shown.exit_code == 0 and "统计调查中获得的" in shown.stdout
    assert shown.stdout.startswith("《中华人民共和国统计法》（2009-06-27）第二十五条")
    unknown = RUNNER.invoke(app, ["statutes", "show", "社会报险法"])
    assert unknown.exit_code == 2 and "did you mean 《中华人民共和国社会保险法》" in unknown.output
    found = RUNNER.invoke(app, ["statutes", "search", "河南", "安全生产条例"])
    assert found.exit_code == 0 and "河南省安全生产条例" in found.stdout


def test_registry_loads_without_reading_texts():
    """Loading is lazy: no version's text is read (its speed is measured in bench/bench_statutes.py)."""
    registry = load_uncached.__wrapped__()
    assert len(registry.statutes) > 3000
    assert all("text" not in v.__dict__ for s in registry.statutes.values() for v in s.versions)


# ---- the converter, on a made-up snapshot of the same shape ------------------------------------

LAW_2009 = """# 中华人民共和国示例法

2009年6月27日 第十一届全国人民代表大会常务委员会第九次会议修订

<!-- INFO END -->

## 第一章 总则

第一条 为了示例，制定本法。

第二条 本法适用于示例。
"""
LAW_2024 = LAW_2009.replace("为了示例", "为了更好地示例").replace("2009年6月27日", "2024年9月13日")
LOCAL = """# 河南省示例条例

2020年1月1日 河南省第十三届人民代表大会常务委员会第十次会议通过

<!-- INFO END -->

第一条 为了示例，制定本条例。
"""
REGULATION = """# 示例管理条例

2017年5月28日 中华人民共和国国务院令第九百九十九号公布

<!-- INFO END -->

第一条 根据示例法，制定本条例。
"""


def _snapshot(root: Path) -> Path:
    files = {"经济法/示例法(2009-06-27).md": LAW_2009, "经济法/示例法(2024-09-13).md": LAW_2024,
             "行政法规/示例管理条例(2017-05-28).md": REGULATION,
             "DLC/河南地方法规/地方性法规/河南/河南省示例条例(2020-01-01).md": LOCAL,
             "行政法规/无条文(2000-01-01).md": "# 无条文\n\n<!-- INFO END -->\n\n一、没有条。\n"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for database in (root / "db.sqlite3", root / "DLC/河南地方法规/db.sqlite3"):
        with sqlite3.connect(database) as connection:
            connection.execute("create table law (name, publish, valid_from, expired)")
            connection.execute("insert into law values ('示例法', '2024-09-13', '2024-09-13', 0)")
    return root


def test_converter_is_deterministic_and_its_output_resolves(tmp_path):
    source = _snapshot(tmp_path / "src")
    registry_dir = tmp_path / "registry"
    registry_dir.mkdir()
    (registry_dir / "registry.yaml").write_text(
        "statutes:\n- id: example-law\n  title: 中华人民共和国示例法\n  aliases: [示例基本法]\n  level: 法律\n"
        "  versions:\n  - date: '2009-06-27'\n    doc_number: 主席令第十八号\n    note: 手工条目\n", encoding="utf-8")
    manifest = convert(source, registry_dir / "corpus", registry_dir / "registry.yaml")
    first = {p.name: p.read_bytes() for p in (registry_dir / "corpus").iterdir()}
    convert(source, registry_dir / "corpus", registry_dir / "registry.yaml")
    assert first == {p.name: p.read_bytes() for p in (registry_dir / "corpus").iterdir()}
    assert manifest["source"]["commit"] == "2f4c5c23716267af9dbebbbbd6cbbf732b101981"
    unparsed = [u["file"] for u in manifest["unparsed"]]
    assert len(manifest["files"]) == 5 and unparsed == ["行政法规/无条文(2000-01-01).md"]

    registry = load_uncached(registry_dir)
    law = registry.get("example-law")                     # merged into the hand-made entry
    assert [(v.date, v.status, v.note) for v in law.versions] == [
        ("2009-06-27", "已修改", "手工条目"), ("2024-09-13", "现行有效", None)]
    assert law.issuer == "全国人民代表大会常务委员会" and "示例基本法" in law.aliases
    assert law.version("2024").articles[1].text == "为了更好地示例，制定本法。"
    assert law.version("2009").articles[1].text == "为了示例，制定本法。"        # text added from the corpus
    local = registry.get(registry.resolve("河南示例条例").statute_id)
    assert (local.level, local.region, local.issuer) == ("地方性法规", "河南省", "河南省人民代表大会常务委员会")
    assert registry.resolve(None, "国务院令第999号").statute_id == registry.resolve("示例管理条例").statute_id
    assert len(registry.statutes) == 4


def test_a_doc_number_does_not_override_a_title_naming_another_document(registry):
    """《安全生产法》（主席令第70号）: 70 is 行政处罚法's number; the title decides, and an unknown
    title with another document's number stays unresolved."""
    penalty = registry.resolve(None, "中华人民共和国主席令第七十号").statute_id
    assert penalty == "administrative-penalty-law"
    assert registry.resolve("安全生产法", "主席令第70号").statute_id == registry.resolve("安全生产法").statute_id
    assert registry.resolve("中华人民共和国矿产资源保护法", "主席令第70号").statute_id is None
    assert registry.resolve("处罚法", "主席令第70号").statute_id == penalty          # an abbreviation


def test_the_registry_graph_holds_the_statutes_the_store_cites(registry, tmp_path):
    from kg.graph.build import build_registry
    from kg.graph.iris import Iris
    from kg.graph.registry_triples import cited_statute_ids
    from kg.graph.store import GraphStore
    from kg.pipeline import build_list
    listed = tmp_path / "list.tsv"
    listed.write_text("序号\t事项名称\t职权类别\t实施依据\n1\t统计检查\t行政检查\t《中华人民共和国统计法》第三十五条："
                      "“依照《中华人民共和国行政许可法》第十条的规定。”\n", encoding="utf-8")
    iris, store = Iris("https://example.org/"), GraphStore()
    built = build_list(listed, registry, iris)
    store.replace_graph_text(built.graph_name, built.ntriples)
    statistics, licensing = (registry.resolve(t).statute_id for t in ("统计法", "行政许可法"))
    assert cited_statute_ids(store.oxigraph, registry.statutes, iris) == {statistics, licensing}
    graph = build_registry(registry, iris, {statistics})
    assert (iris.statute(statistics), None, None) in graph and (iris.statute(licensing), None, None) not in graph
    assert len(graph) < 20_000           # one law's versions and provisions, not the corpus
    from kg.graph.vocabulary import KG
    assert {str(o) for o in built.graph.objects(None, KG.citedVersion)} == {
        str(iris.version(iris.statute(statistics), "2024-09-13"))}
    assert {str(o) for o in built.graph.objects(None, KG.versionBasis)} == {"latest"}


def test_validate_reports_the_suggestion_on_the_item(tmp_path):
    listed = tmp_path / "list.tsv"
    listed.write_text("序号\t事项名称\t职权类别\t实施依据\n"
                      "1\t对未参加社会保险的处罚\t行政处罚\t《中华人民共和国社会报险法》第八十六条\n"
                      "2\t统计检查\t行政检查\t《中华人民共和国统计法》第三十五条\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["validate", str(listed), "--format", "json"])
    findings = json.loads(result.stdout)
    unresolved = [f for f in findings if f["check"] == "UnresolvedStatute"]
    assert [(f["seq"], f["citation"]) for f in unresolved] == [("1", "《中华人民共和国社会报险法》第八十六条")]
    assert "建议：中华人民共和国社会保险法" in unresolved[0]["details"]
