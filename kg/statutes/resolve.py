"""Cited title / document number → registry entry: exact, alias, 文号, then tolerant (fuzzy) matching."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from rapidfuzz import fuzz, process

from kg.cite.records import Citation
from kg.statutes.normalize import (
    clean_title,
    is_doc_number,
    is_well_formed_doc_number,
    normalize_doc_number,
    normalize_title,
    promulgated_title,
)
from kg.statutes.records import Resolution, Statute

if TYPE_CHECKING:
    from kg.statutes.registry import Registry

FUZZY_THRESHOLD = 80.0   # rapidfuzz ratio (0–100) a damaged title needs to count as a match
# Fuzzy matching only targets laws, regulations and rules: their titles are distinctive, while
# 规范性文件 come in families of near-identical titles (省直职工…办法 vs 全省…办法, 办法 vs 实施细则)
# where a few characters make another document. Those resolve by title, alias or 文号 only.
FUZZY_LEVELS = frozenset({"法律", "行政法规", "部门规章", "地方性法规", "地方政府规章"})
# a title's leading place name (河北省…, 南阳市…): fuzzy matches across places (or between a local
# and a national document) are refused
_PLACE = re.compile(r"^(.{1,6}?(?:自治区|省|市|县|区|州|盟|旗))")


@dataclass(frozen=True)
class TitleIndex:
    """Lookup tables over the registry's titles, aliases and document numbers."""

    titles: dict[str, str]        # clean_title(canonical title) → statute id
    names: dict[str, str]         # normalize_title(title or alias) → statute id
    doc_numbers: dict[str, str]   # normalized 文号 naming exactly one statute → statute id
    choices: list[str]            # normalized names, for suggestions
    choice_ids: list[str]         # statute id of each choice
    fuzzy_choices: list[str]      # normalized names of statutes fuzzy matching may resolve to
    fuzzy_choice_ids: list[str]
    display: dict[str, str]       # statute id → canonical title (for suggestions)
    numbers_of: dict[str, frozenset[str]]   # statute id → its normalized 文号
    names_of: dict[str, tuple[str, ...]]    # statute id → its normalized names (title, aliases)


def build_index(statutes: Iterable[Statute]) -> TitleIndex:
    """Index the statutes' titles, aliases and 文号 (a 文号 claimed by two statutes is left out)."""
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    numbers: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    numbers_of: dict[str, frozenset[str]] = {}
    fuzzy_ids: set[str] = set()
    for statute in statutes:
        if statute.level in FUZZY_LEVELS:
            fuzzy_ids.add(statute.id)
        display[statute.id] = statute.title
        numbers_of[statute.id] = frozenset(statute.doc_numbers)
        titles[clean_title(statute.title)] = statute.id
        for name in [statute.title, *statute.aliases]:
            normalized = normalize_title(name)
            names.setdefault(normalized, statute.id)
            if inner := promulgated_title(normalized):
                names.setdefault(inner, statute.id)
        for number in statute.doc_numbers:
            numbers.setdefault(number, set()).add(statute.id)
    doc_numbers = {number: next(iter(ids)) for number, ids in numbers.items() if len(ids) == 1}
    fuzzy = {name: statute_id for name, statute_id in names.items() if statute_id in fuzzy_ids}
    names_of: dict[str, tuple[str, ...]] = {}
    for name, statute_id in names.items():
        names_of[statute_id] = (*names_of.get(statute_id, ()), name)
    return TitleIndex(titles, names, doc_numbers, list(names), list(names.values()),
                      list(fuzzy), list(fuzzy.values()), display, numbers_of, names_of)


