"""Endpoint configuration: URLs by server convention, the config file, credentials from the
environment only (never from the URL, never in repr), and the retry policy's bounds."""

from __future__ import annotations

import urllib.error

import pytest

from kg.errors import InputError
from kg.remote.endpoint import Endpoint, endpoint_for
from kg.remote.retry import with_retries


@pytest.fixture(autouse=True)
def no_credentials_in_env(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(tmp_path / "absent.yaml"))


@pytest.mark.parametrize("query_url, update_url, store_url", [
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store"),
    ("http://fuseki:3030/lists/sparql", "http://fuseki:3030/lists/update", "http://fuseki:3030/lists/data"),
    ("http://graphdb:7200/repositories/kg", "http://graphdb:7200/repositories/kg/statements",
     "http://graphdb:7200/repositories/kg/rdf-graphs/service"),
    ("http://virtuoso:8890/sparql", "http://virtuoso:8890/sparql", "http://virtuoso:8890/sparql-graph-crud-auth"),
    ("http://other:9999/endpoint", "http://other:9999/endpoint", None),
])
def test_update_and_graph_store_urls_follow_each_servers_layout(query_url, update_url, store_url):
    endpoint = endpoint_for(query_url)
    assert (endpoint.update_url, endpoint.store_url) == (update_url, store_url)
    assert endpoint.replace == ("gsp" if store_url else "update")


def test_config_file_entry_names_urls_credentials_and_policy(tmp_path, monkeypatch):
    config = tmp_path / "endpoints.yaml"
    config.write_text("http://db:3030/kg/query:\n  update: http://db:3030/kg/up\n  store: http://db:3030/kg/gsp\n"
                      "  user: kg\n  password: s3cret\n  timeout: 5\n  attempts: 2\n  replace: update\n"
                      "http://elsewhere/query:\n  user: other\n", encoding="utf-8")
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    endpoint = endpoint_for("http://db:3030/kg/query")
    assert endpoint == Endpoint("http://db:3030/kg/query", "http://db:3030/kg/up", "http://db:3030/kg/gsp",
                                user="kg", password="s3cret", timeout=5.0, attempts=2, replace="update")
    assert "s3cret" not in repr(endpoint)
    # credentials of one URL are never sent to another
    assert endpoint_for("http://db:3030/other/query").credentials is None


def test_environment_credentials_win_over_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "endpoints.yaml"
    config.write_text("http://db/query:\n  user: file-user\n  password: file-pass\n", encoding="utf-8")
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    monkeypatch.setenv("KG_ENDPOINT_USER", "env-user")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "env-pass")
    assert endpoint_for("http://db/query").credentials == ("env-user", "env-pass")


@pytest.mark.parametrize("url, reason", [
    ("http://kg:secret@db/query", "not in the URL"),
    ("ftp://db/query", r"not an http\(s\) URL"),
    ("db:7878/query", r"not an http\(s\) URL"),
])
def test_bad_endpoint_urls_are_refused(url, reason):
    with pytest.raises(InputError, match=reason) as raised:
        endpoint_for(url)
    assert "secret" not in str(raised.value)


def test_a_broken_config_file_names_itself(tmp_path, monkeypatch):
    config = tmp_path / "endpoints.yaml"
    config.write_text("http://db/query: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    with pytest.raises(InputError, match=r"endpoints\.yaml"):
        endpoint_for("http://db/query")


def _failing(errors):
    calls = []

    def call():
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "answer"
    return call, calls


def _http_error(code):
    return urllib.error.HTTPError("http://db/query", code, "status", {}, None)


def test_transient_failures_are_retried_with_growing_backoff():
    call, calls = _failing([urllib.error.URLError(ConnectionRefusedError()), _http_error(503), TimeoutError()])
    delays = []
    endpoint = Endpoint("http://db/query", "http://db/update", None, attempts=4)
    assert with_retries(call, endpoint, "http://db/query", sleep=delays.append) == "answer"
    assert len(calls) == 4 and delays == sorted(delays) and delays[0] < delays[-1]


def test_retries_stop_after_the_attempts_allowed():
    call, calls = _failing([_http_error(502)] * 10)
    endpoint = Endpoint("http://db/query", "http://db/update", None, attempts=3)
    with pytest.raises(InputError, match=r"unavailable \(HTTP 502\) \(3 attempts\)"):
        with_retries(call, endpoint, "http://db/query", sleep=lambda _: None)
    assert len(calls) == 3


def test_retries_stop_before_the_deadline():
    call, calls = _failing([TimeoutError()] * 10)
    endpoint = Endpoint("http://db/query", "http://db/update", None, attempts=10, deadline=1.0)
    with pytest.raises(InputError, match="timeout"):
        with_retries(call, endpoint, "http://db/query", sleep=lambda _: None)
    assert len(calls) < 10          # backoff 0.25 + 0.5 would pass the 1 s deadline at the third


@pytest.mark.parametrize("code, reason", [(401, "refused the credentials"), (400, "rejected the request"),
                                          (500, "failed \\(HTTP 500\\)"), (404, "no SPARQL service")])
def test_final_failures_are_not_retried(code, reason):
    call, calls = _failing([_http_error(code)])
    endpoint = Endpoint("http://db/query", "http://db/update", None)
    with pytest.raises(InputError, match=reason):
        with_retries(call, endpoint, "http://db/query", sleep=lambda _: None)
    assert len(calls) == 1
