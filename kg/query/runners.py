"""Where a query runs: the seam between named queries and stores.

A `QueryRunner` takes a complete SPARQL SELECT (parameters already bound, see kg.query.bind) and
returns rows of rdflib terms. The default graph is the union of all named graphs. Runners here:
the local Oxigraph store and rdflib's in-memory engine (the reference the tests compare against);
a remote SPARQL 1.1 endpoint (SPARQLWrapper) fits the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.errors import InputError
from kg.graph.store import once_per_term, to_rdflib


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT, in order; None marks an unbound variable."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]


class QueryRunner(Protocol):
    def select(self, query: str) -> QueryResult:
        """Run a SELECT query over the union of all named graphs."""


class OxigraphRunner:
    """Queries on a pyoxigraph store (the local store, or one in memory)."""

    def __init__(self, store: ox.Store):
        self.store = store

    def select(self, query: str) -> QueryResult:
        try:
            solutions = self.store.query(query, use_default_graph_as_union=True)
            if not isinstance(solutions, ox.QuerySolutions):
                raise InputError("query", "only SELECT queries are supported")
            variables = tuple(variable.value for variable in solutions.variables)
            term = once_per_term(to_rdflib)
            rows = tuple(tuple(term(value) for value in solution) for solution in solutions)
        except SyntaxError as error:
            raise InputError("query", f"SPARQL syntax error: {error}") from error
        except OSError as error:             # a SERVICE the query calls failed or cannot be reached
            raise InputError("query", f"a SERVICE call failed: {error}") from error
        except RuntimeError as error:        # the store's files are damaged
            raise InputError("query", f"the store is damaged ({error}): delete it and rebuild it "
                                      "with `kg build`, or restore it from a backup") from error
        return QueryResult(variables, rows)


class RdflibRunner:
    """Queries on an rdflib Dataset with rdflib's own SPARQL engine."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.dataset.default_union = True

    def select(self, query: str) -> QueryResult:
        try:
            result = self.dataset.query(query)
        except Exception as error:  # pyparsing's ParseException and rdflib's evaluation errors
            raise InputError("query", f"SPARQL error: {error}") from error
        if result.type != "SELECT":
            raise InputError("query", "only SELECT queries are supported")
        selected = result.vars or []
        variables = tuple(str(variable) for variable in selected)
        rows = tuple(tuple(row[variable] for variable in selected) for row in result if isinstance(row, ResultRow))
        return QueryResult(variables, rows)
