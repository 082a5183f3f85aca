"""Renderings of an impact check for legal staff: terminal table, xlsx, html, csv, json.

Every form shows the text difference of each cited provision, old vs new, with the changed
characters marked: deleted text struck through in red, inserted text underlined in green
(xlsx, html, terminal), or as [-deleted-]{+inserted+} in plain text (csv, json). Provisions are
written as lawyers write them (第七十九条第二款) everywhere but json; xlsx and html open with the
header block, the 合计 and the articles the amendment changed (kg.reports).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from difflib import SequenceMatcher

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.impact.affected import Impact
from kg.impact.records import UNCHANGED, Amendment, ArticleChange, ImpactEntry
from kg.reports import html as html_page
from kg.reports import xlsx
from kg.reports.document import Header, Marked, Report, number_or_text
from kg.reports.document import Table as ReportTable
from kg.reports.provisions import label_zh, provision_zh
from kg.reports.values import in_words
from kg.statutes.records import StatuteVersion

UNJUDGED = "待核"     # a citation that cannot be judged article by article
GROUPS = (("affected", "受影响的事项", "受影响"), ("unchanged", "已核对、未变化", "未变化"),
          ("unmatched", "无法按条核对", "待核"))      # (key, heading, sheet and verdict)
COLUMNS = ("实施主体", "序号", "事项名称", "依据（原文）", "原条款", "新条款", "变化", "条文差异（旧→新）",
           "备注", "来源")
CONTEXT = 12   # characters of unchanged text kept around each change in compact diffs


def diff_segments(old: str | None, new: str | None) -> list[tuple[str, str]]:
    """The texts as (kind, text) runs: kind is "=", "-" (only in old) or "+" (only in new)."""
    old, new = old or "", new or ""
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(("-", old[i1:i2]))
        if j2 > j1:
            segments.append(("+", new[j1:j2]))
    return segments


def compact(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unchanged runs cut to CONTEXT characters around the changes (the whole text when unchanged)."""
    if all(kind == "=" for kind, _ in segments):
        return segments
    out = []
    for index, (kind, text) in enumerate(segments):
        if kind != "=" or len(text) <= 2 * CONTEXT:
            out.append((kind, text))
            continue
        head = text[:CONTEXT] if index > 0 else ""
        tail = text[-CONTEXT:] if index < len(segments) - 1 else ""
        out.append(("=", f"{head}…{tail}"))
    return out


def marked_text(old: str | None, new: str | None) -> str:
    """The difference as plain text: [-deleted-]{+inserted+} within the unchanged context."""
    if old is None or new is None:
        return old or new or ""
    return "".join(text if kind == "=" else f"[-{text}-]" if kind == "-" else f"{{+{text}+}}"
                   for kind, text in compact(diff_segments(old, new)))


def change_label(kind: str | None) -> str:
    """An article change as legal staff read it (the ontology's ChangeKinds labels): 修改, 条号变动 …"""
    return in_words(kind, "ChangeKinds") if kind else UNJUDGED


def _entries(impact: Impact, key: str) -> list[ImpactEntry]:
    return {"affected": impact.affected, "unchanged": impact.unchanged, "unmatched": impact.unmatched}[key]


def _rows(impact: Impact) -> Iterator[tuple[str, ImpactEntry]]:
    for key, _, verdict in GROUPS:
        for entry in _entries(impact, key):
            yield verdict, entry


def entry_cells(entry: ImpactEntry) -> list:
    """The row of one affected (or unchanged, unverifiable) item as every impact report shows it."""
    line = str(entry.lines[0]) if entry.lines else None
    where = ":".join(part for part in (entry.source, entry.sheet, line) if part)     # file:sheet:line
    return [entry.agency or "", number_or_text(entry.seq) if entry.seq else None, entry.name, entry.citation,
            label_zh(entry.old), label_zh(entry.new) or "—", change_label(entry.change),
            marked_text(entry.old_text, entry.new_text), entry.note or "", where]


def render_json(impact: Impact) -> str:
    """{"affected": [...], "unchanged": [...], "unmatched": [...]}, each entry with `diff` marked."""
    data = impact.to_json()
    for key, entries in (("affected", impact.affected), ("unchanged", impact.unchanged),
                         ("unmatched", impact.unmatched)):
        for record, entry in zip(data[key], entries, strict=True):
            record["diff"] = marked_text(entry.old_text, entry.new_text)
    data["amendment"] = amendment_summary(impact)
    return json.dumps(data, ensure_ascii=False, indent=2)


