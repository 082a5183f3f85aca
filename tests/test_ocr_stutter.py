"""The stutter test's fast pattern flags exactly what its plain definition flags."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.ocr import _STUTTER

# The definition: a fragment of 2–8 Chinese characters, then itself twice more (separators between).
PLAIN = re.compile(r"([\u4e00-\u9fff]{2,8})(?:[\s,，、;；.。]*\1){2,}")

texts = st.text(alphabet="保险社会法条例一二 ，、。;a1", max_size=60)


@given(st.lists(texts, min_size=1, max_size=4))
@settings(max_examples=400)
def test_fast_pattern_agrees_with_the_definition(parts):
    text = "".join(parts) + "".join(parts[:1]) * 2       # often a real repetition
    assert bool(_STUTTER.search(text)) == bool(PLAIN.search(text))


def test_known_stutters():
    assert _STUTTER.search("社会保险，社会保险，社会保险法")
    assert _STUTTER.search("保险保险保险")
    assert not _STUTTER.search("社会保险社会保险法")       # twice is not a stutter
    assert not _STUTTER.search("第一条、第二条、第三条")
