"""Quantities: a number, its unit, qualifier and change direction.

The rules are declared in `RULES` (ids, patterns over named fragments,
examples); this module finds, resolves and filters their candidates:
1. `find` runs each pattern once over the document;
2. `resolve` turns one match into a `QuantityCandidate` (value, unit,
   qualifier) or drops it, naming the drop rule (a code like 5G, an article
   一, an ordinal 第N, ...);
3. `share_units` gives a unit to the bare first members of ranges and lists
   (10-15个, 分别高0.7、1.4个百分点) and `table_units` the header's unit to
   the cells of a flattened table.
A number with a unit is one pattern (`_NUMBER_UNIT`); the rule it counts
for is named by the unit's class in units.yaml (qty.money for 元, qty.share
for %, ...), so a reviewer sees at a glance what kind of amount it is.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Literal, NamedTuple

import regex

from ..candidates import Intervals, QuantityCandidate, drop, longest_first, unsuppressed
from ..fragments import compiled, fragments
from ..lexicons import Lexicons
from ..numerals import approximation, parse_fraction, parse_number, tenths_word_starts
from ..offsets import LINE as _LINE, Lines
from ..rules import Rule, ex
from ..tables import words as table_lexicon
from .context import Blocker, Context

_IMPLAUSIBLE = Decimal("1e20")  # more than any amount a release states (1 万亿 is 1e12)
_LATIN = regex.compile(r"[A-Za-z]")
# 一年来, 提前一年完成, 历时一年: one of a time word is a duration
# (上线一年, 实施一年: how long since something began)
_ONE_SPAN = regex.compile(r"(?:提前|提早|推迟|延迟|延后|滞后|延长|缩短|历时|用时|耗时|为期|长达"
                          r"|上线|运行|实施|开通|投用|运营|开业|成立|施行)了?一|一\p{Han}{1,2}?(?:来|以来)")
# 三省一市, 两区一县: a count of places before 一 makes it one more
_COUNTED_BEFORE = regex.compile(r"[二两三四五六七八九十][省市区县州]$")
# 最少一個月, 仅一家, 至少有一名: a bound before 一 makes it a number, not an article
_BOUND_BEFORE = regex.compile(r"(?:至少|最少|起码|仅|只|仅有|只有)有?$")
_LATIN_BEFORE = regex.compile(r"[A-Za-z]\.?$")
_CLASS_UNITS = frozenset(("类", "級", "级", "型"))  # after a letter: a code naming a class (A1類, B2级)
# the later parts of a code joined by hyphens or slashes (GS0603-R21-15地块, B1/B2-05, COVID-19)
_CODE_BEFORE = regex.compile(r"[A-Za-z]\w{0,7}[-/]$")
_YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
_HAN = regex.compile(r"\p{Han}")
_CHENG_STOP = tenths_word_starts("成")  # 成本, 成员 ... are words, not 成 "tenths"

# --- patterns (templates over pipeline/fragments.py) ---------------------------

# 超2600万, 2万余家, 3个百分点, 一个多小时, 7微克每立方米, 100亿元以上
_NUMBER_UNIT = r"""
    (?P<pre>{qual_before})?
    (?P<num>{number})
    (?P<mid>{qual_mid})?
    (?:[ \u3000](?=[%‰]|个?[百千]分点))?  # 5.2 %, 0.3 个百分点: set apart by a PDF or a scraper
    (?:个(?P<mid2>{qual_mid})?(?={ge_unit})|个(?P<half>半)(?=月|小时|钟头))?  # 一个半月: one and a half
    (?P<unit>{unit})?
    (?(half)|(?:(?<=\d年|{cn_numeral}年)(?P<half>半)(?![年月日天价数场程途途载]))?)  # 3年半, 两年半
    (?:每(?P<per>{per_unit}|(?<=\p{Han})(?:{per_time})(?!\p{Han}))
      |(?<=\p{Han}|%)/(?P<slash>{denominator}(?:[/·](?:{per_time}))?))?  # 元/平方米/月, 人次/公里·日: and a time
    (?P<post>{qual_after})?
    """
# 近百名, 突破百枚, 上万人, 破千亿元, 百余家: 百 千 万 亿 (and 百万, 千亿, 万亿 …)
# written alone stand for one of them after a qualifier or before 余/多; never
# 成百上千 / 成千上万 (vague), 打破 / 经过 / 通过 (verbs), 百分之 or 百度.
_ROUND_MAGNITUDE = r"(?:[百千](?:万亿|[万亿])?|万亿|[万亿])(?!分之|度)"
_ROUND = r"""
    (?:(?P<pre>{qual_before})|(?<!成[百千])(?<![打经通超不])(?P<pre_round>{qual_round}))
    (?P<num>""" + _ROUND_MAGNITUDE + r""")
    (?P<mid>{qual_mid})?
    (?:个(?={ge_unit}))?
    (?P<unit>{unit})
    (?P<post>{qual_after})?
    """
_ROUND_MID = (r"(?<![\d数几成]|{cn_numeral})(?P<num>" + _ROUND_MAGNITUDE
              + r")(?P<mid>{qual_mid})(?:个(?={ge_unit}))?(?P<unit>{unit})")
# 粉丝量超百万的头部主播: a bare magnitude after a qualifier, with no unit, before 的 or a pause
_ROUND_BARE = (r"(?:(?P<pre>{qual_before})|(?<!成[百千])(?<![打经通超不])(?P<pre_round>{qual_round}))"
               r"(?P<num>" + _ROUND_MAGNITUDE + r")(?=的|[、,，;；。]|$)")
# 保持在百亿元以上: a bare magnitude bounded after its unit, ending its phrase
# (亿元以上项目, 百亿元企业 name a class of projects or firms)
_ROUND_POST = (r"(?<![\d数几成上]|{cn_numeral})(?P<num>" + _ROUND_MAGNITUDE
               + r")(?P<unit>{unit})(?P<post>以上|以下|以内)(?!\p{Han})")
# 每立方米23微克: a concentration unit written before the number
# (每平方米每月31.8元: a rent over an area and a time, both written first)
_PER_UNIT_FIRST = (r"每(?P<per>{per_unit})(?:每(?P<per2>{per_time}))?"
                   r"(?P<pre>{qual_before})?(?P<num>{number})(?P<unit>{unit})")
# 每周32班, 每年110万吨: a rate over a time, the time written first (not an average over one:
# 平均每日约192宗 counts 宗, 平均每日 names what)
_PER_TIME_FIRST = r"(?<!平均|人均)每(?P<per>{per_time})(?P<pre>{qual_before})?(?P<num>{number})(?P<unit>{rate_unit})"
_PERCENT_WORDS = r"(?P<pre>{qual_before})?(?P<frac>[百千]分之{number}|百分之百(?![分万千亿]))"  # 百分之百: all
# 超过一半, 一半以上: a half is a share too (not 另一半, 一半一半)
_FRACTION_WORDS = (r"(?P<pre>{qual_before})?(?P<frac>{number}分之{number}|(?<![另大多小])一半(?!一半))"
                   r"(?(?<=半)(?P<post>以上|以下)?)")
_FRACTION_DIGITS = r"(?<![\d/.])(?P<frac>[1-9]\d?/[1-9]\d?)(?![\d/])"
# 半个月, 半小时: half of a month or an hour, alone (not 上半月, 多半个月: the number stands before)
_HALF_UNIT = r"(?<![上下前后大多\d一二两三四五六七八九十])(?P<num>半)个?(?P<unit>月|小时|钟头)(?![份度])"
# 10秒38: a race time in seconds and hundredths
_RACE_TIME = r"(?<![\d.])(?P<num>\d{1,2})秒(?P<tenth>\d{2})(?![\d.%])"
_CHENG = (r"(?P<pre>{qual_before})?(?P<num>[一二两三四五六七八九]|[1-9])成"
          # (七成二受雇员工: 72%; but 七成二手车, 两成一线城市: the tenth begins a word)
          r"(?:(?P<half>半)|(?P<tenth>[一二三四五六七八九]|(?<=\d成)[1-9](?![\d.%]))(?![手线级星类号届期批次产轮代甲成倍个位名项]))?"
          r"(?![" + _CHENG_STOP + "])")  # (恢复至约七成六的水平: 76%)

# The rule of a number with a unit, by the unit's class (units.yaml).
RULE_BY_UNIT_CLASS = {
    "measure": "qty.count", "currency": "qty.money", "physical": "qty.measure", "time": "qty.duration",
    "share": "qty.share", "points": "qty.points", "multiple": "qty.multiple",
}
BARE = "qty.bare"
ROUND = "qty.round"
TABLE_CELL = "qty.table_cell"
SHARED_UNIT = "qty.shared_unit"

RULES: tuple[Rule, ...] = (
    Rule("qty.count", "quantity", "a number with a measure word (units.yaml class measure)", _NUMBER_UNIT,
         (ex("已联接38个二级节点", text="38个", value=38, unit="个"),
          ex("台中市285万6,430人次之", text="285万6,430人", unit="人"),  # 次之: comes next
          ex("观看人数多在5万至20万人次之间", text="20万人次", unit="人次"),
          ex("全市共获批建设用地112批次", text="112批次", unit="批次"),
          ex("12366热线接听来电58.3万通", text="58.3万通", unit="通"),  # calls; not 5通道
          ex("在20个次因素中", text="20个", unit="个"),  # 个, then 次因素
          ex("新增2万余家企业", text="2万余家", value=20000, unit="家", qualifier="over"),
          ex("接待游客1,509,403人次", value=1509403, unit="人次"),
          ex("组织渡运4.2万余航次", value=42000, unit="航次"), ex("出动车辆8.4万台次", unit="台次"),
          ex("先后应对2轮低温雨雪冰冻天气", text="2轮", unit="轮"),
          ex("全年完钻井2486口,其中水平井612口", text="2486口", unit="口"),
          # blood products and donors as blood services count them (a dose of platelets, a typed donor sample)
          ex("采集全血146.8万单位,机采血小板15.36万治疗量", text="15.36万治疗量", value=153600, unit="治疗量"),
          ex("新增入库志愿者2.15万人份", text="2.15万人份", value=21500, unit="人份"),
          ex("广交会展览面积155万平方米,分三期在广州举办", text="三期", value=3, unit="期"),
          ex("年夜饭预订量超过3.2万桌", text="超过3.2万桌", value=32000, unit="桌"),
          ex("省档案馆馆藏档案62.8万卷（件）", text="62.8万卷", unit="卷"),
          ex("提供档案利用72.4万卷次", unit="卷次"), ex("馆藏档案数字化1.32亿画幅", unit="画幅"),
          ex("全年共出现冰雹35站次", unit="站次"), ex("地理4门再选科目考试", text="4门", unit="门")),
         ("第3个", "5G基站", "新增三轮车", "一口气完成", "一桌难求", "二期扩建工程", "较上一期上升8分", "全市3门诊部", "开设5门户网站")),
    Rule("qty.money", "quantity", "an amount of money (units.yaml class currency)", _NUMBER_UNIT,
         (ex("软件业务收入超过2700亿元", text="超过2700亿元", value=270000000000, unit="元", qualifier="over"),
          ex("歲入編列2兆8,623億元", value=2862300000000, unit="元")),
         ("元旦",)),
    Rule("qty.measure", "quantity", "a physical measure (units.yaml class physical)", _NUMBER_UNIT,
         (ex("自然保护区总面积3271.8平方公里", value=3271.8, unit="平方公里"),
          ex("全年粮食播种面积78.27千公顷", value=78270, unit="公顷"),
          ex("最低气温-5℃", value=-5, unit="℃"),
          ex("本月平均氣溫為攝氏29.8度", text="攝氏29.8度", value=29.8, unit="℃")),  # 度 after 攝氏: Celsius
         ("十分关注",)),
    Rule("qty.per_unit", "quantity", "a concentration with 每 after the number (7微克每立方米)", _NUMBER_UNIT,
         (ex("比去年下降了7微克每立方米", text="7微克每立方米", value=7, unit="微克/立方米"),
          ex("1406个每立方厘米", value=1406, unit="个/立方厘米"),
          ex("洪峰流量2.86万立方米每秒。", text="2.86万立方米每秒", value=28600, unit="立方米/秒"))),
    Rule("qty.rate", "quantity", "a rate written with a slash (1.2万元/人, 420公斤/亩)", _NUMBER_UNIT,
         (ex("人均收入1.2万元/人", text="1.2万元/人", value=12000, unit="元/人"),
          ex("2号线客运强度达到2.06万人次/公里·日", text="2.06万人次/公里·日", value=20600, unit="人次/公里·日"),
          ex("平均亩产420公斤/亩", unit="公斤/亩"),
          ex("艺术类专业学费为8500元/学年", text="8500元/学年", value=8500, unit="元/学年")),
         ("死亡率13.41/10万",)),
    Rule("qty.per_unit_first", "quantity", "a rate with 每 and its unit before the number (每立方米23微克, 每辆2万元)",
         _PER_UNIT_FIRST, (ex("每立方米23微克", text="每立方米23微克", value=23, unit="微克/立方米"),
                           ex("布伦特原油月均价为每桶64.3美元", text="每桶64.3美元", value=64.3, unit="美元/桶"),
                           # a measure word too (GUIDELINES: a unit written with 每 takes the slash form)
                           ex("报废更新补贴标准为每辆2万元", text="每辆2万元", value=20000, unit="元/辆"),
                           ex("基础补贴标准为每餐2元", text="每餐2元", unit="元/餐"),
                           ex("平均房价为每间夜312元", text="每间夜312元", unit="元/间夜"),
                           ex("住宅平均租金为每平方米每月31.8元", text="每平方米每月31.8元", unit="元/平方米/月")),
         ("初级工每人补贴800元", "每户1000元", "末期股息每股0.28港元")),
    Rule("qty.per_time_first", "quantity", "a rate over a time with 每 before the number (每周32班)",
         _PER_TIME_FIRST,
         (ex("航线增至每周32班", text="每周32班", value=32, unit="班/周"),
          ex("保障能力提升至每年110万吨", text="每年110万吨", value=1100000, unit="吨/年"),
          ex("每天约3000人次", value=3000, unit="人次/天", qualifier="about")),
         ("每年增长10%", "每年1月", "每周3.5倍", "平均每日约192宗")),
    Rule("qty.duration", "quantity", "a duration (units.yaml class time)", _NUMBER_UNIT,
         (ex("今年前两个月", text="两个月", value=2, unit="月"),
          ex("用时一个多小时", value=1, unit="小时", qualifier="over"),
          ex("70年来", text="70年", value=70, unit="年"),
          ex("以10秒38的成绩夺冠", text="10秒38", value=10.38, unit="秒"),  # a race time (_RACE_TIME)
          # and a half (近3年半新低, 一个半月), not 一年半载 nor 2025年半年报
          ex("CPI年增1.69%,为近3年半新低", text="近3年半", value=3.5, unit="年"),
          ex("工程用时一个半月", text="一个半月", value=1.5, unit="月"),
          ex("发放额外半个月的标准金额", text="半个月", value=0.5, unit="月")),  # _HALF_UNIT
         ("2022年",)),
    Rule("qty.share", "quantity", "a percentage or per-mille written with its sign", _NUMBER_UNIT,
         (ex("占比达96.9%", text="96.9%", value=96.9, unit="%"), ex("出生率5.88‰", unit="‰"),
          ex("7%左右", text="7%左右", qualifier="about"), ex("增长 5.2 %", text="5.2 %", value=5.2, unit="%")),
         ("PM2.5",)),
    Rule("qty.points", "quantity", "percentage points, per-mille points, basis points", _NUMBER_UNIT,
         (ex("提高0.7个百分点", text="0.7个百分点", value=0.7, unit="百分点"),
          ex("比上年下降1.6分点", value=1.6, unit="百分点"), ex("下降25个基点", unit="基点"))),
    Rule("qty.multiple", "quantity", "a multiple (倍)", _NUMBER_UNIT,
         (ex("同比增长1.4倍", text="1.4倍", value=1.4, unit="倍"), ex("2800多倍", qualifier="over"),
          ex("跨境电商货邮量比上年增长一倍", text="一倍", value=1, unit="倍"))),
    Rule(BARE, "quantity", "a number without a unit: before a counted noun, or a plain amount", _NUMBER_UNIT,
         (ex("标识注册量累计达149.6亿", text="149.6亿", value=14960000000, unit=None),
          ex("六部委召开新闻发布会", text="六", value=6), ex("西部10省市", value=10)),
         ("两化融合", "5G基站", "护网2022")),
    Rule(ROUND, "quantity", "a bare 百, 千, 万 or 亿 standing for one of it, after a qualifier, before 余/多 "
         "or bounded by 以上/以下",
         _ROUND, (ex("有近百名运动员达到标准", text="近百名", value=100, unit="名", qualifier="under"),
                  ex("金牌数首次突破百枚", value=100, unit="枚", qualifier="over"),
                  ex("吸引上万人参加", text="上万人", value=10000, unit="人", qualifier="about"),
                  ex("投资超千亿元", value=100000000000, unit="元"),
                  ex("全省百余家企业", text="百余家", value=100, unit="家", qualifier="over"),
                  ex("连续3年保持在百亿元以上", text="百亿元以上", value=10000000000, unit="元", qualifier="over"),
                  ex("其中粉丝量超百万的头部主播120多人", text="超百万", value=1000000, unit=None, qualifier="over")),
         ("数百名群众", "成千上万人", "成百上千家企业", "通过百度搜索", "打破百年纪录", "老百姓", "三百余家",
          "新增百亿元企业3家", "其中亿元以上项目97个")),
    Rule("qty.percent_words", "quantity", "a percentage in words (百分之三十, 千分之五)", _PERCENT_WORDS,
         (ex("约百分之三十", text="约百分之三十", value=30, unit="%", qualifier="about"),
          ex("千分之五", value=5, unit="‰"), ex("宽减百分之百的薪俸税", text="百分之百", value=100, unit="%"))),
    Rule("qty.fraction_words", "quantity", "a share as a fraction in words, read as a percentage",
         _FRACTION_WORDS, (ex("完成目标的四分之三", text="四分之三", value=75, unit="%"),
                           ex("出境游订单占比超过一半", text="超过一半", value=50, unit="%", qualifier="over")),
         ("另一半",)),
    Rule("qty.fraction_digits", "quantity", "a share as a fraction in digits, read as a percentage",
         _FRACTION_DIGITS, (ex("审批时间缩短1/4", text="1/4", value=25, unit="%"),), ("1/2/3",)),
    Rule("qty.cheng", "quantity", "tenths (三成, 两成七, 八成半), read as a percentage", _CHENG,
         (ex("环比上升八成", text="八成", value=80, unit="%"), ex("二成九", value=29),
          ex("超过三成", text="超过三成", qualifier="over"),
          ex("其中约六成为非本地旅客", text="约六成", value=60),  # jieba: 六 | 成为
          ex("已恢复至2019年同期约七成六的水平", text="约七成六", value=76),
          ex("约有七成二受雇员工之经常性薪资低于平均数", text="七成二", value=72),
          ex("七成二手车来自本地", text="七成", value=70)),
         ("一成不变", "成本下降")),
    Rule(SHARED_UNIT, "quantity",
         "a bare member of a range or list takes the unit (and, in a range, the multiplier) of the next; "
         "a member after a rate takes the rate",
         None, (ex("每年新建10-15个", text="10", value=10, unit="个"),
                ex("收购价格在每斤1.19元至1.22元之间", text="1.22元", value=1.22, unit="元/斤"),
                ex("蔬菜价格在每斤2.8-3.6元之间", text="2.8", value=2.8, unit="元/斤"),  # the rate before the range
                ex("投资3至5万元", text="3", value=30000, unit="元"),
                ex("分别高0.7、1.4个百分点", text="0.7", unit="百分点"),
                ex("分别提高1.2个、4.5个百分点", text="1.2个", value=1.2, unit="百分点"))),
    Rule(TABLE_CELL, "quantity",
         "a cell of a flattened table takes the unit (and multiplier) of its header or of its row's label",
         None, (ex("单位:亿元\n指标 绝对数 比上年增长(%)\n地区生产总值 318.64 6.2\n", text="318.64",
                   value=31864000000, unit="元"),
                ex("单位:亿元\n指标 绝对数 比上年增长(%)\n地区生产总值 318.64 6.2\n", text="6.2", unit="%"),
                ex("指标 单位 绝对数\n发电量 亿千瓦时 1798.4\n", text="1798.4", value=179840000000,
                   unit="千瓦时"),
                ex("单位:元\n项目 本期 上期\n股东总数(户) 26,315 25,100\n", text="25,100", value=25100, unit="户"),
                ex("报告期末普通股股东总数(户) 26,315\n", text="26,315", value=26315, unit="户"),
                # a cell signed + is read in its own column (its number starts after the sign)
                ex("县 年降水量(毫米) 较常年(%) 水资源总量(亿立方米)\n青原区 1668.0 +4.7 7.94\n", text="4.7", unit="%"),
                # a multiplier alone in brackets scales the unit the header is named by
                ex("排名 客源市场 旅客人次(万) 按年变幅(%)\n1 内地 1,805.3 10.9\n", text="1,805.3",
                   value=18053000, unit="人次"),
                # the metric: the row's label and the column's header (a place as row label says where)
                ex("单位:万吨\n品种 产量 增长(%)\n粮食 1500 2.1\n", text="1500", metric="粮食产量"),
                # a whole year under a row of years is the year over it
                ex("单位:%\n           2024年   2025年\n           全年     第一季   第二季\n私人消费 -0.6 1.9 -1.1\n",
                   text="-0.6", unit="%", period="2024年"),
                # a column named a percentage, with what of in brackets
                ex("类别 销货价值(亿元) 按年变动百分率(价值)\n超级市场 65.4 -2.5\n", text="-2.5", unit="%"),
                # a total row with no rank: its figures stand under the last columns
                ex("排名 客源市场 旅客人次(万) 按年变幅(%)\n1 内地 1,805.3 10.9\n所有市场 2,370.1 13.1\n",
                   text="2,370.1", value=23701000, unit="人次"),
                # a long label names an item whose figure the row gives (an industry, a project)
                ex("行业 营业收入(亿元) 增长(%)\n有色金属冶炼和压延加工业 1386.2 5.1\n", text="1386.2", metric="营业收入"),
                ex("单位:亿元\n指标 绝对量 增长(%)\n地方一般公共预算收入 2386.9 3.2\n", text="2386.9",
                   metric="地方一般公共预算收入"),
                # the unit in brackets at the end of the caption over the header
                ex("表1 主要江河控制站洪峰水位(单位:米)\n站名 所在河流 警戒水位 洪峰水位\n湘潭站 湘江 38.00 40.62\n",
                   text="40.62", unit="米", region="湘潭站"),  # the station, not the river it is on
                ex("全省排名 | 开发区名称 | 所在市州 | 综合得分（分）\n1 | 武汉经开区 | 武汉市 | 92.6\n", text="92.6",
                   region="武汉经开区", metric="综合得分"),  # the zone, not its rank nor its city
                ex("綜合損益表摘要（人民幣千元）\n項目 二零二四年 二零二三年\n收入 12,865,432 11,879,106\n",
                   text="12,865,432", value=12865432000, unit="元"),
                ex("单位:枚\n名次 代表团 金牌 银牌\n1 南昌市 158 131\n", text="131", metric="银牌"),
                # a column headed by a place gives the cell its region, and no metric; a header that
                # leaves the label column unnamed still heads the columns after it
                ex("指标 江西 全国\n综合阅读率（%） 82.6 81.9\n", text="81.9", metric="综合阅读率", region="全国"),
                ex("营业收入（亿元） 比上年增长（%） 占比（%）\n文化核心领域 6735.8 8.4 59.7\n", text="6735.8",
                   value=673580000000, metric="文化核心领域营业收入"),
                # ... and where neither row nor column names a measure, the caption over the table does
                ex("表一：貨物出口按主要目的地統計\n單位：百萬澳門元\n目的地 2024年1至10月 2025年1至10月\n香港 6048.2 7246.0\n",
                   text="6048.2", metric="貨物出口"),
                ex("表一 2016年及2021年按区议会分区划分的住户每月收入中位数\n区议会分区 2016年（元） 2021年（元）\n"
                   "中西区 38,000 44,800\n", text="44,800", metric="住户每月收入中位数"),
                # ... a breakdown after a dash; a total row's figure is the total of it, and a change beside
                # a place is the change of it
                ex("表一　旅客人均消費－按原居地\n單位：澳門元\n原居地 2024年第3季 2025年第3季 按年變動(%)\n總數 2,248 2,212 -1.6\n"
                   "中國內地 2,422 2,374 -2.0\n", text="2,212", metric="旅客人均消費總數", period="2025年第3季"),
                ex("表一　旅客人均消費－按原居地\n單位：澳門元\n原居地 2024年第3季 2025年第3季 按年變動(%)\n總數 2,248 2,212 -1.6\n"
                   "中國內地 2,422 2,374 -2.0\n", text="-2.0", unit="%", metric="旅客人均消費按年變動"),
                # a table PDF text gives one cell per line: header lines, then a name and its values per row
                ex("表1 主要污染物浓度\n监测项目\n浓度(微克/立方米)\n同比变化(%)\nPM2.5\n24\n-11.1\nPM10\n38\n-9.5\n",
                   text="38", unit="微克/立方米", metric="PM10浓度"),
                ex("表1 主要污染物浓度\n监测项目\n浓度(微克/立方米)\n同比变化(%)\nPM2.5\n24\n-11.1\nPM10\n38\n-9.5\n",
                   text="-11.1", value=-11.1, unit="%"),
                # ... or only its header so, over rows written across
                ex("单位：%\nPMI\n生产\n新订单\n2025年6月 49.5 50.7 49.4\n", text="50.7", unit="%", metric="生产",
                   period="2025年6月"),
                # ... its unit on a 单位 line over the header lines (% after it: the rate columns')
                ex("单位：万人次\n线路\n客运量\n同比增长(%)\n1号线\n1,256.3\n5.2\n2号线\n986.1\n-1.8\n",
                   text="986.1", value=9861000, unit="人次", metric="2号线客运量"),
                ex("单位：万千瓦时、%\n行业\n用电量\n同比增长\n第一产业\n12,560\n8.1\n第二产业\n306,512\n-2.4\n",
                   text="-2.4", value=-2.4, unit="%"),
                # a column headed by a time (a fiscal year too) gives the cell its period, and no metric
                ex("单位:亿元\n项目 2025-26年度修订预算 2026-27年度预算\n政府收入 6,012 6,385\n", text="6,385",
                   metric="政府收入", period="2026-27年度"),
                ex("單位：百萬澳門元\n項目 2025年預算 1月至9月實際數\n財政收入 113,602 85,430\n", text="85,430",
                   period="1月至9月"),
                ex("單位：萬人次\n項目 2025年8月 2025年7月\n客運量 512.3 498.6\n", text="498.6", value=4986000,
                   period="2025年7月"),  # a month's column: the month, not its year alone
                # a column header's time is the cell's period, and what else it names is part of the metric
                ex("钢材产品产量\n品种　6月产量（万吨）　同比（%）　1-6月产量（万吨）　同比（%）\n粗钢　8634　-4.2　51482　-3.1\n",
                   text="51482", value=514820000, metric="粗钢产量", period="1-6月"),
                # a rate column without a time of its own is of the time to its left; bars separate cells
                ex("产品名称|单位|11月份|同比增长（%）|1—11月份|同比增长（%）\n原煤|万吨|42700|2.6|439500|1.8\n",
                   text="1.8", unit="%", metric="原煤同比增长", period="1—11月"),
                ex("产品名称|单位|11月份|同比增长（%）|1—11月份|同比增长（%）\n原煤|万吨|42700|2.6|439500|1.8\n",
                   text="42700", value=427000000, unit="吨", metric="原煤", period="11月"),
                # a header of two lines: a group's unit (and name) reaches every column under it
                ex("\t绝对额(亿元)\t比上年同期增长(%)\n\t一季度\t前三季度\t一季度\t前三季度\n第一产业\t1,802.1\t6,215.8\t3.5\t3.8\n",
                   text="6,215.8", value=621580000000, unit="元", metric="第一产业", period="前三季度"),
                ex("指标 客运量(万人次) 同比(%)\n 本月 累计 本月 累计\n铁路 512.3 4,106.8 2.1 -0.6\n", text="4,106.8",
                   value=41068000, unit="人次", metric="铁路客运量"),
                ex("指标 客运量(万人次) 同比(%)\n 本月 累计 本月 累计\n铁路 512.3 4,106.8 2.1 -0.6\n", text="-0.6",
                   value=-0.6, unit="%"),
                # a column of changes alone is of the measure to its left (and, with an item's long label,
                # the label's)
                ex("城市 | 平均气温(℃) | 距平(℃) | 降水量(毫米) | 距平百分率(%)\n南京 | 17.9 | +0.9 | 98.6 | +96\n",
                   text="96", unit="%", metric="降水量距平百分率", region="南京"),
                ex("單位：億美元\n貨品類別 金額 年增率(%)\n基本金屬及其製品 21.4 -6.8\n", text="-6.8",
                   metric="基本金屬及其製品年增率"),
                # a column named by its unit (影响百分点, 旅客人次), or that is one (人次, 千個標準箱), under
                # times counted out over its columns
                ex("表一\n              二〇二五年九月      二〇二五年一月至九月\n"
                   "           千個標準箱  按年變動(%)  千個標準箱  按年變動(%)\n"
                   "總數         1,148       -6.1        10,527      -3.8\n",
                   text="10,527", value=10527000, unit="标准箱", metric="總數", period="二〇二五年一月至九月"),
                ex("排序 项目 年增率（%） 影响百分点\n1 外食费 4.12 0.43\n", text="0.43", unit="百分点"),
                # a 单位 line naming % after the amounts' unit: the rate columns are in %
                ex("单位:亿美元;%\n项目 114年9月 年增率\n总计 625.8 18.7\n", text="625.8", value=62580000000,
                   unit="美元"),
                ex("单位:亿美元;%\n项目 114年9月 年增率\n总计 625.8 18.7\n", text="18.7", value=18.7, unit="%"),
                # a header of names only that leaves the label column unnamed; a row label's unit
                # reaches its signed cells; an index's base in brackets is no period
                ex("表一 2025年9月主要指数\n 综合指数 甲类指数 乙类指数\n指数(2019年10月至2020年9月=100) 108.7 109.3 108.5\n"
                   "按年变动百分率(%) +1.3 +1.0 +1.4\n", text="1.0", unit="%", metric="按年变动百分率甲类指数",
                   period="2025年9月"),
                # a label padded to its column's width (全　省 over 南昌市) is one field, closed up
                ex("设区市　常住人口（万人）　城镇化率（%）\n全　省　4502.8　64.69\n南昌市　658.4　80.72\n",
                   text="80.72", unit="%", metric="城镇化率", region="南昌市"),
                ex("设区市　常住人口（万人）　城镇化率（%）\n全　省　4502.8　64.69\n南昌市　658.4　80.72\n",
                   text="4502.8", value=45028000, metric="全省常住人口"),
                # a row led by a time (a fiscal year without 年 too) gives its cells their period
                ex("中期预测(亿元)\n年度 政府收入 政府开支\n2026-27 7,768 8,412\n", text="8,412",
                   metric="政府开支", period="2026-27"),
                # units in the column headers, no 单位 line; the rows end where prose starts
                ex("市(州) 受灾人次(万人次) 倒塌房屋(间) 直接经济损失(亿元)\n雅安市 121.5 412 50.2\n",
                   text="121.5", value=1215000, unit="人次", metric="受灾人次"),
                ex("影片名称 票房(亿元) 观影人次(万人次)\n《青丘狐传说》 38.62 7012\n", text="38.62",
                   value=3862000000, unit="元", metric="票房"),
                ex("乡镇 秋粮总产(万吨) 平均单产(公斤/亩)\n常营镇 4.63 537.1\n", text="537.1", unit="公斤/亩")),
         # (a contents page of names and page numbers has no header with a unit)
         ("报告期末股东总数(户)约为26,315", "目录\n第一章\n总体情况\n3\n第二章\n分项情况\n7\n")),
    # Drops: a candidate these rules match states no amount.
    Rule("drop.unreadable", "drop", "the numeral does not read as a number (an approximate range 二三十)",
         None, (ex("二三十家", text="二三十家"),)),
    Rule("drop.implausible", "drop", "more than any amount a release states: a run of digits, not an amount",
         None, (ex("1" * 40 + "元"),)),
    Rule("drop.ordinal", "drop", "第N is an ordinal, not an amount", None, (ex("第三十二期", text="三十二"),)),
    Rule("drop.code", "drop", "a number glued to Latin letters is a code or a name (5G, PM2.5, NO.1)", None,
         (ex("5G基站", text="5"), ex("PM2.5浓度", text="2.5"), ex("PM2.5年均浓度为36微克/立方米", text="2.5年"),
          ex("上塘单元GS0603-R21-15地块", text="15"), ex("新冠肺炎(COVID-19)", text="19"),
          ex("其中A1类事故2764件", text="1类"))),
    Rule("drop.quoted_name", "drop", "a unitless number in quotes is a name (“415”产业集群)", None,
         (ex("打造“415”网络安全产业集群", text="415"),)),
    Rule("drop.inside_word", "drop", "a Chinese numeral inside a word (统一, 万一, 其二)", None,
         (ex("其二是", text="二"),), ("其中约六成为非本地旅客", "近三年累计新增销售收入1386.2亿元")),
    Rule("drop.article", "drop", "一 before a measure word is an article (一句话, 一批); before 倍 it is a number",
         None, (ex("一句话说明", text="一句"), ex("2024年是关键一年", text="一年")),
         ("比上年增长一倍", "一年来,我们主要做了以下工作", "提前一年完成目标", "利润数据滞后一个月发布",
          "居长三角三省一市首位", "《锦官城奇谭》上线一年", "在港逗留最少一個月", "全省仅一家企业入选", "至少有一名成员")),
    Rule("drop.bare_chinese", "drop", "a Chinese numeral needs a unit or a counted noun (两化, 其二)", None,
         (ex("翻了两番", text="两"),)),
    Rule("drop.bare_year", "drop", "a unitless four-digit year (护网2022, 报告(2022))", None,
         (ex("组织护网2022演习", text="2022"),)),
    Rule("drop.list_marker", "drop", "a number opening a line (or a 注:) before 、 or . is a list marker", None,
         (ex("1、加强领导", text="1"), ex("注:1.本公报数据不含部队", text="1"), ex("- 1、下载文档前请自行甄别", text="1"),
          ex("注:1.本公报数据不含部队;2.部分数据因四舍五入,分项之和与总计略有出入。", text="2"))),
    Rule("drop.bracket_label", "drop", "a number alone in brackets is a label ((4))", None,
         (ex("见说明(4)如下", text="4"),)),
    Rule("drop.page_counter", "drop", "a number ending a short line after Han text (新闻8) or alone on its line "
         "is a page counter or number", None, (ex("相关新闻8\n", text="8"), ex("正文\n12\n正文", text="12"))),
    Rule("drop.serial_cell", "drop", "a cell under a header that numbers the rows (序号, 编号) is the row's number",
         None, (ex("序号|项目名称|计划投资（万元）\n1|城区老旧小区改造|6850\n", text="1"),)),
    Rule("drop.date_part", "drop", "a number before 年月日号时 that no date rule took is part of a date or time",
         None, (ex("2022年3月5号上午", text="5"),)),
)


class _Match(NamedTuple):
    """The groups of one pattern match that resolution reads."""

    pattern: str  # which pattern: number_unit, per_unit_first, percent_words, ...
    start: int
    end: int
    num: str
    num_start: int
    num_end: int
    pre: str = ""
    mid: str = ""
    mid2: str = ""
    unit: str = ""
    unit_start: int = -1
    per: str = ""
    slash: str = ""
    post: str = ""
    frac: str = ""
    half: str = ""
    tenth: str = ""


_PATTERNS: tuple[tuple[str, str, int], ...] = (
    ("number_unit", _NUMBER_UNIT, regex.VERBOSE),
    ("per_unit_first", _PER_UNIT_FIRST, 0),
    ("per_time_first", _PER_TIME_FIRST, 0),
    ("percent_words", _PERCENT_WORDS, 0),
    ("fraction_words", _FRACTION_WORDS, 0),
    ("fraction_digits", _FRACTION_DIGITS, 0),
    ("cheng", _CHENG, 0),
    ("race_time", _RACE_TIME, 0),
    ("half_unit", _HALF_UNIT, 0),
    ("round", _ROUND, regex.VERBOSE),
    ("round_mid", _ROUND_MID, 0),
    ("round_post", _ROUND_POST, 0),
    ("round_bare", _ROUND_BARE, 0),
)


def find(norm: str, lex: Lexicons) -> Iterator[_Match]:
    """Raw matches of every quantity pattern, one pass each."""
    for name, template, flags in _PATTERNS:
        for m in compiled(template, lex, flags).finditer(norm):
            g = m.groupdict()
            has_num = g.get("num") is not None
            yield _Match(
                name, m.start(), m.end(), g.get("num") or "",
                m.start("num") if has_num else m.start(), m.end("num") if has_num else m.end(),
                g.get("pre") or g.get("pre_round") or "", g.get("mid") or "", g.get("mid2") or "",
                g.get("unit") or "",
                m.start("unit") if g.get("unit") else -1,
                "/".join(p for p in (g.get("per"), g.get("per2")) if p), g.get("slash") or "",
                g.get("post") or "",
                g.get("frac") or "", g.get("half") or "", g.get("tenth") or "",
            )


@functools.cache
def _qualifiers(lex: Lexicons) -> dict[tuple[str, str], Literal["over", "under", "about"]]:
    return {(pos.removesuffix("_round"), q.surface): q.value for pos in ("before", "before_round", "mid", "after")
            for q in lex.qualifiers[pos]}


def _qualifier(lex: Lexicons, m: _Match) -> Literal["over", "under", "about"] | None:
    table = _qualifiers(lex)
    for position, surface in (("before", m.pre), ("mid", m.mid), ("mid", m.mid2), ("after", m.post)):
        if surface and (position, surface) in table:
            return table[(position, surface)]
    return approximation(m.num)  # 500余万人: the marker inside the numeral


def _unit(lex: Lexicons, m: _Match) -> str | None:
    if not m.unit:
        return None
    unit = lex.unit_by_surface[m.unit].canonical
    per = m.per or m.slash  # 元/平方米/月: a rent, over an area and a time (人次/公里·日: a daily density)
    if not per:
        return unit
    return unit + "/" + "".join(p if p in _PER_JOINERS else lex.unit_by_surface[p].canonical
                                for p in _PER_JOINER.split(per))


_PER_JOINER = regex.compile(r"([/·])")
_PER_JOINERS = frozenset("/·")


def _trim_sign(norm: str, m: _Match, word_edges: frozenset[int]) -> _Match:
    """A sign that belongs to the word before is no sign: the '-' of a range
    (10-15个) or the 负 of 减负 / 正负."""
    sign = m.num[:1]
    before = norm[m.start - 1:m.start]
    if m.pattern == "number_unit" and (
        (sign in "-−" and bool(_RANGE_BEFORE.match(before)))
        or (sign in "负負" and (_HAN.match(before) is not None or m.start not in word_edges))
    ):
        return m._replace(start=m.start + 1, num=m.num[1:], num_start=m.num_start + 1)
    return m


_RANGE_BEFORE = regex.compile(r"[\d%〇零一二两三四五六七八九十百千万亿]")  # 10-15个: a dash after a number


def _drop_unit(m: _Match) -> _Match:
    """The match without its unit and anything after the number."""
    return m._replace(end=m.num_end + len(m.mid), unit="", unit_start=-1, per="", slash="", post="", mid2="")


def _rule_for(m: _Match, unit: str | None, lex: Lexicons) -> str:
    if m.pattern in ("per_unit_first", "per_time_first"):
        return f"qty.{m.pattern}"
    if m.pattern in ("round", "round_mid", "round_post", "round_bare"):
        return ROUND
    if unit is None:
        return BARE
    if m.per:
        return "qty.per_unit"
    if m.slash:
        return "qty.rate"
    return RULE_BY_UNIT_CLASS[lex.unit_by_surface[m.unit].unit_class]


def _candidate(m: _Match, rule: str, value: Decimal, unit: str | None, lex: Lexicons) -> QuantityCandidate:
    return QuantityCandidate(start=m.start, end=m.end, rule=rule, value=value, unit=unit,
                             number_start=m.num_start, number_end=m.num_end, qualifier=_qualifier(lex, m))


def resolve(norm: str, m: _Match, lex: Lexicons, word_edges: frozenset[int],
            lines: Lines) -> QuantityCandidate:
    """Value, unit and qualifier of one match; a candidate that states no
    amount comes back dropped, naming the drop rule."""
    try:
        if m.pattern in ("percent_words", "fraction_words", "fraction_digits"):
            share = Decimal("0.5") if m.frac == "一半" else parse_fraction(m.frac)
            sign = "‰" if m.frac.startswith("千分之") else "%"
            return _candidate(m, f"qty.{m.pattern}", share * (1000 if sign == "‰" else 100), sign, lex)
        if m.pattern == "race_time":  # 10秒38 = 10.38 s
            return _candidate(m, "qty.duration", parse_number(m.num) + parse_number(m.tenth) / 100, "秒", lex)
        if m.pattern == "cheng":
            tenth = parse_number(m.tenth) if m.tenth else 5 if m.half else 0
            cand = _candidate(m, "qty.cheng", parse_number(m.num) * 10 + tenth, "%", lex)  # 两成七 = 27%
            # 一成不变: 成 inside a word, not tenths; 六成为 (六 | 成为): a word begins at 成
            inside = m.end not in word_edges and m.end - 1 not in word_edges
            if inside and _HAN.match(norm[m.end:m.end + 1] or " "):
                return drop(cand, "drop.inside_word")
            return cand
        if m.pattern == "half_unit":
            return _candidate(m, "qty.duration", Decimal("0.5"), _unit(lex, m), lex)
        m = _trim_sign(norm, m, word_edges)
        value = parse_number("一" + m.num if m.pattern.startswith("round") else m.num)  # 百 is 一百
        if m.half:
            value += Decimal("0.5")  # 3年半, 一个半月
    except (ValueError, ArithmeticError):
        return drop(_candidate(m, BARE, Decimal(0), None, lex), "drop.unreadable")
    if value.copy_abs() >= _IMPLAUSIBLE:  # copy_abs, unlike abs(), never rounds: 1 MB of digits overflowed
        return drop(_candidate(m, BARE, Decimal(0), None, lex), "drop.implausible")
    if _unit_starts_word(norm, m, lex):
        m = _shorter_unit(m, lex)  # 285万6,430人次之: 人, then 次之
    if _unit_starts_noun(norm, m, lex) or _needs_digits(norm, m, lex):
        m = _drop_unit(m)
    unit = _unit(lex, m)
    if unit == "度" and norm.endswith(_CELSIUS_BEFORE, 0, m.start):
        # 攝氏29.8度: degrees Celsius, the scale named before the number and part of the quantity
        unit, m = "℃", m._replace(start=m.start - len(_CELSIUS_BEFORE))
    cand = _candidate(m, _rule_for(m, unit, lex), value, unit, lex)
    dropped_by = _no_amount(norm, m, lex, word_edges, lines)
    return drop(cand, dropped_by) if dropped_by else cand


_CELSIUS_BEFORE = "摄氏"


def _no_amount(norm: str, m: _Match, lex: Lexicons, word_edges: frozenset[int], lines: Lines) -> str | None:
    """The drop rule that says this number states no amount, if one does."""
    num = m.num
    before, after = norm[max(0, m.start - 1):m.start], norm[m.end:m.end + 1]
    num_before = norm[max(0, m.num_start - 2):m.num_start]
    has_unit = bool(m.unit)
    chinese = bool(_cn_numeral(lex).match(num[0])) if num else False
    bare_han = chinese and not _trailing_large_multiplier(lex).search(num)
    if num_before.endswith("第"):
        return "drop.ordinal"
    # NO.1, PM2.5, 5G, 4K, 10G-PON; PM2.5年均浓度 (年均 is no duration after a code either)
    timed = has_unit and lex.unit_by_surface[m.unit].unit_class == "time"
    classed = has_unit and m.unit in _CLASS_UNITS  # A1類事故: a class's code, not one class
    if (_LATIN_BEFORE.search(num_before) and (not has_unit or timed or classed)
            or _LATIN.match(after) and not has_unit):
        return "drop.code"
    if not has_unit and _CODE_BEFORE.search(norm, max(0, m.num_start - 9), m.num_start):
        return "drop.code"
    if before and after and before in "“\"'「『" and after in "”\"'」』" and not has_unit:
        return "drop.quoted_name"
    if chinese and m.num_start not in word_edges and not m.pattern.startswith("round") and not (
            timed and norm.endswith("近", 0, m.num_start)):  # jieba's 近三年 is a span of three years
        return "drop.inside_word"
    if num == "一" and not (m.mid or m.mid2) and not (
            has_unit and lex.unit_by_surface[m.unit].unit_class == "multiple"  # 增长一倍: doubled
            or has_unit and lex.unit_by_surface[m.unit].unit_class == "time" and _ONE_SPAN.search(
                norm, max(0, m.start - 2), m.end + 2)  # 一年来, 提前一年: a span of one
            or _COUNTED_BEFORE.search(norm, max(0, m.start - 2), m.start)  # 长三角三省一市
            or _BOUND_BEFORE.search(norm, max(0, m.num_start - 3), m.num_start)):
        return "drop.article"
    if not has_unit:
        if bare_han and not _counts_noun(norm, m.end, lex):
            return "drop.bare_chinese"
        if not chinese:
            return _bare_code(norm, m, lines)
    return None


def _unit_starts_noun(norm: str, m: _Match, lex: Lexicons) -> bool:
    """The "unit" begins a counted noun instead (六部委: 部委, 五部门: 部门)."""
    return bool(m.unit) and _counts_noun(norm, m.unit_start, lex)


def _unit_starts_word(norm: str, m: _Match, lex: Lexicons) -> bool:
    """The unit's character begins another word (23支持: 支持, not 支)."""
    unit = lex.unit_by_surface.get(m.unit)
    after = m.unit_start + len(m.unit)
    return unit is not None and norm.startswith(unit.not_before, after) and not norm.startswith(
        unit.not_before_except, after)


