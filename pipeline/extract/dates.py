"""DATE entities: calendar expressions that contain a numeral, normalised to
ISO 8601 where the text allows.

Spans keep only the calendar part (`2018-01-24 16:20` -> `2018-01-24`,
`1月24日上午9时` -> `1月24日`). Quantities never overlap a date: the runner
extracts dates first and removes quantity candidates inside them.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator

import regex

from ..candidates import EntityCandidate, longest_first, unsuppressed
from ..fragments import compiled
from ..lexicons import Lexicons
from ..numerals import parse_number
from ..rules import Rule, ex
from .context import Blocker, Context

# Calendar fragments. Years are four digits, Arabic or Chinese digit by
# digit; {cn_digit} and {range} come from numerals.yaml and joiners.yaml.
_YEAR = r"(?:(?<!\d)(?:1[89]|20|21)\d\d(?!\d)|{cn_digit}{4})"
_MONTH = r"(?:(?<!\d)(?:1[0-2]|0?[1-9])(?!\d)|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)|[二三]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
# 一季度, 第2季, 前三季度; Taiwan and Macau write 前三季, 首三季, 第三季末
# 1-3季度, 一至三季度: a span of quarters
_QUARTER = (r"(?:(?P<q1>[一二三1-3]){range}(?P<q2>[二三四2-4])季度|第?[一二三四1-4]季度(?:末|底)?|第[一二三四1-4]季(?!度)(?:末|底)?"
            r"|[前首][一二两三1-3]季度?|首季度?|[1-4]季度)")  # 首季: Hong Kong's first quarter

# parts of a month: 3月末, 7月中下旬
_MONTH_PART = r"(?:末|底|初|上中旬|中下旬|上旬|中旬|下旬)"
# 7月10日, 1至6月, 3月至5月, 3月末, 11月17日—25日, 7月下旬至8月上旬
_MONTH_DAY = r"""
    (?P<m>""" + _MONTH + r""")(?:{range}(?P<m2>""" + _MONTH + r""")|月{range}(?P<m5>""" + _MONTH + r"""))?月份?
    (?: (?P<d>""" + _DAY + r""")[日号]
        (?: {range} (?:(?P<m3>""" + _MONTH + r""")月)? (?P<d2>""" + _DAY + r""")[日号] )?
      | (?P<mpart>""" + _MONTH_PART + r""")
        (?: {range} (?P<m4>""" + _MONTH + r""")月 """ + _MONTH_PART + r""" )? )?"""
# What may follow N年: 底, 一季度, 上半年, 首五个月, a month and day.
_YEAR_TAIL = r"""
    (?: (?P<part>年底|年末|底|末|初)
      | (?P<q>""" + _QUARTER + r""")
      | (?P<half>上半年|下半年)
      | (?P<first>首[一二三四五六七八九十\d]{1,3}个?月)
      | """ + _MONTH_DAY + r"""
    )?"""

RULES: tuple[Rule, ...] = (
    Rule("date.iso", "entity", "an ISO-like date; a clock time after it is left out",
         r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)",
         (ex("2025-06-19 16:20", text="2025-06-19", type="DATE", iso="2025-06-19"),
          ex("时间:2024/04/19 04:55:40", text="2024/04/19")), ("2025-13-40",)),
    Rule("date.year_range", "entity", "a range of years (2013-2021年, 一九九七至二零零六年)",
         "(?P<y>" + _YEAR + r")(?:{range}|及|和|、)(?P<y2>" + _YEAR + ")年度?",
         (ex("2013-2021年", text="2013-2021年", iso="2013/2021"),
          ex("发布2025—2026年度世界大学排名", text="2025—2026年度", iso="2025/2026"))),
    Rule("date.split_year", "entity",
         "a fiscal, school or sports year across two calendar years (2024/25财政年度, 2023-24学年, 2024/2025赛季)",
         r"(?:(?<!\d)(?P<y>(?:19|20)\d\d)(?:[/／](?P<yy>\d\d(?!\d)|(?:19|20)\d\d)|{range}(?P<yy>\d\d(?!\d)))"
         r"|(?<!{cn_digit})(?P<y>{cn_digit}{4})(?:{range}|[/／])(?P<yy>{cn_digit}{2}))(?:财政年度|课税年度|年度|学年|财年|赛季|年)"
         # its first months, half or quarters, written on (…年度首九个月): one time
         r"(?:(?P<first>首[一二三四五六七八九十\d]{1,3}个?月)|(?P<half>上半年|下半年)|(?P<q>" + _QUARTER + "))?",
         (ex("2024/25財政年度，特區政府經營開支為5000億港元。", text="2024/25財政年度", iso="2024/2025"),
          ex("2023-24学年全港有学生30万人", text="2023-24学年", iso="2023/2024"),
          ex("2024/2025赛季", text="2024/2025赛季", iso="2024/2025"),
          ex("二〇二五至二六年度，政府已預留約12.6億元", text="二〇二五至二六年度", iso="2025/2026"),
          ex("二○二五/二六課稅年度的薪俸稅收入為850億元", text="二○二五/二六課稅年度", iso="2025/2026"),
          # (its months do not start in January: no ISO form)
          ex("在二〇二五至二六年度首九個月，政府錄得綜合赤字", text="二〇二五至二六年度首九個月", iso=None)),
         ("2024/26年度",)),
    Rule("date.year_month_span", "entity",
         "a span of months or days across years (2024年12月至2025年1月, 2015年1月1日至2025年8月31日)",
         # (the first year may go unwritten: 11月15日至2026年2月28日, the year before the second's)
         "(?:(?P<y>" + _YEAR + r")年)?(?P<m>" + _MONTH + r")月份?(?:(?P<d>" + _DAY + r")[日号])?{range}(?P<y2>" + _YEAR
         + r")年(?P<m6>" + _MONTH + r")月份?(?(d)(?P<d6>" + _DAY + r")[日号])",
         (ex("2024年12月至2025年1月,保护区监测到越冬水鸟", text="2024年12月至2025年1月", iso="2024-12/2025-01"),
          ex("统计时段为2015年1月1日至2025年8月31日", text="2015年1月1日至2025年8月31日",
             iso="2015-01-01/2025-08-31"),
          ex("举办“冬季消费季”(11月15日至2026年2月28日)", text="11月15日至2026年2月28日",
             iso="2025-11-15/2026-02-28"))),
    Rule("date.ended", "entity",
         "the months ending on a day (截至二〇二五年十二月三十一日止九个月; not 止年度, where the day is the date)",
         "(?:(?P<y>" + _YEAR + r")年)?(?P<m>" + _MONTH + r")月(?P<d>" + _DAY + r")日止"
         r"(?P<first>[一二三四五六七八九十两\d]{1,3}个?月)",
         (ex("截至二〇二五年十二月三十一日止九个月,政府录得综合赤字", text="二〇二五年十二月三十一日止九个月", iso=None),),
         ("截至二零二四年十二月三十一日止年度",)),
    Rule("date.year", "entity", "a year and what may follow it (2022年底, 2023年一季度, 二〇〇七年三月)",
         "(?P<y>" + _YEAR + r")[ ]?年度?" + _YEAR_TAIL,
         (ex("截至2022年底", text="2022年底", iso="2022-12-31"),
          ex("二〇〇七年三月", text="二〇〇七年三月", iso="2007-03"),
          ex("2023年一季度", iso="2023-Q1"), ex("2025年首季", text="2025年首季", iso="2025-Q1"), ex("2024年度报告", text="2024年度"),
          ex("2024 年营业收入", text="2024 年"), ex("二〇二三年年底", text="二〇二三年年底", iso="2023-12-31"),
          ex("2024年1-3季度云南省通信业", text="2024年1-3季度", iso="2024-Q1/2024-Q3")),
         ("3000年",)),
    Rule("date.month_day", "entity", "a month, a day of a month, a span of months (7月10日, 1至6月, 3月末)",
         r"(?<![\d〇零一二三四五六七八九十])" + _MONTH_DAY,
         (ex("7月10日举行", text="7月10日", iso="--07-10"), ex("1至6月", text="1至6月", iso="--01/--06"),
          ex("六月十二日", text="六月十二日"), ex("3月至5月,多地干旱", text="3月至5月", iso="--03/--05"),
          ex("7月中下旬出现强降雨", text="7月中下旬", iso="--07"),
          ex("7月下旬至8月上旬持续高温", text="7月下旬至8月上旬", iso="--07/--08")), ("2月30日",)),
    Rule("date.day", "entity",
         "a day of the current month (21日; 本月30日, 下月1日: the month named by where it stands), "
         "or a span of its days (16日至21日: one date, as 1至6月 is)",
         r"(?:(?<=[本上下当次该每同]月)|(?<![\d.月〇零一二三四五六七八九十第前近]))"
         r"(?P<d>(?:3[01]|[12]\d|0?[1-9])(?!\d))日(?:{range}(?P<d2>(?:3[01]|[12]\d|0?[1-9])(?!\d))日)?"
         r"(?!元|均|报|本|语|文|化|常|益|产|前|内|以内|以上|之内|左右)",
         (ex("将于21日举行", text="21日", iso="---21"), ex("本月30日起实施", text="30日", iso="---30"),
          ex("3日至9日、16日至21日先后出现两次连阴雨过程", text="16日至21日", iso="---16/---21")),
         ("平均住院日7.6日", "历时3个月10日", "高于促销前7日内最低交易价格", "近7日客流")),
    Rule("date.quarter", "entity", "a quarter (一季度, 第2季, 前三季度, 首三季, 第三季末)", "(?P<q>" + _QUARTER + ")",
         (ex("今年第2季", text="第2季"), ex("前三季度", iso="--Q1/--Q3"), ex("首三季經濟成長", text="首三季"),
          ex("1-3季度,全省电信业务收入", text="1-3季度", iso="--Q1/--Q3"),
          ex("第三季末", text="第三季末"))),
    Rule("date.interpunct", "entity", "a month and day joined by · (3·15, 7·20), as days are named",
         r"(?<![\d.·])(?P<m>1[0-2]|[1-9])[·•](?P<d>3[01]|[12]\d|[1-9])(?![\d·])",
         (ex("“3·15”国际消费者权益日", text="3·15", iso="--03-15"),), ("1·2·3",)),
    Rule("date.first_months", "entity", "the first months of a year: a period, not a quantity (首十个月, 前6月)",
         r"(?:首|(?<![之以此提])前)[一二三四五六七八九十\d]{1,3}个?月(?!以来|内(?!地)|后|的时间)",
         (ex("首十个月", text="首十个月"), ex("湖北前6月外贸进出口增长7.1%", text="前6月"),
          ex("前11个月安徽进出口总值同比增长8.3%", text="前11个月"),
          ex("首十個月內地旅客2,378萬人次", text="首十個月")), ("提前3个月完成", "此前6个月内")),  # 内地, not 内
    Rule("date.holiday_days", "entity",
         "the first days of a holiday or a travel season (春节假日前三天, 暑运前33天), or opening a clause",
         r"(?:(?<=(?:假日|假期|长假|黄金周|节日|小长假|春节|国庆|五一|春运|暑运|寒假|暑假))|(?<=^|[:：,，。\s]))"
         r"前(?:[一二两三四五六七八九十]{1,3}|\d{1,3})天",
         (ex("春节假日前三天", text="前三天"), ex("假期前两天已基本满房", text="前两天"),
          ex("湖南暑运过半:前33天全省铁路发送旅客2386.5万人次", text="前33天")),
         ("会前三天下发通知", "在开学前3天完成排查", "比原计划提前3天完成")),
    Rule("date.lunar", "entity", "a day of the lunar calendar (大年初一, 正月十五, 腊月廿六, 腊月二十三)",
         r"(?:(?:大年|正月)初[一二三四五六七八九十]|(?:正|腊|冬)月(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?"
         r"|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十))"
         # (正月初二至初五: a few days of the holiday, one date)
         r"(?:[至到—～-](?:大年|正月)?初[一二三四五六七八九十])?",
         (ex("大年初一(2月17日)单日票房达18.47亿元", text="大年初一"),
          ex("正月初二至初五连续四天入住率超过九成", text="正月初二至初五"),
          ex("节前客流高峰出现在腊月廿六,当日发送旅客约352万人次", text="腊月廿六")), ("初一年级学生",)),
    Rule("date.holiday", "entity", "a holiday named by its date (“五一”, 十一黄金周, 元旦、五一、端午等档期)",
         r"(?<=[“\"])(?:五一|十一|双十一|双十二|双11|双12)(?=[”\"])|(?:五一|十一)(?=假期|小长假|黄金周|劳动节|国庆)"
         r"|(?:双十一|双十二|双11|双12)(?=期间|当天|购物节|大促|前后)"
         # in a list of holidays, beside another one
         r"|(?<=(?:元旦|春节|元宵|清明|端午|中秋|国庆|暑期|寒假|五一)[、和及与])(?:五一|十一)"
         r"|(?:五一|十一)(?=[、和及与](?:元旦|春节|元宵|清明|端午|中秋|国庆|暑期|寒假|十一))",
         (ex("统筹做好清明、“五一”、暑期等重点档期", text="五一"), ex("十一黄金周期间", text="十一"),
          ex("元旦、五一、端午、中秋等档期合计", text="五一"), ex("“双十一”期间（10月14日至11月11日）", text="双十一"),
          ex("双11当天全市快递揽收量1.2亿件", text="双11")),
         ("五一广场", "第十一届", "第十、十一届")),
    Rule("date.edition", "entity", "the year of an edition opening an event's or a report's name (2025南宁马拉松)",
         r"(?<![\d.\-/／,，])(?P<y>20\d\d)(?!\s*{unit})(?=\p{Han}{2,12}?(?:马拉松|运动会|博览会|交易会|论坛|峰会|排名|排行榜|榜单|报告"
         r"|研究|大会|年会|锦标赛|大赛|文化节|旅游节|艺术节|音乐节|展览会))",
         (ex("2025南宁马拉松在南宁国际会展中心鸣枪开跑", text="2025", iso="2025"),
          ex("在2025中国县域经济百强研究中,我省共有8个县入围", text="2025")), ("2025家企业参加博览会",)),
    Rule("date.class", "entity", "a graduating class (2012届)", r"(?<!\d)(?:19|20)\d\d届",
         (ex("2012届毕业生", text="2012届"),)),
    Rule("date.bracketed", "entity",
         "today's day, month or year with its number in brackets, as Taiwan releases write it"
         " (今（18）日, 本（10）月)",
         r"(?:今|昨|明|本)[(（](?:(?P<d>3[01]|[12]\d|0?[1-9])[)）]日|(?P<m>1[0-2]|0?[1-9])[)）]月"
         r"|(?P<y>1[01]\d|(?:19|20)\d\d)[)）]年)",
         (ex("教育部今（18）日公布最新統計", text="今（18）日", type="DATE", iso="---18"),
          ex("今（114）年預估將再成長", text="今（114）年", iso="2025")),
         ("今（18日）公布",)),
    Rule("date.minguo", "entity", "a Minguo year, in a Traditional-script release (民國107年 = 2018; 114-07-10)",
         # a range of them first (114年至116年, 111-113年度)
         r"(?:民国)?(?<![\d.])(?P<y>1[01]\d)年?(?:{range})(?P<y2>1[01]\d)年度?(?![\d代])|"
         # a school year (113學年度 = 2024/25)
         r"(?:民国)?(?<![\d.])(?P<y>1[01]\d)(?P<school>学年度?)|"
         r"(?:民国)?(?<![\d.])(?P<y>1[01]\d)年(?!代)度?" + _YEAR_TAIL
         + r"|(?<![\d.\-/])(?P<y>1[01]\d)(?P<msep>[-/.])(?P<m>1[0-2]|0[1-9])(?P=msep)"
         r"(?P<d>3[01]|[12]\d|0[1-9])(?![\d\-/])"
         # a year of the century before (90年 = 2001) as the start of a record (為90年以來同月最低)
         + r"|(?<![\d.近])(?P<y>[89]\d)年(?=以来)",
         (ex("中華民國一百零七年度預算,歲入107年", text="107年", iso="2018"),
          ex("臺灣人口統計\n發布日期：114-07-10\n內政部表示，114年上半年人口減少。", text="114-07-10",
             iso="2025-07-10"),
          ex("114年9月失業率為3.39%，為90年以來同月最低", text="90年", iso="2001"),
          ex("交通部訂定114年至116年道路交通安全綱要計畫", text="114年至116年", iso="2025/2027"),
          ex("臺灣人口統計。113學年度在臺灣大專校院就讀的境外學生", text="113學年度", iso="2024/2025"),
          ex("臺灣物價統計\n更新日期：111/10/06　瀏覽人次：4,826", text="111/10/06", iso="2022-10-06")),
         ("增長107年", "近80年以来")),
)
_MINGUO = "date.minguo"
_BRACKETED = "date.bracketed"


def _number(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(parse_number(text))
    except ValueError:
        return None


def _iso(rule: str, groups: dict[str, str | None]) -> tuple[str | None, str]:
    """ISO 8601 form and period name of one match."""
    y, y2 = _number(groups.get("y")), _number(groups.get("y2"))
    m, m2 = _number(groups.get("m")), _number(groups.get("m2"))
    d, d2, m3 = _number(groups.get("d")), _number(groups.get("d2")), _number(groups.get("m3"))
    ys = f"{y:04d}-" if y else "--"  # ISO 8601 writes a missing year as --
    if rule == "date.lunar":
        return None, "day"  # a day (or days) of the lunar calendar: its own sentence's time only
    if rule == "date.year_range" and y and y2:
        return f"{y:04d}/{y2:04d}", "range"
    if rule == "date.ended":
        return None, "year_part"  # months ending on a day: which months, the text says
    if rule == "date.split_year" and (groups.get("first") or groups.get("half") or groups.get("q")):
        return None, "year_part"  # a fiscal year's first nine months: which calendar months, the text says
    if rule == "date.split_year" and y and (yy := _number(groups.get("yy"))) is not None:
        return f"{y:04d}/{_second_year(y, yy):04d}", "range"
    m6 = _number(groups.get("m6"))
    if rule == "date.year_month_span" and y is None and y2 and m and m6:
        y = y2 - 1 if (m, d or 0) > (m6, _number(groups.get("d6")) or 0) else y2  # 11月15日至2026年2月28日
    if rule == "date.year_month_span" and y and y2 and m and m6:
        if d and (d6 := _number(groups.get("d6"))):
            return f"{y:04d}-{m:02d}-{d:02d}/{y2:04d}-{m6:02d}-{d6:02d}", "range"
        return f"{y:04d}-{m:02d}/{y2:04d}-{m6:02d}", "months"
    part = groups.get("part")
    if part:
        if not y:
            return None, "year_part"
        return (f"{y:04d}-01-01", "year_start") if part == "初" else (f"{y:04d}-12-31", "year_end")
    if groups.get("first"):
        months = _number(regex.sub(r"[首个月]", "", groups["first"] or ""))
        return (f"{ys}01/{ys}{months:02d}" if months else None), "months"
    mpart = groups.get("mpart")
    m4 = _number(groups.get("m4"))
    if mpart and m and m4:  # 7月下旬至8月上旬
        return f"{ys}{m:02d}/{ys}{m4:02d}", "months"
    if mpart and m:
        return f"{ys}{m:02d}", {"末": "month_end", "底": "month_end", "初": "month_start"}.get(mpart, "month_part")
    if groups.get("half"):
        return (f"{ys}H1" if groups["half"] == "上半年" else f"{ys}H2"), "half"
    q1, q2 = _number(groups.get("q1")), _number(groups.get("q2"))
    if q1 and q2:  # 1-3季度
        return f"{ys}Q{q1}/{ys}Q{q2}", "quarters"
    if groups.get("q"):
        if (groups["q"] or "").startswith("首季"):  # Hong Kong's first quarter
            return f"{ys}Q1", "quarter"
        q = _number(regex.sub(r"[第前首季度末底]", "", groups["q"] or ""))
        if q and (groups["q"] or "").startswith(("前", "首")):
            return f"{ys}Q1/{ys}Q{q}", "quarters"
        return (f"{ys}Q{q}" if q else None), "quarter"
    if m and d and m2 is None:
        if d2:
            return f"{ys}{m:02d}-{d:02d}/{ys}{(m3 or m):02d}-{d2:02d}", "range"
        return f"{ys}{m:02d}-{d:02d}", "day"
    m2 = m2 or _number(groups.get("m5"))  # 3月至5月
    if m and m2:
        return f"{ys}{m:02d}/{ys}{m2:02d}", "months"
    if m:
        return f"{ys}{m:02d}", "month"
    if d and d2:
        return f"---{d:02d}/---{d2:02d}", "range"
    if d:
        return f"---{d:02d}", "day"
    if y:
        return f"{y:04d}", "year"
    return None, "period"


def _second_year(y: int, yy: int) -> int:
    """The second year of 2024/25 (2025), 1999/00 (2000) or 2024/2025."""
    if yy >= 100:
        return yy
    year = y // 100 * 100 + yy
    return year + 100 if year < y else year


def _valid(groups: dict[str, str | None]) -> bool:
    """Month 1-12, day 1-31, and a real calendar day (no 2月30日; 2月29日 only
    in a leap year, or when no year is written)."""
    y, m, d = _number(groups.get("y")), _number(groups.get("m")), _number(groups.get("d"))
    if not ((m is None or 1 <= m <= 12) and (d is None or 1 <= d <= 31)):
        return False
    if y and (yy := _number(groups.get("yy"))) is not None and _second_year(y, yy) != y + 1:
        return False  # 2024/25: the next year only
    if m and d:
        try:
            datetime.date(y or 2000, m, d)
        except ValueError:
            return False
    return True


def _matches(norm: str, lex: Lexicons, traditional: bool) -> Iterator[EntityCandidate]:
    for rule in RULES:
        if rule.id == _MINGUO and not traditional:
            continue  # 107年 is a Minguo year only in a Traditional-script release
        for match in compiled(rule.pattern or "", lex, regex.VERBOSE).finditer(norm):
            groups = match.groupdict()
            if rule.id == _MINGUO:
                groups["y"] = str(int(match.group("y")) + 1911)
                if groups.get("y2"):
                    groups["y2"] = str(int(groups["y2"]) + 1911)
                elif groups.get("school"):  # a school year runs into the next calendar year
                    groups["y2"] = str(int(groups["y"]) + 1)
            elif rule.id == _BRACKETED and (y := groups.get("y")) and len(y) == 3:
                if not traditional:
                    continue  # 今（114）年 is a Minguo year, in a Traditional-script release
                groups["y"] = str(int(y) + 1911)
            elif not _valid(groups):
                continue
            as_rule = rule.id
            if rule.id == _MINGUO:
                as_rule = "date.year_range" if groups.get("y2") else "date.year"
            iso, period = _iso(as_rule, groups)
            yield EntityCandidate(start=match.start(), end=match.end(), rule=rule.id, type="DATE",
                                  iso=iso, period=period)


def extract(ctx: Context, block: Blocker) -> list[EntityCandidate]:
    """DATE candidates outside 《titles》, longest match wins, in text order; none in
    page furniture that suppresses entities (an ad, a PDF's running header)."""
    return unsuppressed(longest_first(block(list(_matches(ctx.norm, ctx.lex, ctx.traditional)))), ctx.zones)
