"""Named entities: WORK (《》 titles), LOC and PER; ORG in organisations.py.

- WORK: the text inside 《》, without the brackets.
- LOC: gazetteer names that begin and end on a jieba word edge; names that
  are also common words (温泉) only beside another place in a list; towns
  and villages written after a place or chained (尧坝镇白村).
- PER: a family name and one or two given-name characters right after a
  title (副局长严寒冰, 记者 梁浩楠), before an honorific (林郑月娥行政长官,
  韩正同志), or alone in a by-line "(王晓)", several names in one by-line
  (记者 胡安坤/文 史蒙 赖志豪/图). The title and the organisation written
  before it are kept as fields.
DATE entities are in dates.py.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import regex

from ..candidates import EntityCandidate, drop, longest_first, split, unsuppressed
from ..fragments import compiled
from ..lexicons import Lexicons, or_regex
from ..rules import Rule, ex
from ..segment import word_frequency
from .context import Blocker, Context
from .organisations import organisations, place_at, place_lengths

_WORK_TITLE = r"《(?P<title>[^《》\n]{1,100})》"
_HAN = regex.compile(r"\p{Han}")
# Words that may follow a person's name (so the name ends there).
_AFTER_NAME = (
    "表示 介绍 说 指出 告诉 主持 称 透露 强调 认为 说明 回答 出席 在 等 和 与 及 以及 均 同志 一行 代表 答 "
    "解读 发布 宣布 作 致辞 讲话 提出 回应 对 共同 分别 也 还 就 通报 说道 坦言 先生 女士 教授 "
    "博士 参加 陪同 会见 调研 带队 率 率队 向 是 为 今天 昨天 近日 日前 当天 现场 "
    # what athletes and winners do right after their name (选手严子豪以249.1环…, 钟慧敏收获…)
    "以 获得 夺得 摘得 收获 打破 跑出 游出 凭借 夺冠 摘金 获 "
    # what a coach or a leader does with others (主教练陈卫东从县业余体校选入…, 带领团队)
    "从 带领 将 把 "
    # a question or a reply of the person (黄振邦议员的提问, 局长麦嘉欣的书面答复)
    "的"
).split()
# Honorifics and titles that may follow a name (韩正同志, 崔世安行政长官): a name
# right before one, at a clause edge or in a list of names, is a person.
_HONORIFICS = "同志 先生 女士 行政长官 特首".split()
# Titles that follow a name as a form of address (李明局长说, 据赵立新处长介绍,
# 刘红梅副市长作了部署): offices and academic ranks. Not by-line roles (记者,
# 编辑), nor nouns that name a group (专家, 负责人, 委员).
_TITLES_AFTER_NAME = (
    "主任 副主任 局长 副局长 部长 副部长 司长 副司长 处长 副处长 厅长 副厅长 主席 副主席 书记 副书记 "
    "市长 副市长 常务副市长 省长 副省长 县长 副县长 区长 副区长 州长 镇长 乡长 院长 副院长 所长 副所长 "
    "校长 副校长 董事长 总经理 总裁 行长 副行长 会长 秘书长 理事长 总理 副总理 总统 副总统 署长 "
    "检察长 庭长 教授 副教授 研究员 院士 博士 主委 队长 总工程师 工程师 经理 厂长 大使 总领事 议员"
).split()
# Titles foreign leaders hold: a transliterated name may follow them (美国总统
# 拜登, 联合国秘书长古特雷斯).
_FOREIGN_TITLES = frozenset("总统 副总统 总理 首相 外长 外交部长 国务卿 秘书长 总干事 大使 主席 国王 议长".split())
# After a title, a word this frequent is no name (代表全市人民: 全市 7178), while a
# famous name may be frequent enough to count as a word (李强 159).
_WORD_NOT_NAME_FREQUENCY = 1000
# Last characters of an office's units (宣传处, 办公室, 综合科)
_UNIT_CHARS = frozenset("处局厅办委部科室队")
# By-line roles: the names after them are often spaced out to a fixed width.
_BYLINE_TITLES = frozenset("记者 本报记者 特约记者 通讯员 实习生 作者 撰稿 摄影 责编 审核 校对 编辑 责任编辑 主编".split())
# What follows a by-line name (王伟 摄, 李明/文): no given name
_BYLINE_MARKS = frozenset("摄 文 图 报道 编".split())
# A word this frequent in jieba's dictionary (全市, 党委, 常务, 项目, 车间, 高级)
# is no name, even when it starts with a surname and a title follows it
# (全市书记, 党委副书记, 项目经理). Names score 0-20; 李强 (159) is lost.
COMMON_WORD_FREQUENCY = 100
_SUBDIVISION = regex.compile(r"(?![的和与及在是等])\p{Han}{1,4}?(?:镇|乡|街道|村|社区)")
# Words that end like a subdivision but name none (四川城乡, 重庆乡村振兴).
_NOT_SUBDIVISION = frozenset({"城乡", "乡村", "农村", "新农村", "城镇", "乡镇", "村镇", "街道", "社区", "城乡社区"})
# A town and its village, written without a larger place before them (尧坝镇白村).
_TOWN_VILLAGE = regex.compile(r"(?P<town>\p{Han}{2,3}?(?:镇|乡))(?P<village>\p{Han}{1,2}村)(?!委|民)")

RULES: tuple[Rule, ...] = (
    Rule("ent.work", "entity", "the title inside 《》, without the brackets", _WORK_TITLE,
         (ex("印发《重庆市数字经济发展规划》", text="重庆市数字经济发展规划", type="WORK"),)),
    Rule("ent.loc.province", "entity", "a province of the gazetteer on word edges", None,
         (ex("四川省人民", text="四川省", type="LOC"),
          ex("從澳門國際機場入境", text="澳門"),  # jieba: 从 | 澳门国际机场 | 入境
          # 地区 after a place is no part of its name (no gold LOC holds 地区): 臺灣地區 -> 臺灣
          ex("111年9月臺灣地區消費者物價指數為105.87", text="臺灣", type="LOC"))),
    Rule("ent.loc.prefecture", "entity", "a prefecture-level city of the gazetteer on word edges", None,
         (ex("其中武汉站发送旅客592.4万人次", text="武汉"),  # jieba: 武汉站
          ex("杭州空气质量", text="杭州", type="LOC"),
          ex("向成都地区1200余家企业发放贷款", text="成都"),  # jieba: 向 | 成都地区
          ex("杭州市区4宗经营性用地成功出让", text="杭州"))),  # jieba: 杭州市区
    Rule("ent.loc.county", "entity", "a county or district of the gazetteer on word edges", None,
         (ex("合江县经济", text="合江县", type="LOC"),
          # with the area it names and governs (features.yaml zones_after)
          ex("济源示范区固定资产投资增长", text="济源示范区", type="LOC"))),
    Rule("ent.loc.country", "entity", "a country or region of the world", None,
         (ex("出口美国的商品", text="美国", type="LOC"),
          ex("越南籍移工本月增加1,842人", text="越南", type="LOC"),  # jieba: 越南籍 | 移工
          ex("其中赴美国留学者1万6,582人", text="美国"))),  # jieba: 赴美国 | 留
    Rule("ent.loc.city", "entity", "a foreign city (lexicons/places/world_cities.txt)", None,
         (ex("中欧班列通达布达佩斯", text="布达佩斯", type="LOC"),)),
    Rule("ent.loc.region", "entity", "a named region, river or mountain (成渝, 长江上游, 大运河, 中國台灣)", None,
         (ex("保护大运河", text="大运河", type="LOC"), ex("來自中國台灣的旅客", text="中國台灣"),
          ex("确定大湾区内各个城市的优势", text="大湾区"),  # jieba: 大湾 | 区内
          ex("洞庭湖区检察机关开展专项监督", text="洞庭湖"),  # jieba: 洞庭湖区
          ex("黄河流域生态保护和高质量发展", text="黄河"),  # jieba: 黄河流域; a basin is its river
          # the mainland in a release in Traditional script (places/traditional_usage.txt)
          ex("澳門統計暨普查局公佈，訪澳旅客總消費按年上升。內地旅客佔七成。", text="內地")),
         ("内地城市的发展速度加快",)),
    Rule("ent.loc.feature", "entity", "a named island, river, lake or landform (大陈岛, 修河流域, 淮北平原)", None,
         (ex("游客登上大陈岛", text="大陈岛", type="LOC"), ex("修河流域降雨偏多", text="修河"),
          ex("修河、潦河、博阳河水位上涨", text="博阳河"), ex("淮北平原小麦", text="淮北平原"),
          ex("该断面位于朱衣河入江口", text="朱衣河"), ex("青衣江部分河段洪水达到50年一遇", text="青衣江"),
          ex("增速居长江沿线省份首位", text="长江"),  # not 居长江: the known river after a word edge
          ex("高黎贡山、哀牢山、无量山等重点区域", text="哀牢山")),  # three of a kind listed
         ("海岛旅游", "沿河两岸", "实行上岛预约制", "岛等海岛目的地")),
    Rule("ent.loc.subdivision", "entity", "a town, township or village written after a place (清水镇)", None,
         (ex("门头沟区清水镇", text="清水镇", type="LOC"), ex("家住尧坝镇白村", text="白村")), ("重庆乡村振兴",)),
    Rule("ent.per.title", "entity", "a name right after a title (副局长严寒冰, 记者 张洋 李欣)", None,
         (ex("副局长严寒冰介绍", text="严寒冰", type="PER", title="副局长"),
          ex("上饶市选手严子豪以249.1环的成绩获得冠军", text="严子豪", type="PER", title="选手"),
          ex("运动员刘思雨夺得金牌", text="刘思雨"), ex("来自邢台市的代表李春梅说", text="李春梅", title="代表"),
          ex("少年时由主教练陈卫东从县业余体校选入省队", text="陈卫东", title="主教练"),
          ex("工程师马库斯·韦伯说", text="马库斯·韦伯"),
          ex("记者 张洋 李欣", text="李欣", type="PER"),
          ex("文化体育及旅游局局长麦嘉欣的书面答复", text="麦嘉欣", title="局长"),
          ex("(记者 胡安坤/文 史蒙 赖志豪/图)", text="赖志豪"),
          ex("行政长官林郑月娥出席会议", text="林郑月娥"),  # a married name (surnames.txt)
          # a transliterated name after a title foreign leaders hold (transliteration.txt)
          ex("美国总统拜登表示", text="拜登", title="总统"), ex("联合国秘书长古特雷斯致辞", text="古特雷斯"),
          ex("美国国务卿布林肯访华", text="布林肯"),
          ex("(记者 刘  洋)", text="刘  洋"), ex("本报记者 王 伟 通讯员 李晓明", text="王 伟"),
          ex("政府统计处助理处长（人口普查及统计调查）梁嘉恒表示", text="梁嘉恒", title="助理处长"),
          ex("道路交通安全督导委员会执行秘书王美玲补充", text="王美玲"), ex("省档案馆馆长马玉琴表示", text="马玉琴"),
          ex("劳动部次长许嘉芬指出", text="许嘉芬", title="次长")),
         ("王强书记强调,要抓好落实", "作者:宣传处", "代表全市人民表示感谢", "总统府发表声明", "秘书长会议召开", "总理基金会", "记者 王 说",
          "主计总处国势普查处副处长表示。新闻联络人：国势普查处　科长")),
    Rule("ent.per.honorific", "entity", "a name right before an honorific (韩正同志, 崔世安行政长官)",
         None, (ex("会见了林郑月娥行政长官", text="林郑月娥", type="PER"),
                ex("团结在以习近平同志为核心的党中央周围", text="习近平", type="PER")), ("全市书记",)),
    Rule("ent.per.before_title", "entity",
         "a name at a clause edge right before a title and a verb or a stop (李明局长说, 据赵立新处长介绍)", None,
         (ex("李明局长说,今年将继续推进。", text="李明", type="PER", title="局长"),
          ex("会上,刘红梅副市长作了部署。", text="刘红梅", title="副市长"),
          ex("据赵立新处长介绍,全省共有120家。", text="赵立新"),
          ex("以下是今日在立法会会议上黄振邦议员的提问和书面答复：", text="黄振邦", title="议员")),
         ("全市书记会议", "党委副书记表示", "项目经理介绍", "常务副市长主持", "王副局长说", "书记处书记说")),
    Rule("ent.per.byline", "entity", "a name alone in brackets as a by-line ((王晓)), or in its text or picture field",
         None, (ex("(王晓)", text="王晓", type="PER"), ex("（文：王俊杰　图：罗晓敏）", text="罗晓敏", type="PER"),
               ex("（文/周晓岚　图/谭一鸣　审核/黄国栋）", text="黄国栋", type="PER"),
               ex("(省统计局综合统计处 王立新 陈晓雯)", text="陈晓雯", type="PER")),
         ("受灾人次(万人次)", "粮食产量(万吨)", "图：全市粮食产量变化", "第1類（危殆）、第2類（危急）的病人")),
    Rule("ent.per.credit", "entity",
         "a name in a credit or contact field, after the office it works in (聯絡人：統計處 林佩珊科長)", None,
         (ex("新闻联络人：统计处 林佩珊科长　电话：2582 5076", text="林佩珊", type="PER"),
          ex("来源：湖南省统计局　作者：核算处 唐晓岚　【字体：大 中 小】", text="唐晓岚"),
          ex("联络人：户政司人口统计科　吴佩芸　　联络电话：(02)2356", text="吴佩芸"),
          ex("（撰稿：市统计局综合科　李晓婷）", text="李晓婷"), ex("责任编辑：古丽娜尔\n", text="古丽娜尔"),
          ex("新闻联系人：王明  电话：8888", text="王明")),
         ("作者：宣传处", "联系人：国势普查处　科长", "审核：综合处\n")),
    Rule("ent.per.repeated", "entity", "a later mention of a person introduced with a title", None,
         (ex("市人社局局长宋晓峰说。宋晓峰介绍", text="宋晓峰", type="PER", title="局长"),)),
    Rule("ent.org.repeated", "entity",
         "another mention of an outlet or office a page names as its source (the site's name on the"
         " masthead and in the footer, after 来源:湖湘经济网)", None,
         (ex("湖湘经济网\n2025-11-26 来源：湖湘经济网　作者：记者 刘思远", text="湖湘经济网", type="ORG"),
          ex("天府文创网\n首页 | 资讯\n正文。\n主办:天府文创网 版权所有", text="天府文创网")),
         ("来源:新华社 新华社记者", "信息来源：发展计划处\n中南局发展计划处处长吴志刚表示")),
    Rule("ent.loc.town", "entity", "a town or township alone, starting a clause or a list item (常营镇、逊母口镇)",
         None, (ex("其中,常营镇、逊母口镇推广轮作模式", text="逊母口镇", type="LOC"),
                ex("马头镇发展订单大豆5.2万亩", text="马头镇"), ex("五里口乡 4.86 2.48", text="五里口乡"),
                ex("“五一”前，衡山镇、与儿街镇2个中心投入运营", text="与儿街镇"),
                ex("“五一”前，衡山镇、与儿街镇2个中心投入运营", text="衡山镇"),
                ex("其中佛子岭镇、下符桥镇2所学校完工", text="佛子岭镇"), ex("大化坪镇至漫水河镇旅游公路", text="漫水河镇")),
         ("推进重点镇建设", "统筹城乡发展", "建设特色小镇", "全镇共有", "农民工返乡创业")),
    Rule("ent.loc.airport", "entity", "the place an airport is named after, after its city (长沙黄花国际机场)", None,
         (ex("长沙黄花国际机场完成旅客吞吐量254.7万人次", text="黄花", type="LOC"),
          ex("广州白云国际机场完成旅客吞吐量652.3万人次", text="白云", type="LOC"),  # jieba: one word
          ex("桂林两江国际机场旅客吞吐量", text="两江", type="LOC")),
         ("长沙国际机场", "成都两大机场", "成都两座机场合计完成旅客吞吐量")),
    Rule("ent.loc.province_group", "entity", "one-character province names before a count of them (鄂豫两省)",
         None, (ex("而按上半年数据计算,鄂豫两省差距已缩小", text="鄂豫", type="LOC"),
                ex("苏浙沪三省市联合发布", text="苏浙沪")), ("全省两地", "海峡两岸")),
    Rule("drop.loc.word", "drop", "a word that begins with a place's name (日照时数: sunshine, not the city)",
         None,
         (ex("全省年日照时数1386小时,日照偏少", text="日照"), ex("地址：长沙市岳麓区岳麓大道218号", text="岳麓"),
          ex("全年滨海旅游业增加值16980亿元", text="滨海"), ex("地址：西安市未央区凤城八路109号", text="凤城")),
         ("日照港完成货物吞吐量4.37亿吨",)),
    Rule("drop.loc.glued", "drop", "a county's short name before a lone character is part of a word or brand",
         None, (ex("“金平果”世界一流大学排行", text="金平"),), ("合江经济快速发展", "香港岛为36,200元，九龙为25,900元")),
    Rule("drop.loc.ambiguous", "drop", "a place name that is also a word (温泉) counts only in a list of places",
         None, (ex("去温泉泡澡", text="温泉"),), ("博乐、精河、温泉和阿拉山口",)),
)


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    compound = [s for s in lex.surnames if len(s) == 2]
    single = [s for s in lex.surnames if len(s) == 1]
    surname = f"(?:{or_regex(compound)}|{or_regex(single)})"
    foreign = f"[{''.join(sorted(lex.transliteration))}]"
    return {
        "title": regex.compile(or_regex(lex.titles)),
        # a Chinese name, or a transliterated one (马库斯·韦伯, 阿依古丽·买买提)
        # (助理處長（人口普查及統計調查）梁嘉恒: the portfolio in brackets between title and name)
        "name": regex.compile(rf"(?:[(（](?:兼|[^()（）\n]{{2,14}})[)）])?[\s:：]*"
                              rf"(?P<name>\p{{Han}}{{2,6}}·\p{{Han}}{{2,6}}(?:·\p{{Han}}{{2,6}})?"
                              rf"|{surname}\p{{Han}}{{1,2}})"),
        # 记者 张洋 李欣, 记者 胡安坤/文 史蒙 赖志豪/图: more names of one by-line
        "next_name": regex.compile(rf"(?:/[文图摄])?[ 、](?P<name>{surname}\p{{Han}}{{1,2}})"),
        # a credit or contact field: 聯絡人：統計處 林佩珊科長, 作者：核算处 唐晓岚, 责任编辑：古丽娜尔
        # (the office before the name, and a head's title after it, are no part of it)
        "credit": regex.compile(
            r"(?:新闻联络人|新闻联系人|联络人|联系人|作者|执笔|撰稿|文字整理|整理|责任编辑|审核|校对)[ \u3000]*[:：][ \u3000]*"
            r"(?:[^\s:：,，。;；()（）]{2,14}?(?:处|科|局|组|司|会|办|室|部|中心|厅|队|网)"
            r"(?:科长|组长|处长|司长|局长|主任)?[ \u3000]*)?"
            rf"(?P<name>{surname}\p{{Han}}{{1,3}}?)(?=副?(?:科长|组长|处长|司长|局长|主任)|[ \u3000\t)）]|电话|$)",
            regex.MULTILINE),
        "byline": regex.compile(
            # (a bracket right after a word glosses it: 第1类（危殆）, no by-line)
            rf"(?<=^|[\s。！？!?”\"])[(（](?:记者|通讯员)?\s*(?P<name>{surname}\p{{Han}}{{1,2}})[)）]"
            # (文：王俊杰　图：罗晓敏), (文/周晓岚　审核/黄国栋): a by-line's fields of text, pictures and review
            rf"|(?<=[(（\s]|^)(?:文|图|摄|摄影|撰文|供图|文/图|图/文|审核|编辑|校对|初审|复审|终审)[:：/][ \u3000]*"
            rf"(?P<name>{surname}\p{{Han}}{{1,2}})(?=[\s)）/]|$)"
            # (省统计局综合统计处 王立新 陈晓雯): the writers after their office
            rf"|(?<=[(（]\p{{Han}}{{2,16}}?(?:处|室|科|局|所|中心|办公室)[ \u3000]+)(?P<name>{surname}\p{{Han}}{{1,2}})"
            rf"(?=[ \u3000)）])", regex.MULTILINE),
        "after_name": regex.compile(or_regex(_AFTER_NAME)),
        # a one-character family name, spaces, the given name (记者 刘  洋, 王 伟)
        "spaced_name": regex.compile(
            rf"[\s:：]*(?P<name>{or_regex(single)}[ \u3000]{{1,3}}\p{{Han}}{{1,2}})(?!\p{{Han}})"),
        "transliterated": regex.compile(rf"(?P<name>{foreign}{{2,6}})(?!{foreign})"),
        "before_title": regex.compile(
            # (在立法会会议上黄振邦议员的提问, 现就黄振邦议员的提问答复如下)
            rf"(?<=^|[\s\p{{P}}、和与及]|会见了?|看望|陪同|据|由|会议上|会上|现就)(?P<name>{surname}\p{{Han}}{{1,2}}?)"
            rf"(?P<title>{or_regex(_TITLES_AFTER_NAME)})", regex.MULTILINE),
        # a name before an honorific, after a clause edge, a list joiner or a verb of meeting
        "honorific": regex.compile(
            rf"(?:(?<=^|[\s\p{{P}}、和与及]|会见|会见了|看望|陪同|以)(?P<name>{surname}\p{{Han}}{{1,3}}?)"
            rf"(?={or_regex(_HONORIFICS)}))", regex.MULTILINE),
    }


_BRACKET_CLOSE = regex.compile(r"[ \u3000]*[)）]")


def works(ctx: Context, block: Blocker) -> list[EntityCandidate]:
    """《title》 -> WORK spanning the title without its brackets (none in page furniture
    that suppresses entities)."""
    return unsuppressed([EntityCandidate(start=m.start("title"), end=m.end("title"), rule="ent.work", type="WORK")
                         for m in compiled(_WORK_TITLE, ctx.lex).finditer(ctx.norm)], ctx.zones)


def _subdivisions(norm: str, place: EntityCandidate, word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """Towns and villages written after a place: 门头沟区清水镇 -> 清水镇 (a chain
    of places is split into its units, GUIDELINES)."""
    end = place.end
    while (m := _SUBDIVISION.match(norm, end)) is not None and m.group() not in _NOT_SUBDIVISION and (
        m.end() in word_edges or not _HAN.match(norm[m.end():m.end() + 1] or " ")
    ):
        yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.loc.subdivision", type="LOC")
        end = m.end()


@functools.cache
def _feature_patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    f = lex.features
    return {
        "alone": regex.compile(rf"\p{{Han}}{{1,3}}?(?:{or_regex(f['alone'])})"),
        "water": regex.compile(rf"\p{{Han}}{{1,3}}?(?:{or_regex(f['in_context'])})"),
        # 修河流域, 修河等河流水位, 青衣江部分河段
        "context": regex.compile(rf"(?:等\p{{Han}}{{0,2}}?|部分|局部|全)?{or_regex(f['context_after'])}"),
        "joiner": compiled(r"{list_joiner}", lex),
        "province_group": regex.compile(
            rf"(?<!\p{{Han}})(?P<group>[{''.join(f['province_abbreviations'])}]{{2,4}})(?={or_regex(f['group_counts'])})"),
    }


def _features(norm: str, lex: Lexicons, word_edges: frozenset[int],
              long_words: dict[int, int]) -> Iterator[EntityCandidate]:
    """Named islands and landforms at word edges; rivers and lakes where their
    context says so, and the others of a list with one (修河、潦河、博阳河水位).
    A name jieba does not know: one that begins with a dictionary word other
    than a place is a phrase (筑牢长江上游), not a name. `long_words`: start ->
    end of jieba's words of two or more characters."""
    p = _feature_patterns(lex)
    generic = set(lex.features["generic"])

    def named(m: regex.Match[str]) -> bool:
        word_end = long_words.get(m.start())
        if word_end is not None and word_end < m.end() and norm[m.start():word_end] not in lex.places:
            return False
        # 增速居长江沿线: a known place after a word edge inside it is the name (长江), not 居长江
        return not any(at in word_edges and (place := lex.places.get(norm[at:m.end()])) is not None
                       and not place.ambiguous for at in range(m.start() + 1, m.end() - 1)) and (
            m.group() not in generic and m.group()[:-1] not in generic
            and not _HAN_FUNCTION.search(m.group(), 0, m.end() - m.start() - 1))

    for start in sorted(word_edges):
        m = p["alone"].match(norm, start)
        if m and named(m) and (m.end() in word_edges or not _HAN.match(norm[m.end():m.end() + 1] or " ")):
            yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.loc.feature", type="LOC")
    waters = [m for m in (p["water"].match(norm, s) for s in sorted(word_edges))
              if m and named(m) and m.end() in word_edges]
    # the lists the names form (修河、潦河、博阳河), as runs of indexes
    runs: list[list[int]] = []
    for i in range(len(waters)):
        if i and p["joiner"].fullmatch(norm, waters[i - 1].end(), waters[i].start()):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        # a member has the context of a later member (a list's members share its last one's);
        # three names of one kind listed together need none (高黎贡山、哀牢山、无量山等)
        one_kind = len(run) >= 3 and len({waters[i].group()[-1] for i in run}) == 1
        sure = one_kind
        for i in reversed(run):
            sure = sure or p["context"].match(norm, waters[i].end()) is not None
            if sure:
                m = waters[i]
                yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.loc.feature", type="LOC")


