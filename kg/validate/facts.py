"""Facts that need Python, computed before validation and written as triples for the shapes.

Each function takes records of one list (read back from its graph, see view.py) and the
registry's statutes, and yields triples about the list's own nodes: quote similarity with the
differing characters, the best-matching article, the statute's last article, sanctions of cited
articles and quotes, the list's code pattern, look-alike letters, catalog pairing and counts,
duplicates. The shapes (ontology/shapes.ttl) judge them; nothing here decides a finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.cite.records import Citation
from kg.graph.vocabulary import KG, category_concept
from kg.penalty.extract import extract_sanctions, sanctions_of_article
from kg.penalty.quotes import misquoted_sanctions
from kg.penalty.records import Sanction, SanctionKind
from kg.statutes.normalize import is_doc_number, normalize_doc_number
from kg.statutes.records import Article, Statute, StatuteVersion
from kg.validate import codes
from kg.validate.catalog import pair_catalog, same_name
from kg.validate.quotes import best_matching_article, comparable, compare_quote
from kg.validate.view import CitedProvision, ItemView, ListView

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# sanctions that make an article a basis for 行政处罚 (责令改正, 处分 of officials, 滞纳金 do not)
PENALTY_KINDS: frozenset[SanctionKind] = frozenset({
    "fine", "fine-multiple", "confiscation", "suspension", "ban", "revocation", "warning", "agreement-termination"})
NORMATIVE_TITLE = re.compile(r"(通知|意见|方案|批复|复函|函)\s*$")   # 关于印发…的通知
NUMBERED_NOTICE = re.compile(r"[〔\[【(（]\s*\d{4}\s*[〕\]】)）]")      # 〔2019〕: an agency's paper, not a 令
MIN_SAME_ARTICLE_SIMILARITY = 0.5   # below this a quote is of another text: sanctions not compared


def list_facts(view: ListView, statutes: Mapping[URIRef, Statute]) -> Graph:
    """All facts about one list, as a graph to validate together with the list's own graph."""
    graph = Graph()
    for triple in (*citation_facts(view, statutes), *sanction_basis_facts(view, statutes),
                   *code_facts(view), *catalog_facts(view), *duplicate_facts(view)):
        graph.add(triple)
    return graph


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 3))), datatype=XSD.decimal)


# ------------------------------------------------------------------ citations vs the registry

def citation_facts(view: ListView, statutes: Mapping[URIRef, Statute]) -> Iterator[Triple]:
    """Per citation: level of the cited document, last article, quote vs text, quoted sanctions."""
    for item in view.items:
        for cited in item.citations:
            statute = statutes.get(cited.statute) if cited.statute is not None else None
            level = statute.level if statute else cited.citation.level or _level_by_form(cited.citation)
            if level:
                yield cited.iri, KG.citedLevel, Literal(level)
            if statute is None:
                continue
            yield from _replaced_version_facts(cited, statute, view.date or date.today().isoformat())
            if not statute.has_text:
                continue
            yield from _article_range_facts(cited, statute)
            yield from _quote_facts(cited, statute)


def _level_by_form(citation: Citation) -> str | None:
    """规范性文件 when an unknown document's title or number has the form of one (…的通知, 宛医保〔2019〕60号)."""
    title = citation.statute or ""
    number = citation.doc_number or (title if is_doc_number(title) else "")
    if NORMATIVE_TITLE.search(title) or (NUMBERED_NOTICE.search(number) and "令" not in number):
        return "规范性文件"
    return None


def _replaced_version_facts(cited: CitedProvision, statute: Statute, on_date: str) -> Iterator[Triple]:
    """When the citation's 文号 names a version that a later one replaced by `on_date`: that date."""
    if not cited.citation.doc_number:
        return
    number = normalize_doc_number(cited.citation.doc_number)
    pinned = [i for i, v in enumerate(statute.versions)
              if v.doc_number and normalize_doc_number(v.doc_number) == number]
    if not pinned:
        return
    later = [day for v in statute.versions[pinned[-1] + 1:] if (day := v.effective or v.date)]
    replaced = [day for day in later if day <= on_date]
    if replaced:
        yield cited.iri, KG.citedVersionReplacedOn, Literal(replaced[0], datatype=XSD.date)


