"""Graph stage on hand-made records: IRIs, list triples, registry triples, the store's graph swap."""

from __future__ import annotations

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.cite.records import Citation
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.list_triples import ListSource, list_key, list_triples
from kg.graph.registry_triples import registry_triples
from kg.graph.store import GraphStore
from kg.graph.vocabulary import ELI, KG, category_concept, status_concept
from kg.ingest.records import Item, ListDocument
from kg.statutes import load_registry, resolve_citations

BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def iris():
    return Iris(BASE)


def document(agency="南召县医疗保障局", basis_citations=None, source="a.txt", basis="依据"):
    citations = basis_citations if basis_citations is not None else [
        Citation(raw="《中华人民共和国社会保险法》第八十七条", span=(0, 19), statute="中华人民共和国社会保险法",
                 article=87, quote="社会保险经办机构……处骗取金额二倍以上五倍以下的罚款"),
        Citation(raw="《社会保险法》第八十六条第一款", span=(20, 34), statute="社会保险法", article=86, paragraph=1),
        Citation(raw="《河北省医疗保障基金监管办法》：全文", span=(35, 52), statute="河北省医疗保障基金监管办法",
                 whole_document=True),
    ]
    items = [
        Item(source=source, seq="1", name="骗取医疗保障基金行为的处罚", category="行处罚", category_norm="行政处罚",
             agency="南召县医疗 保障局", basis=basis, lines=(10, 12), citations=citations),
        Item(source=source, seq="2", name="无依据的事项", category="其他职权", category_norm="其他行政权力",
             basis="", lines=(13, 13)),
    ]
    return ListDocument(source=source, agency=agency, title=f"{agency}权责清单", items=items)


def graph_of(doc, registry, iris, content=b"x"):
    resolved = [Item(**{**item.__dict__, "citations": resolve_citations(item.citations, registry)})
                for item in doc.items]
    source = ListSource(ListDocument(doc.source, doc.agency, doc.title, resolved, doc.catalogs), content)
    return list_key(source, iris), list_triples(source, registry, iris)


def test_provision_iris_are_readable_and_under_the_base(iris):
    statute = iris.statute("social-insurance-law")
    version = iris.version(statute, "2018-12-29")
    assert str(iris.provision(version, 87, 1)) == BASE + "statute/social-insurance-law/2018-12-29/art/87/para/1"
    assert str(iris.provision(statute, 87, 1, 2)) == BASE + "statute/social-insurance-law/art/87/para/1/item/2"
    assert iris.provision(statute) == statute
    assert str(iris.unresolved_statute("石政规〔2019〕7号")) == BASE + "unresolved/石政规〔2019〕7号"


def test_base_comes_from_option_then_environment(monkeypatch):
    monkeypatch.setenv("KG_BASE", "https://env.example/id")
    assert configured_base() == "https://env.example/id/"
    assert configured_base("https://option.example/") == "https://option.example/"


def test_same_list_same_key_whatever_the_file_name(registry, iris):
    key_a, graph_a = graph_of(document(source="a.txt"), registry, iris)
    key_b, _ = graph_of(document(source="renamed.txt"), registry, iris)
    key_other, _ = graph_of(document(agency="宝丰县医疗保障局"), registry, iris)
    assert key_a == key_b != key_other
    assert key_a.startswith("南召县医疗保障局-")
    _, again = graph_of(document(source="a.txt"), registry, iris)
    assert isomorphic(graph_a, again) and set(graph_a) == set(again)   # no blank nodes: same triples


def test_list_without_agency_is_keyed_by_its_file_name_not_its_content(registry, iris):
    key_a, _ = graph_of(document(agency=None, source="lists/a.txt"), registry, iris, content=b"one")
    edited, _ = graph_of(document(agency=None, source="/elsewhere/a.txt"), registry, iris, content=b"two")
    key_b, _ = graph_of(document(agency=None, source="b.txt"), registry, iris, content=b"one")
    assert key_a == edited != key_b


def test_item_triples(registry, iris):
    key, graph = graph_of(document(), registry, iris)
    item = iris.item(iris.list(key), 1)
    assert (item, KG.category, KG.Penalty) in graph
    assert (item, KG.categoryAsPrinted, Literal("行处罚")) in graph
    agency = graph.value(item, KG.agency)
    assert graph.value(agency, SKOS.prefLabel) == Literal("南召县医疗保障局")   # OCR space removed
    assert graph.value(item, KG.firstLine) == Literal(10)
    empty = iris.item(iris.list(key), 2)
    assert (empty, KG.basis, Literal("")) in graph                               # kept: a finding
    assert (empty, KG.category, KG.OtherPower) in graph


