"""Find candidate citation heads in a text: one regex pass, linear in the text length.

The text scanned is the reading view (kg/cite/view.py), in which the notes after a title are
masked: a title, its notes and '+'-joined parts, and its provisions make one head however long
the notes are. Title endings and level tags come from data/lexicon (kg/cite/lexicon.py).

The scan only proposes spans (a title with its 文号 and provisions, a document number, a bare
第X条 …); the grammar (kg/cite/parse.py) decides what each span says, and kg/cite/resolve.py
decides which are the item's own citations and which are references inside quoted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.cite.lexicon import alternation, notice_endings, rule_endings, title_prefixes, title_suffix_openers
from kg.cite.view import NOTE_FILL

_S = r"[ \t\u3000\xa0]{0,8}"                              # spaces within a line
_SEP = r"[ \t\u3000\xa0+＋]{0,8}"                       # between a title, its notes and its target
_RULE_END = alternation(rule_endings())                   # 法 条例 办法 …
_TITLE_END = alternation(rule_endings() + notice_endings())
_DIGIT = r"[0-9０-９零〇一二两三四五六七八九十百千]"
_NUM = rf"{_DIGIT}(?:[ \t\u3000]?{_DIGIT}){{0,11}}"             # 八十七 · 87 · 七十 七 (a stray space)
_PAREN_NUM = r"[（(]\s*[0-9０-９零〇一二三四五六七八九十百]+\s*[）)]"
_JOINT = r"(?:[、和及与至到~～—–-]|以及)"
_NUMS = rf"{_NUM}(?:{_S}{_JOINT}{_S}{_NUM}){{0,30}}"
_PAREN_NUMS = rf"{_PAREN_NUM}(?:{_S}{_JOINT}{_S}{_PAREN_NUM}){{0,10}}"
_UNIT = rf"第{_S}(?:{_NUMS}|{_PAREN_NUMS}){_S}[章条款项]"       # 第三章 第八十七条 第二款 第（五）项
_ITEM_AFTER = rf"{_PAREN_NUM}(?={_S}(?:[、，,；;。：:”\s]|$))"      # 第二十七条（五）
_CHAIN = rf"{_UNIT}(?:{_S}(?:{_UNIT}|{_ITEM_AFTER})){{0,4}}"
_LOCATOR = rf"{_CHAIN}(?:{_S}{_JOINT}{_S}(?:{_CHAIN}|{_NUMS}{_S}条|{_ITEM_AFTER})){{0,30}}(?:{_S}全部(?:内容|条款))?"
_TITLE = (r"[《‹«〈]{1,3}(?:[^《》‹›«»〈〉\n。；;，,：:]"
          r"|[《‹«〈<][^《》‹›«»〈〉<>\n]{0,150}?[》›»〉>]){1,150}?[》›»〉]{1,3}")
_DOC_PAREN = r"[（(](?:[^（）()\n]|[（(][^（）()\n]{0,30}[）)]){0,80}?号[^（）()\n：:“”]{0,20}[）)]?"
_NOTE = rf"[（(]?{NOTE_FILL}+[）)]?"                            # a masked note (kg/cite/view.py)
_NESTED_OR_PLAIN = r"(?:[^《》‹›«»〈〉\n（(。；;，,：:]|〈[^《》〈〉\n]{1,60}〉)"
# a title extended by words outside its marks: 实施《中华人民共和国示例法》若干规定 · 《X法》实施细则
_SUFFIX = rf"(?:{alternation(title_suffix_openers())}[^\W\d_]{{0,8}}?{_TITLE_END})"
_PREFIX_INITIALS = "".join(sorted({prefix[0] for prefix in title_prefixes()}))
_TITLE_MAYBE_EXTENDED = (rf"(?:{alternation(title_prefixes())}(?={_TITLE}{_SUFFIX}))?"   # a prefix needs a suffix
                         rf"{_TITLE}{_SUFFIX}?")
# a 《 whose 》 is lost: up to a note (the view masked it), or to the line end when the provisions
# follow on the same or the next line: 《某区实施〈中华人民共和国示例法〉办法（2006年…通过）⏎第三十条
# · 《中华人民共和国示例法第十条
_UNCLOSED_TITLE = (rf"[《‹«〈]{{1,3}}(?:{_NESTED_OR_PLAIN}{{2,150}}?(?={_S}[（(]{NOTE_FILL})"
                   rf"|{_NESTED_OR_PLAIN}{{1,150}}?{_TITLE_END}(?={_S}\n[ \t\u3000]*第|{_S}第{_S}{_NUM}{_S}[章条]))")
# a title in quotation marks, only when a 文号 or a provision follows: “社会保险法”第八十七条
_QUOTED_TITLE = (rf"“[^“”《》\n。；;，,：:]{{2,60}}{_TITLE_END}”"
                 rf"(?={_S}(?:[（(][^（）()\n]{{0,40}}号|第))")
_NOTE_PAREN = r"[（(][^（）()\n号]{1,60}[）)]"                     # （2018年修正） （试行）
_GAP = rf"[^\s第《》‹›«»（）()【】〔〕\[\]［］“\"：:；;。，,、0-9０-９{NOTE_FILL}+＋]{{1,40}}"
_ANNEX = rf"附{_S}件{_S}[0-9０-９零〇一二三四五六七八九十]*"
_WHOLE = rf"[：:]?{_S}[（(]?{_S}全{_S}文{_S}[）)]?"
# a numbered part of a notice: 四：“…” · 二、清理规范的内容 （一） · 第二部分
_SECTION_ITEM = rf"、{_S}(?:[^\W\d_零〇一二两三四五六七八九十百千][^\n（()，,。；;：:]{{0,24}}?)?{_S}{_PAREN_NUM}"
_SECTION = (rf"[一二三四五六七八九十]{{1,4}}(?:{_SECTION_ITEM}|(?={_S}[、：:]))"
            rf"|第{_S}{_NUM}{_S}部分")
# a numbered clause of a standard, under its title line: 8站级核定：…
_CLAUSE = r"[0-9０-９]{1,2}(?=[^\W\d_][^\W\d_\n]{0,11}[：:])"
_PAGE = rf"第{_S}{_NUM}{_S}页"                                 # 第191页: a page of the gazette
_LEVEL = r"【[ \t\u3000]{0,4}[^【】\d\s]{2,10}[ \t\u3000]{0,4}】"      # 【法律】 · 【 规章】
_TARGET = rf"(?:{_LOCATOR}|{_WHOLE}|{_SECTION})"
_AFTER_DOCUMENT = (rf"(?:{_SEP}(?:{_ANNEX}(?={_S}{_TARGET})|{_GAP}(?={_S}{_LOCATOR})))?"
                   rf"(?:{_SEP}{_TARGET})?")
_YEAR_NUMBER = (rf"[〔\[【(（［]{_S}[0-9０-９]{{4}}{_S}[〕\]】)）］]{_S}第?{_S}"
                rf"[0-9０-９零〇一二三四五六七八九十百]{{1,12}}{_S}号")
# what may follow a title before its target: notes, （文号）, a bare 文号 after words (的通知新政发
# 【2021】58号), a page (第191页), each optionally separated by spaces or '+'
_DOCUMENT_PART = (rf"(?:{_NOTE}|{_DOC_PAREN}|{_NOTE_PAREN}"
                  rf"|(?:[^\W\d_]{{1,16}})?{_YEAR_NUMBER}(?:{_S}{_PAGE})?(?={_S}(?:[，,]?{_S}{_TARGET}|\n|$))(?:{_S}[，,])?"
                  rf"|{_PAGE}(?={_S}[，,]?{_S}{_TARGET})(?:{_S}[，,])?)")
# a decree (令) numbered without a year, after an issuer: 国务院令第711号 · 人力资源社会保障部令 第13号
# · 国家医疗保障局第2号令
_DECREE_SERIAL = rf"第?{_S}[0-9０-９零〇一二三四五六七八九十百]{{1,12}}{_S}号"
_DECREE_NUMBER = rf"(?<=[院府部局委会署行席])(?:令{_S}{_DECREE_SERIAL}|{_DECREE_SERIAL}令)"

_HEADS = re.compile(
    rf"(?=[《‹«〈“【〔\[(（［第附令0-9０-９零〇一二两三四五六七八九十百千{_PREFIX_INITIALS}])"   # fail fast elsewhere
    rf"(?:(?P<titled>(?:{_LEVEL}{_S}){{0,3}}(?:{_TITLE_MAYBE_EXTENDED}|{_UNCLOSED_TITLE}|{_QUOTED_TITLE})"
    rf"(?:{_S}{_GAP}(?={_S}(?:{_DOC_PAREN}|{_LOCATOR}|[^\W\d_]{{0,16}}{_YEAR_NUMBER})))?"
    rf"(?:{_SEP}{_DOCUMENT_PART}){{0,4}}{_AFTER_DOCUMENT})"
    rf"|(?P<numbered>(?:{_YEAR_NUMBER}|{_DECREE_NUMBER})(?:{_S}[）)](?={_S}{_LOCATOR}))?{_AFTER_DOCUMENT})"
    rf"|(?P<locator>{_LOCATOR})"
    rf"|(?P<annex>{_ANNEX}{_S}{_WHOLE})"
    rf"|(?<![^\W\d_])(?P<bare_articles>{_NUMS}条(?:{_S}[、和及]{_S}{_NUMS}条){{0,30}})"
    rf"|(?<![^\W\d_])(?P<section>{_SECTION}|(?<!\w){_CLAUSE}))"
)

# The provisions that end a head (《X》（文号）|第三章第七条): the parser reads the document part and
# the provisions apart, so that each distinct title and each distinct locator is parsed once.
TRAILING_LOCATOR = re.compile(rf"(?=第){_LOCATOR}$")

# What may stand before a head and belong to it: a level tag, the issuer's abbreviation of a
# 文号 (石政规 in 石家庄市人民政府石政规〔2019〕7号), the title of a 本条例/社会保险法 reference.
_LEVEL_BEFORE = re.compile(rf"(?:{_LEVEL}{_S}){{1,3}}$")      # 【法律】【法律】: printed twice
_WORDS_BEFORE = re.compile(r"[^\W\d_]{1,40}$")
_REFERENCE_TITLE = re.compile(rf"{_RULE_END}$")
_LEADING_VERB = re.compile(r".*(?:依照|按照|依据|根据|参照|违反|适用|执行|遵守|的|由|经|对)")
_SELF_TITLE = re.compile(rf"本{_TITLE_END}$")
_ISSUER_END = set("局厅府委院部")
_DATE_UNITS = set("年月日")
_ABBREVIATION_MAX = 10
_ISSUER_MAX = 24                     # 中华人民共和国人力资源和社会保障部 before 令


@dataclass(frozen=True)
class Candidate:
    """A span that may be a citation head; `kind` says which pattern found it."""

    kind: str          # titled, numbered, locator, annex, bare_articles, section, reference
    start: int
    end: int


def _abbreviation_start(text: str, start: int, floor: int) -> int:
    """Start of the issuer abbreviation before a bracketed year: 石政规, 人社部发, 国办发."""
    words = _WORDS_BEFORE.search(text, max(floor, start - _ABBREVIATION_MAX), start)
    if not words:
        return start
    run = words.group(0)
    cut = _LEADING_VERB.match(run)
    offset = cut.end() if cut else 0
    for index in range(len(run) - 2, offset - 1, -1):    # 石家庄市人民政府|石政规: after the issuer
        if run[index] in _ISSUER_END and len(run) - index - 1 >= 2:
            offset = index + 1
            break
    return words.start() + offset


def _issuer_start(text: str, start: int, floor: int) -> int:
    """Start of the issuer before 令: 国务院|令第711号, 根据|人力资源社会保障部|令 第13号."""
    words = _WORDS_BEFORE.search(text, max(floor, start - _ISSUER_MAX), start)
    if not words:
        return start
    cut = _LEADING_VERB.match(words.group(0))
    offset = cut.end() if cut else 0
    while offset < len(words.group(0)) - 1 and words.group(0)[offset] in _DATE_UNITS:   # 3月1日|国务院令
        offset += 1
    return words.start() + offset


def _reference_start(text: str, start: int, floor: int) -> int:
    """Start of 本条例 / 社会保险法 written right before a 第X条, else `start`."""
    words = _WORDS_BEFORE.search(text, max(floor, start - 40), start)
    if not words:
        return start
    own = _SELF_TITLE.search(words.group(0))             # 本条例 · 本通知
    if own:
        return words.start() + own.start()
    if not _REFERENCE_TITLE.search(words.group(0)):       # 社会保险法, not 某某通知
        return start
    cut = _LEADING_VERB.match(words.group(0))
    offset = cut.end() if cut else 0
    return words.start() + offset if words.end() - words.start() - offset >= 2 else start


def scan(text: str) -> list[Candidate]:
    """Candidate heads in document order, non-overlapping, each span trimmed of whitespace."""
    candidates: list[Candidate] = []
    floor = 0
    for match in _HEADS.finditer(text):
        kind = match.lastgroup
        assert kind is not None                          # each alternative of _HEADS is a named group
        start, end = match.span()
        if kind == "numbered":
            issuer = _issuer_start if text[start] in "令第" else _abbreviation_start
            start = issuer(text, start, floor)
        elif kind == "locator":
            before = _reference_start(text, start, floor)
            if before < start:
                kind, start = "reference", before
        if kind in ("titled", "numbered"):
            level = _LEVEL_BEFORE.search(text, max(floor, start - 14), start)
            start = level.start() if level else start
        while end > start and text[end - 1].isspace():
            end -= 1
        candidates.append(Candidate(kind, start, end))
        floor = end
    return candidates