def _article_range_facts(cited: CitedProvision, statute: Statute) -> Iterator[Triple]:
    """The statute's last article (the highest of its versions with text) next to an article citation."""
    last = max((max(v.articles) for v in statute.versions if v.articles), default=None)
    if last is not None and cited.citation.article is not None:
        yield cited.iri, KG.lastArticle, Literal(last)


def _quote_facts(cited: CitedProvision, statute: Statute) -> Iterator[Triple]:
    """Similarity of the quote to the cited article, the best-matching other article, and the
    differing passages (see `_judged_quote`), about the citation's node."""
    citation = cited.citation
    if not citation.quote or citation.article is None:
        return
    for predicate, value in _judged_quote(_Identity(statute), citation.article, citation.quote):
        yield cited.iri, predicate, value


class _Identity:
    """A statute as a cache key: the very record (registries in one process may share ids)."""

    __slots__ = ("statute",)

    def __init__(self, statute: Statute):
        self.statute = statute

    def __hash__(self) -> int:
        return id(self.statute)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Identity) and other.statute is self.statute


@lru_cache(maxsize=1 << 16)     # lists quote the same articles over and over: judge each quote once
def _judged_quote(key: _Identity, number: int, quote: str) -> tuple[tuple[URIRef, Literal], ...]:
    """Facts about a quote of article `number`: its similarity to the article, the best-matching
    other article, the differing passages (against the cited article, or, when the quote is of
    another text, against the article it matches best, so that 第七十七条 quoting 第八十七条 with a
    typo shows both) and the sanctions it misquotes."""
    statute = key.statute
    facts: list[tuple[URIRef, Literal]] = []
    version, article = _best_version_of_article(statute, number, quote)
    chosen = version or statute.latest_text_version
    if chosen is None:
        return ()
    articles = chosen.articles
    best = best_matching_article(quote, {n: a.text for n, a in articles.items()})
    if best is not None and best[0] != number:
        facts += [(KG.bestMatchingArticle, Literal(best[0])), (KG.bestMatchSimilarity, _decimal(best[1]))]
    if article is None or (comparison := compare_quote(quote, article.text)) is None:
        return tuple(facts)
    facts.append((KG.quoteSimilarity, _decimal(comparison.similarity)))
    if comparison.similarity >= MIN_SAME_ARTICLE_SIMILARITY:
        facts += [(KG.quotedSanctionDiffers, difference) for difference in _misquoted_sanctions(quote, article)]
    elif best is not None and best[0] != number:
        comparison = compare_quote(quote, articles[best[0]].text) or comparison
    facts += [(KG.quoteDifference, Literal(difference)) for difference in comparison.differences]
    return tuple(facts)


def _best_version_of_article(statute: Statute, number: int, quote: str
                             ) -> tuple[StatuteVersion | None, Article | None]:
    """The version whose article `number` the quote matches best (lists quote older versions too)."""
    best: tuple[float, StatuteVersion | None, Article | None] = (-1.0, None, None)
    for version in statute.versions:
        article = version.articles.get(number)
        if article is None:
            continue
        comparison = compare_quote(quote, article.text)
        score = comparison.similarity if comparison else 0.0
        if score > best[0]:
            best = (score, version, article)
    return best[1], best[2]


def _misquoted_sanctions(quote: str, article: Article) -> Iterator[Literal]:
    """Each sanction the quote misquotes (kg.penalty.quotes' rule) next to the article's sanctions
    of its kind and unit: 引文“…一倍以上三倍以下…”／原文“…二倍以上五倍以下…”."""
    canonical = sanctions_of_article(article)
    for quoted in misquoted_sanctions(quote, article):
        same_kind = [s for s in canonical if s.kind == quoted.kind and s.unit == quoted.unit]
        original = "；".join(s.text for s in same_kind) or "无此处罚"
        yield Literal(f"引文“{quoted.text}”／原文“{original}”")


def sanction_basis_facts(view: ListView, statutes: Mapping[URIRef, Statute]) -> Iterator[Triple]:
    """Per item: how many cited provisions set a sanction, and how many could not be checked."""
    for item in view.items:
        provisions = [c for c in item.citations if not c.citation.whole_document and c.citation.article]
        if not provisions:
            continue
        verdicts = [_sets_sanction(c, statutes.get(c.statute) if c.statute is not None else None)
                    for c in provisions]
        yield item.iri, KG.sanctioningProvisionCount, Literal(sum(v is True for v in verdicts))
        yield item.iri, KG.uncheckedProvisionCount, Literal(sum(v is None for v in verdicts))


