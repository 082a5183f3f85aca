"""Amendment spec files: a 修改决定 as data (YAML, or Turtle in the vocabulary of triples.py).

YAML form (see data/amendments/)::

    statute: 中华人民共和国社会保险法          # as users write it; resolved via the registry
    title: 全国人民代表大会常务委员会关于修改《中华人民共和国社会保险法》的决定
    from: 2010-10-28                          # version amended (date or version id)
    to: 2018-12-29                            # version produced
    date_document: 2018-12-29                 # adopted
    in_force: 2018-12-29                      # took effect
    articles: 98                              # old article count, when the registry has no text
    changes:                                  # only what the decision changes
      - {old: 64, change: modified}
      - {old: 21, change: repealed}
      - {new: 25, change: inserted}
      - {old: 37, new: [55, 56], change: modified}   # split

Articles the spec does not list are unchanged; when articles are inserted or repealed, the
unlisted ones are renumbered in order (条文顺序作相应调整).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import yaml
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.errors import InputError
from kg.graph.vocabulary import ELI, KG
from kg.impact.align import change_kind, version_date
from kg.impact.records import CHANGE_KINDS, INSERTED, RENUMBERED, REPEALED, UNCHANGED, Amendment, ArticleChange
from kg.impact.triples import KIND_BY_CONCEPT
from kg.statutes.records import Statute, StatuteVersion

FindStatute = Callable[[str], Statute]   # title as written → registry entry, InputError if unknown


def read_spec(path: Path, find_statute: FindStatute) -> Amendment:
    """The amendment a spec file describes (.yaml/.yml or .ttl); InputError naming file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read the amendment spec: {error}") from None
    if path.suffix.lower() in (".ttl", ".turtle"):
        return _from_turtle(path, text, find_statute)
    return _from_yaml(path, text, find_statute)


# ---------------------------------------------------------------------------------------- YAML

def _from_yaml(path: Path, text: str, find_statute: FindStatute) -> Amendment:
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, f"not valid YAML: {getattr(error, 'problem', error)}",
                         mark.line + 1 if mark else None) from None
    if not isinstance(root, yaml.MappingNode):
        raise InputError(path, "expected a mapping with statute, from, to and changes", 1)
    fields = _mapping(path, root)
    for required in ("statute", "from", "to"):
        if required not in fields:
            raise InputError(path, f"missing '{required}'", root.start_mark.line + 1)
    statute = find_statute(_scalar(path, fields["statute"]))
    old = _version(path, statute, fields["from"])
    new = _version(path, statute, fields["to"])
    declared_count = _number(path, fields["articles"]) if "articles" in fields else None
    listed = _yaml_changes(path, fields.get("changes"))
    changes = _completed(path, statute, old, new, listed, declared_count)
    return Amendment(statute.id, statute.title, version_date(old), version_date(new), changes,
                     title=_optional(path, fields, "title"),
                     date_document=_optional(path, fields, "date_document") or new.date,
                     in_force=_optional(path, fields, "in_force") or new.effective,
                     source=str(path))


