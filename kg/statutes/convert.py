"""The shared statute corpus (LawRefBook snapshot) → the compact corpus shipped in data/statutes/corpus/.

    .venv/bin/python scripts/convert_statutes.py [SOURCE_DIR] [--out DIR]

Deterministic and re-runnable: the same source gives byte-identical output. Each document (one
title at one level) gets its level, issuer (from the enactment notes), region (local ones), every
dated version with its text, date, effective date and status, its 文号 (from 令第N号 notes) and
aliases (the file's short name, the province prefix variants). Output:

- ``documents.json.gz``: the documents, with their normalized names precomputed (loading them is
  a dict lookup per name, not a normalization);
- ``texts-NNN.json.xz``: the texts, in 256 shards (a document's versions in one shard, chosen by
  a hash of its id) so that reading one text decompresses ~220 KB only; documents with several
  texts also carry a digest per article, so that versions are compared without reading texts
  where an article did not change;
- ``manifest.yaml``: source, commit, normalization, counts, files left out and why, sha256 of
  every source file used.

Ids: a hand-made entry's (matched by title or alias), else level + a hash of level and title
(``law-4b1e192e8a``), stable across runs. A text is stored as the project's text format reads it
(``# title``, notes, ``第X章`` headings without markdown marks, paragraphs); one that does not parse
(gaps in the numbering …) is left out and listed in the manifest, its document and version kept.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import lzma
import re
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.paths import DATA
from kg.statutes.normalize import clean_title, normalize_doc_number, normalize_title
from kg.statutes.parse_text import parse_statute_text
from kg.statutes.records import article_digest

SOURCE_NAME = "LawRefBook/Laws"
SOURCE_URL = "https://github.com/LawRefBook/Laws"
SOURCE_COMMIT = "2f4c5c23716267af9dbebbbbd6cbbf732b101981"
SOURCE_DATE = "2025-04-19"
SHARDS = 256                 # ~220 KB of text each: reading one text decompresses ~10 ms, not 50
SHARD_FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": 9, "dict_size": 1 << 19}]   # a shard fits the window
DOCUMENTS_FILE = "documents.json.gz"
MANIFEST_FILE = "manifest.yaml"

# top folder → level; national laws are filed by branch
LEVEL_OF_FOLDER = {
    "宪法": "宪法", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律",
    "经济法": "法律", "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律",
    "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章", "DLC": "地方性法规",
    "其他": "其他",
}
ID_PREFIX = {"宪法": "constitution", "法律": "law", "行政法规": "regulation", "司法解释": "judicial",
             "部门规章": "rule", "地方性法规": "local", "其他": "other"}
DEFAULT_ISSUER = {"行政法规": "国务院"}
_FILE_NAME = re.compile(r"^(?P<name>.+?)(?:\((?P<date>\d{4}-\d{2}-\d{2})\))?\.md$")
_NOTE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日")
# 中华人民共和国国务院令第397号 · 中华人民共和国交通部令第8号 · 国务院、中央军事委员会令第22号
_ORDER = re.compile(r"[\u4e00-\u9fff、]{2,40}?令第?[〇零一二两三四五六七八九十百千\d]+号")
_PROMULGATED = ("公布", "发布")
# 第十三届全国人民代表大会常务委员会 · 河南省第十三届人民代表大会常务委员会 · 南阳市第五届人民代表大会常务委员会
_CONGRESS = re.compile(r"([\u4e00-\u9fff]{0,12}?)第[〇一二三四五六七八九十]+届(全国)?人民代表大会(常务委员会)?")
_JUDICIAL = re.compile(r"(最高人民法院|最高人民检察院)")
_HEADING = re.compile(r"^#{2,6}\s*")
_UNMARKED_HEADING = re.compile(r"^(?!第[〇零一二两三四五六七八九十百千\d]+条)[^。，；：,;:]{2,30}$")
_NUMBERED_HEADING = re.compile(r"^第[〇零一二两三四五六七八九十百千\d]+[章节]")
_PLACE_SUFFIX = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(省|市)")
INFO_END = "<!-- INFO END -->"
# province-level divisions, full name → the short name folders and titles begin with (河南省 → 河南)
PROVINCES: dict[str, str] = yaml.safe_load((DATA / "lexicon" / "provinces.yaml").read_text(encoding="utf-8"))[
    "provinces"]


def province_of_folder(folder: str) -> str | None:
    """The province whose local regulations a corpus folder holds (河南地方法规 → 河南省)."""
    return next((full for full, short in PROVINCES.items() if folder.startswith(short)), None)


@dataclass
class _Version:
    date: str | None
    effective: str | None
    expired: bool
    doc_number: str | None
    source: str               # path inside the source tree
    text: str | None          # in the project's text format; None when it does not parse
    digests: list[str]        # article_digest of each article, in order


@dataclass
class _Document:
    title: str
    level: str
    issuer: str | None
    region: str | None
    short_names: set[str] = field(default_factory=set)
    doc_numbers: set[str] = field(default_factory=set)
    versions: list[_Version] = field(default_factory=list)


def convert(source: Path, out: Path, registry_file: Path | None = None) -> dict:
    """Convert the corpus at `source` into `out`; returns the manifest written. `registry_file`
    (the hand-made registry.yaml) gives the ids of documents it already has."""
    if not (source / "db.sqlite3").is_file():
        raise InputError(str(source), "not a LawRefBook snapshot (no db.sqlite3)")
    metadata = _metadata(source)
    documents: dict[tuple[str, str], _Document] = {}
    skipped: list[dict] = []
    unparsed: list[dict] = []
    files: dict[str, str] = {}
    for path in sorted(source.rglob("*.md"), key=lambda p: p.relative_to(source).as_posix()):
        relative = path.relative_to(source).as_posix()
        top = relative.split("/", 1)[0]
        if path.name == "_index.md" or top not in LEVEL_OF_FOLDER:
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        lines = text.splitlines()
        if not lines or not lines[0].startswith("# ") or INFO_END not in text:
            skipped.append({"file": relative, "reason": "no '# title' line and INFO END marker: not a statute text"})
            continue
        match = _FILE_NAME.match(path.name)
        if match is None:
            skipped.append({"file": relative, "reason": "no name before '.md'"})
            continue
        short_name, file_date = match.group("name"), match.group("date")
        title = lines[0][2:].strip()
        notes = _notes(lines)
        level = LEVEL_OF_FOLDER[top]
        region = province_of_folder(relative.split("/")[1]) if top == "DLC" else None
        date = file_date or _first_note_date(notes)
        known = metadata.get((short_name, date), {})
        issuer = _issuer(notes, level, relative)
        # one document per title at a level, however spaced or punctuated (the versions of one
        # 解释 are printed 最高人民法院 最高人民检察院… and 最高人民法院、最高人民检察院…)
        document = documents.setdefault((level, normalize_title(title)), _Document(title, level, issuer, region))
        latest = max((v.date or "" for v in document.versions), default="")
        document.title = title if (date or "") >= latest else document.title
        document.issuer = document.issuer or issuer
        document.short_names.add(short_name)
        document.doc_numbers.update(_promulgation_numbers(notes))
        body = _project_text(title, lines)
        stored_text: str | None = body
        digests: list[str] = []
        try:
            parsed = parse_statute_text(body, relative)
            digests = [article_digest(parsed.articles[n].text) for n in sorted(parsed.articles)]
        except InputError as error:
            unparsed.append({"file": relative, "reason": error.describe()})
            stored_text = None
        files[relative] = hashlib.sha256(raw).hexdigest()
        document.versions.append(_Version(
            date=date, effective=known.get("valid_from") or _effective(notes), expired=bool(known.get("expired")),
            doc_number=_doc_number(notes, date), source=relative, text=stored_text, digests=digests))
    ids = _registry_ids(registry_file)
    records, shards = _records(documents, ids)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("texts-*.json.xz"):
        old.unlink()
    for number, texts in sorted(shards.items()):
        payload = json.dumps(texts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (out / f"texts-{number:03d}.json.xz").write_bytes(
            lzma.compress(payload.encode("utf-8"), format=lzma.FORMAT_XZ, filters=SHARD_FILTERS))
    payload = json.dumps({"source": SOURCE_NAME, "commit": SOURCE_COMMIT, "documents": records},
                         ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (out / DOCUMENTS_FILE).write_bytes(gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0))
    manifest = _manifest(records, skipped, unparsed, files)
    (out / MANIFEST_FILE).write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False, width=200),
                                     encoding="utf-8")
    return manifest


def _metadata(source: Path) -> dict[tuple[str, str | None], dict]:
    """(short name, publish date) → valid_from, expired, from the source's sqlite databases."""
    found: dict[tuple[str, str | None], dict] = {}
    for database in sorted([source / "db.sqlite3", *source.glob("DLC/*/db.sqlite3")]):
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            for name, publish, valid_from, expired in connection.execute(
                    "select name, publish, valid_from, expired from law"):
                found[(name, publish or None)] = {"valid_from": valid_from or None, "expired": expired}
        finally:
            connection.close()
    return found


