"""Deterministic, readable IRIs under one configurable base (same input → same IRIs).

statute → version → provision:  {base}statute/中华人民共和国社会保险法/2018-12-29/art/87/para/1
version-independent provision:  {base}statute/中华人民共和国社会保险法/art/87
unresolved statute:             {base}unresolved/医疗保障基金监管办法
list → item → citation:         {base}list/南召县医疗保障局-1a2b3c4d/item/1/cite/2
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Namespace, URIRef

DEFAULT_BASE = "https://w3id.org/quanze-kg/id/"
BASE_ENV = "KG_BASE"
REGISTRY_GRAPH_PATH = "graph/registry"


def base_of_graphs(names: Iterable[str]) -> str | None:
    """The IRI base a store was built with, read off its registry graph's name, if any."""
    for name in names:
        if str(name).endswith(REGISTRY_GRAPH_PATH):
            return str(name)[: -len(REGISTRY_GRAPH_PATH)]
    return None


class TermCache(Namespace):
    """A Namespace that makes each of its terms once (rdflib's builds a new URIRef on every
    attribute access, a large share of the build's time)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


KG = TermCache("https://w3id.org/quanze-kg/ns#")
ELI = TermCache("http://data.europa.eu/eli/ontology#")

# characters an IRI path segment may not carry (RFC 3987 forbids spaces, <>"{}|\^` and controls);
# '/', '?', '#', '%' would change the IRI's structure
_UNSAFE = re.compile(r"[\s<>\"{}|\\^`/?#%\[\]\x00-\x1f\x7f]+")


def slug(text: str) -> str:
    """A readable IRI path segment: Chinese kept, unsafe characters folded into '-'."""
    segment = _UNSAFE.sub("-", text.strip()).strip("-")
    return segment or "-"


def agency_name(name: str) -> str:
    """An agency's name with whitespace removed (Chinese names have none of their own)."""
    return re.sub(r"\s+", "", name)


def short_hash(text: str | bytes, length: int = 8) -> str:
    """The first `length` hex digits of a SHA-256."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:length]


def configured_base(base: str | None = None) -> str:
    """The IRI base: the argument, else $KG_BASE, else the default; always ending in '/'."""
    chosen = base or os.environ.get(BASE_ENV) or DEFAULT_BASE
    return chosen if chosen.endswith(("/", "#")) else chosen + "/"


def provision_path(article: int | None = None, paragraph: int | None = None,
                   item: int | None = None, chapter: int | None = None) -> str:
    """The path of a provision below its statute or version: art/87/para/1/item/2, chap/4.

    A chapter appears only when no article is given (articles are numbered through the statute).
    """
    if article is None:
        return f"chap/{chapter}" if chapter is not None else ""
    path = f"art/{article}"
    if paragraph is not None:
        path += f"/para/{paragraph}"
    if item is not None:
        path += f"/item/{item}"
    return path


@dataclass(frozen=True)
class Iris:
    """IRI minting for one base."""

    base: str = DEFAULT_BASE

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # --- graphs
    @property
    def registry_graph(self) -> URIRef:
        """The named graph of the statute registry."""
        return self._iri(REGISTRY_GRAPH_PATH)

    @property
    def ontology_graph(self) -> URIRef:
        """The named graph holding ontology/kg.ttl (vocabulary and the category scheme)."""
        return self._iri("graph/ontology")

    # --- statutes
    def statute(self, statute_id: str) -> URIRef:
        return self._iri(f"statute/{slug(statute_id)}")

    def unresolved_statute(self, key: str) -> URIRef:
        return self._iri(f"unresolved/{slug(key)}")

    def version(self, statute: URIRef, version_date: str) -> URIRef:
        return URIRef(f"{statute}/{slug(version_date)}")

    def provision(self, parent: URIRef, article: int | None = None, paragraph: int | None = None,
                  item: int | None = None, chapter: int | None = None) -> URIRef:
        """A provision below a statute or version; the parent itself when nothing finer is named."""
        path = provision_path(article, paragraph, item, chapter)
        return URIRef(f"{parent}/{path}") if path else parent

    # --- lists
    def list_key(self, agency: str | None, title: str | None, file_name: str) -> str:
        """A list's key: its agency (readable) and a hash of agency+title, or of agency, title and
        file name when either is missing — so a corrected re-publication of the same list, or the
        same untitled file edited, replaces it."""
        identity = f"{agency}\n{title}" if agency and title else f"{agency or ''}\n{title or ''}\n{file_name}"
        prefix = slug(agency_name(agency)) + "-" if agency else ""
        return prefix + short_hash(identity)

    def list(self, key: str) -> URIRef:
        return self._iri(f"list/{key}")

    def list_graph(self, key: str) -> URIRef:
        """The named graph of one list."""
        return self._iri(f"graph/list/{key}")

    def item(self, list_iri: URIRef, position: int) -> URIRef:
        return URIRef(f"{list_iri}/item/{position}")

    def citation(self, item_iri: URIRef, position: int) -> URIRef:
        return URIRef(f"{item_iri}/cite/{position}")

    def cross_reference(self, citation_iri: URIRef, position: int) -> URIRef:
        return URIRef(f"{citation_iri}/xref/{position}")

    def catalog(self, list_iri: URIRef, position: int) -> URIRef:
        return URIRef(f"{list_iri}/catalog/{position}")

    def catalog_entry(self, catalog_iri: URIRef, position: int) -> URIRef:
        return URIRef(f"{catalog_iri}/entry/{position}")

    def category_count(self, catalog_iri: URIRef, position: int) -> URIRef:
        return URIRef(f"{catalog_iri}/category/{position}")

    def agency(self, name: str) -> URIRef:
        """An agency, by its name without whitespace (OCR splits names: 北关区医疗 保障局)."""
        return self._iri(f"agency/{slug(agency_name(name))}")

    def sanction(self, holder: URIRef, position: int) -> URIRef:
        """A sanction stated in a provision's text or in a citation's quote."""
        return URIRef(f"{holder}/sanction/{position}")
