"""An endpoint that is down, slow, refusing the credentials, failing or redirecting: one clear line
on stderr, exit 2, nothing on stdout, nothing written locally, and retries bounded in count
(transient failures only). For `kg query`, `kg push` and `kg impact`."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.iris import Iris
from oxigraph_server import free_port, oxigraph_server  # noqa: F401  (session fixture)

LIST_ROW = {"head": {"vars": ["agency_name"]},
            "results": {"bindings": [{"agency_name": {"type": "literal", "value": "某县医疗保障局"}}]}}


class StubEndpoint:
    """A tiny local HTTP server answering each request (POST or PUT) with the next scripted
    (status, body, delay[, headers]); a body is a dict (sent as JSON), text or bytes."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = 0
        self.methods: list[str] = []
        self.bodies: list[tuple[str | None, bytes]] = []       # (Content-Type, body) of each request
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.bodies.append((self.headers.get("Content-Type"), body))
                stub.requests += 1
                status, body, delay, *extra = stub.script[min(stub.requests, len(stub.script)) - 1]
                stub.methods.append(self.command)
                time.sleep(delay)
                payload = body if isinstance(body, bytes) else (
                    json.dumps(body) if isinstance(body, dict) else body).encode("utf-8")
                headers = {"Content-Type": "application/sparql-results+json", **(extra[0] if extra else {})}
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:          # the client gave up (timeout) and closed the connection
                    pass

            do_PUT = do_POST

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
    # every query went as a form (query=…), the one way every server takes (Virtuoso 7.2 never
    # answers a query POSTed as a bare application/sparql-query body)
    assert {content_type for content_type, _ in recovering.bodies} == {"application/x-www-form-urlencoded"}
    assert all(body.startswith(b"query=") for _, body in recovering.bodies)


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


# --- kg impact --endpoint: the store's graph names (the registry's, so the IRI base is known)
REGISTRY_GRAPHS = {"head": {"vars": ["g"]},
                   "results": {"bindings": [{"g": {"type": "uri", "value": str(Iris().registry_graph)}}]}}


@pytest.fixture
def impact_at(tmp_path, monkeypatch):
    """Run `kg impact 社会保险法 2010→2018 --format json -o report.json` against a URL; the local
    store ($KG_STORE) and the report's directory must stay empty whatever happens."""
    store, reports = tmp_path / "store", tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setenv("KG_STORE", str(store))

    def run(url, *more):
        result = CliRunner().invoke(app, ["impact", "社会保险法", "--from", "2010", "--to", "2018", "--format",
                                          "json", "-o", str(reports / "report.json"), "--endpoint", url, *more])
        assert not store.exists() and list(reports.iterdir()) == []
        return result
    return run


def test_impact_with_the_endpoint_down(impact_at, endpoint_settings):
    url = f"http://127.0.0.1:{free_port()}/query"
    endpoint_settings(url, attempts=2)
    _one_line_error(impact_at(url), url, "connection refused", "(2 attempts)")


def test_impact_with_refused_credentials(stub, endpoint_settings, impact_at, monkeypatch):
    refusing = stub((401, "Unauthorized", 0))
    endpoint_settings(refusing.url, attempts=4)
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "hunter2-secret")
    result = impact_at(refusing.url)
    _one_line_error(result, refusing.url, "refused the credentials")
    assert refusing.requests == 1 and "hunter2-secret" not in result.stderr


def test_impact_with_a_failing_server(stub, endpoint_settings, impact_at):
    failing = stub((500, "storage error: disk full", 0))
    endpoint_settings(failing.url, attempts=4)
    _one_line_error(impact_at(failing.url), failing.url, "HTTP 500", "storage error: disk full")


def test_impact_refused_the_write_says_how_to_check_without_it(stub, endpoint_settings, impact_at):
    read_only = stub((200, REGISTRY_GRAPHS, 0), (403, "Forbidden", 0))
    endpoint_settings(read_only.url)
    store_url = read_only.url.replace("/query", "/store")
    _one_line_error(impact_at(read_only.url), store_url, "refused the credentials (HTTP 403)", "--no-record")
    assert read_only.methods == ["POST", "PUT"]


@pytest.mark.parametrize("replace, method", [("gsp", "PUT"), ("update", "POST")])
def test_a_redirected_write_is_reported_not_followed(stub, endpoint_settings, impact_at, replace, method):
    # urllib would resend the update POST as a GET without its body, to wherever Location points
    moved = stub((200, REGISTRY_GRAPHS, 0), (301, "", 0, {"Location": "http://127.0.0.1:1/elsewhere"}))
    endpoint_settings(moved.url, replace=replace)
    _one_line_error(impact_at(moved.url), "redirects this request (HTTP 301) to http://127.0.0.1:1/elsewhere")
    assert moved.methods == ["POST", method]


def test_an_answer_that_is_not_sparql_json_is_named(stub, endpoint_settings):
    login_page = stub((200, "<html>please log in</html>", 0, {"Content-Type": "text/html"}))
    endpoint_settings(login_page.url, attempts=1)
    _one_line_error(_query_lists(login_page.url), "answered text/html, not SPARQL JSON")


def test_a_redirected_query_is_reported_and_the_credentials_stay_here(stub, endpoint_settings, monkeypatch):
    # following it would send the query's Authorization header to wherever Location points
    elsewhere = stub((200, LIST_ROW, 0))
    moved = stub((302, "", 0, {"Location": elsewhere.url}))
    endpoint_settings(moved.url, attempts=3)
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "secret")
    result = _query_lists(moved.url)
    _one_line_error(result, f"redirects this request (HTTP 302) to {elsewhere.url}")
    assert "secret" not in result.output
    assert (moved.requests, elsewhere.requests) == (1, 0)
