"""Header words → item fields (序号 → seq, 实施依据 → basis …), by synonyms, in any column order."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.ingest.cleaning import compact

# field → header words that name it, as printed in real lists (compared without whitespace).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "总序号", "编号", "事项序号", "序列号"),
    "category_seq": ("类别及序号", "类别序号", "分类序号"),   # numbering restarting per category
    "name": ("项目名称", "事项名称", "职权名称", "权力事项", "权力名称", "权力事项名称", "项目名称及数量",
             "主项名称", "主项", "事项", "名称", "权责事项", "职权事项", "清单事项", "职权项目", "行政职权名称",
             "权力清单事项", "责任清单事项", "项目"),
    "sub_item": ("子项名称", "子项", "子项事项名称", "子项事项"),
    "category": ("职权类别", "权力类型", "权力事项类型", "职责类别", "职权类型", "权力类别", "事项类型",
                 "事项类别", "类别", "类型", "权责类别", "权责类型", "权力事项类别", "职权分类", "权力分类"),
    "code": ("事项编码", "地方权力编码", "权力编码", "编码", "事项代码", "权力事项编码", "基本编码",
             "实施编码", "权力代码", "职权编码"),
    "sub_code": ("子项地方权力编码", "子项编码", "子项事项编码", "子项权力编码"),
    "agency": ("实施主体", "行政主体", "实施机关", "执法主体", "责任主体", "实施部门", "行使主体",
               "实施单位", "主体"),
    "department": ("责任科室", "责任股室", "承办机构", "责任股（室）", "责任科（室）", "承办科室", "责任单位",
                   "内设机构", "承办股室", "实施科室", "责任部门", "承办部门", "承办单位", "责任处室",
                   "具体承办机构", "责任股", "责任科", "承办股（室）", "科室"),
    "basis": ("实施依据", "设定依据", "法律依据", "依据", "设定和实施依据", "设定及实施依据", "法定依据",
              "设立依据", "政策依据", "行使依据", "职权依据", "实施依据及条款", "法律法规依据",
              "规范性文件依据", "法律法规规章依据", "法规依据", "规章依据", "其他依据",
              "法律法规", "法律法规规章", "规范性文件"),            # the last three under a 依据 group
    "duties": ("责任事项", "履职方式", "责任事项内容", "职责", "履职要求", "责任内容"),
    "accountability": ("追责情形", "追责形式", "追责情形及依据", "问责依据", "追责依据", "问责情形",
                       "追责方式"),
    "step": ("办理环节", "环节", "办理流程", "流程", "运行流程", "责任环节"),
    "remarks": ("备注", "说明"),
    "level": ("办事层级", "行使层级", "层级", "行使层级及权限"),
    "adjustment": ("调整情况", "调整原因", "调整类型", "调整方式", "调整内容", "调整意见"),
}

# fields a list may print in several columns, all read: 设定依据 | 实施依据, 法律法规依据 | 规范性文件依据
SEVERAL_COLUMNS = frozenset({"basis"})

_FIELD_OF = {word: field for field, words in FIELD_SYNONYMS.items() for word in words}
_NOISE = re.compile(r"[·•*＊:：、.。\-—_]")
_NOTE = re.compile(r"[（(][^）)]*[）)]$")

MIN_FIELDS = 3          # a header names at least this many known fields, one of them the name
MAX_HEADER_CHARS = 12   # longer cells are data, not column labels


@dataclass(frozen=True)
class Header:
    """A recognized header row: column index → field, for the columns it names."""

    columns: dict[int, str]
    line: int

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.columns.values())

    @property
    def width(self) -> int:
        return max(self.columns) + 1


@lru_cache(maxsize=8192)
def field_for(header_text: str) -> str | None:
    """The field a header cell names (职权\n类别 → category, 实施依据（法律法规） → basis), or None.

    A word that is no synonym but contains one of four or more characters (追责情形及依据)
    names the field of the longest synonym it contains.
    """
    word = _words(header_text)
    if word in _FIELD_OF:
        return _FIELD_OF[word]
    without_note = _NOTE.sub("", word)
    if without_note in _FIELD_OF:
        return _FIELD_OF[without_note]
    if len(without_note) > MAX_HEADER_CHARS:
        return None
    contained = [synonym for synonym in _FIELD_OF if len(synonym) >= 4 and synonym in without_note]
    return _FIELD_OF[max(contained, key=len)] if contained else None


@lru_cache(maxsize=8192)
def could_be_header(text: str) -> bool:
    """A short label without digits: a header word, known or not (办理时限, 收费标准)."""
    if len(text) > 4 * MAX_HEADER_CHARS:
        return False
    word = _words(text)
    return 0 < len(word) <= MAX_HEADER_CHARS and not any(c.isdigit() for c in word)


def recognize_header(cells: list[str], line: int) -> Header | None:
    """The Header these cells form, or None when they are not a header row.

    A header names at least MIN_FIELDS known fields including the item's name; at most a third
    of its printed cells may be labels of unknown columns (which are then not read), and none
    may look like data. The first column naming a field wins, except for the basis (every
    依据 column counts: 设定依据 and 实施依据 are both the item's basis); a header with a per-category
    number but no 序号 numbers its items by it.
    """
    columns: dict[int, str] = {}
    unknown = 0
    for index, text in enumerate(cells):
        if not text.strip():
            continue
        if not could_be_header(text):
            return None
        field = field_for(text)
        if field is None:
            unknown += 1
        elif field not in columns.values() or field in SEVERAL_COLUMNS:
            columns[index] = field
    fields = set(columns.values())
    if len(fields) < MIN_FIELDS or "name" not in fields or 2 * unknown > len(columns):
        return None
    if "seq" not in fields:
        columns = {i: "seq" if f == "category_seq" else f for i, f in columns.items()}
    return Header(columns=columns, line=line)


def complete_header(header: Header, labels: list[str], cells: list[str]) -> Header | None:
    """`header` completed by the second header row `cells` under it, or None if it is none.

    Two-row headers split a column group: 责任事项 over 环节 | 内容. A second row prints labels
    only, at least one a known header word, nothing under 序号 or the name. Each of its labels
    names its column: a known word its field, an unknown one the field of the group above it.
    """
    printed = {index: text for index, text in enumerate(cells) if text.strip()}
    if not printed or not all(could_be_header(text) for text in printed.values()):
        return None
    if not any(field_for(text) for text in printed.values()):
        return None
    if any(header.columns.get(index) in ("seq", "name") for index in printed):
        return None
    columns = dict(header.columns)
    for index, text in printed.items():
        field = field_for(text) or _group_field(header, labels, index)
        if field is None:
            continue
        for other in [i for i, f in columns.items() if f == field and i not in printed]:
            del columns[other]
        columns[index] = field
    return Header(columns=columns, line=header.line)


def _group_field(header: Header, labels: list[str], index: int) -> str | None:
    """The field of the label printed above `index`, or of the nearest one left of it (merged)."""
    for column in range(min(index, len(labels) - 1), -1, -1):
        if labels[column].strip():
            return header.columns.get(column)
    return None


def _words(text: str) -> str:
    word = _NOISE.sub("", unicodedata.normalize("NFKC", compact(text)))
    return word.replace("(", "（").replace(")", "）")
