"""Sanctions in the graph and the penalty queries, on the real statute texts and a small list
graph built by hand (items citing an article, a paragraph, an item; a quote with other figures)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SKOS

from kg.cite.records import Citation
from kg.graph.iris import Iris
from kg.graph.penalty_triples import sanction_triples
from kg.graph.registry_triples import registry_triples
from kg.graph.store import GraphStore
from kg.graph.vocabulary import ELI, KG, vocabulary
from kg.penalty.quotes import differing_quote_sanctions
from kg.query.bind import bind_parameters, bound_query
from kg.query.named import find_query
from kg.query.runners import OxigraphRunner
from kg.statutes.records import Article
from kg.statutes.registry import load_registry

LAW, REGULATION = "social-insurance-law", "medical-security-fund-regulation"
QUOTE_87_OLD_FIGURES = ("社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构以欺诈、伪造证明材料或者其他"
                        "手段骗取社会保险基金支出的，由社会保险行政部门责令退回骗取的社会保险金，"
                        "处骗取金额一倍以上三倍以下的罚款。")


@pytest.fixture(scope="session")
def registry():
    return load_registry()


LIST_ITEMS = [
    ("对骗取社会保险基金支出的处罚", KG.Penalty, [
        (LAW, (87,), QUOTE_87_OLD_FIGURES), (REGULATION, (41, 2), None)]),
    ("对定点医药机构分解住院的处罚", KG.Penalty, [(REGULATION, (38, 1, 1), None)]),
    ("定点医药机构确定", KG.Licensing, [(REGULATION, (39,), None)]),
]
# a second list citing the same articles: their nodes then sit in several named graphs, which
# the union default graph must not turn into duplicate rows
OTHER_LIST_ITEMS = [("社会保险基金检查", KG.Inspection, [(LAW, (87,), None), (REGULATION, (38, 1, 1), None)])]


def _list_graph(registry, iris: Iris, key: str, agency_name: str, items: list) -> Graph:
    """One list of items citing at article, 款 and 项 level, as list_triples shapes them."""
    graph = Graph()
    agency = iris.agency(agency_name)
    graph.add((agency, SKOS.prefLabel, Literal(agency_name)))
    list_iri = iris.list(key)
    for position, (name, category, citations) in enumerate(items, start=1):
        item = iris.item(list_iri, position)
        graph.add((item, RDF.type, KG.Item))
        graph.add((item, KG.name, Literal(name)))
        graph.add((item, KG.category, category))
        graph.add((item, KG.firstLine, Literal(position + 1)))
        graph.add((item, KG.agency, agency))
        for cite_position, (statute_id, numbers, quote) in enumerate(citations, start=1):
            cite = iris.citation(item, cite_position)
            statute = iris.statute(statute_id)
            cited = iris.provision(statute, *numbers)
            for depth, cls in enumerate((KG.Article, KG.Paragraph, KG.ProvisionItem)[:len(numbers)]):
                graph.add((iris.provision(statute, *numbers[:depth + 1]), RDF.type, cls))
            graph.add((cited, ELI.is_part_of, iris.provision(statute, *numbers[:-1]) if len(numbers) > 1
                       else statute))
            graph.add((item, KG.hasCitation, cite))
            graph.add((cite, KG.raw, Literal(f"{statute_id} {numbers}")))
            graph.add((cite, KG.citedStatute, statute))
            graph.add((cite, KG.cites, cited))
            graph.add((cite, KG.articleNumber, Literal(numbers[0])))
            citation = Citation(raw="", span=(0, 0), statute=None, statute_id=statute_id,
                                article=numbers[0], quote=quote)
            for triple in sanction_triples(cite, differing_quote_sanctions(citation, registry), iris):
                graph.add(triple)
    return graph


@pytest.fixture(scope="session")
def runner(registry):
    iris = Iris()
    statutes = [registry.get(LAW), registry.get(REGULATION)]
    store = GraphStore(None)
    store.replace_graph(iris.registry_graph,
                        registry_triples(statutes, iris))
    store.replace_graph(iris.ontology_graph, vocabulary())
    store.replace_graph(iris.list_graph("test"),
                        _list_graph(registry, iris, "test", "某县医疗保障局", LIST_ITEMS))
    store.replace_graph(iris.list_graph("other"),
                        _list_graph(registry, iris, "other", "某市医疗保障局", OTHER_LIST_ITEMS))
    return OxigraphRunner(store.oxigraph)


def _rows(runner, registry, name: str, **params) -> list[dict]:
    query = find_query(name)
    bindings = bind_parameters(query, {k: str(v) for k, v in params.items()}, registry, Iris())
    result = runner.select(bound_query(query.text, bindings))
    return [{variable: (value.toPython() if value is not None else None)
             for variable, value in zip(result.variables, row, strict=True)} for row in result.rows]


def test_sanctions_hang_on_article_and_paragraph(registry):
    iris = Iris()
    graph = registry_triples([registry.get(REGULATION)], iris)
    article = next(graph.subjects(ELI.realizes, iris.provision(iris.statute(REGULATION), 41)))
    paragraph_two = next(graph.subjects(ELI.realizes, iris.provision(iris.statute(REGULATION), 41, 2)))
    on_article = set(graph.objects(article, KG.hasSanction))
    on_paragraph = set(graph.objects(paragraph_two, KG.hasSanction))
    assert len(on_article) == 4 and len(on_paragraph) == 1 and on_paragraph < on_article
    (fine,) = on_paragraph
    assert graph.value(fine, KG.sanctionKind) == KG.FineMultiple
    assert graph.value(fine, KG.minimum).toPython() == Decimal(2)
    assert str(graph.value(fine, KG.base)) == "骗取金额"


def test_penalties_query_lists_an_article_as_written(runner, registry):
    rows = _rows(runner, registry, "penalties", statute="社会保险法", article="第八十四条")
    assert [(r["kind"], r["minimum"], r["maximum"], r["unit"], r["base"], r["target"], r["condition"])
            for r in rows] == [
        ("order", None, None, None, None, "unit", None),
        ("fine-multiple", 1, 3, "multiple", "应缴社会保险费数额", "unit", "逾期不改正的"),
        ("fine", 500, 3000, "yuan", None, "responsible-persons", "逾期不改正的"),
    ]


def test_penalties_query_narrows_to_a_paragraph(runner, registry):
    rows = _rows(runner, registry, "penalties", statute="医疗保障基金使用监督管理条例",
                 article=41, paragraph=2)
    assert [(r["kind"], r["paragraph_number"], r["target"]) for r in rows] == \
        [("fine-multiple", 2, "individual")]


def test_item_penalties_follow_article_paragraph_and_item_citations(runner, registry):
    rows = _rows(runner, registry, "item-penalties")
    by_item = {}
    for row in rows:
        by_item.setdefault(row["name"], []).append((row["kind"], row["minimum"], row["maximum"]))
    assert set(by_item) == {"对骗取社会保险基金支出的处罚", "对定点医药机构分解住院的处罚"}   # not 行政许可
    fraud = by_item["对骗取社会保险基金支出的处罚"]
    assert fraud.count(("fine-multiple", 2, 5)) == 3      # 87 (agency, institution) + 41款2
    assert ("revocation", None, None) in fraud
    # 第三十八条第一款第（一）项 → the sanctions of 第一款
    assert ("suspension", 6, 12) in by_item["对定点医药机构分解住院的处罚"]


def test_item_penalties_of_another_category(runner, registry):
    rows = _rows(runner, registry, "item-penalties", category="行政许可")
    assert {(r["name"], r["kind"], r["maximum"]) for r in rows if r["kind"] == "fine"} == \
        {("定点医药机构确定", "fine", 50000)}


def test_quote_with_other_figures_is_reported_against_the_canonical_text(runner, registry):
    rows = _rows(runner, registry, "quoted-penalty-differs")
    assert [(r["name"], r["kind"], r["quoted_minimum"], r["quoted_maximum"]) for r in rows] == \
        [("对骗取社会保险基金支出的处罚", "fine-multiple", 1, 3)]
    assert rows[0]["canonical"] == "骗取金额2–5 multiple"


def test_a_faithful_or_shortened_quote_is_no_difference(registry):
    faithful = Citation(raw="", span=(0, 0), statute=None, statute_id=LAW, article=87,
                        quote=QUOTE_87_OLD_FIGURES.replace("一倍以上三倍以下", "二倍以上五倍以下"))
    shortened = Citation(raw="", span=(0, 0), statute=None, statute_id=LAW, article=84,
                         quote="逾期不改正的，对用人单位处应缴社会保险费数额一倍以上三倍以下的罚款")
    unknown = Citation(raw="", span=(0, 0), statute=None, statute_id=None, article=84, quote="处一万元罚款")
    assert differing_quote_sanctions(faithful, registry) == ()
    assert differing_quote_sanctions(shortened, registry) == ()
    assert differing_quote_sanctions(unknown, registry) == ()


def test_fine_ranges_by_violation(runner, registry):
    rows = _rows(runner, registry, "fine-ranges-by-violation", violation="骗取")
    assert {(r["article_number"], r["kind"], r["minimum"], r["maximum"], r["base"]) for r in rows} == \
        {(87, "fine-multiple", 2, 5, "骗取金额"), (41, "fine-multiple", 2, 5, "骗取金额")}
    assert {r["statute_title"] for r in rows} == {"中华人民共和国社会保险法", "医疗保障基金使用监督管理条例"}


_TEXTS_87 = {"2010-10-28": "骗取社会保险基金支出的，处骗取金额一倍以上三倍以下的罚款。",
             "2018-12-29": "骗取社会保险基金支出的，处骗取金额二倍以上五倍以下的罚款。"}


class _VersionedRegistry:
    """Article 87 in an older version with the quote's figures, and a later one with others."""

    def article(self, statute_id, number, version=None):
        text = _TEXTS_87.get(version or "2018-12-29")
        return Article(number=number, text=text, chapter=None) if text else None


def test_a_quote_is_compared_with_the_version_the_citation_means():
    quote = "骗取社会保险基金支出的，处骗取金额一倍以上三倍以下的罚款。"

    def cited(version):
        return Citation(raw="", span=(0, 0), statute=None, statute_id=LAW, article=87, quote=quote,
                        version=version)

    assert differing_quote_sanctions(cited("2010-10-28"), _VersionedRegistry()) == ()
    assert differing_quote_sanctions(cited("2018-12-29"), _VersionedRegistry())
    assert differing_quote_sanctions(cited("1999-01-01"), _VersionedRegistry())   # no text: the latest
