"""A deterministic national-scale corpus of 权责清单 generated from the five real lists.

Usage: .venv/bin/python bench/generate_corpus.py --scale 10 --out /tmp/corpus [--seed 0]
       (--scale 1, 10, 100 or national: 5, 50, 500 or 3,300 lists)

Two kinds of generated list, both written as text files like the real ones:
- a real list's own file, re-issued by a new agency in a new region: the real layout and its
  noise (OCR damage, merged cells, catalogs) kept, the agency renamed, the basis texts varied;
- a fresh tab-separated table: items drawn from all five lists, reordered, some renamed, header
  words from the synonyms the real lists use, columns shuffled, citations varied.

Citation variants: short titles (《社会保险法》 for 《中华人民共和国社会保险法》), a 文号 after the
title, other bracket styles for 文号 (〔〕 [] () 【】), Arabic or full-width article numbers,
numbering styles (1. 1、 ①), HTML tags, stray spaces. Same seed and scale → same files.
National medical-insurance scale: ~3,300 lists, ~80,000 items (≈24 per list).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from cn2an import cn2an

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest.read import read_list
from kg.ingest.records import Item
from kg.paths import LISTS
from kg.statutes import load_registry

SCALES = {"1": 5, "10": 50, "100": 500, "national": 3300}
REAL_LAYOUT_SHARE = 0.3          # generated lists that reuse a real file's layout
FRESH_ITEMS = (12, 42)           # items of a fresh table: mean 27, so the corpus averages ≈24

PROVINCES = ("河北省", "河南省", "甘肃省", "山西省", "湖北省", "湖南省", "四川省", "江西省",
             "安徽省", "山东省", "陕西省", "云南省", "贵州省", "广西壮族自治区", "吉林省")
PLACE_CHARACTERS = "安平宁远城山河阳泉东西南北新丰华德兴永和昌利嘉定宜康临清武靖乐广明通元太"
PLACE_SUFFIXES = ("县", "县", "县", "区", "市")
AGENCY_SUFFIXES = ("医疗保障局", "医疗保障局", "医保局")
DEPARTMENTS = ("基金监管科", "待遇保障科", "医药服务管理科", "办公室", "规划财务和法规科", "医疗保障中心")

HEADERS = {   # the header words the real lists use for each column (kg.ingest.headers synonyms)
    "seq": ("序号", "总序号"),
    "name": ("项目名称", "事项名称", "职权名称", "权力事项"),
    "category": ("职权类别", "权力类型", "权力事项类型", "职责类别"),
    "code": ("事项编码", "地方权力编码"),
    "agency": ("实施主体", "行政主体"),
    "department": ("责任科室", "承办机构", "责任股室"),
    "basis": ("实施依据", "设定依据", "法律依据"),
}
CATEGORY_SPELLINGS = {"其他行政权力": ("其他行政权力", "其他职权", "其它职权")}
NAME_PREFIXES = ("对", "")
BRACKETS = (("〔", "〕"), ("[", "]"), ("(", ")"), ("【", "】"), ("（", "）"))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

_AGENCY = re.compile(r"[\u4e00-\u9fff]{2,8}?[省市县区](?:医疗保障局|医保局)")
_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_DOC_BRACKET = re.compile(r"[〔\[(（【](\d{4})[〕\])）】](\d+)号")
_ARTICLE = re.compile(r"第([零一二三四五六七八九十百]+)条")
_NUMBERING = re.compile(r"(?m)(^|[；;。\s])(\d{1,2})[.、．]")


@dataclass(frozen=True)
class Source:
    """A real list: its text and the items ingest read from it."""

    path: Path
    text: str
    items: tuple[Item, ...]


def load_sources(directory: Path = LISTS) -> list[Source]:
    """The real lists as text with their items (text lists only; the generator writes text)."""
    sources = []
    for path in sorted(directory.iterdir()):
        if path.is_file():
            document = read_list(path)
            sources.append(Source(path, path.read_text(encoding="utf-8"), tuple(document.items)))
    return sources


def short_titles() -> dict[str, list[str]]:
    """Full title → the shorter ways lists write it (without 中华人民共和国, aliases), and its 文号."""
    variants: dict[str, list[str]] = {}
    for statute in load_registry().statutes.values():
        forms = [statute.title.removeprefix("中华人民共和国"), *statute.aliases]
        variants[statute.title] = [f for f in forms if f and f != statute.title]
    return variants


def doc_numbers() -> dict[str, list[str]]:
    """Full title → its versions' 文号 as printed in the registry."""
    return {s.title: [v.doc_number for v in s.versions if v.doc_number]
            for s in load_registry().statutes.values()}


