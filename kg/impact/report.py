"""Renderings of an impact check for legal staff: terminal table, xlsx, html, csv, json.

Every form shows the text difference of each cited provision, old vs new, with the changed
characters marked: deleted text struck through in red, inserted text underlined in green
(xlsx, html, terminal), or as [-deleted-]{+inserted+} in plain text (csv, json).
"""

from __future__ import annotations

import csv
import html
import io
import json
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.impact.affected import Impact
from kg.impact.records import Amendment, ArticleChange, ImpactEntry
from kg.statutes.records import StatuteVersion

CHANGE_LABELS = {  # 变化 as legal staff read it
    "unchanged": "未变", "modified": "修改", "renumbered": "条号变动",
    "renumbered+modified": "条号变动并修改", "repealed": "删除", "inserted": "新增", None: "待核",
}
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


def _rows(impact: Impact) -> Iterator[tuple[str, ImpactEntry]]:
    for group, entries in (("affected", impact.affected), ("unchanged", impact.unchanged),
                           ("unmatched", impact.unmatched)):
        for entry in entries:
            yield group, entry


def _cells(entry: ImpactEntry) -> list[str]:
    line = str(entry.lines[0]) if entry.lines else None
    where = ":".join(part for part in (entry.source, entry.sheet, line) if part)     # file:sheet:line
    return [entry.agency or "", entry.seq or "", entry.name, entry.citation, entry.old or "",
            entry.new or "—", CHANGE_LABELS.get(entry.change, entry.change or ""),
            marked_text(entry.old_text, entry.new_text), entry.note or "", where]


def render_json(impact: Impact) -> str:
    """{"affected": [...], "unchanged": [...], "unmatched": [...]}, each entry with `diff` marked."""
    data = impact.to_json()
    for key, entries in (("affected", impact.affected), ("unchanged", impact.unchanged),
                         ("unmatched", impact.unmatched)):
        for record, entry in zip(data[key], entries):
            record["diff"] = marked_text(entry.old_text, entry.new_text)
    data["amendment"] = amendment_summary(impact)
    return json.dumps(data, ensure_ascii=False, indent=2)


def amendment_summary(impact: Impact) -> dict:
    """What was compared: statute, versions, and where the change list came from."""
    a = impact.amendment
    return {"statute": a.statute_title, "from": a.old_version, "to": a.new_version,
            "title": a.title, "source": a.source}


def render_csv(impact: Impact) -> str:
    """One row per checked citation, with a 结论 column (affected / unchanged / unmatched)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("结论",) + COLUMNS)
    for group, entry in _rows(impact):
        writer.writerow([group] + _cells(entry))
    return out.getvalue()


def render_html(impact: Impact) -> str:
    """A self-contained HTML page: affected items first, then those checked and unchanged."""
    a = impact.amendment
    title = f"{a.statute_title} {a.old_version} → {a.new_version} 修改影响"
    parts = [f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
             "padding:4px;vertical-align:top}del{color:#b00;background:#fdd}ins{color:#060;background:#dfd}"
             "</style></head><body>", f"<h1>{html.escape(title)}</h1>"]
    for heading, entries in (("受影响的事项", impact.affected), ("已核对、未变化", impact.unchanged),
                             ("无法按条核对", impact.unmatched)):
        parts.append(f"<h2>{heading}（{len(entries)}）</h2><table><tr>")
        parts += [f"<th>{html.escape(c)}</th>" for c in COLUMNS]
        parts.append("</tr>")
        for entry in entries:
            cells = [html.escape(c) for c in _cells(entry)]
            cells[7] = _html_diff(entry)
            parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def _entry_segments(entry: ImpactEntry) -> list[tuple[str, str]] | None:
    """The compact difference of an entry's texts; None when one of them is missing."""
    if entry.old_text is None or entry.new_text is None:
        return None
    return compact(diff_segments(entry.old_text, entry.new_text))


def _html_diff(entry: ImpactEntry) -> str:
    segments = _entry_segments(entry)
    if segments is None:
        return html.escape(entry.old_text or entry.new_text or "")
    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return "".join(tags[kind].format(html.escape(text)) for kind, text in segments)


def write_xlsx(impact: Impact, path: Path) -> None:
    """A workbook with sheets 受影响 / 未变化 / 待核, diffs as rich text (red struck, green underlined)."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font

    fonts = {"-": InlineFont(color="00B00000", strike=True), "+": InlineFont(color="00006600", u="single")}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, entries in (("受影响", impact.affected), ("未变化", impact.unchanged),
                                ("待核", impact.unmatched)):
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry in entries:
            sheet.append(_cells(entry))
            segments = _entry_segments(entry)
            if segments is not None:
                sheet.cell(row=sheet.max_row, column=8).value = CellRichText(*[
                    text if kind == "=" else TextBlock(fonts[kind], text) for kind, text in segments])
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, width in zip("ABCDEFGHIJ", (14, 8, 30, 30, 8, 8, 10, 60, 24, 24)):
            sheet.column_dimensions[column].width = width
    workbook.save(path)


def print_table(impact: Impact, console: Console | None = None) -> None:
    """Terminal tables: affected items with coloured diffs, then the unchanged ones in brief."""
    console = console or Console()
    a = impact.amendment
    origin = a.title or ("由两版条文比对得出" if a.source == "alignment" else a.source)
    console.print(f"[bold]{a.statute_title}[/] {a.old_version} → {a.new_version}（{origin}）；"
                  f"未注明日期的清单按 {a.old_version} 版核对")
    table = Table(title=f"受影响的事项（{len(impact.affected)}）", show_lines=True)
    for column in COLUMNS[:8]:
        table.add_column(column, overflow="fold")
    for entry in impact.affected:
        cells = _cells(entry)
        table.add_row(*cells[:7], _rich_diff(entry))
    console.print(table)
    brief = Table(title=f"已核对、未变化（{len(impact.unchanged)}）")
    for column in ("实施主体", "序号", "事项名称", "依据（原文）", "原条款", "新条款"):
        brief.add_column(column, overflow="fold")
    for entry in impact.unchanged:
        brief.add_row(*_cells(entry)[:6])
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
        note = f"与旧第{'、'.join(map(str, change.merged_with))}条合并" if change.merged_with else (
            "拆分" if len(change.new) > 1 else "")
        table.add_row(str(change.old or "—"), "、".join(map(str, change.new)) or "—",
                      CHANGE_LABELS.get(change.kind, change.kind),
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
