"""`kg build [FILES...]`: lists → the local store, one named graph per list; --export FILE."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, checked_base, report
from kg.errors import InputError
from kg.graph.build import BuiltList, build_lists, build_ontology, build_registry
from kg.graph.iris import Iris
from kg.graph.registry_triples import cited_statute_ids
from kg.graph.store import GraphStore, check_export_target, configured_store_path
from kg.paths import LISTS, STATUTES
from kg.statutes import load_registry

LARGE_BUILD = 50     # files: from here on, worker processes and Oxigraph's bulk loader pay off


@dataclass
class Tally:
    """What a build loaded: the summary line's figures."""

    lists: int = 0
    items: int = 0
    citations: int = 0
    resolved: int = 0
    duplicates: int = 0        # files holding a list another file of the same build already gave
    failed: int = 0            # files that could not be read


@app.command()
def build(
    files: list[Path] = typer.Argument(None, help="list files; default: data/lists/*"),
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
    base: str = typer.Option(None, "--base", help="IRI base (default $KG_BASE or https://w3id.org/quanze-kg/id/)"),
    export: Path = typer.Option(None, "--export", help="also write the store to FILE (.trig .nq .ttl .nt)"),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1,
                             help=f"worker processes (default: one per CPU from {LARGE_BUILD} files on, else 1)"),
) -> None:
    """Read, cite and resolve each list and load it into the store, replacing its previous graph.

    From 50 files on, the graphs go through Oxigraph's bulk loader: much faster, but a crash
    while loading (not a bad file: those never reach the store) can leave graphs partial until
    the next build."""
    paths = files or _bundled_lists()
    err = Console(stderr=True)
    try:
        iris = Iris(checked_base(base))
        if export is not None:
            check_export_target(export)          # before the store is touched
        graph_store = GraphStore(configured_store_path(store))
        registry = load_registry()
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT)

    large = len(paths) >= LARGE_BUILD
    workers = jobs or ((os.cpu_count() or 1) if large else 1)
    tally = Tally()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[file]}"))
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("building", total=len(paths) + 1, file="")
        graphs = _loadable(build_lists(paths, STATUTES, iris, workers), tally, progress, task)
        if large:
            graph_store.bulk_replace_graphs(graphs)
        else:
            for name, text in graphs:
                graph_store.replace_graph_text(name, text)
        progress.update(task, file="statute registry")
        cited = cited_statute_ids(graph_store.oxigraph, registry.statutes, iris)
        graph_store.replace_graph(iris.registry_graph, build_registry(registry, iris, cited))
        graph_store.replace_graph(iris.ontology_graph, build_ontology())
        progress.advance(task)
    graph_store.flush()

    if export is not None:
        try:
            graph_store.export(export)
        except InputError as error:
            report(error)
            raise typer.Exit(EXIT_BAD_INPUT)
    _summary(tally, graph_store)
    if tally.failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _loadable(results: Iterable[BuiltList | InputError], tally: Tally, progress: Progress,
              task) -> Iterator[tuple]:
    """(graph name, N-Triples) of each list built, counted; bad files reported and skipped, and a
    list some earlier file of the build already gave (same agency and content) loaded once."""
    seen: set[str] = set()
    for result in results:
        progress.advance(task)
        if isinstance(result, InputError):
            tally.failed += 1
            progress.console.print(f"kg: {result.describe()}", style="red", markup=False, highlight=False)
            continue
        progress.update(task, file=Path(result.source).name)
        if result.key in seen:
            tally.duplicates += 1
            continue
        seen.add(result.key)
        tally.lists += 1
        tally.items += result.items
        tally.citations += result.citations
        tally.resolved += result.resolved
        yield result.graph_name, result.ntriples


def _bundled_lists() -> list[Path]:
    """data/lists/*, relative to the working directory when inside it (the path is recorded)."""
    paths = sorted(p for p in LISTS.iterdir() if p.is_file())
    try:
        return [p.relative_to(Path.cwd()) for p in paths]
    except ValueError:
        return paths


def _summary(tally: Tally, graph_store: GraphStore) -> None:
    share = f"{100 * tally.resolved / tally.citations:.1f}%" if tally.citations else "–"
    note = f" ({tally.duplicates} more files held a list already built)" if tally.duplicates else ""
    typer.echo(f"built {tally.lists} lists{note}: {tally.items} items, {tally.citations} citations, "
               f"{tally.resolved} resolved ({share}); store: {graph_store.path}")
