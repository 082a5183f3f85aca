"""The vocabulary of list tables, read once from data/lexicon/*.yaml: column labels (headers.yaml)
and the spellings of the standard categories (categories.yaml)."""

from __future__ import annotations

from functools import cache

import yaml

from kg.paths import DATA

LEXICON = DATA / "lexicon"


@cache
def load(name: str) -> dict:
    """The data file data/lexicon/NAME.yaml as a mapping."""
    with open(LEXICON / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
