"""Quantities, by phenomenon. Each row: text, expected (value, unit) list."""
from __future__ import annotations

import pytest

from .helpers import quantities, rounded, values

Q = list[tuple[float, str | None]]

# Numbers with units and measure words; multipliers made absolute.
UNITS: list[tuple[str, Q]] = [
    ("光纤入户端口数达到2587.4万个", [(25874000, "个")]),
    ("已联接38个二级节点、2万余家企业", [(38, "个"), (20000, "家")]),
    ("标识注册量累计达149.6亿", [(14960000000, None)]),
    ("全市软件业务收入超过2700亿元", [(270000000000, "元")]),
    ("合同外商直接投资61亿美元", [(6100000000, "美元")]),
    ("总量迈上3万亿元台阶", [(3e12, "元")]),
    ("全州水资源总量为28.19亿立方米", [(2819000000, "立方米")]),
    ("自然保护区总面积3271.8平方公里", [(3271.8, "平方公里")]),
    ("全年粮食播种面积78.27千公顷", [(78270, "公顷")]),
    ("平均亩产416.8千克", [(416.8, "千克")]),
    ("全社会用电量18.65亿千瓦时", [(1865000000, "千瓦时")]),
    ("接待游客1,509,403人次", [(1509403, "人次")]),
    ("常住人口3 426 800人", [(3426800, "人")]),
    ("城镇新增就业４．６８万人", [(46800, "人")]),
    ("年末规模以上工业企业146家", [(146, "家")]),
    ("办理总量超1300万件次", [(13000000, "件次")]),
    ("平均气温17.8℃,城市区域环境噪声值50.4分贝", [(17.8, "℃"), (50.4, "分贝")]),
    ("歲入編列2兆8,623億元", [(2862300000000, "元")]),
    ("主计总处提及两项重大特别预算", [(2, "项")]),
    ("捐赠壹佰万元", [(1000000, "元")]),
    ("期货成交量24.8亿手", [(2480000000, "手")]),  # lots traded
    ("5亿手机网民", [(500000000, None)]),  # 手 before 机 makes a word, no unit
    ("发放新能源汽车专用号牌15.2万副", [(152000, "副")]),  # pairs and sets
    ("组织一千二百名高校毕业生参加见习", [(1200, "名")]),
]

# Shares, multiples and changes: read as written.
SHARES: list[tuple[str, Q]] = [
    ("占比达96.9%", [(96.9, "%")]),
    ("出生率5.88‰", [(5.88, "‰")]),
    ("提高0.7个百分点", [(0.7, "百分点")]),
    ("比上年下降1.6分点", [(1.6, "百分点")]),
    ("下降0.4个千分点", [(0.4, "千分点")]),
    ("同比增长1.4倍", [(1.4, "倍")]),
    ("岗位面向高校毕业生约百分之三十", [(30, "%")]),
    ("环比上升八成", [(80, "%")]),
    ("超过三成", [(30, "%")]),
    ("完成目标的四分之三", [(75, "%")]),
    ("审批时间缩短1/4", [(25, "%")]),
]

# Ranges and lists that share one unit give one quantity per member.
RANGES_AND_LISTS: list[tuple[str, Q]] = [
    ("每年新建10-15个", [(10, "个"), (15, "个")]),
    ("建设周期3至5年", [(3, "年"), (5, "年")]),
    ("分别高0.7、1.4个百分点", [(0.7, "百分点"), (1.4, "百分点")]),
    ("分别为313.2毫米、143.7毫米和390.5毫米", [(313.2, "毫米"), (143.7, "毫米"), (390.5, "毫米")]),
    ("三次产业结构比为7.7:57.5:34.8", [(7.7, None), (57.5, None), (34.8, None)]),
    ("投资3至5万元", [(30000, "元"), (50000, "元")]),
]

# Signs: a minus after text is a sign, after a number a range dash (review findings).
SIGNS: list[tuple[str, Q]] = [
    ("最低气温-5℃", [(-5, "℃")]),
    ("利润同比-3.2%", [(-3.2, "%")]),
    ("人工造林2828公顷,减负20.2%", [(2828, "公顷"), (20.2, "%")]),
]

