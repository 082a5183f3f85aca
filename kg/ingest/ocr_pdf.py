"""Scanned PDF pages (no text layer) → page layouts, by OCR with Tesseract (chi_sim).

Each page is rendered to a grey image (pypdfium2); its ruling lines are found as long runs of
dark pixels and give the table cells (pdfplumber's own cell finder, fed those lines); the lines
are then painted out and Tesseract reads each cell on its own (the gaps between columns would
otherwise be read as stray marks), and the page outside the tables, in one run per page, word by
word with boxes. Words become glyphs (each word's box shared out over its characters, on its
line's height) and go to kg.ingest.pdf_layout like the characters of a text layer.

Tesseract is a program, not a Python package: without it (or without its chi_sim data) a scan is
refused with how to install it.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pypdfium2
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from PIL import Image, ImageDraw, ImageOps

from kg.errors import InputError
from kg.ingest.pdf_layout import EDGE_TOLERANCE, Glyph, PageLayout, closing_lines, page_layout

DPI = 300                      # rendering resolution for OCR
LANGUAGE = "chi_sim"           # Tesseract's simplified-Chinese model (Latin letters and digits too)
PAGE_SEGMENTATION = "6"        # each part read as one block of text lines
DARK = 192                     # grey level below which a pixel belongs to a rule (thin rules are grey)
ERASE = 4                      # pixels painted out around a rule (its anti-aliased edges)
FAINT = 200                    # lighter grey is paper: whitened before OCR
RULE_MARKS = "|｜"               # what a rule's remains at a cell's edge are read as: dropped
MARGIN = 12                    # pixels of white around each cell given to Tesseract
MIN_HORIZONTAL_RULE = 36.0     # points: shorter dark runs are strokes of characters, not rules
MIN_VERTICAL_RULE = 20.0
MIN_BETWEEN_RULES = 6.0        # points: a vertical run this short counts only from rule to rule
OCR_SECONDS = 600              # one page
INSTALL_HINT = ("a scanned PDF (pages without a text layer) is read by OCR, which needs Tesseract "
                "with its Chinese data: install it (Debian/Ubuntu: apt-get install tesseract-ocr "
                "tesseract-ocr-chi-sim)")


class OcrReader:
    """Reads the scanned pages of one PDF."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.tesseract = tesseract_command(self.path)

    def page_layout(self, number: int) -> PageLayout:
        """The layout of page `number` (1-based), read by OCR."""
        image = self.render(number)
        scale = DPI / 72
        runs = dark_runs(image)
        cell_groups = table_cells([_edge(run, scale) for run in runs])
        for x0, y0, x1, y1 in runs:                 # rules painted out: Tesseract reads text only
            ImageDraw.Draw(image).rectangle((x0 - ERASE, y0 - ERASE, x1 + ERASE, y1 + ERASE),
                                            fill=255)
        image = image.point(lambda value: 255 if value > FAINT else value)   # rules' grey fringes
        glyphs = [Glyph(g.text, g.x0 / scale, g.x1 / scale, g.top / scale, g.bottom / scale)
                  for g in self.recognize(regions(image, cell_groups, scale))]
        return page_layout(number, cell_groups, glyphs)

    def render(self, number: int) -> Image.Image:
        try:
            pdf = pypdfium2.PdfDocument(str(self.path))
            try:
                bitmap = pdf[number - 1].render(scale=DPI / 72, grayscale=True)
                return bitmap.to_pil().convert("L")
            finally:
                pdf.close()
        except pypdfium2.PdfiumError as error:
            raise InputError(self.path, f"page {number} cannot be rendered for OCR ({error})") \
                from None

    def recognize(self, parts: list[tuple[Image.Image, int, int]]) -> list[Glyph]:
        """Tesseract's words on each part of a page (an image and where it sits on the page), as
        glyphs in the page's pixels; one Tesseract run reads all the parts."""
        if not parts:
            return []
        with tempfile.TemporaryDirectory(prefix="kg-ocr-") as folder:
            names = []
            for index, (part, _, _) in enumerate(parts):
                names.append(str(Path(folder) / f"{index}.png"))
                ImageOps.expand(part, border=MARGIN, fill=255).save(names[-1])
            listing = Path(folder) / "parts.txt"
            listing.write_text("\n".join(names) + "\n", encoding="utf-8")
            try:
                done = subprocess.run(
                    [self.tesseract, str(listing), "stdout", "-l", LANGUAGE,
                     "--psm", PAGE_SEGMENTATION, "tsv"],
                    capture_output=True, text=True, timeout=OCR_SECONDS, stdin=subprocess.DEVNULL,
                    env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            except subprocess.TimeoutExpired:
                raise InputError(self.path, f"OCR of a page took over {OCR_SECONDS} s") from None
        if done.returncode != 0:
            said = done.stderr.strip().splitlines()
            raise InputError(self.path, f"Tesseract failed ({said[-1] if said else done.returncode})")
        offsets = [(left - MARGIN, top - MARGIN) for _, left, top in parts]
        return tsv_glyphs(done.stdout, offsets)


def regions(image: Image.Image, cell_groups: list[list[tuple[float, float, float, float]]],
            scale: float) -> list[tuple[Image.Image, int, int]]:
    """The parts of a page Tesseract reads one by one: every cell that has ink, inside its rules,
    and the page outside the tables (titles, page numbers), each with its top-left pixel."""
    parts = []
    outside = image.copy()
    for cells in cell_groups:
        for x0, top, x1, bottom in cells:
            box = (round(x0 * scale) + ERASE, round(top * scale) + ERASE,
                   round(x1 * scale) - ERASE, round(bottom * scale) - ERASE)
            if box[2] > box[0] and box[3] > box[1]:
                parts.append((image.crop(box), box[0], box[1]))
        table = (min(c[0] for c in cells), min(c[1] for c in cells),
                 max(c[2] for c in cells), max(c[3] for c in cells))
        ImageDraw.Draw(outside).rectangle([round(v * scale) for v in table], fill=255)
    parts.append((outside, 0, 0))
    return [(part, left, top) for part, left, top in parts if _has_ink(part)]


def _has_ink(image: Image.Image) -> bool:
    return image.point(lambda value: 255 if value < DARK else 0).getbbox() is not None


def tesseract_command(path: Path) -> str:
    """The tesseract program, checked to have the chi_sim data; InputError saying how to install."""
    command = shutil.which("tesseract")
    if command is None or LANGUAGE not in _languages(command):
        raise InputError(path, INSTALL_HINT)
    return command


@cache
def _languages(command: str) -> frozenset[str]:
    done = subprocess.run([command, "--list-langs"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    return frozenset(line.strip() for line in (done.stdout + done.stderr).splitlines())


def tsv_glyphs(tsv: str, offsets: list[tuple[int, int]]) -> list[Glyph]:
    """Glyphs of Tesseract's TSV over several images (its "pages"), image i placed at offsets[i]:
    each word's box shared out evenly over its characters, every character as tall as its line
    (so that the characters of one line are grouped together)."""
    records = list(csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    line_boxes = {}
    for record in records:
        if record["level"] == "4":
            top = int(record["top"])
            line_boxes[_line_key(record)] = (top, top + int(record["height"]))
    words: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}   # line → (left, right, text)
    for record in records:
        text = (record.get("text") or "").strip().strip(RULE_MARKS)
        if record["level"] == "5" and text:
            left = int(record["left"])
            words.setdefault(_line_key(record), []).append((left, left + int(record["width"]), text))
    glyphs = []
    for key, line in words.items():
        dx, dy = offsets[int(key[0]) - 1]
        top, bottom = line_boxes[key]
        end = 0.0
        for left, right, text in sorted(line):
            start = max(left, end)                 # overlapping boxes: one word after the other
            step = max(right - start, len(text)) / len(text)
            glyphs += [Glyph(char, dx + start + i * step, dx + start + (i + 1) * step,
                             dy + top, dy + bottom) for i, char in enumerate(text)]
            end = start + step * len(text)
    return glyphs


def _line_key(record: dict[str, str]) -> tuple[str, ...]:
    return record["page_num"], record["block_num"], record["par_num"], record["line_num"]


def dark_runs(image: Image.Image) -> list[tuple[int, int, int, int]]:
    """Ruling lines of a page image, as pixel boxes (x0, y0, x1, y1) one pixel thick: horizontal
    runs of ink too long to be strokes of characters; vertical runs as long, or shorter ones (the
    rules of a one-line row) that run from one horizontal rule to another."""
    ink = image.point(lambda value: 255 if value < DARK else 0)
    scale = DPI / 72
    runs = []
    horizontal = re.compile(rb"\xff{%d,}" % int(MIN_HORIZONTAL_RULE * scale))
    width, height = ink.size
    data = ink.tobytes()
    rules_at: dict[int, list[tuple[int, int]]] = {}          # y → horizontal rules' (x0, x1)
    for y in range(height):
        for run in horizontal.finditer(data, y * width, (y + 1) * width):
            runs.append((run.start() - y * width, y, run.end() - y * width - 1, y))
            rules_at.setdefault(y, []).append((runs[-1][0], runs[-1][2]))
    reach = round(EDGE_TOLERANCE * scale)

    def on_rule(x: int, y: int) -> bool:
        return any(x0 - reach <= x <= x1 + reach for near in range(y - reach, y + reach + 1)
                   for x0, x1 in rules_at.get(near, ()))

    vertical = re.compile(rb"\xff{%d,}" % int(MIN_BETWEEN_RULES * scale))
    long_enough = MIN_VERTICAL_RULE * scale
    columns = ink.transpose(Image.Transpose.TRANSPOSE).tobytes()
    for x in range(width):
        for run in vertical.finditer(columns, x * height, (x + 1) * height):
            top, bottom = run.start() - x * height, run.end() - x * height - 1
            if bottom - top >= long_enough or (on_rule(x, top) and on_rule(x, bottom)):
                runs.append((x, top, x, bottom))
    return runs


def _edge(run: tuple[int, int, int, int], scale: float) -> dict:
    x0, y0, x1, y1 = (value / scale for value in run)
    orientation = "h" if run[1] == run[3] else "v"
    return {"x0": x0, "x1": x1, "top": y0, "bottom": y1, "width": x1 - x0, "height": y1 - y0,
            "orientation": orientation, "object_type": "line"}


def table_cells(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """The cells of each table the ruling lines draw (pdfplumber's cell finder), in points."""
    edges = merge_edges(edges, EDGE_TOLERANCE, EDGE_TOLERANCE, EDGE_TOLERANCE, EDGE_TOLERANCE)
    edges += closing_lines(edges)
    edges = merge_edges(edges, EDGE_TOLERANCE, EDGE_TOLERANCE, EDGE_TOLERANCE, EDGE_TOLERANCE)
    intersections = edges_to_intersections(edges, EDGE_TOLERANCE, EDGE_TOLERANCE)
    return cells_to_tables(intersections_to_cells(intersections))
