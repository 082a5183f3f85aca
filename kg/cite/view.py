"""The reading view of a basis text: the same length as the text, so every span found in the view
indexes the text as printed.

What differs from the printed text:
- line breaks read as \n (\r\n as " \n");
- traditional characters of the citation vocabulary read as simplified (條 → 条, 號 → 号);
- the notes after a title — parentheticals of any length, nested 《》〈〉（）, 。 and line breaks
  inside, and '+'-joined parts such as +2015年某某部令第7号+ — are masked: their content becomes
  NOTE_FILL, so the decisions and document numbers named in an enactment note are never read as
  citations, and the title reaches the provisions after its note;
- a line break inside a title wrapped over two lines of a cell reads as a space.
"""

from __future__ import annotations

import re

from kg.cite.lexicon import ends_as_title, simplified

NOTE_FILL = "\ue000"              # a private-use character no pattern reads as text
NOTE_MAX = 4000                   # characters; a parenthesis open longer than this is not a note
_OPENING, _CLOSING = "《‹«〈", "》›»〉"
_SPACES = " \t\u3000\xa0"
_TITLE_MAX = 300                  # characters a title may run before its closing mark
_TITLE_MARKS = re.compile(r"[《‹«〈》›»〉<>（(\n]")
_PARENTHESES = re.compile(r"[（()）\n]")
# a line that starts a provision or an entry: a note open before it has lost its closing mark
_ENTRY_START = re.compile(r"[ \t\u3000]*(?:第[ \t\u3000]*[0-9０-９零〇一二两三四五六七八九十百千]+"
                          r"[ \t\u3000]*[条章]|【)")
_TITLE_OPENING = re.compile(f"[{_OPENING}]")
# a title wrapped over two lines of a cell: 《中华人民共和国⏎行政许可法》 (the line break reads as a space)
_WRAPPED_TITLE = re.compile(r"[《‹«〈][^《》‹›«»〈〉\n]{1,80}\n"
                            r"[ \t\u3000]*[^《》‹›«»〈〉\n第【 \t\u3000][^《》‹›«»〈〉\n]{0,80}[》›»〉]")
_PART_END = re.compile(r"[+＋\n]")
_PART_MAX = 200                   # characters of a '+'-joined part
# a part joined to a title by spaces, 、 or / that numbers or dates the document, when provisions
# follow it: 《X办法》 2015年某某部令第7号 第三、五条 · 《X法》/第十一届全国人民代表大会第五次会议/第九条
_REMARK_PART = re.compile(
    r"[ \t\u3000]*(?P<part>(?:[、/／][ \t\u3000]*)?[^\s《》【】“”（()）+＋、/／，,。；;：:]{2,60}?"
    r"(?:号|会议|通过|公布|发布|施行|修正|修订)(?:[ \t\u3000]*[、/／])?)"
    r"(?=[ \t\u3000]*(?:第[ \t\u3000]*[0-9０-９零〇一二两三四五六七八九十百千、至和及与]+"
    r"[ \t\u3000]*(?:[章条款项]|部分)"
    r"|全[ \t\u3000]*文))")
_PLUS = "+＋"
# what a parenthesis after a title may hold that is not a note but the citation's target
_TARGET_INSIDE = re.compile(r"[ \t\u3000]*(?:第[ \t\u3000]*"
                            r"[0-9０-９零〇一二两三四五六七八九十百千、，,至到和及与 \t\u3000]+"
                            r"(?:[章条款项]|部分)|全[ \t\u3000]*文|附[ \t\u3000]*件)")


def reading_view(text: str) -> str:
    """`text` with traditional characters simplified and the notes after titles masked."""
    view = simplified(text)
    if "\r" in view:                                  # \r\n and a lone \r are line breaks too
        view = view.replace("\r\n", " \n").replace("\r", "\n")
    if not any(mark in view for mark in _OPENING):
        return view
    if "\n" in view:
        view = _WRAPPED_TITLE.sub(lambda title: title.group(0).replace("\n", " "), view)
    masked: list[tuple[int, int]] = []
    pairs = _Pairs(view)
    position = 0
    for opening in _TITLE_OPENING.finditer(view):
        if opening.start() < position:
            continue                                   # a title inside a note or a title
        end, closed = _title_end(view, opening.start())
        if end is None:
            continue
        if not closed and not _unclosed_title_is_credible(view, opening.start(), end, pairs):
            position = end
            continue
        position = _notes_after(view, end, pairs, masked)
    if not masked:
        return view
    pieces, last = [], 0
    for start, end in masked:
        pieces += [view[last:start], NOTE_FILL * (end - start)]
        last = end
    return "".join(pieces) + view[last:]


