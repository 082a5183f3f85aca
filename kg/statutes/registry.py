"""The statute registry: data/statutes/registry.yaml (+ texts) → `Registry`, with lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.paths import STATUTES
from kg.statutes.corpus import CORPUS_DIR, corpus_documents, text_of
from kg.statutes.normalize import normalize_doc_number, normalize_title
from kg.statutes.records import LEVELS, STATUSES, Article, Resolution, Statute, StatuteVersion
from kg.statutes.resolve import TitleIndex, build_index, resolve_statute

REGISTRY_FILE = "registry.yaml"


@dataclass
class Registry:
    """All known statutes by id; texts are parsed on first use of a version's articles."""

    statutes: dict[str, Statute]
    root: Path                                     # directory holding registry.yaml and texts/
    hand_made: frozenset[str] = frozenset()        # ids of the registry.yaml entries
    _resolutions: dict[tuple[str | None, str | None], Resolution] = field(
        default_factory=dict, repr=False, compare=False)

    @cached_property
    def index(self) -> TitleIndex:
        return build_index(self.statutes.values())

    def get(self, statute_id: str) -> Statute | None:
        return self.statutes.get(statute_id)

    def article(self, statute_id: str, number: int, version: str | None = None) -> Article | None:
        """Article `number` of a statute: of `version` (id, ISO date or year) if given, else of
        the latest version with text. None when the statute, version, text or article is missing."""
        statute = self.statutes.get(statute_id)
        return statute.article(number, version) if statute else None

    def resolve(self, statute: str | None, doc_number: str | None = None) -> Resolution:
        """Match a cited title (as written) and/or document number against the registry.

        Order: exact title → alias or normalized title (also the X of 关于印发X的通知) → 文号 →
        fuzzy title, only when the difference is noise (`is_noise`: OCR look-alikes, a doubled or
        dropped character) from exactly one law, regulation or rule of the same place that the
        cited 文号 does not contradict. Unresolved: statute_id None, `key` the normalized 文号
        when well-formed, else the normalized title, `score` the similarity of the closest known
        title and `suggestion` that title when close enough (did you mean …?). Cached per registry.
        """
        query = (statute, doc_number)
        if query not in self._resolutions:
            self._resolutions[query] = resolve_statute(self.index, statute, doc_number)
        return self._resolutions[query]

    def find(self, written: str) -> Statute:
        """The entry of a statute as users write it (title, alias, 文号 or registry id); InputError,
        with the closest title as a suggestion, when the registry does not know it."""
        by_id = self.get(written)
        if by_id is not None:
            return by_id
        resolution = self.resolve(written)
        if resolution.statute_id is None:
            hint = f"; did you mean 《{resolution.suggestion}》?" if resolution.suggestion else ""
            raise InputError(written, f"unknown statute{hint}")
        statute = self.get(resolution.statute_id)
        assert statute is not None                     # resolve() answers ids of the registry's statutes
        return statute


