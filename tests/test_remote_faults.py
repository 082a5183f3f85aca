"""Remote faults a server or a config file can produce (issue 20): malformed answers, URLs and
settings; a server trickling its answer; error text echoing credentials; a push cut half-way.
Each is one line naming the endpoint and what was wrong, exit 2, never a traceback."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.store import GraphStore
from test_remote_failures import _one_line_error, _query_lists, endpoint_settings, stub  # noqa: F401

MARKER_PASSWORD = "Marker-pw-7c1e"        # must never appear in any output


@pytest.mark.parametrize("body, reason", [
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[]", "a JSON array"),
    (b"null", "JSON null"),
    (b'"results"', "a JSON string"),
    (b'{"results": []}', "`results` missing or not an object"),
    (b'{"head": {}}', "`results` missing or not an object"),
    (b'{"head": {"vars": "x"}, "results": {"bindings": []}}', "`head.vars` is not a list"),
    (b'{"head": {"vars": [3]}, "results": {"bindings": []}}', "`head.vars` is not a list"),
    (b'{"head": {"vars": ["x"]}, "results": {"bindings": {}}}', "`results.bindings` is not a list"),
    (b'{"head": {"vars": ["x"]}, "results": {"bindings": [1]}}', "`results.bindings` is not a list"),
    (b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 1}]}}', "?x is not an RDF term"),
    (b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}', "?x is not an RDF term"),
])
def test_a_malformed_select_answer_is_one_line(stub, endpoint_settings, body, reason):  # noqa: F811
    server = stub((200, body, 0))          # the first request asks for the graph names
    endpoint_settings(server.url, attempts=1)
    _one_line_error(_query_lists(server.url), "malformed answer", reason)


@pytest.mark.parametrize("answer", [{"boolean": "yes"}, {}, {"boolean": None}])
def test_a_malformed_ask_answer_is_one_line(stub, endpoint_settings, answer):  # noqa: F811
    # the graph names first, then the ASK checking the union default graph
    server = stub((200, {"head": {"vars": ["g"]}, "results": {"bindings": []}}, 0), (200, answer, 0))
    endpoint_settings(server.url, attempts=1)
    _one_line_error(_query_lists(server.url), "malformed answer", "no ASK answer")


@pytest.mark.parametrize("url", ["http://[::1/query", "http://host:99999/query", "http://host:port/q",
                                 "http://exa mple.org/query", "http:///query", "ftp://host/query",
                                 "not a url", "http://host/q\x00uery"])
def test_an_endpoint_that_is_not_a_url_is_one_line(url):
    result = CliRunner().invoke(app, ["query", "lists", "--endpoint", url])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("kg: --endpoint: not a") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("setting, named", [
    ("timeout: -1", "timeout must be"), ("timeout: .nan", "timeout must be"),
    ("timeout: 1e308", "timeout must be"), ("timeout: .inf", "timeout must be"),
    ("deadline: 0", "deadline must be"), ("timeout: [1]", "timeout must be"),
    ("attempts: 0", "attempts must be"), ("attempts: 2.5", "attempts must be"),
    ("attempts: 1e308", "attempts must be"),
    ("store: not a url", "store: not an http(s) URL"), ("update: 42", "update: not an http(s) URL"),
])
@pytest.mark.parametrize("command", ["query", "push"])
def test_a_bad_config_value_names_the_file_and_the_setting(tmp_path, monkeypatch, setting, named, command):
    url = "http://127.0.0.1:9/query"
    config = tmp_path / "endpoints.yaml"
    config.write_text(f"{url}:\n  {setting}\n", encoding="utf-8")
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    args = ["query", "lists"] if command == "query" else ["push", "--store", str(tmp_path / "none")]
    result = CliRunner().invoke(app, [*args, "--endpoint", url])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: {config}: {url}: ") and named in lines[0]


class TricklingServer:
    """Answers every request with a valid SPARQL JSON answer, one byte every `pause` seconds."""

    def __init__(self, pause: float = 0.5):
        body = json.dumps({"head": {"vars": ["agency_name"]}, "results": {"bindings": []}}).encode() * 50
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/query"
        self.closed = threading.Event()

        def serve(connection):
            with connection:
                try:
                    connection.recv(65536)
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                       b"Content-Length: %d\r\n\r\n" % len(body))
                    for byte in body:
                        if self.closed.wait(pause):
                            return
                        connection.send(bytes([byte]))
                except OSError:
                    pass

        def accept():
            while not self.closed.is_set():
                try:
                    connection, _ = self.listener.accept()
                except OSError:
                    return
                threading.Thread(target=serve, args=(connection,), daemon=True).start()
        threading.Thread(target=accept, daemon=True).start()

    def close(self):
        self.closed.set()
        self.listener.close()


def test_a_trickling_server_is_cut_at_the_deadline(endpoint_settings):  # noqa: F811
    # each read gets a byte within the timeout: only a wall-clock deadline ends the exchange
    server = TricklingServer()
    try:
        endpoint_settings(server.url, timeout=5, deadline=2, attempts=3)
        started = time.monotonic()
        result = _query_lists(server.url)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    _one_line_error(result, "did not finish within the deadline of 2 s")
    assert elapsed < 4


def _echoing_stub(stub, status):  # noqa: F811
    echoed = ("Authorization: Basic " + __import__("base64").b64encode(f"kg:{MARKER_PASSWORD}".encode()).decode()
              + f" password={MARKER_PASSWORD} token: abcdef123456")
    return stub((status, f"bad request, headers were {echoed}\nmore", 0))


@pytest.mark.parametrize("status", [400, 500, 502])
def test_server_error_text_never_shows_a_credential(stub, endpoint_settings, monkeypatch, status):  # noqa: F811
    server = _echoing_stub(stub, status)
    endpoint_settings(server.url, attempts=1)
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", MARKER_PASSWORD)
    result = _query_lists(server.url)
    assert result.exit_code == 2
    assert MARKER_PASSWORD not in result.output and "abcdef123456" not in result.output
    assert f"HTTP {status}" in result.stderr


def test_server_error_text_never_shows_the_configured_password(stub, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    server = stub((500, f"failed: login as kg with {MARKER_PASSWORD} refused", 0))
    config = tmp_path / "endpoints.yaml"
    config.write_text(f"{server.url}:\n  user: kg\n  password: {MARKER_PASSWORD}\n  attempts: 1\n", encoding="utf-8")
    monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    result = _query_lists(server.url)
    _one_line_error(result, "HTTP 500", "[hidden]")
    assert MARKER_PASSWORD not in result.output


GRAPHS = [URIRef(f"https://example.org/graph/{name}") for name in ("a", "b", "c", "d", "e")]


@pytest.fixture
def five_graph_store(tmp_path):
    store = GraphStore(tmp_path / "store")
    for name in GRAPHS:
        store.replace_graph_text(name, f"<{name}> <https://example.org/p> \"{name}\" .\n")
    store.flush()
    del store
    return tmp_path / "store"


def test_a_push_cut_half_way_names_what_was_replaced_and_a_rerun_completes_it(
        stub, endpoint_settings, five_graph_store, monkeypatch):  # noqa: F811
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", MARKER_PASSWORD)
    failing = stub((204, "", 0), (204, "", 0), (500, f"disk full Authorization: Basic {MARKER_PASSWORD}", 0))
    endpoint_settings(failing.url, attempts=1)
    result = CliRunner().invoke(app, ["push", "--endpoint", failing.url, "--store", str(five_graph_store)])
    _one_line_error(result, "2 of 5 graphs were replaced", f"<{GRAPHS[0]}>, <{GRAPHS[1]}>",
                    f"not replaced: <{GRAPHS[2]}>, <{GRAPHS[3]}>, <{GRAPHS[4]}>", "run `kg push` again")
    assert MARKER_PASSWORD not in result.output
    assert failing.requests == 3

    working = stub((204, "", 0))
    endpoint_settings(working.url, attempts=1)
    again = CliRunner().invoke(app, ["push", "--endpoint", working.url, "--store", str(five_graph_store)])
    assert again.exit_code == 0 and "pushed 5 graphs" in again.stdout
    assert working.requests == 5 and working.methods == ["PUT"] * 5
    assert MARKER_PASSWORD not in again.output
