"""Catalog tables (目录 / 事项总表) → Catalog records: declared totals, per-category counts, entries."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest.categories import category_in_title, normalize_category, parse_heading
from kg.ingest.cleaning import collapse
from kg.ingest.records import Catalog, CatalogEntry, CategoryCount
from kg.ingest.tables import Table, field_values, is_loose, row_text
from kg.ingest.titles import counted_items, declared_counts, is_title

_SUB_ITEM_LEAD = re.compile(r"^\s*(?:——|—|--|-|－－)")


def build_catalog(table: Table, source: str, agency: str | None) -> Catalog:
    """The Catalog a catalog table and the title lines above it declare."""
    preamble = [row_text(row) for row in table.preamble]
    total = categories_declared = None
    for text in preamble:
        found_total, found_categories = declared_counts(text)
        total = total if total is not None else found_total
        categories_declared = categories_declared if categories_declared is not None else found_categories
    categories: list[CategoryCount] = []
    entries: list[CatalogEntry] = []
    heading_category: str | None = None
    for row in table.rows:
        heading = parse_heading(row_text(row))
        if heading:
            heading_category = heading.category
            categories.append(CategoryCount(heading.category, normalize_category(heading.category),
                                            heading.declared_count, row.line))
            continue
        if is_loose(row):
            continue
        values = field_values(row, table.header)
        name = collapse(values.get("name"))
        if not name:
            continue
        if entries and not values.get("seq") and not values.get("category") and _SUB_ITEM_LEAD.match(name):
            entries[-1] = replace(entries[-1], name=collapse(f"{entries[-1].name} {name}"))   # 主项 over two rows
            continue
        category = collapse(values.get("category")) or heading_category
        entries.append(CatalogEntry(seq=collapse(values.get("seq")) or None, name=name, category=category,
                                    category_norm=normalize_category(category), line=row.line))
    first_line = table.preamble[0].line if table.preamble else table.header.line
    last_line = max([table.header.line] + [row.end_line for row in table.rows])
    return Catalog(source=source, title=next((collapse(t) for t in preamble if is_title(t)), None),
                   agency=agency, declared_total=total, declared_categories=categories_declared,
                   categories=categories, entries=entries, lines=(first_line, last_line))


def declared_by_titles(tables: list[Table], source: str, agency: str | None) -> Catalog | None:
    """The counts the titles of detail tables declare, as a Catalog without entries, or None.

    A title naming a category counts that category (权责清单（行政处罚类、共3项）); one without
    counts the whole list (XX局权责清单（共16项）).
    """
    total = None
    categories: list[CategoryCount] = []
    lines: list[int] = []
    for table in tables:
        for row in table.preamble:
            text = row_text(row)
            if not is_title(text) or (count := counted_items(text)) is None:
                continue
            category = category_in_title(text)
            if category:
                categories.append(CategoryCount(category, normalize_category(category), count, row.line))
            elif total is None:
                total = count
            lines.append(row.line)
    if not lines:
        return None
    return Catalog(source=source, title=None, agency=agency, declared_total=total,
                   declared_categories=None, categories=categories, entries=[],
                   lines=(min(lines), max(lines)))
