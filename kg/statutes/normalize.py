"""Normal forms of statute titles and document numbers (文号), the keys resolution matches on."""

from __future__ import annotations

import html
import re
import unicodedata

import zhconv

from kg.cite.docnumbers import normalize_doc_number as spelled_doc_number
from kg.cite.numerals import to_int

STATE_PREFIX = "中华人民共和国"

_TITLE_MARKS = re.compile(r"[《》〈〉<>‹›«»“”\"‘’'「」『』]")
_TITLE_PUNCTUATION = re.compile(r"[,，、;；:：。.·•]")
_WHITESPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[—–－‐‑―─]+")
_BRACKETS = str.maketrans("〔【[［〖{〕】]］〗}", "(((((())))))")
# a trailing version qualifier: 社会保险法（2018年修正）
_VERSION_QUALIFIER = re.compile(r"\((\d{4})年?(?:修正|修订|修正本|修订本|版)?\)$")
# a notice that promulgates a document: 关于印发《X》的通知 → X
_PROMULGATING_NOTICE = re.compile(r"关于(?:印发|转发|发布|颁布)(.+?)的(?:通知|决定|公告)$")

_CN_NUMERAL = "[〇零一二两三四五六七八九十百千]"
_YEAR_BRACKETS = re.compile(r"[(〔\[【［]\s*(\d{4,5})\s*[)〕\]】］]")
_SESSION = re.compile(rf"\((?:第?{_CN_NUMERAL}+届)\)$")
_LEADING_YEAR = re.compile(r"^\d{4}年")
_BRACKETED_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,16}〔\d{4}〕\d+号$")   # 医保办发〔2018〕22号
# 国务院令第259号, 河北省人民政府令〔2015〕第12号
_ORDER_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,24}令(?:〔\d{4}〕)?第\d+号$")
_ORDER_YEAR = re.compile(r"令(\d{4})年第")          # 河北省人民政府令2015年第12号


def clean_title(text: str) -> str:
    """A title as printed, minus noise: NFKC, HTML entities, simplified script, whitespace, quote
    marks, one bracket style.

    Keeps 中华人民共和国; `normalize_title` drops it for matching.
    """
    text = zhconv.convert(unicodedata.normalize("NFKC", html.unescape(text)), "zh-hans")
    text = _WHITESPACE.sub("", text)
    text = _TITLE_MARKS.sub("", text)
    text = _TITLE_PUNCTUATION.sub("", text)
    text = _DASHES.sub("-", text)
    return text.translate(_BRACKETS)


def normalize_title(text: str) -> str:
    """The matching key of a title: `clean_title` without a leading 中华人民共和国 or a trailing
    version qualifier such as （2018年修正）.
    """
    text = clean_title(text)
    if text.startswith(STATE_PREFIX) and len(text) > len(STATE_PREFIX):
        text = text[len(STATE_PREFIX):]
    return _VERSION_QUALIFIER.sub("", text)


def promulgated_title(normalized: str) -> str | None:
    """The document a notice promulgates (关于印发X的通知 → X), from a normalized title."""
    match = _PROMULGATING_NOTICE.search(normalized)
    return match.group(1) if match else None


def arabic_number(numeral: str) -> str:
    """Arabic digits for a numeral written in Arabic, Chinese or a mix (三十五 → 35, 六49 → 649);
    what is not a number is returned as printed."""
    value = to_int(numeral)
    return numeral if value is None else str(value)


def normalize_doc_number(text: str) -> str:
    """The canonical form of a document number (文号): NFKC, no spaces, 〔year〕 brackets, Arabic
    numbers, 令第N号 for orders, without 中华人民共和国, a leading year or a session suffix.

    国务院令259号, 中华人民共和国国务院令第二百五十九号 → 国务院令第259号;
    医保办发[2018]22号, 医保办发（2018） 22 号 → 医保办发〔2018〕22号.
    """
    text = unicodedata.normalize("NFKC", html.unescape(text))
    text = _SESSION.sub("", _WHITESPACE.sub("", text)).strip("()")
    if text.startswith(STATE_PREFIX):
        text = text[len(STATE_PREFIX):]
    text = _LEADING_YEAR.sub("", text)
    text = _YEAR_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", text)
    return spelled_doc_number(_ORDER_YEAR.sub(r"令〔\1〕第", text))


def is_doc_number(text: str) -> bool:
    """True when `text` normalizes to a well-formed document number (bracketed year or 令第N号)."""
    return is_well_formed_doc_number(normalize_doc_number(text))


def is_well_formed_doc_number(normalized: str) -> bool:
    """True for a normalized 文号 of a known shape: 医保办发〔2018〕22号, 国务院令第259号."""
    return bool(_BRACKETED_NUMBER.match(normalized) or _ORDER_NUMBER.match(normalized))
