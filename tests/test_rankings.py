"""Rankings, by phenomenon: (text, [(rank, scope, basis), ...])."""
from __future__ import annotations

import pytest

from .helpers import rankings

R = list[tuple[int, str | None, str]]

POSITIONS: list[tuple[str, R]] = [
    ("每万人拥有5G基站数超19个,位列全国第7", [(7, "全国", "position")]),
    ("在全国31个省(区、市)中排名第9", [(9, "全国", "position")]),
    ("综合评价位居全国第12位", [(12, "全国", "position")]),
    ("两化融合发展指数105.4,位居全国第八、西部第一", [(8, "全国", "position"), (1, "西部", "position")]),
    ("分别位居第十四、十五、十八、十九名", [(14, None, "position"), (15, None, "position"),
                                    (18, None, "position"), (19, None, "position")]),
    ("武汉位居第五名至第十名", [(5, None, "position"), (10, None, "position")]),
    ("空气质量优良天数360天 排杭州第一", [(1, "杭州", "position")]),
    ("在杭州地区位列第一", [(1, "杭州地区", "position")]),
    ("贵阳在西部城市中排名第4", [(4, "西部", "position")]),
    ("合肥居中部第2、长三角第3", [(2, "中部", "position"), (3, "长三角", "position")]),
    ("苏州、泉州分别是江苏、福建第一大经济总量城市", [(1, "江苏", "position"), (1, "福建", "position")]),
    ("东盟继续保持第一大贸易伙伴地位", [(1, None, "position")]),
    ("从全省113位跃升至83位", [(113, "全省", "position"), (83, "全省", "position")]),
    ("香港国际机场摘取亚洲头名", [(1, "亚洲", "position")]),
    ("综合实力位居榜首", [(1, None, "position")]),
    ("數位治理綜合評價位列全國第2", [(2, "全国", "position")]),
]

TOPS_TIERS_CHANGES: list[tuple[str, R]] = [
    ("总量进入全国前十", [(10, "全国", "top")]),
    ("四大一线城市营商环境排名中国前四", [(4, "中国", "top")]),
    ("北京、上海、深圳位列前三甲", [(3, None, "top")]),
    ("2020年软环境最好的前五名是深圳、厦门", [(5, None, "top")]),
    ("重庆数字化综合发展水平位于全国第一梯队", [(1, "全国", "tier")]),
    ("主要经济指标增速保持全国“第一方阵”", [(1, "全国", "tier")]),
    ("排名较2021年上升15位", [(15, None, "change")]),
    ("产业数字化指数下降3位", [(-3, None, "change")]),
    ("分别上升8位、7位", [(8, None, "change"), (7, None, "change")]),
    ("分别较去年提升4个、6个位次", [(4, None, "change"), (6, None, "change")]),
    ("位列第一、二产业增加值", [(1, None, "position")]),
]

NOT_RANKINGS: list[str] = [
    "建成全国首个跨省域国家级网络安全产业园区",
    "14家企业入选数字经济企业50强榜单",
    "数字经济增加值增速居全市前列",
    "占比超过三成,创历史新高",
    "第一产业增加值62.35亿元,第一季度",
    "第三十二期《江西新闻发布热词》",
    "春节假日前三天,今年前两个月",
    "名列全国第10000位",
]


@pytest.mark.parametrize(("text", "expected"), POSITIONS + TOPS_TIERS_CHANGES)
def test_rankings(text: str, expected: R) -> None:
    assert rankings(text) == expected


@pytest.mark.parametrize("text", NOT_RANKINGS)
def test_not_rankings(text: str) -> None:
    assert rankings(text) == []
