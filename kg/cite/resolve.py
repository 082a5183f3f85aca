"""Turn parsed heads into citations: own basis vs references inside quotes, follow-ons, quotes.

Reading order decides. After each of the item's own citations comes its quoted article text:
“…” (matched, nested quotes allowed) or plain text after 第X条： up to the next citation. A head
inside that text is the item's own citation only when it starts a new entry — a new line, list
numbering (1. 2、①), or, for a bare 第X条, a new sentence (。；) — otherwise it is a
cross-reference of the quoted article (本条例第四十条, 依照社会保险法第八十六条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from kg.cite.parse import Head, Provision
from kg.cite.records import Citation
from kg.cite.scan import Candidate

_FILLER = r"(?:\s|<[^<>\n]{0,80}>|&nbsp;)"
_NUMBERING = r"(?:[0-9０-９]{1,3}[ \t]*[\.．、]|[①-⑳]|[（(][0-9０-９]{1,2}[）)]|[一二三四五六七八九十]{1,3}、)"
_LINE_START = re.compile(rf"\n{_FILLER}*(?:{_NUMBERING}{_FILLER}*)?$")
_NUMBERED = re.compile(rf"(?:^|[\s>。；;，,、”）)])\s*{_NUMBERING}{_FILLER}*$")
# list numbering glued to the article text before it, counted only before a title: …罚款2.《X》
_GLUED_NUMBERING = re.compile(rf"[^\W\d_][0-9０-９]{{1,2}}[ \t]*[\.．、]{_FILLER}*$")
_TITLE_MARKS = "《‹«〈"
# an issuer or a heading between a new entry and the title: 4. 石家庄市人民政府《…》 · ；石家庄市人民政府石政规…
_ISSUER_BEFORE = re.compile(
    rf"(?:\n|[。；;]|[\s>，,、”）)]\s*{_NUMBERING}){_FILLER}*[^\W\d_][^。；;，,“”《》\n]{{0,60}}"
    r"(?:局|厅|部|委|府|院|办|室|会|中心|印发|转发|关于|[：:])$")
_SENTENCE_END = re.compile(rf"(?:[。；;]”?|”){_FILLER}*$")
_ADJACENT = re.compile(rf"(?:{_FILLER}|[、，,；;和及与或”]|附件[0-9０-９一二三四五六七八九十]*)*$")
_QUOTED_INTRO = re.compile(rf"{_FILLER}*[^\s“”：:。；;，,《》]{{0,12}}?[ \t\u3000]*[：:]?[ \t\u3000]*“")
_PLAIN_INTRO = re.compile(r"[ \t\u3000]*(?:明确规定|规定|提出|指出|载明)?[ \t\u3000]*[：:，,、]?[ \t\u3000]*")
_INTRODUCES_QUOTE = re.compile(r"[ \t\u3000]*(?:规定)?[：:]?[ \t\u3000]*“|[ \t\u3000]*[：:][ \t\u3000]*[^\W\d_]")
# a line that goes on with the article quoted above: its next 项 （二）… ㈡…
_CONTINUED_LINE = re.compile(rf"\n{_FILLER}*(?:[（(][一二三四五六七八九十]{{1,3}}[）)]|[㈠-㈩])")
# what closes a quote without belonging to it: tags, numbering of the next entry, separators;
# such a tail can only end in one of _TAIL_ENDS (most quotes end in 。 or ” and have none)
_QUOTE_TAIL = re.compile(rf"(?:{_FILLER}|{_NUMBERING}|[；;，,、])*$")
_TAIL_ENDS = frozenset(">;.．、）)；，,①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_LOOKBACK = 60
# how a legal document's title ends (法, 条例, 办法, 通知, 目录 …) once a trailing note such as
# （试行） or （2018年修正） is set aside; a title in 《》 ending otherwise (《世界》, 《社会》 read
# out of an OCR-damaged cell) names no document a lawyer could look up
_DOCUMENT_TITLE_END = re.compile(
    r"(?:法|律|典|条例|规定|办法|细则|决定|决议|通知|通告|公告|意见|方案|规则|规范|规程|标准|目录|名录|"
    r"章程|准则|纲要|制度|守则|解释|批复|答复|复函|函|令|清单|指南|指引|要求|程序|措施|规划|计划|协议|"
    r"协定|公约|纪要|说明|大纲|条款|等级|分类)$")
_TRAILING_NOTES = re.compile(r"(?:\s*[（(][^（）()]*[）)])+\s*$")
# 第 right after a document the scan read no provision for: the provision is there but unreadable
# (《医疗卫生与健康促进法》第一个工事), so the citation is not one of the whole document
_UNREAD_PROVISION = re.compile(r"[ \t\u3000]*第")
NOT_A_DOCUMENT_TITLE, UNREADABLE_PROVISION = "not-a-document-title", "unreadable-provision"

# an abbreviation defined for the document just cited: （以下简称《条例》） （以下简称“两定办法”） （下称社会保险法）
_ABBREVIATION = re.compile(r"(?:以下简称|以下称|下称|简称)[为：:]?\s*[“\"《〈]?([^“”\"《》〈〉（）()，,；;。：:\s]{1,20}?)[”\"》〉]?\s*[）)]")

OWN, CROSS, IGNORE = "own", "cross", "ignore"


@dataclass
class _Entry:
    """One of the item's own heads, its citations and the text region that quotes it."""

    candidate: Candidate
    head: Head
    citations: list[Citation]
    quote_start: int
    quoted: bool                      # “…” (else plain text up to the next citation)
    close: int | None                 # index of the matching ” when quoted
    references: list[Citation] = field(default_factory=list)


