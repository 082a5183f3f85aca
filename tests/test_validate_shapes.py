"""ontology/shapes.ttl: valid SHACL, and each check fires on a small bad graph and not on a good one.

The graphs are hand-made in the vocabulary of ontology/kg.ttl, with the facts the validate stage
computes beforehand written out, so each test pins down what one shape judges.
"""

from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SH

from kg.validate.run import shacl_results
from kg.validate.shapes import check_of, checks, shapes_graph

SHACL_SHACL = Path(__file__).parent / "data" / "shacl-shacl.ttl"

PREFIXES = """
@prefix kg: <https://w3id.org/quanze-kg/ns#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# a clean item: basis with one article citation, a standard category
CLEAN_ITEM = """
ex:item a kg:Item ; kg:name "医疗保障登记" ; kg:category kg:OtherPower ;
    kg:basis "《社会保险法》第五十七条" ; kg:hasCitation ex:cite .
ex:cite a kg:Citation ; kg:raw "《社会保险法》第五十七条" ; kg:articleNumber 57 ;
    kg:wholeDocument false ; kg:citedStatute ex:law .
ex:law a kg:Statute ; kg:status kg:InForce .
"""


def fired(turtle: str) -> set[tuple[str, str]]:
    """(focus local name, check identifier) of every result of the shapes over the graph."""
    data = Graph().parse(data=PREFIXES + turtle, format="turtle")
    results = shacl_results(data)
    return {(str(results.value(r, SH.focusNode)).rsplit("/", 1)[-1],
             check_of(results.value(r, SH.sourceShape)).identifier)
            for r in results.subjects(RDF.type, SH.ValidationResult)}


def test_shapes_are_valid_shacl():
    shacl_shacl = Graph().parse(SHACL_SHACL, format="turtle")
    conforms, _, text = pyshacl.validate(shapes_graph(), shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def test_shacl_shacl_rejects_a_broken_shape():
    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity "high" ;
            sh:property [ sh:path ex:p ; sh:minCount "one" ] .""", format="turtle")
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=Graph().parse(SHACL_SHACL), inference="none")
    assert not conforms


def test_every_check_has_identifier_severity_and_chinese_message():
    graph = shapes_graph()
    identifiers = {check.identifier for check in checks().values()}
    assert {"MissingBasis", "NoCitationFound", "WholeDocumentOnly", "WeakBasisForSanction",
            "UnresolvedStatute", "ArticleOutOfRange", "QuoteMismatch", "WrongArticleNumber",
            "RepealedStatute", "NoSanctionArticle", "PenaltyMismatch", "UnknownCategory",
            "CategoryCodeMismatch", "MalformedCode", "CatalogMismatch", "DeclaredCountMismatch",
            "DuplicateItem", "UnreadableCitation", "BasisAsAbove"} <= identifiers
    for shape, check in checks().items():
        assert check.severity in ("Violation", "Warning", "Info")
        if graph.value(shape, SH.property) is None and graph.value(shape, SH.message) is None:
            continue          # a node shape whose results come from its property shapes
        for message in graph.objects(shape, SH.message):
            assert message.language == "zh" and "：" in message, (check.identifier, message)


def test_uses_only_shacl_core():
    forbidden = {SH.sparql, SH.rule, SH.target, SH.js}
    assert not [t for t in shapes_graph() if t[1] in forbidden]


def test_clean_item_passes_every_check():
    assert fired(CLEAN_ITEM) == set()