def _notes(lines: list[str]) -> list[str]:
    notes = []
    for line in lines[1:]:
        if line.strip() == INFO_END:
            break
        if line.strip():
            notes.append(line.strip().strip("（）()　 "))
    return notes


def _note_date(note: str) -> str | None:
    match = _NOTE_DATE.match(note)
    return f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}" if match else None


def _first_note_date(notes: list[str]) -> str | None:
    return next((d for d in map(_note_date, notes) if d), None)


def _effective(notes: list[str]) -> str | None:
    """The date of a note that says the version took effect (2017年8月1日 施行)."""
    return next((_note_date(n) for n in notes if n.rstrip().endswith(("施行", "起施行")) and _note_date(n)), None)


def _doc_number(notes: list[str], date: str | None) -> str | None:
    """The 令 number the version was promulgated with: of a note of the version's date (a number
    inside a 决定 amending many documents is the decision's, not the document's)."""
    for note in notes:
        if "决定》" not in note and (date is None or _note_date(note) == date):
            if match := _ORDER.search(_after_date(note)):
                return normalize_doc_number(match.group(0))
    return None


def _promulgation_numbers(notes: list[str]) -> list[str]:
    """The 令 numbers of the document's 公布/发布 notes: what lists cite it by, whatever version."""
    return [normalize_doc_number(match.group(0)) for note in notes
            if any(word in note for word in _PROMULGATED) and "决定》" not in note
            and (match := _ORDER.search(_after_date(note)))]


