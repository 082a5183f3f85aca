"""Numbers as statute texts write them: 五百, 一万五千, 两, 1万, 1.5万, full-width ５."""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# Full-width digits and punctuation → ASCII, one character for one so that spans stay valid.
_FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})


_ANY_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def ascii_digits(text: str) -> str:
    """`text` with full-width ASCII forms (０-９, ．, －) replaced; same length, same offsets."""
    return text.translate(_FULL_WIDTH) if _ANY_FULL_WIDTH.search(text) else text


MAX_NUMERAL_LENGTH = 24          # 一千二百三十四万五千六百七十八 is 15


@lru_cache(maxsize=4096)
def number_value(numeral: str) -> float:
    """The value of a numeral in Chinese, Arabic or mixed form (1万 → 10000.0).

    Raises ValueError when cn2an cannot read it, or when it is longer than any amount a statute
    writes (cn2an's time grows fast with the length).
    """
    if len(numeral) > MAX_NUMERAL_LENGTH:
        raise ValueError(f"numeral too long: {numeral[:20]}…")
    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ValueError(f"not a number: {numeral!r}") from error
