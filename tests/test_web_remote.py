"""The web workspace over a remote SPARQL store (`kg serve --endpoint URL`): a real Oxigraph
server holding the five lists answers the pages as the local store does; nothing is written."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.remote.push import push_store
from kg.web.app import create_app
from kg.web.workspace import Workspace
from oxigraph_server import running_oxigraph_server
from web_store import DRAFT_CSV, SEED_AGENCIES


@pytest.fixture(scope="module")
def client(five_lists_store, tmp_path_factory):
    with running_oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as base_url:
        url = f"{base_url}/query"
        push_store(five_lists_store, SparqlClient(endpoint_for(url)))
        yield TestClient(create_app(Workspace(endpoint=url)))


def test_items_and_article_from_the_endpoint(client):
    page = client.get("/items", params={"statute": "社会保险法", "article": "87"})
    assert page.status_code == 200 and page.text.count('class="result"') == 4
    assert all(f"{agency}（1）" in page.text for agency in SEED_AGENCIES)
    article = client.get("/article", params={"statute": "社会保险法", "article": "87"})
    assert article.status_code == 200 and article.text.count('class="result"') == 4


def test_console_on_the_endpoint_is_read_only_too(client):
    assert "只读控制台" in client.post("/sparql", data={"query": "CLEAR ALL"}).text
    answer = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert answer.status_code == 200 and 'class="result"' in answer.text


def test_a_checked_draft_is_not_added_to_a_remote_store(client):
    checked = client.post("/validate", files={"file": ("草稿.csv", DRAFT_CSV.encode("utf-8"))})
    assert checked.status_code == 200 and "加入数据库</button>" not in checked.text
    refused = client.post(checked.url.path + "/add")
    assert refused.status_code == 400 and "kg push" in refused.text