def amendment_summary(impact: Impact) -> dict:
    """What was compared: statute, versions, where the change list came from, the articles changed."""
    a = impact.amendment
    return {"statute": a.statute_title, "from": a.old_version, "to": a.new_version,
            "title": a.title, "source": a.source,
            "changed": [{"old": c.old, "new": list(c.new), "change": c.kind} for c in changed_articles(a)]}


def render_csv(impact: Impact, bom: bool = False) -> str:
    """One row per checked citation, with a 结论 column (受影响 / 未变化 / 待核); a BOM first when
    `bom` (for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("结论", *COLUMNS))
    for verdict, entry in _rows(impact):
        writer.writerow([verdict] + ["" if cell is None else cell for cell in entry_cells(entry)])
    return ("\ufeff" if bom else "") + out.getvalue()


def changed_articles(amendment: Amendment) -> list[ArticleChange]:
    """The articles the amendment changed, renumbered, repealed or inserted (not the unchanged)."""
    return [change for change in amendment.changes if change.kind != UNCHANGED]


def impact_report(impact: Impact, sources: list[str], registry_label: str) -> Report:
    """The impact check for people: header block, 合计, the articles changed, then per verdict the citations."""
    a = impact.amendment
    origin = a.title or ("由两版条文比对得出" if a.source == "alignment" else a.source)
    entries = impact.affected + impact.unchanged + impact.unmatched
    agencies = sorted({e.agency or "（未知实施主体）" for e in entries})
    whose = "、".join(agencies) if len(agencies) <= 3 else f"{len(agencies)} 个实施主体"
    header = Header(f"《{a.statute_title}》修改影响报告（{a.old_version} 版 → {a.new_version} 版）", whose or "—",
                    sources, registry_label,
                    extra=[("修改", origin), ("说明", f"未注明日期的清单按 {a.old_version} 版核对")])
    totals = ReportTable("合计", ("实施主体", *(verdict for _, _, verdict in GROUPS), "合计"),
                   note=f"修改涉及 {len(changed_articles(a))} 条；所核对的引用按实施主体计数")
    for agency in agencies:
        counts = [sum(1 for e in _entries(impact, key) if (e.agency or "（未知实施主体）") == agency)
                  for key, _, _ in GROUPS]
        totals.rows.append([agency, *counts, sum(counts)])
    counts = [len(_entries(impact, key)) for key, _, _ in GROUPS]
    totals.rows.append(["合计", *counts, sum(counts)])
    changes = ReportTable("本次修改的条文", ("原条", "新条", "变化", "备注"), sheet="修改的条文",
                    note=f"{a.old_version} 版与 {a.new_version} 版相比，有变化的条文")
    for change in changed_articles(a):
        changes.rows.append([provision_zh(change.old) if change.old else "—",
                             "、".join(provision_zh(n) for n in change.new) or "—",
                             change_label(change.kind), _change_note(change)])
    tables = [totals, changes]
    for key, heading, sheet in GROUPS:
        rows = []
        for entry in _entries(impact, key):
            cells = entry_cells(entry)
            segments = _entry_segments(entry)
            if segments is not None:
                cells[7] = Marked(tuple(segments))
            rows.append(cells)
        tables.append(ReportTable(f"{heading}（{len(rows)}）", COLUMNS, rows, sheet=sheet,
                            wide=("事项名称", "依据（原文）", "条文差异（旧→新）", "备注")))
    return Report(header, tables)


def _change_note(change: ArticleChange) -> str:
    if change.merged_with:
        return f"与原{'、'.join(provision_zh(n) for n in change.merged_with)}合并"
    return "拆分" if len(change.new) > 1 else ""


def render_html(impact: Impact, sources: list[str], registry_label: str) -> str:
    """A self-contained HTML page (kg.reports.html)."""
    return html_page.to_html(impact_report(impact, sources, registry_label))


def render_xlsx(impact: Impact, sources: list[str], registry_label: str) -> bytes:
    """A workbook: 合计, 修改的条文, then sheets 受影响 / 未变化 / 待核, diffs as rich text."""
    return xlsx.to_xlsx(impact_report(impact, sources, registry_label))


def _entry_segments(entry: ImpactEntry) -> list[tuple[str, str]] | None:
    """The compact difference of an entry's texts; None when one of them is missing."""
    if entry.old_text is None or entry.new_text is None:
        return None
    return compact(diff_segments(entry.old_text, entry.new_text))


