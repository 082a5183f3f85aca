"""Quantities of sanctions (amounts, multiples, shares, durations) parsed with grammars/penalty.lark.

Units are explicit: yuan, multiple, month, year, day; a share (百分之三十, 万分之五) is a
multiple below one. A duration range whose ends use
different units is stated in the smaller one (6个月以上1年以下 → 6–12 month); a single unit is
kept as written (5年内 → at most 5 year). Open-ended ranges leave one side None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError

from kg.paths import GRAMMARS
from kg.penalty.numbers import ascii_digits, number_value

UNITS = {"元": "yuan", "倍": "multiple", "个月": "month", "月": "month", "年": "year",
         "日": "day", "天": "day"}
MONTHS_PER = {"year": 12, "month": 1}          # durations a range may mix (年 and 个月)
FRACTIONS = {"万分之": 1e-4, "千分之": 1e-3, "百分之": 1e-2}

_NUMERAL = r"[\d.零〇一二两三四五六七八九十百千万亿]"
_UNIT = r"(?:个月|月|年|日|天|元|倍)"
# A quantity run inside a longer phrase: 6个月以上1年以下, 3个月至12个月, 5年内, 万分之五.
QUANTITY_RUN = re.compile(
    rf"(?:不超过|不高于)?(?:[万千百]分之{_NUMERAL}{{1,12}}|{_NUMERAL}{{1,12}}{_UNIT})"
    rf"(?:(?:以上|至|到)?(?:[万千百]分之{_NUMERAL}{{1,12}}|{_NUMERAL}{{1,12}}{_UNIT}))?"
    rf"(?:以上|以下|以内|内|直至终身)?")


@dataclass(frozen=True)
class Measure:
    """What a sanction phrase measures: a range in one unit, and the base of a multiple."""

    minimum: float | None
    maximum: float | None
    unit: str
    base: str | None = None


@dataclass(frozen=True)
class _Amount:
    value: float
    unit: str


@v_args(inline=True)
class _ToMeasure(Transformer):
    def number(self, digits: Token, magnitude: Token | None = None) -> float:
        return number_value(digits + (magnitude or ""))

    def amount(self, first, second) -> _Amount:
        if isinstance(first, Token) and first.type == "FRACTION_OF":
            return _Amount(round(second * FRACTIONS[str(first)], 12), "multiple")
        return _Amount(first, UNITS[str(second)])

    def range(self, low: _Amount, *rest) -> Measure:
        high = next(part for part in rest if isinstance(part, _Amount))
        return _between(low, high)

    def at_most(self, *parts) -> Measure:
        amount = parts[-1] if isinstance(parts[-1], _Amount) else parts[0]
        return Measure(None, amount.value, amount.unit)

    def at_least(self, amount: _Amount, _above_or_for_life: Token) -> Measure:
        return Measure(amount.value, None, amount.unit)

    def within(self, amount: _Amount, _within: Token) -> Measure:
        return Measure(None, amount.value, amount.unit)

    def exact(self, amount: _Amount) -> Measure:
        return Measure(amount.value, amount.value, amount.unit)

    def measure(self, *parts) -> Measure:
        quantity = parts[-1]
        base = str(parts[0]).strip() if len(parts) == 2 else None
        return Measure(quantity.minimum, quantity.maximum, quantity.unit, base or None)


def _between(low: _Amount, high: _Amount) -> Measure:
    if low.unit == high.unit:
        return Measure(low.value, high.value, low.unit)
    if low.unit in MONTHS_PER and high.unit in MONTHS_PER:
        return Measure(low.value * MONTHS_PER[low.unit], high.value * MONTHS_PER[high.unit], "month")
    raise ValueError(f"range mixes {low.unit} and {high.unit}")


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark((GRAMMARS / "penalty.lark").read_text(encoding="utf-8"), parser="lalr",
                lexer="contextual", start=["measure", "quantity"])


@lru_cache(maxsize=4096)
def parse_measure(text: str, start: str = "measure") -> Measure | None:
    """The measure a phrase states (骗取金额二倍以上五倍以下 → 2–5 multiple of 骗取金额).

    `start` is "measure" (optional base, then a quantity) or "quantity". None when the phrase
    is not a quantity the grammar knows, or when its range is reversed or mixes units.
    """
    try:
        tree = _parser().parse(ascii_digits(text).strip(), start=start)
        measure = _ToMeasure().transform(tree)
    except (LarkError, ValueError):
        return None
    if measure.minimum is not None and measure.maximum is not None \
            and measure.minimum > measure.maximum:
        return None
    return measure


def find_quantity(text: str) -> Measure | None:
    """The first quantity stated inside a longer phrase (暂停…6个月以上1年以下…医药服务)."""
    for run in QUANTITY_RUN.finditer(ascii_digits(text)):
        measure = parse_measure(run.group(), start="quantity")
        if measure is not None:
            return measure
    return None
