"""PDF lists (.pdf) → ListDocument: ruled tables read from the text layer with pdfplumber; pages
without one (scans) by OCR (kg.ingest.ocr_pdf). Layout to rows: kg.ingest.pdf_layout.

Each item names its first and last page (`Item.pages`); an item printed on a page read by OCR is
flagged `ocr`: its text is what Tesseract recognized, not what was printed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page

from kg.errors import InputError
from kg.ingest.document import build_document
from kg.ingest.pdf_layout import Glyph, PageLayout, closing_lines, page_layout, rows_of_pages
from kg.ingest.records import ListDocument, Row

OCR_FLAG = "ocr"           # item flag: read by OCR from a scanned page
MIN_TEXT_CHARS = 10        # a page with fewer characters and an image is a scan
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf_document(path: Path) -> ListDocument:
    """Items and catalogs of a PDF list, each item with its pages (and `ocr` when scanned)."""
    rows, page_of, ocr_pages = read_pdf_rows(Path(path))
    document = build_document(rows, str(path))
    items = []
    for item in document.items:
        first, last = page_of[item.lines[0]], page_of[item.lines[1]]
        scanned = bool(ocr_pages.intersection(range(first, last + 1)))
        items.append(replace(item, pages=(first, last), flags=[*item.flags, OCR_FLAG] if scanned else item.flags))
    return replace(document, items=items)


def read_pdf_rows(path: Path) -> tuple[list[Row], dict[int, int], set[int]]:
    """The rows of every page, the page of every row line, and the pages read by OCR."""
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(path, "an encrypted (password-protected) PDF; save an unprotected copy") \
            from None
    except Exception as error:  # a damaged file fails inside pdfminer in many ways
        raise InputError(path, f"unreadable PDF ({str(error) or type(error).__name__})") from None
    layouts: list[PageLayout] = []
    ocr_pages: set[int] = set()
    with pdf:
        try:
            scanned = [page.page_number for page in pdf.pages if not has_text_layer(page)]
        except Exception as error:
            raise InputError(path, f"unreadable PDF ({str(error) or type(error).__name__})") \
                from None
        if scanned:
            from kg.ingest.ocr_pdf import OcrReader  # needs Tesseract, checked only for scans
            ocr = OcrReader(path)
        for page in pdf.pages:
            if page.page_number in scanned:
                layouts.append(ocr.page_layout(page.page_number))
                ocr_pages.add(page.page_number)
            else:
                layouts.append(text_page_layout(page))
    rows, page_of = rows_of_pages(layouts)
    if not rows:
        raise InputError(path, "no text on any page of the PDF")
    return rows, page_of, ocr_pages


def has_text_layer(page: Page) -> bool:
    """The page prints text (not only an image of it)."""
    return len(page.chars) >= MIN_TEXT_CHARS or not page.images


def text_page_layout(page: Page) -> PageLayout:
    """A page's ruled tables (cells by pdfplumber from its lines) and text, from its text layer."""
    settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": closing_lines(page.edges)}
    cell_groups = [table.cells for table in page.find_tables(settings)]
    glyphs: dict[tuple, Glyph] = {}   # text printed twice over itself (fake bold) read once
    for char in page.chars:
        if char["text"]:
            key = (char["text"], round(char["x0"]), round(char["top"]))
            glyphs.setdefault(key, Glyph(char["text"], char["x0"], char["x1"], char["top"],
                                         char["bottom"], _turned(char)))
    return page_layout(page.page_number, cell_groups, list(glyphs.values()))


def _turned(char: dict) -> int:
    """1: the character is turned clockwise (text reads downwards), -1: anticlockwise, 0: upright."""
    if char["upright"]:
        return 0
    return 1 if char["matrix"][1] < 0 else -1