def _title_end(view: str, start: int) -> tuple[int | None, bool]:
    """Index after the title that opens at `start` and whether its marks close: the outermost
    closing mark on the same line, else (an unclosed 《) the first parenthesis outside nested marks."""
    depth = 0
    first_parenthesis = None
    for mark in _TITLE_MARKS.finditer(view, start, start + _TITLE_MAX):
        ch = mark.group(0)
        if ch == "\n":
            break
        if ch in _OPENING or (ch == "<" and depth >= 1):           # 《…‹Y>的通知》
            depth += 1
        elif ch in _CLOSING or (ch == ">" and depth >= 2):
            depth -= 1
            if depth <= 0:
                index = mark.start()
                while index + 1 < len(view) and view[index + 1] in _CLOSING:   # 》》
                    index += 1
                return index + 1, True
        elif ch in "（(" and depth == 1 and first_parenthesis is None:
            first_parenthesis = mark.start()
    return first_parenthesis, False


def _unclosed_title_is_credible(view: str, start: int, end: int, pairs: _Pairs) -> bool:
    """《某区实施〈X法〉办法（2006年…通过）: the words before the parenthesis end as a title does,
    or the parenthesis holds a document number."""
    words = view[start:end].lstrip(_OPENING).strip()
    if ends_as_title(words):
        return True
    close = pairs.get(end)
    return close is not None and "号" in view[end:close]


class _Pairs:
    """The parenthesis pairs of a view, found on the first question (most texts never ask)."""

    def __init__(self, view: str):
        self._view = view
        self._pairs: dict[int, int] | None = None

    def get(self, opening: int) -> int | None:
        if self._pairs is None:
            self._pairs = _parenthesis_pairs(self._view)
        return self._pairs.get(opening)


def _parenthesis_pairs(view: str) -> dict[int, int]:
    """Index of each （/( → index of the ）/) that closes it, nesting counted, in one pass; a
    parenthesis still open at a line that starts a provision or an entry, or open longer than
    NOTE_MAX, closes nowhere (（新政发〔2017〕95号⏎第七条：…: the ） was lost)."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for parenthesis in _PARENTHESES.finditer(view):
        ch = parenthesis.group(0)
        if ch == "\n":
            if opened and _ENTRY_START.match(view, parenthesis.end()):
                opened.clear()
        elif ch in "（(":
            opened.append(parenthesis.start())
        elif opened:
            start = opened.pop()
            if parenthesis.start() - start <= NOTE_MAX:
                pairs[start] = parenthesis.start()
    return pairs


def _notes_after(view: str, position: int, pairs: _Pairs, masked: list[tuple[int, int]]) -> int:
    """Add to `masked` the insides of the notes that follow a title ending at `position`; the
    index after the last one."""
    while True:
        probe = position
        while probe < len(view) and view[probe] in _SPACES:
            probe += 1
        if probe >= len(view):
            return position
        ch = view[probe]
        if ch in "（(":
            close = pairs.get(probe)
            if close is None or close == probe + 1 or _TARGET_INSIDE.match(view, probe + 1):
                return position
            masked.append((probe + 1, close))
            position = close + 1
        elif ch in _PLUS:
            part_end = _plus_part_end(view, probe + 1)
            part = view[probe + 1:part_end]
            if not part.strip() or _TARGET_INSIDE.match(part) or part_end >= len(view) or view[part_end] not in _PLUS:
                return position                        # +第三、五条 · +全文: the target
            masked.append((probe + 1, part_end))
            position = part_end
        else:
            remark = _REMARK_PART.match(view, position)
            if not remark:
                return position
            masked.append(remark.span("part"))         # 《X》 2015年某某部令第7号 第三条
            position = remark.end()


def _plus_part_end(view: str, start: int) -> int:
    """End of a '+'-joined part: the next '+' or the end of the line."""
    end = _PART_END.search(view, start, start + _PART_MAX)
    return end.start() if end else min(len(view), start + _PART_MAX)
