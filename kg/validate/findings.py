"""Validation results resolved to what a reader needs: item, source line, citation, message, details.

pyshacl reports focus nodes and shapes; this module looks up, in the validated data, the item a
result is about (the focus, or the item of a focus citation), its number, name and line, the
citation as written, and the values that explain the result (the check's kg:detailPath
predicates, the result's path, the predicate it was compared with).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SH, SKOS

from kg.graph.vocabulary import ELI, KG, vocabulary
from kg.validate.shapes import Check, check_of, shapes_graph

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass
class Finding:
    """One validation result, resolved to what a reader needs: item, line, citation, message."""

    source: str                   # the list's source file (or its IRI when unknown)
    agency: str | None
    check: str                    # the shape's identifier, e.g. ArticleOutOfRange
    severity: str                 # Violation | Warning | Info
    message: str
    focus: str                    # IRI of the node the result is about
    item: str | None              # IRI of the item concerned (None for catalog-level results)
    position: int | None          # the item's position in the list (for grouping and order)
    seq: str | None
    name: str | None
    line: int | None
    citation: str | None          # the citation as written
    details: list[str] = field(default_factory=list)
    sheet: str | None = None      # the workbook sheet the item is on (its lines are that sheet's rows)

    @property
    def place(self) -> str:
        """Where to look in the source: 第12行, or 行政处罚 第12行 in a workbook of several sheets."""
        if self.line is None:
            return ""
        return f"{self.sheet} 第{self.line}行" if self.sheet else f"第{self.line}行"

    def to_json(self) -> dict:
        """The finding as one object of `kg validate --format json`."""
        return {
            "source": self.source, "agency": self.agency, "seq": self.seq, "name": self.name,
            "severity": self.severity, "check": self.check, "message": self.message,
            "line": self.line, "sheet": self.sheet, "citation": self.citation, "details": self.details,
            "item": self.item, "focus": self.focus,
        }


def findings_of(data: Graph, results: Graph, list_iri: URIRef) -> list[Finding]:
    """The findings of a SHACL report over one list's data, one per item, check, message and
    details, ordered by item position, then severity."""
    source = _text(data, list_iri, KG.sourceFile) or str(list_iri)
    agency = agency_of(data, list_iri)
    findings: dict[tuple, Finding] = {}
    for result in sorted(results.subjects(RDF.type, SH.ValidationResult), key=lambda r: _result_key(results, r)):
        finding = _finding(data, results, result, source, agency)
        # sh:equals reports a differing pair from both sides, and 第十五条、第十六条 of one unknown
        # document say the same thing twice: keep one finding, listing the citations
        key = (finding.item or finding.focus, finding.check, finding.message, tuple(finding.details))
        if key in findings:
            _merge(findings[key], finding)
        else:
            findings[key] = finding
    return sorted(findings.values(), key=lambda f: (f.position is None, f.position or 0,
                                                    SEVERITY_ORDER.get(f.severity, 3), f.check, f.line or 0,
                                                    f.focus, f.message, f.details))


def _result_key(results: Graph, result) -> tuple[str, ...]:
    """What orders the results of one report whatever the engine's order (blank nodes differ per run)."""
    return tuple(str(results.value(result, predicate)) for predicate in
                 (SH.focusNode, SH.sourceShape, SH.resultPath, SH.value, SH.resultMessage))


def _merge(kept: Finding, repeated: Finding) -> None:
    """Fold a repeated finding into the one kept: its citation is listed, the first line kept."""
    if repeated.citation and repeated.citation not in (kept.citation or "").split("；"):
        kept.citation = f"{kept.citation}；{repeated.citation}" if kept.citation else repeated.citation
    if repeated.line is not None and (kept.line is None or repeated.line < kept.line):
        kept.line = repeated.line


def _text(graph: Graph, node, predicate) -> str | None:
    """The value of `predicate` on `node` as text; the first in code-point order when there are
    several (an unresolved document known by title and by 文号), so that reports do not vary."""
    return min((str(value) for value in graph.objects(node, predicate)), default=None)


