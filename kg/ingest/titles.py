"""What the title lines of a list say: whose list it is and how many items it declares."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import cn2an

from kg.ingest.cleaning import compact
from kg.ingest.lexicon import load

NUMERAL = r"[0-9零〇一二两三四五六七八九十百千]+"

_TITLE_WORDS = re.compile(r"清单|目录|总表|一览表")
_AGENCY_SUFFIX = r"(?:局|委员会|委|厅|办公室|中心|政府|院|站|所|队|署)"
# 单位：平山县医疗保障局（公章）
_UNIT_LINE = re.compile(r"(?:单位|部门|填报单位|实施主体)[:：](?P<agency>[^（(，,。；;]{2,40}?" + _AGENCY_SUFFIX + ")")
# 南召县医疗保障局行政职权目录 / 天水市医保局权责清单 / 宝丰县医疗保障局权责清单目录
_AGENCY_TITLE = re.compile(r"(?P<agency>[\u4e00-\u9fff]{2,30}?" + _AGENCY_SUFFIX + r")"
                           r"(?:保留的|行政)?(?:权责清单|权力清单|责任清单|职权目录|职权清单|权责事项|权力和责任清单)")
_LEADING_WORDS = re.compile(r"^(?:附件[0-9一二三四五六七八九十]*[:：]?|关于(?:公布|印发|调整)?)")
_YEAR = re.compile(r"\d{4}年度?")                     # 2024年权责清单: no part of the agency's name
_LEVELS = tuple(load("agencies")["levels"])
_DECLARED = re.compile(r"共(?P<body>[^）)]*)")
_CATEGORY_COUNT = re.compile(r"(?P<n>" + NUMERAL + r")类")
_ITEM_COUNT = re.compile(r"(?P<n>" + NUMERAL + r")个?项")


def is_title(text: str) -> bool:
    """A line naming a list or one of its parts (…权责清单, …目录, 事项总表)."""
    return bool(_TITLE_WORDS.search(text))


def agency_in(texts: list[str]) -> str | None:
    """The agency a list's title lines name: a 单位：… line first, else a title 「X局权责清单」."""
    compacted = [_LEADING_WORDS.sub("", _YEAR.sub("", compact(text))) for text in texts]
    for pattern in (_UNIT_LINE, _AGENCY_TITLE):
        for text in compacted:
            found = pattern.search(text)
            if found:
                return found.group("agency")
    return None


def same_agency(short: str, full: str) -> bool:
    """`short` names the agency `full` names, shortened (市医保局 → 天水市医保局 or 天水市医疗保障局)."""
    short, full = compact(short), compact(full)
    if short == full:
        return True
    if len(short) < 3 or len(short) >= len(full) or not short.startswith(_LEVELS) or short[-1] != full[-1]:
        return False
    rest = iter(full)
    return all(char in rest for char in short)      # its characters in order (天水市医保局 ends with it)


def fullest_agency(names: list[str | None]) -> str | None:
    """The first of `names` given, or a later one that is a fuller name of the same agency."""
    fullest = None
    for name in filter(None, names):
        if fullest is None or same_agency(fullest, name):
            fullest = name
    return fullest


def declared_counts(text: str) -> tuple[int | None, int | None]:
    """(items, categories) a title declares: 共12项 → (12, None); 共六类、二十五项 → (25, 6)."""
    total = categories = None
    for declared in _DECLARED.finditer(compact(text)):
        body = declared.group("body")
        if categories is None and (found := _CATEGORY_COUNT.search(body)):
            categories = number(found.group("n"))
        if total is None and (found := _ITEM_COUNT.search(body)):
            total = number(found.group("n"))
    return total, categories


def counted_items(text: str) -> int | None:
    """The number of items a table title counts, with or without 共: （行政检查类、5项） → 5."""
    total, _ = declared_counts(text)
    if total is not None:
        return total
    found = _ITEM_COUNT.findall(compact(text))
    return number(found[-1]) if found else None


@lru_cache(maxsize=1024)
def number(numeral: str) -> int | None:
    """An Arabic, full-width or Chinese numeral as an int (二十五 → 25); None if it is none."""
    try:
        return int(cn2an.cn2an(unicodedata.normalize("NFKC", numeral), "smart"))
    except (ValueError, KeyError, TypeError):
        return None
