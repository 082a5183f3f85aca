"""Fixtures shared across test modules: the five bundled lists built once per session; and the
`slow` marker, put on every test that needs that store or an Oxigraph server (the everyday run,
`pytest -m "not slow"`, is the stage tests; CI runs everything)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from five_lists import FiveLists, build_five_lists, copy_store
from kg.graph.store import GraphStore

SLOW_FIXTURES = {"five_lists", "oxigraph_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def five_lists(tmp_path_factory) -> FiveLists:
    """`kg build` of the five bundled lists, once per session; read it, never change it."""
    return build_five_lists(tmp_path_factory.mktemp("five-lists"))


@pytest.fixture(scope="session")
def five_lists_store(five_lists) -> GraphStore:
    """The five-list store, open read-only."""
    return GraphStore(five_lists.store, read_only=True)


@pytest.fixture(scope="session")
def copy_five_lists(five_lists) -> Callable[[Path], Path]:
    """copy(target): a copy of the five-list store at `target`, for a test that changes it."""
    return partial(copy_store, five_lists)
