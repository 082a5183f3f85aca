"""Records of the statutes stage: statutes, their versions, and the provisions of each version."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.statutes.corpus import CorpusText

LEVELS = ("宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规", "地方政府规章", "规范性文件", "其他")
STATUSES = ("现行有效", "已修改", "已废止")


def article_digest(text: str) -> str:
    """A short fingerprint of an article's text: versions whose digests agree read the same."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


@dataclass(frozen=True)
class ProvisionItem:
    """One 项 of a paragraph: （一）…"""

    number: int
    text: str                    # without the （一） marker


@dataclass(frozen=True)
class Paragraph:
    """One 款 of an article: its lead-in text and the 项 listed under it."""

    number: int
    text: str                    # the 款 as printed, its 项 included (one per line, with markers)
    items: tuple[ProvisionItem, ...] = ()

    def item(self, number: int) -> ProvisionItem | None:
        """The 项 numbered `number` (1-based), or None."""
        return self.items[number - 1] if 0 < number <= len(self.items) else None


@dataclass(frozen=True)
class Article:
    """One 条 of a statute version."""

    number: int
    text: str                    # all 款 joined by newlines, without the leading 第X条
    chapter: int | None          # 章
    section: int | None = None   # 节 within the chapter
    paragraphs: tuple[Paragraph, ...] = ()

    def paragraph(self, number: int) -> Paragraph | None:
        """The 款 numbered `number` (1-based), or None."""
        return self.paragraphs[number - 1] if 0 < number <= len(self.paragraphs) else None


@dataclass(frozen=True)
class Chapter:
    """One 章 (chapter) heading and the articles under it."""

    number: int
    title: str                   # e.g. 总则
    articles: tuple[int, ...]    # article numbers, in order


@dataclass(frozen=True)
class StatuteText:
    """The parsed text of one version: title line, promulgation notes, chapters and articles."""

    title: str
    notes: tuple[str, ...]       # promulgation/amendment lines before the body
    chapters: dict[int, Chapter]
    articles: dict[int, Article]


@dataclass
class StatuteVersion:
    """One version (promulgation or amendment) of a statute; the text is parsed on first use."""

    statute_id: str
    date: str | None             # ISO date of promulgation/amendment, None when not known
    status: str | None           # 现行有效 | 已修改 | 已废止, None when not verified
    text_path: Path | None = None
    effective: str | None = None  # ISO date the version took effect
    doc_number: str | None = None
    note: str | None = None
    corpus_text: CorpusText | None = None   # the text in the compact corpus, when not a file
    digests: tuple[str, ...] | None = None   # article_digest of article 1, 2 …, when precomputed

    def article_digest(self, number: int) -> str | None:
        """The fingerprint of article `number` (from the corpus when precomputed, else from the
        parsed text); None when the version has no such article."""
        if self.digests is not None:
            return self.digests[number - 1] if 0 < number <= len(self.digests) else None
        found = self.articles.get(number)
        return article_digest(found.text) if found is not None else None

    @property
    def id(self) -> str:
        """Stable version id, e.g. social-insurance-law@2018-12-29."""
        return f"{self.statute_id}@{self.date or 'undated'}"

    @property
    def has_text(self) -> bool:
        return self.text_path is not None or self.corpus_text is not None

    @cached_property
    def text(self) -> StatuteText | None:
        """The parsed text, or None for a version without text in the registry."""
        from kg.statutes.parse_text import parse_statute_file, parse_statute_text
        if self.text_path is not None:
            return parse_statute_file(self.text_path)
        if self.corpus_text is not None:
            return parse_statute_text(self.corpus_text.read(), f"{self.corpus_text.shard}:{self.corpus_text.key}")
        return None

    @property
    def articles(self) -> dict[int, Article]:
        return self.text.articles if self.text else {}

    @property
    def chapters(self) -> dict[int, Chapter]:
        return self.text.chapters if self.text else {}


@dataclass
class Statute:
    """A statute or other normative document the lists cite, with its versions (oldest first)."""

    id: str                      # short ASCII id, e.g. social-insurance-law
    title: str                   # canonical full title, e.g. 中华人民共和国社会保险法
    level: str | None            # one of LEVELS
    issuer: str | None
    aliases: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)   # normalized 文号 of all versions
    versions: list[StatuteVersion] = field(default_factory=list)
    declared_status: str | None = None   # status stated for the document as a whole
    note: str | None = None
    region: str | None = None            # province of a local document (河南省)
    names: tuple[str, ...] = ()          # normalized title and aliases, when precomputed (corpus)
    title_key: str = ""                  # clean_title(title), when precomputed (corpus)

    @property
    def status(self) -> str | None:
        """现行有效 | 已修改 | 已废止 of the document: as declared, else that of its latest version."""
        if self.declared_status:
            return self.declared_status
        return self.current.status if self.current else None

    @property
    def current(self) -> StatuteVersion | None:
        """The latest version (by date), or None when no version is recorded."""
        return self.versions[-1] if self.versions else None

    @property
    def has_text(self) -> bool:
        return any(v.has_text for v in self.versions)

    def version(self, date_or_id: str) -> StatuteVersion | None:
        """The version with this id (`id@date`), ISO date, or year (the latest of that year)."""
        wanted = date_or_id.split("@", 1)[1] if "@" in date_or_id else date_or_id
        matches = [v for v in self.versions if v.date and v.date.startswith(wanted)]
        return matches[-1] if matches else None

    def version_in_force(self, on_date: str) -> StatuteVersion | None:
        """The version in force on an ISO date: the latest one effective (else dated) on or before it."""
        starts = [v.effective or v.date or "" for v in self.versions]
        index = bisect.bisect_right(starts, on_date)
        return self.versions[index - 1] if index else None

    def article(self, number: int, version: str | None = None) -> Article | None:
        """Article `number` of the given version (default: the latest version that has text)."""
        chosen = self.version(version) if version else self.latest_text_version
        return chosen.articles.get(number) if chosen else None

    @property
    def latest_text_version(self) -> StatuteVersion | None:
        """The latest version whose text the registry holds."""
        with_text = [v for v in self.versions if v.has_text]
        return with_text[-1] if with_text else None


@dataclass(frozen=True)
class Resolution:
    """How a cited title / document number was matched against the registry."""

    statute_id: str | None
    score: float                 # 1.0 for exact/alias/doc-number; rapidfuzz ratio / 100 for fuzzy
    method: str                  # exact | alias | doc-number | fuzzy | unresolved
    key: str                     # normalized title or doc number: the meeting key of unknown documents
    suggestion: str | None = None   # closest known title, when unresolved (did you mean …?)

    @property
    def resolved(self) -> bool:
        return self.statute_id is not None