def _after_date(note: str) -> str:
    match = _NOTE_DATE.match(note)
    return note[match.end():].strip() if match else note


def _issuer(notes: list[str], level: str, relative: str) -> str | None:
    """Who enacted the document, as the first note says (the congress's standing committee, the
    Supreme People's Court …); the folder's ministry for 部门规章; 国务院 for 行政法规."""
    if level == "部门规章":
        parts = relative.split("/")
        return parts[1] if len(parts) > 2 else None
    for note in notes:
        if match := _CONGRESS.search(note):
            place = match.group(1) if not match.group(2) else "全国"
            place = re.sub(r"^.*?(?=[\u4e00-\u9fff]{2,}(?:省|市|自治区|自治州|县|区)$)", "", place)
            return f"{place}人民代表大会{match.group(3) or ''}"
        if match := _JUDICIAL.search(note):
            return match.group(1)
    return DEFAULT_ISSUER.get(level)


def _project_text(title: str, lines: list[str]) -> str:
    """The text as data/statutes/texts/*.md are written: the title line, the notes, then the body
    with markdown heading marks removed; the INFO END marker dropped, and so are headings that
    are not a numbered 章 or 节 (第一编 …, an unnumbered section name): the text format has no
    place for them, and they would read as text outside any article."""
    body = [f"# {title}", ""]
    after_heading = False
    for line in lines[1:]:
        stripped = line.strip()
        if stripped == INFO_END or not stripped:
            continue
        if _HEADING.match(stripped):
            stripped = _HEADING.sub("", stripped)
            if not _NUMBERED_HEADING.match(stripped):
                continue
            after_heading = True
        elif after_heading and _UNMARKED_HEADING.match(stripped):
            continue                    # a section name that lost its marks (工业水污染防治)
        else:
            after_heading = False
        body += [stripped, ""]
    return "\n".join(body).rstrip() + "\n"


def _aliases(document: _Document) -> list[str]:
    """The file's short name(s) and, for local documents, the title with the province's name
    with and without 省/市 and (for a city's document) with the province before the city."""
    aliases = set(document.short_names)
    if document.region:
        province, bare = document.region, PROVINCES.get(document.region, document.region)
        for name in [document.title, *document.short_names]:
            if name.startswith(province):
                aliases.add(bare + name[len(province):])
            elif name.startswith(bare) and not name.startswith(province):
                aliases.add(province + name[len(bare):])
            elif match := _PLACE_SUFFIX.match(name):        # 南阳市… → 河南省南阳市…
                aliases.add(province + name)
                if match.group(2) == "市":
                    aliases.add(match.group(1) + name[len(match.group(0)):])
    aliases.discard(document.title)
    return sorted(aliases)


