"""The `kg` command: one typer app; each sub-module wires one command to its stages."""

from importlib.metadata import version

import typer

DISTRIBUTION = "quanze-kg"

app = typer.Typer(
    help="quanze-kg: 权责清单 → legal-citation knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},     # every command inherits -h
)


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"kg (quanze-kg) {version(DISTRIBUTION)}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                      help="print the version and exit"),
) -> None:
    """Keep `kg` a command group, so `kg extract FILE` never reads "extract" as a file."""


# Each module registers its command(s) on `app` when imported; `kg -h` lists them in this order.
# isort: off
from kg.cli import extract  # noqa: E402,F401
from kg.cli import build, query, stats  # noqa: E402,F401
from kg.cli import impact  # noqa: E402,F401
from kg.cli import validate  # noqa: E402,F401
from kg.cli import cite  # noqa: E402,F401
from kg.cli import push  # noqa: E402,F401
from kg.cli import serve  # noqa: E402,F401
from kg.cli import statutes  # noqa: E402,F401
