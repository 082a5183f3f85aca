"""Named SPARQL queries (queries/*.rq): loading and their header comment.

A query file starts with comment lines: a one-line purpose, free text, and one line per
parameter in the form ``# @param NAME KIND description`` where KIND is statute, integer, string
or category, with a trailing ``?`` when the parameter may be left out (``integer?``), or
``=VALUE`` for the value it takes when left out (``category=行政处罚``): a query can then use the
variable as an index key instead of testing BOUND() on every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.paths import QUERIES

PARAMETER_KINDS = ("statute", "integer", "string", "category")
_PARAM_LINE = re.compile(r"^#\s*@param\s+(\w+)\s+(\w+)(?:(\?)|=(\S+))?\s*(.*)$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a query declares; bound to the variable of the same name."""

    name: str
    kind: str
    optional: bool            # may be left out (then unbound, or its default)
    description: str
    default: str | None = None  # the value bound when left out


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its declared purpose and parameters."""

    name: str
    path: Path
    text: str
    purpose: str
    parameters: tuple[Parameter, ...]


def parse_query_file(path: Path) -> NamedQuery:
    """Read a .rq file and its header comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read query: {error}") from error
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    parameters = []
    for number, line in enumerate(header, start=1):
        match = _PARAM_LINE.match(line)
        if not match:
            continue
        name, kind, optional, default, description = match.groups()
        if kind not in PARAMETER_KINDS:
            raise InputError(str(path), f"parameter {name}: unknown kind {kind!r} "
                                        f"(use one of {', '.join(PARAMETER_KINDS)})", number)
        parameters.append(Parameter(name, kind, bool(optional or default), description.strip(), default))
    purpose = next((line.lstrip("# ").strip() for line in header if line.lstrip("# ").strip()), "")
    return NamedQuery(path.stem, path, text, purpose, tuple(parameters))


def named_queries(directory: Path = QUERIES) -> dict[str, NamedQuery]:
    """Every named query in `directory`, by name (file stem)."""
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}


def find_query(name_or_path: str, directory: Path = QUERIES) -> NamedQuery:
    """A named query by name, or a query file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return parse_query_file(path)
    candidate = directory / f"{name_or_path}.rq"
    if candidate.exists():
        return parse_query_file(candidate)
    known = ", ".join(sorted(named_queries(directory)))
    raise InputError(name_or_path, f"no such query; named queries: {known}")
