"""Parse one citation head with the Lark LALR grammar (grammars/citation.lark), cached per text.

A head that names a document and ends in provisions (《社会保险法》第八十七条) is parsed as its two
parts, each cached: a corpus cites few documents and few provisions but many pairs of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import LarkError

from kg.cite.docnumbers import doc_number_in_parenthesis, normalize_doc_number
from kg.cite.lexicon import alternation, level_name, notice_endings, rule_endings, title_prefixes, title_suffix_openers
from kg.cite.numerals import to_int
from kg.cite.scan import TRAILING_LOCATOR
from kg.paths import GRAMMARS

# the words the grammar shares with the scanner, filled into grammars/citation.lark from the lexicon
_GRAMMAR_WORDS = {
    "@RULE_END@": rule_endings(),
    "@TITLE_END@": rule_endings() + notice_endings(),
    "@TITLE_PREFIX@": title_prefixes(),
    "@SUFFIX_OPENER@": title_suffix_openers(),
}
_SECTION_ITEM = re.compile(r"[（(]\s*([0-9０-９一二三四五六七八九十]+)\s*[）)]$")
_ANY_TITLE = re.compile(r"[《‹«〈]+([^《》‹›«»〈〉]+)")
MAX_RANGE = 200          # 第一条至第二百条 is the longest range a list plausibly cites
_LEVELS = ("chapter", "article", "paragraph", "item")     # from the top
_MARKS = {"chapter": "章", "article": "条", "paragraph": "款", "item": "项"}


@dataclass(frozen=True)
class Provision:
    """A place in a document: 第X章 第X条 第X款 第X项 (None where not printed)."""

    chapter: int | None = None     # 章
    article: int | None = None     # 条 (or a numbered section 一、 of a notice)
    paragraph: int | None = None   # 款
    item: int | None = None        # 项


@dataclass(frozen=True)
class Head:
    """What the grammar read from one citation head (before follow-on resolution)."""

    kind: str                              # titled, numbered, follow_on, self_reference, bare_title
    statute: str | None = None             # title without 《》, or the document number
    doc_number: str | None = None
    level: str | None = None               # 【法律】 → 法律
    provisions: tuple[Provision, ...] = ()
    whole_document: bool = False           # 全文, （全文）, or no provision at all
    section: bool = False                  # provisions are numbered sections (四：) of a notice
    annex: int | None = None               # 附件一
    warning: str | None = None             # why the head could not be fully read
    # where the title stands in the head text, and the notes after it (masked in the reading view:
    # the caller reads their document number from the printed text)
    title_span: tuple[int, int] | None = None
    notes: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Document:
    """（文号） and what follows it inside the head (a gap, an annex)."""

    number: str | None
    rest: tuple


@dataclass(frozen=True)
class _Annex:
    number: int | None       # 附件一
    whole: bool              # （全文）


@dataclass(frozen=True)
class _Section:
    number: int              # 四：“…” — a numbered part of a notice
    item: int | None = None  # 二、清理规范的内容 （一）


@dataclass(frozen=True)
class _Note:
    span: tuple[int, int] | None     # a masked note, in the head text (None: a short note kept)
    rest: tuple                      # what follows it inside the head (a gap, an annex)


class _Whole:
    """全文 / （全文）"""


class _BadNumber(ValueError):
    """A numeral the grammar accepted but that is not a number (十十), a range too wide, or
    provisions out of order (第二款第三条)."""


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = (GRAMMARS / "citation.lark").read_text(encoding="utf-8")
    for placeholder, words in _GRAMMAR_WORDS.items():
        grammar = grammar.replace(placeholder, alternation(words)[3:-1])
    return Lark(grammar, parser="lalr", lexer="contextual")


def _number(token: str) -> int:
    value = to_int(str(token).strip("（()） \t"))      # 八十八 · （五）
    if value is None:
        raise _BadNumber(f"not a number: {token}")
    return value


def _expand(first: int, last: int) -> list[int]:
    if not 0 <= last - first <= MAX_RANGE:
        raise _BadNumber(f"range {first}–{last}")
    return list(range(first, last + 1))


def _title_text(token: Token) -> str:
    """The statute as the gold files write it: the text inside the outermost marks. So
    X关于印发《Y》的通知 cites Y, but 《X关于印发〈Y〉的通知》 and 《…印发〈Y〉等26个部门“三定规定”的通知》
    keep their whole title (the statutes stage finds Y inside it when it looks the title up)."""
    return str(token).lstrip("《‹«〈“").rstrip("》›»〉”").strip()


def _title_span(token: Token) -> tuple[int, int]:
    """Where _title_text(token) stands in the head text."""
    text = str(token)
    start = len(text) - len(text.lstrip("《‹«〈“"))
    start += len(text[start:]) - len(text[start:].lstrip())
    inner = text.lstrip("《‹«〈“").rstrip("》›»〉”").strip()
    assert token.start_pos is not None                  # the parser keeps each token's position
    return token.start_pos + start, token.start_pos + start + len(inner)


class _HeadBuilder(Transformer):
    """Tree → Head. Lists and ranges are expanded here: one Provision per cited provision."""

    def numbers(self, children) -> list[int]:
        values = [_number(children[0])]
        index = 1
        while index < len(children):
            joint, value = children[index], _number(children[index + 1])
            values.extend(_expand(values[-1] + 1, value) if joint == "range" else [value])
            index += 2
        return values

    def list_joint(self, _):
        return "list"

    def range_joint(self, _):
        return "range"

    def chapter(self, children):
        return ("chapter", children[0])

    def article(self, children):
        return ("article", children[0])

    def paragraph(self, children):
        return ("paragraph", children[0])

    paren_numbers = numbers                            # 第（一）、（三）项

    def item(self, children):
        value = children[0]
        return ("item", [_number(value)] if isinstance(value, Token) else value)   # （五）

    def note(self, children):
        token = children[0]
        span = (token.start_pos, token.end_pos) if token.type == "MASKED_NOTE" else None
        return _Note(span, tuple(children[1:]))

    def bare_article(self, children):
        return ("article", children[0])

    def locator(self, children) -> tuple[Provision, ...]:
        """Units and joints → one Provision per cited provision. With no joint between them, a
        unit refines the one before it when of a lower level (第三章第七条第二款) and starts the
        next provision when of a level printed before (第八十七条第一款 第二款)."""
        groups: list[tuple[str, list]] = []              # (joint before it, its units)
        joint = None
        for child in children:
            if isinstance(child, str):
                joint = child
                continue
            printed = [level for level, _ in groups[-1][1]] if groups else []
            if joint is None and printed and _LEVELS.index(child[0]) > _LEVELS.index(printed[-1]):
                groups[-1][1].append(child)
            elif joint is None and printed and child[0] not in printed:     # 第二款第三条
                raise _BadNumber(f"第…{_MARKS[child[0]]} after 第…{_MARKS[printed[-1]]}")
            else:
                groups.append((joint or "list", [child]))      # 第八十七条 第八十八条: a list
            joint = None
        result: list[dict] = _cross(groups[0][1])
        for joint, units in groups[1:]:
            previous = result[-1]
            group = [_inherit(previous, g) for g in _cross(units)]
            if joint == "range":
                result.extend(_range_between(previous, group[0])[1:])
                result.extend(group[1:])
            else:
                result.extend(group)
        return tuple(Provision(**p) for p in result)

    def bare_articles(self, children) -> tuple[Provision, ...]:
        return tuple(Provision(article=v) for values in children
                     if isinstance(values, list) for v in values)

    def whole(self, _):
        return _Whole()

    def annex(self, children):
        number = "".join(str(children[0]).split())[2:]
        return _Annex(to_int(number) if number else None, len(children) > 1)

    def section(self, children):
        if children[0].type == "PART":                 # 第二部分
            return _Section(_number(Token("NUMBER", str(children[0]).strip("第部分 \t\u3000"))))
        item = _SECTION_ITEM.search(str(children[1])) if len(children) > 1 else None
        return _Section(_number(children[0]), _number(item.group(1)) if item else None)

    def document_number(self, children):
        return _Document(doc_number_in_parenthesis(str(children[0])), tuple(children[1:]))

    def target(self, children):
        return children[0]

    def titled(self, children) -> Head:
        title = children[0]
        if title.type == "EXTENDED_TITLE":             # 实施《X法》若干规定 · 《X法》实施细则: as printed
            statute, span = str(title), (title.start_pos, title.end_pos)
        else:
            statute, span = _title_text(title), _title_span(title)
        return replace(_head("titled", statute, None, children[1:]), title_span=span)

    def numbered(self, children) -> Head:
        number = normalize_doc_number(str(children[0]))
        return _head("numbered", number, number, children[1:])

    def follow_on(self, children) -> Head:
        return _head("follow_on", None, None, children)

    def self_reference(self, children) -> Head:
        return _head("self_reference", str(children[0]), None, children[1:])

    def bare_title(self, children) -> Head:
        return _head("bare_title", str(children[0]), None, children[1:])

    def start(self, children) -> Head:
        head = children[-1]
        level = next((level_name(str(tag)) for tag in reversed(children[:-1]) if level_name(str(tag))), None)
        if level:                           # else none, or a label of the basis: 【设定依据】
            return replace(head, level=level)
        return head


def _cross(units: list) -> list[dict]:
    """第三章第七条、第八条 → one dict per provision; each level may list several numbers."""
    provisions: list[dict] = [{}]
    for level, values in units:
        provisions = [{**p, level: v} for p in provisions for v in values]
    return provisions


def _inherit(previous: dict, group: dict) -> dict:
    """第八十七条第一款、第二款: a group that starts below the article keeps the levels above."""
    top = min(_LEVELS.index(level) for level in group)
    if top <= _LEVELS.index("article"):
        return group
    return {**{level: previous.get(level) for level in _LEVELS[:top]}, **group}


def _range_between(first: dict, last: dict) -> list[dict]:
    """第三十七条至第四十条: the finest level varies, the levels above must agree."""
    top = min(_LEVELS.index(level) for level in last)              # 第二章第十条至第十二条:
    last = {**{level: first.get(level) for level in _LEVELS[:top]}, **last}    # 第十二条 is in chapter 2
    varying = [level for level in _LEVELS if first.get(level) != last.get(level)]
    if not varying:                                   # 第一条至第一条
        return [first]
    if len(varying) != 1 or first.get(varying[0]) is None or last.get(varying[0]) is None:
        raise _BadNumber("range across levels")
    level = varying[0]
    return [{**first, level: v} for v in _expand(first[level], last[level])]


def _head(kind: str, statute: str | None, doc_number: str | None, parts) -> Head:
    provisions: tuple[Provision, ...] = ()
    whole = section = False
    annex = None
    notes: list[tuple[int, int]] = []
    pending = list(parts)
    while pending:
        part = pending.pop(0)
        if isinstance(part, _Document):
            doc_number = part.number or doc_number
            pending[:0] = list(part.rest)
        elif isinstance(part, _Annex):
            annex, whole = part.number, whole or part.whole
        elif isinstance(part, _Section):
            provisions, section = (Provision(article=part.number, item=part.item),), True
        elif isinstance(part, _Note):
            notes.extend([part.span] if part.span else [])
            pending[:0] = list(part.rest)
        elif isinstance(part, _Whole):
            whole = True
        elif isinstance(part, tuple):                 # the provisions of a locator
            provisions = part
        elif isinstance(part, Tree):                  # target: locator + 全部内容
            pending[:0] = list(part.children)
        # else: GAP text (的通知, 文中, …经办规程), a note （2018年修正）, 全部内容
    if not provisions and kind in ("titled", "numbered"):
        whole = True
    return Head(kind=kind, statute=statute, doc_number=doc_number, provisions=provisions,
                whole_document=whole and not provisions, section=section, annex=annex,
                notes=tuple(notes))


@lru_cache(maxsize=65536)
def parse_head(text: str) -> Head:
    """Read one citation head; a head the grammar cannot read gives a Head with `warning` set."""
    locator = TRAILING_LOCATOR.search(text)
    if locator and locator.start() > 0:
        document, provisions = parse_whole(text[:locator.start()]), parse_whole(locator.group(0))
        if (document.kind in ("titled", "numbered") and provisions.kind == "follow_on"
                and not document.warning and not provisions.warning):
            return replace(document, provisions=provisions.provisions, whole_document=False)
    return parse_whole(text)


def cache_info():
    """Cache statistics of the heads and of the grammar's parses (for benchmarks)."""
    return parse_head.cache_info(), parse_whole.cache_info()


def clear_cache() -> None:
    """Forget every head parsed so far."""
    parse_head.cache_clear()
    parse_whole.cache_clear()


@lru_cache(maxsize=65536)
def parse_whole(text: str) -> Head:
    """Read one head with the grammar in one piece; parse_head gives the same Head."""
    try:
        return _HeadBuilder(visit_tokens=False).transform(_parser().parse(text))
    except (LarkError, _BadNumber) as error:
        cause = error.orig_exc if hasattr(error, "orig_exc") else error
        title = _ANY_TITLE.search(text)
        return Head(kind="unparsed", statute=title.group(1).strip() if title else None,
                    warning=f"{type(cause).__name__}: {cause}"[:200])
