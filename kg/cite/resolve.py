"""Turn parsed heads into citations: own basis vs references inside quotes, follow-ons, quotes.

Reading order decides. After each of the item's own citations comes its quoted article text:
“…” (matched, nested quotes allowed) or plain text after 第X条： up to the next citation. A head
inside that text is the item's own citation only when it starts a new entry — a new line, list
numbering (1. 2、①), or, for a bare 第X条, a new sentence (。；) — otherwise it is a
cross-reference of the quoted article (本条例第四十条, 依照社会保险法第八十六条).
A 【level】 tag always starts an entry. Last, the citations are made canonical: one per provision,
at the most specific level (a header list and the articles' texts below it count once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from kg.cite.docnumbers import doc_number_in_parenthesis
from kg.cite.lexicon import (
    alternation,
    ends_as_title,
    notice_endings,
    rule_endings,
    simplified,
    title_suffix_openers,
)
from kg.cite.parse import Head, Provision
from kg.cite.records import Citation, CitationFlag
from kg.cite.scan import Candidate
from kg.cite.view import NOTE_MAX

_FILLER = r"(?:\s|<[^<>\n]{0,80}>|&nbsp;)"
_NUMBERING = r"(?:[0-9０-９]{1,3}[ \t]*[\.．、]|[①-⑳]|[（(][0-9０-９]{1,2}[）)]|[一二三四五六七八九十]{1,3}、)"
_LINE_START = re.compile(rf"\n{_FILLER}*(?:{_NUMBERING}{_FILLER}*)?$")
_NUMBERED = re.compile(rf"(?:^|[\s>。；;，,、”）)])\s*{_NUMBERING}{_FILLER}*$")
# list numbering glued to the article text before it, counted only before a title: …罚款2.《X》
_GLUED_NUMBERING = re.compile(rf"[^\W\d_][0-9０-９]{{1,2}}[ \t]*[\.．、]{_FILLER}*$")
_TITLE_MARKS = "《‹«〈"
# an issuer or a heading between a new entry and the title: 4. 石家庄市人民政府《…》 · ；石家庄市人民政府石政规…
_ISSUER_BEFORE = re.compile(
    rf"(?:\n|[。；;]|[\s>，,、”）)]\s*{_NUMBERING}){_FILLER}*(?:【[^【】\n]{{2,14}}】{_FILLER}*)?"
    rf"[^\W\d_][^。；;，,“”《》\n]{{0,60}}"
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
# trailing notes such as （试行） or （2018年修正）, set aside before asking whether a title ends as a
# legal document's does (ends_as_title: 法, 条例, 办法, 通知, 目录 …); a title in 《》 ending
# otherwise (《世界》, 《社会》 read out of an OCR-damaged cell) names no document a lawyer could look up
_TRAILING_NOTES = re.compile(r"(?:\s*[（(][^（）()]*[）)])+\s*$")
# 第 right after a document the scan read no provision for: the provision is there but unreadable
# (《医疗卫生与健康促进法》第一个工事), so the citation is not one of the whole document
_UNREAD_PROVISION = re.compile(r"[ \t\u3000]*第")
# what may stand between a title and the provisions on its next line: 《X》（…）。⏎第3条
_BETWEEN_TITLE_AND_PROVISION = re.compile(r"[\s。：:，,+＋]*")
_PADDING = " \t\u3000\xa0"
_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")
_GENERIC_TITLE_WORDS = re.compile(alternation(title_suffix_openers() + rule_endings() + notice_endings()))
# a bare provision inside article text that the sentence goes on to qualify is a reference:
# 第五十条第二款、第三款规定的处理 · 第十条所列 (the item's own citations introduce a quote: 规定：“…”)
_REFERENCE_AFTER = re.compile(r"[ \t\u3000]*(?:规定的|的规定|所列|所称|之规定)")
_PADDING_MAX = 2000
_SEGMENT_END = re.compile(r"[，,；;、。）)]")
_NOTE_OF_HISTORY = 60          # characters: a longer note is an enactment history (see _note_number)
_TWIN_TITLE_SIMILARITY = 85    # 《A》《A'》: one title printed twice (the copy garbled)

# an abbreviation defined for the document just cited: （以下简称《条例》） （以下简称“两定办法”） （下称社会保险法）
_ABBREVIATION = re.compile(r"(?:以下简称|以下称|下称|简称)[为：:]?\s*[“\"《〈]?([^“”\"《》〈〉（）()，,；;。："
                           r":\s]{1,20}?)[”\"》〉]?\s*[）)]")

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
        stop = candidate.start                    # padding before the head does not count
        while stop > 0 and candidate.start - stop < _PADDING_MAX and text[stop - 1] in _PADDING:
            stop -= 1
        low = max(0, stop - _LOOKBACK)
        self._window = ("\n" if low == 0 else "") + text[low:stop]

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


def _inside_parenthesis(view: str, end: int) -> bool:
    """`end` lies inside a parenthesis still open (an enactment note whose title was not seen)."""
    before = view[max(0, end - NOTE_MAX):end]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _names_a_document(title: str | None) -> bool:
    """A title written without 《》 names a document only with words of its own besides the
    vocabulary of titles: 社会保险法 does, 实施条例 and 暂行办法 do not."""
    return bool(title and len(_GENERIC_TITLE_WORDS.sub("", title)) >= 2)


def _role(candidate: Candidate, head: Head, state: str, setting: _Setting, previous: _Entry | None,
          after_reference: bool, view: str) -> str:
    """Own citation, cross-reference inside a quote, or nothing (a numeral that cites nothing)."""
    if candidate.kind == "bare_articles":                 # ；三十八条 — only right after a citation
        return OWN if previous and state != "quoted" and (setting.adjacent or setting.sentence) else IGNORE
    if candidate.kind == "section":                       # ” 六、 — only after a numbered section,
        follows_section = previous is not None and previous.head.section    # or under a title line
        under_title = previous is not None and setting.line and _introduces(previous, view, candidate.start)
        return OWN if (follows_section or under_title) and state != "quoted" and setting.set_off else IGNORE
    if head.level and candidate.kind == "titled":         # 【法规】《…》 always starts an entry
        return OWN
    if candidate.kind == "numbered" and not head.provisions and _inside_parenthesis(view, candidate.end):
        return IGNORE                                     # （…中华人民共\n和国主席令第18号修订）: a note
    if candidate.kind == "annex":                         # ，附件一（全文）
        return OWN if previous is not None and (state == "out" or setting.set_off) else IGNORE
    if head.kind == "bare_title" and not _names_a_document(head.statute):
        return CROSS if previous else IGNORE              # 实施条例第六条: no name, the quoted one's
    if head.kind == "self_reference":                     # 本条例第四十条
        return CROSS if previous else IGNORE
    if state == "out":
        return OWN
    new_entry = setting.line or setting.numbered or (
        candidate.kind in ("titled", "numbered") and setting.issuer)
    if new_entry or (candidate.kind == "locator" and setting.introduces_quote):
        return OWN
    if candidate.kind == "locator" and _REFERENCE_AFTER.match(view, candidate.end):
        return CROSS                                      # …；第五十条第二款规定的处罚，由…
    if state == "plain":                                  # 、《某乙办法》 after a reference: a reference
        return OWN if setting.sentence or (setting.adjacent and not after_reference) else CROSS
    return OWN if candidate.kind == "locator" and setting.sentence else CROSS   # “…等工作。第五十七条…


@lru_cache(maxsize=4096)
def _note_number(note: str) -> str | None:
    """The document number in a note: the last one of a short note （2013年2月10日，国办发〔2013〕14号）,
    the first one of an enactment history (the number the document was published under; the
    later ones are of amending decisions)."""
    if len(note) <= _NOTE_OF_HISTORY:
        return doc_number_in_parenthesis(note)
    serial = note.find("号")
    if serial == -1:
        return None
    segment_end = _SEGMENT_END.search(note, serial)
    return doc_number_in_parenthesis(note[:segment_end.start()] if segment_end else note, first=True)


def _citations(candidate: Candidate, head: Head, printed: str, view: str, inherited: Citation | None,
               flags: list[CitationFlag]) -> list[Citation]:
    """One citation per provision of the head (or one for the whole document). `printed` is the
    text as given, `view` its reading view (same length): the title and the notes are read as printed."""
    raw = printed[candidate.start:candidate.end]
    statute, doc_number, level = head.statute, head.doc_number, head.level
    if head.title_span:
        statute = printed[candidate.start + head.title_span[0]:candidate.start + head.title_span[1]]
    for start, end in head.notes if doc_number is None else ():
        doc_number = _note_number(printed[candidate.start + start:candidate.start + end])
        if doc_number:
            break
    own_flags = list(flags)
    if head.warning:
        own_flags.append(CitationFlag.PARSE_WARNING)
    if head.kind in ("follow_on", "self_reference") or (head.kind == "unparsed" and not statute):
        if inherited is not None:
            statute, doc_number = inherited.statute, inherited.doc_number
            level = level or inherited.level
        else:
            own_flags.append(CitationFlag.NO_STATUTE)
    if head.statute and statute != doc_number and not ends_as_title(
            _TRAILING_NOTES.sub("", "".join(head.statute.split()))):       # 的通 知: a stray space
        own_flags.append(CitationFlag.NOT_A_DOCUMENT_TITLE)
    whole_document = head.whole_document and not head.warning
    if whole_document and head.kind in ("titled", "numbered") and _UNREAD_PROVISION.match(view, candidate.end):
        own_flags.append(CitationFlag.UNREADABLE_PROVISION)
        whole_document = False
    provisions = head.provisions or (Provision(),)
    if (head.kind == "follow_on" and inherited is not None and inherited.article is not None
            and CitationFlag.CROSS_REFERENCE not in flags):
        provisions = tuple(_within(inherited, p) for p in provisions)
    # 《中华人民共和国⏎行政许可法》: a title wrapped in its cell
    if head.title_span and statute is not None and ("\n" in statute or "\r" in statute):
        statute = _LINE_BREAK.sub("", statute)
    return [
        Citation(raw=raw, span=(candidate.start, candidate.end), statute=statute,
                 doc_number=doc_number, chapter=p.chapter, article=p.article,
                 paragraph=p.paragraph, item=p.item, whole_document=whole_document,
                 level=level, annex=head.annex, flags=list(own_flags))
        for p in provisions
    ]


def _within(anchor: Citation, provision: Provision) -> Provision:
    """第十二条第一款⏎第（一）项: a follow-on that starts below the article is in the article cited before."""
    if provision.article is not None or provision.chapter is not None:
        return provision
    if provision.paragraph is not None:
        return Provision(anchor.chapter, anchor.article, provision.paragraph, provision.item)
    if provision.item is not None:
        return Provision(anchor.chapter, anchor.article, anchor.paragraph, provision.item)
    return provision


def _open_entry(candidate: Candidate, head: Head, citations: list[Citation], text: str,
                quotes: dict[int, int]) -> _Entry:
    quoted = _QUOTED_INTRO.match(text, candidate.end)
    if quoted:
        opening = quoted.end() - 1
        return _Entry(candidate, head, citations, opening + 1, True, quotes.get(opening))
    plain = _PLAIN_INTRO.match(text, candidate.end)
    assert plain is not None                             # every part of _PLAIN_INTRO is optional
    return _Entry(candidate, head, citations, plain.end(), False, None)


def _plain_quote_end(text: str, start: int, limit: int) -> int:
    """End of an unquoted article text: the first line break not followed by the article's next 项."""
    newline = text.find("\n", start, limit)
    while newline != -1 and _CONTINUED_LINE.match(text, newline):
        newline = text.find("\n", newline + 1, limit)
    return newline if newline != -1 else limit


