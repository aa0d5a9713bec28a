"""Tests for pipeline.numerals: tables by phenomenon, pattern behaviour, properties."""
from __future__ import annotations

import doctest
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    from pipeline import numerals
except ImportError:  # run from outside the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pipeline import numerals

from pipeline.numerals import (
    FRACTION_PATTERN,
    NUMBER_PATTERN,
    NUMBER_RE,
    approximation,
    find_numerals,
    parse_fraction,
    parse_number,
    to_plain,
)

D = Decimal
Case = tuple[str, Decimal]


def _first(pattern: regex.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return None if m is None else m.group()


def _check(text: str, expected: Decimal) -> None:
    value = parse_number(text)
    assert isinstance(value, Decimal)
    assert value == expected, (text, value, expected)


# --- parse_number tables ------------------------------------------------------

ARABIC: list[Case] = [
    ("0", D(0)), ("7", D(7)), ("2012.46", D("2012.46")), ("0.5", D("0.5")), ("007", D(7)),
    ("１２３", D(123)), ("２．２", D("2.2")), ("１１.92", D("11.92")),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("10.233", D("10.233")), ("4.800", D("4.8")), ("２.７８９０", D("2.789")), ("2.3", D("2.3")),
]

SEPARATORS: list[Case] = [
    ("1,509,403", D(1509403)), ("2,992", D(2992)), ("5，300", D(5300)), ("12，345，678", D(12345678)),
    ("3 426 800", D(3426800)), ("3\u2009426\u2009800", D(3426800)), ("3\u202f426", D(3426)),
    ("1\u00a0000.5", D("1000.5")), ("１，２３４", D(1234)),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("1,050,000,000", D(1050000000)), ("10,000.233", D("10000.233")), ("４，５６５", D(4565)),
    ("5,236", D(5236)),
]

CHINESE: list[Case] = [
    ("一千二百", D(1200)), ("十五", D(15)), ("一百零三", D(103)), ("两千万", D(20000000)),
    ("十二万三千", D(123000)), ("三十五万亿", D(35 * 10**12)), ("一亿二千万", D(120000000)),
    ("一万零五", D(10005)), ("二十", D(20)), ("廿", D(20)), ("廿五", D(25)), ("卅", D(30)),
    ("十", D(10)), ("十万", D(100000)), ("一", D(1)), ("零", D(0)), ("两", D(2)),
    ("一万三", D(13000)), ("一亿五", D(150000000)), ("三千五万", D(35000000)),
    ("三万五千亿", D(35 * 10**11)), ("两万亿零五百万", D(2000005000000)),
    # from Ailln/cn2an cn2an/cn2an_test.py (strict_data_dict)
    ("十一", D(11)), ("一十一", D(11)), ("一百一十一", D(111)), ("一千一百一十一", D(1111)),
    ("一万一千一百一十一", D(11111)), ("一十一万一千一百一十一", D(111111)),
    ("一千一百一十一亿一千一百一十一万一千一百一十一", D(111111111111)),
    ("一百零一", D(101)), ("一千零一十一", D(1011)), ("一千一百零一", D(1101)),
    ("一万零一百一十一", D(10111)), ("一十万零一", D(100001)), ("一千万零一", D(10000001)),
    ("一千零一万一千零一", D(10011001)), ("一千零一万零一", D(10010001)), ("一亿零一", D(100000001)),
    ("一百亿零一", D(10000000001)), ("一千零一亿一千零一万一千零一", D(100110011001)),
    ("一千亿一千万一千零一", D(100010001001)), ("一千亿零一", D(100000000001)),
    ("十万零一", D(100001)), ("十亿零一万零一", D(1000010001)),
    # from Ailln/cn2an cn2an/performance.py
    ("九千八百七十六万五千四百三十二亿九千八百七十六万五千四百三十二", D(9876543298765432)),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("一百五十二", D(152)), ("两千四百五", D(2450)), ("四百五十", D(450)), ("四百五", D(450)),
    ("一千零一", D(1001)), ("一百零一万一千", D(1011000)), ("一千两百三十四万", D(12340000)),
    ("五亿零六", D(500000006)), ("七十八万五佰零六", D(780506)), ("九百九十九", D(999)),
    ("九百九", D(990)), ("二百五十", D(250)), ("一千零五十", D(1050)), ("一千零五", D(1005)),
    ("一千陆", D(1600)), ("一万二百五十", D(10250)), ("一万零二百五十", D(10250)),
    ("九万四", D(94000)), ("九十二万四", D(924000)), ("九万零四百", D(90400)),
    ("九百万零四百", D(9000400)), ("四千零五万", D(40050000)), ("四千万", D(40000000)),
    ("四千万零六千", D(40006000)), ("四亿", D(400000000)),
    ("四亿五千六百四十二万零一十五", D(456420015)), ("四万五千六百二十二", D(45622)),
    ("五兆六十二亿四万五千二", D(5006200045200)), ("五十五兆一十二亿四万五千二", D(55001200045200)),
    ("十万柒仟捌佰伍拾肆", D(107854)), ("拾六万零五百零六", D(160506)),
    ("拾亿零六万零五百零六", D(1000060506)), ("一百万零四", D(1000004)), ("四十万", D(400000)),
    ("四千零四万", D(40040000)), ("四十五亿四千零四万", D(4540040000)), ("四万万", D(400000000)),
    ("拾万零五十六", D(100056)), ("百三", D(130)), ("一百四十四", D(144)),
    ("一百五十万五千二百四十五", D(1505245)), ("二千零四十五", D(2045)), ("四千万零五十", D(40000050)),
]

DIGIT_BY_DIGIT: list[Case] = [
    ("二零零七", D(2007)), ("七二八", D(728)), ("一九九七", D(1997)), ("二〇二三", D(2023)),
    ("二Ο二三", D(2023)), ("二○一九", D(2019)), ("零五", D(5)),
    # from Ailln/cn2an cn2an/cn2an_test.py (normal_data_dict)
    ("一一", D(11)), ("一一一", D(111)), ("一一一一", D(1111)), ("壹壹", D(11)), ("壹壹壹壹", D(1111)),
    ("一七二零", D(1720)),
]

CAPITALS: list[Case] = [
    ("壹佰", D(100)), ("贰仟零伍拾", D(2050)), ("叁仟", D(3000)), ("玖拾玖", D(99)), ("陆万", D(60000)),
    # from Ailln/cn2an cn2an/cn2an_test.py
    ("壹", D(1)), ("拾", D(10)), ("拾壹", D(11)), ("壹拾壹", D(11)), ("壹佰壹拾壹", D(111)),
    ("壹仟壹佰壹拾壹", D(1111)), ("壹拾壹万壹仟壹佰壹拾壹", D(111111)),
    ("壹仟壹佰壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹", D(111111111111)),
    ("壹佰万零伍十肆", D(1000054)), ("三千壹佰万零伍十肆", D(31000054)),
    ("拾万零壹", D(100001)), ("拾亿零壹万零壹", D(1000010001)),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("肆佰陸拾", D(460)), ("壹佰伍拾", D(150)), ("肆拾肆", D(44)), ("壹百五十二", D(152)),
]

TRADITIONAL: list[Case] = [
    ("兩萬", D(20000)), ("三億", D(300000000)), ("二點五億", D(250000000)), ("參萬", D(30000)),
    ("陸仟", D(6000)), ("貳拾", D(20)),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("兩千四百五", D(2450)), ("壹千零壹", D(1001)), ("壹百零壹萬壹千", D(1011000)),
    ("壹千兩百三十四萬", D(12340000)), ("五億零六", D(500000006)), ("七十八萬五佰零六", D(780506)),
    ("兩千兩百貳拾二", D(2222)), ("倆千两百贰拾二", D(2222)), ("四萬萬", D(400000000)),
    ("四億五千六百四十二萬零壹十五", D(456420015)), ("五兆六十二億四萬五千二", D(5006200045200)),
    ("拾億零六萬零五百零六", D(1000060506)), ("壹萬三", D(13000)), ("九十二萬四", D(924000)),
]

DECIMALS: list[Case] = [
    ("三点五", D("3.5")), ("零点五", D("0.5")), ("十二点五万", D(125000)), ("三點五", D("3.5")),
    # from Ailln/cn2an cn2an/cn2an_test.py
    ("零点零零零零零零零零零零零零零零一", D("0.000000000000001")), ("零点零零一", D("0.001")),
    ("零点一", D("0.1")), ("零点零", D(0)), ("零点零零", D(0)), ("零点零零零零五零", D("0.00005")),
    # (cn2an expects 0.000500050005, its float cut; the exact value is longer)
    ("零点零零零五零零零五零零零五零零零五零", D("0.0005000500050005")),
    ("一百万零五十四点四三二一", D("1000054.4321")), ("一七二零点一", D("1720.1")),
    ("一七二零点一三四", D("1720.134")),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("十五点七", D("15.7")), ("二点五", D("2.5")), ("十点二三三", D("10.233")),
    ("两千万点五五四四", D("20000000.5544")), ("两千点零", D(2000)), ("两千三点一", D("2300.1")),
    ("一百五十四点零", D(154)), ("四百亿点零五零", D("40000000000.05")), ("一千六点五", D("1600.5")),
]

MIXED: list[Case] = [
    # Arabic digits, Chinese decimal point and digits, as machine-converted pages write them
    ("0點六", D("0.6")), ("12点三五", D("12.35")), ("3点五亿", D(350000000)),
    ("3.5万亿", D(35 * 10**11)), ("2587.4万", D(25874000)), ("1.2万", D(12000)),
    ("149.6亿", D(14960000000)), ("3万4000", D(34000)), ("2兆8,623億", D(2862300000000)),
    ("7兆764億", D(7076400000000)), ("1亿2000万", D(120000000)), ("1万5", D(15000)),
    ("1万05", D(10005)), ("1,000万", D(10000000)), ("２．２亿", D(220000000)),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("10万万", D(1000000000)), ("4.78万亿", D(4780000000000)), ("5万4千6百", D(54600)),
    ("5亿1万4千6百", D(500014600)), ("4.78萬億", D(4780000000000)), ("5萬4千6百", D(54600)),
    ("１１.92亿", D(1192000000)), ("2.3万", D(23000)),
]

MULTIPLIERS: list[Case] = [
    ("782.7千", D(782700)), ("3百", D(300)), ("5千万", D(50000000)), ("3百万", D(3000000)),
    ("3.5百万", D(3500000)), ("12千", D(12000)), ("百万", D(1000000)), ("千万", D(10000000)),
]

NEGATIVES: list[Case] = [
    ("负五", D(-5)), ("-0.2", D("-0.2")), ("−3", D(-3)), ("－５", D(-5)), ("﹣1.5万", D(-15000)),
    ("负零点五", D("-0.5")), ("-0", D(0)),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json
    ("负三十二", D(-32)), ("負三十二", D(-32)), ("-10000", D(-10000)), ("负10000", D(-10000)),
    ("负四十五亿零四百零四万", D(-4504040000)), ("负四百零五亿零四百零四万", D(-40504040000)),
    ("負四十五億零四百零四萬", D(-4504040000)), ("负六点六", D("-6.6")),
]

# An approximation marker (余 多 几) between the round part and 万/亿: the value
# is the round part times the unit (the qualifier comes from `approximation`).
APPROXIMATIONS: list[Case] = [
    ("3000余万", D(30000000)), ("两百多亿", D(20000000000)), ("七十几万", D(700000)),
    ("一百零几亿", D(10000000000)), ("四千三百零几万", D(43000000)), ("十多万", D(100000)),
    ("六十余萬", D(600000)), ("貳拾幾億", D(2000000000)), ("1.2万多亿", D(1200000000000)),
    ("八十 余 万", D(800000)), ("三百 多万", D(3000000)), ("九十几万多亿", D(90000000000000)),
]

# Spaces as PDF text, scraped pages and pangu spacing leave them: next to a
# unit, around 点, around a marker; after a unit only before a smaller unit or
# a last digit.
SPACED: list[Case] = [
    ("2500 万", D(25000000)), ("2.5  亿", D(250000000)), ("六 百 三 十 八", D(638)),
    ("6万 3千 2百", D(63200)), ("6 万3 千2 百", D(63200)), ("三 百 五", D(350)),
    ("五千 二百 万", D(52000000)), ("三十 亿", D(3000000000)), ("七百 点 二", D("700.2")),
    ("二十八 点五", D("28.5")), ("一 千 零 五 十", D(1050)), ("四 万 零 三 百", D(40300)),
    ("三 万 亿", D(3000000000000)), ("十 二", D(12)),
]

# 零 holds an empty place before 十 (零十 = 零一十) and before Arabic digits.
ZERO_GAPS: list[Case] = [
    ("三万零十五", D(30015)), ("八千零十", D(8010)), ("五百零十万", D(5100000)), ("零十", D(10)),
    ("2千零50", D(2050)), ("6万零300", D(60300)), ("4千零80万", D(40800000)), ("三亿零十万", D(300100000)),
]

# 半 before 百/万/亿 is half of it.
HALVES: list[Case] = [("半百", D(50)), ("半亿", D(50000000)), ("半萬", D(5000)), ("半百万", D(500000))]

# 两 兩 倆 stand alone or before a unit.
BEFORE_UNITS_ONLY: list[Case] = [
    ("两", D(2)), ("两千两百", D(2200)), ("兩萬兩千", D(22000)), ("倆百", D(200)), ("三万两千", D(32000)),
]

# .5 without a leading zero, scientific notation.
ARABIC_FORMS: list[Case] = [
    (".75", D("0.75")), ("-.25", D("-0.25")), ("．5", D("0.5")), ("3.5E2", D(350)),
    ("-4.1e10", D(-41000000000)),
    ("6.02e+23", D("6.02e23")), ("-15e-1", D("-1.5")), ("２.５e－１", D("0.25")), ("1E0", D(1)),
]

GROUPS = {
    "arabic": ARABIC, "separators": SEPARATORS, "chinese": CHINESE, "digit_by_digit": DIGIT_BY_DIGIT,
    "capitals": CAPITALS, "traditional": TRADITIONAL, "decimals": DECIMALS, "mixed": MIXED,
    "multipliers": MULTIPLIERS, "negatives": NEGATIVES, "approximations": APPROXIMATIONS, "spaced": SPACED,
    "zero_gaps": ZERO_GAPS, "halves": HALVES, "before_units_only": BEFORE_UNITS_ONLY,
    "arabic_forms": ARABIC_FORMS,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(t, e, id=f"{group}-{t}") for group, cases in GROUPS.items() for t, e in cases])
