"""The cite+resolve pipeline over a list: provisions that name no document are kept apart."""

from kg.ingest.records import Item
from kg.pipeline import UNATTRIBUTED_FLAG, cite_item
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
