"""The cheap scan: split an article text into paragraphs, segments (；) and clauses (，), and
find the sanction phrases in a clause by their trigger words (处…罚款, 责令, 暂停, 吊销 …)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.penalty.records import SanctionKind

_NUMERAL = r"[\d零〇一二两三四五六七八九十百千万]"

# Trigger of each kind of sanction, earlier kinds winning where two overlap; `measure` is the
# part the grammar reads. Repeats are bounded so that a long clause costs linear time.
_TRIGGER_PATTERNS: tuple[tuple[SanctionKind, str], ...] = (
    ("warning", r"(?:给予|处以?)?警告"),
    # 处…罚款, also right after a warning: 处警告或者二百元以下的罚款
    ("fine", r"(?:处(?![分理方置])以?|(?<=警告或者)|(?<=警告、)|(?<=警告并处)|(?<=警告并))"
             r"(?P<measure>(?:(?!警告)[^，；。：]){0,60}?)(?:的)?罚款"),
    ("late-fee", r"加收(?P<measure>[^，；。：]{0,30}?)(?:的)?滞纳金"),
    ("disciplinary", r"给予[^，；。：]{0,12}?处分"),
    ("confiscation", r"没收"),
    ("suspension", r"暂停|中止|停产停业|责令停业"),
    ("agreement-termination", r"解除[^，；。：]{0,12}?协议"),
    ("revocation", r"吊销|(?:撤销|取消)[^，；。：]{0,12}?资格"),
    ("ban", rf"(?:{_NUMERAL}{{1,8}}年(?:以内|内)?(?:直至终身)?|终身)(?:禁止|不得)(?:从事|担任|参与|申请)"),
    ("interview", r"约谈"),
    ("order", r"责令(?![^，；。：]*?(?:暂停|中止|停产|停业))"),
)
TRIGGERS = tuple((kind, re.compile(pattern)) for kind, pattern in _TRIGGER_PATTERNS)

# Any trigger at all: one search that lets most clauses (conduct, duties) through untouched.
ANY_TRIGGER = re.compile("|".join(f"(?:{trigger.pattern})" for _, trigger in TRIGGERS)
                         .replace("(?P<measure>", "(?:"))

ITEM_MARKER = re.compile(rf"^\s*[（(]{_NUMERAL}+[)）]")   # （一）: a 项 lists conduct, not sanctions
ARTICLE_HEADING = re.compile(rf"^\s*[“\"]?(?:第{_NUMERAL}+条(?:之{_NUMERAL}+)?[\s：:]*[“\"]?)?")
# Who decides (由社会保险行政部门): not a party of the sanction, skipped.
AUTHORITY = re.compile(r"由[^，；。：]*?(?:部门|机构|机关)(?:依法)?")
CONNECTIVES = re.compile(r"^(?:并|可以|可|还|应当|同时|直至|依法|另|再|或者|、)+")
TRAILING_JOINERS = re.compile(r"(?:并|、|或者|和|及|，)+$")


@dataclass(frozen=True)
class Clause:
    """A stretch between ，/；/。 with its offset in the analysed text."""

    text: str
    start: int
    ends_segment: bool       # followed by ；, 。 or ： (a condition does not reach past it)
    starts_paragraph: bool


@dataclass(frozen=True)
class Phrase:
    """One sanction phrase found in a clause."""

    kind: SanctionKind
    start: int               # offsets into the clause
    end: int
    trigger_end: int         # end of the trigger words (约谈 | 有关负责人)
    measure: str | None      # the words the grammar reads (fines, late fees)


def clauses(text: str) -> Iterator[Clause]:
    """The clauses of `text`, line by line. Skipped: an article heading (第X条) at a line start,
    and the 项 (（一）… up to its ；or 。, on lines of their own or run in, as quotes print
    them), which list conduct; the clause after a 项 list ending in 。 starts a new 款."""
    offset = 0
    for line in text.split("\n"):
        heading = ARTICLE_HEADING.match(line)
        position = heading.end() if heading else 0
        first, in_item = True, False
        for piece in re.finditer(r"[^，,；;。：:]+([，,；;。：:]?)", line[position:]):
            body = piece.group().rstrip("，,；;。：:")
            in_item = in_item or bool(ITEM_MARKER.match(body))
            if in_item:
                in_item = piece.group(1) not in ("；", ";", "。")
                first = first or piece.group(1) == "。"
                continue
            if body.strip():
                yield Clause(body, offset + position + piece.start(),
                             ends_segment=piece.group(1) not in ("，", ","),
                             starts_paragraph=first)
                first = False
        offset += len(line) + 1


def phrases(clause: str) -> list[Phrase]:
    """The sanction phrases of a clause, in order; each runs to the next trigger or the end."""
    if not ANY_TRIGGER.search(clause):
        return []
    found: list[tuple[int, int, SanctionKind, str | None]] = []
    for kind, trigger in TRIGGERS:
        for match in trigger.finditer(clause):
            if any(start < match.end() and match.start() < end for start, end, _, _ in found):
                continue
            measure = match.groupdict().get("measure")
            found.append((match.start(), match.end(), kind, measure))
    found.sort()
    result = []
    for index, (start, end, kind, measure) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(clause)
        stop = max(end, start + len(TRAILING_JOINERS.sub("", clause[start:stop])))
        result.append(Phrase(kind, start, stop, end, measure))
    return result


def phrase_prefix(clause: str, start: int) -> tuple[str, int]:
    """The words before a phrase (from `start`), without the deciding authority and connectives,
    with their offset: 由医疗保障行政部门责令 → 责令; 对用人单位 → 对用人单位."""
    text, offset = clause[start:], start
    authorities = list(AUTHORITY.finditer(text))
    if authorities:
        skipped = authorities[-1].end()
        text, offset = text[skipped:], offset + skipped
    connectives = CONNECTIVES.match(text)
    if connectives:
        text, offset = text[connectives.end():], offset + connectives.end()
    return text, offset
