"""Cited provisions of an amended statute → affected, or checked and unchanged, with both texts.

The provisions come from extracted lists (`cited_in_documents`) or from the store (`cited_in_store`,
via queries/citations-of-statute.rq). A citation of 第七十九条第二款 is judged on that paragraph
(款), of 第二十七条第（五）项 on that item (项): an article amended elsewhere leaves it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rdflib import URIRef

from kg.impact.align import MATCH_THRESHOLD, normalized
from kg.impact.records import (
    MODIFIED,
    RENUMBERED,
    RENUMBERED_MODIFIED,
    REPEALED,
    UNCHANGED,
    Amendment,
    ArticleChange,
    ImpactEntry,
)
from kg.ingest.records import ListDocument
from kg.query.bind import bound_query
from kg.query.named import find_query
from kg.query.output import as_records
from kg.query.runners import QueryRunner
from kg.statutes.records import Statute, StatuteVersion

CITATIONS_QUERY = "citations-of-statute"


@dataclass(frozen=True)
class CitedProvision:
    """One provision of the amended statute cited in one item's basis."""

    source: str                     # list file
    agency: str | None
    seq: str | None
    name: str
    citation: str                   # as written
    article: int | None             # 条
    paragraph: int | None = None    # 款
    item: int | None = None         # 项
    lines: tuple[int, int] | None = None
    list_date: str | None = None    # ISO date of the list, when known
    sheet: str | None = None        # the workbook sheet the item is on (its lines are that sheet's rows)


@dataclass
class Impact:
    """The result of checking cited provisions against one amendment."""

    amendment: Amendment
    affected: list[ImpactEntry]
    unchanged: list[ImpactEntry]
    unmatched: list[ImpactEntry]    # whole-document or chapter citations, articles the old version lacks

    def to_json(self) -> dict:
        """The `kg impact --format json` object."""
        return {"affected": [e.to_json() for e in self.affected],
                "unchanged": [e.to_json() for e in self.unchanged],
                "unmatched": [e.to_json() for e in self.unmatched]}


def cited_in_documents(documents: Iterable[ListDocument], statute_id: str) -> list[CitedProvision]:
    """The citations of `statute_id` in extracted lists (citations resolved by the statutes stage)."""
    return [
        CitedProvision(document.source, item.agency or document.agency, item.seq,
                       item.name + (f"（{item.sub_item}）" if item.sub_item else ""),
                       citation.raw, citation.article, citation.paragraph, citation.item, item.lines,
                       sheet=item.sheet)
        for document in documents
        for item in document.items
        for citation in item.citations
        if citation.statute_id == statute_id
    ]


def check_impact(cited: Iterable[CitedProvision], amendment: Amendment, statute: Statute) -> Impact:
    """Judge every cited provision against the amendment of `statute`."""
    old = statute.version(amendment.old_version)
    new = statute.version(amendment.new_version)
    impact = Impact(amendment, [], [], [])
    for provision in cited:
        entry = _entry(provision, amendment, statute, old, new)
        if entry.change is None:
            impact.unmatched.append(entry)
        elif entry.change == UNCHANGED:
            impact.unchanged.append(entry)
        else:
            impact.affected.append(entry)
    return impact


def provision_label(article: int, paragraph: int | None = None, item: int | None = None) -> str:
    """A provision as `old`/`new` show it: 64, 79.2 (第七十九条第二款), 27(5) (第二十七条第（五）项)."""
    return f"{article}" + (f".{paragraph}" if paragraph else "") + (f"({item})" if item else "")


def _entry(provision: CitedProvision, amendment: Amendment, statute: Statute,
           old: StatuteVersion | None, new: StatuteVersion | None) -> ImpactEntry:
    entry = ImpactEntry(provision.source, provision.agency, provision.seq, provision.name,
                        provision.citation, None, None, None, lines=provision.lines, sheet=provision.sheet)
    if provision.article is None:
        entry.note = "引用整部法规或章，请对照修改内容人工核对"
        return entry
    entry.old = provision_label(provision.article, provision.paragraph, provision.item)
    change = amendment.change_of(provision.article)
    if change is None:
        entry.note = f"{amendment.old_version} 版无第{provision.article}条"
        return entry
    cited_version = statute.version_in_force(provision.list_date) if provision.list_date else None
    if cited_version is not None and (cited_version.date or "") >= amendment.new_version:
        entry.new, entry.change = entry.old, UNCHANGED
        entry.note = f"清单日期 {provision.list_date}，引用的已是 {cited_version.date} 版"
        return entry
    # a 项 cited without its 款 (第二十七条第（五）项) is looked up in the 款 that lists the 项
    paragraph = provision.paragraph or _paragraph_listing(old, provision.article, provision.item)
    entry.old_text = _text(old, provision.article, paragraph, provision.item)
    if paragraph is None or change.kind == REPEALED or entry.old_text is None or new is None:
        _judge_article(entry, change, new)
    else:
        _judge_part(entry, (provision.article, paragraph, provision.item), change, new,
                    show_paragraph=provision.paragraph is not None)
    return entry