def test_parse_number(text: str, expected: Decimal) -> None:
    _check(text, expected)


def test_results_are_canonical() -> None:
    assert str(parse_number("2兆8,623億")) == "2862300000000"
    assert str(parse_number("3.5万亿")) == "3500000000000"
    assert str(parse_number("4.800")) == "4.8"
    assert str(parse_number("零点五")) == "0.5"


INVALID = [
    "", " ", "abc", "万", "万万", "萬", "点五", "零点", "零点点", "零点零大", "1.2.3", "1,23", "12,3456",
    "1,234,56", "十十", "二三十", "一二万", "十四五", "--5", "负", "-", "一百二千", "一万二万", "零万",
    "三5", "3万万万", "782.7千5", "1.5点五", "5%", "三分之一", "1/2", "一,二", "12 34",
    # from Ailln/cn2an cn2an/cn2an_test.py (error data)
    "点零", "点一",
    # a marker needs a number before it and 万/亿 after it; 几 alone is vague
    "几万", "余万", "3万余", "十几", "四百多", "3多千",
    # 两 only before a unit; 半 only before 百/万/亿; values may not be spaced apart
    "二两", "两两", "两点五", "零点两", "两万两", "半", "半十", "一半", "半百五", "二 三", "一九 九七",
    # dotted codes; an exponent out of range
    "2022.12.31", "192.168.1.1", "1e99999",
]