def _close_entry(entry: _Entry, printed: str, text: str, limit: int) -> None:
    """Give the entry's citations their quote (up to `limit`) and the references inside it;
    `text` is the reading view the bounds are found in, the quote is taken from `printed`."""
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
            citation.quote = printed[entry.quote_start:end]
            citation.quote_span = (entry.quote_start, end)
        citation.cross_references = list(entry.references)


def _state(entry: _Entry | None, position: int) -> str:
    if entry is None:
        return "out"
    if entry.quoted and entry.close is not None:
        return "quoted" if position < entry.close else "out"
    return "plain"                      # plain text, or a quote whose closing ” was lost


def _introduces(entry: _Entry, text: str, start: int) -> bool:
    """A title alone on its line, the provision on the next: 《X》（文号）\\n第十五条… · 《X》（…）。\\n第3条"""
    return (entry.head.kind in ("titled", "numbered") and entry.head.whole_document
            and "全文" not in text[entry.candidate.start:entry.candidate.end]
            and _BETWEEN_TITLE_AND_PROVISION.fullmatch(text, entry.candidate.end, start) is not None)


def _numbers_the_title(entry: _Entry, head: Head, candidate: Candidate, text: str) -> bool:
    """A document number printed right before a title is the number of that document."""
    return (entry.head.kind == "numbered" and entry.head.whole_document and head.kind == "titled"
            and not text[entry.candidate.end:candidate.start].strip())


