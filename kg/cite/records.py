"""Records of the citation stage (cite): one per provision cited in a basis text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from kg.penalty.records import Sanction

MatchMethod = Literal["exact", "alias", "doc-number", "fuzzy", "unresolved"]


class CitationFlag(StrEnum):
    """What a citation is flagged with (kg:flag in the graph, "flags" in the JSONL)."""

    PARSE_WARNING = "parse-warning"                # the grammar could not read all of the head
    NO_STATUTE = "no-statute"                      # a provision with no document before it
    NOT_A_DOCUMENT_TITLE = "not-a-document-title"  # 《世界》: a 《》 title that names no document
    UNREADABLE_PROVISION = "unreadable-provision"  # 《…法》第一个工事
    FOLLOW_ON = "follow-on"                        # 第八十八条 after 《…法》第八十七条
    CROSS_REFERENCE = "cross-reference"            # a reference inside a quoted article
    SELF_REFERENCE = "self-reference"              # 本条例第四十条
    STATUTE_FUZZY = "statute-fuzzy"                # resolved by tolerant matching (OCR noise)
    STATUTE_UNRESOLVED = "statute-unresolved"      # the registry does not know the document
    STATUTE_SUGGESTION = "statute-suggestion"      # unresolved, close to a known title: did you mean …?


@dataclass
class Citation:
    """One cited provision (or whole document) found in a basis text.

    Spans are character offsets into the text given to the extractor (for items: the item's
    `basis` field), end exclusive, so that ``text[span[0]:span[1]] == raw``.
    """

    raw: str                          # the citation's own text, e.g. 《社会保险法》第八十七条
    span: tuple[int, int]
    statute: str | None               # title as written without 《》; or the doc number alone
    doc_number: str | None = None     # 文号, normalized e.g. 国务院令第259号, 医保办发〔2018〕22号
    chapter: int | None = None        # 章
    article: int | None = None        # 条
    paragraph: int | None = None      # 款
    item: int | None = None           # 项
    whole_document: bool = False      # 全文 / bare title / 附件一（全文）
    quote: str | None = None          # quoted article text following the citation (full text)
    quote_span: tuple[int, int] | None = None
    level: str | None = None          # level tag as printed: 法律, 行政法规, 部门规章 …
    annex: int | None = None          # 附件 number when an attachment is cited (附件一（全文）)
    flags: list[CitationFlag] = field(default_factory=list)
    cross_references: list[Citation] = field(default_factory=list)  # references inside the quote
    # the full title an abbreviation defined earlier in the text stands for: 《条例》 after
    # 《医疗保障基金使用监督管理条例》（以下简称《条例》）; `statute` keeps the title as written
    short_for: str | None = None
    # filled by the statutes stage (resolution against the registry)
    statute_id: str | None = None
    match_score: float | None = None
    suggestion: str | None = None     # did you mean 《…》? — the closest known title when unresolved
    version: str | None = None        # the version meant (its date), see kg.statutes.versions
    version_basis: str | None = None  # how it was chosen: quote | list-date | latest
    match_method: MatchMethod | None = None   # how the title / 文号 was matched (None: not looked up)
    statute_key: str | None = None    # the normalized title or 文号 an unknown document is met by
    # filled by the penalty stage: the sanctions of the quote when they differ from the canonical
    # article's (kg.penalty.quotes)
    quote_sanctions: tuple[Sanction, ...] = ()

    @property
    def title_to_look_up(self) -> str | None:
        """The title the registry is asked for: the full one an abbreviation stands for, else the
        title as written."""
        return self.short_for or self.statute

    def copy(self) -> Citation:
        """A copy sharing no list with this citation (the extractor hands out cached ones so)."""
        twin = object.__new__(Citation)
        twin.__dict__.update(self.__dict__, flags=list(self.flags),
                             cross_references=[reference.copy() for reference in self.cross_references])
        return twin

    def to_json(self) -> dict:
        """The citation as in the `kg extract` JSONL contract."""
        return {
            "raw": self.raw,
            "statute": self.statute,
            "statute_id": self.statute_id,
            "doc_number": self.doc_number,
            "chapter": self.chapter,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
            "whole_document": self.whole_document,
            "quote": self.quote,
            "quote_span": list(self.quote_span) if self.quote_span else None,
            "span": list(self.span),
            "level": self.level,
            "annex": self.annex,
            "match_score": self.match_score,
            "flags": list(self.flags),
            "cross_references": [c.to_json() for c in self.cross_references],
            "short_for": self.short_for,
            "suggestion": self.suggestion,
            "version": self.version,
            "version_basis": self.version_basis,
        }
