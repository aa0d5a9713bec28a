"""Facts: metric, period, region and rank tied to a quantity."""
from __future__ import annotations

import pytest

from pipeline import Fact, Quantity, extract
from pipeline.link import SENTENCE_WINDOW

METRICS: list[tuple[str, list[str | None]]] = [
    ("截至2022年底,每万人拥有5G基站数超19个,位列全国第7", ["每万人拥有5G基站数"]),
    ("光纤入户端口数达到2587.4万个,占比达96.9%", ["光纤入户端口数", "占比"]),
    ("已联接西部10省市38个二级节点、2万余家企业", ["省市", "二级节点", "企业"]),
    ("全市软件业务收入超过2700亿元", ["全市软件业务收入"]),
    ("新能源汽车产量37万辆,同比增长1.4倍", ["新能源汽车产量", "新能源汽车产量同比增长"]),
    # a leading place is the region, not part of the metric
    ("中国数字经济发展指数由1000上升至5610.60", ["数字经济发展指数", "数字经济发展指数"]),
    ("博乐、精河、温泉和阿拉山口年平均降水分别为313.2毫米、143.7毫米",
     ["年平均降水", "年平均降水"]),
    ("这4个城市均是一般地级城市", ["城市"]),
    ("2020年我市平均气温17.8℃", ["平均气温"]),
    ("PM2.5的浓度是每立方米23微克", ["PM2.5的浓度"]),
    # a noun after the number that says how the figure stands counts nothing
    ("代表团奖牌总数406枚的成绩,位列第一", ["代表团奖牌总数"]),
]


@pytest.mark.parametrize(("text", "metrics"), METRICS)
def test_metric(text: str, metrics: list[str | None]) -> None:
    assert [r.metric for r in extract(text) if isinstance(r, Quantity)] == metrics


def test_fact_links_period_region_and_rank() -> None:
    text = "重庆数字基础设施建设不断取得新突破。截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。"
    (fact,) = [r for r in extract(text) if isinstance(r, Fact) and r.quantity_id]
    assert (fact.metric, fact.period, fact.region, fact.rank, fact.scope) == (
        "每万人拥有5G基站数", "2022年底", "重庆", 7, "全国")
    assert fact.value == 19 and fact.unit == "个"
    assert text[fact.start:fact.end] == fact.text


def test_ranking_without_quantity_is_a_fact() -> None:
    text = "2022年,重庆加快建设数字政府,数字政务综合评价排名全国第9。"
    (fact,) = [r for r in extract(text) if isinstance(r, Fact)]
    assert (fact.metric, fact.rank, fact.scope, fact.quantity_id) == ("数字政务综合评价", 9, "全国", None)


def test_a_count_in_the_frame_is_not_ranked() -> None:
    text = "重庆市数字化综合发展水平在全国31个省(区、市)中排名第9。"
    facts = {r.text: r for r in extract(text) if isinstance(r, Fact)}
    assert facts["31个"].rank is None
    ranked = facts["数字化综合发展水平在全国31个省(区、市)中排名第9"]
    assert (ranked.metric, ranked.rank, ranked.scope) == ("数字化综合发展水平", 9, "全国")


def test_fact_points_at_its_sentence() -> None:
    text = "重庆数字基础设施建设不断取得新突破。截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。"
    fact = next(r for r in extract(text) if isinstance(r, Fact))
    assert fact.sentence == text[fact.sentence_start:fact.sentence_end] == text[18:]


def test_fact_of_a_long_sentence_carries_a_bounded_window() -> None:
    text = "重庆软件业务收入超过2700亿元," * 30  # one sentence of 480 characters, cut at 400
    facts = [r for r in extract(text) if isinstance(r, Fact)]
    assert len(facts) == 30
    for fact in facts:
        assert len(fact.sentence) <= SENTENCE_WINDOW
        assert text[fact.sentence_start:fact.sentence_end] == fact.sentence
        assert fact.sentence_start <= fact.start and fact.end <= fact.sentence_end
