"""The cite+resolve pipeline over a list: citations nothing could be looked up by are kept apart."""

import pytest

from kg.ingest.records import Item
from kg.pipeline import ILLEGIBLE_FLAG, UNATTRIBUTED_FLAG, cite_item
from kg.statutes import load_registry


def test_provision_without_document_is_kept_apart_and_flagged():
    # OCR cut the title: only "37号) 第二条" survives; and a title lost before 第八十七条
    item = Item(source="x", seq="1", name="n", basis="37号) 第二条；《社会保险法》第八十六条")
    cited = cite_item(item, load_registry())
    assert [(c.statute_id, c.article) for c in cited.citations] == [("social-insurance-law", 86)]
    assert [c.raw for c in cited.unattributed] == ["第二条"]
    assert UNATTRIBUTED_FLAG in cited.flags
    assert cited.to_json()["unattributed_citations"][0]["article"] == 2


def test_clean_basis_has_nothing_unattributed():
    item = Item(source="x", seq="1", name="n", basis="《社会保险法》第八十七条、第八十八条")
    cited = cite_item(item, load_registry())
    assert [c.article for c in cited.citations] == [87, 88]
    assert cited.unattributed == [] and UNATTRIBUTED_FLAG not in cited.flags


def test_illegible_citations_of_an_ocr_damaged_cell_are_kept_apart_and_flagged():
    # a real OCR-damaged basis cell: one legible citation, then words read into 《》 and a
    # provision read as 第一个工事
    basis = ("1.《中华人民共和国社会保险法》第八十七条; 5.《医疗卫生与健康促进法》第一个工事。 "
             "6.《世界》第一个工事。 6.《社会》第二十八条:")
    cited = cite_item(Item(source="x", seq="1", name="n", basis=basis), load_registry())
    assert [(c.statute_id, c.article) for c in cited.citations] == [("social-insurance-law", 87)]
    assert [(c.raw, c.whole_document) for c in cited.unattributed] == [
        ("《医疗卫生与健康促进法》", False), ("《世界》", False), ("《社会》第二十八条", False)]
    assert "unreadable-provision" in cited.unattributed[0].flags
    assert "not-a-document-title" in cited.unattributed[2].flags
    assert ILLEGIBLE_FLAG in cited.flags and UNATTRIBUTED_FLAG not in cited.flags


@pytest.mark.parametrize("basis", [
    "《河南省省直职工基本医疗保险定点医药机构协议管理办法 (试行)》（豫人社医疗〔2016〕8号）",
    "《国家基本医疗保险、工伤保险和生育保险药品目录》",
    "《中华人民共和国药典》（2020年版）",
    "《劳动能力鉴定 职工工伤与职业病致残等级》",
    "石政规〔2019〕7号第三章第七条",
    "《医疗保障基金使用监督管理条例》\n第四十条",
])
def test_documents_and_their_provisions_stay_citations(basis):
    cited = cite_item(Item(source="x", seq="1", name="n", basis=basis), load_registry())
    assert cited.citations and cited.unattributed == [] and ILLEGIBLE_FLAG not in cited.flags


def test_the_typed_kinds_and_flags_are_the_ones_written():
    """Every sanction kind the penalty stage reads has its concept in the ontology, and every flag
    the cite and resolve stages put on the five lists' citations is a CitationFlag."""
    from typing import get_args

    from kg.cite.records import CitationFlag
    from kg.graph.vocabulary import sanction_kind_concept
    from kg.paths import LISTS
    from kg.penalty.clauses import TRIGGERS
    from kg.penalty.records import SanctionKind
    from kg.pipeline import cite_document, read_source

    kinds = set(get_args(SanctionKind))
    assert {kind for kind, _ in TRIGGERS} | {"fine-multiple"} == kinds
    assert all(sanction_kind_concept(kind) is not None for kind in kinds)
    registry = load_registry()
    flags = set()
    for path in sorted(LISTS.iterdir()):
        document = cite_document(read_source(path).document, registry)
        for item in document.items:
            for citation in (*item.citations, *item.unattributed):
                for cited in (citation, *citation.cross_references):
                    assert all(isinstance(flag, CitationFlag) for flag in cited.flags), cited.flags
                    flags |= set(cited.flags)
    assert {CitationFlag.FOLLOW_ON, CitationFlag.STATUTE_UNRESOLVED} <= flags
