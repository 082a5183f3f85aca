"""Numbers as printed in citations: Chinese numerals (cn2an), Arabic, full-width, mixed digits."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import cn2an

# Chinese digits read one by one (二〇一九 → 2019, 六49 → 649) when no unit word (十百千) is present.
_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = set("十百千万")


@lru_cache(maxsize=4096)
def to_int(numeral: str) -> int | None:
    """The integer a printed numeral stands for, or None when it is not a number.

    第八十八条 → to_int("八十八") == 88; "６" and "6" → 6; "六49" → 649; "二〇一九" → 2019;
    "七十 七" → 77 (a space the layout put inside the numeral).
    Rejects rather than guesses: "十十" and "" give None.
    """
    text = "".join(unicodedata.normalize("NFKC", numeral).split())   # 七十 七: spaces from the layout
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdecimal() else None
    if not any(ch in _UNITS for ch in text):
        if all(ch.isdecimal() or ch in _DIGITS for ch in text):
            return int("".join(ch if ch.isdecimal() else str(_DIGITS[ch]) for ch in text))
        return None
    if any(ch.isdecimal() for ch in text):   # 3十 and the like: not a numeral anyone writes
        return None
    try:
        value = cn2an.cn2an(text.replace("两", "二"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if float(value).is_integer() else None
