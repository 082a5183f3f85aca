"""The sanctions of real articles, listed by hand from the texts (data/statutes/texts, the same
as ../shared/statutes): 社会保险法 第八十四、八十六、八十七、八十八条 and
医疗保障基金使用监督管理条例 第三十七至四十一条."""

from __future__ import annotations

import pytest

from kg.penalty.extract import extract_sanctions, sanctions_of_article
from kg.statutes.registry import load_registry

SOCIAL_INSURANCE_LAW = "social-insurance-law"
FUND_REGULATION = "medical-security-fund-regulation"

UNIT = "用人单位"
PERSONS = "直接负责的主管人员和其他直接责任人员"
FRAUDSTERS_87 = "社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构"
INSTITUTION = "定点医药机构"

# (款, kind, minimum, maximum, unit, base, target, target as written, condition)
EXPECTED = {
    (SOCIAL_INSURANCE_LAW, 84): [
        (1, "order", None, None, None, None, "unit", UNIT, None),
        (1, "fine-multiple", 1, 3, "multiple", "应缴社会保险费数额", "unit", UNIT, "逾期不改正的"),
        (1, "fine", 500, 3000, "yuan", None, "responsible-persons", "其" + PERSONS, "逾期不改正的"),
    ],
    (SOCIAL_INSURANCE_LAW, 86): [
        (1, "order", None, None, None, None, "unit", UNIT, None),              # 责令限期缴纳或者补足
        (1, "late-fee", 0.0005, 0.0005, "multiple", None, "unit", UNIT, None),  # 按日加收万分之五
        (1, "fine-multiple", 1, 3, "multiple", "欠缴数额", "unit", UNIT, "逾期仍不缴纳的"),
    ],
    (SOCIAL_INSURANCE_LAW, 87): [
        # the violators are 经办机构 and 服务机构 alike: one sanction for each
        (1, "order", None, None, None, None, "agency", FRAUDSTERS_87, None),
        (1, "order", None, None, None, None, "institution", FRAUDSTERS_87, None),
        (1, "fine-multiple", 2, 5, "multiple", "骗取金额", "agency", FRAUDSTERS_87, None),
        (1, "fine-multiple", 2, 5, "multiple", "骗取金额", "institution", FRAUDSTERS_87, None),
        (1, "agreement-termination", None, None, None, None, "institution", "社会保险服务机构",
         "属于社会保险服务机构的"),
        (1, "revocation", None, None, None, None, "responsible-persons", PERSONS, "有执业资格的"),
    ],
    (SOCIAL_INSURANCE_LAW, 88): [
        # the article names no violator (以欺诈…骗取社会保险待遇的): no target
        (1, "order", None, None, None, None, None, None, None),
        (1, "fine-multiple", 2, 5, "multiple", "骗取金额", None, None, None),
    ],
    (FUND_REGULATION, 37): [
        (1, "order", None, None, None, None, "agency", "医疗保障经办机构", None),
        (1, "fine-multiple", 2, 5, "multiple", "骗取金额", "agency", "医疗保障经办机构", None),
        (1, "disciplinary", None, None, None, None, "responsible-persons", PERSONS, None),
    ],
    (FUND_REGULATION, 38): [
        (1, "order", None, None, None, None, "institution", INSTITUTION, None),   # 责令改正
        (1, "interview", None, None, None, None, "principal", "有关负责人", None),
        (1, "order", None, None, None, None, "institution", INSTITUTION, "造成医疗保障基金损失的"),
        (1, "fine-multiple", 1, 2, "multiple", "造成损失金额", "institution", INSTITUTION,
         "造成医疗保障基金损失的"),
        (1, "suspension", 6, 12, "month", None, "institution", INSTITUTION, "拒不改正或者造成严重后果的"),
    ],
    (FUND_REGULATION, 39): [
        (1, "order", None, None, None, None, "institution", INSTITUTION, None),
        (1, "interview", None, None, None, None, "principal", "有关负责人", None),
        (1, "fine", 10000, 50000, "yuan", None, "institution", INSTITUTION, "拒不改正的"),
    ],
    (FUND_REGULATION, 40): [
        (1, "order", None, None, None, None, "institution", INSTITUTION, None),
        (1, "fine-multiple", 2, 5, "multiple", "骗取金额", "institution", INSTITUTION, None),
        (1, "suspension", 6, 12, "month", None, "institution", INSTITUTION, None),
        (1, "agreement-termination", None, None, None, None, "institution", INSTITUTION, None),
        (1, "revocation", None, None, None, None, "institution", INSTITUTION, "有执业资格的"),
        # 款2 (按照本条规定处理) refers back and states no sanction of its own
    ],
    (FUND_REGULATION, 41): [
        (1, "order", None, None, None, None, "individual", "个人", None),   # 责令改正
        (1, "order", None, None, None, None, "individual", "个人", "造成医疗保障基金损失的"),
        (1, "suspension", 3, 12, "month", None, "insured-person", "参保人员", "属于参保人员的"),
        (2, "fine-multiple", 2, 5, "multiple", "骗取金额", "individual", "个人", None),
    ],
}


