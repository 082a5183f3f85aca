"""Renderings of validation findings: text (grouped by item), json, ttl (a SHACL report), and the
report for people (xlsx, html: header block, per-agency summary with --all, 合计, the findings with
Chinese check names and details in plain words); the per-agency summary of `kg validate --all`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH, XSD

from kg.graph.vocabulary import KG, vocabulary
from kg.reports import html as html_page
from kg.reports import xlsx
from kg.reports.document import Header, Report, Shaded, Table, number_or_text
from kg.reports.provisions import provision_zh
from kg.reports.values import similarity_in_words
from kg.validate.corpus import ListReport
from kg.validate.findings import SEVERITY_ORDER, Finding
from kg.validate.shapes import KGS, checks, shapes_graph

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


def _groups(findings: list[Finding]):
    """Findings grouped by list, then by item (catalog-level findings under their own node)."""
    for source, of_list in groupby(findings, key=lambda f: f.source):
        yield source, [(key, list(group)) for key, group in
                       groupby(of_list, key=lambda f: f.item or f.focus)]


def to_text(findings: list[Finding], unreadable: Iterable[Unreadable] = ()) -> str:
    """A readable report: per list, per item, one line per finding with its details indented;
    first, the files that could not be read (then never "未发现问题" alone)."""
    unreadable = list(unreadable)
    out = unreadable_notice(unreadable)
    if out:
        out.append("")
    if not findings:
        return "\n".join([*out, "所读清单中未发现问题。" if unreadable else "未发现问题。"]) + "\n"
    for source, items in _groups(findings):
        out.append(f"== {source}")
        for _, group in items:
            head = group[0]
            where = f"第{head.seq}项" if head.seq else "（目录）" if head.item is None else "（无序号）"
            out.append(f"{where} {head.name or ''}".rstrip())
            for finding in group:
                cited = f"「{finding.citation}」" if finding.citation else ""
                out.append(f"  [{SEVERITY_ZH.get(finding.severity, finding.severity)}] "
                           f"{check_label(finding.check)}（{finding.check}） "
                           f"{finding.place} {cited} {finding.message}".replace("  ", " ").rstrip())
                out.extend(f"      {explained(detail)}" for detail in finding.details)
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


def check_label(identifier: str) -> str:
    """The Chinese name of a check (its shape's rdfs:label in ontology/shapes.ttl): 条号疑似错误."""
    return _check_labels().get(identifier, identifier)


@lru_cache(maxsize=1)
def _check_labels() -> dict[str, str]:
    graph = shapes_graph()
    return {check.identifier: next((str(label) for label in graph.objects(check.iri, RDFS.label)
                                    if isinstance(label, Literal) and label.language == "zh"), check.identifier)
            for check in checks().values()}


@lru_cache(maxsize=1)
def _detail_kinds() -> dict[str, str]:
    """The detail labels (条, 最相符条号 …) whose values a report rewrites: → "article" or "similarity"."""
    kinds = {KG.articleNumber: "article", KG.lastArticle: "article", KG.bestMatchingArticle: "article",
             KG.quoteSimilarity: "similarity", KG.bestMatchSimilarity: "similarity"}
    return {str(label): kind for predicate, kind in kinds.items()
            for label in vocabulary().objects(predicate, RDFS.label)
            if isinstance(label, Literal) and label.language == "zh"}


def explained(detail: str) -> str:
    """A detail line in plain words: similarities as 高/中/低 (the differing words are details of
    their own), article numbers as 第八十条."""
    label, sep, value = detail.partition("：")
    kind = _detail_kinds().get(label) if sep else None
    try:
        if kind == "similarity":
            return f"{label}：{similarity_in_words(float(value))}"
        if kind == "article":
            return f"{label}：{provision_zh(int(value))}"
    except ValueError:
        pass
    return detail


@dataclass
class Unreadable:
    """An input that could not be read, and why: reported, never taken for a clean list."""

    source: str
    reason: str


def unreadable_notice(unreadable: list[Unreadable]) -> list[str]:
    """The lines at the top of a report that says some inputs were not read."""
    if not unreadable:
        return []
    return [f"注意：{len(unreadable)} 个文件无法读取，未经校验，本报告不代表其没有问题："] + \
        [f"{u.source}：{u.reason}" for u in unreadable]


def build_report(results: list[ListReport], unreadable: list[Unreadable], registry_label: str,
                 sources: list[str], per_agency: bool, checks_chosen: list[str] | None = None,
                 sources_label: str = "来源文件") -> Report:
    """The validation report: header block, notices, (the per-agency summary), 合计, the findings."""
    findings = [f for r in results for f in r.findings]
    agencies = sorted({r.agency or "（未知实施主体）" for r in results})
    whose = "、".join(agencies) if len(agencies) <= 3 else f"{len(agencies)} 个实施主体的 {len(results)} 份清单"
    counts = Counter(f.severity for f in findings)
    verdict = "，".join(f"{SEVERITY_ZH[s]} {counts[s]}" for s in SEVERITY_ZH)
    if unreadable:
        verdict += f"，无法读取的文件 {len(unreadable)}"
    header = Header("权责清单法律依据校验报告", whose, sources, registry_label, sources_label=sources_label,
                    extra=[("检查项", "、".join(check_label(c) for c in checks_chosen) if checks_chosen else "全部"),
                           ("结论", verdict)])
    tables = []
    if per_agency:
        tables.append(_agency_table(results))
    tables.append(_totals(findings, results, unreadable))
    if unreadable:
        tables.append(Table("无法读取的文件", ("文件", "原因"), [[u.source, u.reason] for u in unreadable],
                            wide=("原因",)))
    details = Table("校验结果", COLUMNS, [_row(f) for f in findings], wide=("事项名称", "引用原文", "问题", "说明"))
    if not findings:
        details.note = "所读清单中未发现问题。" if not unreadable else "所读清单中未发现问题；无法读取的文件未经校验。"
    tables.append(details)
    return Report(header, tables, unreadable_notice(unreadable))


def _row(finding: Finding) -> list:
    return [finding.source, finding.agency or "", number_or_text(finding.seq) if finding.seq else None,
            finding.name or "", finding.sheet or "", finding.line,
            Shaded(SEVERITY_ZH.get(finding.severity, finding.severity),
                   SEVERITY_COLOUR.get(finding.severity, "FFFFFF")),
            check_label(finding.check), finding.citation or "", finding.message,
            "\n".join(explained(d) for d in finding.details)]


def _totals(findings: list[Finding], results: list[ListReport], unreadable: list[Unreadable]) -> Table:
    """合计: findings and items concerned per severity and check, then the lists read and not read."""
    table = Table("合计", ("严重程度", "检查", "发现数", "涉及事项数"),
                  note=f"已校验清单 {len(results)} 份，事项 {sum(r.items for r in results)} 项"
                       + (f"；无法读取的文件 {len(unreadable)} 个" if unreadable else ""))
    by_check: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        by_check.setdefault((finding.severity, finding.check), []).append(finding)
    ordered = sorted(by_check.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 3), kv[0][1]))
    for (severity, check), group in ordered:
        table.rows.append([Shaded(SEVERITY_ZH.get(severity, severity), SEVERITY_COLOUR.get(severity, "FFFFFF")),
                           check_label(check), len(group), len({f.item or f.focus for f in group})])
    for severity in SEVERITY_ZH:
        of_severity = [f for f in findings if f.severity == severity]
        table.rows.append([f"{SEVERITY_ZH[severity]}合计", None, len(of_severity),
                           len({f.item or f.focus for f in of_severity})])
    table.rows.append(["无法读取的文件", None, len(unreadable), None])
    return table


def _agency_table(results: list[ListReport]) -> Table:
    table = Table("按实施主体", ("实施主体", "清单数", "事项数", "违规", "警告", "提示", "主要问题"),
                  wide=("主要问题",),
                  note="每个实施主体的清单、事项和发现数；明细见“校验结果”")
    for summary in summarize((r.agency, r.items, r.findings) for r in results):
        table.rows.append([summary.agency, summary.lists, summary.items, summary.by_severity["Violation"],
                           summary.by_severity["Warning"], summary.by_severity["Info"], top_checks(summary)])
    return table


def top_checks(summary: AgencySummary, count: int = 4) -> str:
    """The agency's most frequent checks: 条号超出范围 3，法规未识别 2."""
    return "，".join(f"{check_label(check)} {n}" for check, n in summary.by_check.most_common(count))


def to_xlsx(report: Report) -> bytes:
    return xlsx.to_xlsx(report)


def to_html(report: Report) -> str:
    return html_page.to_html(report)


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
