"""Article-level alignment of two versions of a statute by text similarity (rapidfuzz).

Amendments renumber, rewrite, insert, delete, split and merge articles (条). The alignment says,
for every article of the old version, where its text went in the new version:

1. one-to-one matches by whole-text similarity, best pairs first, ties broken by position;
2. one-to-one matches of the leftovers that share a paragraph (款) — an article rewritten
   around one of its old paragraphs;
3. an article replaced in place: the only leftover between two matched neighbours on both sides;
4. splits: a leftover new article sharing a paragraph with a matched, rewritten old article is
   part of it; merges: a leftover old article sharing a paragraph with a matched, rewritten new
   article went into it (an article that reappears whole lost nothing and absorbed nothing);
5. what is left is repealed (old) or inserted (new).

Cross-references to other articles (本法第十八条) are masked before comparing, because a
renumbering rewrites them in otherwise unchanged articles; the change kinds use the real texts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise

from rapidfuzz import fuzz

from kg.impact.records import (
    INSERTED,
    MODIFIED,
    RENUMBERED,
    RENUMBERED_MODIFIED,
    REPEALED,
    UNCHANGED,
    Amendment,
    ArticleChange,
)
from kg.statutes.records import Statute, StatuteVersion

MATCH_THRESHOLD = 50.0        # fuzz.ratio (0–100) of whole masked texts for a one-to-one match
SHARED_THRESHOLD = 70.0       # paragraph containment (fuzz.partial_ratio) for a rewritten article
PIECE_THRESHOLD = 75.0        # paragraph containment for a split or merged article
REPLACED_THRESHOLD = 25.0     # fuzz.ratio for an article replaced in place
MIN_PIECE_CHARS = 20          # shorter paragraphs are too generic to prove containment

_CROSS_REFERENCE = re.compile(r"第[零〇一二三四五六七八九十百千0-9０-９]+([条款项])")
_WHITESPACE = re.compile(r"\s+")

Versions = Mapping[int, Sequence[str]]   # article number → paragraphs (款/项) in order


def normalized(paragraphs: Sequence[str]) -> str:
    """An article's text as compared: paragraphs joined, whitespace removed."""
    return _WHITESPACE.sub("", "".join(paragraphs))


def change_kind(old_number: int, new_numbers: Sequence[int], same_text: bool) -> str:
    """The kind of change of a provision that moved to `new_numbers` (empty: repealed)."""
    if not new_numbers:
        return REPEALED
    if same_text:
        return UNCHANGED if tuple(new_numbers) == (old_number,) else RENUMBERED
    return MODIFIED if old_number in new_numbers else RENUMBERED_MODIFIED


def align(old: Versions, new: Versions) -> list[ArticleChange]:
    """Align two versions of a statute, each given as {article number: paragraphs}: one change
    per old article, then one per inserted article."""
    return _Aligner(old, new).run()


