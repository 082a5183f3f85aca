"""The `kg` command: one typer app; each sub-module wires one command to its stages."""

import typer

app = typer.Typer(
    help="quanze-kg: 权责清单 → legal-citation knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """Keep `kg` a command group, so `kg extract FILE` never reads "extract" as a file."""

# Each module registers its command(s) on `app` when imported.
from kg.cli import extract  # noqa: E402,F401
from kg.cli import build, query, stats  # noqa: E402,F401
from kg.cli import impact  # noqa: E402,F401
from kg.cli import validate  # noqa: E402,F401
from kg.cli import cite  # noqa: E402,F401
from kg.cli import push  # noqa: E402,F401
from kg.cli import serve  # noqa: E402,F401
