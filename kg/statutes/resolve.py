"""Cited title / document number → registry entry: exact, alias, 文号, then tolerant (fuzzy) matching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kg.cite.lexicon import notice_endings, rule_endings
from kg.cite.records import Citation, CitationFlag
from kg.errors import InputError
from kg.paths import DATA
from kg.statutes.normalize import (
    clean_title,
    is_doc_number,
    is_well_formed_doc_number,
    normalize_doc_number,
    normalize_title,
    promulgated_title,
)
from kg.statutes.records import Resolution, Statute
from kg.statutes.versions import version_meant

if TYPE_CHECKING:
    from kg.statutes.registry import Registry

FUZZY_THRESHOLD = 60.0   # rapidfuzz ratio (0–100) from which a known name is a candidate at all
SUGGESTION_THRESHOLD = 75.0   # … and from which it is offered as "did you mean …?" (导游管理办法 is
                              # 67 from 发票管理办法: a hint that misleads)
POOL_CHARACTERS = 3      # rarest characters of a title whose names are compared with it
CANDIDATES = 8           # closest names examined per title
NOISE_SPAN = 12          # characters per tolerated difference (OCR damage, not another title)
MIN_DROP_LENGTH = 8      # a dropped or doubled character is noise only in a title this long
LOOKALIKES_FILE = DATA / "lexicon" / "ocr_lookalikes.yaml"
# Fuzzy matching only targets laws, regulations and rules: their titles are distinctive, while
# 规范性文件 come in families of near-identical titles (省直职工…办法 vs 全省…办法, 办法 vs 实施细则)
# where a few characters make another document. Those resolve by title, alias or 文号 only.
FUZZY_LEVELS = frozenset({"法律", "行政法规", "部门规章", "地方性法规", "地方政府规章"})
# a title's leading place name (河北省…, 南阳市…): fuzzy matches across places (or between a local
# and a national document) are refused
_TRAILING_NOTE = re.compile(r"(?:\([^()]*\))+$")     # (试行) (2018年修正), brackets normalized
_PLACE = re.compile(r"^(.{1,6}?(?:自治区|省|市|县|区|州|盟|旗))")


@dataclass(frozen=True)
class TitleIndex:
    """Lookup tables over the registry's titles, aliases and document numbers."""

    titles: dict[str, str]        # clean_title(canonical title) → statute id
    names: dict[str, str]         # normalize_title(title or alias) → statute id
    doc_numbers: dict[str, str]   # normalized 文号 naming exactly one statute → statute id
    choices: list[str]            # normalized names, for suggestions
    choice_ids: list[str]         # statute id of each choice
    fuzzy_ids: frozenset[str]     # statutes fuzzy matching may resolve to (laws, regulations, rules)
    display: dict[str, str]       # statute id → canonical title (for suggestions)
    numbers_of: dict[str, frozenset[str]]   # statute id → its normalized 文号
    names_of: dict[str, tuple[str, ...]]    # statute id → its normalized names (title, aliases)
    postings: dict[str, tuple[int, ...]]    # character → positions in `choices` of the names holding it


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
        for number in statute.doc_numbers:
            numbers.setdefault(number, set()).add(statute.id)
        titles[statute.title_key or clean_title(statute.title)] = statute.id
        if statute.names:                              # precomputed by the corpus converter
            for normalized in statute.names:
                names.setdefault(normalized, statute.id)
            continue
        for name in [statute.title, *statute.aliases]:
            normalized = normalize_title(name)
            names.setdefault(normalized, statute.id)
            if inner := promulgated_title(normalized):
                names.setdefault(inner, statute.id)
    doc_numbers = {number: next(iter(ids)) for number, ids in numbers.items() if len(ids) == 1}
    names_of: dict[str, tuple[str, ...]] = {}
    for name, statute_id in names.items():
        names_of[statute_id] = (*names_of.get(statute_id, ()), name)
    postings: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        for character in set(name):
            postings.setdefault(character, []).append(position)
    return TitleIndex(titles, names, doc_numbers, list(names), list(names.values()),
                      frozenset(fuzzy_ids), display, numbers_of, names_of,
                      {character: tuple(found) for character, found in postings.items()})


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
    if number_key and (found := index.doc_numbers.get(number_key)) and not _title_contradicts(index, found, candidates):
        return Resolution(found, 1.0, "doc-number", number_key)

    closest = _closest(index, candidates)
    if closest.noise_id and not _numbers_disagree(index, closest.noise_id, well_formed_number):
        return Resolution(closest.noise_id, round(closest.noise_score / 100, 3), "fuzzy", candidates[0])
    key = well_formed_number or next((c for c in reversed(candidates) if c), number_key or "")
    suggestion = (index.display.get(closest.statute_id)
                  if closest.statute_id is not None and closest.score >= SUGGESTION_THRESHOLD else None)
    return Resolution(None, round(closest.score / 100, 3), "unresolved", key, suggestion)