class _Aligner:
    """The state of one alignment: texts compared, pairs found so far, rule by rule (see above)."""

    def __init__(self, old: Versions, new: Versions):
        self.old, self.new = old, new
        self.old_text = {n: normalized(p) for n, p in old.items()}
        self.new_text = {n: normalized(p) for n, p in new.items()}
        self.old_paragraphs = {n: [_masked(_WHITESPACE.sub("", p)) for p in ps] for n, ps in old.items()}
        self.new_paragraphs = {n: [_masked(_WHITESPACE.sub("", p)) for p in ps] for n, ps in new.items()}
        self.old_masked = {n: _masked(t) for n, t in self.old_text.items()}
        self.new_masked = {n: _masked(t) for n, t in self.new_text.items()}
        self._ratios: dict[tuple[int, int], float] = {}
        self.targets: dict[int, list[int]] = {}     # old number → new numbers
        self.taken: set[int] = set()                # new numbers already matched
        self.merged_into: dict[int, int] = {}       # old number → new number it went into

    def run(self) -> list[ArticleChange]:
        self._pair_identical()
        self._pair_greedily(self._leftover_scores(self._ratio), MATCH_THRESHOLD)
        self._attach_splits()
        self._pair_greedily(self._leftover_scores(self._shared), SHARED_THRESHOLD)
        self._pair_replaced_in_place()
        self._attach_merges()
        return self._changes()

    def _pair_identical(self) -> None:
        """Pair articles whose (masked) text occurs once in each version: most of any amendment,
        and what keeps the quadratic comparisons below to the articles that really changed."""
        old_counts = Counter(self.old_masked.values())
        new_counts = Counter(self.new_masked.values())
        new_by_text = {text: n for n, text in self.new_masked.items()}
        for o, text in self.old_masked.items():
            if old_counts[text] == 1 and new_counts[text] == 1:
                self._pair(o, new_by_text[text])

    def _leftover_scores(self, score) -> dict[tuple[int, int], float]:
        return {(o, n): score(o, n)
                for o in self.old if o not in self.targets
                for n in self.new if n not in self.taken}

    def _pair_greedily(self, scores: dict[tuple[int, int], float], threshold: float) -> None:
        candidates = [pair for pair, score in scores.items() if score >= threshold]
        for o, n in sorted(candidates, key=lambda pair: (-scores[pair], self._position_gap(*pair))):
            if o not in self.targets and n not in self.taken:
                self._pair(o, n)

    def _ratio(self, o: int, n: int) -> float:
        """fuzz.ratio (0–100) of the masked texts of old article `o` and new article `n`."""
        if (o, n) not in self._ratios:
            self._ratios[o, n] = fuzz.ratio(self.old_masked[o], self.new_masked[n])
        return self._ratios[o, n]

    def _pair(self, o: int, n: int) -> None:
        self.targets.setdefault(o, []).append(n)
        self.taken.add(n)

    def _pair_replaced_in_place(self) -> None:
        """Rule 3: between two consecutive matched pairs, one leftover on each side is one article
        rewritten in place (医疗机构管理条例 2016 第三十三条 → 2022 第三十二条)."""
        anchors = sorted((o, ns[0]) for o, ns in self.targets.items())
        bounds = [(0, 0), *anchors, (max(self.old, default=0) + 1, max(self.new, default=0) + 1)]
        old_left = [o for o in self.old if o not in self.targets]
        new_left = [n for n in self.new if n not in self.taken]
        for (old_low, new_low), (old_high, new_high) in pairwise(bounds):
            old_gap = [o for o in old_left if old_low < o < old_high]
            new_gap = [n for n in new_left if new_low < n < new_high]
            if len(old_gap) == len(new_gap) == 1 and self._ratio(old_gap[0], new_gap[0]) >= REPLACED_THRESHOLD:
                self._pair(old_gap[0], new_gap[0])

    def _attach_splits(self) -> None:
        """Rule 4a: a leftover new article holding a paragraph of a rewritten old one is part of it."""
        for n in self.new:
            if n in self.taken:
                continue
            pieces = [(self._shared(o, n), -self._position_gap(o, n), o)
                      for o, ns in self.targets.items() if not self._intact(o, ns[0])]
            best = max(pieces, default=None)
            if best is not None and best[0] >= PIECE_THRESHOLD:
                self._pair(best[2], n)

    def _attach_merges(self) -> None:
        """Rule 4b: a leftover old article whose paragraph a rewritten new article holds went into it."""
        for o in self.old:
            if o in self.targets:
                continue
            hosts = [(self._shared(o, n), -self._position_gap(o, n), n)
                     for partner, ns in self.targets.items() for n in ns if not self._intact(partner, n)]
            best = max(hosts, default=None)
            if best is not None and best[0] >= PIECE_THRESHOLD:
                self.merged_into[o] = best[2]

    def _changes(self) -> list[ArticleChange]:
        destination = {o: tuple(sorted(ns)) for o, ns in self.targets.items()}
        destination.update({o: (n,) for o, n in self.merged_into.items()})
        changes = []
        for o in self.old:
            new_numbers = destination.get(o, ())
            partners = tuple(other for other, ns in destination.items()
                             if other != o and set(ns) & set(new_numbers))
            same_text = (len(new_numbers) == 1 and not partners
                         and self.old_text[o] == self.new_text[new_numbers[0]])
            similarity = max((self._ratio(o, n) for n in new_numbers), default=0.0)
            changes.append(ArticleChange(o, new_numbers, change_kind(o, new_numbers, same_text),
                                         similarity, tuple(sorted(partners))))
        changes += [ArticleChange(None, (n,), INSERTED, 0.0) for n in self.new if n not in self.taken]
        return changes

    def _intact(self, o: int, n: int) -> bool:
        """Whether old article `o` reappears whole as new article `n` (cross-references aside):
        then nothing of it was split off, and nothing was merged into `n`."""
        return self.old_masked[o] == self.new_masked[n]

    def _shared(self, o: int, n: int) -> float:
        """How well the best pair of paragraphs of old `o` and new `n` contain one another (0–100)."""
        best = 0.0
        for a in self.old_paragraphs[o]:
            for b in self.new_paragraphs[n]:
                shorter, longer = sorted((a, b), key=len)
                if len(shorter) >= MIN_PIECE_CHARS:
                    best = max(best, fuzz.partial_ratio(shorter, longer))
        return best

    def _position_gap(self, o: int, n: int) -> float:
        return abs(o / max(len(self.old), 1) - n / max(len(self.new), 1))


def _masked(text: str) -> str:
    return _CROSS_REFERENCE.sub(r"第#\1", text)


def version_paragraphs(version: StatuteVersion) -> dict[int, list[str]]:
    """A registry version as {article number: paragraph texts}, the input of `align`."""
    return {number: [p.text for p in article.paragraphs] or [article.text]
            for number, article in version.articles.items()}


def amendment_by_alignment(statute: Statute, old: StatuteVersion, new: StatuteVersion) -> Amendment:
    """The amendment from `old` to `new` as computed from their texts."""
    changes = align(version_paragraphs(old), version_paragraphs(new))
    return Amendment(statute.id, statute.title, version_date(old), version_date(new), changes,
                     date_document=new.date, in_force=new.effective)


def version_date(version: StatuteVersion) -> str:
    """The ISO date of a version an amendment goes from or to (Statute.version finds dated ones only)."""
    if version.date is None:
        raise ValueError(f"{version.statute_id}: an undated version has no place in an amendment")
    return version.date