def matching_quotes(text: str) -> dict[int, int]:
    """Index of each “ → index of its matching ” (nested quotes allowed; unmatched ones left out)."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in re.finditer("[“”]", text):
        if match.group(0) == "“":
            opened.append(match.start())
        elif opened:
            pairs[opened.pop()] = match.start()
    return pairs


class _Setting:
    """How a head at `start` is set off from what precedes it (since `floor`) and whether it
    introduces a quote; each test runs only when a rule asks for it."""

    def __init__(self, text: str, candidate: Candidate, floor: int):
        self._text, self._candidate, self._floor = text, candidate, floor
        low = max(0, candidate.start - _LOOKBACK)
        self._window = ("\n" if low == 0 else "") + text[low:candidate.start]

    @cached_property
    def line(self) -> bool:                       # a new line, maybe after numbering
        return bool(_LINE_START.search(self._window))

    @cached_property
    def numbered(self) -> bool:                   # list numbering 1. 2、① right before
        return bool(_NUMBERED.search(self._window)) or (
            self._text[self._candidate.start] in _TITLE_MARKS and bool(_GLUED_NUMBERING.search(self._window)))

    @cached_property
    def issuer(self) -> bool:                     # 4. 石家庄市人民政府《…》
        return bool(_ISSUER_BEFORE.search(self._window))

    @cached_property
    def sentence(self) -> bool:                   # after 。；or a closing ”
        return bool(_SENTENCE_END.search(self._window))

    @cached_property
    def adjacent(self) -> bool:                   # right after the previous head: 、，和 附件N
        start, floor = self._candidate.start, self._floor
        return floor <= start and start - floor <= _LOOKBACK and bool(_ADJACENT.match(self._text, floor, start))

    @property
    def set_off(self) -> bool:
        return self.line or self.numbered or self.issuer or self.sentence or self.adjacent

    @property
    def introduces_quote(self) -> bool:           # …经办规程（试行）第七条：…
        return bool(_INTRODUCES_QUOTE.match(self._text, self._candidate.end))


def _role(candidate: Candidate, head: Head, state: str, setting: _Setting, previous: _Entry | None) -> str:
    """Own citation, cross-reference inside a quote, or nothing (a numeral that cites nothing)."""
    if candidate.kind == "bare_articles":                 # ；三十八条 — only right after a citation
        return OWN if previous and state != "quoted" and (setting.adjacent or setting.sentence) else IGNORE
    if candidate.kind == "section":                       # ” 六、 — only after a numbered section
        follows_section = previous is not None and previous.head.section
        return OWN if follows_section and state != "quoted" and setting.set_off else IGNORE
    if candidate.kind == "annex":                         # ，附件一（全文）
        return OWN if previous is not None and (state == "out" or setting.set_off) else IGNORE
    if head.kind == "self_reference":                     # 本条例第四十条
        return CROSS if previous else IGNORE
    if state == "out":
        return OWN
    new_entry = setting.line or setting.numbered or (
        candidate.kind in ("titled", "numbered") and setting.issuer)
    if new_entry or (candidate.kind == "locator" and setting.introduces_quote):
        return OWN
    if state == "plain":
        return OWN if setting.sentence or setting.adjacent else CROSS
    return OWN if candidate.kind == "locator" and setting.sentence else CROSS   # “…等工作。第五十七条…


def _citations(candidate: Candidate, head: Head, text: str, inherited: Citation | None,
               flags: list[str]) -> list[Citation]:
    """One citation per provision of the head (or one for the whole document)."""
    raw = text[candidate.start:candidate.end]
    statute, doc_number, level = head.statute, head.doc_number, head.level
    own_flags = list(flags)
    if head.warning:
        own_flags.append("parse-warning")
    if head.kind in ("follow_on", "self_reference") or (head.kind == "unparsed" and not statute):
        if inherited is not None:
            statute, doc_number = inherited.statute, inherited.doc_number
            level = level or inherited.level
        else:
            own_flags.append("no-statute")
    if statute and statute != doc_number and not _DOCUMENT_TITLE_END.search(
            _TRAILING_NOTES.sub("", "".join(statute.split()))):       # 的通 知: a stray space
        own_flags.append(NOT_A_DOCUMENT_TITLE)
    whole_document = head.whole_document and not head.warning
    if whole_document and head.kind in ("titled", "numbered") and _UNREAD_PROVISION.match(text, candidate.end):
        own_flags.append(UNREADABLE_PROVISION)
        whole_document = False
    provisions = head.provisions or (Provision(),)
    return [
        Citation(raw=raw, span=(candidate.start, candidate.end), statute=statute,
                 doc_number=doc_number, chapter=p.chapter, article=p.article,
                 paragraph=p.paragraph, item=p.item, whole_document=whole_document,
                 level=level, annex=head.annex, flags=list(own_flags))
        for p in provisions
    ]


def _open_entry(candidate: Candidate, head: Head, citations: list[Citation], text: str,
                quotes: dict[int, int]) -> _Entry:
    quoted = _QUOTED_INTRO.match(text, candidate.end)
    if quoted:
        opening = quoted.end() - 1
        return _Entry(candidate, head, citations, opening + 1, True, quotes.get(opening))
    plain = _PLAIN_INTRO.match(text, candidate.end)
    return _Entry(candidate, head, citations, plain.end(), False, None)


def _plain_quote_end(text: str, start: int, limit: int) -> int:
    """End of an unquoted article text: the first line break not followed by the article's next 项."""
    newline = text.find("\n", start, limit)
    while newline != -1 and _CONTINUED_LINE.match(text, newline):
        newline = text.find("\n", newline + 1, limit)
    return newline if newline != -1 else limit


