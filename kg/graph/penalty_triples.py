"""Sanctions → triples: kg:Sanction nodes hung on the provision (or citation) whose text states them.

An article's sanctions hang on the article and on its paragraph (款) with kg:hasSanction; a
citation's sanctions are those its quote states where they differ from the canonical text
(see kg.penalty.quotes). IRIs: {holder}/sanction/{n}, n counting from 1 in text order.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph.iris import Iris
from kg.graph.vocabulary import KG, sanction_kind_concept
from kg.penalty.records import Sanction


def sanction_triples(holder: URIRef, sanctions: list[Sanction], iris: Iris) -> Iterator[tuple]:
    """The triples of `sanctions` stated in the text of `holder` (an article or a citation).

    A sanction with a paragraph number also hangs on that paragraph, {holder}/para/{n}, the
    IRI kg.graph.iris gives the paragraphs of an article.
    """
    for position, sanction in enumerate(sanctions, start=1):
        node = iris.sanction(holder, position)
        yield holder, KG.hasSanction, node
        if sanction.paragraph is not None:
            yield URIRef(f"{holder}/para/{sanction.paragraph}"), KG.hasSanction, node
        yield node, RDF.type, KG.Sanction
        kind = sanction_kind_concept(sanction.kind)
        if kind is not None:
            yield node, KG.sanctionKind, kind
        yield node, KG.sanctionText, Literal(sanction.text)
        yield node, KG.spanStart, Literal(sanction.span[0])
        yield node, KG.spanEnd, Literal(sanction.span[1])
        for predicate, value in ((KG.minimum, sanction.minimum), (KG.maximum, sanction.maximum)):
            if value is not None:
                yield node, predicate, Literal(_decimal(value), datatype=XSD.decimal)
        for predicate, text in ((KG.unit, sanction.unit), (KG.base, sanction.base),
                                 (KG.target, sanction.target), (KG.targetText, sanction.target_text),
                                 (KG.condition, sanction.condition)):
            if text:
                yield node, predicate, Literal(text)


def _decimal(value: float) -> Decimal:
    """A float as the shortest exact decimal (0.0005, not 0.000500000000000000010408…)."""
    return Decimal(repr(value)).normalize() if value != int(value) else Decimal(int(value))
