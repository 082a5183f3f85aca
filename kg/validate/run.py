"""Validation of one list: its graph + the registry triples it needs + the facts → pyshacl → findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from kg.graph.iris import Iris
from kg.graph.vocabulary import KG
from kg.statutes import Registry
from kg.validate.facts import list_facts
from kg.validate.findings import Finding, findings_of
from kg.validate.inputs import ListGraph, RegistryContext, base_of, registry_context
from kg.validate.shapes import shapes_graph
from kg.validate.view import read_list_view


def registry_subset(context: RegistryContext, list_graph: Graph) -> Iterator[tuple]:
    """The registry triples about the statutes a list cites (title, level, status, …), not their texts."""
    for statute in set(list_graph.objects(None, KG.citedStatute)):
        if isinstance(statute, URIRef):
            yield from context.statute_triples(statute)


def add_validation_data(list_graph: Graph, list_iri: URIRef, context: RegistryContext) -> Graph:
    """What the shapes run over: the list's graph extended, in place, with its statutes' registry
    triples and its facts (copying a list's graph would cost as much as reading it; adding the
    same triples again changes nothing, so a graph can be validated twice)."""
    facts = list_facts(read_list_view(list_graph, list_iri), context.statutes)
    additions = [*registry_subset(context, list_graph), *facts]
    list_graph.addN((s, p, o, list_graph) for s, p, o in additions)
    return list_graph


def shacl_results(data: Graph) -> Graph:
    """The SHACL validation report graph of the shapes over `data` (SHACL Core, no inference)."""
    import pyshacl  # imported here: 0.6 s that every other `kg` command would pay at start-up

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                     advanced=False, allow_warnings=True, inplace=True)
    return results


def validate_list(list_graph: Graph, list_iri: URIRef, context: RegistryContext) -> list[Finding]:
    """Findings of all checks on one list, ordered by item position, then severity. The list's
    graph is extended with the registry triples and facts it was judged with (see add_validation_data)."""
    data = add_validation_data(list_graph, list_iri, context)
    return findings_of(data, shacl_results(data), list_iri)


@dataclass
class ListValidator:
    """Validates list graphs against one registry, whatever IRI base each list was built with."""

    registry: Registry
    contexts: dict[str, RegistryContext] = field(default_factory=dict)

    def __call__(self, list_graph: ListGraph) -> list[Finding]:
        base = base_of(list_graph.list_iri)
        if base not in self.contexts:
            self.contexts[base] = registry_context(self.registry, Iris(base))
        context = self.contexts[base]
        return validate_list(list_graph.graph, list_graph.list_iri, context)