CASES = {
    "MissingBasis": (
        'ex:item a kg:Item ; kg:category kg:OtherPower ; kg:basis "" .',
        CLEAN_ITEM),
    "NoCitationFound": (
        'ex:item a kg:Item ; kg:category kg:OtherPower ; kg:basis "依据国家有关规定" .',
        CLEAN_ITEM),
    "WholeDocumentOnly": (
        CLEAN_ITEM.replace("kg:wholeDocument false", "kg:wholeDocument true"),
        CLEAN_ITEM),
    "WeakBasisForSanction": (
        CLEAN_ITEM.replace("kg:OtherPower", "kg:Penalty") + 'ex:cite kg:citedLevel "规范性文件" .',
        CLEAN_ITEM.replace("kg:OtherPower", "kg:Penalty") + 'ex:cite kg:citedLevel "法律" .'),
    "UnresolvedStatute": (
        CLEAN_ITEM.replace("ex:law a kg:Statute", "ex:law a kg:UnresolvedStatute"),
        CLEAN_ITEM),
    "ArticleOutOfRange": (
        CLEAN_ITEM + "ex:cite kg:lastArticle 31 .",
        CLEAN_ITEM + "ex:cite kg:lastArticle 98 ."),
    "QuoteMismatch": (
        CLEAN_ITEM + 'ex:cite kg:quoteSimilarity 0.96 ; kg:quoteDifference "引文“揶用”／原文“挪用”" .',
        CLEAN_ITEM + "ex:cite kg:quoteSimilarity 0.28 ; kg:bestMatchingArticle 87 ; kg:bestMatchSimilarity 0.98 ."),
    "WrongArticleNumber": (
        CLEAN_ITEM + "ex:cite kg:quoteSimilarity 0.28 ; kg:bestMatchingArticle 87 ; kg:bestMatchSimilarity 0.98 .",
        CLEAN_ITEM + "ex:cite kg:quoteSimilarity 0.95 ; kg:bestMatchingArticle 58 ; kg:bestMatchSimilarity 0.97 ."),
    "RepealedStatute": (
        CLEAN_ITEM.replace("kg:InForce", "kg:Repealed"),
        CLEAN_ITEM.replace("kg:InForce", "kg:Amended")),
    "NoSanctionArticle": (
        CLEAN_ITEM.replace("kg:OtherPower", "kg:Penalty")
        + "ex:item kg:sanctioningProvisionCount 0 ; kg:uncheckedProvisionCount 0 .",
        CLEAN_ITEM.replace("kg:OtherPower", "kg:Penalty")
        + "ex:item kg:sanctioningProvisionCount 1 ; kg:uncheckedProvisionCount 0 ."),
    "PenaltyMismatch": (
        CLEAN_ITEM + 'ex:cite kg:quotedSanctionDiffers "引文“处一倍以上三倍以下的罚款”／原文“处二倍以上五倍以下的罚款”'
                     '" .',
        CLEAN_ITEM),
    "UnknownCategory": (
        CLEAN_ITEM.replace("kg:category kg:OtherPower ;", 'kg:categoryAsPrinted "行政财" ;'),
        CLEAN_ITEM),
    "CategoryCodeMismatch": (
        CLEAN_ITEM + "ex:item kg:codeCategory kg:Penalty .",
        CLEAN_ITEM + "ex:item kg:codeCategory kg:OtherPower ."),
    "MalformedCode": (
        CLEAN_ITEM + 'ex:item kg:code "4105030039Н0001" ; kg:lookalikeCharacter "Н（CYRILLIC CAPITAL LETTER EN，形似 '
                     'H）" .',
        CLEAN_ITEM + 'ex:item kg:code "4105030039H0001" ; kg:codeLength 15 ; kg:typicalCodeLength 15 .'),
    "CatalogMismatch": (
        CLEAN_ITEM + "ex:item kg:listedInCatalog false .",
        CLEAN_ITEM + "ex:item kg:listedInCatalog true ."),
    "DeclaredCountMismatch": (
        "ex:count a kg:CategoryCount ; kg:declaredCount 3 ; kg:itemCount 2 .",
        "ex:count a kg:CategoryCount ; kg:declaredCount 2 ; kg:itemCount 2 ."),
    "UnreadableCitation": (
        CLEAN_ITEM + 'ex:item kg:unreadableCitation "《世界》" .',
        CLEAN_ITEM),
    "UnreadableText": (
        CLEAN_ITEM + 'ex:item kg:flag "missing-category", "unreadable-text" .',
        CLEAN_ITEM + 'ex:item kg:flag "missing-category" .'),
    "BasisAsAbove": (
        CLEAN_ITEM + 'ex:item2 a kg:Item ; kg:name "医疗保障登记" ; kg:category kg:OtherPower ; '
        'kg:basis "《社会保险法》第五十七条" ; kg:hasCitation ex:cite ; kg:basisAsAbove ex:item .',
        CLEAN_ITEM),
    "DuplicateItem": (
        CLEAN_ITEM + 'ex:item2 a kg:Item ; kg:name "医疗保障登记" ; kg:category kg:OtherPower ; '
        'kg:basis "《社会保险法》第五十七条" ; kg:hasCitation ex:cite ; kg:duplicateOf ex:item .',
        CLEAN_ITEM),
}


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_fires_on_bad_and_not_on_good(check):
    bad, good = CASES[check]
    assert check in {identifier for _, identifier in fired(bad)}
    assert check not in {identifier for _, identifier in fired(good)}