@lru_cache(maxsize=8)
def load_registry(path: Path = STATUTES) -> Registry:
    """Load (once per path) the registry from a directory holding registry.yaml, or that file,
    merged with the compact corpus in its corpus/ directory when there is one (see `merge_corpus`)."""
    path = Path(path)
    file = path / REGISTRY_FILE if path.is_dir() else path
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as error:
        raise InputError(str(file), f"cannot read statute registry: {error.strerror}") from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(str(file), f"not a valid registry file: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("statutes"), list):
        raise InputError(str(file), 'expected a mapping with a "statutes" list')
    statutes: dict[str, Statute] = {}
    for entry in data["statutes"]:
        statute = _statute(entry, file)
        if statute.id in statutes:
            raise InputError(str(file), f"duplicate statute id {statute.id!r}")
        statutes[statute.id] = statute
    hand_made = frozenset(statutes)
    merge_corpus(statutes, corpus_documents(file.parent / CORPUS_DIR), file.parent / CORPUS_DIR)
    return Registry(statutes, file.parent, hand_made)


def merge_corpus(statutes: dict[str, Statute], documents: list[dict], directory: Path) -> None:
    """Add the corpus documents to the hand-made statutes, one entry per document: a document
    with a hand-made entry's id, title or alias is merged into it (the entry's title, aliases,
    文号, notes and versions stay; the corpus adds its aliases, 文号, the versions the entry lacks
    and the texts of those it has without text); the others are added as they are."""
    by_name = {name: statute.id for statute in statutes.values()
               for name in (normalize_title(statute.title), *map(normalize_title, statute.aliases))}
    for document in documents:
        versions = [_corpus_version(document["id"], v, directory) for v in document.get("versions") or []]
        names = document.get("names") or []
        known = statutes.get(document["id"]) or next(
            (statutes[by_name[name]] for name in names if name in by_name), None)
        if known is None:
            statutes[document["id"]] = Statute(
                id=document["id"], title=document["title"], level=document.get("level"),
                issuer=document.get("issuer"), aliases=list(document.get("aliases") or []),
                doc_numbers=list(dict.fromkeys([*(document.get("doc_numbers") or []),
                                                *(v.doc_number for v in versions if v.doc_number)])),
                versions=versions, region=document.get("region"), names=tuple(names),
                title_key=document.get("clean", ""))
            continue
        _merge(known, document, versions)


def _merge(statute: Statute, document: dict, versions: list[StatuteVersion]) -> None:
    statute.aliases += [a for a in [document["title"], *(document.get("aliases") or [])]
                        if a != statute.title and a not in statute.aliases]
    statute.issuer = statute.issuer or document.get("issuer")
    statute.level = statute.level or document.get("level")
    statute.region = statute.region or document.get("region")
    by_date = {v.date: v for v in statute.versions}
    for version in versions:
        own = by_date.get(version.date)
        if own is None:
            version.statute_id = statute.id
            statute.versions.append(version)
        else:                                    # the entry's facts stay; the corpus fills gaps
            if not own.has_text:
                own.corpus_text, own.digests = version.corpus_text, version.digests
            own.status = own.status or version.status
            own.effective = own.effective or version.effective
    for number in [*(document.get("doc_numbers") or []), *(v.doc_number for v in versions if v.doc_number)]:
        if number not in statute.doc_numbers:
            statute.doc_numbers.append(number)
    statute.versions.sort(key=lambda v: v.date or "")
    for version in statute.versions[:-1]:
        if version.status == "现行有效":       # a later version from the corpus replaced it
            version.status = "已修改"


def _corpus_version(statute_id: str, entry: dict, directory: Path) -> StatuteVersion:
    return StatuteVersion(
        statute_id=statute_id, date=entry.get("date"), status=entry.get("status"),
        effective=entry.get("effective"), doc_number=entry.get("doc_number"), note=entry.get("note"),
        corpus_text=text_of(directory, entry["text"]) if entry.get("text") else None,
        digests=tuple(entry["digests"].split(",")) if entry.get("digests") else None,
    )


def _statute(entry: object, file: Path) -> Statute:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("title"):
        raise InputError(str(file), f"statute entry without id or title: {entry!r:.80}")
    statute_id = str(entry["id"])
    level = entry.get("level")
    if level is not None and level not in LEVELS:
        raise InputError(str(file), f"statute {statute_id}: unknown level {level!r}")
    versions = sorted((_version(statute_id, v, file) for v in entry.get("versions") or []),
                      key=lambda v: v.date or "")
    numbers = [normalize_doc_number(n) for n in entry.get("doc_numbers") or []]
    numbers += [normalize_doc_number(v.doc_number) for v in versions if v.doc_number]
    declared = entry.get("status")
    _check_status(declared, statute_id, file)
    return Statute(
        id=statute_id,
        title=str(entry["title"]),
        level=level,
        issuer=entry.get("issuer"),
        aliases=[str(a) for a in entry.get("aliases") or []],
        doc_numbers=list(dict.fromkeys(numbers)),
        versions=versions,
        declared_status=declared,
        note=entry.get("note"),
    )


def _version(statute_id: str, entry: object, file: Path) -> StatuteVersion:
    if not isinstance(entry, dict):
        raise InputError(str(file), f"statute {statute_id}: a version must be a mapping")
    _check_status(entry.get("status"), statute_id, file)
    text = entry.get("text")
    text_path = file.parent / text if text else None
    if text_path is not None and not text_path.is_file():
        raise InputError(str(file), f"statute {statute_id}: text file {text} not found")
    return StatuteVersion(
        statute_id=statute_id,
        date=_iso(entry.get("date")),
        status=entry.get("status"),
        text_path=text_path,
        effective=_iso(entry.get("effective")),
        doc_number=entry.get("doc_number"),
        note=entry.get("note"),
    )


def _check_status(status: object, statute_id: str, file: Path) -> None:
    if status is not None and status not in STATUSES:
        raise InputError(str(file), f"statute {statute_id}: unknown status {status!r}")


def _iso(value: object) -> str | None:
    return None if value is None else str(value)
