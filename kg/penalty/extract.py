"""Sanctions from article text: the scan (clauses.py) finds the phrases, the grammar
(quantities.py) reads their ranges, targets.py says on whom, and the 的-clauses before them
give the condition.

How a text is read (Chinese statute sentences, e.g. 社会保险法第八十四条):
- the clauses of a paragraph before its first sanction state the conduct (违法行为), up to
  the first ；or 。 (later segments only when they go on with 或者…); a party at their start
  (用人单位不办理…的) is the violator, the default target of every sanction;
- after that, a clause ending in 的 is a condition (逾期不改正的) for the sanctions that follow
  it up to the next ；or 。; a party at its start (直接负责的…人员有执业资格的; 属于参保人员的)
  becomes their target;
- a party right before a sanction (对用人单位处…; 责令定点医药机构暂停…; 其法定代表人…5年内禁止…)
  is that sanction's target; a subject party (no 对/责令) also carries to the rest of the segment.
A party naming several roles (社会保险经办机构以及…社会保险服务机构) gives one sanction per role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kg.penalty.clauses import Clause, Phrase, clauses, phrase_prefix, phrases
from kg.penalty.numbers import ascii_digits
from kg.penalty.quantities import Measure, find_quantity, parse_measure
from kg.penalty.records import Sanction
from kg.penalty.targets import leading_party, roles

OBJECT_TARGET_KINDS = {"interview"}        # 约谈有关负责人: the party follows the verb
QUANTITY_KINDS = {"suspension", "ban", "late-fee"}
BELONGS_TO = re.compile(r"^(?:属于|是)")
# A segment that goes on describing the conduct (…的；或者使用他人医疗保障凭证…的；)
CONTINUATION = re.compile(r"^(?:或者|或|以及|及|和)")


class _Paragraph(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def text(self) -> str: ...


class _Article(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def paragraphs(self) -> Sequence[_Paragraph]: ...


@dataclass
class _Party:
    text: str
    roles: list[str]


@dataclass
class _Reader:
    """State carried through one article: the violator, and the current segment's context."""

    violator: _Party | None = None
    in_conduct: bool = True
    condition: str | None = None
    condition_open: bool = False            # the previous clause was a condition too
    segment_party: _Party | None = None
    sanctions: list[Sanction] = field(default_factory=list)

    def read(self, text: str, paragraph: int | None, offset: int = 0) -> None:
        """Read `text`; spans are offsets into it, shifted by `offset`."""
        conduct_ended = False
        for clause in clauses(ascii_digits(text)):
            if clause.starts_paragraph:
                self.in_conduct, conduct_ended = True, False
                self._end_segment()
            elif conduct_ended and not CONTINUATION.match(clause.text):
                self.in_conduct = False        # 挪用…的，追回…；有违法所得的 ← a condition
            self._read_clause(clause, text, paragraph, offset)
            if clause.ends_segment:
                self._end_segment()
            conduct_ended = clause.ends_segment and self.in_conduct

    def _end_segment(self) -> None:
        self.condition, self.condition_open, self.segment_party = None, False, None

    def _read_clause(self, clause: Clause, original: str, paragraph: int | None,
                     offset: int) -> None:
        found = phrases(clause.text)
        if not found:
            self._read_plain_clause(clause.text)
            return
        self.in_conduct = False
        self.condition_open = False
        previous_end = 0
        clause_party = None                      # 对单位处警告并处罚款: 对单位 reaches both
        for phrase in found:
            prefix, prefix_start = phrase_prefix(clause.text[:phrase.start], previous_end)
            target = self._target(phrase, prefix, clause.text, clause_party)
            if prefix.startswith("对"):
                clause_party = target
            start = clause.start + prefix_start
            end = clause.start + phrase.end
            self._add(phrase, original[start:end], (offset + start, offset + end), target,
                      clause.text, paragraph)
            previous_end = phrase.end

    def _read_plain_clause(self, text: str) -> None:
        party_text = leading_party(text)
        if self.in_conduct:
            if party_text:
                self.violator = _Party(party_text, roles(party_text))
            return
        if not text.endswith("的"):
            return
        condition = text
        belongs = BELONGS_TO.match(text)           # 属于参保人员的: the whole clause is the condition
        party_text = leading_party(text[belongs.end():] if belongs else text)
        if party_text:
            self.segment_party = _Party(party_text, roles(party_text))
            if not belongs:                        # 直接负责的…人员有执业资格的 → 有执业资格的
                condition = text[len(party_text):] or text
        self.condition = f"{self.condition}，{condition}" if self.condition_open else condition
        self.condition_open = True

    def _target(self, phrase: Phrase, prefix: str, clause: str,
                clause_party: _Party | None) -> _Party | None:
        if phrase.kind in OBJECT_TARGET_KINDS:
            party_text = leading_party(clause[phrase.trigger_end:phrase.end])
            if party_text:
                return _Party(party_text, roles(party_text))
        addressed = re.match(r"^(对|责令)", prefix)
        party_text = leading_party(prefix[addressed.end():] if addressed else prefix)
        if party_text:
            party = _Party(party_text, roles(party_text))
            if not addressed:
                self.segment_party = party
            return party
        return clause_party or self.segment_party or self.violator

    def _add(self, phrase: Phrase, words: str, span: tuple[int, int], target: _Party | None,
             clause: str, paragraph: int | None) -> None:
        measure = _measure(phrase, clause)
        kind = "fine-multiple" if phrase.kind == "fine" and measure and measure.unit == "multiple" \
            else phrase.kind
        for role in (target.roles if target and target.roles else [None]):
            self.sanctions.append(Sanction(
                kind=kind, text=words, span=span,
                minimum=measure.minimum if measure else None,
                maximum=measure.maximum if measure else None,
                unit=measure.unit if measure else None,
                base=measure.base if measure else None,
                target=role, target_text=target.text if target else None,
                condition=self.condition, paragraph=paragraph))


def _measure(phrase: Phrase, clause: str) -> Measure | None:
    if phrase.measure is not None and phrase.kind == "fine":
        words = phrase.measure.strip()
        return (parse_measure(words) or find_quantity(words)) if words else None
    if phrase.kind in QUANTITY_KINDS:
        return find_quantity(clause[phrase.start:phrase.end])
    return None


def extract_sanctions(text: str, paragraph: int | None = None) -> list[Sanction]:
    """Every sanction `text` states (an article, a paragraph, or a list's quote of one).

    Spans are offsets into `text`; `paragraph` (款) is recorded on each sanction. Never raises
    on odd text: what cannot be read is left out, a range that cannot be parsed is left open.
    """
    reader = _Reader()
    reader.read(text, paragraph)
    return reader.sanctions


def sanctions_of_article(article: _Article) -> list[Sanction]:
    """The sanctions of a registry article, paragraph by paragraph (款 numbered from 1).

    Spans are offsets into the article's text (its paragraphs joined by newlines); the
    violator named in an earlier paragraph carries to later ones (前款规定…).
    """
    reader = _Reader()
    if not article.paragraphs:
        reader.read(article.text, None)
    offset = 0
    for paragraph in article.paragraphs:
        reader.read(paragraph.text, paragraph.number, offset)
        offset += len(paragraph.text) + 1
    return reader.sanctions

