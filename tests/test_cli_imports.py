"""`kg COMMAND` imports only that command's module: `kg extract` must not pay for the graph,
query and report stages (rdflib, pyoxigraph), and every command stays reachable."""

import json
import subprocess
import sys

import kg.cli


def _modules_after_import(argv: list[str]) -> dict:
    probe = (f"import json, sys; sys.argv = {argv!r}; import kg.cli; print(json.dumps({{"
             "'heavy': sorted(m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'openpyxl') if m in sys.modules), "
             "'commands': sorted(c.callback.__name__ for c in kg.cli.app.registered_commands)}))")
    return json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)


def test_extract_run_skips_the_graph_stage_imports():
    seen = _modules_after_import(["/venv/bin/kg", "extract", "list.xlsx"])
    assert seen == {"heavy": [], "commands": ["extract"]}


def test_help_and_other_importers_get_every_command():
    every = len(kg.cli.COMMANDS) - 1                    # `statutes` is a group, not a command
    assert len(_modules_after_import(["/venv/bin/kg", "-h"])["commands"]) == every
    assert len(_modules_after_import(["pytest", "extract"])["commands"]) == every


def test_every_registered_command_is_listed():
    registered = [(c.name or c.callback.__name__).replace("_", "-") for c in kg.cli.app.registered_commands]
    registered += [group.name for group in kg.cli.app.registered_groups]
    assert sorted(registered) == sorted(kg.cli.COMMANDS)
