"""Codes as a reader reads them: a query column's vocabulary (data/lexicon/report-values.yaml, or a
concept scheme of the ontology by its local name, e.g. ChangeKinds), and the provision formats
(article → 第八条, paragraph → 第二款, item → 第（三）项)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import yaml
from rdflib import RDF, Literal
from rdflib.namespace import SKOS

from kg.graph.vocabulary import KG, vocabulary
from kg.paths import DATA
from kg.reports.provisions import chinese_number

VALUES_FILE = DATA / "lexicon" / "report-values.yaml"
_NUMBERS = re.compile(r"^\d+(?:,\d+)*$")      # 80, or 80,81 (an article split in two)
PROVISION_PARTS = {"article": "第{}条", "paragraph": "第{}款", "item": "第（{}）项"}


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict]:
    return yaml.safe_load(VALUES_FILE.read_text(encoding="utf-8"))


@cache
def _scheme(name: str) -> dict[str, str]:
    """notation → Chinese label of the concepts of the ontology's scheme kg:NAME."""
    graph = vocabulary()
    labels = {}
    for concept in graph.subjects(SKOS.inScheme, KG[name]):
        notation = graph.value(concept, SKOS.notation)
        zh = [str(label) for label in graph.objects(concept, SKOS.prefLabel)
              if isinstance(label, Literal) and label.language == "zh"]
        if notation is not None and zh:
            labels[str(notation)] = zh[0]
    return labels


def known_vocabulary(name: str) -> bool:
    return name in PROVISION_PARTS or name in _lexicon() or \
        (KG[name], RDF.type, SKOS.ConceptScheme) in vocabulary()


def in_words(value, vocabulary_name: str | None):
    """`value` in the reader's words: its vocabulary's label, 是/否 for a truth value, a provision
    number as lawyers write it; numbers stay numbers, unknown codes stay as they are."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _lexicon()["boolean"][value]
    if vocabulary_name in PROVISION_PARTS:
        numbers = [value] if isinstance(value, int) else \
            [int(n) for n in value.split(",")] if isinstance(value, str) and _NUMBERS.match(value) else None
        if numbers is None:
            return value
        return "、".join(PROVISION_PARTS[vocabulary_name].format(chinese_number(n)) for n in numbers)
    if vocabulary_name is None or not isinstance(value, str):
        return value
    labels = _lexicon().get(vocabulary_name) or _scheme(vocabulary_name)
    return labels.get(value, value)


def similarity_in_words(value: float) -> str:
    """A similarity (0–1) as a reader takes it: 高（仅个别字词不同）, 中 …, 低 …."""
    for band in _lexicon()["similarity"]:
        if value >= band["at_least"]:
            return f"{band['word']}（{band['meaning']}）"
    return str(value)
