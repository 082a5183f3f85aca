"""Renderings of validation findings: text (grouped by item), json, ttl (a SHACL report), xlsx, html;
and the per-agency summary of `kg validate --all`."""

from __future__ import annotations

import html
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from kg.graph.vocabulary import KG
from kg.validate.findings import Finding
from kg.validate.shapes import KGS

SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}
SEVERITY_COLOUR = {"Violation": "F8D7DA", "Warning": "FFF3CD", "Info": "D1ECF1"}
COLUMNS = ("来源", "实施主体", "序号", "事项名称", "工作表", "行", "严重程度", "检查", "引用原文", "问题", "说明")


@dataclass(frozen=True)
class AgencySummary:
    """Counts of the findings of one agency's lists, for the `--all` table."""

    agency: str
    lists: int
    items: int
    by_severity: Counter
    by_check: Counter


def _row(finding: Finding) -> list:
    return [finding.source, finding.agency or "", finding.seq or "", finding.name or "", finding.sheet or "",
            finding.line if finding.line is not None else "", SEVERITY_ZH.get(finding.severity, finding.severity),
            finding.check, finding.citation or "", finding.message, "\n".join(finding.details)]


def _groups(findings: list[Finding]):
    """Findings grouped by list, then by item (catalog-level findings under their own node)."""
    for source, of_list in groupby(findings, key=lambda f: f.source):
        yield source, [(key, list(group)) for key, group in
                       groupby(of_list, key=lambda f: f.item or f.focus)]


def to_text(findings: list[Finding]) -> str:
    """A readable report: per list, per item, one line per finding with its details indented."""
    if not findings:
        return "未发现问题。\n"
    out = []
    for source, items in _groups(findings):
        out.append(f"== {source}")
        for _, group in items:
            head = group[0]
            where = f"第{head.seq}项" if head.seq else "（目录）" if head.item is None else "（无序号）"
            out.append(f"{where} {head.name or ''}".rstrip())
            for finding in group:
                cited = f"「{finding.citation}」" if finding.citation else ""
                out.append(f"  [{SEVERITY_ZH.get(finding.severity, finding.severity)}] {finding.check} "
                           f"{finding.place} {cited} {finding.message}".replace("  ", " ").rstrip())
                out.extend(f"      {detail}" for detail in finding.details)
        counts = Counter(f.severity for f in findings if f.source == source)
        out.append("合计：" + "，".join(f"{SEVERITY_ZH[s]} {counts[s]}" for s in SEVERITY_ZH))
        out.append("")
    return "\n".join(out) + "\n"


def to_json(findings: list[Finding]) -> str:
    """A JSON array of findings (source, seq, name, severity, check, message, line, citation …)."""
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=1) + "\n"


def to_graph(findings: list[Finding]) -> Graph:
    """The findings as a W3C SHACL validation report, with the item's number, name and line added."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("kg", KG)
    graph.bind("kgs", KGS)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not any(f.severity == "Violation" for f in findings))))
    for finding in findings:
        result = BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, URIRef(finding.focus)))
        graph.add((result, SH.resultSeverity, SH[finding.severity]))
        graph.add((result, SH.sourceShape, KGS[finding.check]))
        graph.add((result, SH.resultMessage, Literal(finding.message, lang="zh")))
        graph.add((result, KG.sourceFile, Literal(finding.source)))
        for predicate, value in ((KG.seq, finding.seq), (KG.name, finding.name), (KG.raw, finding.citation)):
            if value:
                graph.add((result, predicate, Literal(value)))
        if finding.line is not None:
            graph.add((result, KG.firstLine, Literal(finding.line, datatype=XSD.integer)))
        if finding.sheet:
            graph.add((result, KG.sheet, Literal(finding.sheet)))
        for detail in finding.details:
            graph.add((result, SH.resultMessage, Literal(detail, lang="zh")))
    return graph


def to_ttl(findings: list[Finding]) -> str:
    return to_graph(findings).serialize(format="turtle")


def to_xlsx(findings: list[Finding]) -> bytes:
    """A workbook with one row per finding, coloured by severity, filterable by every column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "校验结果"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for finding in findings:
        sheet.append(_row(finding))
        fill = PatternFill("solid", fgColor=SEVERITY_COLOUR.get(finding.severity, "FFFFFF"))
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(sheet.max_row, COLUMNS.index("严重程度") + 1).fill = fill
    for letter, width in zip("ABCDEFGHIJK", (28, 16, 6, 36, 12, 6, 8, 20, 36, 60, 60)):
        sheet.column_dimensions[letter].width = width
    sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_html(findings: list[Finding]) -> str:
    """A standalone HTML page: per list a table grouped by item, severities coloured."""
    esc = html.escape
    parts = ["<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>权责清单校验报告</title>",
             "<style>body{font-family:sans-serif}table{border-collapse:collapse;width:100%}"
             "td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}"
             + "".join(f".{s}{{background:#{c}}}" for s, c in SEVERITY_COLOUR.items())
             + "tr.item td{background:#eee;font-weight:bold}</style></head><body><h1>权责清单校验报告</h1>"]
    if not findings:
        parts.append("<p>未发现问题。</p>")
    for source, items in _groups(findings):
        parts.append(f"<h2>{esc(source)}</h2><table><tr>"
                     + "".join(f"<th>{esc(c)}</th>" for c in ("严重程度", "检查", "行", "引用原文", "问题", "说明"))
                     + "</tr>")
        for _, group in items:
            head = group[0]
            parts.append(f"<tr class=\"item\"><td colspan=\"6\">{esc(head.seq or '')} {esc(head.name or '')}</td></tr>")
            for f in group:
                parts.append(
                    f"<tr><td class=\"{esc(f.severity)}\">{esc(SEVERITY_ZH.get(f.severity, f.severity))}</td>"
                    f"<td>{esc(f.check)}</td><td>{esc(f.place)}</td>"
                    f"<td>{esc(f.citation or '')}</td><td>{esc(f.message)}</td>"
                    f"<td>{'<br>'.join(esc(d) for d in f.details)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def summarize(per_list: Iterable[tuple[str | None, int, list[Finding]]]) -> list[AgencySummary]:
    """(agency, number of items, findings) per list → one summary per agency, by agency name."""
    lists: Counter = Counter()
    items: Counter = Counter()
    severities: dict[str, Counter] = {}
    checks: dict[str, Counter] = {}
    for agency, item_count, findings in per_list:
        agency = agency or "（未知实施主体）"
        lists[agency] += 1
        items[agency] += item_count
        severities.setdefault(agency, Counter()).update(f.severity for f in findings)
        checks.setdefault(agency, Counter()).update(f.check for f in findings)
    return [AgencySummary(agency, lists[agency], items[agency], severities[agency], checks[agency])
            for agency in sorted(lists)]
