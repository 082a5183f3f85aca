"""Rows of any format → ListDocument: the layout-independent half of ingest."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from kg.errors import InputError
from kg.ingest.assemble import assemble_items
from kg.ingest.catalog import build_catalog, declared_by_titles
from kg.ingest.cleaning import collapse
from kg.ingest.ocr import flag_garbled
from kg.ingest.records import ListDocument, Row
from kg.ingest.tables import CATALOG, DETAIL, row_text, split_tables
from kg.ingest.titles import agency_in, fullest_agency, is_title, same_agency


def build_document(rows: list[Row], source: str) -> ListDocument:
    """Items and catalogs of a list read as rows; InputError when it holds no recognizable table.

    Items come from the detail tables (with a basis or duties column); a list with only
    name-and-category tables has its items there. Catalog tables beside detail tables become
    Catalog records, and so do the counts the detail tables' titles declare.
    """
    tables = split_tables(rows)
    if not tables:
        raise InputError(source, "no table found: no header row naming 序号, 事项名称/项目名称, "
                                 "职权类别, 实施依据 … (is this a 权责清单?)")
    titles = [row_text(row) for table in tables for row in table.preamble]
    agency = agency_in(titles)
    item_tables = [t for t in tables if t.kind == DETAIL] or [t for t in tables if t.kind == CATALOG]
    items = assemble_items(item_tables, source, agency)
    if not items:
        raise InputError(source, "the table has a header but no items", tables[0].header.line)
    flag_garbled(items)
    printed = Counter(item.agency for item in items if item.agency).most_common(1)
    agency = fullest_agency([agency or (printed[0][0] if printed else None), agency_in([Path(source).stem])])
    # one name per agency: 市医保局 on the rows of 天水市医保局's list
    items = [replace(item, agency=agency)
             if item.agency and agency and same_agency(item.agency, agency) else item
             for item in items]
    catalogs = [build_catalog(t, source, agency) for t in tables
                if t.kind == CATALOG and t not in item_tables]
    titled = declared_by_titles(item_tables, source, agency)
    if titled:
        catalogs.append(titled)
    return ListDocument(source=source, agency=agency, title=next((collapse(t) for t in titles if is_title(t)), None),
                        items=items, catalogs=catalogs)