def _shorter_unit(m: _Match, lex: Lexicons) -> _Match:
    """The longest unit the surface starts with, short of itself (人次 -> 人); none if there is none (支)."""
    for length in range(len(m.unit) - 1, 0, -1):
        if m.unit[:length] in lex.unit_by_surface:
            return m._replace(end=m.unit_start + length, unit=m.unit[:length], per="", slash="", post="", mid2="")
    return _drop_unit(m)


def _needs_digits(norm: str, m: _Match, lex: Lexicons) -> bool:
    unit = lex.unit_by_surface.get(m.unit)
    return (unit is not None and unit.arabic_only and not m.num[:1].isdigit()
            and not (unit.counted_after and norm.endswith(unit.counted_after, 0, m.num_start)))


def _counts_noun(norm: str, pos: int, lex: Lexicons) -> bool:
    return _countable(lex).match(norm, pos) is not None


@functools.cache
def _countable(lex: Lexicons) -> regex.Pattern[str]:
    from ..lexicons import or_regex

    return regex.compile(or_regex(lex.countable_nouns))


@functools.cache
def _cn_numeral(lex: Lexicons) -> regex.Pattern[str]:
    return regex.compile(fragments(lex)["cn_numeral"])


@functools.cache
def _trailing_multiplier(lex: Lexicons) -> regex.Pattern[str]:
    return regex.compile(f"{fragments(lex)['multiplier']}$")