def _close_entry(entry: _Entry, text: str, limit: int) -> None:
    """Give the entry's citations their quote (up to `limit`) and the references inside it."""
    end = entry.close if entry.quoted and entry.close is not None and entry.close <= limit else limit
    if not entry.quoted or entry.close is None:
        end = _plain_quote_end(text, entry.quote_start, end)
    if end > entry.quote_start and (text[end - 1] in _TAIL_ENDS or text[end - 1].isspace()):
        tail = _QUOTE_TAIL.search(text, max(entry.quote_start, end - _LOOKBACK), end)
        end = tail.start() if tail else end
    while end > entry.quote_start and text[end - 1].isspace():
        end -= 1
    for citation in entry.citations:
        if end > entry.quote_start:
            citation.quote = text[entry.quote_start:end]
            citation.quote_span = (entry.quote_start, end)
        citation.cross_references = list(entry.references)


def _state(entry: _Entry | None, position: int) -> str:
    if entry is None:
        return "out"
    if entry.quoted and entry.close is not None:
        return "quoted" if position < entry.close else "out"
    return "plain"                      # plain text, or a quote whose closing ” was lost


def _introduces(entry: _Entry, text: str, start: int) -> bool:
    """A title alone on its line, the provision on the next: 《X》（文号）\\n第十五条…"""
    return (entry.head.kind in ("titled", "numbered") and entry.head.whole_document
            and "全文" not in text[entry.candidate.start:entry.candidate.end]
            and not text[entry.candidate.end:start].strip())


def resolve(text: str, heads: list[tuple[Candidate, Head]]) -> list[Citation]:
    """The item's own citations, in order, each with its quote and cross-references."""
    quotes = matching_quotes(text)
    entries: list[_Entry] = []
    current: _Entry | None = None
    anchor: Citation | None = None      # what a follow-on belongs to: the last citation naming a document
    abbreviations: dict[str, str] = {}  # 条例 → 医疗保障基金使用监督管理条例, as the text defines them
    floor = 0
    for candidate, head in heads:
        state = _state(current, candidate.start)
        if current is not None and state == "out" and current.close is not None:
            floor = max(floor, current.close + 1)
        role = _role(candidate, head, state, _Setting(text, candidate, floor), current)
        if role == IGNORE:
            continue
        floor = candidate.end
        if role == CROSS:
            own = current.citations[-1] if current.citations else None
            flags = ["cross-reference"] + (["self-reference"] if head.kind == "self_reference" else [])
            current.references.extend(_citations(candidate, head, text, own, flags))
            continue
        follow_on = head.kind == "follow_on" or (head.kind == "unparsed" and not head.statute)
        if current is not None and follow_on and _introduces(current, text, candidate.start):
            entries.pop()                               # the title only introduced this article
            citations = _citations(candidate, head, text, current.citations[0], [])
        else:
            if current is not None:
                _close_entry(current, text, candidate.start)
            citations = _citations(candidate, head, text, anchor, ["follow-on"] if follow_on else [])
        for citation in citations:
            if citation.statute in abbreviations:
                citation.short_for = abbreviations[citation.statute]
        if head.kind == "titled" and head.statute:
            for defined in _ABBREVIATION.finditer(text, candidate.start, candidate.end):
                abbreviations.setdefault(defined.group(1), head.statute)
        current = _open_entry(candidate, head, citations, text, quotes)
        entries.append(current)
        anchor = next((c for c in reversed(citations) if c.statute), anchor)
    if current is not None:
        _close_entry(current, text, len(text))
    return [citation for entry in entries for citation in entry.citations]