def resolve_statute(index: TitleIndex, statute: str | None, doc_number: str | None) -> Resolution:
    """Match a cited title and/or document number; see `Registry.resolve`."""
    if statute and is_doc_number(statute):
        statute, doc_number = None, doc_number or statute   # a document cited by its number alone
    number_key = normalize_doc_number(doc_number) if doc_number else None
    well_formed_number = number_key if number_key and is_well_formed_doc_number(number_key) else None
    candidates = _title_candidates(statute) if statute else []

    if statute and (found := index.titles.get(clean_title(statute))):
        return Resolution(found, 1.0, "exact", candidates[0])
    for candidate in candidates:
        if found := index.names.get(candidate):
            return Resolution(found, 1.0, "alias", candidate)
    if number_key and (found := index.doc_numbers.get(number_key)):
        return Resolution(found, 1.0, "doc-number", number_key)

    best_id, best_score = _closest(index, candidates, index.fuzzy_choices, index.fuzzy_choice_ids)
    if best_id and best_score >= FUZZY_THRESHOLD and not _numbers_disagree(index, best_id, well_formed_number):
        return Resolution(best_id, round(best_score / 100, 3), "fuzzy", candidates[0])
    key = well_formed_number or next((c for c in reversed(candidates) if c), number_key or "")
    closest_id, closest_score = _closest(index, candidates, index.choices, index.choice_ids)
    return Resolution(None, round(closest_score / 100, 3), "unresolved", key,
                      index.display.get(closest_id) if closest_id else None)


def _numbers_disagree(index: TitleIndex, statute_id: str, number: str | None) -> bool:
    """The citation names a 文号 the statute's known 文号 do not include: another document."""
    known = index.numbers_of.get(statute_id)
    return bool(number and known and number not in known)


def _title_candidates(statute: str) -> list[str]:
    """The normalized title, then the document a promulgating notice names (关于印发X的通知 → X)."""
    normalized = normalize_title(statute)
    inner = promulgated_title(normalized)
    return [normalized, normalize_title(inner)] if inner else [normalized]


def _closest(index: TitleIndex, candidates: list[str], choices: list[str],
             choice_ids: list[str]) -> tuple[str | None, float]:
    """The statute whose name is closest to any candidate, refusing matches across place names
    and statutes one of whose names the candidate merely extends (…条例实施细则 is not the 条例,
    whichever of the 条例's names is closest)."""
    best_id, best_score = None, 0.0
    for candidate in candidates:
        if not candidate:
            continue
        for choice, score, position in process.extract(candidate, choices, scorer=fuzz.ratio, limit=5):
            statute_id = choice_ids[position]
            if score > best_score and _same_place(candidate, choice) and not any(
                    _extends(candidate, name) for name in index.names_of[statute_id]):
                best_id, best_score = statute_id, score
    return best_id, best_score


def _extends(candidate: str, choice: str) -> bool:
    """The candidate is a known title plus words (…实施细则, …补充规定): a document of its own."""
    return choice in candidate and len(candidate) - len(choice) >= 2


def _same_place(left: str, right: str) -> bool:
    """Both titles start with the same place name, or neither starts with one."""
    place_left, place_right = _PLACE.match(left), _PLACE.match(right)
    return (place_left and place_left.group(1)) == (place_right and place_right.group(1))


def resolve_citations(citations: list[Citation], registry: Registry) -> list[Citation]:
    """Copies of the citations with `statute_id` and `match_score` filled from the registry.

    Cross-references inside quotes are resolved too; one without a statute of its own
    (本法第三十六条, 本条例第四十条) takes that of the citation it sits in.
    """
    return [_resolved(citation, registry, None) for citation in citations]


def _resolved(citation: Citation, registry: Registry, parent: Citation | None) -> Citation:
    if citation.statute or citation.doc_number:
        resolution = registry.resolve(citation.title_to_look_up, citation.doc_number)
        statute_id, score = resolution.statute_id, resolution.score
        flags = list(citation.flags)
        if resolution.method in ("fuzzy", "unresolved"):
            flags.append(f"statute-{resolution.method}")
    elif parent is not None:
        statute_id, score, flags = parent.statute_id, parent.match_score, list(citation.flags)
    else:
        return replace(citation, cross_references=[_resolved(c, registry, citation)
                                                   for c in citation.cross_references])
    resolved = replace(citation, statute_id=statute_id, match_score=score, flags=flags)
    resolved.cross_references = [_resolved(c, registry, resolved) for c in citation.cross_references]
    return resolved
