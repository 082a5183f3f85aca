"""`kg build` on the five real lists, then the named queries: real answers, rdflib = Oxigraph,
export → re-import, rebuilding, parameter binding and the command line."""

from __future__ import annotations

import json
import shlex

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.graph.iris import Iris
from kg.graph.store import GraphStore
from kg.paths import LISTS
from kg.query.bind import bind_parameters, bound_query, parse_assignments
from kg.query.named import find_query, named_queries
from kg.query.output import as_records
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner, RdflibRunner
from kg.statutes import load_registry

# rdflib warns on every triple added to a Dataset (its own internals, not this code)
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

LIST_FILES = sorted(str(p) for p in LISTS.iterdir() if p.is_file())


@pytest.fixture(scope="session")
def built(five_lists):
    """The five real lists built once with `kg build`, exported to TriG (tests/conftest.py)."""
    return five_lists.store, five_lists.export, five_lists.output


@pytest.fixture(scope="session")
def store(five_lists_store):
    return five_lists_store


@pytest.fixture(scope="session")
def oxigraph(store):
    return OxigraphRunner(store.oxigraph)


@pytest.fixture(scope="session")
def reimported(built):
    dataset = Dataset()
    dataset.parse(built[1], format="trig")
    return dataset


@pytest.fixture(scope="session")
def registry():
    return load_registry()


def run(runner, query_name, registry, **values):
    return as_records(run_named_query(find_query(query_name), values, runner, registry, Iris()))


def test_build_summary(built):
    assert "built 5 lists" in built[2]
    assert "resolved (" in built[2]


def test_items_citing_social_insurance_law_article_87(oxigraph, registry):
    rows = run(oxigraph, "items-citing", registry, statute="社会保险法", article="八十七")
    found = {(row["agency"], row["seq"]) for row in rows}
    # read off the seeds: 南召 and 宝丰 item 1, 平山 行政处罚 item 2, 北关 item 1 (OCR-scrambled name);
    # 天水 cites 第八十六、八十八条 but not 第八十七条
    assert found == {("南召县医疗保障局", "1"), ("宝丰县医疗保障局", "1"), ("平山县医疗保障局", "2"),
                     ("北关区医疗保障局", "1")}
    assert all("八十七" in row["citation"] or "87" in row["citation"] for row in rows)
    same = run(oxigraph, "items-citing", registry, statute="中华人民共和国社会保险法", article="87")
    assert same == rows


def test_items_citing_one_paragraph(oxigraph, registry):
    whole = run(oxigraph, "items-citing", registry, statute="社会保险法", article="87")
    only_first = run(oxigraph, "items-citing", registry, statute="社会保险法", article="87", paragraph="1")
    assert only_first == []               # the lists cite 第八十七条 as a whole, never a 款 of it
    assert whole


def test_provisions_cited_by_an_item(oxigraph, registry):
    rows = run(oxigraph, "provisions-cited-by", registry, name="骗取医疗保障基金", agency="南召县")
    cited = [(row["statute_title"], row["article"]) for row in rows]
    assert cited[:3] == [("中华人民共和国社会保险法", 87), ("中华人民共和国社会保险法", 88),
                         ("社会保险费征缴暂行条例", 28)]


def test_a_wrong_article_number_is_found(oxigraph, registry):
    rows = run(oxigraph, "items-citing-unresolved-or-repealed", registry, agency="南召县")
    problems = {(row["seq"], row["citation"], row["problem"]) for row in rows}
    # 南召 item 1 quotes 第八十八条 after 《社会保险费征缴暂行条例》第二十八条, which has 31 articles
    assert ("1", "第八十八条", "no-such-article") in problems
    assert all(problem in ("unresolved", "repealed", "no-such-article") for _, _, problem in problems)


def test_items_without_basis(oxigraph, registry):
    rows = run(oxigraph, "items-without-basis", registry, agency="平山县")
    assert ("对公立医疗机构药品和高值医用耗材集中采购行为合规性的监督检查", "whole-document-only") in {
        (row["name"], row["problem"]) for row in rows}


