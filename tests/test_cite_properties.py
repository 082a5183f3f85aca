"""Properties of extract_citations on any input: never raises, spans index the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cite.extract import extract_citations

# characters that make up citations, so generated texts reach deep into scan, grammar and resolution
_CITATION_ALPHABET = list("《》‹〈〉<>第条章款项、至和一二三四五六七八九十百零〇0123456789１２（）()“”：:；。，"
                          "\n 本法条例办法号〔〕[]【】全文附件令国务院社会保险规定依照")


def _check(text: str) -> None:
    for citation in extract_citations(text):
        start, end = citation.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == citation.raw
        if citation.quote_span:
            assert text[citation.quote_span[0]:citation.quote_span[1]] == citation.quote
        for reference in citation.cross_references:
            assert text[reference.span[0]:reference.span[1]] == reference.raw


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text):
    _check(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_CITATION_ALPHABET, max_size=120))
def test_citation_like_noise_never_raises_and_spans_hold(text):
    _check(text)


def test_empty_and_non_text():
    assert extract_citations("") == []
    assert extract_citations(None) == []   # type: ignore[arg-type]


_PIECES = ["《社会保险法》", "第八十七条", "、", "至", "第三款", "“", "”", "：", "；", "。", "\n", "本法",
           "（国务院令第259号）", "石政规〔2019〕7号", "附件一", "（全文）", "全文", "四", "三十八条", "第（一）",
           "项", "【法律】", "1. ", "社会保险法", "第十十条", "（2018年修正）", "《X", "号）", "〈", "〉",
           "国务院令第711号", "局第2号令", "部令 第13号", "\n（二）", "<p>", "罚款2.", "㈠"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_shuffled_citation_pieces_never_raise_and_spans_hold(pieces):
    _check("".join(pieces))
