"""The web workspace's tests: one store of the five bundled lists per test session, and a draft
list with three planted mistakes."""

from __future__ import annotations

import gc
from pathlib import Path

from five_lists import five_lists_store
from kg.statutes import load_registry

# a draft as a bureau would type it: item 2 has no basis, item 3 cites an article past the
# statute's last (社会保险法 has 98), item 4 has no standard category
DRAFT_CSV = """序号,事项名称,职权类别,实施主体,设定依据
1,对骗取医疗保障基金行为的处罚,行政处罚,测试县医疗保障局,《中华人民共和国社会保险法》第八十七条
2,对用人单位不办理社会保险登记的处罚,行政处罚,测试县医疗保障局,
3,对医疗保障基金使用情况的监督检查,行政检查,测试县医疗保障局,《中华人民共和国社会保险法》第九百条
4,医疗保障待遇支付,行政乱办,测试县医疗保障局,《中华人民共和国社会保险法》第二十八条
"""
PLANTED = {"MissingBasis": 3, "ArticleOutOfRange": 4, "UnknownCategory": 5}   # check → line
SEED_AGENCIES = {"北关区医疗保障局", "南召县医疗保障局", "宝丰县医疗保障局", "平山县医疗保障局"}


def built_store(path: Path) -> Path:
    """The five bundled lists, the registry and the ontology in a store at `path`, closed."""
    store = five_lists_store(path, load_registry())
    del store
    gc.collect()                       # Oxigraph releases the store's lock when it is dropped
    return path
