"""`kg stats`: what the store holds (named graphs with their sizes, lists with their counts)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.graph.store import GraphStore, configured_store_path
from kg.query.named import find_query
from kg.query.output import print_table
from kg.query.runners import OxigraphRunner

STATS_QUERIES = ("store-graphs", "lists", "statute-counts")


@app.command()
def stats(
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
) -> None:
    """Named graphs and their sizes, the lists with item and citation counts, statutes cited."""
    try:
        runner = OxigraphRunner(GraphStore(configured_store_path(store), read_only=True).oxigraph)
        console = Console()
        for name in STATS_QUERIES:
            named = find_query(name)
            print_table(runner.select(named.text), named.purpose, console)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error