def _sets_sanction(cited: CitedProvision, statute: Statute | None) -> bool | None:
    """Whether the cited article sets a penalty, by its canonical text; without one, a quote that
    states a penalty says yes, anything else is unknown (None): garbled or partial quotes prove nothing."""
    number = cited.citation.article
    article = statute.article(number) if statute and number is not None else None
    if article is not None:
        return _has_penalty(sanctions_of_article(article))
    if cited.citation.quote and _has_penalty(extract_sanctions(cited.citation.quote)):
        return True
    return None


def _has_penalty(sanctions: list[Sanction]) -> bool:
    return any(s.kind in PENALTY_KINDS for s in sanctions)


# ------------------------------------------------------------------ codes (事项编码)

def code_facts(view: ListView) -> Iterator[Triple]:
    """Per coded item: look-alike letters, and its length/prefix/shape next to the list's typical ones."""
    coded = [(item, printed, codes.canonical_code(printed)) for item in view.items if (printed := item.item.code)]
    pattern = codes.learn_pattern([code for _, _, code in coded])
    segment = codes.learn_category_segment(
        [(code, item.item.category_norm) for item, _, code in coded if item.item.category_norm])
    for item, printed, code in coded:
        for lookalike in codes.lookalikes(printed):
            yield item.iri, KG.lookalikeCharacter, Literal(
                f"{lookalike.character}（{lookalike.name}，形似 {lookalike.looks_like}）")
        if pattern.length is not None:
            yield item.iri, KG.codeLength, Literal(len(code))
            yield item.iri, KG.typicalCodeLength, Literal(pattern.length)
        if pattern.prefix is not None:
            yield item.iri, KG.codePrefix, Literal(code[:len(pattern.prefix)])
            yield item.iri, KG.typicalCodePrefix, Literal(pattern.prefix)
        if pattern.shape is not None and len(code) == pattern.length:
            yield item.iri, KG.codeShape, Literal(codes.code_shape(code))
            yield item.iri, KG.typicalCodeShape, Literal(pattern.shape)
        if segment is not None and item.category is not None and len(code) == pattern.length:
            implied = category_concept(segment.categories.get(code[segment.start:segment.end]))
            if implied is not None:
                yield item.iri, KG.codeCategory, implied


# ------------------------------------------------------------------ catalog vs detail

def catalog_facts(view: ListView) -> Iterator[Triple]:
    """Which entry describes which item, names that differ, items missing from the catalog, counts."""
    entries = [(iri, entry) for catalog in view.catalogs
               for iri, entry in zip(catalog.entry_iris, catalog.catalog.entries, strict=True)]
    items = [item.item for item in view.items]
    if entries:
        pairing = pair_catalog(items, [entry for _, entry in entries])
        for index, item in enumerate(view.items):
            entry_index = pairing.pairs.get(index)
            yield item.iri, KG.listedInCatalog, Literal(entry_index is not None)
            if entry_index is None:
                continue
            entry_iri, entry = entries[entry_index]
            yield entry_iri, KG.describesItem, item.iri
            if not same_name(entry, item.item):
                yield item.iri, KG.catalogName, Literal(entry.name)
        described = set(pairing.pairs.values())
        for index, (entry_iri, _) in enumerate(entries):
            yield entry_iri, KG.describedItemCount, Literal(int(index in described))
    per_category = Counter(item.category for item in view.items)
    for catalog in view.catalogs:
        if catalog.catalog.declared_total is not None:
            yield catalog.iri, KG.itemTotal, Literal(len(view.items))
        if catalog.catalog.declared_categories is not None:
            yield catalog.iri, KG.categoryTotal, Literal(len({i.category for i in view.items if i.category}))
        for count_iri, heading in zip(catalog.count_iris, catalog.catalog.categories, strict=True):
            concept = category_concept(heading.category_norm)
            if heading.declared_count is not None and concept is not None:
                yield count_iri, KG.itemCount, Literal(per_category[concept])


# ------------------------------------------------------------------ duplicates

def duplicate_facts(view: ListView) -> Iterator[Triple]:
    """Each item whose name (and sub-item) and category repeat an earlier item's points to that item."""
    first: dict[tuple, ItemView] = {}
    for item in view.items:
        name = comparable(item.item.name + (item.item.sub_item or ""))
        if not name:
            continue
        key = (name, item.category)
        if key in first:
            yield item.iri, KG.duplicateOf, first[key].iri
        else:
            first[key] = item
