"""Named SPARQL queries (queries/*.rq): loading and their header comment.

A query file starts with comment lines: a one-line purpose, free text, and one line per
parameter in the form ``# @param NAME KIND description`` where KIND is statute, integer, string,
category or date (YYYY-MM-DD), with a trailing ``?`` when the parameter may be left out (``integer?``), or
``=VALUE`` for the value it takes when left out (``category=行政处罚``): a query can then use the
variable as an index key instead of testing BOUND() on every row.

A line ``# @title 标题`` gives the query's title in Chinese, for the reports people read.
Lines ``# @columns VAR=标签 VAR=标签:VOCABULARY …`` (one or more) give each answer column the
label people read (csv, xlsx, html, the terminal table) and, after a colon, the vocabulary its
codes are shown in (kg/reports/values.py: sanction, target, unit, problem, a scheme of the
ontology such as ChangeKinds, or article / paragraph / item for 第八条, 第二款, 第（三）项). A
column without a label holds IRIs: shown only in json or with --iris.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.paths import QUERIES
from kg.reports.values import known_vocabulary

PARAMETER_KINDS = ("statute", "integer", "string", "category", "date")
_PARAM_LINE = re.compile(r"^#\s*@param\s+(\w+)\s+(\w+)(?:(\?)|=(\S+))?\s*(.*)$")
_TITLE_LINE = re.compile(r"^#\s*@title\s+(.+?)\s*$")
_COLUMNS_LINE = re.compile(r"^#\s*@columns\s+(.*)$")
_COLUMN = re.compile(r"^(\w+)=([^:\s]+)(?::(\w+))?$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a query declares; bound to the variable of the same name."""

    name: str
    kind: str
    optional: bool            # may be left out (then unbound, or its default)
    description: str
    default: str | None = None  # the value bound when left out


@dataclass(frozen=True)
class Column:
    """An answer column as people read it: its label, and the vocabulary of its codes."""

    name: str                 # the SELECT variable
    label: str
    vocabulary: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its declared purpose and parameters."""

    name: str
    path: Path
    text: str
    purpose: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...] = ()
    examples: tuple[str, ...] = ()      # the example command lines of the header
    title: str | None = None            # the title in Chinese (@title), for reports

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)


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
    columns = _columns(path, header)
    examples = tuple(line.lstrip("# ").strip() for line in header if line.lstrip("# ").startswith("kg query"))
    purpose = next((line.lstrip("# ").strip() for line in header if line.lstrip("# ").strip()), "")
    title = next((m.group(1) for m in map(_TITLE_LINE.match, header) if m), None)
    return NamedQuery(path.stem, path, text, purpose, tuple(parameters), columns, examples, title)


def _columns(path: Path, header: list[str]) -> tuple[Column, ...]:
    columns = []
    for number, line in enumerate(header, start=1):
        match = _COLUMNS_LINE.match(line)
        if not match:
            continue
        for declaration in match.group(1).split():
            column = _COLUMN.match(declaration)
            if not column:
                raise InputError(str(path), f"@columns: expected VAR=标签 or VAR=标签:VOCABULARY, "
                                            f"got {declaration!r}", number)
            name, label, vocabulary = column.groups()
            if vocabulary and not known_vocabulary(vocabulary):
                raise InputError(str(path), f"@columns: unknown vocabulary {vocabulary!r} for {name}", number)
            columns.append(Column(name, label, vocabulary))
    return tuple(columns)


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
