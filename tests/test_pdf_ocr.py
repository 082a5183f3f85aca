"""Scanned PDF lists, read by Tesseract: the scans are made here (a PDF typeset from a list,
every page rendered to an image and wrapped as an image-only PDF)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from fixtures.pdf_lists import MERGED, font_file, text_blocks, write_pdf, write_scan
from kg.ingest.cleaning import compact
from kg.ingest.pdf import OCR_FLAG
from kg.ingest.read import read_list
from kg.paths import LISTS
from kg.pipeline import cite_document
from kg.statutes import load_registry

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(font_file() is None, reason="no CJK font to typeset the PDFs"),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed"),
]

OCR_SEED = LISTS / "beiguan-district-ybj.txt"    # the seed that is itself the OCR of a scan


def citations(path: Path) -> list[list[tuple]]:
    document = cite_document(read_list(path), load_registry())
    return [[(compact(c.statute), c.article) for c in item.citations] for item in document.items]


def test_a_scan_of_the_ocr_damaged_seed_reads_its_items_and_most_citations(tmp_path: Path):
    text_pdf = write_pdf(tmp_path / "list.pdf", text_blocks(OCR_SEED.read_text(encoding="utf-8")),
                         split_rows=False)
    scan = write_scan(tmp_path / "scan.pdf", text_pdf)
    scanned, printed = read_list(scan).items, read_list(OCR_SEED).items
    assert len(scanned) == len(printed)
    assert all(OCR_FLAG in item.flags for item in scanned)
    assert all(item.pages and item.pages[0] >= 1 for item in scanned)
    alike = [fuzz.ratio(compact(a.name), compact(b.name)) for a, b in zip(scanned, printed, strict=False)]
    assert sum(alike) / len(alike) >= 90
    found, expected = citations(scan), citations(OCR_SEED)
    matched = sum(len(set(a) & set(b)) for a, b in zip(found, expected, strict=False))
    assert matched >= 0.8 * sum(map(len, expected))
    assert matched >= 0.8 * sum(map(len, found))


def test_a_scanned_table_with_merged_cells_keeps_its_structure(tmp_path: Path):
    scan = write_scan(tmp_path / "scan.pdf", write_pdf(tmp_path / "list.pdf", MERGED))
    items = read_list(scan).items
    assert [item.seq for item in items] == ["1", "2"]
    assert fuzz.ratio(items[0].name, "骗取医疗保障基金行为的处罚") >= 80
    assert items[0].category == items[1].category and "处罚" in items[0].category
    assert items[0].duties.count("责任") == 3
    assert [[article for _, article in item] for item in citations(scan)] == [[87], [84]]
    assert all(item.flags == [OCR_FLAG] for item in items)
