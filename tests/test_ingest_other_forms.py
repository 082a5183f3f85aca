"""Lists in layouts none of the seeds use (written for these tests in the forms of other published
lists): a markdown pipe table headed 执法主体/类型/法律依据, and an HTML table whose 追责依据
column must not be taken for the item's basis. Guards against fitting the ingest to the seeds."""

from pathlib import Path

import pytest

from kg.cite.extract import extract_citations
from kg.ingest.read import read_list

FORMS = Path(__file__).parent / "data" / "forms"


@pytest.fixture(scope="module")
def pipe_table():
    return read_list(FORMS / "enforcement-list-pipe-table.md")


@pytest.fixture(scope="module")
def html_list():
    return read_list(FORMS / "power-list-with-accountability-basis.html")


def test_pipe_table_maps_loose_headers(pipe_table):
    items = pipe_table.items
    assert [i.seq for i in items] == ["1", "2", "3", "4"]
    assert [i.category_norm for i in items] == ["行政强制"] * 3 + ["行政处罚"]
    assert all(i.agency == "医保局" for i in items)
    assert items[2].basis.startswith("1.《中华人民共和国社会保险法》第七十九条第二款")


def test_clean_short_lists_are_not_flagged_as_ocr_damage(pipe_table, html_list):
    for item in pipe_table.items + html_list.items:
        assert not [f for f in item.flags if f.startswith("ocr-")], item.name


def test_accountability_basis_is_not_the_items_basis(html_list):
    first = html_list.items[0]
    assert first.seq == "1177"
    assert "行政处罚法" not in first.basis
    assert first.basis.startswith("《重庆市骗取社会保险基金处理办法》(渝府令第231号)第十五条")
    assert first.accountability.splitlines()[0] == "1. 不依法处理举报、投诉,造成严重后果的;"


def test_citations_of_other_forms(html_list):
    by_seq = {i.seq: extract_citations(i.basis) for i in html_list.items}
    assert [(c.article, c.paragraph, c.item) for c in by_seq["1178"]] == [(38, 1, 3), (40, 2, None)]
    # the quote's 第(一)项 are cross-references, not the item's basis
    assert [(c.doc_number, c.article) for c in by_seq["1177"]] == [("渝府令第231号", 15)]
    disclosure = [(c.statute, c.article) for c in by_seq["1179"]]
    assert [a for _, a in disclosure] == [4, 12, 27, 28, 29, 30, 49, 50]
    assert disclosure[-1][0] == "国务院令第711号"
