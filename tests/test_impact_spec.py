"""Amendment spec files (YAML, Turtle): what they say, what they derive, how they fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.graph.iris import Iris
from kg.impact.align import amendment_by_alignment
from kg.impact.records import INSERTED, MODIFIED, RENUMBERED, RENUMBERED_MODIFIED, REPEALED, UNCHANGED
from kg.impact.spec import read_spec
from kg.impact.triples import amendment_triples
from kg.paths import DATA
from kg.statutes import load_registry


def find_statute(written: str):
    registry = load_registry()
    found = registry.get(written) or registry.get(registry.resolve(written).statute_id or "")
    if found is None:
        raise InputError(written, "unknown statute")
    return found


def _changes(amendment):
    return [(c.old, c.new, c.kind, c.merged_with) for c in amendment.changes]


@pytest.mark.parametrize("spec, versions", [
    ("中华人民共和国社会保险法-2018-12-29.yaml", ("2010", "2018")),
    ("中华人民共和国劳动法-2018-12-29.yaml", ("2009", "2018")),
])
def test_real_amendment_specs_agree_with_the_computed_alignment(spec, versions):
    amendment = read_spec(DATA / "amendments" / spec, find_statute)
    statute = find_statute(amendment.statute_id)
    computed = amendment_by_alignment(statute, *(statute.version(v) for v in versions))
    assert _changes(amendment) == _changes(computed)
    assert amendment.title.startswith("全国人民代表大会常务委员会关于修改")
    assert amendment.in_force == "2018-12-29"


def _write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unlisted_articles_are_renumbered_around_insertions_and_repeals(tmp_path):
    # a 修改决定 of a regulation whose texts the registry lacks: the old article count is given
    (tmp_path / "registry.yaml").write_text("""\
statutes:
- id: sample-regulation
  title: 示例管理条例
  level: 行政法规
  versions:
  - {date: '2000-01-01', status: 已修改}
  - {date: '2010-01-01', status: 现行有效}
""", encoding="utf-8")
    registry = load_registry(tmp_path)
    spec = _write(tmp_path, """\
statute: 示例管理条例
from: 2000
to: 2010-01-01
articles: 20
changes:
  - {old: 3, change: repealed}
  - {new: 5, change: inserted}
  - {old: 8, change: modified}
  - {old: 10, new: [10, 11], change: modified}
""")
    amendment = read_spec(spec, lambda written: registry.get(registry.resolve(written).statute_id))
    moves = {c.old: (c.new, c.kind) for c in amendment.changes if c.old is not None}
    assert moves[1] == ((1,), UNCHANGED)
    assert moves[3] == ((), REPEALED)
    assert moves[4] == ((3,), RENUMBERED)        # pulled up by the repeal
    assert moves[6] == ((6,), UNCHANGED)         # repeal and insertion balance out
    assert moves[8] == ((8,), MODIFIED)
    assert moves[10] == ((10, 11), MODIFIED)     # split
    assert moves[11] == ((12,), RENUMBERED)      # pushed down by the split
    assert moves[20] == ((21,), RENUMBERED)
    assert [c.new for c in amendment.changes if c.kind == INSERTED] == [(5,)]


def test_a_spec_must_account_for_every_article_of_a_new_text(tmp_path):
    spec = _write(tmp_path, "statute: 行政处罚法\nfrom: 2017\nto: 2021\nchanges:\n  - {old: 18, new: 20, change: modifi"
                            "ed}\n")
    with pytest.raises(InputError, match=r"yields 64 articles but .* has 86"):
        read_spec(spec, find_statute)


@pytest.mark.parametrize("text, reason, line", [
    ("statute: 社会保险法\nfrom: 2010\nto: 2018\nchanges:\n  - {old: 64, change: rewritten"
     "}\n", "change must be one of", 5),
    ("statute: 社会保险法\nfrom: 2010\nto: 2018\nchanges:\n  - {old: 64, change: modified}\n  - {old: 200, change: modi"
     "fied}\n", "has no 第200条", 6),
    ("statute: 社会保险法\nfrom: 2010\nto: 2018\nchanges:\n  - {old: 64, change: modified}\n  - {old: 64, change: repea"
     "led}\n", "listed twice", 6),
    ("statute: 社会保险法\nfrom: 2010\nto: 2030\n", "no version '2030'", 3),
    ("statute: 社会保险法\nfrom: 2010\nto: 2018\nchanges:\n  - {new: 99, old: 3, change: inserted"
     "}\n", "inserted article", 5),
    ("statute: 社会保险法\nfrom: 2010\n", "missing 'to'", 1),
    ("statute: 社会保险法\nfrom: [2010\n", "not valid YAML", 3),
    ("- just a list\n", "expected a mapping", 1),
])
def test_bad_specs_name_file_line_and_reason(tmp_path, text, reason, line):
    with pytest.raises(InputError, match=reason) as raised:
        read_spec(_write(tmp_path, text), find_statute)
    assert raised.value.line == line and raised.value.path.endswith("spec.yaml")


def test_unknown_statute_in_a_spec_is_a_user_error(tmp_path):
    with pytest.raises(InputError, match="unknown statute"):
        read_spec(_write(tmp_path, "statute: 不存在的条例\nfrom: 2010\nto: 2018\n"), find_statute)


def test_turtle_spec_round_trips_a_computed_revision(tmp_path):
    statute = find_statute("administrative-penalty-law")
    computed = amendment_by_alignment(statute, statute.version("2017"), statute.version("2021"))
    path = tmp_path / "revision.ttl"
    amendment_triples(computed, Iris()).serialize(path, format="turtle")
    read = read_spec(path, find_statute)
    assert _changes(read) == _changes(computed)
    assert read.change_of(18).new == (20,) and read.change_of(18).kind == RENUMBERED_MODIFIED
    assert read.change_of(52).merged_with == (44,)


def test_broken_turtle_is_a_user_error(tmp_path):
    with pytest.raises(InputError, match="not valid Turtle"):
        read_spec(_write(tmp_path, "<a> <b> .", "bad.ttl"), find_statute)
    with pytest.raises(InputError, match="expected one kg:Amendment"):
        read_spec(_write(tmp_path, "<urn:a> <urn:b> <urn:c> .", "empty.ttl"), find_statute)
