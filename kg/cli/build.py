"""`kg build [FILES...]`: lists → the local store, one named graph per list; --export FILE."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.graph.build import BuiltList, build_list, build_ontology, build_registry
from kg.graph.iris import Iris, configured_base
from kg.graph.store import GraphStore, configured_store_path
from kg.paths import LISTS
from kg.statutes import load_registry


@app.command()
def build(
    files: list[Path] = typer.Argument(None, help="list files; default: data/lists/*"),
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
    base: str = typer.Option(None, "--base", help="IRI base (default $KG_BASE or https://w3id.org/quanze-kg/id/)"),
    export: Path = typer.Option(None, "--export", help="also write the store to FILE (.trig .nq .ttl .nt)"),
) -> None:
    """Read, cite and resolve each list and load it into the store, replacing its previous graph."""
    paths = files or _bundled_lists()
    iris = Iris(configured_base(base))
    err = Console(stderr=True)
    try:
        graph_store = GraphStore(configured_store_path(store))
        registry = load_registry()
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT)

    built: list[BuiltList] = []
    failed = False
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[file]}"))
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("building", total=len(paths) + 1, file="")
        for path in paths:
            progress.update(task, file=path.name)
            try:
                result = build_list(path, registry, iris)
            except InputError as error:
                progress.console.print(f"kg: {error.describe()}", style="red", markup=False,
                                       highlight=False)
                failed = True
            else:
                graph_store.replace_graph(result.graph_name, result.graph)
                built.append(result)
            progress.advance(task)
        progress.update(task, file="statute registry")
        graph_store.replace_graph(iris.registry_graph, build_registry(registry, iris))
        graph_store.replace_graph(iris.ontology_graph, build_ontology())
        progress.advance(task)
    graph_store.flush()

    if export is not None:
        try:
            graph_store.export(export)
        except InputError as error:
            report(error)
            raise typer.Exit(EXIT_BAD_INPUT)
    _summary(built, graph_store)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _bundled_lists() -> list[Path]:
    """data/lists/*, relative to the working directory when inside it (the path is recorded)."""
    paths = sorted(p for p in LISTS.iterdir() if p.is_file())
    try:
        return [p.relative_to(Path.cwd()) for p in paths]
    except ValueError:
        return paths


def _summary(built: list[BuiltList], graph_store: GraphStore) -> None:
    items = sum(b.items for b in built)
    citations = sum(b.citations for b in built)
    resolved = sum(b.resolved for b in built)
    share = f"{100 * resolved / citations:.1f}%" if citations else "–"
    keys = [b.key for b in built]
    replaced_twice = len(keys) - len(set(keys))
    note = f" ({replaced_twice} of them the same list as another file)" if replaced_twice else ""
    typer.echo(f"built {len(built)} lists{note}: {items} items, {citations} citations, "
               f"{resolved} resolved ({share}); store: {graph_store.path}")
