"""Provisions written the way lawyers write them: 第七十九条第二款第（三）项."""

from __future__ import annotations

import re

import cn2an


def chinese_number(number: int) -> str:
    """79 → 七十九, 101 → 一百零一, 10 → 十."""
    return cn2an.an2cn(int(number))


def provision_zh(article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
    """第七十九条第二款第（三）项 (the parts given; "" when none is)."""
    parts = []
    if article is not None:
        parts.append(f"第{chinese_number(article)}条")
    if paragraph is not None:
        parts.append(f"第{chinese_number(paragraph)}款")
    if item is not None:
        parts.append(f"第（{chinese_number(item)}）项")
    return "".join(parts)


_LABEL = re.compile(r"^(\d+)(?:\.(\d+))?(?:\((\d+)\))?$")


def label_zh(label: str | None) -> str:
    """A provision in the short form of kg.impact (64, 79.2, 27(5), several joined by commas) as
    lawyers write it: 第六十四条, 第七十九条第二款, 第二十七条第（五）项; other text unchanged."""
    if not label:
        return ""
    written = []
    for part in label.split(","):
        match = _LABEL.match(part.strip())
        if not match:
            return label
        article, paragraph, item = (int(group) if group else None for group in match.groups())
        written.append(provision_zh(article, paragraph, item))
    return "、".join(written)