@pytest.mark.parametrize("text", INVALID)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a numeral") as info:
        parse_number(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("3000余万", "over"), ("七十几万", "over"), ("十 余 萬", "over"), ("两百多亿", "over"),
    ("3000万", None), ("2万余家", None), ("四百多", None), ("十几", None), ("", None),
])
def test_approximation(text: str, expected: str | None) -> None:
    assert approximation(text) == expected


# --- parse_fraction -------------------------------------------------------------

FRACTIONS: list[Case] = [
    ("三分之一", D(1) / D(3)), ("四分之三", D("0.75")), ("1/4", D("0.25")), ("１／４", D("0.25")),
    ("百分之三十", D("0.3")), ("千分之五", D("0.005")), ("百分之十二点五", D("0.125")),
    ("万分之三", D("0.0003")), ("百分之一百", D(1)), ("30%", D("0.3")), ("12.5％", D("0.125")),
    ("5‰", D("0.005")), ("负百分之三", D("-0.03")), ("百万分之一", D("0.000001")),
    # from Ailln/cn2an cn2an/transform_test.py
    ("百分之八", D("0.08")), ("百分之负三点八", D("-0.038")), ("二分之一", D("0.5")),
    ("百分之一点五七", D("0.0157")),
    # from microsoft/Recognizers-Text Specs/Number/Chinese/NumberModel.json and PercentModel.json
    ("五分之一", D("0.2")), ("一百分之二", D("0.02")), ("一百分之2", D("0.02")),
    ("五百分之2333", D("4.666")), ("３／５", D("0.6")), ("１６/5", D("3.2")), ("１６分之5", D("0.3125")),
    ("１６分之2225", D("139.0625")), ("负一又二分之一", D("-1.5")), ("3又一千分之23", D("3.023")),
    ("-3/2", D("-1.5")), ("二十五分之一百四十四", D("5.76")), ("五分之壹", D("0.2")),
    ("負壹又二分之壹", D("-1.5")), ("百分之五十五点五七九", D("0.55579")),
    ("百分之十万零六百五十一", D("1006.51")),
]

