"""A report as an Excel workbook: one sheet per table, the first with the header block and the
notices above its table. Each sheet: bold column headers, frozen below them, a filter on every
column, widths from the content, numbers stored as numbers, differences as rich text (deleted red
and struck, inserted green and underlined), printable on A4 landscape with the header row
repeated on every page and the report's title in the page header."""

from __future__ import annotations

import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from kg.reports.document import Marked, Report, Shaded, Table

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
NOTICE_FONT = Font(bold=True, color="B00000")
DIFF_FONTS = {"-": InlineFont(color=Color("00B00000"), strike=True),
              "+": InlineFont(color=Color("00006600"), u="single")}
MAX_WIDTH, WIDE_WIDTH, MIN_WIDTH = 40, 60, 6
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])             # the empty sheet a new workbook comes with
    used: set[str] = set()
    for index, table in enumerate(report.tables):
        sheet = book.create_sheet(_sheet_name(table.sheet_name, used))
        top = _header_block(sheet, report) if index == 0 else 1
        _table(sheet, table, top, report.header.what)
    if not report.tables:           # a workbook needs a sheet: the header block alone
        _header_block(book.create_sheet("说明"), report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub("_", title)[:31] or "表"
    base, number = name, 2
    while name in used:
        suffix = f"({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _header_block(sheet: Worksheet, report: Report) -> int:
    """The header block and notices from row 1; the first row free after them (and a blank one)."""
    sheet.append([report.header.what])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for key, value in report.header.rows()[1:]:
        sheet.append([key, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for notice in report.notices:
        sheet.append([notice])
        sheet.cell(sheet.max_row, 1).font = NOTICE_FONT
    return sheet.max_row + 2


def _table(sheet: Worksheet, table: Table, top: int, title: str) -> None:
    row = top
    if top > 1 or table.note:
        sheet.cell(row, 1, table.title if not table.note else f"{table.title}：{table.note}").font = Font(bold=True)
        row += 1
    for column, name in enumerate(table.columns, start=1):
        cell = sheet.cell(row, column, name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    header_row = row
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in table.rows:
        row += 1
        for column, value in enumerate(values, start=1):
            body_cell = sheet.cell(row, column)
            assert isinstance(body_cell, Cell)         # not a MergedCell: this sheet merges none
            if isinstance(value, Shaded):
                body_cell.fill = PatternFill("solid", fgColor=value.colour)
                value = value.value
            body_cell.value = _rich(value) if isinstance(value, Marked) else value
            body_cell.alignment = wrap
    last_column = get_column_letter(max(1, len(table.columns)))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{max(row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    _widths(sheet, table)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    page_header, page_footer = sheet.oddHeader, sheet.oddFooter
    assert page_header is not None and page_footer is not None      # a worksheet has both
    page_header.center.text = title
    page_footer.center.text = "第 &P 页，共 &N 页"


def _rich(value: Marked) -> CellRichText:
    return CellRichText(*[text if kind == "=" else TextBlock(DIFF_FONTS[kind], text)
                          for kind, text in value.segments if text])


def _widths(sheet: Worksheet, table: Table) -> None:
    for column, name in enumerate(table.columns, start=1):
        texts = [name] + [_text(values[column - 1]) for values in table.rows[:2000] if column <= len(values)]
        longest = max(max((display_width(line) for line in text.splitlines()), default=0) for text in texts)
        cap = WIDE_WIDTH if name in table.wide else MAX_WIDTH
        sheet.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, min(cap, longest + 2))


def _text(value) -> str:
    if isinstance(value, Shaded):
        value = value.value
    if isinstance(value, Marked):
        return "".join(text for _, text in value.segments)
    return "" if value is None else str(value)


def display_width(text: str) -> int:
    """Columns a text takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