def test_citations_point_to_the_most_specific_provision(registry, iris):
    key, graph = graph_of(document(), registry, iris)
    item = iris.item(iris.list(key), 1)
    first, second, third = (iris.citation(item, n) for n in (1, 2, 3))
    statute = iris.statute("social-insurance-law")
    assert graph.value(first, KG.cites) == iris.provision(statute, 87)
    assert graph.value(second, KG.cites) == iris.provision(statute, 86, 1)
    assert graph.value(second, KG.citedStatute) == statute                     # alias resolved
    assert graph.value(first, KG.raw) == Literal("《中华人民共和国社会保险法》第八十七条")
    assert graph.value(first, KG.spanEnd) == Literal(19)
    unresolved = graph.value(third, KG.citedStatute)
    assert (unresolved, RDF.type, KG.UnresolvedStatute) in graph
    assert graph.value(third, KG.cites) == unresolved                          # whole document
    assert graph.value(third, KG.wholeDocument) == Literal(True)


def test_registry_provisions_are_not_repeated_in_list_graphs(registry, iris):
    _, graph = graph_of(document(), registry, iris)
    article = iris.provision(iris.statute("social-insurance-law"), 87)
    assert (article, RDF.type, KG.Article) not in graph


def test_unknown_statute_written_two_ways_meets_at_one_node(registry, iris):
    def cited(title):
        return [Citation(raw=f"《{title}》第三条", span=(0, 10), statute=title, article=3)]
    _, one = graph_of(document(basis_citations=cited("河北省 医疗保障基金监管办法")), registry, iris)
    _, two = graph_of(document(agency="平山县医疗保障局", basis_citations=cited("河北省医疗保障基金监管办法")),
                      registry, iris)
    nodes = {g.value(None, RDF.type, KG.UnresolvedStatute) for g in (one, two)}
    assert len(nodes) == 1 and None not in nodes


def test_loose_category_spellings_are_alt_labels():
    assert category_concept("其他职权") == category_concept("其它职权") == KG.OtherPower
    assert category_concept("行处罚") == KG.Penalty
    assert category_concept("行政处罚") == KG.Penalty
    assert category_concept("不存在") is None
    assert status_concept("现行有效（截至来源快照）") == KG.InForce


@pytest.fixture(scope="module")
def registry_graph(registry, iris):
    return registry_triples([registry.statutes[i] for i in sorted(registry.hand_made)], iris)


def test_registry_graph_has_versions_texts_and_realizations(registry_graph, iris):
    statute = iris.statute("social-insurance-law")
    old, new = (iris.version(statute, d) for d in ("2010-10-28", "2018-12-29"))
    assert registry_graph.value(statute, KG.currentVersion) == new
    assert (new, ELI.changes, old) in registry_graph
    article = iris.provision(new, 87)
    assert "骗取金额二倍以上五倍以下的罚款" in registry_graph.value(article, KG.text)
    assert (article, ELI.realizes, iris.provision(statute, 87)) in registry_graph
    assert (article, KG.inVersion, new) in registry_graph
    assert (article, KG.hasSanction, None) in registry_graph                   # penalty stage hooked in
    assert registry_graph.value(statute, KG.status) == KG.InForce
    assert (old, KG.status, KG.Amended) in registry_graph


def test_replace_graph_swaps_and_is_idempotent(registry, iris):
    store = GraphStore(None)
    name = URIRef(BASE + "graph/list/x")
    _, first = graph_of(document(), registry, iris)
    store.replace_graph(name, first)
    store.replace_graph(name, first)
    assert len(list(store.quads())) == len(first)
    smaller = Graph()
    smaller.add((URIRef(BASE + "a"), KG.name, Literal('引号"与\n换行')))
    store.replace_graph(name, smaller)
    assert [q[:3] for q in store.quads()] == list(smaller)


def test_failed_swap_keeps_the_previous_graph(registry, iris):
    store = GraphStore(None)
    name = URIRef(BASE + "graph/list/x")
    _, first = graph_of(document(), registry, iris)
    store.replace_graph(name, first)
    broken = Graph()
    broken.add((URIRef(BASE + "bad iri"), KG.name, Literal("x")))      # rejected by the store
    with pytest.raises(ValueError):
        store.replace_graph(name, broken)
    assert len(list(store.quads())) == len(first)


def test_store_export_formats(tmp_path, registry, iris):
    store = GraphStore(tmp_path / "store")
    _, graph = graph_of(document(), registry, iris)
    store.replace_graph(URIRef(BASE + "graph/list/x"), graph)
    for suffix, rdf_format in ((".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle")):
        store.export(tmp_path / f"out{suffix}")
        reread = Dataset().parse(tmp_path / f"out{suffix}", format=rdf_format)
        assert {quad[:3] for quad in reread.quads()} == set(graph)
    with pytest.raises(InputError):
        store.export(tmp_path / "out.docx")