def is_noise(written: str, known: str) -> bool:
    """The written title is the known one damaged, not another title: the two differ only by OCR
    look-alike characters (data/lexicon/ocr_lookalikes.yaml), doubled characters and, in a title
    of at least MIN_DROP_LENGTH characters, dropped ones — at most one difference per NOISE_SPAN
    characters, none dropped from the title's last two characters (法, 条例, 办法, 细则 … say
    which document it is)."""
    operations = Levenshtein.editops(written, known)
    if not operations or len(operations) > max(1, len(known) // NOISE_SPAN):
        return False
    look_alikes = _look_alikes()
    for operation in operations:
        if operation.tag == "replace":
            noise = (written[operation.src_pos], known[operation.dest_pos]) in look_alikes
        elif operation.tag == "delete":             # a character the known title has not: doubled?
            position = operation.src_pos
            noise = written[position] in written[max(0, position - 1):position] + written[position + 1:position + 2]
        else:                                       # a character of the known title dropped
            noise = len(known) >= MIN_DROP_LENGTH and operation.dest_pos < len(known) - 2
        if not noise:
            return False
    return True


@cache
def _look_alikes() -> frozenset[tuple[str, str]]:
    """Ordered pairs of characters OCR confuses, from the lexicon's groups."""
    try:
        groups = yaml.safe_load(LOOKALIKES_FILE.read_text(encoding="utf-8"))["lookalikes"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise InputError(str(LOOKALIKES_FILE), f"cannot read the look-alike characters: {error}") from None
    return frozenset((a, b) for group in groups for a in group for b in group if a != b)


def _title_contradicts(index: TitleIndex, statute_id: str, candidates: list[str]) -> bool:
    """The citation's title is a full title of another document than the one its 文号 names
    (《安全生产法》（主席令第70号）: 70 is 行政处罚法's): the 文号 is the list's mistake, not the title."""
    if not candidates or not _full_title(candidates[0]):
        return False
    return all(fuzz.ratio(candidate, name) < FUZZY_THRESHOLD
               for candidate in candidates for name in index.names_of.get(statute_id, ()))


def _full_title(normalized: str) -> bool:
    """The title ends as a law, regulation, rule or notice does (法, 条例, 办法 … 通知), once a
    trailing note such as (试行) is set aside: it names a document, not an abbreviation (某某, 条例)."""
    bare = _TRAILING_NOTE.sub("", normalized)
    return len(bare) > 3 and bare.endswith(_document_endings())


@cache
def _document_endings() -> tuple[str, ...]:
    return rule_endings() + notice_endings()


def _numbers_disagree(index: TitleIndex, statute_id: str, number: str | None) -> bool:
    """The citation names a 文号 the statute's known 文号 do not include: another document."""
    known = index.numbers_of.get(statute_id)
    return bool(number and known and number not in known)


def _title_candidates(statute: str) -> list[str]:
    """The normalized title, then the document a promulgating notice names (关于印发X的通知 → X)."""
    normalized = normalize_title(statute)
    inner = promulgated_title(normalized)
    return [normalized, normalize_title(inner)] if inner else [normalized]


@dataclass(frozen=True)
class _Closest:
    statute_id: str | None       # the statute whose name is closest (the suggestion)
    score: float
    noise_id: str | None = None  # the one statute whose name differs from the title by noise only
    noise_score: float = 0.0


def _closest(index: TitleIndex, candidates: list[str]) -> _Closest:
    """The statute whose name is closest to any candidate, and the one statute (if exactly one,
    and a law, regulation or rule) whose name the candidate is a damaged spelling of
    (`is_noise`). Refused, either way: matches
    across place names, and statutes one of whose names the candidate merely extends (…条例实施细则
    is not the 条例, whichever of the 条例's names is closest)."""
    best_id, best_score = None, 0.0
    noise: dict[str, float] = {}
    for candidate in candidates:
        if not candidate:
            continue
        pool = _pool(index, candidate)
        for choice, score, position in process.extract(candidate, [index.choices[p] for p in pool],
                                                       scorer=fuzz.ratio, limit=CANDIDATES,
                                                       score_cutoff=FUZZY_THRESHOLD):
            statute_id = index.choice_ids[pool[position]]
            if not _same_place(candidate, choice) or any(
                    _extends(candidate, name) for name in index.names_of[statute_id]):
                continue
            if score > best_score:
                best_id, best_score = statute_id, score
            if statute_id in index.fuzzy_ids and is_noise(candidate, choice):
                noise[statute_id] = max(score, noise.get(statute_id, 0.0))
    if len(noise) == 1:
        (noise_id, noise_score), = noise.items()
        return _Closest(best_id, best_score, noise_id, noise_score)
    return _Closest(best_id, best_score)


def _pool(index: TitleIndex, candidate: str) -> list[int]:
    """The known names sharing one of the candidate's POOL_CHARACTERS rarest characters: a name
    the candidate is a damaged spelling of keeps most of them (comparing with every name of the
    national registry would cost milliseconds a title)."""
    known = sorted((index.postings[c] for c in set(candidate) if c in index.postings), key=len)
    return sorted(set().union(*known[:POOL_CHARACTERS]))


def _extends(candidate: str, choice: str) -> bool:
    """The candidate is a known title plus words (…实施细则, …补充规定): a document of its own."""
    return choice in candidate and len(candidate) - len(choice) >= 2


def _same_place(left: str, right: str) -> bool:
    """Both titles start with the same place name, or neither starts with one."""
    place_left, place_right = _PLACE.match(left), _PLACE.match(right)
    return (place_left and place_left.group(1)) == (place_right and place_right.group(1))


def resolve_citations(citations: list[Citation], registry: Registry, on_date: str | None = None) -> list[Citation]:
    """Copies of the citations with `statute_id`, `match_score`, `suggestion`, how they matched
    (`match_method`, `statute_key`: the key an unknown document is met by) and the version
    meant (`version`, `version_basis`: see `version_meant`; `on_date` is the list's date, when
    known) filled from the registry.

    Cross-references inside quotes are resolved too; one without a statute of its own
    (本法第三十六条, 本条例第四十条) takes that of the citation it sits in.
    """
    return [_resolved(citation, registry, None, on_date) for citation in citations]


def _resolved(citation: Citation, registry: Registry, parent: Citation | None, on_date: str | None) -> Citation:
    suggestion = method = key = None
    score: float | None
    if citation.statute or citation.doc_number:
        resolution = registry.resolve(citation.title_to_look_up, citation.doc_number)
        statute_id, score, suggestion = resolution.statute_id, resolution.score, resolution.suggestion
        method, key = resolution.method, resolution.key
        flags = list(citation.flags)
        if resolution.method in ("fuzzy", "unresolved"):
            flags.append(CitationFlag(f"statute-{resolution.method}"))
        if suggestion:
            flags.append(CitationFlag.STATUTE_SUGGESTION)
    elif parent is not None:
        statute_id, score, flags = parent.statute_id, parent.match_score, list(citation.flags)
    else:
        return _updated(citation, cross_references=[_resolved(c, registry, citation, on_date)
                                                    for c in citation.cross_references])
    version = basis = None
    if statute_id and (statute := registry.get(statute_id)):
        meant, basis = version_meant(statute, citation.article, citation.quote, on_date)
        version = meant.date if meant else None
    resolved = _updated(citation, statute_id=statute_id, match_score=score, flags=flags,
                        suggestion=suggestion, version=version, version_basis=basis,
                        match_method=method, statute_key=key)
    resolved.cross_references = [_resolved(c, registry, resolved, on_date) for c in citation.cross_references]
    return resolved


def _updated(citation: Citation, **changes) -> Citation:
    """A copy of the citation with `changes`; dataclasses.replace re-runs __init__ over every
    field, a third of the resolution time of a national registry's lists."""
    twin = object.__new__(Citation)
    twin.__dict__.update(citation.__dict__, **changes)
    return twin