# mixed numbers, spaces, bare-unit parts, 零 gaps
MORE_FRACTIONS: list[Case] = [
    ("两又四分之一", D("2.25")), ("二百万又四十万分之八", D("2000000.00002")), ("七 分之 二", D(2) / D(7)),
    ("四分 之三", D("0.75")), ("八  分 之 一", D("0.125")), ("一 百 又 二 分之 一", D("100.5")),
    ("五十 又 4分  之1", D("50.25")), ("百分之百", D(1)), ("千分之千", D(1)), ("万万分之三", D("3e-8")),
    ("百万分之二", D("0.000002")), ("四分之一千零十二", D(253)), ("一千零十又二分之1", D("1010.5")),
    ("-8/5", D("-1.6")), ("８／２０", D("0.4")), ("1又1/2", D("1.5")), ("12.5 %", D("0.125")),
]


@pytest.mark.parametrize(("text", "expected"), MORE_FRACTIONS)
def test_parse_fraction_forms(text: str, expected: Decimal) -> None:
    assert parse_fraction(text) == expected


@pytest.mark.parametrize(("text", "expected"), FRACTIONS)
def test_parse_fraction(text: str, expected: Decimal) -> None:
    value = parse_fraction(text)
    assert isinstance(value, Decimal)
    assert value == expected


def test_parse_fraction_inexact_is_28_digits() -> None:
    assert parse_fraction("三分之一") == Decimal("0.3333333333333333333333333333")
    assert parse_fraction("三百五又三分之一") == Decimal("350.3333333333333333333333333")
    # both signs cancel (Recognizers-Text: 负３分之负一百五十七 = 52.33...)
    assert parse_fraction("负３分之负一百五十七") == parse_fraction("３分之一百五十七") > 52


@pytest.mark.parametrize("text", ["", "三", "3/0", "零分之一", "分之一", "二分之", "1/2/3", "三分之一分之二", "%"])
def test_parse_fraction_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_fraction(text)


# --- find_numerals ------------------------------------------------------------------

