"""The `kg` command: one typer app; each sub-module wires one command to its stages."""

import os
import sys
from importlib import import_module
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
COMMANDS = ("extract", "build", "query", "stats", "impact", "validate", "cite", "push", "serve", "statutes")


def _modules_to_import(argv: list[str]) -> tuple[str, ...]:
    """The command modules (kg/cli/<command>.py) a run of the `kg` script needs: only the named
    command's when argv names one (`kg extract …` then skips the graph, query and report stages'
    imports), else all (`kg -h`, or `kg.cli` imported by tests and tools)."""
    if len(argv) >= 2 and os.path.basename(argv[0]) in ("kg", "kg.exe") and argv[1] in COMMANDS:
        return (argv[1],)
    return COMMANDS


for _module in _modules_to_import(sys.argv):
    import_module(f"kg.cli.{_module}")
