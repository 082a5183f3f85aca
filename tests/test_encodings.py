"""Encodings: the same list saved as UTF-8 (±BOM), GB18030/GBK or UTF-16 → identical items."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.list_files import Table, Title, write_csv, write_html
from kg.errors import InputError
from kg.ingest.decode import decode_bytes, decode_file, normalize_newlines
from kg.ingest.read import read_list
from kg.ingest.records import UNREADABLE
from kg.ingest.tabular import read_rows
from kg.paths import LISTS

SEEDS = sorted(path.name for path in LISTS.glob("*.txt"))

# name → how the text becomes bytes
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "gbk": lambda text: text.encode("gbk"),
    "utf-16-le-bom": lambda text: text.encode("utf-16"),   # BOM + little-endian on this machine
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


def items_of(path: Path) -> list[dict]:
    return [{**item.to_json(), "source": None} for item in read_list(path).items]


@pytest.fixture(scope="session")
def seed_items() -> dict[str, list[dict]]:
    """Items of every seed as bundled (UTF-8), the reference for the other encodings."""
    return {seed: items_of(LISTS / seed) for seed in SEEDS}


def test_every_seed_is_bundled() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_saved_in_any_encoding_gives_identical_items(
        tmp_path: Path, seed_items: dict, seed: str, encoding: str) -> None:
    text = (LISTS / seed).read_text(encoding="utf-8")
    path = tmp_path / seed
    path.write_bytes(ENCODINGS[encoding](text))
    assert decode_file(path) == text
    assert items_of(path) == seed_items[seed]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_endings_give_identical_items(
        tmp_path: Path, seed_items: dict, newline: str) -> None:
    seed = "tianshui-city-ybj.txt"
    text = (LISTS / seed).read_text(encoding="utf-8")
    path = tmp_path / seed
    path.write_bytes(text.replace("\n", newline).encode("gb18030"))
    assert items_of(path) == seed_items[seed]
    assert [item["lines"] for item in items_of(path)] == [i["lines"] for i in seed_items[seed]]


def test_short_gbk_text_is_read_as_gb18030_not_a_look_alike_encoding() -> None:
    # charset-normalizer ranks cp949 (Korean) first for these bytes; a Chinese list wins.
    text = "序号\t事项名称\n1\t对骗保的处罚\n"
    assert decode_bytes(text.encode("gbk"), "short.txt") == text


def test_characters_beyond_gbk_survive_gb18030() -> None:
    text = "序号\t事项名称\n1\t对䶮、𠀀字号医药机构的检查（GB18030 四字节字符）\n" * 3
    assert decode_bytes(text.encode("gb18030"), "rare.txt") == text


def test_tabular_text_formats_decode_like_text_lists(tmp_path: Path) -> None:
    table = Table([["序号", "事项名称", "职权类别"], ["1", "医疗救助对象救助金给付", "行政给付"]])
    csv_file = write_csv(tmp_path / "list.csv", [Title("某县医疗保障局权责清单"), table],
                         delimiter="\t", encoding="utf-16")
    html_file = write_html(tmp_path / "list.html", [table], encoding="gb18030")
    expected = [["序号", "事项名称", "职权类别"], ["1", "医疗救助对象救助金给付", "行政给付"]]
    assert [[c.text for c in row.cells] for row in read_rows(csv_file)][1:] == expected
    assert [[c.text for c in row.cells] for row in read_rows(html_file)] == expected


def test_text_in_no_supported_encoding_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    with pytest.raises(InputError) as raised:
        decode_file(path)
    assert raised.value.path == str(path) and "encoding" in raised.value.reason


@pytest.mark.parametrize("damage", ["byte-dropped-inside", "cut-inside-last-character"])
def test_one_damaged_utf8_character_costs_that_character_not_the_file(tmp_path: Path, damage: str) -> None:
    text = (LISTS / "tianshui-city-ybj.txt").read_text(encoding="utf-8").rstrip()
    data = text.encode("utf-8")
    cut = 5000 if damage == "byte-dropped-inside" else len(data) - 1   # inside a 3-byte character
    path = tmp_path / "list.txt"
    path.write_bytes(data[:cut] + data[cut + 1:])
    decoded = decode_file(path)
    assert decoded.count(UNREADABLE) == 1                  # read as UTF-8, not as another encoding
    line = data.count(b"\n", 0, cut)
    assert UNREADABLE in decoded.split("\n")[line]
    assert decoded.split("\n")[:line] == text.split("\n")[:line]


def test_utf8_damaged_throughout_is_refused_at_its_first_bad_line(tmp_path: Path) -> None:
    data = bytearray((LISTS / "tianshui-city-ybj.txt").read_bytes())
    first = 5000
    for cut in range(first, len(data), 97):                # one byte in every 97: ~3 % of the characters
        data[cut] = 0xFF
    path = tmp_path / "list.txt"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as raised:
        decode_file(path)
    assert raised.value.line == data.count(b"\n", 0, first) + 1
    assert "damaged UTF-8" in raised.value.reason


def test_a_few_nul_bytes_are_read_as_unreadable_characters_and_many_refused() -> None:
    assert decode_bytes("序号\t事项\x00名称\n".encode(), "nul.txt") == f"序号\t事项{UNREADABLE}名称\n"
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x00\x01\x02abc" * 100, "binary.bin")


CHINESE_TEXT = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                       st.sampled_from("0123456789，。、；：“”（）《》\t\n\r 第条款项")),
    min_size=1, max_size=200,
).filter(lambda text: text.strip())


@settings(max_examples=60, deadline=None)
@given(text=CHINESE_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_encodings_round_trip(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding), "t.txt")
    assert decoded == text
    assert "\r" not in normalize_newlines(decoded)
    assert normalize_newlines(decoded).count("\n") == len(re.findall(r"\r\n|\r|\n", text))


@settings(max_examples=60, deadline=None)
@given(text=st.builds(str.__add__, st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                                           min_size=20, max_size=60), CHINESE_TEXT),
       where=st.floats(0, 1), byte=st.sampled_from([0x80, 0xC3, 0xE4, 0xFF]))
def test_one_bad_byte_between_characters_is_read_as_one_unreadable_character(text: str, where: float,
                                                                            byte: int) -> None:
    at = round(where * len(text))
    data = text[:at].encode("utf-8") + bytes([byte]) + text[at:].encode("utf-8")
    decoded = decode_bytes(data, "t.txt")
    assert decoded == text[:at] + UNREADABLE + text[at:]
