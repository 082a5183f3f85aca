"""`kg build [FILES|DIRS...]`: lists → the local store, one named graph per list; --export FILE.

A folder stands for the list files inside it, at any depth, by extension."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, checked_base, report
from kg.errors import InputError
from kg.graph.iris import Iris
from kg.graph.store import GraphStore, check_export_target, configured_store_path
from kg.ingest.tabular import TABULAR_SUFFIXES
from kg.paths import LISTS, STATUTES
from kg.pipeline import LARGE_BUILD, BuildEvent, Repeat, load_lists, load_registry_graphs, workers_for
from kg.reports.progress import Bar, progress_bar
from kg.statutes import load_registry

# what kg.ingest.read_list reads: tables, PDF, and text (.txt .tsv .md)
LIST_SUFFIXES = TABULAR_SUFFIXES | {".pdf", ".txt", ".tsv", ".md"}


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
    files: list[Path] = typer.Argument(None, help="list files, or folders of them (read at any depth "
                                       "by extension); default: data/lists/*"),
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
    try:
        paths = _list_files(files) if files else _bundled_lists()
        iris = Iris(checked_base(base))
        if export is not None:
            check_export_target(export)          # before the store is touched
        graph_store = GraphStore(configured_store_path(store))
        registry = load_registry()
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from None

    tally = Tally()
    with progress_bar("building", len(paths) + 1) as bar:
        load_lists(paths, graph_store, iris, STATUTES, workers_for(len(paths), jobs), partial(_count, tally, bar))
        bar.show("statute registry")
        load_registry_graphs(graph_store, registry, iris)
        bar.advance()
    graph_store.flush()

    if export is not None:
        try:
            graph_store.export(export)
        except InputError as error:
            report(error)
            raise typer.Exit(EXIT_BAD_INPUT) from None
    _summary(tally, graph_store)
    if tally.failed:
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _count(tally: Tally, bar: Bar, event: BuildEvent) -> None:
    """A file of the build counted on the summary line; a bad file reported, and a file whose list
    an earlier one gave named with that one."""
    if isinstance(event, InputError):
        tally.failed += 1
        bar.message(f"kg: {event.describe()}")
        bar.advance()
        return
    bar.advance(Path(event.source).name)
    if isinstance(event, Repeat):
        tally.duplicates += 1
        bar.message(f"kg: {event.source}: skipped: the same list (agency and title) was already "
                    f"built from {event.first}")
        return
    tally.lists += 1
    tally.items += event.items
    tally.citations += event.citations
    tally.resolved += event.resolved


def _list_files(arguments: list[Path]) -> list[Path]:
    """The files given, with each folder replaced by the list files inside it (any depth, sorted);
    an InputError for a folder that holds none."""
    paths: list[Path] = []
    for argument in arguments:
        if not argument.is_dir():
            paths.append(argument)
            continue
        inside = sorted(path for path in argument.rglob("*")
                        if path.is_file() and path.suffix.lower() in LIST_SUFFIXES and not path.name.startswith("."))
        if not inside:
            raise InputError(str(argument), f"the folder holds no list file ({' '.join(sorted(LIST_SUFFIXES))})")
        paths.extend(inside)
    return paths


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
