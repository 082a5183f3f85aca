"""Statute text (data/statutes/texts/*.md) → chapters, articles 条, paragraphs 款 and items 项.

File format (see the manifest of the shared statute texts): line 1 ``# <title>``; promulgation
notes; headings ``第X章 名称`` / ``第X节 名称``; each article starts a paragraph ``第X条 text``;
further paragraphs of an article are its 款; a paragraph starting ``（一）`` is a 项 of the 款
before it, and one starting ``1.`` a 目 of the 项 before it (kept in that 项's text). Paragraphs
are separated by blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.statutes.normalize import arabic_number
from kg.statutes.records import Article, Chapter, Paragraph, ProvisionItem, StatuteText

_NUMERAL = r"[〇零一二两三四五六七八九十百千\d]+"
_CHAPTER = re.compile(rf"^第({_NUMERAL})章\s*(.*)$")
_SECTION = re.compile(rf"^第({_NUMERAL})节\s*(.*)$")
_ARTICLE = re.compile(rf"^第({_NUMERAL})条(?:\s+|$)(.*)$")
_ITEM = re.compile(rf"^[（(]({_NUMERAL})[)）]\s*(.*)$")
_SUB_ITEM = re.compile(r"^\d+[.．、]")            # 目 under a 项: "1.主要事实不清…"
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\ufeff")


@dataclass
class _OpenArticle:
    number: int
    chapter: int | None
    section: int | None
    line: int
    paragraphs: list[tuple[str, list[tuple[int, str, str]]]] = field(default_factory=list)
    # each 款: (lead-in text, [(项 number, 项 text without marker, 项 line as printed)])

    def close(self) -> Article:
        paragraphs = tuple(
            Paragraph(
                number=index,
                text="\n".join([lead] + [printed for _, _, printed in items]),
                items=tuple(ProvisionItem(number, text) for number, text, _ in items),
            )
            for index, (lead, items) in enumerate(self.paragraphs, start=1)
        )
        return Article(self.number, "\n".join(p.text for p in paragraphs), self.chapter,
                       self.section, paragraphs)


def parse_statute_text(text: str, source: str = "<text>") -> StatuteText:
    """Parse one statute version's markdown text; InputError on a malformed or misnumbered text."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise InputError(source, 'expected "# <title>" on the first line', 1)
    title = lines[0][2:].strip()
    notes: list[str] = []
    chapters: dict[int, tuple[str, list[int]]] = {}
    articles: dict[int, Article] = {}
    chapter = section = None
    current: _OpenArticle | None = None

    def finish() -> None:
        if current is not None:
            articles[current.number] = current.close()

    for line_number, raw in enumerate(lines[1:], start=2):
        line = raw.translate(_INVISIBLE).strip()
        if not line:
            continue
        if match := _CHAPTER.match(line):
            finish()
            current, section = None, None
            chapter = int(arabic_number(match.group(1)))
            chapters[chapter] = (match.group(2).strip(), [])
        elif match := _SECTION.match(line):
            finish()
            current = None
            section = int(arabic_number(match.group(1)))
        elif match := _ARTICLE.match(line):
            finish()
            number = int(arabic_number(match.group(1)))
            expected = max(articles, default=0) + 1
            if number != expected:
                raise InputError(source, f"article 第{number}条 out of sequence (expected {expected})",
                                 line_number)
            current = _OpenArticle(number, chapter, section, line_number)
            current.paragraphs.append((match.group(2).strip(), []))
            if chapter is not None:
                chapters[chapter][1].append(number)
        elif current is None:
            if articles or chapters:
                raise InputError(source, "text outside any article", line_number)
            notes.append(line)
        elif (match := _ITEM.match(line)) and current.paragraphs:
            items = current.paragraphs[-1][1]
            items.append((int(arabic_number(match.group(1))), match.group(2).strip(), line))
        elif _SUB_ITEM.match(line) and current.paragraphs[-1][1]:
            items = current.paragraphs[-1][1]
            number, text, printed = items[-1]
            items[-1] = (number, f"{text}\n{line}", f"{printed}\n{line}")
        else:
            current.paragraphs.append((line, []))
    finish()
    if not articles:
        raise InputError(source, "no articles (第X条) found")
    return StatuteText(
        title=title,
        notes=tuple(notes),
        chapters={n: Chapter(n, name, tuple(numbers)) for n, (name, numbers) in chapters.items()},
        articles=articles,
    )


def parse_statute_file(path: Path) -> StatuteText:
    """Parse a statute text file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read statute text: {error}") from None
    return parse_statute_text(text, str(path))