# Approximate amounts keep their number; durations take the time word.
APPROXIMATE_AND_DURATIONS: list[tuple[str, Q]] = [
    ("超19个", [(19, "个")]),
    ("近3000人", [(3000, "人")]),
    ("600多人", [(600, "人")]),
    ("全市500余万人", [(5000000, "人")]),  # the marker inside the numeral: 500余万 = 5000000
    ("游客一千多万人次", [(10000000, "人次")]),
    ("产值1000 万元", [(10000000, "元")]),  # a space before the multiplier (scraped, PDF)
    ("2800多倍", [(2800, "倍")]),
    ("7%左右", [(7, "%")]),
    ("100亿元以上", [(1e10, "元")]),
    ("今年前两个月", [(2, "月")]),
    ("用时一个多小时", [(1, "小时")]),
    ("70年来", [(70, "年")]),
    ("50年一遇", [(50, "年")]),
    ("8年间增长了4.61倍", [(8, "年"), (4.61, "倍")]),
    ("每立方米23微克", [(23, "微克/立方米")]),
    ("比去年下降了7微克每立方米", [(7, "微克/立方米")]),
    ("1406个每立方厘米", [(1406, "个/立方厘米")]),
    ("平均租金21.3元/平方米/月", [(21.3, "元/平方米/月")]),  # a rent: over an area and a time
    ("六部委召开新闻发布会", [(6, None)]),
    ("西部10省市", [(10, None)]),
]

# Numbers that state no amount.
NOT_QUANTITIES: list[str] = [
    "2022年,重庆7月10日发布",
    "十大亮点!重庆排名第9",
    "5G基站和10G-PON端口",
    "奇安信、360、安恒等一批企业",
    "组织“护网2022”网络安全攻防实战演习",
    "打造“415”网络安全产业集群",
    "实施“两核三基多点”,推动“一网通办”",
    "六大支柱产业和三大门类",
    "一句话,一组数据,一批企业,唯一一个",
    "第一产业增加值,第一季度",
    "开放时间9:00-18:30",
    "见表1,统计公报(4)",
    "空气质量为二级,水质为三类",
    "一线城市和二线城市",
    "举报电话:0571-64718371",
    "《2020年中国296个地级及以上城市营商环境报告》发布",
    "截至17日下午4时",
    "“十四五”时期",
    "一成不变",
    "落实“三链两圈”布局",  # a slogan's shape, not this corpus's 两核三基多点
    "执行5年期以上LPR",
    "乘坐K1234次列车",
    "1" * 40 + "元",
    "年过半百",  # 半百 is a numeral, but a bare one
    "版本2.3.1发布",  # a dotted code
]


@pytest.mark.parametrize(("text", "expected"), UNITS + SHARES + RANGES_AND_LISTS + SIGNS + APPROXIMATE_AND_DURATIONS)
def test_quantities(text: str, expected: Q) -> None:
    assert values(text) == rounded(expected)


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


def test_qualifier_and_direction() -> None:
    from pipeline import Quantity, extract

    (q,) = [r for r in extract("网络安全产业规模超170亿元") if isinstance(r, Quantity)]
    assert q.qualifier is not None and q.qualifier.value == "over"
    (q,) = [r for r in extract("全市500余万人") if isinstance(r, Quantity)]
    assert q.qualifier is not None and q.qualifier.value == "over"  # from inside the numeral
    growth = [r for r in extract("生产总值2012.46亿元,比上年增长17.6%") if isinstance(r, Quantity)]
    assert growth[1].direction is not None and growth[1].direction.value == "up"
    assert growth[1].comparison == "比上年"


def test_table_cells_take_the_header_unit() -> None:
    text = "表1 地区生产总值\n单位:亿元\n指标 绝对数 比上年增长(%)\n地区生产总值 318.64 6.2\n房地产业 14.11 -0.2\n"
    assert values(text) == rounded([(31864000000, "元"), (6.2, "%"), (1411000000, "元"), (-0.2, "%")])


def test_units_in_column_headers_make_a_table_that_ends_where_prose_starts() -> None:
    """No 单位 line: the header's bracketed units (万人次, 间, 亿元) make it a table; its rows are the lines
    with a field per column, so the prose line after the last row (no blank line between) is no row."""
    text = ("市(州)　受灾人次(万人次)　倒塌房屋(间)　直接经济损失(亿元)\n雅安市　121.5　412　50.2\n"
            "凉山州　186.4　365　38.4\n其余各地合计 12\n")
    assert values(text)[:6] == rounded([(1215000, "人次"), (412, "间"), (5020000000, "元"),
                                        (1864000, "人次"), (365, "间"), (3840000000, "元")])
    assert values(text)[6:] == [(12, None)]


def test_row_with_a_field_per_column_has_no_spaced_numbers() -> None:
    """Under a header of six columns, a row of six fields is six cells: 158 131 117 406 are four numbers.
    A row with more fields than columns keeps a number spaced into groups (1 842 is 1842)."""
    medals = "单位:枚\n名次 代表团 金牌 银牌 铜牌 总数\n1 南昌市 158 131 117 406\n2 赣州市 136 127 129 392\n"
    assert values(medals) == rounded([(v, "枚") for v in (158, 131, 117, 406, 136, 127, 129, 392)])
    people = "单位:人\n地区 男 女 合计\n泸沽区 512 1 330 1 842\n"
    assert values(people) == rounded([(512, "人"), (1330, "人"), (1842, "人")])