@pytest.mark.parametrize("fact, value, typical", [
    ("codeLength", "26", "31"), ("codePrefix", '"410501003"', '"410503003"'),
    ("codeShape", '"ddddddddddddddd"', '"ddddddddddAdddd"')])
def test_code_deviating_from_the_list_pattern_is_malformed(fact, value, typical):
    typical_fact = "typical" + fact[0].upper() + fact[1:]
    bad = CLEAN_ITEM + f'ex:item kg:code "x" ; kg:{fact} {value} ; kg:{typical_fact} {typical} .'
    good = CLEAN_ITEM + f'ex:item kg:code "x" ; kg:{fact} {typical} ; kg:{typical_fact} {typical} .'
    assert ("item", "MalformedCode") in fired(bad)
    assert ("item", "MalformedCode") not in fired(good)


def test_catalog_entry_without_item_and_differing_names():
    bad = CLEAN_ITEM + ('ex:entry a kg:CatalogEntry ; kg:describedItemCount 0 .'
                        'ex:item kg:listedInCatalog true ; kg:catalogName "社会保险（医疗保障）登记" .')
    assert {("entry", "CatalogMismatch"), ("item", "CatalogMismatch")} <= fired(bad)


def test_declared_total_and_categories_compared_with_the_detail():
    bad = ("ex:catalog a kg:Catalog ; kg:declaredTotal 12 ; kg:itemTotal 11 ; "
           "kg:declaredCategories 6 ; kg:categoryTotal 6 .")
    good = ("ex:catalog a kg:Catalog ; kg:declaredTotal 12 ; kg:itemTotal 12 ; "
            "kg:declaredCategories 6 ; kg:categoryTotal 6 .")
    assert ("catalog", "DeclaredCountMismatch") in fired(bad)
    assert fired(good) == set()


def test_sanction_check_ignores_items_that_are_not_penalties_or_cannot_be_checked():
    other = CLEAN_ITEM + "ex:item kg:sanctioningProvisionCount 0 ; kg:uncheckedProvisionCount 0 ."
    unchecked = (CLEAN_ITEM.replace("kg:OtherPower", "kg:Penalty")
                 + "ex:item kg:sanctioningProvisionCount 0 ; kg:uncheckedProvisionCount 1 .")
    assert fired(other) == set()
    assert fired(unchecked) == set()


def test_quote_of_another_article_is_not_also_a_mis_quote():
    other_article = CLEAN_ITEM + ("ex:cite kg:quoteSimilarity 0.28 ; kg:bestMatchingArticle 87 ; "
                                  "kg:bestMatchSimilarity 0.98 .")
    weak_other = CLEAN_ITEM + ("ex:cite kg:quoteSimilarity 0.96 ; kg:bestMatchingArticle 20 ; "
                               "kg:bestMatchSimilarity 0.36 .")
    assert {check for _, check in fired(other_article)} == {"WrongArticleNumber"}
    assert {check for _, check in fired(weak_other)} == {"QuoteMismatch"}


def test_edges_of_the_shapes_written_without_nested_negation():
    # NoCitationFound: a basis of punctuation and digits only is MissingBasis, not NoCitationFound
    no_letters = 'ex:item a kg:Item ; kg:category kg:OtherPower ; kg:basis "——1." .'
    assert {check for _, check in fired(no_letters)} == {"MissingBasis"}
    # WholeDocumentOnly: a citation that does not say it is a whole document counts as a provision
    assert fired(CLEAN_ITEM.replace("kg:wholeDocument false ;", "")) == set()
    # WeakBasisForSanction: any of an item's categories being 行政处罚 makes it a sanction
    two = CLEAN_ITEM.replace("kg:category kg:OtherPower", "kg:category kg:OtherPower, kg:Penalty")
    assert ("item", "WeakBasisForSanction") in fired(two + 'ex:cite kg:citedLevel "规范性文件" .')
    assert ("item", "WeakBasisForSanction") not in fired(CLEAN_ITEM + 'ex:cite kg:citedLevel "规范性文件" .')
