"""Records of the penalty stage: the sanctions an article's text lets an agency impose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# the kinds of sanction kg.penalty.clauses reads (each a kg:SanctionKinds concept in ontology/kg.ttl);
# fine-multiple is a fine stated as a multiple of an amount (骗取金额二倍以上五倍以下)
SanctionKind = Literal["warning", "fine", "fine-multiple", "late-fee", "disciplinary", "confiscation",
                       "suspension", "agreement-termination", "revocation", "ban", "interview", "order"]


@dataclass(frozen=True)
class Sanction:
    """One sanction stated in an article text (罚款, 暂停, 吊销, 解除服务协议, 责令退回 …)."""

    kind: SanctionKind
    text: str                  # the sanction's own words, e.g. 处骗取金额二倍以上五倍以下的罚款
    span: tuple[int, int]      # offsets into the analysed text, end exclusive
    minimum: float | None = None   # open-ended ranges leave one side None
    maximum: float | None = None
    unit: str | None = None    # yuan | multiple | month | year | day
    base: str | None = None    # base of a multiple: 骗取金额, 造成损失金额, 应缴社会保险费数额
    target: str | None = None  # unit | responsible-persons | insured-person | institution …, as normalized
    target_text: str | None = None  # the target as written (直接负责的主管人员和其他直接责任人员)
    condition: str | None = None    # 逾期不改正的, 拒不改正的, 造成严重后果的, as written
    paragraph: int | None = None    # 款 of the article the sanction sits in (1-based)
