"""Sentence forms of other statutes the lists cite (药品管理法, 社会保险费征缴暂行条例 …)."""

from __future__ import annotations

import pytest

from kg.penalty.extract import extract_sanctions


def _rows(text: str) -> list[tuple]:
    sanctions = extract_sanctions(text)
    assert all(text[s.span[0]:s.span[1]] == s.text for s in sanctions)
    return [(s.kind, s.minimum, s.maximum, s.unit, s.base, s.target, s.condition) for s in sanctions]


@pytest.mark.parametrize("text, expected", [
    ("违反本法规定的，处警告或者二百元以下的罚款。",
     [("warning", None, None, None, None, None, None), ("fine", None, 200, "yuan", None, None, None)]),
    ("对单位处警告并处五千元罚款。",        # 对单位 reaches both sanctions of the clause
     [("warning", None, None, None, None, "unit", None), ("fine", 5000, 5000, "yuan", None, "unit", None)]),
    ("药品生产企业有前款行为的，处所获收入百分之三十以上三倍以下的罚款，终身禁止从事药品生产经营活动。",
     [("fine-multiple", 0.3, 3, "multiple", "所获收入", "unit", None),
      ("ban", None, None, None, None, "unit", None)]),
    ("销售假药的，没收违法所得；情节严重的，十年直至终身禁止从事药品生产经营活动。",
     [("confiscation", None, None, None, None, None, None),
      ("ban", 10, None, "year", None, None, "情节严重的")]),
    ("缴费单位逾期拒不改正的，对直接负责的主管人员和其他直接责任人员可以处1000元以上5000元以下的罚款；"
     "情节特别严重的，处5000元以上10000元以下的罚款。",
     [("fine", 1000, 5000, "yuan", None, "responsible-persons", None),
      ("fine", 5000, 10000, "yuan", None, "unit", "情节特别严重的")]),
    ("用人单位违反规定的，由劳动行政部门责令改正，可以处不超过五万元的罚款。",
     [("order", None, None, None, None, "unit", None), ("fine", None, 50000, "yuan", None, "unit", None)]),
    # 社会保险费征缴暂行条例第二十八条: the conduct ends at the first ；, so 有违法所得的 is a condition
    ("任何单位、个人挪用社会保险基金的，追回被挪用的社会保险基金；有违法所得的，没收违法所得，并入社会保险基金；"
     "构成犯罪的，依法追究刑事责任；尚不构成犯罪的，对直接负责的主管人员和其他直接责任人员依法给予行政处分。",
     [("confiscation", None, None, None, None, "unit", "有违法所得的"),
      ("confiscation", None, None, None, None, "individual", "有违法所得的"),
      ("disciplinary", None, None, None, None, "responsible-persons", "尚不构成犯罪的")]),
])
def test_sentence_forms(text, expected):
    assert _rows(text) == expected


def test_text_without_sanctions_gives_none():
    assert extract_sanctions("社会保险基金专款专用，任何组织和个人不得侵占或者挪用。") == []
    assert extract_sanctions("") == []