_HAN_FUNCTION = regex.compile(r"[的和与及在是为对把被将等从由向到于於]")


def _towns_and_villages(norm: str, word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """尧坝镇白村: a town and its village, each a place, with no larger place
    before; the town starts on a word edge."""
    for m in _TOWN_VILLAGE.finditer(norm, overlapped=True):
        if m.group("town") in _NOT_SUBDIVISION or m.start() not in word_edges:
            continue
        for key in ("town", "village"):
            yield EntityCandidate(start=m.start(key), end=m.end(key), rule="ent.loc.subdivision", type="LOC")


# A town or township alone, at a clause or list edge (常营镇、逊母口镇推广…;
# 马头镇发展…; a table row 老冢镇 7.38): two or three characters and 镇/乡.
# (其中佛子岭镇、下符桥镇; 大化坪镇至上土市镇: after 其中, and a route's end after 至)
_TOWN_ALONE = regex.compile(r"(?<=^|[\s\p{P}、和与及至]|其中)(?P<town>\p{Han}{2,3}(?:镇|乡))", regex.MULTILINE)
# A word this frequent before 镇/乡 is a kind of town (重点镇, 示范镇, 建制镇),
# and one ending the name makes it a word (统筹城乡, 特色小镇, 返乡); 马头 (462) stays.
_TOWN_WORD_FREQUENCY = 500


def _towns_alone(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """常营镇, 五里口乡 with no place before them, starting a clause or a list
    item and ending on a word edge; not a kind of town (重点镇) nor a word
    (城乡, 小镇); a town named after a place is a town whatever its name's frequency (衡山镇)."""
    frequency = word_frequency(lex)
    for m in _TOWN_ALONE.finditer(norm, overlapped=True):
        town, start, end = m.group("town"), m.start(), m.end()
        # (a name may open with a function character after punctuation: 衡山镇、与儿街镇, 和平镇)
        after_mark = start > 0 and not _HAN.match(norm[start - 1])
        if (start not in word_edges or end not in word_edges or _HAN_FUNCTION.search(town, 1 if after_mark else 0)
                or town[:-1] not in lex.places and (frequency.get(town[:-1], 0) >= _TOWN_WORD_FREQUENCY
                                                    or frequency.get(town[-2:], 0) >= COMMON_WORD_FREQUENCY)
                or town in _NOT_SUBDIVISION):
            continue
        yield EntityCandidate(start=start, end=end, rule="ent.loc.town", type="LOC")


# 长沙黄花国际机场, 鄂州花湖机场: an airport is named after its city and the place it stands in
# (成都两座机场, 两大机场: a count of airports names none; 桂林两江国际机场 is named)
_AIRPORT = regex.compile(r"(?P<name>(?![一二两三四五六七八九十几多][座个大家处])\p{Han}{2})(?:国际)?机场")
_NOT_AIRPORT_PLACES = frozenset({"国际", "民用", "通用", "支线", "运输", "货运", "枢纽"})


def _airport_place(norm: str, city: EntityCandidate) -> Iterator[EntityCandidate]:
    m = _AIRPORT.match(norm, city.end)
    if m and m.group("name") not in _NOT_AIRPORT_PLACES:
        yield EntityCandidate(start=m.start("name"), end=m.end("name"), rule="ent.loc.airport", type="LOC")


def _province_groups(norm: str, lex: Lexicons) -> Iterator[EntityCandidate]:
    """鄂豫两省, 川渝两地: one-character province names written together before
    a count of provinces or places name them as one place."""
    for m in _feature_patterns(lex)["province_group"].finditer(norm):
        yield EntityCandidate(start=m.start("group"), end=m.end("group"), rule="ent.loc.province_group", type="LOC")


# a numbered road named after a place (西安市未央区凤城八路109号): the road, in an address
_NUMBERED_ROAD = regex.compile(r"[一二三四五六七八九十]{1,3}路")
# verbs of going jieba joins to the place after them (赴美国, 访华, 驻港)
_GLUED_BEFORE = frozenset("赴访往驻")
# characters that begin no word with a place's name before them: a verb or particle (为, 的, 和)
_FUNCTION_CHARS = frozenset("为是的和与及占达有在共")


def places(norm: str, lex: Lexicons, word_edges: frozenset[int],
           single_chars: frozenset[int] = frozenset(), long_words: dict[int, int] | None = None,
           traditional: bool = False) -> list[EntityCandidate]:
    """Gazetteer names on word edges (or before 内/外 that jieba joined to
    their last character); ambiguous ones only inside a list of
    places; a county's short name not when a lone character that jieba
    could not join to anything ends the word (“金平果” is a brand, 金平县 a
    county, 建德的 a place).
    `single_chars`: where a one-character Han token of jieba starts."""
    lengths = place_lengths(lex)
    found: list[EntityCandidate] = []
    # (赴 | 美國 | 留學: jieba writes 赴美國 as one word; the place starts after the verb)
    after_verb = {s + 1 for s, e in (long_words or {}).items() if norm[s] in _GLUED_BEFORE and e - s >= 3}
    for start in sorted(word_edges | after_verb):
        for length in lengths.get(norm[start:start + 1], ()):
            name = norm[start:start + length]
            place = lex.places.get(name)
            if place and place.traditional_only and not traditional:
                continue  # 内地 is the mainland in a Hong Kong release, "inland" in a mainland one
            if place and len(name) == length and (start + length in word_edges or _joined_end(
                    norm, start, start + length, long_words or {}, place.level == "region", lex)):
                end = start + length
                zone = next((z for z in lex.features["zones_after"] if norm.startswith(z, end)), "")
                cand = EntityCandidate(start=start, end=end + len(zone), rule=f"ent.loc.{place.level}",
                                       type="LOC", ambiguous=place.ambiguous)
                glued = (place.level == "county" and name != place.full and end in single_chars
                         and not _HAN.match(norm[end + 1:end + 2] or " ")  # “金平果”: a word of its own
                         and norm[end] not in _FUNCTION_CHARS)  # 九龍為25,900元: a place and a verb
                word = (norm.startswith(lex.features["place_words"], start)  # 日照时数: sunshine
                        or norm.startswith(lex.features["road_words"], end)  # 岳麓大道: a road
                        or _NUMBERED_ROAD.match(norm, end) is not None)  # 凤城八路109号
                dropped_by = "drop.loc.glued" if glued else "drop.loc.word" if word else None
                found.append(drop(cand, dropped_by) if dropped_by else cand)
                break
    found = _gate_ambiguous(norm, found, lex)
    subs = [sub for place in found if place.alive for sub in _subdivisions(norm, place, word_edges)]
    subs += [airport for place in found if place.alive for airport in _airport_place(norm, place)]
    return [*found, *subs, *_towns_and_villages(norm, word_edges), *_towns_alone(norm, lex, word_edges),
            *_province_groups(norm, lex),
            *_features(norm, lex, word_edges, long_words or {})]


_AIRPORT_TAIL = regex.compile(r"\p{Han}{1,3}(?:国际机场|机场)")
_LOCATIVES = frozenset("内外间")  # 区内, 省外, 两岸间: jieba joins them to the place's last character


def _joined_end(norm: str, start: int, end: int, long_words: dict[int, int], landform: bool,
                lex: Lexicons) -> bool:
    """Whether jieba joined the place to the word after it: its last
    character and a locative (大湾 | 区内各个城市), the whole place and a
    word of features.yaml joined_after (向 | 成都地区 |, 从 | 澳门国际机场 |), or
    a lake or mountain and 区 (洞庭湖区, 大别山区). The place still ends there."""
    if norm[end:end + 1] in _LOCATIVES and long_words.get(end - 1) == end + 1:
        return True
    token_end = long_words.get(start)
    if token_end is None or token_end <= end:
        return False
    after = norm[end:token_end]
    # (广州 | 白云国际机场: jieba writes a city's airport as one word)
    return after in lex.features["joined_after"] or (landform and after == "区") or bool(_AIRPORT_TAIL.fullmatch(after))


def _gate_ambiguous(norm: str, found: list[EntityCandidate], lex: Lexicons) -> list[EntityCandidate]:
    """Keep an ambiguous place only when a list joins it to a sure one (博乐、精河、温泉和阿拉山口)."""
    keep = [not c.ambiguous for c in found]
    joiner = compiled("{list_joiner}", lex)
    joined = [bool(joiner.fullmatch(norm[a.end:b.start])) for a, b in zip(found, found[1:])]
    for i in range(1, len(found)):  # a sure place spreads right along the list ...
        keep[i] = keep[i] or (keep[i - 1] and joined[i - 1])
    for i in range(len(found) - 2, -1, -1):  # ... and left
        keep[i] = keep[i] or (keep[i + 1] and joined[i])
    return [c if k else drop(c, "drop.loc.ambiguous") for c, k in zip(found, keep)]


def people(norm: str, lex: Lexicons, orgs: Sequence[EntityCandidate],
           word_starts: frozenset[int] = frozenset()) -> Iterator[EntityCandidate]:
    """Names after titles, before honorifics and in by-lines. `word_starts`:
    where a dictionary word of two or more characters starts (a name ends
    before one: 运动员刘思雨 | 夺得金牌)."""
    p = _patterns(lex)
    org_by_end = {o.end: o for o in orgs if o.alive}
    org_starts = {o.start for o in orgs if o.alive}
    for t in p["title"].finditer(norm):
        org = org_by_end.get(t.start())
        title, org_text = t.group(), norm[org.start:org.end] if org else None
        m: regex.Match[str] | None = p["name"].match(norm, t.end())
        said = m and p["after_name"].match(norm, m.start("name"))
        if said and len(said.group()) > 1:
            continue  # 王强书记强调: the verb after the title is no name
        if m and (_not_a_name(m.group("name"), lex) or m.start("name") in org_starts):
            continue  # 代表全市人民, 作者:宣传处 (an office, no name)
        end = _name_end(norm, m, lex, strict=False, word_starts=word_starts)
        if end is None and title in _FOREIGN_TITLES:
            m, end = _transliterated(norm, t.end(), lex)
        if end is None and title in _BYLINE_TITLES:  # 记者 刘  洋: a by-line spaced out
            m = p["spaced_name"].match(norm, t.end())
            given = m.group("name")[1:].strip() if m else ""
            marked = given in _BYLINE_MARKS or p["after_name"].fullmatch(given) is not None
            end = m.end("name") if m and not marked else None
        while m is not None and end is not None:
            yield EntityCandidate(start=m.start("name"), end=end, rule="ent.per.title", type="PER",
                                  title=title, org=org_text)
            # 记者 张洋 李欣: one title, more names, each ending the list or the line
            m = p["next_name"].match(norm, end)
            end = _name_end(norm, m, lex, strict=True)
    for m in p["credit"].finditer(norm):
        name = m.group("name")
        if m.start("name") in org_starts or name[-1] in _UNIT_CHARS or _not_a_name(name, lex):
            continue  # 作者：宣传处: an office, no person
        yield EntityCandidate(start=m.start("name"), end=m.end("name"), rule="ent.per.credit", type="PER")
    for m in p["byline"].finditer(norm):
        if _is_unit(m.group("name"), lex):
            continue  # 受灾人次(万人次): a column's unit, not a by-line
        yield EntityCandidate(start=m.start("name"), end=m.end("name"), rule="ent.per.byline", type="PER")
        # (省统计局综合统计处 王立新 陈晓雯): more names of one by-line, when its bracket closes after them
        names, end = [], m.end("name")
        while (more := p["next_name"].match(norm, end)) is not None:
            names.append(more.span("name"))
            end = more.end("name")
        if names and _BRACKET_CLOSE.match(norm, end):
            yield from (EntityCandidate(start=s, end=e, rule="ent.per.byline", type="PER") for s, e in names)
    for m in p["honorific"].finditer(norm):
        yield EntityCandidate(start=m.start("name"), end=m.end("name"), rule="ent.per.honorific", type="PER")
    frequency = word_frequency(lex)
    for m in p["before_title"].finditer(norm):
        name, after = m.group("name"), m.end()
        if (name.endswith("副") or not (after == len(norm) or p["after_name"].match(norm, after)
                                         or not _HAN.match(norm[after]))
                or any(frequency.get(w, 0) >= COMMON_WORD_FREQUENCY for w in {name, name[:2]})):
            continue  # 王副局长; 书记处; 党委副书记, 全市书记
        yield EntityCandidate(start=m.start("name"), end=m.end("name"), rule="ent.per.before_title",
                              type="PER", title=m.group("title"))


def _not_a_name(text: str, lex: Lexicons) -> bool:
    """A common word (全市: 代表全市人民), or a unit of an office (宣传处: 作者:宣传处),
    where a title is followed by no name."""
    head = word_frequency(lex).get(text[:2], 0)
    return (head >= _WORD_NOT_NAME_FREQUENCY or text[0] in "和与及或"  # 负责人和安全管理人员: a list goes on
            or (len(text) == 3 and text[-1] in _UNIT_CHARS and head >= COMMON_WORD_FREQUENCY))


def _is_unit(text: str, lex: Lexicons) -> bool:
    """A unit, with or without a multiplier before it (万人次, 万亩, 公顷)."""
    return text in lex.unit_by_surface or (text[0] in "十百千万亿" and text[1:] in lex.unit_by_surface)


def _transliterated(norm: str, start: int, lex: Lexicons) -> tuple[regex.Match[str] | None, int | None]:
    """A transliterated name at `start` (拜登, 古特雷斯, 布林肯访华): a run of two
    to six characters of lexicons/transliteration.txt that is no common word
    (总理基金)."""
    m = _patterns(lex)["transliterated"].match(norm, start)
    if m is None or word_frequency(lex).get(m.group(), 0) >= COMMON_WORD_FREQUENCY:
        return None, None
    return m, m.end()


def _name_end(norm: str, m: regex.Match[str] | None, lex: Lexicons, strict: bool,
              word_starts: frozenset[int] = frozenset()) -> int | None:
    """Where the name matched by `m` ends: after two given-name characters or
    one, whichever is followed by a name boundary (punctuation; unless
    `strict`, also 介绍, a place (记者林宜庭台北9日电) or a dictionary word)."""
    if m is None:
        return None
    after = _patterns(lex)["after_name"]
    if "·" in m.group("name"):  # 马库斯·韦伯说: a transliterated name ends before a word that follows names
        last = norm.rindex("·", m.start("name"), m.end("name"))
        return next((e for e in range(last + 3, m.end("name")) if after.match(norm, e)), m.end("name"))
    start = m.start("name")
    ends = (m.end("name"), m.end("name") - 1)
    if after.match(norm, ends[1]) and not strict:
        ends = ends[::-1]  # 韩正在…: 在 is the word after the name, not its last character
    for end in ends:
        if end - start < 2:
            continue
        if not _HAN.match(norm[end:end + 1] or " "):
            return end
        if not strict and (after.match(norm, end) or place_at(norm, end, lex) or end in word_starts):
            return end
    return None


def repeated_people(norm: str, found: Sequence[EntityCandidate],
                    word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """Later mentions of a person introduced with a title (宋晓峰介绍 after
    市人社局局长宋晓峰): the same name, starting on a word edge."""
    names = {norm[c.start:c.end]: c for c in found if c.type == "PER" and c.alive}
    if not names:
        return
    introduced = {c.start for c in found}
    for m in regex.finditer(or_regex(names), norm):
        if m.start() in word_edges and m.start() not in introduced:
            first = names[m.group()]
            yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.per.repeated", type="PER",
                                  title=first.title, org=first.org)


# 中南局发展计划处: after a body's unit the name is a part of a longer one
_UNIT_BEFORE = regex.compile(r"[局处厅委部司办院所室科署]")


# the rules that find the outlet a page names as its own (来源:…, its masthead)
_NAMING_RULES = ("ent.org.source_field", "ent.org.masthead")


def repeated_sources(norm: str, found: Sequence[EntityCandidate],
                     word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """Other mentions of an outlet or office a page names as its source
    (来源:湖湘经济网, with 湖湘经济网 on the masthead and in the footer): the
    same name, starting on a word edge (jieba cuts such names anywhere)."""
    named = {c.start for c in found if c.rule in _NAMING_RULES}
    names = {norm[c.start:c.end] for c in found if c.rule in _NAMING_RULES and c.alive
             and c.end - c.start >= 3}
    if not names:
        return
    for m in regex.finditer(or_regex(names), norm):
        after_unit = m.start() > 0 and _UNIT_BEFORE.match(norm, m.start() - 1) is not None
        if m.start() in word_edges and m.start() not in named and not after_unit:
            yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.org.repeated", type="ORG")


def extract(ctx: Context, block: Blocker) -> list[EntityCandidate]:
    """ORG, LOC and PER candidates outside works and dates; the longest span
    wins an overlap, so 重庆 inside 重庆市委网信办 is no LOC."""
    norm, lex, edges = ctx.norm, ctx.lex, ctx.word_edges
    found = block(organisations(norm, lex, edges))
    orgs = longest_first([*found, *block(list(repeated_sources(norm, found, edges)))])
    word_starts = frozenset(t.start for t in ctx.tokens if len(t.text) > 1)
    persons = list(people(norm, lex, orgs, word_starts))
    alive_orgs, dead = split(orgs)
    singles = frozenset(t.start for t in ctx.tokens if len(t.text) == 1 and _HAN.match(t.text))
    long_words = {t.start: t.end for t in ctx.tokens if len(t.text) > 1}
    kept = longest_first(block([*alive_orgs, *persons, *places(norm, lex, edges, singles, long_words,
                                                                            ctx.traditional)]))
    alive, dead_later = split(kept)
    kept = longest_first([*alive, *block(list(repeated_people(norm, persons, edges)))])
    return unsuppressed([*kept, *dead, *dead_later], ctx.zones)