def print_table(impact: Impact, console: Console | None = None) -> None:
    """Terminal tables: affected items with coloured diffs, then the unchanged ones in brief."""
    console = console or Console()
    a = impact.amendment
    origin = a.title or ("由两版条文比对得出" if a.source == "alignment" else a.source)
    console.print(f"[bold]{a.statute_title}[/] {a.old_version} → {a.new_version}（{origin}）；"
                  f"未注明日期的清单按 {a.old_version} 版核对", markup=True, highlight=False)
    changed = changed_articles(a)
    console.print(f"本次修改的条文（{len(changed)}）：" + "；".join(
        f"{provision_zh(c.old) if c.old else '（新增）'}{change_label(c.kind)}"
        + (f"为{'、'.join(provision_zh(n) for n in c.new)}" if c.new and c.new != (c.old,) else "")
        for c in changed), highlight=False)
    table = Table(title=f"受影响的事项（{len(impact.affected)}）", show_lines=True)
    for column in COLUMNS[:8]:
        table.add_column(column, overflow="fold")
    for entry in impact.affected:
        cells = entry_cells(entry)
        table.add_row(*(str(cell) if cell is not None else "" for cell in cells[:7]), _rich_diff(entry))
    console.print(table)
    brief = Table(title=f"已核对、未变化（{len(impact.unchanged)}）")
    for column in ("实施主体", "序号", "事项名称", "依据（原文）", "原条款", "新条款"):
        brief.add_column(column, overflow="fold")
    for entry in impact.unchanged:
        brief.add_row(*(str(cell) if cell is not None else "" for cell in entry_cells(entry)[:6]))
    console.print(brief)
    if impact.unmatched:
        console.print(f"[yellow]无法按条核对（{len(impact.unmatched)}）：[/]")
        for entry in impact.unmatched:
            console.print(f"  {entry.agency or ''} {entry.seq or ''} {entry.name}：{entry.citation}（{entry.note}）")


def _rich_diff(entry: ImpactEntry) -> Text:
    segments = _entry_segments(entry)
    if segments is None:
        return Text(entry.old_text or entry.new_text or "")
    styles = {"=": "", "-": "red strike", "+": "green underline"}
    text = Text()
    for kind, part in segments:
        text.append(part, style=styles[kind])
    return text


def print_alignment(changes: list[ArticleChange], old: StatuteVersion | None = None,
                    new: StatuteVersion | None = None, console: Console | None = None) -> None:
    """The article alignment for review: old → new, kind, similarity, and the opening words of both."""
    console = console or Console()
    table = Table(title="条文对照（旧 → 新）")
    for column in ("旧条", "新条", "变化", "相似度", "备注", "旧条文", "新条文"):
        table.add_column(column, overflow="fold")
    for change in changes:
        note = _change_note(change)
        table.add_row(provision_zh(change.old) if change.old else "—",
                      "、".join(provision_zh(n) for n in change.new) or "—", change_label(change.kind),
                      f"{change.similarity:.0f}" if change.similarity is not None else "", note,
                      _opening(old, change.old), _opening(new, change.new[0] if change.new else None))
    console.print(table)


def _opening(version: StatuteVersion | None, number: int | None, length: int = 24) -> str:
    article = version.articles.get(number) if version and number is not None else None
    if article is None:
        return ""
    text = "".join(article.text.split())
    return text if len(text) <= length else text[:length] + "…"


def alignment_json(amendment: Amendment) -> str:
    """The amendment's article changes as JSON: statute, versions, one object per change."""
    return json.dumps({
        "statute": amendment.statute_title, "from": amendment.old_version, "to": amendment.new_version,
        "source": amendment.source,
        "changes": [{"old": c.old, "new": list(c.new), "change": c.kind,
                     "similarity": round(c.similarity, 1) if c.similarity is not None else None,
                     "merged_with": list(c.merged_with)} for c in amendment.changes],
    }, ensure_ascii=False, indent=2)
