"""Query parameters: `k=v` strings → RDF terms → a VALUES block at the top of the WHERE clause.

Values are bound as data (serialized RDF terms in an inline VALUES block), never pasted into the
query's own text, so the same bound query runs on Oxigraph, rdflib and any SPARQL 1.1 endpoint.
A parameter left out stays unbound; queries test it with BOUND(). The block opens the first
WHERE clause of the text: a query whose parameters belong in a sub-select (evaluated on its own,
before the outer query) writes its outer query without the optional WHERE keyword.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.graph.iris import Iris
from kg.graph.vocabulary import category_concept
from kg.query.named import NamedQuery, Parameter
from kg.statutes import Registry
from kg.statutes.normalize import arabic_number

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
MAX_NUMBER = 9999               # articles, paragraphs, items: 民法典, the longest statute, has 1,260
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ASCII_NUMBER = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """`--param k=v` options → {k: v}."""
    values = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise InputError("--param", f"expected NAME=VALUE, got {assignment!r}")
        values[name.strip()] = value.strip()
    return values


def bind_parameters(query: NamedQuery, values: Mapping[str, str], registry: Registry,
                    iris: Iris) -> dict[str, Node]:
    """The RDF term of each given parameter (or of its default when left out); an error for
    unknown or missing required ones."""
    declared = {parameter.name: parameter for parameter in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "none"
        raise InputError(query.name, f"unknown parameter {', '.join(unknown)} (accepted: {accepted})")
    blank = sorted(name for name, value in values.items() if not value.strip())
    if blank:
        raise InputError(query.name, f"parameter {', '.join(blank)}: empty value (leave an optional "
                                     "parameter out to mean any)")
    missing = [p.name for p in query.parameters if not p.optional and p.name not in values]
    if missing:
        raise InputError(query.name, f"missing parameter {', '.join(missing)}")
    given = {p.name: p.default for p in query.parameters if p.default is not None}
    given.update(values)
    return {name: _term(declared[name], value, query, registry, iris) for name, value in given.items()}


def _term(parameter: Parameter, value: str, query: NamedQuery, registry: Registry, iris: Iris) -> Node:
    if parameter.kind == "statute":
        # any title or alias as users write it, resolved like a citation's title
        resolution = registry.resolve(value)
        if resolution.statute_id:
            return iris.statute(resolution.statute_id)
        return iris.unresolved_statute(resolution.key)
    if parameter.kind == "integer":
        return Literal(_provision_number(parameter, value, query))
    if parameter.kind == "date":
        if not _ISO_DATE.fullmatch(value) or not _is_date(value):
            raise InputError(query.name, f"parameter {parameter.name}: not a date YYYY-MM-DD: {value!r}")
        return Literal(value)
    if parameter.kind == "category":
        concept = category_concept(value)
        if concept is None:
            raise InputError(query.name, f"parameter {parameter.name}: unknown category {value!r}")
        return concept
    return Literal(value)


def _provision_number(parameter: Parameter, value: str, query: NamedQuery) -> int:
    """An article, paragraph or item number as users write it: 87, ８７, 第八十七条; digits of
    other scripts (superscripts, Arabic-Indic) and numbers beyond MAX_NUMBER are refused."""
    numeral = value.translate(_FULLWIDTH_DIGITS).removeprefix("第").rstrip("条款项章")
    if any(c.isdigit() and c not in "0123456789" for c in numeral):
        raise InputError(query.name, f"parameter {parameter.name}: not a number: {value!r} "
                                     "(write 0-9 or a Chinese numeral)")
    number = arabic_number(numeral)
    if not _ASCII_NUMBER.fullmatch(number):
        raise InputError(query.name, f"parameter {parameter.name}: not a number: {value!r}")
    if not 1 <= int(number) <= MAX_NUMBER:
        raise InputError(query.name, f"parameter {parameter.name}: {value!r} is out of range "
                                     f"(1 to {MAX_NUMBER})")
    return int(number)


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def bound_query(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with a VALUES block for `bindings` opening its (first) WHERE clause."""
    if not bindings:
        return text
    match = _WHERE.search(_without_comments(text))
    if match is None:
        raise InputError("query", "parameters given but the query has no WHERE clause")
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    row = " ".join(_n3(bindings[name]) for name in names)
    block = f"\n  VALUES ({variables}) {{ ({row}) }}\n"
    return text[:match.end()] + block + text[match.end():]


def _n3(term: Node) -> str:
    if isinstance(term, URIRef) and re.search(r"[\s<>\"{}|\\^`]", str(term)):
        raise InputError("query", f"not a valid IRI: {term}")
    return term.n3()


def _without_comments(text: str) -> str:
    """The text with comment lines blanked (same length, so offsets still match)."""
    return re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group(0)), text)