@pytest.fixture(scope="session")
def registry():
    return load_registry()


def _row(sanction) -> tuple:
    return (sanction.paragraph, sanction.kind, sanction.minimum, sanction.maximum, sanction.unit,
            sanction.base, sanction.target, sanction.target_text, sanction.condition)


@pytest.mark.parametrize("statute_id, number", sorted(EXPECTED))
def test_article_states_exactly_these_sanctions(registry, statute_id, number):
    article = registry.article(statute_id, number)
    assert [_row(s) for s in sanctions_of_article(article)] == EXPECTED[statute_id, number]


@pytest.mark.parametrize("statute_id, number", sorted(EXPECTED))
def test_spans_point_at_the_sanction_words(registry, statute_id, number):
    article = registry.article(statute_id, number)
    for sanction in sanctions_of_article(article):
        assert article.text[sanction.span[0]:sanction.span[1]] == sanction.text


def test_sanction_words_are_the_phrase_itself(registry):
    words = [s.text for s in sanctions_of_article(registry.article(SOCIAL_INSURANCE_LAW, 84))]
    assert words == ["责令限期改正", "对用人单位处应缴社会保险费数额一倍以上三倍以下的罚款",
                     "对其直接负责的主管人员和其他直接责任人员处五百元以上三千元以下的罚款"]


def test_ban_and_confiscation_of_the_regulation(registry):
    ban, disciplinary = sanctions_of_article(registry.article(FUND_REGULATION, 43))
    assert (ban.kind, ban.minimum, ban.maximum, ban.unit, ban.target) == \
        ("ban", None, 5, "year", "principal")
    assert disciplinary.kind == "disciplinary"
    kinds = [(s.kind, s.condition) for s in sanctions_of_article(registry.article(FUND_REGULATION, 44))]
    assert ("confiscation", "有违法所得的") in kinds


def test_a_quote_with_its_heading_reads_like_the_article(registry):
    quote = "第八十八条：“以欺诈、伪造证明材料或者其他手段骗取社会保险待遇的，由社会保险行政部门" \
            "责令退回骗取的社会保险金，处骗取金额一倍以上三倍以下的罚款。”"
    fine = [s for s in extract_sanctions(quote) if s.kind == "fine-multiple"]
    assert [(s.minimum, s.maximum, s.base, s.paragraph) for s in fine] == [(1, 3, "骗取金额", None)]
    assert quote[fine[0].span[0]:fine[0].span[1]] == fine[0].text


def test_item_lines_list_conduct_not_sanctions():
    text = "用人单位有下列行为之一的，处一万元以下的罚款：\n（一）暂停缴费的；\n（二）拒绝检查的。"
    assert [(s.kind, s.maximum) for s in extract_sanctions(text)] == [("fine", 10000)]


def test_a_quote_printed_in_one_line_reads_like_the_article(registry):
    """As 宝丰县's list quotes 第四十一条: 项 run in, the second 款 after the 。 of the last 项."""
    quote = ("第四十一条：“个人有下列情形之一的，由医疗保障行政部门责令改正；造成医疗保障基金损失的，责令退回；"
             "属于参保人员的，暂停其医疗费用联网结算3个月至12个月：（一）将本人的医疗保障凭证交由他人冒名使用；"
             "（二）重复享受医疗保障待遇；（三）利用享受医疗保障待遇的机会转卖药品，接受返还现金、实物或者获得其他"
             "非法利益。个人以骗取医疗保障基金为目的，实施了前款规定行为之一，造成医疗保障基金损失的；或者使用他人"
             "医疗保障凭证冒名就医、购药的；或者通过伪造、变造、隐匿、涂改、销毁医学文书、医学证明、会计凭证、电子"
             "信息等有关资料或者虚构医药服务项目等方式，骗取医疗保障基金支出的，除依照前款规定处理外，还应当由医疗"
             "保障行政部门处骗取金额2倍以上5倍以下的罚款。”")
    from_quote = [_row(s)[1:] for s in extract_sanctions(quote)]
    assert from_quote == [row[1:] for row in EXPECTED[FUND_REGULATION, 41]]
