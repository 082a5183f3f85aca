"""A named query made into pages: scope (agency, region, category) and a page (LIMIT/OFFSET), or
its count, by wrapping the bound query's text; queries/*.rq stay as they are.

A bound query is split into its prologue (PREFIX/BASE), its body (SELECT … WHERE {…}) and the
solution modifiers after the body's last brace (ORDER BY …). The page keeps the query's own
ORDER BY, so pages are stable and, joined, give the whole answer in order; a query without one is
ordered on all its variables. The count drops the ORDER BY: counting needs no sort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

PAGE_SIZE = 200                  # rows on a page: the most a person reads, the contract's first page
AGENCY_VARIABLES = ("agency", "agency_name")   # how the named queries name the agency's label
ITEM_VARIABLE = "item"
KG_CATEGORY = "https://w3id.org/quanze-kg/ns#category"

_PROLOGUE_LINE = re.compile(r"^\s*(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*$", re.IGNORECASE)
_SELECT_CLAUSE = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)
_VARIABLE = re.compile(r"[?$](\w+)")
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_LIMIT = re.compile(r"\b(?:LIMIT|OFFSET)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """Which rows a page shows: an agency (its exact label), a region (text the agency's label
    contains: the store records regions only in agency names) and a category concept."""

    agency: str | None = None
    region: str | None = None
    category: URIRef | None = None
    require: str | None = None       # a graph pattern each row must match (over its variables)

    @property
    def empty(self) -> bool:
        return not (self.agency or self.region or self.category or self.require)


@dataclass(frozen=True)
class SplitQuery:
    """A SELECT query as prologue, body and the solution modifiers after the body."""

    prologue: str
    body: str
    modifiers: str

    @property
    def variables(self) -> list[str]:
        """The projected variables (`SELECT ?a ?b`, `(… AS ?c)`); empty for `SELECT *`."""
        match = _SELECT_CLAUSE.search(without_comments(self.body))
        if match is None:
            return []
        clause = match.group(1)
        # (expression AS ?v) projects ?v only
        clause = re.sub(r"\((?:[^()]|\([^()]*\))*\bAS\s+([?$]\w+)\s*\)", r" \1 ", clause, flags=re.IGNORECASE)
        return list(dict.fromkeys(_VARIABLE.findall(clause)))


def without_comments(text: str) -> str:
    """The text with every # comment blanked (same length), outside IRIs and strings."""
    out, i, quote = list(text), 0, None
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "<":
            end = text.find(">", i)
            if end != -1 and not re.search(r"\s", text[i:end]):
                i = end + 1
                continue
        elif char == "#":
            end = text.find("\n", i)
            end = len(text) if end == -1 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        i += 1
    return "".join(out)


def split_query(text: str) -> SplitQuery:
    """Prologue, body and trailing modifiers of a SELECT query."""
    plain = without_comments(text)
    lines = plain.splitlines(keepends=True)
    start = 0
    for line in lines:
        if line.strip() and not _PROLOGUE_LINE.match(line):
            break
        start += len(line)
    end = plain.rfind("}") + 1
    return SplitQuery(plain[:start], plain[start:end], plain[end:])


def agency_variable(split: SplitQuery) -> str | None:
    """The variable holding the agency's label, when the query projects one."""
    return next((name for name in AGENCY_VARIABLES if name in split.variables), None)


def scoped_body(split: SplitQuery, scope: Scope) -> str:
    """The body (with its order) as a group pattern restricted to `scope`; scope a query cannot
    take (no agency or item variable) raises ValueError naming it."""
    if scope.empty:
        return f"{{ {split.body} {split.modifiers} }}"
    filters = []
    agency = agency_variable(split)
    if scope.agency or scope.region:
        if agency is None:
            raise ValueError("这个查询的结果没有实施主体一列，不能按实施主体或地区筛选")
        if scope.agency:
            filters.append(f"FILTER (?{agency} = {Literal(scope.agency).n3()})")
        if scope.region:
            filters.append(f"FILTER (CONTAINS(?{agency}, {Literal(scope.region).n3()}))")
    if scope.category is not None:
        if ITEM_VARIABLE not in split.variables:
            raise ValueError("这个查询的结果没有事项一列，不能按类别筛选")
        filters.append(f"FILTER EXISTS {{ ?{ITEM_VARIABLE} <{KG_CATEGORY}> {scope.category.n3()} }}")
    if scope.require:
        filters.append(f"FILTER EXISTS {{ {scope.require} }}")
    return f"{{ {{ {split.body} {split.modifiers} }} {' '.join(filters)} }}"


def page_query(text: str, scope: Scope, offset: int, limit: int = PAGE_SIZE) -> str:
    """The rows `offset` … `offset + limit` of the bound query `text` within `scope`."""
    split = split_query(text)
    if _LIMIT.search(split.modifiers):
        raise ValueError("the query sets its own LIMIT/OFFSET")
    order = ""
    if not _ORDER_BY.search(split.modifiers):
        order = "ORDER BY " + " ".join(f"?{name}" for name in split.variables)
    if scope.empty:
        return f"{split.prologue}{split.body}\n{split.modifiers}\n{order}\nLIMIT {limit} OFFSET {offset}\n"
    return f"{split.prologue}SELECT * WHERE {scoped_body(split, scope)}\n{order}\nLIMIT {limit} OFFSET {offset}\n"


def count_query(text: str, scope: Scope) -> str:
    """The number of rows of the bound query `text` within `scope` (no sort)."""
    split = split_query(text)
    unordered = SplitQuery(split.prologue, split.body, _ORDER_BY.split(split.modifiers)[0])
    return f"{split.prologue}SELECT (COUNT(*) AS ?count) WHERE {scoped_body(unordered, scope)}\n"


def full_query(text: str, scope: Scope) -> str:
    """The whole answer of the bound query `text` within `scope`, in the query's order (exports)."""
    split = split_query(text)
    if scope.empty:
        return text
    return f"{split.prologue}SELECT * WHERE {scoped_body(split, scope)}\n"