# (text, [(numeral, kind, value)]): fractions and percentages whole, numbers apart
FOUND: list[tuple[str, list[tuple[str, str, Decimal]]]] = [
    ("约占全省三分之一", [("三分之一", "fraction", D(1) / D(3))]),
    ("增长百分之2.4，达到500余万人", [("百分之2.4", "percent", D("0.024")), ("500余万", "number", D(5000000))]),
    ("提高3.5个百分点", [("3.5", "number", D("3.5"))]),
    ("完成四分之三，1/4留待明年", [("四分之三", "fraction", D("0.75")), ("1/4", "fraction", D("0.25"))]),
    ("占比-12.5%，千分之三", [("-12.5%", "percent", D("-0.125")), ("千分之三", "percent", D("0.003"))]),
    ("两又四分之一倍", [("两又四分之一", "fraction", D("2.25"))]),
    ("合 七 分之 二", [("七 分之 二", "fraction", D(2) / D(7))]),
    ("十分之一", [("十分之一", "fraction", D("0.1"))]),
    ("百分之百完成", [("百分之百", "percent", D(1))]),
    ("萬分之肆", [("萬分之肆", "percent", D("0.0004"))]),
    ("五百分之二", [("五百分之二", "fraction", D("0.004"))]),
    # no numerator, a zero denominator, a date with slashes: the numbers alone
    ("二分之。", [("二", "number", D(2))]),
    ("零分之一", [("一", "number", D(1))]),  # (a lone 零 is no numeral either)
    ("1/0", [("1", "number", D(1)), ("0", "number", D(0))]),
    ("2022/12/31", [("2022", "number", D(2022)), ("12", "number", D(12)), ("31", "number", D(31))]),
    ("百分之二三十", []),
    ("七十百分位", [("七十", "number", D(70))]),
    # table cells: a 3-digit group after a decimal and a space or comma is a number of its own
    ("总计 14326.5 13581.2 745.3", [("14326.5", "number", D("14326.5")), ("13581.2", "number", D("13581.2")),
                                   ("745.3", "number", D("745.3"))]),
    ("598,731,402.17 688,945,017.73", [("598,731,402.17", "number", D("598731402.17")),
                                       ("688,945,017.73", "number", D("688945017.73"))]),
    ("16 124人", [("16 124", "number", D(16124))]),  # after an integer it is a group
    # ... but not after a comma's group: no numeral groups with commas and spaces both
    ("32,410 103.9", [("32,410", "number", D(32410)), ("103.9", "number", D("103.9"))]),
    # ... nor after four digits and a space: a group runs to three digits
    ("22318 268 41236", [("22318", "number", D(22318)), ("268", "number", D(268)), ("41236", "number", D(41236))]),
    # tenths: 成 and 折 read as percentages, not before a word they begin
    ("超过三成,七成六,三成半", [("三成", "tenths", D("0.3")), ("七成六", "tenths", D("0.76")),
                           ("三成半", "tenths", D("0.35"))]),
    ("打八折,九五折,8.5折,打对折", [("八折", "tenths", D("0.8")), ("九五折", "tenths", D("0.95")),
                                ("8.5折", "tenths", D("0.85")), ("对折", "tenths", D("0.5"))]),
    ("九 九 折", [("九 九 折", "tenths", D("0.99"))]),
    ("成本下降一成不变,折合3万", [("一", "number", D(1)), ("3万", "number", D(30000))]),
    ("对折纸,十折", [("十", "number", D(10))]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_numerals(text: str, expected: list[tuple[str, str, Decimal]]) -> None:
    found = list(find_numerals(text))
    assert [(n.text, n.kind, n.value) for n in found] == expected
    for n in found:
        assert text[n.start:n.end] == n.text


def test_find_numerals_gives_the_approximation() -> None:
    assert [(n.text, n.approximation) for n in find_numerals("2万余家、3000余万人")] == [
        ("2万", None), ("3000余万", "over")]


def test_fraction_pattern_is_verbose_safe_and_embeddable() -> None:
    verbose = regex.compile(FRACTION_PATTERN, regex.VERBOSE)
    assert verbose.groups == 0
    for text, expected in FOUND:
        fractions = [n.text for n in find_numerals(text) if n.kind in ("fraction", "percent")]
        assert [m.group() for m in verbose.finditer(text) if m.group() in fractions] == fractions


def test_find_numerals_is_linear() -> None:
    for unit in ("1/", "1%", "三分之", "分之一", "1又", "百分之", "1 ", "1,", "二分 之 ", "三成", "1 2 折"):
        text = unit * (12000 // len(unit))
        assert sum(1 for _ in find_numerals(text)) <= len(text)


# --- the spec harness (tests/tools/numeral_specs.py) on cases of our own ------------

def _harness() -> ModuleType:
    path = Path(__file__).parent / "tools" / "numeral_specs.py"
    spec = importlib.util.spec_from_file_location("numeral_specs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


def _case(text: str, *results: tuple[str, str]) -> dict[str, object]:
    found = []
    for surface, value in results:
        start = text.index(surface)
        found.append({"Text": surface, "Start": start, "End": start + len(surface) - 1,
                      "Resolution": {"value": value}})
    return {"Input": text, "Results": found}


def test_harness_judges_cases() -> None:
    harness = _harness()
    right = _case("共3000余万人，占三分之一", ("3000余万", "30000000"), ("三分之一", "0.333333333333333"))
    wrong_value = _case("共3000余万人", ("3000余万", "3000"))
    extra = _case("2022 2023", ("2022", "2022"))
    tally = harness.measure([right, wrong_value, extra, {"Input": "一切", "Results": []}], "number")
    assert (tally.cases, tally.right_cases, tally.expected, tally.right, tally.judged) == (4, 2, 4, 3, 5)
    percent = harness.measure([_case("增长百分之2.4", ("百分之2.4", "2.4%")),
                               _case("提高2.4个百分点", ("2.4个百分点", "2.4%"))], "percent")
    assert (percent.right_cases, percent.right) == (2, 2)
    ranged = harness.measure([_case("十几万", ("十几万", "(100000,)"))], "range")
    assert ranged.right_cases == 1


# --- to_plain ---------------------------------------------------------------------

@pytest.mark.parametrize(("value", "text"), [
    (D("25874000"), "25874000"), (D("2.5874E+7"), "25874000"), (D("0.50"), "0.5"), (D("0.5"), "0.5"),
    (D("2862300000000"), "2862300000000"), (D("100"), "100"), (D("1E+2"), "100"), (D("-0.0"), "0"),
    (D("-12.340"), "-12.34"), (D("0"), "0"), (D("1E-7"), "0.0000001"),
])
def test_to_plain(value: Decimal, text: str) -> None:
    assert to_plain(value) == text


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_to_plain_rejects_non_finite(value: Decimal) -> None:
    with pytest.raises(ValueError):
        to_plain(value)


# --- NUMBER_RE ----------------------------------------------------------------------

SENTENCES: list[tuple[str, list[str]]] = [
    ("总量迈上3万亿元台阶", ["3万亿"]),
    ("歲入編列2兆8,623億元", ["2兆8,623億"]),
    ("实现数据共享10416类、开放5493类", ["10416", "5493"]),
    ("分别为313.2毫米、143.7毫米", ["313.2", "143.7"]),
    ("常住人口3 426 800人", ["3 426 800"]),
    ("接待游客1,509,403人次", ["1,509,403"]),
    ("实现营收2587.4万元，同比增长12.5%", ["2587.4万", "12.5"]),
    ("共5，300户", ["5，300"]),
    ("完成投资1亿2000万元", ["1亿2000万"]),
    ("去年为7兆764億元", ["7兆764億"]),
    ("二〇二三年共接待三十五万人次", ["二〇二三", "三十五万"]),
    ("增长三点五倍", ["三点五"]),
    ("兩萬人參加", ["兩萬"]),
    # characters that alone are words, not numerals (零售, 队伍, 大陆, 參與, ○ bullets)
    ("社会消费品零售总额", []), ("人才队伍建设", []), ("大陸地区", []), ("參與討論", []),
    ("○ 重点项目", []), ("零点五", ["零点五"]), ("伍拾万", ["伍拾万"]), ("零下5度", ["5"]),
    ("组建志愿服务队伍643支", ["643"]), ("中国大陆2024年", ["2024"]),  # an Arabic number right after one
    ("气温负五度，负责人3名", ["负五", "3"]),
    ("下降-0.2个百分点", ["-0.2"]),
    ("2019-2020年", ["2019", "2020"]),
    ("PM2.5浓度", ["2.5"]),
    # two or more points make a dotted code (version, date, address), matched whole and refused
    ("版本1.2.3发布", ["1.2.3"]),
    # unit names that begin with 千/兆/百 are left to the unit lexicon
    ("装机容量100兆瓦", ["100"]), ("新增120万千瓦", ["120万"]), ("重3千克", ["3"]),
    ("提高1.6百分点", ["1.6"]), ("实现782.7千人次", ["782.7千"]),
    # a 、 or a lone comma is not a thousands separator
    ("第3，10家", ["3", "10"]), ("1,2345", ["1", "2345"]),
    # bare units and 千万 ("by all means") do not start a numeral
    ("千万不要", []), ("万一出现", []), ("百姓", []),
]

# Where a numeral begins and ends, by phenomenon: (text, the numerals found).
SPAN_GROUPS: dict[str, list[tuple[str, list[str]]]] = {
    "approximation": [
        ("新增就业3000余万人", ["3000余万"]), ("两百多亿元", ["两百多亿"]), ("七十几万户", ["七十几万"]),
        ("九十 余 万人", ["九十 余 万"]),
        # a marker at the end is no part of the numeral: the quantity rule reads it after
        ("共有2万余家企业", ["2万"]), ("四百多人", ["四百"]), ("十几个", ["十"]), ("其余5家", ["5"]),
    ],
    "spaces joined": [
        ("总投资2500 万元", ["2500 万"]), ("共 6万 3千 2百 人", ["6万 3千 2百"]),
        ("六 百 三 十 八 户", ["六 百 三 十 八"]), ("七百 点 二 米", ["七百 点 二"]),
        ("合计三十 亿", ["三十 亿"]), ("一 千 零 五 十", ["一 千 零 五 十"]),
    ],
    # a space between two numbers (a list, a table row) never joins them
    "spaces not joined": [
        ("2022 2023", ["2022", "2023"]), ("12.5 8.3 9.1", ["12.5", "8.3", "9.1"]), ("1万 2万", ["1万", "2万"]),
        ("3.5万 4.2万", ["3.5万", "4.2万"]), ("一百 二百", ["一百", "二百"]), ("一 二 三", ["一", "二", "三"]),
        ("1千 2千", ["1千", "2千"]), ("5   万", ["5"]), ("5\t万", ["5"]), ("5\n万", ["5"]),
        ("一百五 ", ["一百五"]), ("三千 九百 六十五 ", ["三千 九百 六十五"]), ("1, 234, 567", ["1", "234", "567"]),
        ("12 3456", ["12", "3456"]),
    ],
    "zero gaps and halves": [
        ("三万零十五人", ["三万零十五"]), ("2千零50吨", ["2千零50"]), ("第零十章", ["零十"]),
        ("年过半百", ["半百"]), ("一半", ["一"]), ("半年", []), ("半数以上", []),
    ],
    "两": [
        ("两百点两", ["两百", "两"]), ("一点两小时", ["一", "两"]), ("二两酒", ["二"]), ("两万两白银", ["两万"]),
        ("两点钟", ["两"]), ("两千两百人", ["两千两百"]),
    ],
    "arabic forms": [
        ("增速0點六個百分點", ["0點六"]), ("20点三十分", ["20"]), ("6点半", ["6"]), ("3点5", ["3"]),
        ("约.5米", [".5"]), ("下降-.25", ["-.25"]), ("误差3.5E2以内", ["3.5E2"]), ("No.5", ["5"]),
        ("型号A1E5", ["1", "5"]), ("编号3E8C", ["3", "8"]), ("…9", ["9"]), ("...9", ["9"]), ("－－9", ["9"]),
        ("2022.12.31", ["2022.12.31"]), ("192.168.1.1", ["192.168.1.1"]), ("1.5.", ["1.5"]),
    ],
    # words that begin with numeral characters
    "not numbers": [
        ("一切准备就绪", []), ("我家在四川", []), ("这个岛屿远离大陆", []), ("没有人拾到", []),
        ("請問伍仁怎麼賣", []), ("万万不可", []), ("萬萬", []), ("干劲十足", []), ("两两结对", []),
        ("一看就懂", []), ("十四川菜", ["十四"]),
    ],
    # a lone 零 or 伍 is a numeral when it fills a table cell or a line
    "whole cells": [
        ("指标\t零\t3", ["零", "3"]), ("零\n", ["零"]), ("伍", ["伍"]), ("| 零 |", ["零"]),
        ("零售额\n零\n", ["零"]), ("伍仁", []), ("○ 重点项目", []), ("实现零增长", []),
    ],
    "capitals and traditional": [
        ("壹佰贰拾萬元", ["壹佰贰拾萬"]), ("伍仟億", ["伍仟億"]), ("陸拾幾萬", ["陸拾幾萬"]),
    ],
}


@pytest.mark.parametrize(("sentence", "expected"), [
    pytest.param(s, e, id=f"{group}-{s!r}") for group, rows in SPAN_GROUPS.items() for s, e in rows])
def test_number_re_spans(sentence: str, expected: list[str]) -> None:
    assert [m.group() for m in NUMBER_RE.finditer(sentence)] == expected


CODES = {"1.2.3", "2022.12.31", "192.168.1.1"}  # numeral-shaped, refused by parse_number


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_number_re_finds_maximal_expressions(sentence: str, expected: list[str]) -> None:
    assert [m.group() for m in NUMBER_RE.finditer(sentence)] == expected
    for found in expected:
        if found not in CODES:
            parse_number(found)  # every expected match is readable


def test_number_re_match_may_be_refused_by_parser() -> None:
    # 十四五 (the plan) is numeral-shaped; the parser refuses the digit run
    assert _first(NUMBER_RE, "十四五规划") == "十四五"
    with pytest.raises(ValueError):
        parse_number("十四五")


def test_pattern_is_verbose_safe_and_embeddable() -> None:
    verbose = regex.compile(NUMBER_PATTERN, regex.VERBOSE)
    assert NUMBER_RE.groups == 0
    for sentence, expected in SENTENCES:
        assert [m.group() for m in verbose.finditer(sentence)] == expected
    assert _first(verbose, "共3\u2009426\u2009800人") == "3\u2009426\u2009800"
    embedded = regex.compile(rf"(?P<number> {NUMBER_PATTERN} ) \s* (?P<unit> 万元 | 元 | 人 )", regex.VERBOSE)
    m = embedded.search("投资2587.4万元")
    assert m is not None and (m["number"], m["unit"]) == ("2587.4万", "元")
    assert NUMBER_RE.fullmatch("") is None and NUMBER_RE.search("没有数字") is None


def test_number_re_is_safe_from_backtracking() -> None:
    assert _first(NUMBER_RE, "1" * 100000 + "x") == "1" * 100000
    assert NUMBER_RE.search("万" * 100000) is None
    assert _first(NUMBER_RE, "一" * 100000) == "一" * 100000
    assert _first(NUMBER_RE, "1," * 50000) == "1"
    assert _first(NUMBER_RE, "1 " * 50000) == "1"
    assert sum(1 for _ in NUMBER_RE.finditer("1," * 50000)) == 50000
    # inside a larger pattern that fails after the number
    larger = regex.compile(rf"(?:{NUMBER_PATTERN})吨")
    for text in ("1" * 100000, "1万" * 50000, "二点五亿" * 30000, "1,000万" * 20000, "1.5万" * 30000):
        assert larger.search(text + "x吨") is None
    # what spaces, markers, exponents, dotted codes and cells add, repeated: every start stays short
    for unit in ("1万 ", "一百 ", "十 余 ", "三 ", "1e", "1,1e", "1.1.", "零\t", "\t", " ", "万 1", "千 2", "2 千",
                 "7 万5 ", "十几", "两点", "一 万 零 ", "半", "a1e5"):
        text = unit * (30000 // len(unit))
        assert sum(1 for _ in NUMBER_RE.finditer(text)) <= len(text)
        assert larger.search(text + "x吨") is None


# --- the lexicon ------------------------------------------------------------------

LEXICON_TEXT = (Path(numerals.__file__).parent / "lexicons" / "numerals.yaml").read_text(encoding="utf-8")


def test_lexicon_loads() -> None:
    lexicon = numerals._load_lexicon(LEXICON_TEXT)
    assert lexicon.maps["large_units"]["兆"] == 10**12
    assert lexicon.maps["digits"]["Ο"] == 0


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  零: 0\n", "  零: 0\n  零: 0\n", "duplicate key"),
    ("  廿: 20\n", "  廿: 20\n  十: 10\n", "listed in both"),
    ("  - 點\n", "  - 點\n  - 点\n", "listed in both"),
    ("  万亿: 1000000000000\n", "  万亿: 100000000\n", "product"),
    ("  余: over\n", "  余: more\n", "approximation_markers"),
    ("  余: over\n", "  余: over\n  万: over\n", "listed in both"),
    ("  半: [百, 佰, 万, 萬, 亿, 億]\n", "  半: [百, 年]\n", "halves"),
    ("before_units_only: [两, 兩, 倆]", "before_units_only: [两, 兩, 倆, 万]", "before_units_only"),
    ("not_numerals: [一切,", "not_numerals: [切一,", "not_numerals"),
    ("not_numerals: [一切,", "not_numerals: [一切, 一切,", "not_numerals"),
    ('inner_spaces: ["\\x20",', 'inner_spaces: ["\\x20", "_",', "inner_spaces"),
    ('cell_boundaries: ["\\n",', 'cell_boundaries: ["\\n", "万",', "cell_boundaries"),
])
def test_lexicon_rejects_inconsistent_data(old: str, new: str, message: str) -> None:
    assert old in LEXICON_TEXT
    with pytest.raises(ValueError, match=message):
        numerals._load_lexicon(LEXICON_TEXT.replace(old, new, 1))


def test_doctests() -> None:
    result = doctest.testmod(numerals)
    assert result.attempted > 0 and result.failed == 0


# --- properties ---------------------------------------------------------------------

def _to_chinese(n: int) -> str:
    """Reference reading of 0 <= n < 10**16 with 万/亿/万亿 sections and 零 for gaps."""
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"

    def four(group: int) -> str:
        out, gap = "", False
        for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = group // place % 10
            if d == 0:
                gap = gap or bool(out)
                continue
            out += ("零" if gap else "") + digits[d] + unit
            gap = False
        return out

    out, gap = "", False
    for i, unit in reversed(list(enumerate(["", "万", "亿", "万亿"]))):
        group = n // 10 ** (4 * i) % 10**4
        if group == 0:
            gap = gap or bool(out)
            continue
        out += ("零" if out and (gap or group < 1000) else "") + four(group) + unit
        gap = False
    return out


_CAPITAL = str.maketrans("一二三四五六七八九十百千万亿", "壹贰叁肆伍陆柒捌玖拾佰仟萬億")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_reading_round_trips(n: int) -> None:
    for text in (_to_chinese(n), _to_chinese(n).translate(_CAPITAL)):
        assert parse_number(text) == n, text
        # (a lone 零 伍 陆 拾 is not found in running text: see ambiguous_alone)
        assert len(text) == 1 or NUMBER_RE.fullmatch(text) is not None, text
        # as PDF text spaces every character out (一 千 零 五), with one or two spaces
        for space in (" ", "  "):
            spaced = space.join(text)
            assert parse_number(spaced) == n, spaced
            assert len(text) == 1 or NUMBER_RE.fullmatch(spaced) is not None, spaced


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["余", "多", "几"]),
       st.sampled_from(["万", "亿"]))
def test_approximation_reads_the_round_part(n: int, marker: str, unit: str) -> None:
    round_part = n * 10 if marker == "几" else n  # 几 stands in the units place: 二十几万
    text = _to_chinese(round_part) + marker + unit
    assert parse_number(text) == round_part * {"万": 10**4, "亿": 10**8}[unit], text
    assert NUMBER_RE.fullmatch(text) is not None and approximation(text) == "over", text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**20))
