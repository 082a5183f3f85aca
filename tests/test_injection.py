"""Injection (issue 20): parameter values with SPARQL syntax are bound as terms, query names with
path separators or shell metacharacters are refused, and neither changes the store."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from five_lists import copy_store
from kg.cli import app

RUNNER = CliRunner()

SPARQL_VALUES = [
    '社会保险法" } ; DROP ALL ; #',
    "社会保险法> } INSERT DATA { <urn:x> <urn:y> <urn:z> } #",
    "') } UNION { ?s ?p ?o } #",
    "社会保险法\\\" . } CLEAR DEFAULT #",
]

QUERY_NAMES = ["../pyproject", "../../etc/passwd", "items-citing; rm -rf /", "$(touch pwned)", "items-citing|cat",
               "/etc/passwd"]


def _digest(store) -> str:
    """A digest of every file of the store, so any write shows."""
    sha = hashlib.sha256()
    for path in sorted(p for p in store.rglob("*") if p.is_file() and p.name != "LOCK"):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def store(five_lists, tmp_path_factory):
    return copy_store(five_lists, tmp_path_factory.mktemp("injection") / "store")


@pytest.mark.parametrize("value", SPARQL_VALUES)
def test_a_parameter_value_with_sparql_syntax_is_a_term(store, value):
    before = _digest(store)
    answer = RUNNER.invoke(app, ["query", "items-citing", "-p", f"statute={value}", "-p", "article=87",
                                 "--format", "json", "--store", str(store)])
    assert answer.exit_code in (0, 2), answer.output
    assert "Traceback" not in answer.output
    if answer.exit_code == 0:
        assert json.loads(answer.stdout) == []     # no such statute: nothing, and never every triple
    assert _digest(store) == before


def test_the_same_query_with_a_plain_value_answers(store):
    """The control: the query the values above were put into does answer (four seed items)."""
    answer = RUNNER.invoke(app, ["query", "items-citing", "-p", "statute=社会保险法", "-p", "article=87",
                                 "--format", "json", "--store", str(store)])
    assert answer.exit_code == 0, answer.output
    assert len(json.loads(answer.stdout)) == 4


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_a_query_name_with_path_or_shell_characters_is_refused(store, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _digest(store)
    answer = RUNNER.invoke(app, ["query", name, "--store", str(store)])
    assert answer.exit_code == 2, answer.output
    assert "Traceback" not in answer.output
    assert not (tmp_path / "pwned").exists()
    assert _digest(store) == before


@settings(max_examples=25, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(list('{}<>"\'\\#;. ?$社会保险法DROPINSERT\n')), max_size=40))
def test_any_parameter_text_leaves_the_store_unchanged(store, value):
    before = _digest(store)
    answer = RUNNER.invoke(app, ["query", "items-citing", "-p", f"statute={value}", "-p", "article=87",
                                 "--format", "csv", "--store", str(store)])
    assert answer.exit_code in (0, 2) and "Traceback" not in answer.output
    assert _digest(store) == before
