"""Amendments in the store: the two date queries and `kg impact` without --lists.

The store holds the registry graph (three statutes), the ontology, the 天水 list and the
amendments `kg impact` records; each query runs on Oxigraph and on rdflib's engine, which must agree.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Dataset, Literal, URIRef

from kg.graph.iris import Iris
from kg.graph.registry_triples import registry_triples
from kg.graph.store import GraphStore
from kg.graph.vocabulary import vocabulary
from kg.impact.affected import check_impact, cited_in_documents, cited_in_store
from kg.impact.align import amendment_by_alignment
from kg.impact.triples import amendment_graph_name, amendment_triples, load_amendment
from kg.ingest.read import read_list
from kg.paths import LISTS
from kg.pipeline import build_list, cite_document
from kg.query.bind import bound_query
from kg.query.named import find_query
from kg.query.output import as_records
from kg.query.runners import OxigraphRunner, RdflibRunner
from kg.statutes import load_registry

STATUTES = ("social-insurance-law", "administrative-penalty-law", "medical-institution-regulation")
AMENDED = (("social-insurance-law", "2010", "2018"), ("medical-institution-regulation", "2016", "2022"),
           ("administrative-penalty-law", "2017", "2021"))
IRIS = Iris()

# rdflib warns on every triple added to a Dataset (its own internals, not this code)
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")


def _amendment(statute_id, old, new):
    statute = load_registry().get(statute_id)
    return amendment_by_alignment(statute, statute.version(old), statute.version(new))


@pytest.fixture(scope="module")
def graphs() -> dict[URIRef, object]:
    registry = load_registry()
    named = {IRIS.registry_graph: registry_triples([registry.get(s) for s in STATUTES], IRIS),
             IRIS.ontology_graph: vocabulary()}
    built = build_list(LISTS / "tianshui-city-ybj.txt", registry, IRIS)
    named[built.graph_name] = built.graph
    return named


@pytest.fixture(scope="module")
def runners(graphs):
    store = GraphStore(None)
    dataset = Dataset()
    for name, graph in graphs.items():
        store.replace_graph(name, graph)
    for amended in AMENDED:
        amendment = _amendment(*amended)
        load_amendment(amendment, store, IRIS)
        graphs = {**graphs, amendment_graph_name(amendment, IRIS): amendment_triples(amendment, IRIS)}
    for name, graph in graphs.items():
        dataset.graph(name).__iadd__(graph)
    return {"oxigraph": OxigraphRunner(store.oxigraph), "rdflib": RdflibRunner(dataset)}


def _select(runner, name: str, **bindings):
    return as_records(runner.select(bound_query(find_query(name).text, bindings)))


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_items_affected_after_a_date(runners, engine):
    runner = runners[engine]
    rows = _select(runner, "items-affected-after", after=Literal("2018-01-01"))
    assert {(r["seq"], r["citation"], r["old"], r["new"], r["change"]) for r in rows} == {
        ("4163", "第六十四条", 64, "64", "modified"),
        ("4165", "第五十七条", 57, "57", "modified"),
        ("4167", "第三十六条", 36, "35", "renumbered"),
    }
    later = _select(runner, "items-affected-after", after=Literal("2019-01-01"),
                    statute=IRIS.statute("social-insurance-law"))
    assert later == []
    only_2022 = _select(runner, "items-affected-after", after=Literal("2019-01-01"))
    assert {r["seq"] for r in only_2022} == {"4167"}


@pytest.mark.parametrize("statute_id, on, version, count", [
    ("administrative-penalty-law", "2020-06-01", "2017-09-01", 64),
    ("administrative-penalty-law", "2021-03-01", "2017-09-01", 64),   # adopted, not yet in force
    ("administrative-penalty-law", "2021-07-15", "2021-01-22", 86),
    ("social-insurance-law", "2015-01-01", "2010-10-28", 98),
    ("administrative-penalty-law", "2000-01-01", None, 0),            # 1996 text not in the registry
])
def test_articles_in_force_on_a_date(runners, statute_id, on, version, count):
    rows = _select(runners["oxigraph"], "articles-in-force-on", statute=IRIS.statute(statute_id), on=Literal(on))
    assert len(rows) == count
    assert {r["version_date"] for r in rows} == ({version} if version else set())
    assert [r["number"] for r in rows] == sorted(r["number"] for r in rows)


def test_rdflib_finds_the_same_articles_in_force(runners):
    bindings = {"statute": IRIS.statute("administrative-penalty-law"), "on": Literal("2021-03-01")}
    assert (_select(runners["rdflib"], "articles-in-force-on", **bindings)
            == _select(runners["oxigraph"], "articles-in-force-on", **bindings))


def test_articles_in_force_show_the_text_of_that_date(runners):
    def article_64(on):
        rows = _select(runners["oxigraph"], "articles-in-force-on",
                       statute=IRIS.statute("social-insurance-law"), on=Literal(on))
        return next(r["text"] for r in rows if r["number"] == 64)
    assert "合并建账" not in article_64("2018-12-28") and "合并建账" in article_64("2018-12-29")


def test_the_store_gives_the_same_verdicts_as_the_lists(runners):
    statute = load_registry().get("social-insurance-law")
    amendment = _amendment("social-insurance-law", "2010", "2018")
    impact = check_impact(cited_in_store(runners["oxigraph"], IRIS.statute(statute.id)), amendment, statute)
    assert {(e.seq, e.old, e.change) for e in impact.affected} == {("4163", "64", "modified"),
                                                                   ("4165", "57", "modified")}
    assert all(e.agency == "天水市医保局" and e.lines for e in impact.affected + impact.unchanged)
    assert len(impact.unchanged) > 5


def test_lists_sharing_their_agency_give_each_citation_once(graphs, tmp_path):
    # a list of the same agency under another title (a graph of its own): the agency and its label
    # sit in both list graphs, and Oxigraph's union default graph returns such a triple once per graph
    second = tmp_path / "tianshui-2023.txt"
    text = (LISTS / "tianshui-city-ybj.txt").read_text(encoding="utf-8")
    second.write_text(text.replace("天水市医保局权责清单", "天水市医保局权责清单（2023年）", 1), encoding="utf-8")
    store = GraphStore(None)
    for name, graph in graphs.items():
        store.replace_graph(name, graph)
    built = build_list(second, load_registry(), IRIS)
    store.replace_graph(built.graph_name, built.graph)
    statute = IRIS.statute("social-insurance-law")
    cited = cited_in_store(OxigraphRunner(store.oxigraph), statute)
    in_list = cited_in_documents([cite_document(read_list(LISTS / "tianshui-city-ybj.txt"), load_registry())],
                                 "social-insurance-law")
    assert sorted(Counter(c.source for c in cited).values()) == [len(in_list), len(in_list)]
    assert len(set(cited)) == len(cited)