def test_citation_counts_and_peers(oxigraph, registry):
    counts = run(oxigraph, "citation-counts", registry)
    top = counts[0]
    assert top["statute_title"] == "中华人民共和国社会保险法"
    peers = run(oxigraph, "peer-comparison", registry, category="行处罚")   # a loose spelling
    agencies_citing_87 = {row["agency_name"] for row in peers
                          if row["statute_title"] == "中华人民共和国社会保险法" and row["article"] == 87}
    assert {"南召县医疗保障局", "宝丰县医疗保障局", "平山县医疗保障局"} <= agencies_citing_87


def test_article_text_next_to_the_quote(oxigraph, registry):
    rows = run(oxigraph, "article-text", registry, statute="社会保险法", article="87")
    assert rows and all("骗取金额二倍以上五倍以下的罚款" in row["text"] for row in rows)
    assert {row["version_date"] for row in rows} == {"2018-12-29"}


def test_item_penalties_on_the_real_lists(oxigraph, registry):
    rows = run(oxigraph, "item-penalties", registry)
    assert len(rows) == 72
    fraud_fines = {(row["agency_name"], row["seq"]) for row in rows
                   if "第八十七条" in row["citation"] and row["kind"] == "fine-multiple"
                   and (row["minimum"], row["maximum"], row["base"]) == (2, 5, "骗取金额")}
    # the four items citing 社会保险法第八十七条 (see above) get its fine of 2–5 times the sum obtained
    assert fraud_fines == {("南召县医疗保障局", "1"), ("宝丰县医疗保障局", "1"), ("平山县医疗保障局", "2"),
                           ("北关区医疗保障局", "1")}


def test_quoted_penalty_that_the_cited_article_does_not_state(oxigraph, registry):
    rows = run(oxigraph, "quoted-penalty-differs", registry)
    # 天水 4160 cites 社会保险法第七十七条 but quotes 第八十七条's fine, which 第七十七条 does not set
    assert [(row["seq"], row["kind"], row["quoted_minimum"], row["quoted_maximum"], row["canonical"])
            for row in rows] == [("4160", "fine-multiple", 2, 5, "")]
    assert "第七十七条" in rows[0]["citation"]


def example_parameters(query) -> dict[str, str]:
    """The parameters of the first `kg query NAME --param …` example in the header."""
    for line in query.text.splitlines():
        if line.startswith("#") and f"kg query {query.name}" in line:
            words = shlex.split(line.lstrip("# "))
            return dict(words[i + 1].split("=", 1) for i, word in enumerate(words) if word in ("--param", "-p"))
    return {}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_same_rows_on_rdflib_and_oxigraph(name, oxigraph, reimported, registry):
    query = find_query(name)
    assert query.purpose, f"{name} has no header comment"
    values = example_parameters(query)
    on_oxigraph = run_named_query(query, values, oxigraph, registry, Iris())
    on_rdflib = run_named_query(query, values, RdflibRunner(reimported), registry, Iris())
    assert on_oxigraph.variables == on_rdflib.variables
    assert on_oxigraph.rows == on_rdflib.rows


def test_export_reimport_is_isomorphic(store, reimported):
    by_graph: dict = {}
    for s, p, o, g in store.quads():
        by_graph.setdefault(g, set()).add((s, p, o))
    assert set(by_graph) == {g.identifier for g in reimported.graphs() if len(g)}
    for name, triples in by_graph.items():
        assert isomorphic(reimported.graph(name), _graph(triples)), name


def _graph(triples):
    from rdflib import Graph
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_building_again_gives_identical_output(tmp_path):
    again = tmp_path / "again.nq"
    rebuilt = tmp_path / "rebuilt.nq"
    first = CliRunner().invoke(app, ["build", LIST_FILES[0], "--store", str(tmp_path / "s"), "--export", str(again)])
    second = CliRunner().invoke(app, ["build", LIST_FILES[0], "--store", str(tmp_path / "s"), "--export", str(rebuilt)])
    assert first.exit_code == second.exit_code == 0
    assert again.read_bytes() == rebuilt.read_bytes()


