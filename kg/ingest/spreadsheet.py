"""Spreadsheets (.xlsx .xlsm .xls .ods) → Rows, every sheet, merged cells spread.

Read with python-calamine: values and merged ranges, no styles (formula cells give their cached
values). openpyxl (.xlsx) and xlrd (.xls) read only a workbook calamine cannot open, with the same
records out; their errors then name what is wrong with it.

`Row.sheet` is the sheet name and `Row.line` the 1-based row number within the sheet. Values read
as printed: an integer stored as 1.0 → "1", a long code stored as a number → all its digits,
dates as ISO dates.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal
from xml.etree import ElementTree

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum

from kg.errors import InputError
from kg.ingest.grid import MAX_SPAN, Grid, blank_row, clean_text, rows_from_grid, spread_merged
from kg.ingest.records import UNREADABLE, Cell, Row

if TYPE_CHECKING:
    import xlrd

MAX_SHEET_CELLS = 5_000_000  # rows × columns of one sheet; beyond this the sheet is refused
Range = tuple[tuple[int, int], tuple[int, int]]   # (top, left), (bottom, right): 0-based, inclusive


def read_workbook_rows(path: Path, kind: str) -> list[Row]:
    """Rows of every worksheet of the workbook in `path`; `kind` (xlsx, xls, ods) is what its
    content says it is, whatever its suffix. An .xlsx whose cells hold values their type cannot
    hold (a number cell with text) is read with those cells as their raw text, marked UNREADABLE."""
    try:
        with path.open("rb") as stream:   # a stream: calamine would go by the suffix
            return _calamine_workbook_rows(path, stream, kind)
    except InputError:
        raise
    except Exception:   # CalamineError, or a panic of the Rust reader on a damaged file
        if kind == "xls":
            return read_xls_rows(path)
        if kind == "xlsx":
            repaired = _with_unreadable_cells_as_text(path)
            if repaired is not None:
                try:
                    return _calamine_workbook_rows(path, repaired, kind)
                except InputError:
                    raise
                except Exception:   # damaged beyond its cells: openpyxl names what is wrong
                    pass
            return read_xlsx_rows(path)
        raise InputError(path, f"unreadable .{kind} spreadsheet (damaged or encrypted)") from None


def _calamine_workbook_rows(path: Path, stream: BinaryIO, kind: str) -> list[Row]:
    workbook = CalamineWorkbook.from_filelike(stream)
    sheets = [workbook.get_sheet_by_name(meta.name) for meta in workbook.sheets_metadata
              if meta.typ == SheetTypeEnum.WorkSheet]
    for sheet in sheets:
        _check_size(path, sheet.name, sheet.height, sheet.width)
    spans = _ods_merged_ranges(path) if kind == "ods" else {}
    return [row for sheet in sheets for row in _calamine_rows(path, sheet, spans.get(sheet.name))]


_XLSX_CELL = re.compile(r"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.DOTALL)
_XLSX_TYPE = re.compile(r'\st="([^"]*)"')
_XLSX_VALUE = re.compile(r"<v>(.*?)</v>", re.DOTALL)
_XLSX_SHARED_STRINGS = "xl/sharedStrings.xml"
_XLSX_SHARED_STRING = re.compile(rb"<si[\s>/]")


def _with_unreadable_cells_as_text(path: Path) -> io.BytesIO | None:
    """The .xlsx package in `path` with every number, boolean or shared-string cell whose value
    is not one (text in a number cell, a shared string index past the last string) turned into an
    inline string UNREADABLE + its raw value; None when no cell is, or the package cannot be read."""
    repaired = io.BytesIO()
    changed = False
    try:
        with zipfile.ZipFile(path) as package, zipfile.ZipFile(repaired, "w", zipfile.ZIP_DEFLATED) as out:
            shared = (len(_XLSX_SHARED_STRING.findall(package.read(_XLSX_SHARED_STRINGS)))
                      if _XLSX_SHARED_STRINGS in package.namelist() else 0)
            as_text = partial(_cell_as_text, shared_strings=shared)
            for member in package.infolist():
                data = package.read(member)
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    text = data.decode("utf-8")
                    fixed = _XLSX_CELL.sub(as_text, text)
                    changed = changed or fixed != text
                    data = fixed.encode("utf-8")
                out.writestr(member, data)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, UnicodeDecodeError,
            ValueError):
        return None
    repaired.seek(0)
    return repaired if changed else None


def _cell_as_text(cell: re.Match[str], shared_strings: int) -> str:
    attributes, body = cell.group(1), cell.group(2)
    typed = _XLSX_TYPE.search(attributes)
    kind = typed.group(1) if typed else "n"
    value = _XLSX_VALUE.search(body)
    if value is None or kind not in ("n", "b", "s") or _holds(kind, value.group(1).strip(), shared_strings):
        return cell.group(0)
    attributes = _XLSX_TYPE.sub("", attributes)
    return f'<c{attributes} t="inlineStr"><is><t>{UNREADABLE}{value.group(1)}</t></is></c>'


def _holds(kind: str, value: str, shared_strings: int) -> bool:
    """Whether `value` is one a cell of type `kind` (n: number, b: boolean, s: index of one of
    the `shared_strings`) can hold."""
    if kind == "b":
        return value in ("0", "1")
    if kind == "s":
        return value.isdigit() and int(value) < shared_strings
    try:
        float(value)
    except ValueError:
        return False
    return True


def _calamine_rows(path: Path, sheet: CalamineSheet, merged: list[Range] | None = None) -> list[Row]:
    """Rows of one sheet read by calamine (its grid from A1; merged ranges inclusive, 0-based,
    given for an .ods, whose ranges calamine does not read)."""
    values = sheet.to_python(skip_empty_area=False)
    merged = merged or sheet.merged_cell_ranges or []
    height = max([len(values)] + [bottom + 1 for _, (bottom, _) in merged])
    width = max([len(row) for row in values] + [right + 1 for _, (_, right) in merged] + [0])
    _check_size(path, sheet.name, height, width)
    grid: Grid = []
    for row_index in range(height):
        printed = values[row_index] if row_index < len(values) else []
        line = row_index + 1
        grid.append([Cell(format_value(value), line) for value in printed]
                    + blank_row(width - len(printed), line))
    for (top, left), (bottom, right) in merged:
        spread_merged(grid, top, left, bottom, right)
    return rows_from_grid(grid, list(range(1, height + 1)), sheet.name)


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merged_ranges(path: Path) -> dict[str, list[Range]]:
    """Sheet name → merged ranges of an OpenDocument spreadsheet, from the spans its cells declare
    (repeated rows and columns counted)."""
    ranges: dict[str, list[Range]] = {}
    row = column = 0
    sheet: list[Range] = []
    with zipfile.ZipFile(path) as package, package.open("content.xml") as content:
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == _ODS_TABLE + "table":
                sheet = ranges.setdefault(element.get(_ODS_TABLE + "name", ""), [])
                row = 0
            elif event == "start" and tag == _ODS_TABLE + "table-row":
                column = 0
            elif event == "end" and tag == _ODS_TABLE + "table-row":
                row += int(element.get(_ODS_TABLE + "number-rows-repeated", "1"))
                element.clear()
            elif event == "start" and tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                rows = int(element.get(_ODS_TABLE + "number-rows-spanned", "1"))
                columns = int(element.get(_ODS_TABLE + "number-columns-spanned", "1"))
                if rows > 1 or columns > 1:
                    sheet.append(((row, column), (row + min(rows, MAX_SPAN) - 1, column + min(columns, MAX_SPAN) - 1)))
                column += int(element.get(_ODS_TABLE + "number-columns-repeated", "1"))
    return ranges


def read_xlsx_rows(path: Path) -> list[Row]:
    """Rows of every worksheet of an .xlsx workbook, read with openpyxl."""
    import openpyxl  # the fallback: imported only when calamine could not read a workbook

    try:
        with path.open("rb") as stream:  # a stream: openpyxl would refuse an .xlsx named .xls
            workbook = openpyxl.load_workbook(stream, data_only=True)
    except Exception as error:  # a damaged package fails inside openpyxl in many ways
        raise InputError(path, f"unreadable .xlsx workbook ({_describe(error)})") from None
    rows: list[Row] = []
    for sheet in workbook.worksheets:
        height, width = sheet.max_row, sheet.max_column
        _check_size(path, sheet.title, height, width)
        grid: Grid = [
            [Cell(format_value(cell.value), row_number) for cell in cells]
            for row_number, cells in enumerate(
                sheet.iter_rows(min_row=1, min_col=1, max_row=height, max_col=width), start=1)
        ]
        for merged in sheet.merged_cells.ranges:
            spread_merged(grid, merged.min_row - 1, merged.min_col - 1,
                          merged.max_row - 1, merged.max_col - 1)
        rows += rows_from_grid(grid, list(range(1, height + 1)), sheet.title)
    workbook.close()
    return rows


def read_xls_rows(path: Path) -> list[Row]:
    """Rows of every sheet of a legacy .xls (BIFF) workbook, read with xlrd."""
    import xlrd  # the fallback: imported only when calamine could not read a workbook

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=False)
    except xlrd.biffh.XLRDError as error:
        reason = str(error)
        if "encrypted" in reason.lower() or "can't find workbook" in reason.lower():
            raise InputError(path, f"no readable workbook: encrypted (password-protected) or not "
                                   f"a spreadsheet ({reason})") from None
        raise InputError(path, f"unreadable .xls workbook ({reason})") from None
    except Exception as error:  # a damaged BIFF stream fails inside xlrd in many ways
        raise InputError(path, f"unreadable .xls workbook ({_describe(error)})") from None
    rows: list[Row] = []
    for sheet in book.sheets():
        _check_size(path, sheet.name, sheet.nrows, sheet.ncols)
        grid: Grid = [
            [Cell(_xls_value(sheet.cell(r, c), book.datemode), r + 1)
             for c in range(sheet.row_len(r))] + blank_row(sheet.ncols - sheet.row_len(r), r + 1)
            for r in range(sheet.nrows)
        ]
        for top, bottom, left, right in sheet.merged_cells:  # half-open ranges
            if top < bottom and left < right and top < len(grid):
                spread_merged(grid, top, left, bottom - 1, right - 1)
        rows += rows_from_grid(grid, list(range(1, sheet.nrows + 1)), sheet.name)
    book.release_resources()
    return rows


def format_value(value: object) -> str:
    """A cell value as printed: numbers without a spurious ".0" or exponent, dates in ISO form."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return clean_text(value.replace("_x000D_", "\r") if "_x000D_" in value else value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # Excel shows 15 significant digits, never an exponent
        text = format(Decimal(f"{value:.15g}"), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):   # a duration cell (calamine)
        return str(value)
    return clean_text(str(value).replace("_x000D_", "\r"))  # _x000D_: OOXML escape of a CR


def _xls_value(cell: xlrd.sheet.Cell, datemode: Literal[0, 1]) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE and isinstance(cell.value, float):  # a date cell holds a float
        try:
            return format_value(xlrd.xldate_as_datetime(cell.value, datemode))
        except (xlrd.xldate.XLDateError, OverflowError):
            return format_value(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return format_value(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(int(cell.value), "#ERROR")  # an error cell holds its code
    return format_value(cell.value)


def _check_size(path: Path, sheet: str, height: int, width: int) -> None:
    if height * width > MAX_SHEET_CELLS:
        raise InputError(path, f"sheet {sheet!r} spans {height} rows × {width} columns "
                               f"(more than {MAX_SHEET_CELLS:,} cells)")


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__