@functools.cache
def _trailing_large_multiplier(lex: Lexicons) -> regex.Pattern[str]:
    return regex.compile(f"{fragments(lex)['large_multiplier']}$")


# what may open a line before a list marker: nothing, or a bullet of a scraped page (- 1、下载文档前…)
_BULLETS = frozenset(("", "-", "•", "·", "*", "●", "○", "■", "□", "◆", "◇", "▪", "►"))


def _bare_code(norm: str, m: _Match, lines: Lines) -> str | None:
    """The drop rule of a unitless Arabic number that is a year, label, list marker or counter."""
    num = m.num
    line_start, line_end = lines.start_of(m.start), lines.end_of(m.start)
    after = norm[m.end:m.end + 1]
    if _YEAR_LIKE.fullmatch(num):
        return "drop.bare_year"  # a year written without 年 (护网2022, 《报告(2022)》)
    lead = norm[line_start:m.start].strip()
    if (lead in _BULLETS or _NOTE.fullmatch(lead)) and after in ("、", ".", ")", "）"):
        return "drop.list_marker"  # 1、 2. 注:1.
    if _NOTE.match(lead) and lead.endswith(("；", ";")) and after in ("、", "."):
        return "drop.list_marker"  # 注:1.本公报…;2.全市排名…: the notes' later items on one line
    if lead == "" and norm[m.end:line_end].strip() == "":
        return "drop.page_counter"  # a number alone on its line: a page number
    if m.start > 0 and after and norm[m.start - 1] in "(（" and after in ")）":
        return "drop.bracket_label"  # (4)
    if m.end == line_end and line_end - line_start < 30 and num.isdigit() and _HAN.match(
        norm[m.start - 1:m.start] or " "
    ):
        return "drop.page_counter"  # 新闻8
    if after != "" and after in "年月日号时":
        return "drop.date_part"  # parts of dates and times no date rule took
    return None


