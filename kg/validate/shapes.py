"""The SHACL shapes (ontology/shapes.ttl): loading them, and which check a result belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.graph.vocabulary import KG
from kg.paths import ONTOLOGY

SHAPES_FILE = ONTOLOGY / "shapes.ttl"
KGS = Namespace("https://w3id.org/quanze-kg/shapes#")


@dataclass(frozen=True)
class Check:
    """One top-level shape: its identifier (the IRI's local name), severity and detail predicates."""

    iri: URIRef
    identifier: str
    severity: str                 # Violation | Warning | Info
    details: tuple[URIRef, ...]   # kg:detailPath predicates (sorted)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """ontology/shapes.ttl, parsed once."""
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def checks() -> dict[Node, Check]:
    """Every check, and every property shape of a check, mapped to the check."""
    graph = shapes_graph()
    found: dict[Node, Check] = {}           # property shapes are mostly blank nodes
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        if not isinstance(shape, URIRef):
            continue
        severity = graph.value(shape, SH.severity, default=SH.Violation)
        check = Check(shape, str(shape).removeprefix(str(KGS)), str(severity).removeprefix(str(SH)),
                      tuple(sorted(path for path in graph.objects(shape, KG.detailPath)
                                   if isinstance(path, URIRef))))
        found[shape] = check
        for property_shape in graph.objects(shape, SH.property):
            found[property_shape] = check
    return found


def check_of(source_shape) -> Check | None:
    """The check a validation result's sh:sourceShape belongs to."""
    return checks().get(source_shape)