def _twin_title(entry: _Entry, head: Head, candidate: Candidate, text: str) -> bool:
    """《A》《A'》: a title printed twice in a row (the second copy garbled) is one title."""
    return (entry.head.kind == "titled" and entry.head.whole_document and head.kind == "titled"
            and entry.candidate.end == candidate.start
            and bool((first := entry.head.statute) and (second := head.statute)
                     and fuzz.ratio(first, second) >= _TWIN_TITLE_SIMILARITY))


def resolve(text: str, heads: list[tuple[Candidate, Head]], view: str | None = None) -> list[Citation]:
    """The item's own citations, in order, each with its quote and cross-references, one per
    provision (see canonical). `view` is the reading view of `text` the heads were found in."""
    printed, text = text, view if view is not None else text
    quotes = matching_quotes(text)
    entries: list[_Entry] = []
    current: _Entry | None = None
    anchor: Citation | None = None      # what a follow-on belongs to: the last citation naming a document
    abbreviations: dict[str, str] = {}  # 条例 → 医疗保障基金使用监督管理条例, as the text defines them
    floor = 0
    after_reference = False             # the last head read was a reference inside a quote
    for candidate, head in heads:
        state = _state(current, candidate.start)
        if current is not None and state == "out" and current.close is not None:
            floor = max(floor, current.close + 1)
        role = _role(candidate, head, state, _Setting(text, candidate, floor), current, after_reference, text)
        if role == IGNORE:
            continue
        floor = candidate.end
        after_reference = role == CROSS
        if role == CROSS:
            assert current is not None                   # a cross-reference is read inside an entry
            own = current.citations[-1] if current.citations else None
            flags = [CitationFlag.CROSS_REFERENCE] + (
                [CitationFlag.SELF_REFERENCE] if head.kind == "self_reference" else [])
            current.references.extend(_citations(candidate, head, printed, text, own, flags))
            continue
        follow_on = head.kind == "follow_on" or (head.kind == "unparsed" and not head.statute)
        if current is not None and follow_on and _introduces(current, text, candidate.start):
            entries.pop()                               # the title only introduced this article
            citations = _citations(candidate, head, printed, text, current.citations[0], [])
        elif current is not None and _numbers_the_title(current, head, candidate, text):
            entries.pop()                               # 国务院令第676号《X条例》第三十三条: X's number
            citations = _citations(candidate, head, printed, text, None, [])
            for citation in citations:
                citation.doc_number = citation.doc_number or current.citations[0].doc_number
        elif current is not None and _twin_title(current, head, candidate, text):
            entries.pop()                               # 《A》《A'》（文号）第十条: A, article 10
            citations = _citations(candidate, head, printed, text, None, [])
            first = current.citations[0]
            for citation in citations:
                citation.statute = first.statute
                citation.flags = [flag for flag in citation.flags
                                  if flag != CitationFlag.NOT_A_DOCUMENT_TITLE or flag in first.flags]
        else:
            if current is not None:
                _close_entry(current, printed, text, candidate.start)
            flags = [CitationFlag.FOLLOW_ON] if follow_on else []
            citations = _citations(candidate, head, printed, text, anchor, flags)
        for citation in citations:
            if citation.statute in abbreviations:
                citation.short_for = abbreviations[citation.statute]
        if head.kind == "titled" and citations and citations[0].statute:
            for defined in _ABBREVIATION.finditer(printed, candidate.start, candidate.end):
                abbreviations.setdefault(defined.group(1), citations[0].statute)
        current = _open_entry(candidate, head, citations, text, quotes)
        entries.append(current)
        anchor = next((c for c in reversed(citations) if c.statute), anchor)
    if current is not None:
        _close_entry(current, printed, text, len(text))
    return canonical([citation for entry in entries for citation in entry.citations])