def share_units(norm: str, cands: list[QuantityCandidate], lex: Lexicons) -> list[QuantityCandidate]:
    """Bare members of a range or list take the unit of the member after them.

    `10-15个` gives 10 个 and 15 个; `0.7、1.4个百分点` gives two 百分点.
    In a range the multiplier is shared too: 3至5万元 is 3万 to 5万. A rate
    written once goes on to the members after it: 每斤1.19元至1.22元 is two
    元/斤.
    """
    out = list(cands)
    seps = _separators(lex)
    multiplier = _trailing_multiplier(lex)
    ge_units = {u.canonical for u in lex.units if u.ge}
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        # 提高1.2个、4.5个百分点: 个 before the list's shared unit is the unit's own 个
        written_ge = a.unit == "个" and b.unit in ge_units and norm.startswith("个", b.number_end)
        if (a.unit and not written_ge) or not b.unit:
            continue
        between = norm[a.end:b.start]
        is_range = bool(seps["range"].fullmatch(between))
        if not (is_range or seps["list"].fullmatch(between) or seps["parallel"].fullmatch(between)):
            continue
        value = a.value
        b_mult = multiplier.search(norm, b.number_start, b.number_end)
        if is_range and b_mult and not multiplier.search(norm, a.number_start, a.number_end):
            value = a.value * parse_number("1" + b_mult.group())
        unit = b.unit
        per = _per_before(lex).search(norm, max(0, a.start - 6), a.start)
        if per is not None and "/" not in unit:  # 每斤2.8-3.6元: 元/斤 from 2.8 on
            unit = f"{unit}/{lex.unit_by_surface[per.group('per')].canonical}"
        out[i] = replace(a, rule=SHARED_UNIT, unit=unit, value=value)
    for i in range(len(out) - 1):  # 每斤1.19元至1.22元: the rate goes on to the next member
        a, b = out[i], out[i + 1]
        if a.unit and b.unit and "/" in a.unit and a.unit.split("/")[0] == b.unit and (
                seps["range"].fullmatch(norm, a.end, b.start) or seps["list"].fullmatch(norm, a.end, b.start)):
            out[i + 1] = replace(b, rule=SHARED_UNIT, unit=a.unit)
    return out


