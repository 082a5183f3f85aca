"""A report as one self-contained HTML page: the header block, the notices, then one section per
table (合计 first). Column headers stay in view while scrolling and repeat on every printed page
(A4 landscape); differences are marked <del>/<ins>."""

from __future__ import annotations

import html

from kg.reports.document import Marked, Report, Shaded, Table

SHORT = 10      # characters: a cell this short is not wrapped
NARROW = 5      # columns: a table this narrow takes the width it needs, not the page's

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em;margin:0 0 .4em}h2{font-size:1.15em;margin:1.4em 0 .3em}
table{border-collapse:collapse;width:100%;font-size:.9em}
td,th{border:1px solid #bbb;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#dde4ee;position:sticky;top:0}
thead{display:table-header-group}tr{page-break-inside:avoid}
td.short{white-space:nowrap}td.number{text-align:right;font-variant-numeric:tabular-nums}
table.narrow{width:auto;min-width:40%}table.header{width:auto;margin-bottom:1em}
table.header th{position:static;background:#f2f2f2;white-space:nowrap}
.notices{border:2px solid #b00;background:#fdd;padding:.5em 1em;margin:1em 0}
.notices p{margin:.2em 0;color:#900;font-weight:bold}
p.note{margin:.2em 0 .5em;color:#555}
del{color:#b00;background:#fdd}ins{color:#060;background:#dfd;text-decoration:underline}
@page{size:A4 landscape;margin:12mm}
@media print{th{position:static}body{margin:0}}
"""


def to_html(report: Report) -> str:
    esc = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{esc(report.header.what)}"
             f"</title><style>{STYLE}</style></head><body>\n<h1>{esc(report.header.what)}</h1>\n",
             "<table class=\"header\">"]
    parts += [f"<tr><th>{esc(key)}</th><td>{esc(value)}</td></tr>" for key, value in report.header.rows()[1:]]
    parts.append("</table>\n")
    if report.notices:
        parts.append("<div class=\"notices\">" + "".join(f"<p>{esc(n)}</p>" for n in report.notices) + "</div>\n")
    for table in report.tables:
        parts.append(_table(table))
    parts.append("</body></html>\n")
    return "".join(parts)


def _table(table: Table) -> str:
    esc = html.escape
    parts = [f"<section><h2>{esc(table.title)}</h2>"]
    if table.note:
        parts.append(f"<p class=\"note\">{esc(table.note)}</p>")
    narrow = " class=\"narrow\"" if len(table.columns) <= NARROW else ""
    headers = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
    parts.append(f"<table{narrow}><thead><tr>{headers}</tr></thead><tbody>")
    for values in table.rows:
        parts.append("<tr>" + "".join(_cell(value) for value in values) + "</tr>")
    if not table.rows:
        parts.append(f"<tr><td colspan=\"{len(table.columns)}\">（无）</td></tr>")
    parts.append("</tbody></table></section>\n")
    return "".join(parts)


def _cell(value) -> str:
    style = ""
    if isinstance(value, Shaded):
        style = f" style=\"background:#{value.colour}\""
        value = value.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        css = " class=\"number\""
    elif isinstance(value, str) and len(value) <= SHORT and "\n" not in value:
        css = " class=\"short\""      # a name, a provision: kept on one line
    else:
        css = ""
    return f"<td{css}{style}>{_content(value)}</td>"


def _content(value) -> str:
    if isinstance(value, Marked):
        tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
        return "".join(tags[kind].format(html.escape(text)) for kind, text in value.segments)
    if value is None:
        return ""
    return html.escape(str(value)).replace("\n", "<br>")
