"""The vocabulary of citations, read once from data/lexicon/*.yaml: title endings, level tags and
the traditional-script map. The scanner, the grammar and the resolver all build their patterns
from here, so a word added to the data file is known to all three."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import yaml

from kg.paths import DATA

LEXICON = DATA / "lexicon"


@cache
def _load(name: str) -> dict:
    with open(LEXICON / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def alternation(words) -> str:
    """A regex alternation of `words`, longest first (实施细则 before 细则), non-capturing."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def rule_endings() -> tuple[str, ...]:
    """Endings of documents made of articles: 法, 条例, 办法 … (may be named without 《》)."""
    return tuple(_load("titles")["rules"])


def notice_endings() -> tuple[str, ...]:
    """Endings of policy documents: 通知, 意见, 方案."""
    return tuple(_load("titles")["notices"])


def title_endings() -> tuple[str, ...]:
    """Every way a document title ends (rules, notices and the rest)."""
    titles = _load("titles")
    return tuple(titles["rules"]) + tuple(titles["notices"]) + tuple(titles["others"])


@lru_cache(maxsize=1)
def _title_end_pattern() -> re.Pattern[str]:
    return re.compile(alternation(title_endings()) + "$")


def ends_as_title(words: str) -> bool:
    """`words` end as a document title does (…法, …条例, …通知, …目录)."""
    return bool(_title_end_pattern().search(words))


def title_prefixes() -> tuple[str, ...]:
    """Words before 《 that make one title with the 《…》 and the words after it (实施《X法》若干规定)."""
    return tuple(_load("titles")["title_prefixes"])


def title_suffix_openers() -> tuple[str, ...]:
    """Words that open a title's continuation after 》 (《X法》实施细则, 《X法》若干规定)."""
    return tuple(_load("titles")["title_suffix_openers"])


@lru_cache(maxsize=1)
def levels() -> frozenset[str]:
    """Level tags as printed in 【】 (spaces removed): 法律, 行政法规, 规范性文件 …"""
    return frozenset(_load("levels")["levels"])


def level_name(tag: str) -> str | None:
    """The level a 【】 tag names (【 规章】 → 规章), or None for another label (【设定依据】)."""
    name = "".join(tag.strip("【】").split())
    return name if name in levels() else None


@lru_cache(maxsize=1)
def traditional_table() -> dict[int, str]:
    """str.translate table: traditional character → simplified one (one for one, same length)."""
    return {ord(k): v for k, v in _load("traditional")["characters"].items() if len(k) == len(v) == 1}


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(chr(code) for code in traditional_table())) + "]")


def simplified(text: str) -> str:
    """`text` with the traditional characters of the map read as simplified (same length); `text`
    itself when it holds none (most texts)."""
    return text.translate(traditional_table()) if _traditional_pattern().search(text) else text
