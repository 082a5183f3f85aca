"""Run a named query: find it, bind its parameters, run it on a runner."""

from __future__ import annotations

from collections.abc import Mapping

from kg.graph.iris import Iris
from kg.query.bind import bind_parameters, bound_query
from kg.query.named import NamedQuery
from kg.query.runners import QueryResult, QueryRunner
from kg.statutes import Registry


def run_named_query(query: NamedQuery, values: Mapping[str, str], runner: QueryRunner,
                    registry: Registry, iris: Iris) -> QueryResult:
    """The rows of `query` with `values` bound to its declared parameters."""
    bindings = bind_parameters(query, values, registry, iris)
    return runner.select(bound_query(query.text, bindings))