def _mapping(path: Path, node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {_scalar(path, key): value for key, value in node.value}


def _scalar(path: Path, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise InputError(path, "expected a single value", node.start_mark.line + 1)
    return str(node.value).strip()


def _optional(path: Path, fields: dict[str, yaml.Node], key: str) -> str | None:
    return _scalar(path, fields[key]) if key in fields else None


def _number(path: Path, node: yaml.Node) -> int:
    value = _scalar(path, node)
    if not value.isdigit() or int(value) == 0:
        raise InputError(path, f"expected an article number, got '{value}'", node.start_mark.line + 1)
    return int(value)


def _numbers(path: Path, node: yaml.Node) -> tuple[int, ...]:
    if isinstance(node, yaml.SequenceNode):
        return tuple(_number(path, element) for element in node.value)
    return (_number(path, node),)


def _version(path: Path, statute: Statute, node: yaml.Node) -> StatuteVersion:
    wanted = _scalar(path, node)
    version = statute.version(wanted)
    if version is None:
        known = ", ".join(v.date or "undated" for v in statute.versions) or "none"
        raise InputError(path, f"{statute.title} has no version '{wanted}' in the registry "
                               f"(known: {known})", node.start_mark.line + 1)
    return version


def _yaml_changes(path: Path, node: yaml.Node | None) -> list[tuple[ArticleChange, int]]:
    """The listed changes with the line of each (kind as given, numbers not yet completed)."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise InputError(path, "'changes' must be a list", node.start_mark.line + 1)
    listed = []
    for entry in node.value:
        line = entry.start_mark.line + 1
        if not isinstance(entry, yaml.MappingNode):
            raise InputError(path, "each change needs old/new and change", line)
        fields = _mapping(path, entry)
        kind = _scalar(path, fields["change"]) if "change" in fields else None
        if kind not in CHANGE_KINDS:
            raise InputError(path, f"change must be one of {', '.join(CHANGE_KINDS)}, got '{kind}'", line)
        old = _number(path, fields["old"]) if "old" in fields else None
        new = _numbers(path, fields["new"]) if "new" in fields else ()
        listed.append((ArticleChange(old, new, kind), line))
    return listed


# ---------------------------------------------------------------------------------------- Turtle

def _from_turtle(path: Path, text: str, find_statute: FindStatute) -> Amendment:
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as error:   # rdflib raises parser-specific exception types
        raise InputError(path, f"not valid Turtle: {error}") from None
    amendments = list(graph.subjects(RDF.type, KG.Amendment))
    if len(amendments) != 1:
        raise InputError(path, f"expected one kg:Amendment, found {len(amendments)}")
    node = amendments[0]
    statute_node = graph.value(node, ELI.changes)
    old_node, new_node = graph.value(node, KG.fromVersion), graph.value(node, KG.toVersion)
    if statute_node is None or old_node is None or new_node is None:
        raise InputError(path, "the kg:Amendment needs eli:changes, kg:fromVersion and kg:toVersion")
    statute = find_statute(_title_of(graph, statute_node))
    old, new = (_turtle_version(path, graph, statute, v) for v in (old_node, new_node))
    listed = []
    for change in graph.objects(node, KG.articleChange):
        kind = _kind_of(graph, graph.value(change, KG.changeKind))
        if kind not in CHANGE_KINDS:
            raise InputError(path, f"{change}: kg:changeKind must be one of {', '.join(CHANGE_KINDS)}")
        old_number = graph.value(change, KG.oldNumber)
        new_numbers = tuple(sorted(int(str(n)) for n in graph.objects(change, KG.newNumber)))
        listed.append((ArticleChange(int(str(old_number)) if old_number is not None else None,
                                     new_numbers, kind), None))
    listed.sort(key=lambda pair: (pair[0].old or 0, pair[0].new))
    changes = _completed(path, statute, old, new, listed, None)
    return Amendment(statute.id, statute.title, version_date(old), version_date(new), changes,
                     title=_literal(graph, node, ELI.title),
                     date_document=_literal(graph, node, ELI.date_document) or new.date,
                     in_force=_literal(graph, node, ELI.first_date_entry_in_force) or new.effective,
                     source=str(path))


def _literal(graph: Graph, node, predicate) -> str | None:
    value = graph.value(node, predicate)
    return str(value) if value is not None else None


def _title_of(graph: Graph, node) -> str:
    """A statute's title as the file gives it, else the last segment of its IRI (the registry id)."""
    for predicate in (ELI.title, DCTERMS.title, RDFS.label, SKOS.prefLabel):
        title = graph.value(node, predicate)
        if title is not None:
            return str(title)
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _turtle_version(path: Path, graph: Graph, statute: Statute, node) -> StatuteVersion:
    """A version by its eli:date_document in the file, else by its IRI, which ends in the date."""
    date = graph.value(node, ELI.date_document)
    wanted = str(date) if date is not None else str(node).rstrip("/").rsplit("/", 1)[-1]
    version = statute.version(wanted)
    if version is None:
        raise InputError(path, f"{statute.title} has no version '{wanted}' in the registry")
    return version


def _kind_of(graph: Graph, concept) -> str | None:
    if concept is None:
        return None
    notation = graph.value(concept, SKOS.notation)
    if notation is not None:
        return str(notation)
    return KIND_BY_CONCEPT.get(URIRef(concept))


# ---------------------------------------------------------------------------------------- both

def _completed(path: Path, statute: Statute, old: StatuteVersion, new: StatuteVersion,
               listed: Sequence[tuple[ArticleChange, int | None]], declared_count: int | None
               ) -> list[ArticleChange]:
    """All changes, one per old article: the listed ones, and the unlisted ones renumbered in order."""
    old_numbers = sorted(old.articles) or list(range(1, (declared_count or 0) + 1))
    if not old_numbers:
        raise InputError(path, f"the registry has no text of {statute.title} {old.date}: "
                               "give the old article count as 'articles'")
    by_old: dict[int, tuple[ArticleChange, int | None]] = {}
    inserted: list[ArticleChange] = []
    for change, line in listed:
        if change.kind == INSERTED:
            if change.old is not None or len(change.new) != 1:
                raise InputError(path, "an inserted article has one 'new' number and no 'old'", line)
            inserted.append(change)
            continue
        if change.old is None:
            raise InputError(path, f"a '{change.kind}' change needs the 'old' article number", line)
        if change.old not in old_numbers:
            raise InputError(path, f"{statute.title} {old.date} has no 第{change.old}条", line)
        if change.kind == REPEALED and change.new:
            raise InputError(path, "a repealed article has no 'new' number", line)
        if change.old in by_old:
            raise InputError(path, f"第{change.old}条 is listed twice", line)
        by_old[change.old] = (change, line)

    taken = {n for change, _ in by_old.values() for n in change.new} | {c.new[0] for c in inserted}
    free = (n for n in range(1, len(old_numbers) + len(taken) + 1) if n not in taken)
    changes = []
    for number in old_numbers:
        change, line = by_old.get(number, (ArticleChange(number, (), UNCHANGED), None))
        if change.kind == REPEALED:
            changes.append(change)
            continue
        new_numbers = change.new or (next(free),)
        if new.articles and not set(new_numbers) <= set(new.articles):
            raise InputError(path, f"第{number}条 would become 第{'、'.join(map(str, new_numbers))}条, "
                                   f"but {statute.title} {new.date} has {len(new.articles)} articles", line)
        same_text = change.kind in (UNCHANGED, RENUMBERED)
        changes.append(ArticleChange(number, new_numbers, change_kind(number, new_numbers, same_text)))
    produced = {n for change in changes for n in change.new} | {c.new[0] for c in inserted}
    if new.articles and produced != set(new.articles):
        raise InputError(path, f"the spec yields {len(produced)} articles but {statute.title} {new.date} "
                               f"has {len(new.articles)}: list every inserted, repealed or split article")
    return [_with_merges(change, changes) for change in changes] + inserted


def _with_merges(change: ArticleChange, changes: list[ArticleChange]) -> ArticleChange:
    """The change with the other old articles that went into the same new article (合并)."""
    partners = tuple(other.old for other in changes
                     if other.old is not None and other.old != change.old and set(other.new) & set(change.new))
    return replace(change, merged_with=partners) if partners else change
