"""Document numbers (文号): found in the parenthesis after a title, normalized to one spelling."""

from __future__ import annotations

import re
import unicodedata

from kg.cite.numerals import to_int

_YEAR_IN_BRACKETS = re.compile(r"[〔\[【(（［{]\s*(\d{4})\s*[〕\]】)）］}]")
_SERIAL = re.compile(r"(第?)([0-9零〇○一二两三四五六七八九十百千]+)(号)")
_DECREE_WITHOUT_DI = re.compile(r"令(\d+)号")            # 国务院令149号 → 国务院令第149号
_DECREE_SERIAL_FIRST = re.compile(r"第(\d+)号令$")       # 国家医疗保障局第2号令 → 国家医疗保障局令第2号
_SEGMENT_SEP = re.compile(r"[，,；;、]")
_AFTER_SERIAL = re.compile(r"(号令?)[^号]*$")
_FULL_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")


def normalize_doc_number(printed: str) -> str:
    """One spelling of a document number: 〔〕 around the year, Arabic serial, no spaces.

    人社部[2016] 120 号 → 人社部〔2016〕120号; 国务院令第六49号 → 国务院令第649号;
    国务院令149号 → 国务院令第149号; 国家医疗保障局第二号令 → 国家医疗保障局令第2号.
    """
    text = "".join(printed.split())
    text = "".join(unicodedata.normalize("NFKC", ch) if ch.isdecimal() else ch for ch in text)
    text = _YEAR_IN_BRACKETS.sub(r"〔\1〕", text)

    def serial(match: re.Match) -> str:
        value = to_int(match.group(2))
        return match.group(0) if value is None else f"{match.group(1)}{value}{match.group(3)}"

    text = _SERIAL.sub(serial, text)
    text = _DECREE_SERIAL_FIRST.sub(r"令第\1号", text)
    return _DECREE_WITHOUT_DI.sub(r"令第\1号", text)


def doc_number_in_parenthesis(parenthesis: str, first: bool = False) -> str | None:
    """The document number inside （2013年2月10日，国办发〔2013〕14号）, normalized; None if none.

    The parenthesis may also hold a date or 自…起施行; the part holding 号 is the number (the last
    such part, or with `first` the first one).
    """
    inner = parenthesis.strip()
    if inner[:1] in "（(":
        inner = inner[1:]
    if inner[-1:] in "）)":
        inner = inner[:-1]
    depth, start, parts = 0, 0, []
    for index, ch in enumerate(inner):      # split on separators outside nested parentheses
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        elif depth == 0 and _SEGMENT_SEP.match(ch):
            parts.append(inner[start:index])
            start = index + 1
    parts.append(inner[start:])
    numbered = [part for part in parts if "号" in part]
    if not numbered:
        return None
    number = _FULL_DATE.sub("", numbered[0 if first else -1].strip())
    number = _AFTER_SERIAL.sub(r"\1", number)             # 国务院令第321号公布 → 国务院令第321号
    return normalize_doc_number(number) or None
