"""`kg push --endpoint URL [--store DIR]`: the local store's named graphs → a remote SPARQL store."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.graph.store import GraphStore, configured_store_path
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.remote.push import PushSummary, push_store
from kg.reports.progress import progress_bar


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="the remote store's SPARQL query URL, e.g. "
                                 "http://127.0.0.1:7878/query (credentials: KG_ENDPOINT_USER / "
                                 "KG_ENDPOINT_PASSWORD or the endpoints config file)"),
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
) -> None:
    """Replace each list's named graph, the registry and the ontology graph on a remote store."""
    summary = PushSummary()
    try:
        client = SparqlClient(endpoint_for(endpoint))
        graph_store = GraphStore(configured_store_path(store), read_only=True)
        total = len(graph_store.graph_names())
        if not total:
            raise InputError(str(graph_store.path), "the store holds no graph; run `kg build` first")
        with progress_bar("pushing", total) as bar:
            push_store(graph_store, client, summary, on_pushed=lambda graph: bar.advance(_short(graph)))
    except InputError as error:
        if summary.graphs:
            error = InputError(error.path, f"{error.reason}; {summary.partial()}")
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error
    typer.echo(f"pushed {summary.graphs} graphs ({summary.triples} triples) to {endpoint}")


def _short(graph) -> str:
    """The end of a graph's name, for the progress bar (graph/list/南召县医疗保障局-106eb7ce)."""
    return str(graph).rsplit("/", 1)[-1]