def test_arabic_forms_round_trip(n: int) -> None:
    for text in (str(n), f"{n:,}", f"{n:,}".replace(",", " "), "-" + str(n)):
        assert parse_number(text) == (-n if text.startswith("-") else n), text
        assert NUMBER_RE.fullmatch(text) is not None, text
    by_digit = "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    assert parse_number(by_digit) == n


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=2), st.sampled_from(["万", "亿", "万亿", "兆", "千"]))
def test_decimal_with_multiplier(value: Decimal, unit: str) -> None:
    text = f"{value}{unit}"
    scale = {"万": 10**4, "亿": 10**8, "万亿": 10**12, "兆": 10**12, "千": 10**3}[unit]
    if value == 0:
        with pytest.raises(ValueError):
            parse_number(text)
        return
    assert parse_number(text) == value * scale
    assert NUMBER_RE.fullmatch(text) is not None
    assert to_plain(parse_number(text)) == to_plain(value * scale)


_ALPHABET = "0123456789,.， 零〇一二两三四五六七八九十百千万亿兆点负-壹拾佰廿分之年元xyeE余多几半又/%\t\n"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_every_match_parses_or_raises_value_error(text: str) -> None:
    for m in NUMBER_RE.finditer(text):
        assert m.group() and m.group() == m.group().strip(), m  # no space at either end
        try:
            value = parse_number(m.group())
        except ValueError:
            continue
        assert isinstance(value, Decimal) and value.is_finite()
    for n in find_numerals(text):
        assert text[n.start:n.end] == n.text and n.value.is_finite()
