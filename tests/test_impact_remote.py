"""`kg impact --endpoint`: against a real Oxigraph server holding the five real lists (built and
pushed with `kg build` and `kg push`), the same report as on the local store, and the amendment
recorded on the server as it is locally."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from oxigraph_server import running_oxigraph_server

# the real cases checked by hand on the 天水 list (tests/test_impact_cli.py): (seq, old, new, change)
RECORDED = {
    ("社会保险法", "2010", "2018"): {("4163", "64", "64", "modified"), ("4165", "57", "57", "modified")},
    ("医疗机构管理条例", "2016", "2022"): {("4167", "36", "35", "renumbered")},
}


def kg(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def stores(tmp_path_factory, copy_five_lists):
    """(local store directory, query URL of a server holding the same graphs): a copy of the
    session's five-list store (tests/conftest.py), since `kg impact` records amendments in it."""
    root = tmp_path_factory.mktemp("impact-remote")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("KG_ENDPOINT_USER", raising=False)
        env.delenv("KG_ENDPOINT_PASSWORD", raising=False)
        env.setenv("KG_ENDPOINT_CONFIG", str(root / "no-endpoints.yaml"))
        copy_five_lists(root / "store")
        with running_oxigraph_server(root / "db") as base_url:
            endpoint = f"{base_url}/query"
            pushed = kg("push", "--endpoint", endpoint, "--store", str(root / "store"))
            assert pushed.exit_code == 0, pushed.stderr
            yield str(root / "store"), endpoint


@pytest.fixture(scope="module")
def reports(stores):
    """`kg impact … --format json` of each recorded case: {case: (local stdout, remote stdout)}."""
    store, endpoint = stores
    answers = {}
    for statute, old, new in RECORDED:
        command = ("impact", statute, "--from", old, "--to", new, "--format", "json")
        local, remote = kg(*command, "--store", store), kg(*command, "--endpoint", endpoint)
        assert local.exit_code == 0, local.stderr
        assert remote.exit_code == 0, remote.stderr
        answers[statute, old, new] = local.stdout, remote.stdout
    return answers


@pytest.mark.parametrize("case", sorted(RECORDED))
def test_the_endpoint_gives_the_local_report(reports, case):
    local, remote = reports[case]
    assert remote == local
    report = json.loads(remote)
    assert {(e["seq"], e["old"], e["new"], e["change"]) for e in report["affected"]} == RECORDED[case]
    assert {(e["agency"], e["source"]) for e in report["affected"]} == {("天水市医保局", str(LISTS / "tianshui-city-ybj"
                                                                                                     ".txt"))}
    assert all(e["change"] == "unchanged" for e in report["unchanged"])


def test_every_other_citation_of_the_statute_is_checked_remotely_too(reports):
    report = json.loads(reports["社会保险法", "2010", "2018"][1])
    assert len(report["unchanged"]) == 62
    assert len({e["source"] for e in report["unchanged"]}) > 1      # across bureaus, not one list


def test_the_amendments_are_recorded_on_the_server(stores, reports):
    store, endpoint = stores
    command = ("query", "items-affected-after", "-p", "after=2018-01-01", "--format", "json")
    local, remote = kg(*command, "--store", store), kg(*command, "--endpoint", endpoint)
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout
    rows = json.loads(remote.stdout)
    assert {(r["seq"], r["change"]) for r in rows} == {("4163", "modified"), ("4165", "modified"),
                                                       ("4167", "renumbered")}


@pytest.mark.parametrize("output_format", ["csv", "html", "table"])
def test_every_text_format_is_the_same(stores, output_format):
    store, endpoint = stores
    command = ("impact", "医疗机构管理条例", "--from", "2016", "--to", "2022", "--format", output_format)
    local, remote = kg(*command, "--store", store), kg(*command, "--endpoint", endpoint)
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout and "4167" in remote.stdout


def test_no_record_reads_without_writing(stores):
    store, endpoint = stores
    client = SparqlClient(endpoint_for(endpoint))
    before = client.graph_names()
    command = ("impact", "行政处罚法", "--from", "2017", "--to", "2021", "--format", "json", "--no-record")
    remote, local = kg(*command, "--endpoint", endpoint), kg(*command, "--store", store)
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert client.graph_names() == before
    assert not any("administrative-penalty-law" in name for name in before)


@pytest.mark.parametrize("other", [("--lists",), ("--store", "somewhere")])
def test_endpoint_excludes_the_other_sources(stores, other):
    result = kg("impact", "社会保险法", "--from", "2010", "--to", "2018", "--endpoint", stores[1], *other)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"kg: --endpoint: give --endpoint or {other[0]}, not both"


def test_an_empty_server_is_named_not_answered_with_nothing(tmp_path):
    with running_oxigraph_server(tmp_path / "empty") as base_url:
        result = kg("impact", "社会保险法", "--from", "2010", "--to", "2018", "--endpoint", f"{base_url}/query")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (f"kg: {base_url}/query: the endpoint holds no statute registry graph; "
                                     "`kg build` the lists and `kg push` them first")


def test_graph_iris_come_from_the_server_not_the_environment(stores, monkeypatch):
    monkeypatch.setenv("KG_BASE", "https://elsewhere.example/id/")
    result = kg("impact", "医疗机构管理条例", "--from", "2016", "--to", "2022", "--format", "json",
                "--no-record", "--endpoint", stores[1])
    assert result.exit_code == 0, result.stderr
    assert [e["seq"] for e in json.loads(result.stdout)["affected"]] == ["4167"]
    assert not any(str(name).startswith("https://elsewhere.example/")
                   for name in SparqlClient(endpoint_for(stores[1])).graph_names())
