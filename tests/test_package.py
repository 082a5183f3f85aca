"""The package as a user gets it: a wheel built from the tree, installed (not editable) into a
fresh environment, runs `kg build` of the bundled lists from a folder of its own; and `kg`'s
--version and -h."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import PROJECT_ROOT

BUNDLED = ("grammars", "ontology", "queries", "data")
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".kg", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis", "store")
COMMAND_TIMEOUT = 300          # seconds: a build or an install that hangs fails the test instead


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the source tree (so the build leaves nothing in the repo)."""
    root = tmp_path_factory.mktemp("package")
    source = root / "source"
    shutil.copytree(PROJECT_ROOT, source, ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", root / "dist", source,
        cwd=root)
    (built,) = (root / "dist").glob("*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_every_bundled_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in BUNDLED:
        expected = files_under(PROJECT_ROOT / folder)
        assert expected, folder
        assert {f"kg/{folder}/{name}" for name in expected} <= names, folder
    assert "kg/cli/__init__.py" in names and not any(name.endswith(".pyc") for name in names)


@pytest.mark.slow
def test_an_installed_wheel_builds_the_bundled_lists_from_another_folder(wheel, tmp_path):
    environment = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", environment, cwd=tmp_path)
    scripts = environment / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel, cwd=tmp_path)
    # the dependencies come from this environment's site-packages, listed after the new one's own
    (installed,) = [Path(p) for p in run(python, "-c", "import site; print(*site.getsitepackages())",
                                         cwd=tmp_path).split() if Path(p).name == "site-packages"]
    (installed / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "KG_STORE", "KG_BASE")}
    where = run(python, "-c", "import kg.paths; print(kg.paths.DATA)", cwd=elsewhere, env=env).strip()
    assert Path(where).is_relative_to(installed), where          # the wheel's copy, not the repository's

    assert run(scripts / "kg", "--version", cwd=elsewhere, env=env).split()[-1] == version("quanze-kg")
    summary = run(scripts / "kg", "build", "--store", "store", cwd=elsewhere, env=env)
    assert summary.startswith("built 5 lists: ") and "resolved (" in summary, summary
    assert (elsewhere / "store").is_dir()


def test_version_names_the_distribution():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"kg (quanze-kg) {version('quanze-kg')}\n"


@pytest.mark.parametrize("arguments", [["-h"], ["build", "-h"], ["query", "-h"]])
def test_h_is_help_for_kg_and_every_command(arguments):
    short, long = (CliRunner().invoke(app, [*arguments[:-1], flag], prog_name="kg") for flag in ("-h", "--help"))
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output and "Usage: kg" in short.output
