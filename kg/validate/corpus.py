"""Whole-corpus validation (`kg validate --all`): every list graph of a store or of a SPARQL
endpoint, shared out to worker processes, the reports gathered back in list order.

Each worker opens the store (or its own connection to the endpoint) and loads the registry once,
then reads and validates one list graph at a time, so memory stays that of one list per worker
and the output does not depend on how many workers ran.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from kg.errors import InputError
from kg.statutes import Registry, load_registry
from kg.validate.findings import Finding, agency_of, item_count
from kg.validate.inputs import ListGraph
from kg.validate.run import ListValidator

# a worker costs ~1.5 s to start (imports, registry): worth it from about this many lists each
MIN_LISTS_PER_WORKER = 8
LISTS_PER_TASK = 4


class ListGraphs(Protocol):
    """Where list graphs come from (kg.validate.inputs.ListGraphSource); picklable."""

    def names(self) -> list[str]: ...

    def read(self, name: str) -> list[ListGraph]: ...


@dataclass
class ListReport:
    """One list's findings with what the per-agency summary needs."""

    source: str
    agency: str | None
    items: int
    findings: list[Finding]


def report_of(validator: ListValidator, list_graph: ListGraph) -> ListReport:
    """Validate one list graph (the agency and item count are read before facts are added)."""
    agency = agency_of(list_graph.graph, list_graph.list_iri)
    items = item_count(list_graph.graph, list_graph.list_iri)
    return ListReport(list_graph.source, agency, items, validator(list_graph))


def workers_for(lists: int, jobs: int) -> int:
    """How many worker processes `lists` lists are worth, at most `jobs` (1: validate in-process)."""
    return max(1, min(jobs, lists // MIN_LISTS_PER_WORKER))


def validate_corpus(source: ListGraphs, names: list[str], registry: Registry,
                    workers: int) -> Iterator[ListReport | InputError]:
    """The report of each list graph in `names`, in that order; a graph that cannot be read
    yields its InputError instead (the others go on). With one worker, in this process."""
    if workers <= 1:
        validator = ListValidator(registry)
        for name in names:
            yield from _reports(source, validator, name)
        return
    context = multiprocessing.get_context("spawn")   # a fresh interpreter: no store handle inherited
    with context.Pool(workers, initializer=_start_worker, initargs=(source,)) as pool:
        for reports in pool.imap(_validate_graph, names, chunksize=LISTS_PER_TASK):
            yield from reports


_worker: tuple[ListGraphs, ListValidator] | None = None


def _start_worker(source: ListGraphs) -> None:
    global _worker
    _worker = (source, ListValidator(load_registry()))


def _validate_graph(name: str) -> list[ListReport | InputError]:
    assert _worker is not None, "_start_worker runs first in each worker process"
    source, validator = _worker
    return _reports(source, validator, name)


def _reports(source: ListGraphs, validator: ListValidator, name: str) -> list[ListReport | InputError]:
    try:
        return [report_of(validator, list_graph) for list_graph in source.read(name)]
    except InputError as error:
        return [error]
