"""`kg validate --all` over a whole store: worker processes change nothing in the report, and the
lists of a remote SPARQL store (a real `oxigraph serve`) give the same report as the local store."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.iris import Iris, configured_base
from kg.graph.vocabulary import KG
from kg.paths import LISTS
from kg.pipeline import build_list
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.remote.push import push_store
from kg.statutes import load_registry
from kg.validate.corpus import validate_corpus, workers_for
from kg.validate.inputs import registry_context, store_lists
from kg.validate.run import validate_list
from oxigraph_server import free_port, oxigraph_server  # noqa: F401  (session fixture)


@pytest.fixture(scope="session")
def registry():
    return load_registry()


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="session")
def local_json(five_lists_store):
    result = run("--all", "--store", str(five_lists_store.path), "--format", "json", "--jobs", "1")
    assert result.exit_code == 1, result.stderr           # 南召 and 天水 hold Violations
    return json.loads(result.stdout)


def _as_text(reports) -> list[str]:
    return [json.dumps([f.to_json() for f in r.findings], ensure_ascii=False) for r in reports]


def test_two_workers_give_the_same_reports_in_the_same_order(five_lists_store, registry):
    source = store_lists(five_lists_store.path)
    names = source.names()
    alone = list(validate_corpus(source, names, registry, workers=1))
    shared = list(validate_corpus(source, names, registry, workers=2))
    assert [r.source for r in shared] == names == [r.source for r in alone]
    assert _as_text(shared) == _as_text(alone)
    assert [(r.agency, r.items) for r in shared] == [(r.agency, r.items) for r in alone]
    assert sum(r.items for r in alone) == 92


def test_store_reports_are_those_of_the_lists_validated_one_by_one(five_lists_store, registry):
    iris = Iris(configured_base())
    context = registry_context(registry, iris)
    source = store_lists(five_lists_store.path)
    from_store = {r.findings[0].source: r for r in validate_corpus(source, source.names(), registry, workers=1)}
    for file in sorted(LISTS.iterdir()):
        built = build_list(file, registry, iris)
        list_iri = next(built.graph.subjects(RDF.type, KG.PowerList))
        one = validate_list(built.graph, list_iri, context)
        assert _as_text([from_store[str(file)]]) == [json.dumps([f.to_json() for f in one], ensure_ascii=False)]


def test_workers_only_when_there_are_lists_enough_for_them():
    assert workers_for(5, 2) == 1
    assert workers_for(3300, 2) == 2
    assert workers_for(3300, 1) == 1


def test_endpoint_gives_the_same_report_as_the_local_store(five_lists_store, oxigraph_server, local_json):  # noqa: F811
    push_store(five_lists_store, SparqlClient(endpoint_for(oxigraph_server)))
    remote = run("--all", "--endpoint", oxigraph_server, "--format", "json")
    assert remote.exit_code == 1, remote.stderr
    assert json.loads(remote.stdout) == local_json
    assert {r["check"] for r in local_json} >= {"ArticleOutOfRange", "WrongArticleNumber", "MalformedCode"}
    summary = run("--all", "--endpoint", oxigraph_server)
    assert summary.stdout == run("--all", "--store", str(five_lists_store.path)).stdout
    assert "南召县医疗保障局" in summary.stdout


def test_endpoint_down_is_one_line_and_exit_2(tmp_path, monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/query"
    config = tmp_path / "endpoints.yaml"
    config.write_text(f"{url}:\n  attempts: 1\n", encoding="utf-8")
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    result = run("--all", "--endpoint", url)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and "connection refused" in lines[0]


def test_endpoint_needs_all(oxigraph_server):  # noqa: F811
    result = run(str(LISTS / "nanzhao-county-ybj.txt"), "--endpoint", oxigraph_server)
    assert result.exit_code == 2 and "--all" in result.stderr
