"""`kg query NAME|FILE.rq [--param k=v ...] [--format table|csv|json]` over the local store or
`--endpoint URL` (a remote SPARQL endpoint)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import GraphStore, configured_store_path
from kg.query.bind import parse_assignments
from kg.query.named import find_query
from kg.query.output import print_table, to_csv, to_json
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.statutes import load_registry


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def query(
    name: str = typer.Argument(..., help="a named query in queries/ (e.g. items-citing) or a .rq file"),
    param: list[str] = typer.Option([], "--param", "-p", help="a parameter NAME=VALUE (repeatable)"),
    format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="table, csv or json"),
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
    endpoint: str = typer.Option(None, "--endpoint", help="query this remote SPARQL endpoint instead of "
                                 "the local store (see README: Remote SPARQL stores)"),
) -> None:
    """Run a named SPARQL query; parameters are bound as RDF terms, never pasted into the text."""
    try:
        named = find_query(name)
        if endpoint:
            runner = SparqlClient(endpoint_for(endpoint))
            base = runner.base()
        else:
            graph_store = GraphStore(configured_store_path(store), read_only=True)
            runner, base = OxigraphRunner(graph_store.oxigraph), graph_store.base()
        iris = Iris(base or configured_base())
        result = run_named_query(named, parse_assignments(param), runner, load_registry(), iris)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT)
    if format is QueryFormat.json:
        sys.stdout.write(to_json(result) + "\n")
    elif format is QueryFormat.csv:
        sys.stdout.write(to_csv(result))
    else:
        print_table(result, f"{named.name}: {named.purpose}")
