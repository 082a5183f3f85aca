"""Who a sanction falls on: party phrases at the start of a clause, normalized to a role.

Roles: unit (用人单位, other 单位 and 企业), responsible-persons (直接负责的主管人员和其他直接责任人员),
principal (法定代表人 / 主要负责人 / 有关负责人), staff (工作人员), insured-person (参保人员),
individual (个人), institution (定点医药机构, 医疗机构, 社会保险服务机构 …), agency (经办机构).
"""

from __future__ import annotations

import re

# Head nouns of party phrases, most specific first; a phrase takes the role of its ending.
ROLE_HEADS: tuple[tuple[str, str], ...] = (
    ("直接负责的主管人员", "responsible-persons"),
    ("直接责任人员", "responsible-persons"),
    ("责任人员", "responsible-persons"),
    ("法定代表人", "principal"),
    ("负责人", "principal"),
    ("工作人员", "staff"),
    ("参保人员", "insured-person"),
    ("参保人", "insured-person"),
    ("个人", "individual"),
    ("经办机构", "agency"),
    ("医药机构", "institution"),
    ("医疗机构", "institution"),
    ("服务机构", "institution"),
    ("零售药店", "institution"),
    ("药品经营单位", "institution"),
    ("用人单位", "unit"),
    ("缴费单位", "unit"),
    ("企业", "unit"),
    ("单位", "unit"),
)
_HEAD = "|".join(re.escape(head) for head, _ in ROLE_HEADS)
# One conjunct: a few modifier characters, then a head noun (其他直接责任人员, 社会保险经办机构).
_CONJUNCT = rf"[^，；。：、]{{0,12}}?(?:{_HEAD})"
_JOINER = r"(?:以及|或者|和|及其|及|与|、|等)"
PARTY = re.compile(rf"(?:其)?{_CONJUNCT}(?:{_JOINER}{_CONJUNCT})*")


def leading_party(text: str) -> str | None:
    """The party phrase `text` starts with (对-less), e.g. 用人单位 in 用人单位不办理…的."""
    match = PARTY.match(text)
    return match.group() if match else None


def roles(party: str) -> list[str]:
    """The distinct roles of a party phrase's conjuncts, in order of appearance.

    社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构 → [agency, institution];
    直接负责的主管人员和其他直接责任人员 → [responsible-persons].
    """
    found: list[str] = []
    for conjunct in re.split(r"以及|或者|和|及其|与|、", party):
        ending = _role_of_ending(conjunct)
        if ending and ending not in found:
            found.append(ending)
    return found


def _role_of_ending(phrase: str) -> str | None:
    phrase = phrase.split("等")[-1] or phrase
    best: tuple[int, str] | None = None
    for head, role in ROLE_HEADS:
        at = phrase.rfind(head)
        if at >= 0 and (best is None or at + len(head) > best[0]):
            best = (at + len(head), role)
    return best[1] if best else None