class Variator:
    """Seeded variations of names and basis texts."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.agencies: set[str] = set()
        self.shorter = short_titles()
        self.numbers = doc_numbers()

    def region(self) -> str:
        province = self.rng.choice(PROVINCES)
        place = "".join(self.rng.sample(PLACE_CHARACTERS, 2)) + self.rng.choice(PLACE_SUFFIXES)
        return province + place if self.rng.random() < 0.2 else place

    def agency(self) -> str:
        """A new agency: never one already issued (a list is keyed by its agency and title)."""
        while True:
            agency = self.region() + self.rng.choice(AGENCY_SUFFIXES)
            if agency not in self.agencies:
                self.agencies.add(agency)
                return agency

    def basis(self, text: str) -> str:
        """A basis text with its citations written another way and some of the lists' noise."""
        text = _TITLE.sub(self._title, text)
        text = _DOC_BRACKET.sub(self._bracket, text)
        if self.rng.random() < 0.25:
            text = _ARTICLE.sub(self._arabic_article, text)
        if self.rng.random() < 0.3:
            text = _NUMBERING.sub(self._numbering, text)
        if self.rng.random() < 0.1:
            text = f"<p>{text}</p>"
        if self.rng.random() < 0.1 and len(text) > 10:
            cut = self.rng.randrange(1, len(text) - 1)
            text = text[:cut] + " " + text[cut:]
        return text

    def name(self, name: str) -> str:
        if name.startswith("对") and self.rng.random() < 0.3:
            return name[1:]
        if not name.startswith("对") and name.endswith("处罚") and self.rng.random() < 0.3:
            return "对" + name
        return name

    def _title(self, match: re.Match) -> str:
        title = match.group(1)
        roll = self.rng.random()
        if roll < 0.3 and self.shorter.get(title):
            return f"《{self.rng.choice(self.shorter[title])}》"
        if roll < 0.45 and self.numbers.get(title):
            return f"《{title}》（{self.rng.choice(self.numbers[title])}）"
        return match.group(0)

    def _bracket(self, match: re.Match) -> str:
        left, right = self.rng.choice(BRACKETS)
        return f"{left}{match.group(1)}{right}{match.group(2)}号"

    def _arabic_article(self, match: re.Match) -> str:
        number = str(cn2an(match.group(1), "smart"))
        return f"第{number.translate(FULL_WIDTH) if self.rng.random() < 0.3 else number}条"

    def _numbering(self, match: re.Match) -> str:
        number = int(match.group(2))
        style = self.rng.randrange(3)
        if style == 0 and number <= len(CIRCLED):
            return f"{match.group(1)}{CIRCLED[number - 1]}"
        return f"{match.group(1)}{number}{'.、'[style % 2]}"


def reissued_list(source: Source, variator: Variator) -> str:
    """A real list's file for a new agency: the layout kept, agency and basis texts varied."""
    agency = variator.agency()
    text = _AGENCY.sub(agency, source.text)
    for item in source.items:
        if item.basis and len(item.basis) > 8 and item.basis in text:
            text = text.replace(item.basis, variator.basis(item.basis), 1)
    return text


def fresh_list(pool: list[Item], variator: Variator) -> str:
    """A new tab-separated list: items drawn from `pool`, reordered, header words and columns varied."""
    rng = variator.rng
    agency = variator.agency()
    columns = ["seq", "name", "category"] + [c for c in ("code", "agency", "department") if rng.random() < 0.6]
    columns.append("basis")
    body = columns[1:]
    rng.shuffle(body)
    columns = ["seq", *body]
    header = "\t".join(rng.choice(HEADERS[c]) for c in columns)
    count = rng.randint(*FRESH_ITEMS)
    items = [rng.choice(pool) for _ in range(count)]
    code_stem = f"{rng.randrange(10**11, 10**12)}"
    rows = []
    for number, item in enumerate(items, start=1):
        category = item.category_norm or item.category or ""
        values = {
            "seq": str(number),
            "name": variator.name(item.name),
            "category": rng.choice(CATEGORY_SPELLINGS.get(category, (category,))),
            "code": f"{code_stem}{number:04d}",
            "agency": agency,
            "department": item.department or rng.choice(DEPARTMENTS),
            "basis": variator.basis(item.basis).replace("\n", " ").replace("\t", " "),
        }
        rows.append("\t".join(values[c] for c in columns))
    return f"{agency}权责清单\n\n{header}\n" + "\n".join(rows) + "\n"


def generate(scale: str, out: Path, seed: int = 0) -> list[Path]:
    """Write the corpus of `scale` into `out`; the five real lists are always its first files."""
    rng = random.Random(seed)
    sources = load_sources()
    variator = Variator(rng)
    pool = [item for source in sources for item in source.items if item.name]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        target = out / f"0000-{source.path.name}"
        target.write_text(source.text, encoding="utf-8")
        written.append(target)
    for number in range(len(sources), SCALES[scale]):
        if rng.random() < REAL_LAYOUT_SHARE:
            text = reissued_list(rng.choice(sources), variator)
        else:
            text = fresh_list(pool, variator)
        target = out / f"{number:04d}.txt"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="10")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    written = generate(arguments.scale, arguments.out, arguments.seed)
    size = sum(path.stat().st_size for path in written)
    print(f"{len(written)} lists, {size / 1e6:.1f} MB in {arguments.out}")


if __name__ == "__main__":
    main()