_LEVEL_FIELDS = ("article", "paragraph", "item")


def _document_key(citation: Citation) -> str | None:
    document = citation.short_for or citation.statute or citation.doc_number
    if not document:
        return None
    return "".join(simplified(document).split())


def _covers(wider: Citation, narrower: Citation) -> bool:
    """`wider` names a provision that holds `narrower` (第四十条 holds 第四十条第一款第（三）项), or
    the whole document holds any provision of it."""
    if wider.annex != narrower.annex or narrower.whole_document:
        return False
    if wider.whole_document:
        return True
    if wider.article is None or (wider.chapter and narrower.chapter and wider.chapter != narrower.chapter):
        return False
    fields = [(getattr(wider, f), getattr(narrower, f)) for f in _LEVEL_FIELDS]
    return all(w is None or w == n for w, n in fields) and any(w is None and n is not None for w, n in fields)


def _provision_key(citation: Citation) -> tuple:
    return (citation.whole_document, citation.annex, *(getattr(citation, f) for f in _LEVEL_FIELDS))


def _same_chapter(one: Citation, other: Citation) -> bool:
    """Of two citations with one _provision_key: the chapters agree where both are printed."""
    return one.chapter == other.chapter or not one.chapter or not other.chapter


def canonical(citations: list[Citation]) -> list[Citation]:
    """One citation per provision, at the most specific level: a header list followed by the
    articles' texts (《X》第十二条、第四十条第一款：⏎第十二条…⏎第四十条…) counts each provision once;
    a provision (or the whole document) that another citation of the same document refines is
    left out. The first citation of a provision is kept, with the quote of a later one if it has none."""
    by_document: dict[str, list[Citation]] = {}
    for citation in citations:
        key = _document_key(citation)
        if key is not None:
            by_document.setdefault(key, []).append(citation)
    if all(len(group) < 2 for group in by_document.values()):
        return citations                                  # each document cited once: nothing to merge
    dropped: set[int] = set()
    for group in by_document.values():
        if len(group) < 2:
            continue
        # only citations of the same provision can be the same, only those of the same article
        # can refine one another: compared within those buckets, not pairwise (10,000 citations
        # in a cell)
        same: dict[tuple, list[tuple[int, Citation]]] = {}
        by_article: dict[tuple, list[Citation]] = {}
        for index, citation in enumerate(group):
            same.setdefault(_provision_key(citation), []).append((index, citation))
            by_article.setdefault((citation.annex, citation.article), []).append(citation)
        for index, citation in enumerate(group):
            if id(citation) in dropped:
                continue
            for later, other in same[_provision_key(citation)]:
                if later > index and id(other) not in dropped and _same_chapter(citation, other):
                    dropped.add(id(other))
                    if citation.quote is None and other.quote is not None:
                        citation.quote, citation.quote_span = other.quote, other.quote_span
                        citation.cross_references = other.cross_references
        provisions_left: dict[object, int] = {}      # per annex: provisions (not whole documents) kept
        for citation in group:
            if id(citation) not in dropped and not citation.whole_document:
                provisions_left[citation.annex] = provisions_left.get(citation.annex, 0) + 1
        for citation in group:
            if id(citation) in dropped:
                continue
            if citation.whole_document:
                covers = provisions_left.get(citation.annex, 0) > 0
            else:
                covers = citation.article is not None and any(
                    other is not citation and id(other) not in dropped and _covers(citation, other)
                    for other in by_article[(citation.annex, citation.article)])
            if covers:
                dropped.add(id(citation))
                if not citation.whole_document:
                    provisions_left[citation.annex] -= 1
    return [citation for citation in citations if id(citation) not in dropped]
