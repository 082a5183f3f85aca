"""Records of the impact stage: an amendment, what it did to each article, and affected citations."""

from __future__ import annotations

from dataclasses import dataclass, field

# what an amendment did to one article (old → new)
UNCHANGED = "unchanged"
MODIFIED = "modified"
RENUMBERED = "renumbered"
RENUMBERED_MODIFIED = "renumbered+modified"
REPEALED = "repealed"
INSERTED = "inserted"   # a new article with no old counterpart
CHANGE_KINDS = (UNCHANGED, MODIFIED, RENUMBERED, RENUMBERED_MODIFIED, REPEALED, INSERTED)


@dataclass(frozen=True)
class ArticleChange:
    """Where one old article (条) went: one new number, several (split) or none (repealed).

    `merged_with` names the other old articles whose text went into the same new article.
    """

    old: int | None                 # None for an inserted article
    new: tuple[int, ...]
    kind: str                       # one of CHANGE_KINDS
    similarity: float | None = None  # 0–100 text similarity when computed, None from a spec
    merged_with: tuple[int, ...] = ()


@dataclass
class Amendment:
    """An amendment of one statute from one version to the next, article by article."""

    statute_id: str
    statute_title: str
    old_version: str                # ISO date of the version amended
    new_version: str                # ISO date of the version it produced
    changes: list[ArticleChange]
    title: str | None = None        # the 修改决定 as published
    date_document: str | None = None  # date the amendment was adopted
    in_force: str | None = None     # date the amendment took effect
    source: str = "alignment"       # "alignment", or the spec file it was read from
    _by_old: dict[int, ArticleChange] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_old = {c.old: c for c in self.changes if c.old is not None}

    def change_of(self, old_article: int) -> ArticleChange | None:
        """What happened to old article `old_article`; None when the old version had no such article."""
        return self._by_old.get(old_article)


@dataclass
class ImpactEntry:
    """One cited provision checked against an amendment: affected, or checked and unchanged."""

    source: str                     # list file
    agency: str | None
    seq: str | None                 # item number as printed
    name: str                       # item name
    citation: str                   # the citation as written
    old: str | None                 # provision cited: "64", "79.2", "27(5)"; None for a whole document
    new: str | None                 # its number in the new version, None when repealed
    change: str | None              # unchanged | modified | repealed | renumbered | renumbered+modified;
                                    # None when it cannot be judged article by article (unmatched)
    old_text: str | None = None     # the cited provision in the old version
    new_text: str | None = None     # …and in the new version
    lines: tuple[int, int] | None = None   # the item's source lines
    note: str | None = None         # 拆分 / 合并 / 清单日期 … (for legal staff, in Chinese)
    sheet: str | None = None        # the workbook sheet of those lines

    def to_json(self) -> dict:
        """The entry as in `kg impact --format json`."""
        return {
            "source": self.source, "agency": self.agency, "seq": self.seq, "name": self.name,
            "citation": self.citation, "old": self.old, "new": self.new, "change": self.change,
            "old_text": self.old_text, "new_text": self.new_text,
            "lines": list(self.lines) if self.lines else None, "sheet": self.sheet, "note": self.note,
        }
