"""The Python facts of the validate stage: code pattern, look-alikes, quote comparison, catalog pairing."""

from hypothesis import given
from hypothesis import strategies as st

from kg.ingest.records import CatalogEntry, Item
from kg.validate import codes
from kg.validate.catalog import pair_catalog, same_name
from kg.validate.quotes import best_matching_article, compare_quote

# codes of the 北关 list as printed (OCR: Cyrillic Н, 8 for B, 1 for a letter, a foreign prefix)
BEIGUAN_CODES = (["410503003980001"] + [f"4105030039B000{n}" for n in range(2, 8)] + ["4105030039C0001",
                 "4105010039E0001"] + [f"4105030037F000{n}" for n in (1, 2, 4, 5, 6)]
                 + [f"4105030039Н000{n}" for n in range(1, 6)] + ["4105030039H0006", "4105030039Н0007",
                 "4105030039Н0008", "4105030039H0009", "4105030039Н0010", "410503003910001"])

ART_87 = ("社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构以欺诈、"
          "伪造证明材料或者其他手段骗取社会保险基金支出的，"
          "由社会保险行政部门责令退回骗取的社会保险金，处骗取金额二倍以上五倍以下的罚款；属于社会保险服务机构的，解除服务协议；"
          "直接负责的主管人员和其他直接责任人员有执业资格的，依法吊销其执业资格。")
ART_77 = ("县级以上人民政府社会保险行政部门应当加强对用人单位和个人遵守社会保险法律、法规情况的监督检查。"
          "社会保险行政部门实施监督检查时，被检查的用人单位和个人应当如实提供与社会保险有关的资料，不得拒绝检查或者谎报、瞒报。")


def test_cyrillic_letter_in_a_code_is_a_lookalike():
    [hit] = codes.lookalikes("4105030039Н0001")
    assert (hit.character, hit.looks_like, hit.name) == ("Н", "H", "CYRILLIC CAPITAL LETTER EN")
    assert codes.lookalikes("4105030039H0001") == []
    assert codes.canonical_code("4105030039Н0001") == "4105030039H0001"
    assert [h.looks_like for h in codes.lookalikes("41050３")] == ["3"]      # full-width digit


def test_pattern_learned_from_the_list_flags_the_odd_codes():
    canonical = [codes.canonical_code(c) for c in BEIGUAN_CODES]
    pattern = codes.learn_pattern(canonical)
    assert pattern.length == 15 and pattern.prefix == "410503003"
    assert pattern.shape == "ddddddddddAdddd"
    odd_shape = [c for c in canonical if codes.code_shape(c) != pattern.shape]
    assert odd_shape == ["410503003980001", "410503003910001"]          # B read as 8, a letter as 1
    assert [c for c in canonical if not c.startswith(pattern.prefix)] == ["4105010039E0001"]


def test_no_pattern_from_too_few_or_unlike_codes():
    assert codes.learn_pattern(["A1", "B22"]) == codes.CodePattern(None, None, None)
    assert codes.learn_pattern(["1", "22", "333", "4444", "55555"]).length is None


def test_category_segment_found_and_mapped():
    categories = {"B": "行政处罚", "C": "行政强制", "F": "行政检查", "H": "其他行政权力"}
    coded = [(f"4105030039{letter}000{n}", category) for letter, category in categories.items() for n in range(1, 4)]
    segment = codes.learn_category_segment(coded)
    assert (segment.start, segment.end) == (10, 11)
    assert segment.categories == categories


def test_quote_with_one_wrong_character_shows_the_difference():
    quote = ART_87.replace("以欺诈", "经欺诈")
    comparison = compare_quote(quote, ART_87)
    assert 0.95 < comparison.similarity < 1
    assert any("经欺诈" in d and "以欺诈" in d for d in comparison.differences)


def test_partial_and_elided_quotes_match_fully():
    assert compare_quote(ART_87[:60], ART_87).similarity == 1.0
    article = "可以采取下列措施：\n（一）进入现场检查；\n（二）询问有关人员；\n（三）对可能被转移的资料予以封存。"
    assert compare_quote("可以采取下列措施：（三）对可能被转移的资料予以封存。", article).similarity == 1.0


def test_short_quote_is_not_compared():
    assert compare_quote("生育医疗补助", ART_87) is None


def test_best_matching_article_is_the_quoted_one():
    quote = ART_87.replace("以欺诈", "经欺诈")
    assert best_matching_article(quote, {77: ART_77, 87: ART_87})[0] == 87
    assert compare_quote(quote, ART_77).similarity < 0.5


def _item(name, seq=None, category="行政处罚", sub_item=None):
    return Item(source="s", seq=seq, name=name, sub_item=sub_item, category=category, category_norm=category)


def test_catalog_pairs_reworded_names_and_leaves_the_rest():
    items = [_item("用人单位不办理医疗保险登记行为的处罚", "2"), _item("骗取医疗保障基金行为的处罚", "1"),
             _item("医疗保障稽核", "3", "行政检查")]
    entries = [CatalogEntry("1", "骗取医疗保障基金行为的处罚", "行政处罚", "行政处罚", 10),
               CatalogEntry("2", "用人单位不办理社会保险（医疗保障）登记行为的处罚", "行政处罚", "行政处罚", 11),
               CatalogEntry("9", "对定点医药机构的监督检查", "行政检查", "行政检查", 12)]
    pairing = pair_catalog(items, entries)
    assert pairing.pairs == {0: 1, 1: 0}
    assert pairing.entries_without_item == [2] and pairing.items_without_entry == [2]
    assert same_name(entries[0], items[1]) and not same_name(entries[1], items[0])


def test_main_and_sub_item_markers_do_not_make_names_differ():
    entry = CatalogEntry("16", "基本医疗保险参保信息查询（主项） --参保单位参保信息查询", None, None, 1)
    item = _item("基本医疗保险参保信息查询（主项）--参保单位参保信息查询（子项）")
    assert same_name(entry, item)


CYRILLIC_FOR_LATIN = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
                      "P": "Р", "T": "Т", "X": "Х"}


@given(st.lists(st.sampled_from(sorted(CYRILLIC_FOR_LATIN)), min_size=5, max_size=30),
       st.integers(min_value=0, max_value=29))
def test_any_cyrillic_look_alike_is_found_and_undone(letters, position):
    listed = [f"41050300{letter}{n:04d}" for n, letter in enumerate(letters)]
    index = position % len(listed)
    letter = listed[index][8]
    forged = listed[index][:8] + CYRILLIC_FOR_LATIN[letter] + listed[index][9:]
    assert [hit.looks_like for hit in codes.lookalikes(forged)] == [letter]
    assert codes.canonical_code(forged) == listed[index]
    pattern = codes.learn_pattern([codes.canonical_code(c) for c in [*listed[:index], forged, *listed[index + 1:]]])
    assert pattern.shape == "ddddddddAdddd" and pattern.length == 13


def test_a_left_out_character_is_one_difference_not_two():
    comparison = compare_quote(ART_87.replace("以及", "及"), ART_87)
    assert comparison.differences == ["引文“机构及医”／原文“机构以及医”"]
