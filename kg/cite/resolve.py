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
_ADJACENT = re.compile(rf"^(?:{_FILLER}|[、，,；;和及与或”]|附件[0-9０-９一二三四五六七八九十]*)*$")
_QUOTED_INTRO = re.compile(rf"{_FILLER}*[^\s“”：:。；;，,《》]{{0,12}}?[ \t\u3000]*[：:]?[ \t\u3000]*“")
_PLAIN_INTRO = re.compile(r"[ \t\u3000]*(?:明确规定|规定|提出|指出|载明)?[ \t\u3000]*[：:，,、]?[ \t\u3000]*")
_INTRODUCES_QUOTE = re.compile(r"[ \t\u3000]*(?:规定)?[：:]?[ \t\u3000]*“|[ \t\u3000]*[：:][ \t\u3000]*[^\W\d_]")
# a line that goes on with the article quoted above: its next 项 （二）… ㈡…
_CONTINUED_LINE = re.compile(rf"\n{_FILLER}*(?:[（(][一二三四五六七八九十]{{1,3}}[）)]|[㈠-㈩])")
_QUOTE_TAIL = re.compile(rf"(?:{_FILLER}|{_NUMBERING}|[；;，,、])*$")
_LOOKBACK = 60

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


def _boundary(text: str, start: int, floor: int) -> set[str]:
    """How a head at `start` is set off from what precedes it (since `floor`)."""
    low = max(0, start - _LOOKBACK)
    window = ("\n" if low == 0 else "") + text[low:start]
    kinds = set()
    if _LINE_START.search(window):
        kinds.add("line")
    if _NUMBERED.search(window) or (text[start] in _TITLE_MARKS and _GLUED_NUMBERING.search(window)):
        kinds.add("numbered")
    if _ISSUER_BEFORE.search(window):
        kinds.add("issuer")
    if _SENTENCE_END.search(window):
        kinds.add("sentence")
    if floor <= start and start - floor <= _LOOKBACK and _ADJACENT.match(text[floor:start]):
        kinds.add("adjacent")
    return kinds


def _role(candidate: Candidate, head: Head, state: str, boundary: set[str],
          previous: _Entry | None, quotes_next: bool) -> str:
    """Own citation, cross-reference inside a quote, or nothing (a numeral that cites nothing)."""
    if candidate.kind == "bare_articles":                 # ；三十八条 — only right after a citation
        return OWN if previous and state != "quoted" and boundary & {"adjacent", "sentence"} else IGNORE
    if candidate.kind == "section":                       # ” 六、 — only after a numbered section
        follows_section = previous is not None and previous.head.section
        return OWN if follows_section and state != "quoted" and boundary else IGNORE
    if candidate.kind == "annex":                         # ，附件一（全文）
        return OWN if previous is not None and (state == "out" or boundary) else IGNORE
    if head.kind == "self_reference":                     # 本条例第四十条
        return CROSS if previous else IGNORE
    if state == "out":
        return OWN
    new_entry = bool(boundary & {"line", "numbered"}) or (
        candidate.kind in ("titled", "numbered") and "issuer" in boundary)
    introduces_quote = candidate.kind == "locator" and quotes_next   # …经办规程（试行）第七条：…
    if state == "plain":
        set_off = bool(boundary & {"sentence", "adjacent"})
        return OWN if new_entry or set_off or introduces_quote else CROSS
    if candidate.kind == "locator" and "sentence" in boundary:      # “…等工作。第五十七条用人单位…
        return OWN
    return OWN if new_entry or introduces_quote else CROSS


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
    provisions = head.provisions or (Provision(),)
    return [
        Citation(raw=raw, span=(candidate.start, candidate.end), statute=statute,
                 doc_number=doc_number, chapter=p.chapter, article=p.article,
                 paragraph=p.paragraph, item=p.item,
                 whole_document=head.whole_document and not head.warning,
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
    floor = 0
    for candidate, head in heads:
        state = _state(current, candidate.start)
        if current is not None and state == "out" and current.close is not None:
            floor = max(floor, current.close + 1)
        boundary = _boundary(text, candidate.start, floor)
        quotes_next = bool(_INTRODUCES_QUOTE.match(text, candidate.end))
        role = _role(candidate, head, state, boundary, current, quotes_next)
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
        current = _open_entry(candidate, head, citations, text, quotes)
        entries.append(current)
        anchor = next((c for c in reversed(citations) if c.statute), anchor)
    if current is not None:
        _close_entry(current, text, len(text))
    return [citation for entry in entries for citation in entry.citations]
