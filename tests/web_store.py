"""What the web workspace's tests share: a draft list with three planted mistakes, and the seed
items the five bundled lists (conftest's five_lists) give for 社会保险法第八十七条."""

from __future__ import annotations

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