@functools.cache
def _per_before(lex: Lexicons) -> regex.Pattern[str]:
    return compiled(r"每(?P<per>{per_unit})$", lex)


@functools.cache
def _separators(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    return {
        "range": compiled(r"\s*{range}\s*", lex),
        "list": compiled(r"\s*{list_joiner}\s*", lex),  # not ",": it ends a clause
        # 增速比全国高1.0、比全省高0.4个百分点: list members with their own short comparison
        "parallel": regex.compile(r"、[^\d,，。;；:：]{1,8}"),
    }


def spaced_cells(norm: str, cands: list[QuantityCandidate], tables: Sequence[_TextTable],
                 lines: Lines) -> list[QuantityCandidate]:
    """In a row of a flattened table with as many fields as its header has
    columns, every field is a cell: a number spaced into groups is several
    cells (名次 代表团 金牌 银牌 铜牌 总数 over 1 南昌市 158 131 117 406 gives
    158, 131, 117 and 406, never 158,131,117,406). A row with more fields
    than columns keeps its spaced numbers (泸沽区 512 306 1 842 under four
    columns: 1 842 is 1842)."""
    out: list[QuantityCandidate] = []
    rows: dict[int, bool] = {}  # line start -> whether its fields are its header's columns
    tops = [t.header.end() for t in tables]
    for cand in cands:
        text = norm[cand.number_start:cand.number_end]
        if cand.rule != BARE or cand.unit or not any(ch.isspace() for ch in text):
            out.append(cand)
            continue
        line_start = lines.start_of(cand.start)  # by bisection: one long line costs no rescans
        if line_start not in rows:
            at = bisect_left(tops, line_start) - 1
            columns = len(tables[at].header.group().split()) if at >= 0 and line_start < tables[at].end else None
            rows[line_start] = columns == len(_fields(norm[line_start:lines.end_of(cand.start)]))
        if not rows[line_start]:
            out.append(cand)
            continue
        for field in regex.finditer(r"\S+", norm, pos=cand.number_start, endpos=cand.number_end):
            out.append(replace(cand, start=field.start(), end=field.end(), number_start=field.start(),
                               number_end=field.end(), value=parse_number(field.group())))
    return out


def table_units(norm: str, cands: list[QuantityCandidate], lex: Lexicons, tables: Sequence[_TextTable],
                lines: Lines, source: str = "") -> list[QuantityCandidate]:
    """Cells of a flattened table take the unit of its header (GUIDELINES).

    Two layouts: a `单位:亿元` line over the table (the table's unit and
    multiplier: 295.4 -> 29540000000 元), or a `单位` column giving each row
    its own (发电量 亿千瓦时 1798.4). The table runs to the next blank line;
    its first line names the columns, and a column whose header carries a
    unit in brackets (比上年增长(%)) gives that unit instead, as does a row
    whose label does (股东总数(户) 26,315 25,100), in a table or on a line
    of its own. A signed cell keeps its sign.
    """
    out = list(cands)
    cand_starts = [c.start for c in out]  # in text order
    whole_year = frozenset(lex.context["whole_year_words"])  # (全年 under 二〇二四年: that year)
    for header, table_unit, table_end, rates, groups in tables:
        rows = list(_LINE.finditer(norm, pos=header.end() + 1, endpos=table_end))
        row_starts = [ln.start() for ln in rows]
        # row -> its fields, where they start and its fields as written, once (a row of 30,000 cells stays linear)
        fields: dict[int, tuple[list[str], list[int], list[str]]] = {}
        cells = header.group().split()
        written = source or norm  # one-for-one with norm: labels are quoted as written
        written_cells = _as_written(norm, written, header.start(), header.end())
        # 票房(亿元) -> (元, 1e8); 旅客人次 -> 人次 (a column named by its unit)
        header_units = [_bracket_unit(cell, lex) or _unit_only(cell, lex) or _named_unit(cell, lex)
                        or _percent_header(cell)
                        or (group.unit if i < len(groups) and (group := groups[i]) else None)
                        for i, cell in enumerate(cells)]
        for i, group in enumerate(groups):  # a group's name heads its columns (客运量 + 一季度; 本月 adds nothing)
            if group is not None and i < len(cells):
                named = cells[i] not in table_lexicon().generic_column_labels
                cells[i] = norm[group.start:group.end] + (cells[i] if named else "")
                written_cells[i] = written[group.start:group.end] + (written_cells[i] if named else "")
        unit_column = cells.index("单位") if "单位" in cells else None
        years_over = _years_over(norm, written, header)
        caption = _caption_measure(norm, written, header)
        first = bisect_left(cand_starts, rows[0].start()) if rows else len(out)
        last = bisect_left(cand_starts, rows[-1].end()) if rows else len(out)
        for i in range(first, last):
            cand = out[i]
            at = bisect_right(row_starts, cand.start) - 1
            line = rows[at] if at >= 0 and cand.start < rows[at].end() else None
            # (欧洲方向 | 1987 | 24.1 under 开行量（列）: a cell that looks like a year is an amount of its column)
            year_cell = cand.dropped_by == "drop.bare_year"
            if line is None or cand.unit or cand.rule != BARE or not (cand.alive or year_cell):
                continue
            if at not in fields:
                spans = list(_FIELD.finditer(line.group()))
                fields[at] = ([_closed_up(f.group()) for f in spans], [line.start() + f.start() for f in spans],
                              [_closed_up(f) for f in _as_written(norm, written, line.start(), line.end(), _FIELD)])
            row, starts, written_row = fields[at]
            column = max(0, bisect_right(starts, cand.start) - 1)  # the field holding the cell (+4.7: after its sign)
            over = _header_column(cells, row, column)
            if over is not None and over < len(cells) and cells[over] in table_lexicon().serial_column_headers:
                out[i] = drop(cand, "drop.serial_cell")  # 序号 over 1: the row's number
                continue
            own = header_units[over] if over is not None and over < len(header_units) else None
            if year_cell:
                if own is None or own[0] == "年" or row[column] != norm[cand.number_start:cand.number_end]:
                    continue
                cand = replace(cand, dropped_by=None)
            if own is None and rates and over is not None and _RATE_HEADER.search(cells[over]):
                own = ("%", Decimal(1))  # 单位：亿美元；% over 年增率: the rate column's unit
            row_unit = _unit_cell(row[unit_column], lex) if unit_column is not None and unit_column < len(row) else None
            label = _label_unit(norm, line.start(), cand.start, lex)
            unit, multiplier = own or label or row_unit or table_unit or (None, Decimal(1))
            metric = _cell_metric(cells, row, column, lex, written_cells, written_row, caption)
            period = _column_time(cells, written_cells, row, column) or _row_time(row, written_row, column)
            at_col = _header_column(cells, row, column)
            if (period is None or period in whole_year) and at_col is not None:
                # 二〇二四年 over 全年: the year it is the whole of; 二〇二五年九月 over 千個標準箱: that month
                period = years_over.get(at_col, period)
            region = _column_place(cells, written_cells, row, column, lex)
            if region is None and (region := _row_subject(cells, written_row, column)) and metric:
                # the row's subject says where, like a place (武汉经开区 + 综合得分 -> 综合得分)
                metric = (metric[len(region):] or None) if metric.startswith(region) else metric
            if (metric is None or caption and _is_place(metric, lex)) and (region or period):
                # 表一：貨物出口按主要目的地統計 over 香港 6048.2: what the caption measures (over a
                # 全港 row too, under time columns: the whole's figure of it)
                metric = caption
            if unit is None:  # an index or a score (综合指数 3.05): no unit, but the table says what it is
                out[i] = replace(cand, rule=TABLE_CELL, metric=metric, period=period, region=region)
                continue
            out[i] = replace(cand, rule=TABLE_CELL, unit=unit, value=cand.value * multiplier, metric=metric,
                             period=period, region=region)
    for i, cand in enumerate(out):  # a label and its value on a line outside tables (营业收入(万元) 59,873.1)
        if cand.rule == BARE and cand.alive and not cand.unit:
            line_start = lines.start_of(cand.start)
            # only the first value: without a header, a second may be a growth rate
            first = cand.start - line_start <= _MAX_ROW_PREFIX and len(norm[line_start:cand.start].split()) == 1
            if first and (found := _label_unit(norm, line_start, cand.start, lex)):
                out[i] = replace(cand, rule=TABLE_CELL, unit=found[0], value=cand.value * found[1],
                                 metric=_cell_metric([], norm[line_start:cand.start].split(), 1, lex, [],
                                                     _as_written(norm, source or norm, line_start, cand.start)))
    return out


_NUMERIC_FIELD = regex.compile(r"[-+]?[\d,.]+%?")
_WORK_LABEL = regex.compile(r"《[^《》]+》")
# 2023年, 二零二三年, 2025-26年度 (a fiscal year), 1-9月, 2025年8月 (a month column: the month, not the year)
# (a fiscal year may go without 年: a row 2026-27 7,768 8,412)
_TIME_LABEL = regex.compile(r"(?:\d{4}(?:[-/／—–至]\d{2,4})?|[〇零一二三四五六七八九]{4}(?:至[〇零一二三四五六七八九]{2,4})?)年度?"
                            r"(?:(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月?[-—–至])?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
                            r"|第?[一二三四1-4]季度?|[上下]半年)?"  # 2025年第3季, 2024年上半年
                            r"|(?:19|20)\d{2}[-/／—–](?:\d{2}|(?:19|20)\d{2})(?![\d年])"
                            r"|(?:\d{1,2}月?[-—–至])?\d{1,2}月|[上下]半年|(?:前|第)?[一二三四1-4]季度|季度|第[一二三四1-4]季"
                            r"|全年")  # 1月至9月; 一季度, 前三季度 (a quarter's column)


# 表一：貨物出口按主要目的地統計, 附表2 2024年各区供水情况: a caption's number, time and framing
# (表一 2016年及2021年按區議會分區劃分的住戶每月收入中位數: two years, the breakdown first)
_CAPTION = regex.compile(r"(?:附?表\s*[\d一二三四五六七八九十]+\s*[:：.、]?\s*)?"
                         r"(?:\d{4}年(?:(?:及|和|与|、|至|[-—])\d{4}年)?(?:\d{1,2}(?:[-—至]\d{1,2})?月)?)?"
                         r"(?:按[^\n]{1,12}?(?:统计|划分|分)的)?"
                         r"(?:全[省市区县]|各[省市区县])?(?P<what>\p{Han}{2,10}?)"
                         r"(?:按[^\n]{1,12}?(?:统计|划分|分)|[-－—–]按\p{Han}{1,8})?(?:主要)?(?:统计表|统计|情况|一览表)?")
# (表一　旅客人均消費－按原居地: a breakdown after a dash)


def _caption_measure(norm: str, written: str, header: regex.Match[str]) -> str | None:
    """What the caption over a table (the line above its header, or above its 单位 line)
    says its cells measure (表一：貨物出口按主要目的地統計 -> 貨物出口), as written."""
    above = header.start() - 1
    for _ in range(2):
        if above <= 0:
            return None
        line = _LINE.match(norm, norm.rfind("\n", 0, above) + 1)
        if line is None or not line.group().strip():
            return None
        if _TABLE_UNIT.fullmatch(line.group().strip()):
            above = line.start() - 1
            continue
        text = line.group().strip()
        offset = line.start() + line.group().index(text)
        m = _CAPTION.fullmatch(text)
        if m is None or not (text.startswith(("表", "附表")) or m.end("what") < len(text)):
            return None  # a caption names its table (表1) or frames its measure (按…统计, 情况)
        return written[offset + m.start("what"):offset + m.end("what")]
    return None


def _years_over(norm: str, written: str, header: regex.Match[str]) -> dict[int, str]:
    """The years a header row above the header names over its columns, by where they
    stand on the line (二〇二四年　二〇二五年 over 全年　第一季　第二季: column 0 -> 二〇二四年)."""
    if header.start() == 0:
        return {}
    above = _LINE.match(norm, norm.rfind("\n", 0, header.start() - 1) + 1)
    if above is None or above.end() != header.start() - 1:
        return {}
    years = list(_SPLIT.finditer(norm, above.start(), above.end()))
    cells = list(_SPLIT.finditer(norm, header.start(), header.end()))
    if not 2 <= len(years) < len(cells) or not all(_TIME_LABEL.fullmatch(y.group()) for y in years):
        return {}
    if len(cells) % len(years) == 0:
        # as many columns under each (二〇二五年九月 | 二〇二五年一月至九月 over 千個標準箱 | 按年變動 twice):
        # counted, for full-width characters make a page's columns line up where offsets do not
        span = len(cells) // len(years)
        return {i: written[years[i // span].start():years[i // span].end()] for i in range(len(cells))}
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        at = cell.start() - header.start()
        over = [y for y in years if y.start() - above.start() <= at]
        if over:
            out[i] = written[over[-1].start():over[-1].end()]
    return out


def _row_time(row: list[str], written_row: list[str], column: int) -> str | None:
    """The time a cell's row label names when the label is only a time (2026-27, 2025年)."""
    if column == 0 or not row or len(written_row) != len(row):
        return None
    label = row[0]
    if _TIME_LABEL.fullmatch(label):
        return written_row[0]
    return None


def _header_column(header: list[str], row: list[str], column: int) -> int | None:
    """The header column over a row's field: the same one when the row has as many
    fields as the header has columns; one to the left when the header leaves the
    label column without a name (全年 第一季 第二季 over 私人消费开支 -0.6 1.9 -1.1);
    counted from the right when a label and figures only fill fewer fields."""
    if len(header) == len(row):
        return column if column < len(header) else None
    if len(header) == len(row) - 1 and column >= 1:
        return column - 1
    if 3 <= len(row) < len(header) and column >= 1 and not _NUMERIC_FIELD.fullmatch(row[0]) and all(
            _NUMERIC_FIELD.fullmatch(f) for f in row[1:]):
        # (排名 客源市场 旅客人次 按年变幅 over 所有市场 2,370.1 13.1: a total row leaves its rank
        # out; its figures stand under the last columns)
        return len(header) - len(row) + column
    return None


def _column_place(header: list[str], written_header: list[str], row: list[str], column: int,
                  lex: Lexicons) -> str | None:
    """The place a cell's column header names (指标 江西 全国 over 综合阅读率（%） 82.6 81.9), as
    written: where the figure is, not what it measures (`_cell_metric` leaves it out)."""
    at = _header_column(header, row, column)
    return written_header[at] if at is not None and at < len(written_header) and _is_place(header[at], lex) else None


def _row_subject(header: list[str], written_row: list[str], column: int) -> str | None:
    """The label right before a column saying where the row's subject lies, as written
    (站名 所在河流 over 湘潭站 湘江 38.00; 全省排名 开发区名称 所在市州: the zone, not its rank):
    the subject is the row's region, not the river or the city (tables.yaml
    attribute_column_prefixes)."""
    if len(header) != len(written_row) or column < 2:
        return None
    prefixes = table_lexicon().attribute_column_prefixes
    at = next((c for c in range(1, column) if header[c].startswith(prefixes)), None)
    return written_row[at - 1] if at is not None and not _NUMERIC_FIELD.fullmatch(written_row[at - 1]) else None


def _is_place(label: str, lex: Lexicons) -> bool:
    return label in lex.places or label in _place_words(lex)


@functools.cache
def _place_words(lex: Lexicons) -> frozenset[str]:
    return frozenset((*lex.context["region_words"], *lex.context["subject_words"]))


def _column_time(header: list[str], written_header: list[str], row: list[str], column: int) -> str | None:
    """The time a cell's column header names (2025-26年度修訂預算 -> 2025-26年度), as written;
    only when the header has a column over the cell (`_header_column`)."""
    at = _header_column(header, row, column)
    if at is None or at >= len(written_header):
        return None
    found = _TIME_LABEL.search(header[at])
    if found is None and _CHANGE_HEADER.search(header[at]):
        # 11月份 同比增长(%) 1—11月份 同比增长(%): a rate column is of the time to its left
        # (not the label column's own name: 季度 over 第一季 names no time of the cells)
        at = next((c for c in range(at - 1, 0 if len(header) == len(row) else -1, -1)
                   if _TIME_LABEL.search(header[c])), at)
        found = _TIME_LABEL.search(header[at])
    return written_header[at][found.start():found.end()] if found else None


def _cell_metric(header: list[str], row: list[str], column: int, lex: Lexicons,
                 written_header: list[str] | None = None, written_row: list[str] | None = None,
                 caption: str | None = None) -> str | None:
    """What a cell of a flattened table measures, as tables.py reads a table:
    its row's label (a rank or serial number before it skipped, 其中: dropped),
    then its column's header where that names more than the amount or a time
    (粮食 + 产量 -> 粮食产量; 绝对数, 2023年 add nothing). A row label that is
    a place says where, not what (南昌市 + 金牌 -> 金牌). The header counts only
    when the row has as many fields as it has columns. Read on the normalised
    fields, quoted from the written ones (勞動力參與率 stays Traditional), a
    unit in brackets left out (失业率(%) -> 失业率). What the caption over the table
    measures (`caption`) names a total row's figure (旅客人均消費 + 總數) and a change
    no column and no label says the measure of."""
    table_words = table_lexicon()
    written_header, written_row = written_header or header, written_row or row
    # the label opens the row, after at most a rank or serial number (never a scan of a long row)
    at = next((i for i, f in enumerate(row[:min(column, 2)]) if not _NUMERIC_FIELD.fullmatch(f)), None)
    label, written_label = (row[at], written_row[at]) if at is not None else ("", "")
    for prefix in table_words.part_prefixes:
        if label.startswith(prefix):
            label, written_label = label[len(prefix):], written_label[len(prefix):]
    if (unit := _BRACKET_UNIT.search(label)) is not None:
        label, written_label = label[:unit.start()], written_label[:unit.start()]
    if label in lex.places or _WORK_LABEL.fullmatch(label):
        written_label = ""  # whose figure (雅安市, 《青丘狐传说》), not what it measures
    elif _TIME_LABEL.fullmatch(label):
        written_label = ""  # when (2026-27, 2025年): the cell's period, not what it measures
    elif caption and label in table_words.total_row_labels:
        written_label = caption + written_label  # 旅客人均消費總數: the total of what the table measures
    head = written_head = ""
    if (at := _header_column(header, row, column)) is not None and at < len(written_header):
        cut = unit.start() if (unit := _BRACKET_UNIT.search(header[at])) else len(header[at])
        head, written_head = header[at][:cut], written_header[at][:cut]
    if _TIME_LABEL.search(head):
        # 6月产量, 1至11月累计实征净额: the time is the cell's period; what else it names, the measure
        kept = _besides_time(head)
        head = "".join(head[a:b] for a, b in kept)
        written_head = "".join(written_head[a:b] for a, b in kept)
        if len(head) < 2 or _TIME_CHARS.search(_COMPARED_TIME.sub("", head)):
            written_head = ""  # (四月至十二月, 截至十二月三十一日止九个月: a time all the same; 比上年同期增长 is none)
    if _names_no_measure(head, lex):
        written_head = ""  # (千個標準箱 over 1,148: a unit and its scale name no measure; 人次 counts trips)
    if written_head and head in table_words.change_column_labels and at is not None:
        # 平均气温(℃) | 距平(℃): a change of the measure to its left; with an item's long label, the label
        # says what changed (基本金屬及其製品 | 金額 | 年增率). (Not a share: 占比 alone, as annotators
        # write it for 火灾起数(起) | 占比(%).)
        measured = _measure_left_of(header, written_header, at, lex)
        if not (measured or written_label) and caption:
            measured = caption  # 中國內地 | 按年變動 under 表一 旅客人均消費: the caption's measure changed
        return written_label + (measured or "") + written_head
    if written_head and (len(written_label) >= _ITEM_LABEL_CHARS
                         or len(written_label + written_head) > lex.metrics["max_leading_chars"]):
        # a long label names an item (有色金属冶炼和压延加工业, 国道G320上饶段改建工程, 拱墅区上塘单元
        # GS0603-R21-15地块): whose figure the row gives; the column says what it measures (营业收入)
        return written_head
    return written_label + written_head or None


def _measure_left_of(header: list[str], written_header: list[str], at: int, lex: Lexicons) -> str | None:
    """The measure the nearest column left of a change column names (平均气温(℃) | 距平(℃) -> 平均气温),
    as written: none when that column names only an amount, a time, a place or a unit."""
    table_words = table_lexicon()
    for c in range(at - 1, -1, -1):
        cut = unit.start() if (unit := _BRACKET_UNIT.search(header[c])) else len(header[c])
        head, written = header[c][:cut], written_header[c][:cut] if c < len(written_header) else ""
        if head in table_words.change_column_labels:
            continue  # (降水量 | 距平 | 距平百分率: the rate is of 降水量 too)
        kept = _besides_time(head)
        head = "".join(head[a:b] for a, b in kept)
        written = "".join(written[a:b] for a, b in kept)
        return None if len(head) < 2 or _TIME_CHARS.search(head) or _names_no_measure(head, lex) else written
    return None


def _names_no_measure(head: str, lex: Lexicons) -> bool:
    """Whether a column header names only an amount, the label column, a unit column, a place or a
    unit with its scale (绝对数, 指标, 单位, 全国, 千個標準箱)."""
    words = table_lexicon()
    return (head in words.generic_column_labels or head in words.label_column_headers
            or head in words.unit_column_headers or _is_place(head, lex) or _scaled_unit(head, lex))


# A comparison's base in a column header (比上年同期增长): no time of the column's own
_COMPARED_TIME = regex.compile(r"[比较]?(?:上年|去年|上月|上季)(?:同期)?|同期")
# A row label this long names an item of the table, not a measure, when the column names one
# (8: tuning sets' metric +0.178 summed, 0.018 lost over 3 sets; 10: +0.128; 7: +0.193 but
# 0.026 lost; a measure long as 一般公共预算收入 sits under a generic column, 绝对量, 累计完成)
_ITEM_LABEL_CHARS = 8
_TIME_CHARS = regex.compile(r"[年月日季至]")
# the tail of a time that is no measure either (2024年年中, 2024年末余额, 11月份)
_TIME_TAIL = regex.compile(r"年中|年末|年底|年初|同期|末|底|初|份")


def _besides_time(head: str) -> list[tuple[int, int]]:
    """The spans of a column header outside its times and their tails (6月产量 -> 产量)."""
    kept, pos = [], 0
    for m in _TIME_LABEL.finditer(head):
        kept.append((pos, m.start()))
        pos = tail.end() if (tail := _TIME_TAIL.match(head, m.end())) else m.end()
    kept.append((pos, len(head)))
    return [(a, b) for a, b in kept if b > a]


_LABEL_CELLS = regex.compile(r"\s*(?P<label>[^\s\d][^\s]{0,30}?[(（](?P<unit>[^()（）\s]{1,6})[)）])"
                             r"(?:\s+[-+]?[\d,.]+%?)*\s+[-+]?")  # (按年變動百分率（%） +1.3: the cell after its sign)


# A field of a flattened table's row; a label padded to its column's width with a space between
# single characters (全　省, 合　计 over 南昌市) is one field
_FIELD = regex.compile(r"(?:(?<!\S)\p{Han}[ \u3000](?=\p{Han}(?:[ \u3000]|$)))*\S+")


_SPLIT = regex.compile(r"\S+")


def _as_written(norm: str, written: str, start: int, end: int, field: regex.Pattern[str] = _SPLIT) -> list[str]:
    """The fields of norm[start:end] quoted from `written` (one-for-one with norm): a bar
    that norm reads as a space (原油|万吨) separates fields in both."""
    return [written[m.start():m.end()] for m in field.finditer(norm, start, end)]


def _fields(text: str) -> list[str]:
    """The fields of a row, a padded label closed up (全　省 -> 全省)."""
    return [_closed_up(f) for f in _FIELD.findall(text)]


def _closed_up(field: str) -> str:
    return field.replace(" ", "").replace("\u3000", "") if len(field) > 2 and field[1] in " \u3000" else field


_MAX_ROW_PREFIX = 200  # a row label and the cells before a cell: longer is no table row (and no rescans)


def _label_unit(norm: str, line_start: int, cell: int, lex: Lexicons) -> tuple[str, Decimal] | None:
    """The unit (and multiplier) that the label opening a row gives its
    cells, if only cells stand between the label and `cell`: 股东总数(户)
    26,315, 营业收入(万元) 59,873.1 12.5."""
    if cell - line_start > _MAX_ROW_PREFIX:
        return None
    m = _LABEL_CELLS.fullmatch(norm, line_start, cell)
    return _unit_cell(m.group("unit"), lex) if m else None


_NOTE = regex.compile(r"(?:注|注释|说明|备注)\s*[:：]")  # 注:1.本公报数据…
_UNIT_PARTS = regex.compile(r"[;；,，、]")
_CHANGE_WORDS = r"率|增长|增速|增幅|同比|环比|月增|年增"
# a column in % where a 单位 line names % after the amounts' unit: rates and shares
_RATE_HEADER = regex.compile(_CHANGE_WORDS + r"|占比|比重")
# a column of changes, in % or in amounts (按年变动, 较上年同期增减): of the time to its left
_CHANGE_HEADER = regex.compile(_CHANGE_WORDS + r"|变动|变化|增减")
_TABLE_UNIT = regex.compile(r"(?:计量)?单位\s*[:：]\s*(?P<cell>\S+)")  # 单位:亿元 over a table
# 表1 主要江河控制站洪峰水位(单位:米): a caption over a table, its unit in brackets at its end
# (綜合損益表摘要（人民幣千元）: a unit alone in the brackets, when it is one)
_CAPTION_UNIT = regex.compile(r"[(（](?:(?:计量)?单位\s*[:：]\s*)?(?P<cell>[^()（）\s]+)[)）]\s*$")
_BLANK_LINE = regex.compile(r"\n[ ]*\n")
_BRACKET_UNIT = regex.compile(r"[(（]([^()（）]+)[)）]$")
_MULTIPLIER_ONLY = regex.compile(r"[十百千万亿]{1,3}")


class _TextTable(NamedTuple):
    """A table flattened into text: its header line, the unit a `单位:` line
    over it gives, and where it ends (the next blank line)."""

    header: regex.Match[str]
    unit: tuple[str, Decimal] | None
    end: int
    rates: bool = False  # the 单位 line names % as well (单位：亿美元；%): rate columns are in %
    # a header of two lines: per column, the name and unit of the group over it (`_spanning_groups`)
    groups: "_Groups" = ()


def _tables(norm: str, lex: Lexicons) -> list[_TextTable]:
    """The flattened tables of a text, in order; a 单位 cell inside a table
    already found starts none."""
    tables: list[_TextTable] = []
    for m in _LINE.finditer(norm):
        line = m.group()
        spanned = _spanning_groups(norm, m, lex) if not (tables and m.start() < tables[-1].end) else None
        if spanned is not None:
            under, groups = spanned
            tables.append(_TextTable(under, None, _blank_line_after(norm, under.end()), groups=groups))
            continue
        unit_line = _TABLE_UNIT.fullmatch(line.strip()) or _CAPTION_UNIT.search(line)
        header, unit, by_units = None, None, False
        if unit_line and not _TABLE_UNIT.fullmatch(line.strip()) and (
                len(line.split()) > 2 or _unit_cell(unit_line.group("cell"), lex) is None):
            unit_line = None  # a caption is no header line (比上年增长(%)), and (2024年) is no unit
        rates = False
        if unit_line:
            # 单位：亿美元；% (Taiwan's tables): the amounts' unit, then % for the rate columns
            # (单位：亿澳门元（按当年价格计算）: a note on the prices in brackets after the unit)
            first, *others = _UNIT_PARTS.split(_BRACKET_UNIT.sub("", unit_line.group("cell")))
            rates = any(o.strip() in ("%", "％") for o in others)
            header, unit = _LINE.search(norm, m.end() + 1), _unit_cell(first, lex)
            if header is not None and (stacked := _stacked_header(norm, header.start())) is not None:
                header = stacked  # (PMI / 生产 / 新订单 one per line over 2025年6月 49.5 50.7 49.4)
            if header is not None and len(header.group().split()) < 3:
                # (二〇二四年　二〇二五年 / 全年　第一季…: a header of two rows, years over quarters)
                lower = _LINE.match(norm, header.end() + 1)  # the very next line
                if lower is not None and len(lower.group().split()) >= 3:
                    header = lower
            if header is not None and len(header.group().split()) < 3 and not _TABLE_UNIT.fullmatch(line.strip()):
                header = None  # a caption's unit over prose, not over a table
        elif "单位" in line.split() and len(line.split()) >= 3:
            header = m
        elif _unit_header(line, lex) or _plain_header(norm, m):
            header, by_units = m, True
        if header is not None and not (tables and header.start() < tables[-1].end):
            end = _rows_end(norm, header) if by_units else _blank_line_after(norm, header.end())
            tables.append(_TextTable(header, unit, end, rates))
    return tables


def _stacked_header(norm: str, start: int) -> regex.Match[str] | None:
    """A header a PDF's text gives one column name per line, over rows written across
    (PMI / 生产 / 新订单 over 2025年6月 49.5 50.7 49.4): the lines of names, as one match
    whose fields are the columns, when the row after them has as many numbers."""
    names, end = 0, start
    for line in _LINE.finditer(norm, pos=start):
        fields = line.group().split()
        if len(fields) == 1 and _NAME_LINE.fullmatch(fields[0]) and not _NUMERIC_FIELD.fullmatch(fields[0]):
            names, end = names + 1, line.end()
            if names > _STACKED_MAX:
                return None
            continue
        numbers = sum(1 for f in fields if _NUMERIC_FIELD.fullmatch(f))
        if names >= 3 and numbers == names and len(fields) in (names, names + 1):
            return _SPAN.match(norm, start, end)
        return None
    return None


_SPAN = regex.compile(r"(?s).*")  # the whole of [pos, endpos): lines of a header as one match


_STACKED_MAX = 12  # column names one per line, at most


def _spanning_groups(norm: str, line: regex.Match[str],
                     lex: Lexicons) -> tuple[regex.Match[str], _Groups] | None:
    """A header of two lines: groups with their units (绝对额(亿元) 比上年同期增长(%)) over as many
    columns each (一季度 前三季度 一季度 前三季度), the label column named on either line or on
    neither. Returns the lower line, the header the rows stand under, and each column's group."""
    fields = list(_SPLIT.finditer(norm, line.start(), line.end()))
    lead = 0 if fields and _group_unit(fields[0].group(), lex) else 1  # (指标 over the labels)
    units = [_group_unit(f.group(), lex) for f in fields[lead:]]
    lower = _LINE.match(norm, line.end() + 1)
    if len(units) < 2 or lower is None:
        return None
    cells = lower.group().split()
    named = 0 if len(cells) % len(units) == 0 else 1  # the label column named on the lower line
    per_group = (len(cells) - named) // len(units)
    if per_group < 2 or (len(cells) - named) % len(units) or any(_NUMERIC_FIELD.fullmatch(c) for c in cells):
        return None
    groups: list[_Group | None] = [None] * named
    for i in range(len(cells) - named):
        field, unit = fields[lead + i // per_group], units[i // per_group]
        if unit is None:
            return None
        bracket = _BRACKET_UNIT.search(field.group())
        name_end = field.start() + bracket.start() if bracket else field.end()
        groups.append(_Group(field.start(), name_end, unit))
    return lower, tuple(groups)


class _Group(NamedTuple):
    """The group of a two-line header over a column: where its name stands, and its unit."""
    start: int
    end: int
    unit: tuple[str, Decimal]


_Groups = tuple[_Group | None, ...]


def _group_unit(field: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    return _bracket_unit(field, lex) or _percent_header(field)


def _unit_header(line: str, lex: Lexicons) -> bool:
    """A header line whose columns carry their units in brackets (市(州) 受灾人次(万人次)
    倒塌房屋(间) 直接经济损失(亿元)): three fields or more, two of them with a unit."""
    cells = line.split()
    return len(cells) >= 3 and sum(_bracket_unit(cell, lex) is not None for cell in cells) >= 2


def _plain_header(norm: str, line: regex.Match[str]) -> bool:
    """A header line without units (专科 医院 全国排名 平均声誉值): three to twelve
    fields, none a number, over a row of as many fields with a number in it, or
    one more (the label column the header leaves unnamed: 　綜合指數 甲類指數 乙類指數)."""
    cells = line.group().split()
    if not 3 <= len(cells) <= 12 or len(line.group()) > 100 or any(_NUMERIC_FIELD.fullmatch(c) for c in cells):
        return False
    row = _LINE.match(norm, line.end() + 1)
    return row is not None and len(fields := _fields(row.group())) in (len(cells), len(cells) + 1) and any(
        _NUMERIC_FIELD.fullmatch(f) for f in fields)


def _rows_end(norm: str, header: regex.Match[str]) -> int:
    """Where the rows under `header` end: at the first line (a blank one too)
    with another number of fields than the header has columns, for prose
    follows such a table without a blank line."""
    columns, end = len(header.group().split()), header.end()
    fields: int | None = None  # as many as the header's columns, or one more: a label column it leaves unnamed
    for line in _LINE.finditer(norm, pos=header.end() + 1):
        row = _fields(line.group())
        count = len(row)
        if line.start() > end + 1:
            break
        if fields and 3 <= count < fields and _TOTAL_ROW.fullmatch(line.group()):
            return line.end()  # 所有市场 2,370.1 13.1: a total row with no rank closes the table
        if count != (fields or count) or count not in (columns, columns + 1):
            break
        fields, end = count, line.end()
    return end


# a row of a label and figures only (a total under ranked rows: 所有市場　2,370.1　13.1)
_TOTAL_ROW = regex.compile(r"[ \u3000]*[^\s\d,.+\-%]\S*(?:[ \u3000\t]+[-+]?[\d,.]+%?)+[ \u3000]*")


@functools.cache
def _unit_with_multiplier(lex: Lexicons) -> regex.Pattern[str]:
    # (千個標準箱, 万个百分点: the 个 a `ge` unit may be written with)
    return compiled(r"(?P<mult>{multiplier})?(?P<ge>个)?(?P<unit>{unit})", lex)


def _unit_cell(cell: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    """`亿元` -> (元, 1e8), `吨` -> (吨, 1), `公斤/亩` -> (公斤/亩, 1): a unit with its
    multiplier, as a table writes it."""
    numerator, slash, denominator = cell.partition("/")
    if slash:
        top, per = _unit_cell(numerator, lex), lex.unit_by_surface.get(denominator)
        return (f"{top[0]}/{per.canonical}", top[1]) if top and per and "/" not in top[0] else None
    # 人民币千元: the currency's name before the multiplier stays out, as after 元 (元人民币)
    m = _unit_with_multiplier(lex).fullmatch(cell.removeprefix("人民币").removeprefix("港币"))
    if m is None or m.group("ge") and not lex.unit_by_surface[m.group("unit")].ge:
        return None
    multiplier = parse_number("1" + m.group("mult")) if m.group("mult") else Decimal(1)
    return lex.unit_by_surface[m.group("unit")].canonical, multiplier


def _blank_line_after(norm: str, pos: int) -> int:
    blank = _BLANK_LINE.search(norm, pos)
    return blank.start() if blank else len(norm)


def _named_unit(cell: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    """The unit a column header ends in (旅客人次 -> 人次, 航班架次 -> 架次, 影响百分点 -> 百分点):
    only a unit of two characters or more, for one character ends many words (负责人)."""
    for length in (3, 2):
        unit = lex.unit_by_surface.get(cell[-length:]) if len(cell) > length else None
        if unit is not None and unit.unit_class in ("measure", "physical", "points"):
            return unit.canonical, Decimal(1)
    return None


def _unit_only(cell: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    """A column header that is only a unit (人次, 千個標準箱 -> 标准箱 x 1000): two characters or more,
    and no time (年 over a column of years)."""
    if len(cell) < 2 or cell in table_lexicon().unit_column_headers:
        return None
    found = _unit_cell(cell, lex)
    unit = lex.unit_by_surface.get(found[0]) if found else None
    return found if found and (unit is None or unit.unit_class != "time") else None


def _scaled_unit(cell: str, lex: Lexicons) -> bool:
    """A column header that is a unit with its scale (千個標準箱, 万元): no measure of the column's."""
    found = _unit_only(cell, lex)
    return found is not None and (found[1] != 1 or cell.startswith("个"))


def _percent_header(cell: str) -> tuple[str, Decimal] | None:
    """A column of percentages named so, its brackets saying of what (按年變動百分率（價值）)."""
    return ("%", Decimal(1)) if _PERCENT_WORD.search(cell) else None


_PERCENT_WORD = regex.compile(r"百分率|百分比(?!重)")


def _bracket_unit(cell: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    """The unit, with its multiplier, a header cell gives in brackets: 比上年增长(%) -> %, 票房(亿元) -> 元 x 1e8;
    a multiplier alone scales the unit the header is named by (旅客人次(万) -> 人次 x 1e4)."""
    m = _BRACKET_UNIT.search(cell)
    if m is None:
        return None
    if _MULTIPLIER_ONLY.fullmatch(m.group(1)) and (named := _named_unit(cell[:m.start()], lex)):
        return named[0], parse_number("1" + m.group(1))
    return _unit_cell(m.group(1), lex)


def _non_quantity_spans(norm: str, lex: Lexicons) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    for nq in lex.non_quantity:
        yield nq.id, [m.span() for m in compiled(nq.pattern, lex).finditer(norm)]


def named_by(cands: list[QuantityCandidate], spans: list[tuple[int, int]], rule: str) -> list[QuantityCandidate]:
    """Candidates overlapping a non-quantity phrase are dropped by its rule,
    even those a general drop rule already dropped: 十大亮点 is explained by
    nq.frozen_da rather than by drop.bare_chinese."""
    if not spans:
        return cands
    phrases = Intervals(spans)
    return [drop(c, rule) if not (c.dropped_by or "").startswith("nq.") and phrases.overlaps(c.start, c.end)
            else c for c in cands]


class _VerticalTable(NamedTuple):
    """A table a PDF's text gives one cell per line: its header lines, then
    rows of as many lines, a label and its values."""
    header: list[str]
    cells: dict[int, tuple[list[str], int]]  # a value line's start -> (its row, its column)
    unit: tuple[str, Decimal] | None = None  # a 单位 line's over the header lines (单位：万人次)
    rates: bool = False  # that line names % as well (单位：万千瓦时、%): rate columns are in %


# (PM2.5 | 24 | -11.1: a value line holds one number; a header or label line, a short name)
_VALUE_LINE = regex.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
_NAME_LINE = regex.compile(r"[^\s,，。;；:：]{1,16}")
_VERTICAL_COLUMNS = range(6, 1, -1)  # header lines tried, most first
_VERTICAL_MIN_ROWS = 2


def vertical_tables(norm: str, lex: Lexicons) -> list[_VerticalTable]:
    """Tables written one cell per line (PDF text): k header lines, one of
    them with a unit in brackets (浓度(微克/立方米)), then two or more rows
    of k lines, a name and k-1 numbers."""
    lines = [(m.start(), m.group().strip()) for m in _LINE.finditer(norm)]
    kinds = ["value" if _VALUE_LINE.fullmatch(t) else "name" if _NAME_LINE.fullmatch(t) else "" for _, t in lines]
    tables: list[_VerticalTable] = []
    i = 0
    while i < len(lines):
        unit_line = _TABLE_UNIT.fullmatch(lines[i - 1][1]) if i else None  # 单位：万人次 over the header lines
        first, *others = _UNIT_PARTS.split(unit_line.group("cell")) if unit_line else ("",)
        table_unit = _unit_cell(first, lex) if unit_line else None
        for k in _VERTICAL_COLUMNS:
            header = [t for _, t in lines[i:i + k]]
            if (len(header) < k or any(kind != "name" for kind in kinds[i:i + k])
                    or not (table_unit or any(_bracket_unit(h, lex) or _percent_header(h) for h in header))):
                continue
            cells: dict[int, tuple[list[str], int]] = {}
            rows, at = 0, i + k
            while at + k <= len(lines) and kinds[at] == "name" and all(kind == "value" for kind in kinds[at + 1:at + k]):
                row = [t for _, t in lines[at:at + k]]
                cells.update({lines[at + j][0]: (row, j) for j in range(1, k)})
                rows, at = rows + 1, at + k
            if rows >= _VERTICAL_MIN_ROWS:
                rates = any(o.strip() == "%" for o in others)
                tables.append(_VerticalTable(header, cells, table_unit, rates))
                i = at - 1
                break
        i += 1
    return tables


def vertical_cells(norm: str, cands: list[QuantityCandidate], lex: Lexicons,
                   lines: Lines) -> list[QuantityCandidate]:
    """The numbers of a table written one cell per line are its cells, not page
    numbers: each takes its column's unit and multiplier and its row's name as
    the measure, as a flattened table's cells do (GUIDELINES)."""
    cells = {at: (table, *cell) for table in vertical_tables(norm, lex) for at, cell in table.cells.items()}
    if not cells:
        return cands
    out = []
    for cand in cands:
        found = cells.get(lines.start_of(cand.start))
        if found is None or cand.unit or cand.rule != BARE:
            out.append(cand)
            continue
        table, row, column = found
        header = table.header
        rate = ("%", Decimal(1)) if table.rates and _RATE_HEADER.search(header[column]) else None
        unit, multiplier = (_bracket_unit(header[column], lex) or _percent_header(header[column]) or rate
                            or table.unit or (None, Decimal(1)))
        metric = _cell_metric(header, row, column, lex)
        out.append(replace(cand, rule=TABLE_CELL, dropped_by=None, unit=unit, value=cand.value * multiplier,
                           metric=metric))
    return out


def extract(ctx: Context, block: Blocker) -> list[QuantityCandidate]:
    """Quantity candidates of a document, resolved, in text order (dropped
    ones included, each naming the rule that dropped it)."""
    norm, lex = ctx.norm, ctx.lex
    found = [resolve(norm, m, lex, ctx.word_edges, ctx.lines) for m in find(norm, lex)]
    for rule, spans in _non_quantity_spans(norm, lex):
        found = named_by(found, spans, rule)
    found = vertical_cells(norm, found, lex, ctx.lines)
    tables = _tables(norm, lex)
    # a table row's fields are cells before anything blocks them: -8 906 is a rank change and an amount
    found = [*spaced_cells(norm, [c for c in found if c.alive], tables, ctx.lines), *(c for c in found if not c.alive)]
    found = unsuppressed(longest_first(block(sorted(found, key=lambda c: c.sort_key()))), ctx.zones)
    alive = [c for c in found if c.alive]
    # a cell that looks like a year may be an amount of its column (table_units says)
    years = [c for c in found if c.dropped_by == "drop.bare_year"]
    dead = [c for c in found if not c.alive and c.dropped_by != "drop.bare_year"]
    cells = sorted([*share_units(norm, alive, lex), *years], key=lambda c: c.sort_key())
    return sorted([*table_units(norm, cells, lex, tables, ctx.lines, ctx.source), *dead],
                  key=lambda c: c.sort_key())


__all__ = ["RULES", "extract", "find", "resolve", "share_units", "spaced_cells", "table_units"]