def _registry_ids(registry_file: Path | None) -> dict[str, str]:
    """Normalized title or alias of each hand-made entry → its id."""
    if registry_file is None or not registry_file.is_file():
        return {}
    data = yaml.safe_load(registry_file.read_text(encoding="utf-8")) or {}
    ids: dict[str, str] = {}
    for entry in data.get("statutes") or []:
        for name in [entry["title"], *(entry.get("aliases") or [])]:
            ids.setdefault(normalize_title(name), str(entry["id"]))
    return ids


def _records(documents: dict[tuple[str, str], _Document], registry_ids: dict[str, str]
             ) -> tuple[list[dict], dict[int, dict[str, str]]]:
    order = list(LEVEL_OF_FOLDER.values())
    records: list[dict] = []
    shards: dict[int, dict[str, str]] = {}
    for (level, key), document in sorted(documents.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
        title = document.title
        digest = hashlib.sha1(f"{level}|{title}".encode()).hexdigest()[:10]
        statute_id = registry_ids.get(key) or f"{ID_PREFIX[level]}-{digest}"
        aliases = _aliases(document)
        versions = sorted(document.versions, key=lambda v: (v.date or "", v.source))
        shard = zlib.crc32(statute_id.encode("utf-8")) % SHARDS
        version_records = []
        for position, version in enumerate(versions):
            latest = position == len(versions) - 1
            status = ("现行有效" if not version.expired else None) if latest else "已修改"
            record = {"date": version.date, "effective": version.effective, "status": status,
                      "doc_number": version.doc_number}          # source file and sha256: in the manifest
            if latest and version.expired:
                record["note"] = "数据源标注为失效：未核实是已废止还是被此处未收录的新版本取代"
            if version.text is not None and sum(v.text is not None for v in versions) > 1:
                record["digests"] = ",".join(version.digests)      # which articles differ, unread
            if version.text is not None:
                text_key = f"{statute_id}@{version.date or position}"
                shards.setdefault(shard, {})[text_key] = version.text
                record["text"] = f"texts-{shard:03d}:{text_key}"
            version_records.append({k: v for k, v in record.items() if v is not None})
        names = sorted({key, *(normalize_title(a) for a in aliases)})
        records.append({k: v for k, v in {
            "id": statute_id, "title": title, "clean": clean_title(title), "names": names,
            "aliases": aliases, "doc_numbers": sorted(document.doc_numbers), "level": level,
            "issuer": document.issuer, "region": document.region,
            "versions": version_records}.items() if v})
    return records, shards


def _manifest(records: list[dict], skipped: list[dict], unparsed: list[dict], files: dict[str, str]) -> dict:
    levels: dict[str, int] = {}
    for record in records:
        levels[record["level"]] = levels.get(record["level"], 0) + 1
    return {
        "description": "Compact statute corpus converted by kg/statutes/convert.py "
                       "(scripts/convert_statutes.py) from a snapshot of the national law database's texts.",
        "source": {"name": SOURCE_NAME, "url": SOURCE_URL, "commit": SOURCE_COMMIT, "date": SOURCE_DATE,
                   "rights": "Chinese laws, regulations and official documents are not protected by "
                             "copyright (著作权法 第五条); the source's maintainer states the content may be reused."},
        "normalization": [
            "title line, notes and body kept as printed; markdown heading marks (##) and the "
            "<!-- INFO END --> marker removed; blank lines between paragraphs; headings other than "
            "第X章 / 第X节 (第X编, unnumbered section names, also a short unpunctuated line right "
            "after a chapter heading) left out",
            "status: latest version 现行有效, earlier ones 已修改; a latest version the source marks "
            "expired gets no status (not verified) and a note",
        ],
        "counts": {"documents": len(records), "versions": sum(len(r["versions"]) for r in records),
                   "texts": sum(1 for r in records for v in r["versions"] if "text" in v), "by_level": levels},
        "skipped": skipped,
        "unparsed": unparsed,
        "files": dict(sorted(files.items())),
    }