def _finding(data: Graph, results: Graph, result, source: str, agency: str | None) -> Finding:
    focus = results.value(result, SH.focusNode)
    check = check_of(results.value(result, SH.sourceShape))
    severity = str(results.value(result, SH.resultSeverity)).removeprefix(str(SH))
    message = _zh(results.objects(result, SH.resultMessage))
    item = _item_of(data, focus)
    name = _text(data, item, KG.name) if item is not None else \
        _text(data, focus, KG.name) or _text(data, focus, KG.categoryAsPrinted) or _text(data, focus, DCTERMS.title)
    line = data.value(focus, KG.firstLine)
    if line is None and item is not None:
        line = data.value(item, KG.firstLine)
    position = data.value(item, KG.position) if item is not None else None
    return Finding(
        source=source,
        agency=agency,
        check=check.identifier if check else str(results.value(result, SH.sourceShape)),
        severity=severity,
        message=message,
        focus=str(focus),
        item=str(item) if item is not None else None,
        position=position.toPython() if isinstance(position, Literal) else None,
        seq=_text(data, item if item is not None else focus, KG.seq),
        name=name,
        line=line.toPython() if line is not None else None,
        citation=_text(data, focus, KG.raw),
        details=_details(data, focus, _detail_predicates(results, result, check)),
        sheet=_text(data, item, KG.sheet) if item is not None else None,
    )


def _zh(messages) -> str:
    """The Chinese message of a result (the first one when several languages are given)."""
    messages = list(messages)
    chinese = [m for m in messages if getattr(m, "language", None) == "zh"]
    return str((chinese or messages or [""])[0])


def _item_of(data: Graph, focus) -> URIRef | None:
    """The item a result is about: the focus itself, or the item a citation belongs to."""
    if (focus, RDF.type, KG.Item) in data:
        return focus
    item = next(iter(data.subjects(KG.hasCitation, focus)), None)
    return item if isinstance(item, URIRef) else None


def item_count(data: Graph, list_iri: URIRef) -> int:
    """How many items a list graph holds."""
    return sum(1 for item in data.subjects(KG.inList, list_iri) if (item, RDF.type, KG.Item) in data)


def agency_of(data: Graph, list_iri: URIRef) -> str | None:
    """The name of the agency that published a list."""
    agency = data.value(list_iri, KG.agency)
    return _text(data, agency, SKOS.prefLabel) if agency is not None else None


def _detail_predicates(results: Graph, result, check: Check | None) -> list[URIRef]:
    """What to print with a result: the check's kg:detailPath predicates, the result's own path,
    and the predicate it was compared with (sh:equals, sh:lessThan …)."""
    predicates = list(check.details) if check else []
    path = results.value(result, SH.resultPath)
    shape = results.value(result, SH.sourceShape)
    if isinstance(path, URIRef):
        predicates.append(path)
    for comparison in (SH.equals, SH.lessThan, SH.lessThanOrEquals):
        predicates.extend(other for other in shapes_graph().objects(shape, comparison) if isinstance(other, URIRef))
    return list(dict.fromkeys(predicates))


def _details(data: Graph, focus, predicates) -> list[str]:
    """`label：value` for each detail predicate the focus node has a value for."""
    lines = []
    for predicate in predicates:
        for value in sorted(data.objects(focus, predicate), key=str):
            lines.append(f"{_label(predicate)}：{_value(data, value)}")
    return lines


def _label(node) -> str:
    """The Chinese label of a vocabulary term or concept."""
    labels = {label.language: str(label) for predicate in (RDFS.label, SKOS.prefLabel)
              for label in vocabulary().objects(node, predicate) if isinstance(label, Literal)}
    return labels.get("zh") or next(iter(labels.values()), str(node))


def _value(data: Graph, value) -> str:
    """A value as a reader wants it: a literal's text, an item's 序号 and name, a concept's label."""
    if isinstance(value, Literal):
        return str(value)
    if (value, RDF.type, KG.Item) in data:
        return f"第{_text(data, value, KG.seq) or '?'}项 {_text(data, value, KG.name) or ''}".strip()
    title = _text(data, value, ELI.title) or _text(data, value, KG.normalizedTitle)
    if title:
        return title
    return _label(value) if (value, None, None) in vocabulary() else str(value)
