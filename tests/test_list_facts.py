"""Facts the graph stage counts when it builds a list (kg:listItemCount, kg:citationCount,
kg:resolvedCitationCount on the list; kg:basisProblem on items), on hand-made records and on the
five real lists, where they must agree with scanning the list's own graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.cite.records import Citation
from kg.graph.iris import Iris
from kg.graph.list_triples import ListSource, list_triples
from kg.graph.vocabulary import KG
from kg.ingest.records import Item, ListDocument
from kg.paths import LISTS
from kg.pipeline import build_list
from kg.statutes import load_registry, resolve_citations

XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

# the scans the facts replace: the per-list COUNTs of the lists query and the item checks of
# items-without-basis as they were before the build wrote the facts (items counted as kg:Item:
# catalogs share kg:inList with them)
SCANNED_COUNTS = """
SELECT (COUNT(DISTINCT ?item) AS ?items) (COUNT(DISTINCT ?cite) AS ?citations)
       (COUNT(DISTINCT ?resolved) AS ?resolved_count)
WHERE {
  ?item a kg:Item .
  OPTIONAL { ?item kg:hasCitation ?cite
             OPTIONAL { ?cite kg:citedStatute ?statute FILTER NOT EXISTS { ?statute a kg:UnresolvedStatute }
                        BIND (?cite AS ?resolved) } }
}"""
SCANNED_PROBLEMS = r"""
SELECT ?item ?problem
WHERE {
  { ?item a kg:Item MINUS { ?item kg:hasCitation ?any } BIND ("no-citation" AS ?missing) }
  UNION
  { { SELECT DISTINCT ?item WHERE { ?item kg:hasCitation ?cite } }
    MINUS { ?item kg:hasCitation ?specific . ?specific kg:wholeDocument false }
    BIND ("whole-document-only" AS ?missing) }
  ?item kg:basis ?basis .
  BIND (IF(?missing = "no-citation" && STRLEN(REPLACE(?basis, "\\s", "")) = 0, "empty", ?missing) AS ?problem)
}"""


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def iris():
    return Iris("https://example.org/kg/")


def cited(raw: str, statute: str, **provision) -> Citation:
    return Citation(raw=raw, span=(0, len(raw)), statute=statute, **provision)


def item(seq: str, basis: str, *citations: Citation) -> Item:
    return Item(source="a.txt", seq=seq, name=f"事项{seq}", category="行政处罚", category_norm="行政处罚",
                basis=basis, lines=(int(seq), int(seq)), citations=list(citations))


def graph_of(items: list[Item], registry, iris) -> Graph:
    resolved = [Item(**{**i.__dict__, "citations": resolve_citations(i.citations, registry)}) for i in items]
    document = ListDocument(source="a.txt", agency="南召县医疗保障局", title="权责清单", items=resolved)
    return list_triples(ListSource(document, b"x"), registry, iris)


def counts_of(graph: Graph) -> tuple[int, int, int]:
    (list_node,) = graph.subjects(KG.listItemCount, None)
    values = [graph.value(list_node, p) for p in (KG.listItemCount, KG.citationCount, KG.resolvedCitationCount)]
    assert all(value.datatype == XSD_INTEGER for value in values)
    return tuple(value.toPython() for value in values)


def problems_by_seq(graph: Graph) -> dict[str, str]:
    return {str(graph.value(node, KG.seq)): str(problem) for node, problem in graph.subject_objects(KG.basisProblem)}


def test_counts_and_the_three_basis_problems(registry, iris):
    law_87 = cited("《社会保险法》第八十七条", "社会保险法", article=87)           # resolved, an article
    regulation_chapter = cited("《医疗保障基金使用监督管理条例》第三章", "医疗保障基金使用监督管理条例", chapter=3)
    unknown_whole = cited("《河北省医疗保障基金监管办法》：全文", "河北省医疗保障基金监管办法", whole_document=True)
    law_whole = cited("《社会保险法》", "社会保险法", whole_document=True)
    graph = graph_of([
        item("1", "《社会保险法》第八十七条", law_87),
        item("2", " \u3000\n\t"),                                       # full-width space and breaks only
        item("3", "依照有关法律法规"),                                     # text, nothing cited
        item("4", "…全文；《社会保险法》", unknown_whole, law_whole),      # whole documents only
        item("5", "…全文；…第八十七条", unknown_whole, law_87),            # one article is enough
        item("6", "…第三章", regulation_chapter),                         # a chapter is a provision
    ], registry, iris)
    assert counts_of(graph) == (6, 6, 4)            # the unknown 办法, cited twice, unresolved
    assert problems_by_seq(graph) == {"2": "empty", "3": "no-citation", "4": "whole-document-only"}


def test_a_list_without_items_still_has_its_counts(registry, iris):
    assert counts_of(graph_of([], registry, iris)) == (0, 0, 0)


@pytest.fixture(scope="module")
def real_lists(registry):
    iris = Iris()
    return {path.name: build_list(path, registry, iris) for path in sorted(LISTS.iterdir()) if path.is_file()}


def test_real_lists_facts_agree_with_scanning_their_graphs(real_lists):
    for name, built in real_lists.items():
        graph = built.graph
        (row,) = graph.query(SCANNED_COUNTS, initNs={"kg": KG})
        stored = tuple(v.toPython() for v in row)
        assert counts_of(graph) == (built.items, built.citations, built.resolved) == stored, name
        scanned = {(item_node, str(problem)) for item_node, problem in graph.query(SCANNED_PROBLEMS, initNs={"kg": KG})}
        assert set(graph.subject_objects(KG.basisProblem)) == {(i, Literal(p)) for i, p in scanned}, name


def test_real_lists_basis_problems(real_lists):
    # read off the seeds: 北关's OCR-damaged bases (items 12 and 16 blank, item 13 only 全文),
    # 平山's items citing whole 通知/办法 only; the other three lists cite an article everywhere
    assert problems_by_seq(real_lists["beiguan-district-ybj.txt"].graph) == {
        "4": "no-citation", "5": "no-citation", "11": "no-citation", "12": "empty",
        "13": "whole-document-only", "14": "no-citation", "16": "empty", "19": "no-citation",
        "20": "no-citation"}
    assert problems_by_seq(real_lists["pingshan-county-ybj.txt"].graph) == dict.fromkeys(
        ["1", "5", "7", "9", "11"], "whole-document-only")
    for name in ("baofeng-county-ybj.txt", "nanzhao-county-ybj.txt", "tianshui-city-ybj.txt"):
        assert problems_by_seq(real_lists[name].graph) == {}, name


def test_real_lists_item_counts_leave_catalogs_out(real_lists):
    # 南召's catalog says 共12项, and it has 12 detail items (catalog entries are not items)
    assert {name: counts_of(built.graph)[0] for name, built in real_lists.items()} == {
        "baofeng-county-ybj.txt": 14, "beiguan-district-ybj.txt": 25, "nanzhao-county-ybj.txt": 12,
        "pingshan-county-ybj.txt": 25, "tianshui-city-ybj.txt": 16}
