"""The project's vocabulary (ontology/kg.ttl) as data: namespaces and SKOS concept look-ups."""

from __future__ import annotations

from functools import cache, lru_cache

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD

from kg.graph.iris import ELI, KG
from kg.paths import ONTOLOGY

VOCABULARY_FILE = ONTOLOGY / "kg.ttl"

PREFIXES = {
    "kg": KG, "eli": ELI, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS,
    "rdf": RDF, "xsd": XSD, "owl": OWL,
}

__all__ = [
    "ELI",
    "KG",
    "PREFIXES",
    "category_concept",
    "sanction_kind_concept",
    "status_concept",
    "vocabulary",
]


@lru_cache(maxsize=1)
def vocabulary() -> Graph:
    """ontology/kg.ttl, parsed once."""
    return Graph().parse(VOCABULARY_FILE, format="turtle")


@cache
def _labels_of_scheme(scheme: URIRef) -> dict[str, URIRef]:
    """Every preferred and alternative label (and notation) of a scheme's concepts → concept."""
    graph = vocabulary()
    labels: dict[str, URIRef] = {}
    for concept in graph.subjects(SKOS.inScheme, scheme):
        if not isinstance(concept, URIRef):
            continue                        # the vocabulary names every concept by IRI
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
            for label in graph.objects(concept, predicate):
                labels[str(label)] = concept
    return labels


def category_concept(label: str | None) -> URIRef | None:
    """The kg:Categories concept of a category label (行政处罚, 其他职权 …), else None."""
    return _labels_of_scheme(KG.Categories).get(label) if label else None


def status_concept(label: str | None) -> URIRef | None:
    """The kg:Statuses concept of a status as the registry writes it (现行有效（2026-07-01施行）→ in force)."""
    if not label:
        return None
    labels = _labels_of_scheme(KG.Statuses)
    for text, concept in labels.items():
        if label.startswith(text):
            return concept
    return None


def sanction_kind_concept(kind: str) -> URIRef | None:
    """The kg:SanctionKinds concept of a Sanction.kind (fine, suspension …), else None."""
    return _labels_of_scheme(KG.SanctionKinds).get(kind)


def literal_or_none(value) -> Literal | None:
    """A literal for a present value; None for None or an empty string."""
    if value is None or value == "":
        return None
    return Literal(value)