def test_a_bad_file_is_reported_and_the_others_built(tmp_path):
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"\x00\x01 not a spreadsheet")
    store_path = tmp_path / "s"
    result = CliRunner().invoke(app, ["build", str(garbage), LIST_FILES[0], "--store", str(store_path)])
    assert result.exit_code == 2
    assert "garbage.xlsx" in result.output and "Traceback" not in result.output
    assert "built 1 lists" in result.output
    lists = as_records(OxigraphRunner(GraphStore(store_path, read_only=True).oxigraph)
                       .select(find_query("lists").text))
    assert len(lists) == 1


def test_query_command_formats(built):
    store_path = str(built[0])
    out = CliRunner().invoke(app, ["query", "items-citing", "--param", "statute=社会保险法", "--param",
                                   "article=87", "--format", "json", "--store", store_path])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {"agency", "seq", "name", "citation"} <= set(rows[0])
    csv_out = CliRunner().invoke(app, ["query", "lists", "-f", "csv", "--store", store_path])
    assert csv_out.output.splitlines()[0] == "实施主体,清单标题,来源文件,事项数,引用数,已对应法规的引用数"
    stats = CliRunner().invoke(app, ["stats", "--store", store_path])
    assert stats.exit_code == 0 and "graph/registry" in stats.output


@pytest.mark.parametrize("arguments, message", [
    (["query", "no-such-query"], "no such query"),
    (["query", "items-citing", "--param", "statute=社会保险法"], "missing parameter article"),
    (["query", "items-citing", "-p", "statute=社会保险法", "-p", "article=87", "-p", "colour=red"],
     "unknown parameter colour"),
    (["query", "items-citing", "-p", "statute=社会保险法", "-p", "article=abc"], "not a number"),
    (["query", "peer-comparison", "-p", "category=行政魔法"], "unknown category"),
    (["query", "lists", "-p", "novalue"], "expected NAME=VALUE"),
])
def test_query_command_user_errors(built, arguments, message):
    result = CliRunner().invoke(app, [*arguments, "--store", str(built[0])])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_query_on_a_missing_store(tmp_path):
    result = CliRunner().invoke(app, ["query", "lists", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "run `kg build` first" in result.output


def test_parameters_are_bound_as_terms_not_pasted(oxigraph, registry):
    query = find_query("provisions-cited-by")
    hostile = '骗取" ) } } ; DROP ALL ; #'
    bindings = bind_parameters(query, {"name": hostile}, registry, Iris())
    assert bindings == {"name": Literal(hostile)}
    block = f"\n  VALUES (?name) {{ ({Literal(hostile).n3()}) }}\n"
    assert bound_query(query.text, bindings).replace(block, "") == query.text
    assert run(oxigraph, "provisions-cited-by", registry, name=hostile) == []


def test_statute_parameter_resolves_titles_aliases_and_unknown_titles(registry):
    query = find_query("items-citing")
    iris = Iris()
    full = bind_parameters(query, {"statute": "中华人民共和国社会保险法", "article": "87"}, registry, iris)
    alias = bind_parameters(query, {"statute": "社会保险法", "article": "第八十七条"}, registry, iris)
    assert full == alias == {"statute": URIRef(iris.statute("social-insurance-law")), "article": Literal(87)}
    unknown = bind_parameters(query, {"statute": "《河北省医疗保障基金监管办法》", "article": "3"}, registry, iris)
    assert "/unresolved/" in str(unknown["statute"])


def test_parse_assignments():
    assert parse_assignments(["a=1", " b = x=y "]) == {"a": "1", "b": "x=y"}
    with pytest.raises(InputError):
        parse_assignments(["=1"])
