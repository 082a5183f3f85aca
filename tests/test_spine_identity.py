"""The build's outputs on the five bundled lists, pinned: the `kg extract` JSONL, the store's
graph (N-Quads, lines sorted) and every named query's answer to each example of its header are
compared with committed sha256 digests, so a change anywhere along read → cite → resolve →
penalties → triples (or in the queries) that alters what users get fails here. And the build in
worker processes gives the very graphs of the build in one process.

The file paths the outputs record (kg:sourceFile, "source") are written relative to the
repository (data/lists/…), so the digests do not depend on where the clone is.

When a change is meant to alter the outputs (a better extraction, a registry entry, a new fact):
run `.venv/bin/python -m pytest -q tests/test_spine_identity.py`, check that the differences are
the ones intended (`kg extract data/lists/* --format jsonl`, `kg build data/lists/* --export
x.nq`, `kg query NAME --format json` before and after), and paste the digests the failures print
into the constants below, saying why in the commit message.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path

import pyoxigraph as ox
import pytest

from five_lists import LIST_FILES
from kg.graph.iris import Iris
from kg.ingest.read import read_list
from kg.paths import LISTS, STATUTES
from kg.pipeline import build_lists, cite_document
from kg.query.bind import parse_assignments
from kg.query.named import named_queries
from kg.query.output import to_json
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner
from kg.statutes import load_registry

JSONL_SHA256 = "7f670e35392e1df2fbc02996a8a8b1d85c86edada57f533304a3b7526c8358c1"
NQUADS_SHA256 = "4f68ab94be77f31b5b138c8ce57db2193c8659eba2f2ae5e22f89e93b3cf9380"
ANSWERS_SHA256 = "21d66b78f20e8f746aeec62c6faec1b35a9a61b0a2df0a55c677c957ae23a018"


def _relative(text: str) -> str:
    """Paths under the bundled lists' folder written as the repository's data/lists/…"""
    return text.replace(str(LISTS), "data/lists")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_jsonl() -> str:
    """What `kg extract LIST_FILES --format jsonl` writes (catalogs, then items, file by file)."""
    registry = load_registry()
    lines = []
    for path in LIST_FILES:
        document = cite_document(read_list(Path(path)), registry)
        lines += [json.dumps(record.to_json(), ensure_ascii=False) for record in (*document.catalogs, *document.items)]
    return _relative("\n".join(lines) + "\n")


def sorted_nquads(store: ox.Store) -> str:
    """The whole store as N-Quads, its lines sorted (the order a store dumps in is its own)."""
    dumped = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(sorted(_relative(line) + "\n" for line in dumped.splitlines() if line))


def query_answers(store: ox.Store) -> str:
    """Each named query's JSON answer to each example command line of its header, in name order."""
    runner, registry = OxigraphRunner(store), load_registry()
    answers = []
    for _, query in sorted(named_queries().items()):
        for example in query.examples:
            words = shlex.split(example)
            assignments = [words[i + 1] for i, word in enumerate(words) if word in ("--param", "-p")]
            values = parse_assignments(assignments)
            answers.append(f"## {example}\n{to_json(run_named_query(query, values, runner, registry, Iris()))}\n")
    return _relative("".join(answers))


def test_extract_jsonl_is_unchanged():
    assert _sha256(extract_jsonl()) == JSONL_SHA256


@pytest.mark.slow
def test_graph_is_unchanged(five_lists_store):
    assert _sha256(sorted_nquads(five_lists_store.oxigraph)) == NQUADS_SHA256


@pytest.mark.slow
def test_named_query_answers_are_unchanged(five_lists_store):
    assert _sha256(query_answers(five_lists_store.oxigraph)) == ANSWERS_SHA256


@pytest.mark.slow
def test_worker_processes_build_the_same_graphs():
    paths = [Path(path) for path in LIST_FILES]
    alone = list(build_lists(paths, STATUTES, Iris(), jobs=1))
    pooled = list(build_lists(paths, STATUTES, Iris(), jobs=2))
    assert [(b.key, b.ntriples, b.items, b.citations, b.resolved) for b in pooled] == \
           [(b.key, b.ntriples, b.items, b.citations, b.resolved) for b in alone]
