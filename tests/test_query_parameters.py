"""Query parameters declared in a query file's header: kinds, optional ones and defaults."""

from __future__ import annotations

import pytest
from rdflib import Literal

from kg.errors import InputError
from kg.graph.iris import Iris
from kg.graph.vocabulary import KG
from kg.query.bind import bind_parameters
from kg.query.named import parse_query_file
from kg.statutes import load_registry

HEADER = """# Items of one category.
#
# @param category category=行政处罚 the category; left out: 行政处罚
# @param agency string? part of the agency's name
# @param article integer the article (条) number
SELECT ?item WHERE { ?item <https://w3id.org/quanze-kg/ns#category> ?category }
"""


@pytest.fixture(scope="module")
def query(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "by-category.rq"
    path.write_text(HEADER, encoding="utf-8")
    return parse_query_file(path)


def test_header_declares_defaults_and_optional_parameters(query):
    category, agency, article = query.parameters
    assert (category.kind, category.optional, category.default) == ("category", True, "行政处罚")
    assert category.description == "the category; left out: 行政处罚"
    assert (agency.optional, agency.default) == (True, None)
    assert (article.optional, article.default) == (False, None)


def test_a_default_is_bound_when_left_out_and_a_given_value_wins(query):
    registry, iris = load_registry(), Iris()
    assert bind_parameters(query, {"article": "87"}, registry, iris) == {
        "category": KG.Penalty, "article": Literal(87)}
    given = bind_parameters(query, {"article": "87", "category": "行政检查", "agency": "平山"}, registry, iris)
    assert given["category"] == KG.Inspection and given["agency"] == Literal("平山")
    # an empty or blank value is refused, never read as "left out" (issue 20)
    for blank in ("", "  \t"):
        with pytest.raises(InputError, match="category: empty value"):
            bind_parameters(query, {"article": "87", "category": blank}, registry, iris)


def test_a_required_parameter_is_still_required(query):
    with pytest.raises(InputError, match="missing parameter article"):
        bind_parameters(query, {}, load_registry(), Iris())


def test_a_bad_default_names_the_query(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text(HEADER.replace("category=行政处罚", "category=不存在的类别"), encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.*unknown category"):
        bind_parameters(parse_query_file(path), {"article": "1"}, load_registry(), Iris())
