"""The five bundled lists built into an on-disk store once per test session (the fixtures are in
tests/conftest.py): `kg build` as a user runs it, one process, exported to TriG as well."""

from __future__ import annotations

import gc
import shutil
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.paths import LISTS

LIST_FILES = tuple(str(path) for path in sorted(LISTS.iterdir()) if path.is_file())


@dataclass(frozen=True)
class FiveLists:
    """What `kg build --jobs 1 LIST_FILES --export …` left: the store directory (the five list
    graphs, the statute registry and the ontology), its TriG export and the command's output."""

    store: Path
    export: Path
    output: str


def build_five_lists(directory: Path) -> FiveLists:
    """The five lists built into `directory`/store, with the store closed afterwards."""
    store, export = directory / "store", directory / "five-lists.trig"
    result = CliRunner().invoke(app, ["build", *LIST_FILES, "--jobs", "1", "--store", str(store),
                                      "--export", str(export)])
    assert result.exit_code == 0, result.output
    gc.collect()                     # Oxigraph releases the store's lock when its handle is dropped
    return FiveLists(store, export, result.output)


def copy_store(five_lists: FiveLists, target: Path) -> Path:
    """A copy of the five-list store at `target`, for a test that changes the store."""
    shutil.copytree(five_lists.store, target)
    return target
