"""Cell text as printed → field text: HTML markup removed, whitespace collapsed where asked."""

from __future__ import annotations

import re
from functools import lru_cache

# Tags that word processors and CMSs leave in exported cells; only these make a cell "HTML".
_MARKUP = re.compile(r"</?(?:p|br|ol|ul|li|div|span|font|strong|b|i|u|em|sup|sub|table|tr|td)\b[^>]*>"
                     r"|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);", re.IGNORECASE)
_BLOCKS = ("p", "li", "div", "tr", "ol", "ul")
# A line break inside a Word cell wraps the text; between two CJK characters it is no space.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"  # CJK punctuation, ideographs, full-width forms
_WRAP = re.compile(rf"(?<={_CJK})[ \t]*\n[ \t]*(?={_CJK})")
_SPACE = re.compile(r"\s+")
_SEPARATOR = re.compile(r"^[\s|:+-]*-{2,}[\s|:+-]*$")


@lru_cache(maxsize=4096)
def strip_html(text: str) -> str:
    """`text` without HTML: <p> <br> <li> … become line breaks, entities are unescaped.

    Text without markup is returned unchanged, so a literal "<" in a title (关于印发<…>的通知)
    survives.
    """
    if not _MARKUP.search(text):
        return text
    from bs4 import BeautifulSoup  # only for a cell with markup

    soup = BeautifulSoup(text, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = [line.strip() for line in soup.get_text().split("\n")]
    return "\n".join(line for line in lines if line)


def collapse(text: str | None) -> str:
    """Whitespace collapsed: wrapped lines joined, every other run of whitespace one space."""
    if not text:
        return ""
    return _SPACE.sub(" ", _WRAP.sub("", text)).strip()


def compact(text: str | None) -> str:
    """`text` without any whitespace: the form in which two printings are compared."""
    return "".join(text.split()) if text else ""


def is_separator(cells: list[str]) -> bool:
    """A ruled line between rows (--- | ---, page breaks in markdown-like exports)."""
    joined = "".join(cells)
    return bool(joined) and bool(_SEPARATOR.match(joined)) and not any(c.isalnum() for c in joined)
