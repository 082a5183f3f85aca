"""Against a real Oxigraph server: push the five real lists, then every named query gives the same
answers as on the local store; graphs are replaced whole; `kg push` and `kg query --endpoint`."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter

import pytest
from rdflib import BNode, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import GraphStore
from kg.paths import LISTS
from kg.pipeline import build_list
from kg.query.named import named_queries
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.remote.push import graph_ntriples, push_store
from kg.statutes import load_registry
from oxigraph_server import oxigraph_server, running_oxigraph_server  # noqa: F401  (session fixture)

# a value for each parameter a named query requires; optional ones stay unbound
REQUIRED_VALUES = {"statute": "社会保险法", "article": "87", "category": "行政处罚",
                   "name": "骗取医疗保障基金", "violation": "骗取", "after": "2018-01-01",
                   "on": "2020-01-01", "agency": "县", "paragraph": "1"}


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def local_store(five_lists_store) -> GraphStore:
    """The five real lists, the registry and the ontology in an on-disk store (tests/conftest.py)."""
    return five_lists_store


@pytest.fixture(scope="session")
def pushed(local_store, oxigraph_server) -> SparqlClient:  # noqa: F811
    client = SparqlClient(endpoint_for(oxigraph_server))
    push_store(local_store, client)
    return client


def _comparable(rows):
    """Rows as a multiset, blank nodes (labels differ between stores) masked."""
    return Counter(tuple("_:b" if isinstance(term, BNode) else term for term in row) for row in rows)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_the_same_remotely(name, local_store, pushed, registry):
    query = named_queries()[name]
    values = {p.name: REQUIRED_VALUES[p.name] for p in query.parameters if not p.optional}
    iris = Iris(pushed.base())
    local = run_named_query(query, values, OxigraphRunner(local_store.oxigraph), registry, iris)
    # one attempt: a query slower than the timeout fails once instead of four times
    remote = run_named_query(query, values, SparqlClient(dataclasses.replace(pushed.endpoint, attempts=1)),
                             registry, iris)
    assert remote.variables == local.variables
    assert _comparable(remote.rows) == _comparable(local.rows)


def test_push_sends_every_named_graph_with_all_its_triples(local_store, pushed):
    assert pushed.graph_names() == local_store.graph_names()
    counts = pushed.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    remote = {graph: int(count) for graph, count in counts}
    local = {name: graph_ntriples(local_store, name).count(b"\n") for name in local_store.graph_names()}
    assert remote == local


def test_a_list_graph_reads_back_whole(local_store, pushed):
    from rdflib.compare import isomorphic

    from kg.validate.inputs import list_graphs_of_store
    first = next(iter(list_graphs_of_store(local_store)))
    assert isomorphic(pushed.graph(URIRef(first.source)), first.graph)


def test_pushing_a_graph_again_replaces_it_instead_of_adding(local_store, pushed):
    name = next(n for n in local_store.graph_names() if "/graph/list/" in n)
    data = graph_ntriples(local_store, name)
    pushed.replace_graph(name, data)
    count = pushed.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows[0][0]
    assert int(count) == data.count(b"\n")


@pytest.mark.parametrize("replace", ["gsp", "update"])
def test_a_rejected_replacement_leaves_the_old_graph_whole(pushed, replace):
    client = SparqlClient(dataclasses.replace(pushed.endpoint, replace=replace))
    graph = URIRef("https://example.org/graph/atomic-test")
    client.replace_graph(graph, b"<https://example.org/a> <https://example.org/p> \"old\" .\n"
                                b"<https://example.org/b> <https://example.org/p> \"old\" .\n")
    broken = b"<https://example.org/c> <https://example.org/p> \"new\" .\n<https://example.org/d> broken\n"
    with pytest.raises(InputError, match=r"HTTP 400"):
        client.replace_graph(graph, broken)
    rows = client.select(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} ORDER BY ?s").rows
    assert [(str(s), str(o)) for s, o in rows] == [("https://example.org/a", "old"), ("https://example.org/b", "old")]
    client.update(f"DROP GRAPH <{graph}>")


def _numbered_triples(count: int, tag: str) -> bytes:
    return "".join(f'<https://example.org/{tag}/{n}> <https://example.org/p> "{tag}" .\n'
                   for n in range(count)).encode("utf-8")


@pytest.mark.parametrize("replace", ["gsp", "update"])
def test_readers_see_the_old_graph_or_the_new_one_never_a_mix(pushed, replace):
    # a reader counting the graph while it is replaced again and again (a 5,000-triple graph
    # and a 3,000-triple one, in turn) must only ever see one of the two
    client = SparqlClient(dataclasses.replace(pushed.endpoint, replace=replace))
    graph = URIRef(f"https://example.org/graph/reader-test-{replace}")
    versions = (_numbered_triples(5000, "old"), _numbered_triples(3000, "new"))
    client.replace_graph(graph, versions[0])
    counts, writing_done = [], threading.Event()

    def read() -> None:
        reader = SparqlClient(pushed.endpoint)
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        while not writing_done.is_set() or not counts:
            counts.append(int(reader.select(query).rows[0][0]))

    thread = threading.Thread(target=read)
    thread.start()
    for round_ in range(1, 5):
        client.replace_graph(graph, versions[round_ % 2])
    writing_done.set()
    thread.join()
    client.update(f"DROP GRAPH <{graph}>")
    assert counts and set(counts) <= {5000, 3000}


def test_kg_push_and_kg_query_endpoint_on_the_command_line(local_store, pushed, oxigraph_server,  # noqa: F811
                                                          registry, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "not-printed")
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")          # Oxigraph ignores credentials
    one_list = GraphStore(tmp_path / "one")                # a store of one list: a quick push
    built = build_list(sorted(LISTS.iterdir())[0], registry, Iris(configured_base()))
    one_list.replace_graph(built.graph_name, built.graph)
    one_list.flush()
    del one_list
    runner = CliRunner()
    pushed_now = runner.invoke(app, ["push", "--endpoint", oxigraph_server, "--store", str(tmp_path / "one")])
    assert pushed_now.exit_code == 0, pushed_now.stderr
    assert pushed_now.stdout.startswith("pushed 1 graphs")
    arguments = ["query", "citations-of-statute", "-p", "statute=社会保险法", "--format", "csv"]
    queried = runner.invoke(app, [*arguments, "--endpoint", oxigraph_server])
    local = runner.invoke(app, [*arguments, "--store", str(local_store.path)])
    assert queried.exit_code == 0, queried.stderr
    assert len(queried.stdout.splitlines()) > 1
    assert sorted(queried.stdout.splitlines()) == sorted(local.stdout.splitlines())
    output = pushed_now.stdout + pushed_now.stderr + queried.stdout + queried.stderr
    assert "not-printed" not in output


def test_a_store_without_union_default_graph_is_named(tmp_path):
    with running_oxigraph_server(tmp_path / "db", union_default_graph=False) as base_url:
        client = SparqlClient(endpoint_for(f"{base_url}/query"))
        client.put_graph(URIRef("https://example.org/g"),
                         b"<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
        with pytest.raises(InputError, match="--union-default-graph"):
            client.select("SELECT * WHERE { ?s ?p ?o }")


def test_a_query_is_sent_as_a_query_whatever_its_comments_say(pushed):
    """SPARQLWrapper guesses the form from keywords after a comment filter that keeps every other
    comment line; a SELECT whose comments speak of copying or inserting must still be a query."""
    query = ("# The lists in the store\n# (a copy of what was pushed, with the items added since)\n"
             "SELECT (COUNT(*) AS ?lists) WHERE { ?list a <https://w3id.org/quanze-kg/ns#PowerList> }")
    assert pushed.select(query).rows[0][0].toPython() == 5
    assert pushed.ask("# Any triple at all?\n# (what was loaded)\nASK { ?s ?p ?o }")
