"""Entities and dates, by phenomenon."""
from __future__ import annotations

import pytest

from pipeline import Entity, extract

from .helpers import entities

E = list[tuple[str, str]]

PEOPLE: list[tuple[str, E]] = [
    ("市通信管理局副局长严寒冰介绍", [("ORG", "市通信管理局"), ("PER", "严寒冰")]),
    ("华龙网-新重庆客户端讯(记者 梁浩楠)", [("ORG", "华龙网"), ("ORG", "新重庆客户端"), ("PER", "梁浩楠")]),
    ("发布会由新闻发言人孟玮主持", [("PER", "孟玮")]),
    ("市气象局党组成员、副局长周游告诉记者", [("ORG", "市气象局"), ("PER", "周游")]),
    ("全市城市居民人均可支配收入持续增长。(王晓)", [("PER", "王晓")]),
    ("责任编辑: 纪婕妤", [("PER", "纪婕妤")]),
    ("编辑:Administrator", []),
]

ORGANISATIONS: list[tuple[str, E]] = [
    ("国家发展改革委社会司司长欧晓理", [("ORG", "国家发展改革委社会司"), ("PER", "欧晓理")]),
    ("中宣部宣教局副局长冷志明", [("ORG", "中宣部宣教局"), ("PER", "冷志明")]),
    ("记者从市统计局获悉", [("ORG", "市统计局")]),
    ("先后邀请省发改委、省科技厅的负责人", [("ORG", "省发改委"), ("ORG", "省科技厅")]),
    ("报告由粤港澳大湾区研究院、21世纪经济研究院联合发布",
     [("ORG", "粤港澳大湾区研究院"), ("ORG", "21世纪经济研究院")]),
    ("主計總處15日向立法院財委會進行業務報告", [("ORG", "主計總處"), ("DATE", "15日"), ("ORG", "立法院財委會")]),
    ("微信扫一扫分享", [("ORG", "微信")]),
]

PLACES: list[tuple[str, E]] = [
    ("博乐、精河、温泉和阿拉山口年平均降水", [("LOC", "博乐"), ("LOC", "精河"), ("LOC", "温泉"), ("LOC", "阿拉山口")]),
    ("新建温泉度假区", []),
    ("推动筑牢长江上游生态屏障", [("LOC", "长江上游")]),
    ("重庆市委网信办主任", [("ORG", "重庆市委网信办")]),
    ("全州各县市城镇地下水以二类为主", []),
    ("我国西部地区和东部地区", []),
    ("2018年泰国“欢乐春节”文化活动", [("DATE", "2018年"), ("LOC", "泰国")]),
]

WORKS_AND_DATES: list[tuple[str, E]] = [
    ("《数字中国发展报告(2022)》", [("WORK", "数字中国发展报告(2022)")]),
    ("发布时间:2025-06-19 来源:知识园地", [("DATE", "2025-06-19")]),
    ("截至2022年底", [("DATE", "2022年底")]),
    ("2021年1月1日~2月28日", [("DATE", "2021年1月1日~2月28日")]),
    ("11月17日—25日", [("DATE", "11月17日—25日")]),
    ("二零零七年三月号", [("DATE", "二零零七年三月")]),
    ("一九九七至二零零六年间", [("DATE", "一九九七至二零零六年")]),
    ("2013-2021年", [("DATE", "2013-2021年")]),
    ("今年第2季经济成长率", [("DATE", "第2季")]),
    ("春节假日前三天", [("DATE", "前三天")]),
    ("2018-02-18 10:56", [("DATE", "2018-02-18")]),
    ("截至17日下午4时", [("DATE", "17日")]),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE + ORGANISATIONS + PLACES + WORKS_AND_DATES)
def test_entities(text: str, expected: E) -> None:
    assert entities(text) == expected


@pytest.mark.parametrize(("text", "iso", "period"), [
    ("截至2022年底", "2022-12-31", "year_end"),
    ("7月10日", "--07-10", "day"),
    ("2025-06-19", "2025-06-19", "day"),
    ("2023年一季度", "2023-Q1", "quarter"),
    ("2013-2021年", "2013/2021", "range"),
    ("二〇二三年", "2023", "year"),
])
def test_date_normalisation(text: str, iso: str, period: str) -> None:
    (date,) = [r for r in extract(text) if isinstance(r, Entity) and r.type.value == "DATE"]
    assert (date.iso, date.period) == (iso, period)


def test_person_keeps_title_and_organisation() -> None:
    (per,) = [r for r in extract("市通信管理局副局长严寒冰介绍") if isinstance(r, Entity) and r.type.value == "PER"]
    assert (per.title, per.org) == ("副局长", "市通信管理局")
