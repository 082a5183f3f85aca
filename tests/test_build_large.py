"""Large builds: worker processes and the bulk loader give the same store as one list at a time."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.build import LARGE_BUILD
from kg.graph.store import GraphStore, ntriples
from kg.paths import LISTS

LIST_FILES = sorted(str(p) for p in LISTS.iterdir() if p.is_file())
G1, G2 = URIRef("https://example.org/g/1"), URIRef("https://example.org/g/2")
P = URIRef("https://example.org/p")


def exported(tmp_path, name, *arguments):
    target = tmp_path / f"{name}.nq"
    result = CliRunner().invoke(app, ["build", *arguments, "--store", str(tmp_path / name),
                                      "--export", str(target)])
    assert result.exit_code == 0, result.output
    return result.output, sorted(target.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def one_at_a_time(five_lists, five_lists_store, tmp_path_factory):
    """The session's `kg build --jobs 1` of the five lists (tests/conftest.py): output, sorted quads."""
    target = tmp_path_factory.mktemp("serial") / "serial.nq"
    five_lists_store.export(target)
    return five_lists.output, sorted(target.read_text(encoding="utf-8").splitlines())


def test_worker_processes_build_the_same_graphs(one_at_a_time, tmp_path):
    output, quads = exported(tmp_path, "parallel", *LIST_FILES, "--jobs", "2")
    assert quads == one_at_a_time[1]
    assert output.splitlines()[0].split(";")[0] == one_at_a_time[0].splitlines()[0].split(";")[0]


def test_a_large_build_goes_through_the_bulk_loader_with_the_same_result(one_at_a_time, tmp_path):
    repeats = -(-LARGE_BUILD // len(LIST_FILES))           # enough files to take the bulk path
    output, quads = exported(tmp_path, "bulk", *LIST_FILES * repeats)
    assert quads == one_at_a_time[1]
    assert f"built 5 lists ({5 * repeats - 5} more files held a list already built)" in output


def test_bulk_replace_drops_the_graphs_it_replaces_and_keeps_the_others(tmp_path):
    store = GraphStore(tmp_path / "s")
    store.replace_graph(G1, [(G1, P, Literal("old"))])
    store.replace_graph(G2, [(G2, P, Literal("kept"))])
    loaded = store.bulk_replace_graphs([(G1, ntriples([(G1, P, Literal('new "quoted"\nline'))]))])
    assert loaded == [G1]
    assert sorted((str(g), str(o)) for _, _, o, g in store.quads()) == [
        (str(G1), 'new "quoted"\nline'), (str(G2), "kept")]


def test_a_failure_while_the_graphs_are_produced_leaves_the_store_untouched(tmp_path):
    store = GraphStore(tmp_path / "s")
    store.replace_graph(G1, [(G1, P, Literal("old"))])

    def graphs():
        yield G1, ntriples([(G1, P, Literal("new"))])
        raise RuntimeError("a list failed to build")

    with pytest.raises(RuntimeError):
        store.bulk_replace_graphs(graphs())
    assert [str(o) for _, _, o, _ in store.quads()] == ["old"]
    assert not list(tmp_path.glob("*.trig"))                 # the spool file is gone