def _judge_article(entry: ImpactEntry, change: ArticleChange, new: StatuteVersion | None) -> None:
    entry.change = change.kind
    entry.new = ",".join(map(str, change.new)) or None
    texts = [_text(new, number) for number in change.new]
    entry.new_text = "\n".join(t for t in texts if t) or None
    if len(change.new) > 1:
        entry.note = f"拆分为新第{'、'.join(map(str, change.new))}条"
    if change.merged_with:
        entry.note = _join(entry.note, f"与原第{'、'.join(map(str, change.merged_with))}条合并")


def _judge_part(entry: ImpactEntry, cited: tuple[int, int, int | None], change: ArticleChange,
                new: StatuteVersion, show_paragraph: bool) -> None:
    """A cited 款 or 项: find its best counterpart within the article(s) it went to."""
    _, paragraph, item = cited
    if change.kind in (UNCHANGED, RENUMBERED):   # the article's text is the same
        candidates = [(change.new[0], paragraph, item)]
    else:
        candidates = [(number, p.number, None if i is None else i.number)
                      for number in change.new
                      for p in new.articles[number].paragraphs
                      for i in (p.items if item is not None else (None,))]
    old_text = normalized([entry.old_text or ""])
    score, best = max(((fuzz.ratio(old_text, normalized([_text(new, *c) or ""])), c) for c in candidates),
                      key=lambda pair: pair[0], default=(0.0, None))
    if best is None or score < MATCH_THRESHOLD:
        entry.change, entry.new = REPEALED, None
        entry.note = f"新版第{'、'.join(map(str, change.new))}条中无对应内容"
        return
    new_article, new_paragraph, new_item = best
    entry.new = provision_label(new_article, new_paragraph if show_paragraph else None, new_item)
    entry.new_text = _text(new, *best)
    same_text = old_text == normalized([entry.new_text or ""])
    moved = entry.new != entry.old
    if same_text:
        entry.change = RENUMBERED if moved else UNCHANGED
    else:
        entry.change = RENUMBERED_MODIFIED if moved else MODIFIED


def _paragraph_listing(version: StatuteVersion | None, article: int, item: int | None) -> int | None:
    """The first 款 of an article that lists a 项 numbered `item`; None when there is none."""
    if version is None or item is None:
        return None
    found = version.articles.get(article)
    return next((p.number for p in found.paragraphs if p.item(item)), None) if found else None


def _text(version: StatuteVersion | None, article: int, paragraph: int | None = None,
          item: int | None = None) -> str | None:
    """A provision's text in a version, None when the version or provision is missing."""
    found = version.articles.get(article) if version else None
    if found is None or paragraph is None:
        return found.text if found else None
    part = found.paragraph(paragraph)
    if part is None or item is None:
        return part.text if part else None
    cited_item = part.item(item)
    return cited_item.text if cited_item else None


def _join(note: str | None, more: str) -> str:
    return f"{note}；{more}" if note else more


def cited_in_store(runner: QueryRunner, statute: URIRef) -> list[CitedProvision]:
    """The citations of `statute` (its IRI) in every list of a store (queries/citations-of-statute.rq),
    each once: a triple held by several list graphs (an agency's label, when lists share their
    agency) repeats rows in Oxigraph's union default graph, not in stores that merge the graphs."""
    query = find_query(CITATIONS_QUERY)
    result = runner.select(bound_query(query.text, {"statute": statute}))
    cited = []
    for value in as_records(result):
        lines = (value["first_line"], value["last_line"]) if value["first_line"] is not None else None
        name = value["name"] + (f"（{value['sub_item']}）" if value["sub_item"] else "")
        seq = str(value["seq"]) if value["seq"] is not None else None
        cited.append(CitedProvision(value["source"], value["agency"], seq, name,
                                    value["citation"], value["article"], value["paragraph"],
                                    value["item_number"], lines,
                                    str(value["list_date"]) if value["list_date"] else None, value["sheet"]))
    return list(dict.fromkeys(cited))
