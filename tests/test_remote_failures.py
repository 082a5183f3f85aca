"""An endpoint that is down, slow, refusing the credentials or failing: one clear line on stderr,
exit 2, nothing on stdout, and retries bounded in count (transient failures only)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from kg.cli import app
from oxigraph_server import free_port, oxigraph_server  # noqa: F401  (session fixture)

LIST_ROW = {"head": {"vars": ["agency_name"]},
            "results": {"bindings": [{"agency_name": {"type": "literal", "value": "某县医疗保障局"}}]}}


class StubEndpoint:
    """A tiny local HTTP server answering each request with the next scripted (status, body, delay)."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.requests += 1
                status, body, delay = stub.script[min(stub.requests, len(stub.script)) - 1]
                time.sleep(delay)
                payload = (json.dumps(body) if isinstance(body, dict) else body).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:          # the client gave up (timeout) and closed the connection
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint_settings(tmp_path, monkeypatch):
    """Write the endpoints config for a URL (short timeout, few attempts) and point KG_ENDPOINT_CONFIG at it."""
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)

    def configure(url, **settings):
        config = tmp_path / "endpoints.yaml"
        lines = [f"{url}:"] + [f"  {key}: {value}" for key, value in settings.items()]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setenv("KG_ENDPOINT_CONFIG", str(config))
    return configure


@pytest.fixture
def stub():
    stubs = []

    def start(*script):
        stubs.append(StubEndpoint(script))
        return stubs[-1]
    yield start
    for each in stubs:
        each.close()


def _query_lists(url):
    return CliRunner().invoke(app, ["query", "lists", "--format", "json", "--endpoint", url])


def _one_line_error(result, *fragments):
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: http://127.0.0.1:")
    for fragment in fragments:
        assert fragment in lines[0]


def test_endpoint_down(endpoint_settings):
    url = f"http://127.0.0.1:{free_port()}/query"
    endpoint_settings(url, attempts=2)
    _one_line_error(_query_lists(url), "connection refused", "(2 attempts)")


def test_slow_endpoint_times_out_after_bounded_retries(stub, endpoint_settings):
    slow = stub((200, LIST_ROW, 3.0))
    endpoint_settings(slow.url, timeout=0.3, attempts=2)
    _one_line_error(_query_lists(slow.url), "no answer within 0.3 s", "(2 attempts)")
    assert slow.requests == 2


def test_refused_credentials_are_not_retried_nor_printed(stub, endpoint_settings, monkeypatch):
    refusing = stub((401, "Unauthorized", 0))
    endpoint_settings(refusing.url, attempts=4)
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "hunter2-secret")
    result = _query_lists(refusing.url)
    _one_line_error(result, "refused the credentials", "KG_ENDPOINT_USER")
    assert refusing.requests == 1
    assert "hunter2-secret" not in result.stderr


def test_server_error_is_reported_with_its_message(stub, endpoint_settings):
    failing = stub((500, "storage error: disk full\nbacktrace …", 0))
    endpoint_settings(failing.url, attempts=4)
    _one_line_error(_query_lists(failing.url), "HTTP 500", "storage error: disk full")
    assert failing.requests == 1


def test_transient_unavailability_is_retried_until_it_answers(stub, endpoint_settings):
    # 503 twice (a server starting behind a proxy), then answers: the registry-graph lookup, the
    # union check (one ASK: the default graph has data), the query
    recovering = stub((503, "busy", 0), (503, "busy", 0),
                      (200, {"head": {"vars": ["g"]}, "results": {"bindings": []}}, 0),
                      (200, {"boolean": True}, 0), (200, LIST_ROW, 0))
    endpoint_settings(recovering.url, attempts=3)
    result = _query_lists(recovering.url)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"agency_name": "某县医疗保障局"}]
    assert recovering.requests == 5


def test_malformed_query_on_a_real_server(oxigraph_server, tmp_path):  # noqa: F811
    broken = tmp_path / "broken.rq"
    broken.write_text("# A query with a syntax error\nSELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", str(broken), "--endpoint", oxigraph_server])
    _one_line_error(result, "rejected the request (HTTP 400)")


def test_push_to_a_down_endpoint_leaves_the_local_store_alone(tmp_path, endpoint_settings):
    from rdflib import Graph, Literal, URIRef
    from kg.graph.store import GraphStore
    store = GraphStore(tmp_path / "store")
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x")))
    store.replace_graph(URIRef("https://example.org/g"), graph)
    store.flush()
    del store
    url = f"http://127.0.0.1:{free_port()}/query"
    endpoint_settings(url, attempts=1)
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--store", str(tmp_path / "store")])
    _one_line_error(result, "connection refused")
    assert GraphStore(tmp_path / "store", read_only=True).graph_names() == [URIRef("https://example.org/g")]


def test_truncated_answer_is_reported(stub, endpoint_settings):
    # a server that stops a query at its time limit after it began streaming the results
    cut = stub((200, {"head": {"vars": ["g"]}, "results": {"bindings": []}}, 0), (200, {"boolean": True}, 0),
               (200, '{"head":{"vars":["agency_name"]},"results":{"bindings":[{"agency_name":', 0))
    endpoint_settings(cut.url, attempts=3)
    _one_line_error(_query_lists(cut.url), "not complete SPARQL JSON")
    assert cut.requests == 3
