"""Organisations: known names, names built from a head, a body and a suffix,
websites and domains, and abbreviations a release defines.

- known: lexicons/organisations.yaml `known`, on word edges.
- strong: a body and a strong suffix (研究院, 有限公司, 政务网), starting at a
  clause edge or a head; weak: a head (a place, 省, 国家, 中共) and a weak
  suffix (局, 委) or a bare one (市政府, 区人大常委会).
- Either grows over the sub-units written right after it (国家发展改革委 +
  社会司, 某银行 + 成都分行), never over a title (县住建局 | 机关党委书记白中心).
- A name never holds what stands before names (另加复旦大学 -> 复旦大学,
  园区被省发改委 -> 省发改委), nor a list (市政府和肃州区委 -> two), nor a title.
- A domain (gov.mo, www.stats.gov.cn) is an organisation; so is an
  abbreviation a release defines (以下简称“市统计局”) wherever it recurs.
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import regex

from ..candidates import EntityCandidate, drop
from ..lexicons import Lexicons, or_regex
from ..offsets import LINE as _LINE
from ..rules import Rule, ex

_MAX_HEAD_CHARS = 12  # the longest head (a place's full name) a weak-suffix name starts with
_HAN = regex.compile(r"\p{Han}")
_EDGE_BEFORE = regex.compile(r"[\s\p{P}\p{S}、]")
_DOMAIN = regex.compile(
    r"(?<![A-Za-z0-9.@-])(?:www\.)?[A-Za-z0-9-]{2,}(?:\.[A-Za-z0-9-]{2,})*"
    r"\.(?:com|cn|net|org|gov|edu|int|mo|hk|tw)(?:\.(?:cn|mo|hk|tw))?(?![A-Za-z0-9.-])", regex.IGNORECASE)
_ABBREVIATION = regex.compile(r"[(（]\s*(?:以下简称|以下称|下称|简称)\s*[:：]?\s*[“\"「]?(?P<abbr>[^”\"」)）,，]{2,12})[”\"」]?\s*[)）]")
# 来源:生态保护修复处 on a page's information line; the field ends at a space, a bar or the line end
_OFFICE = r"\p{Han}{2,16}?(?:处|局|厅|司|办|科|室|中心|办公室|支队|大队|报|新闻|网|客户端)"
# 统计分析司司长: an office before its head's title (司长 of a 司), starting after a separator
_HEADED = regex.compile(r"(?<=^|[\s,，、;；:：(（【“\"兼])(?P<name>[^\P{Han}的了在是为和与及兼等副]{2,10}?(?P<suffix>[司局处厅科]))"
                        r"(?=副?(?P=suffix)长)", regex.MULTILINE)
_SOURCE_FIELD = regex.compile(r"(?:来源|作者|信息来源|资料来源|发布机构|发布单位|执笔|供稿)\s*[:：]\s*"
                              r"(?P<org>" + _OFFICE + r")(?=[\s|｜]|$)"
                              # (竞技体育处　供稿): the office before its credit
                              r"|(?<=[(（])(?P<credit>" + _OFFICE + r")[ \u3000]*(?:供稿|供图|撰稿)[)）]"
                              # a paper's or site's dateline: 南风新闻讯(记者 …)
                              r"|^(?P<media>\p{Han}{2,8}?(?:新闻|日报|晚报|商报|时报|报|网))讯"
                              # a press conference's questioner: 【顶端新闻记者】:, 中新社江西分社记者:
                              r"|^[【\[]?(?P<asker>(?!本报|本网|本台|本刊)\p{Han}{2,12}?)记者\s*[】\]]?\s*[:：]",
                              regex.MULTILINE)
# An app is named after its maker or its brand: 学习强国APP, 川观新闻App; so is a body's
# website (中国政府网, 广东法院网: the site, an organisation), before a break (not 电网 or 管网
# inside a longer word, nor 政府統計處網站: the body's site, the body the name)
_APP = regex.compile(r"\s?(?:APP|App|app)(?![A-Za-z])|[网網](?=$|[\s|｜、,，。;；:：)）”」])")
# Position titles a name's body may not hold (区长陈清作政府 is no organisation).
_POSITION_TITLE = regex.compile(r".*(?:长|书记|主任|主席|经理|总裁|发言人|记者)$")

RULES: tuple[Rule, ...] = (
    Rule("ent.org.known", "entity", "a known organisation (organisations.yaml `known`), with sub-units after it",
         None, (ex("全省检察机关在省委和最高人民检察院领导下", text="最高人民检察院"),  # 最高 heads a name
                ex("据海关总署统计", text="海关总署", type="ORG"), ex("国家发展改革委社会司", text="国家发展改革委社会司"),
                ex("据海关统计", text="海关"), ex("招商银行成都分行", text="招商银行成都分行"),
                ex("据财政部关务署统计", text="财政部关务署"),
                ex("贯彻落实省委省政府决策部署", text="省政府"),  # 部署 (deploy) is no agency
                # a platform by its own name, not its account (关注微信公众号 -> 微信; Facebook | LINE)
                ex("欢迎关注微信公众号“湖南统计”", text="微信"), ex("關注我們：Facebook | LINE", text="Facebook"),
                ex("国家铁路集团有限公司发布", text="国家铁路集团有限公司"),  # 有限公司 starts with 有, no left trim
                ex("学习强国APP同步推送", text="学习强国APP"),  # an app named after its brand
                ex("北大、清华分别排名第1和第2", text="清华"),  # a university's short name
                ex("澳門航空、長榮航空新開航線", text="長榮航空"), ex("对亚马逊、速卖通等平台", text="速卖通")),
         ("北大荒集团",)),
    Rule("ent.org.strong", "entity", "a body ending in a strong suffix (研究院, 有限公司, 政务网) after a clause edge",
         None, (ex("据21世纪经济研究院发布", text="21世纪经济研究院", type="ORG"),
                ex("另加复旦大学(第57名)", text="复旦大学"), ex("观湖政务网|观澜政务网", text="观澜政务网"),
                ex("广东法院网 版权所有", text="广东法院网"),  # a body's website
                ex("晟川科技股份有限公司发布", text="晟川科技股份有限公司"),
                ex("中国科技发展战略研究小组发布报告", text="中国科技发展战略研究小组"),
                ex("粤港澳大湾区建设领导小组召开会议", text="粤港澳大湾区建设领导小组"),
                ex("据省气象台消息", text="省气象台"),  # a head is body enough
                ex("国网长沙供电公司相关负责人参加会议", text="国网长沙供电公司"),
                ex("安徽医科大学附属中山医院发布", text="安徽医科大学附属中山医院"),  # a hospital as a sub-unit
                ex("关中建设控股集团排名第389位", text="关中建设控股集团"),
                ex("陕西省人民政府国有资产监督管理委员会发布", text="陕西省人民政府国有资产监督管理委员会"),
                ex("安徽大学经济学院教授王明表示", text="安徽大学经济学院"),  # a school of a university
                ex("渣津镇卫生院院长李华介绍", text="渣津镇卫生院"),
                ex("澳门科技大学排名第241位", text="澳门科技大学"),  # jieba's 大学排名
                ex("澳门大学三个学科首次进入全球前一百名", text="澳门大学"),  # disciplines are no section
                ex("山东大学、山东师范大学两所高校流动站招收博士后", text="山东师范大学"),
                ex("欢迎瑞士圣加伦国际管理研究院代表团", text="瑞士圣加伦国际管理研究院"),  # left_trim 欢迎
                ex("其余约三分之一取自圣加伦研究院的调查", text="圣加伦研究院"),  # left_trim_anywhere
                ex("深圳市华讯智联科技有限公司诉东莞市铭拓电子有限公司侵害专利权纠纷案", text="东莞市铭拓电子有限公司"),
                ex("判决被告中山市恒辉家电有限公司赔偿", text="中山市恒辉家电有限公司"),
                ex("电影出品方北京光影年代文化传媒有限公司起诉", text="北京光影年代文化传媒有限公司"),
                ex("将军澳医院急症室求诊人次上升", text="将军澳医院急症室")),  # 将 opens a place, trims nothing
         # 企业, 乡镇, 中医类 name a kind of body; 各设区市 each of a kind
         ("加快建设数据中心", "四、企业集团销量集中度略有下降", "乡镇卫生院1582个", "全省中医类医院183个",
          "市三级公立医院国考成绩", "本次排名对全球2500余所大学进行了评估",
          "每10万人中具有大学文化程度的人口为15500人")),  # a level of schooling (strong_suffix_not_before)
    Rule("ent.org.weak", "entity", "a head (a place, 省, 国家, 中共) and a weak or bare suffix (局, 委, 政府)", None,
         (ex("县卫健局发布", text="县卫健局", type="ORG"), ex("市住建委", text="市住建委"),
          ex("相关链接：中国政府网 | 陕西省人民政府", text="中国政府网"),  # a body's website
          ex("市慈善总会募集善款6.82亿元", text="市慈善总会"),
          ex("在市政府和肃州区委的领导下", text="肃州区委"), ex("区人大常委会主任谢晓东", text="区人大常委会"),
          ex("省住房和城乡建设厅公布名单", text="省住房和城乡建设厅"), ex("县城乡建设局表示", text="县城乡建设局"),
          ex("省生态环境厅宣教处处长李华", text="省生态环境厅宣教处"),  # jieba: 宣教 | 处处长
          ex("1月8日,合肥市消防救援支队召开新闻发布会", text="合肥市消防救援支队"),
          ex("对省营商办交办的事项", text="省营商办"),  # 交办: a verb, no sub-unit
          # a service by its short name (organisations.yaml short_names); not a field of work
          ex("来源:湖南体彩  作者:李思远", text="湖南体彩"), ex("山东消防\n提醒", text="山东消防")),
         ("公立医院", "县城影院观影需求持续释放", "醴陵市立案查处案件120件", "香港多所知名学府同处一城",
          "襄阳企业开办时间压缩", "以秋粮丰收为乡村全面振兴开好局",
          "推动成都在全国消费中心城市建设中稳居第一方阵",  # 中心城市: organisations.yaml weak_suffix_not_before
          "长沙市税务部门", "全省消防安全形势平稳",
          # (a verb of the report's prose before the name: 统计显示中央银行 -> 中央银行)
          "金管會持續督促銀行落實管理")),
    Rule("ent.org.source_field", "entity",
         "the office a page names as its source or author (来源:宣传处), a dateline's or a questioner's outlet", None,
         (ex("发布时间:2025-01-09  来源:信息通信发展处  浏览次数:2316", text="信息通信发展处", type="ORG"),
          ex("来源:合肥市消防救援支队  作者:宣传处  阅读次数:1436", text="宣传处"),
          ex("2025-07-31 07:45　来源：长江财经报　　记者 方慧敏", text="长江财经报"),
          ex("南风新闻讯（记者 许嘉宁）国庆中秋假期临近", text="南风新闻"),
          ex("【顶端新闻记者】:从季度数据看,民营经济运行呈现什么特点?", text="顶端新闻"),
          ex("中新社江西分社记者:在知识产权创造方面,我省有哪些亮点?", text="中新社江西分社"),
          ex("执笔：综合科　王立群", text="综合科"), ex("（竞技体育处　供稿）", text="竞技体育处"),
          ex("資料來源：經濟發展處", text="經濟發展處")),
         ("来源:新华社", "来源:本网", "本报记者:请问")),
    Rule("ent.org.masthead", "entity",
         "a site's name alone on a line at the top of the page, right above its navigation (陇东油田网\n首页)", None,
         (ex("陇东油田网\n首页　公司概况　新闻中心\n正文", text="陇东油田网", type="ORG"),
          ex(":::\n交通部資訊服務網\n首頁 | 本部簡介 | 新聞與公告\n正文", text="交通部資訊服務網"),
          ex("古都商务网\n西安市商务局主办\n首页 | 机构概况\n正文", text="古都商务网")),
         ("工业互联网\n首页 | 机构概况", "湖南统计信息网\n当前位置：首页 > 统计分析\n", "正文第一段。\n工业网\n首页")),
    Rule("ent.org.latin", "entity", "a body's English or Portuguese name: capitalised words ending in, or "
         "opening with, a word for a body (National Energy Administration, Ministry of Finance)", None,
         (ex("国家能源局\nNational Energy Administration\n首页", text="National Energy Administration", type="ORG"),
          ex("财政部 Ministry of Finance", text="Ministry of Finance"),
          ex("Jiangxi Provincial Department of Civil Affairs", text="Jiangxi Provincial Department of Civil Affairs"),
          ex("霍山县人民政府 HUOSHAN COUNTY PEOPLE'S GOVERNMENT", text="HUOSHAN COUNTY PEOPLE'S GOVERNMENT"),
          ex("China Railway Chengdu Group Co., Ltd. 版权所有", text="China Railway Chengdu Group Co., Ltd."),
          ex("Direcção dos Serviços de Estatística e Censos", text="Direcção dos Serviços de Estatística e Censos")),
         ("All Rights Reserved", "Essential Science Indicators")),
    Rule("ent.org.domain", "entity", "a site's domain name (GOV.MO; not a page's address)", None,
         (ex("來源:GOV.MO", text="GOV.MO", type="ORG"),), ("版本3.5.1", "网址:www.stats.gov.cn")),
    Rule("ent.org.quoted", "entity", "a body named in quotes as who publishes a list or a report (在「…评估中心」发布的)",
         None, (ex("在「环宇高教评估中心」发布的《2026世界大学排名》中", text="环宇高教评估中心", type="ORG"),
                ex("国际研究机构“环球城市发展研究院”最新发布的指数", text="环球城市发展研究院")),
         ("他在“创新中心”工作",)),
    Rule("ent.org.data_site", "entity", "a site named …网 that gives a clause's data (行旅网数据显示, 据行旅网数据)",
         None, (ex("行旅网数据显示,假期泉州酒店预订量同比增长46%", text="行旅网", type="ORG"),
                ex("据行旅網數據,黃金周期間澳門在出境遊熱門目的地中排名第二", text="行旅網")),
         ("互联网数据显示", "工业互联网发展迅速", "国家电网数据显示")),
    Rule("ent.org.linked_site", "entity", "a site named …网 among a page's links (| 中国林业网 | 云南网)", None,
         (ex("相关链接：国家林业和草原局　|　中国林业网　|　云南网", text="中国林业网", type="ORG"),
          ex("相关链接：国家林业和草原局　|　中国林业网　|　云南网", text="云南网")),
         ("首页 | 互联网 | 关于我们", "国家电网 | 南方电网")),
    Rule("ent.org.headed", "entity",
         "an office named right before its own head's title (统计分析司司长, 综合科副科长): a unit with no"
         " place before it",
         None, (ex("新闻发言人兼统计分析司司长林海鹰、综合业务司司长吴建平介绍", text="统计分析司", type="ORG"),
                ex("新闻发言人兼统计分析司司长林海鹰、综合业务司司长吴建平介绍", text="综合业务司"),
                ex("【新闻发言人、统计分析司司长 林海鹰】", text="统计分析司")),
         ("副局长王明表示", "市委副书记、副市长李华", "他曾任处长")),
    Rule("ent.org.abbreviation", "entity", "an abbreviation the release defines (以下简称“…”), wherever it recurs",
         None, (ex("重庆市经济和信息化委员会(以下简称“市经信委”)发布。市经信委表示", text="市经信委", type="ORG"),
                ex("晟川电气股份有限公司2024年报:晟川电气营业收入增长", text="晟川电气"),
                ex("经济及科技发展局（经科局）今日公布。经科局指出", text="经科局"))),
    Rule("drop.org.standalone_only", "drop", "a digits-only name (360) counts only between separators", None,
         (ex("360度全景", text="360"), ex("就業安排｜45,360｜39,780", text="360"))),
    Rule("drop.org.not_on_word_edge", "drop", "an organisation starts and ends on jieba word edges", None,
         (ex("省市级部门", text="省市级部"), ex("全省各级应急管理部门累计检查企业", text="应急管理部"))),
    Rule("drop.org.cuts_title", "drop", "an organisation never ends inside a title (副局 + 长)", None,
         (ex("市公安局长王明说", text="市公安局"),)),
    Rule("drop.org.generic", "drop", "a kind of body or a word that only ends like one (公立医院, 格局)", None,
         (ex("各级公立医院", text="各级公立医院"), ex("全国城市竞争力格局", text="全国城市竞争力格局"),
          ex("准确把握我国大学的发展", text="准确把握我国大学"), ex("不可在线办理", text="不可在线"),
          ex("各市气象台发布预警", text="各市气象台"), ex("在全国地方国资委中排名第5", text="全国地方国资委"),
          ex("在全国地方国资委中排名第5", text="国资委"), ex("在全国七个地区管理局辖区中", text="全国七个地区管理局"),
          ex("新增国家重点实验室2个、省实验室3个", text="省实验室"),  # a designation counted
          ex("全體本國銀行放款餘額為38兆元", text="全體本國銀行"), ex("各本國銀行均已達標", text="各本國銀行"),
          # a place and kinds of body only (香港公立医院; not 浙江大学, 香港中文大学)
          ex("公布香港公立醫院於冬季服務高峰期的數據", text="香港公立醫院"))),
    Rule("drop.org.unclosed", "drop", "a name never holds a bracket it does not close (发展规划处（学科建设办公室）: two)",
         None, (ex("发展规划处（学科建设办公室）处长", text="发展规划处（学科建设办公室"),), ("大众汽车(安徽)有限公司",)),
    Rule("drop.org.grows_left", "drop", "a name holding what stands before names (另加, 被) or a list: it starts later",
         None, (ex("另加复旦大学(第57名)", text="另加复旦大学"),)),
    Rule("drop.org.short_name_in_prose", "drop",
         "a short name (消防, 税务: organisations.yaml short_names) signs only at a line's start or after a field's colon",
         None, (ex("今年山东消防共接警3万起", text="山东消防"),), ("来源:湖南体彩",)),
    Rule("drop.org.government_term", "drop",
         "政府 before 采购, 债券 … is the adjective of a term, no body (organisations.yaml government_terms)", None,
         (ex("2024年长沙市政府采购规模达386.5亿元", text="长沙市政府"), ex("市本级政府采购规模", text="市本级政府")),
         ("长沙市政府发布通知",)),
)


# where a short name signs (来源:湖南体彩, 上一篇:合肥消防…, a line opening 湖南体彩讯): a line's start or a field's colon
_LINE_OR_FIELD_START = regex.compile(r"(?:^|[:：])[ \t　]*$", regex.MULTILINE)


class _Name(NamedTuple):
    """An organisation's name as a strong or weak pattern matched it."""

    start: int
    end: int
    body: str


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    orgs = lex.organisations
    known = [n for group in orgs["known"].values() for n in group]
    titles = [t for t in lex.titles if _POSITION_TITLE.match(t)]
    stop = or_regex([*orgs["body_stop_words"], *titles])
    strong_suffix, weak_suffix = or_regex(orgs["strong_suffixes"]), or_regex(orgs["weak_suffixes"])
    body_end = or_regex(orgs["body_end_words"])  # a stop word that is a noun right before the suffix
    # (or before a company's kind and its suffix: 关中建设控股集团, 城市建设投资有限公司)
    kind = r"(?:控股|投资|工程|发展|集团)?"
    body = rf"(?:(?!{stop})[\p{{Han}}A-Za-z0-9()（）]|(?:{body_end})(?={kind}{strong_suffix}))"  # 大众汽车(安徽)有限公司
    first = rf"(?![(（])"  # (四川日报: a name never starts with a bracket
    # a weak suffix needs an all-Han body (not 5G基站)
    han_body = rf"(?:(?!{stop})\p{{Han}}|(?:{body_end})(?={weak_suffix}))"
    max_body = orgs["max_body_chars"]
    left = or_regex(orgs["left_context"])
    # 川渝网 is no site in 川渝网信协作: 网 ends a site's name only before no word it begins
    bare = [w if w != "网" else "网(?![信络站民格点购上友吧页])" for w in orgs["bare_suffixes"]]
    # (消防, 体彩: a short name, not 税务部门 or 福彩中心)
    bare += [f"{w}(?!{or_regex(orgs['short_name_not_before'])})" for w in orgs["short_names"]]
    return {
        "known": regex.compile(or_regex(known)),
        # 粤港澳大湾区研究院, 21世纪经济研究院: a strong suffix after a clause edge or a head
        "strong": regex.compile(
            rf"{first}(?P<body>{body}{{{orgs['min_strong_body_chars']},{max_body}}}?){strong_suffix}"
            rf"(?!{or_regex(orgs['strong_suffix_not_before'])})"),
        "strong_suffix": regex.compile(strong_suffix),
        "clause_edge": regex.compile(rf"(?:(?<=^|[\s\p{{P}}\p{{S}}、]|{left})(?!{left}))", regex.MULTILINE),
        # 市政府, 区人大常委会: a head and a bare suffix, tried first (市政府和肃州区委 is two);
        # 市统计局, 重庆市委: a head, a body and a weak suffix
        "weak": regex.compile(
            rf"(?:{'|'.join(sorted(bare, key=len, reverse=True))})"
            rf"|(?P<body>{han_body}{{{orgs['min_weak_body_chars']},{max_body - 2}}}?){weak_suffix}"
            rf"(?!{or_regex(orgs['weak_suffix_not_before'])})"),
        "government_term": regex.compile(rf"(?<=政府)(?:{or_regex(orgs['government_terms'])})"),
        "short_name_end": regex.compile(rf"(?:{or_regex(orgs['short_names'])})$"),  # 山东消防
        "generic_body": regex.compile(f"(?:{or_regex(orgs['generic_modifiers'])})+"),
        "generic_pair": regex.compile(f"(?:{or_regex(orgs['generic_modifiers'])}){{2,}}"),
        # 全国地方国资委, 全国省会城市国资委: a known body's name after kinds of it names a kind
        "generic_known": regex.compile(f"(?:{or_regex(orgs['heads'])})?(?:{or_regex(orgs['generic_modifiers'])})+"
                                       f"(?:{or_regex(known)})"),
        "not_in_names": regex.compile(or_regex(orgs["not_in_names"])),
        "head_word": regex.compile(or_regex(orgs["heads"])),
        "any_suffix": regex.compile(or_regex([*orgs["strong_suffixes"], *orgs["weak_suffixes"],
                                              *orgs["bare_suffixes"], *orgs["short_names"]])),
        # a sub-unit's name is Han only: 华中科技大学 | (第94名)共10所大学 is no sub-unit
        "subunit": regex.compile(rf"{han_body}{{1,10}}{or_regex(orgs['subunit_suffixes'])}"),
        "left_trim": regex.compile(or_regex(orgs["left_trim"])),
        "after_left_trim": regex.compile(f"(?:{or_regex(orgs['left_trim'])})$"),
        "unit": regex.compile(or_regex(lex.unit_by_surface)),
        "position_title": regex.compile(or_regex(titles)),
        "list_joiner": regex.compile(or_regex(lex.joiners["list"])),
        "title": regex.compile(or_regex(lex.titles)),
    }


def _org(start: int, end: int, rule: str) -> EntityCandidate:
    return EntityCandidate(start=start, end=end, rule=rule, type="ORG")


def organisations(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> list[EntityCandidate]:
    """Every organisation candidate of a text (dropped ones name their rule)."""
    found = [*_known(norm, lex, word_edges), *_built(norm, lex, word_edges), *_domains(norm),
             *_source_fields(norm), *_mastheads(norm),
             *_quoted_publishers(norm), *_data_sites(norm), *_linked_sites(norm),
             *_latin_names(norm)]
    spans = {(c.start, c.end) for c in found}
    found += [c for c in _headed(norm) if (c.start, c.end) not in spans]  # a name the others missed
    return [*found, *_abbreviations(norm, found, lex)]


def _mastheads(norm: str) -> Iterator[EntityCandidate]:
    """A site's name alone on one of a page's first lines, with the navigation
    (首页 | …) at most a line below: the publisher's site, an organisation."""
    lines = list(_LINE.finditer(norm[:_MASTHEAD_CHARS]))[:_MASTHEAD_LINES]
    for i, line in enumerate(lines):
        if "。" in line.group():
            return  # the body has begun
        site = _MASTHEAD.fullmatch(line.group())
        if site and any(_NAVIGATION.match(later.group()) for later in lines[i + 1:i + 3]):
            yield _org(line.start() + site.start("name"), line.start() + site.end("name"), "ent.org.masthead")


def _quoted_publishers(norm: str) -> Iterator[EntityCandidate]:
    """A body named in quotes as who publishes a list or a report (在「环宇高教评估中心」
    发布的, 国际研究机构「环球城市发展研究院」最新发布): the name inside."""
    for m in _QUOTED_PUBLISHER.finditer(norm):
        yield _org(m.start("name"), m.end("name"), "ent.org.quoted")


def _data_sites(norm: str) -> Iterator[EntityCandidate]:
    """A site named …网 giving the data a clause reports (行旅网数据显示)."""
    for m in _DATA_SITE.finditer(norm):
        yield _org(m.start("name"), m.end("name"), "ent.org.data_site")


def _linked_sites(norm: str) -> Iterator[EntityCandidate]:
    """A site named …网 among a page's links (相关链接：国家林业和草原局 | 中国林业网 | 云南网): a cell
    of a line of three short cells or more, none of them prose."""
    for line in _LINE.finditer(norm):
        cells = list(_LINK_CELL.finditer(line.group()))
        if len(cells) < 3 or any(len(c.group()) > 16 or "。" in c.group() for c in cells):
            continue
        for cell in cells:
            if (site := _SITE_CELL.fullmatch(cell.group())) is not None:
                at = line.start() + cell.start()
                yield _org(at + site.start("name"), at + site.end("name"), "ent.org.linked_site")


def _headed(norm: str) -> Iterator[EntityCandidate]:
    """An office named right before its own head's title (统计分析司司长林海鹰)."""
    for m in _HEADED.finditer(norm):
        yield _org(m.start("name"), m.end("name"), "ent.org.headed")


def _source_fields(norm: str) -> Iterator[EntityCandidate]:
    """The office a page names as its source or author (来源:信息通信发展处,
    作者:宣传处): the whole field, when it ends like an office's unit."""
    for m in _SOURCE_FIELD.finditer(norm):
        key = next(k for k in ("org", "credit", "media", "asker") if m.group(k))
        yield _org(m.start(key), m.end(key), "ent.org.source_field")


def _known(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    standalone_only = set(lex.organisations["standalone_only"])
    for m in _patterns(lex)["known"].finditer(norm):
        if m.group() in standalone_only and not _standalone(norm, m.start(), m.end()):
            yield drop(_org(m.start(), m.end(), "ent.org.known"), "drop.org.standalone_only")
        elif (m.start() not in word_edges and not m.group().isascii()
              or m.group().endswith("部") and norm.startswith("门", m.end())):  # 应急管理部门: a department
            yield drop(_org(m.start(), m.end(), "ent.org.known"), "drop.org.not_on_word_edge")
        elif _KIND_BEFORE.search(norm, max(0, m.start() - 5), m.start()):
            yield drop(_org(m.start(), m.end(), "ent.org.known"), "drop.org.generic")  # 全国地方国资委
        elif _patterns(lex)["government_term"].match(norm, m.end()):
            yield drop(_org(m.start(), m.end(), "ent.org.known"), "drop.org.government_term")  # 市政府采购
        else:
            yield _org(m.start(), _extend(norm, m.end(), lex, word_edges), "ent.org.known")


def _built(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """Names built from a head or a clause edge, a body and a suffix.

    Only starts with a suffix in reach are tried (a name starts on a word
    edge, or right after 从/由/另加 ... that jieba glued to it)."""
    p = _patterns(lex)
    suffix_starts = sorted(m.start() for m in p["any_suffix"].finditer(norm, overlapped=True))
    reach = lex.organisations["max_body_chars"] + _MAX_HEAD_CHARS
    for pos in _name_starts(norm, lex, word_edges):
        i = bisect_right(suffix_starts, pos)
        if i == len(suffix_starts) or suffix_starts[i] > pos + reach:
            continue
        for rule, name in (("ent.org.strong", _strong(norm, pos, lex)), ("ent.org.weak", _weak(norm, pos, lex))):
            if name is None:
                continue
            end = _extend(norm, name.end, lex, word_edges)  # …集团 + 股份有限公司
            cand = _org(name.start, end, rule)
            if p["short_name_end"].search(norm, name.start, end) and not _LINE_OR_FIELD_START.search(
                    norm, max(0, name.start - 8), name.start):
                yield drop(cand, "drop.org.short_name_in_prose")  # 全省消防…: a field of work, not the signer
            elif p["government_term"].match(norm, end):
                yield drop(cand, "drop.org.government_term")  # 长沙市政府采购规模: a term, no body
            elif _grows_left(norm, name, lex):
                yield drop(cand, "drop.org.grows_left")  # 另加复旦大学: the name starts after 另加
            elif _UNCLOSED.search(norm, name.start, end):
                yield drop(cand, "drop.org.unclosed")  # 发展规划处（学科建设办公室: two bodies
            elif _cuts_title(norm, name.start, end, lex):
                yield drop(cand, "drop.org.cuts_title")  # 市公安局 + 局长
            elif (end not in word_edges and not _title_or_unit_at(norm, end, lex)
                  and not (rule == "ent.org.strong" and _suffix_glued(norm, name.start, end, lex, word_edges))):
                # not 市级部门's 部; but 县发改局 | 局长李镠 and 县住建局 | 机关党委书记 end there
                yield drop(cand, "drop.org.not_on_word_edge")
            elif _generic(norm, name, rule, lex):
                # 公立医院, 全国城市竞争力格局: a kind of body, or a word that only ends like one
                yield drop(cand, "drop.org.generic")
            else:
                yield cand


def _suffix_glued(norm: str, start: int, end: int, lex: Lexicons, word_edges: frozenset[int]) -> bool:
    """A strong suffix that jieba glued to a ranking word after it (澳门科技大学 | 大学排名):
    the name still ends where the suffix does; not in quotes (“全球最佳大学”排名 names a list)."""
    strong = _strong_suffixes(lex)
    return (_GLUED_AFTER.match(norm, end) is not None and (start == 0 or norm[start - 1] not in "“\"「『")
            and _ALL_HAN.fullmatch(norm, start, end) is not None
            and any(end - n in word_edges and norm[end - n:end] in strong for n in (2, 3, 4)))


@functools.cache
def _strong_suffixes(lex: Lexicons) -> frozenset[str]:
    return frozenset(lex.organisations["strong_suffixes"])


def _grows_left(norm: str, name: _Name, lex: Lexicons) -> bool:
    """The name holds, before its suffix, a word that stands before names
    (另加, 被), a closing bracket or a number (第94名)共10所大学), or a list
    joiner followed by a head (市政府和肃州区委)."""
    p = _patterns(lex)
    stop = name.end - 1
    for pos in range(name.start + 1, stop):
        ch = norm[pos - 1]
        if ch in ")）”\"" and "(" not in norm[name.start:pos - 1] and "（" not in norm[name.start:pos - 1]:
            return True
        if ch.isdigit() and not norm[pos].isdigit() and (p["unit"].match(norm, pos) or norm[pos] == "号"):
            return True  # 第94名)共10所大学, 紫阳大道99号…: a count or an address, not a name
    for m in p["left_trim"].finditer(norm, name.start, stop):
        if any(norm[m.start():m.start() + n] in lex.places and n > len(m.group())
               for n in _place_lengths(lex).get(norm[m.start()], ())):
            continue  # 将军澳医院: the word opens a place's name (将军澳), it stands before nothing
        if (m.start() == name.start or _heads_at(norm, m.end(), lex) or p["known"].match(norm, m.end())
                or m.group() in lex.organisations["left_trim_anywhere"]):
            return True  # 另據海關, 到最高人民检察院: a known name or a head starts after the word
    for m in p["list_joiner"].finditer(norm, name.start + 1, stop):
        if _heads_at(norm, m.end(), lex):
            return True
    return bool(p["position_title"].search(norm, name.start, stop))  # 区长陈清作政府


def _title_or_unit_at(norm: str, pos: int, lex: Lexicons) -> bool:
    """A title (局长) or an office's 机关 starts at `pos`."""
    return norm.startswith("机关", pos) or any(norm.startswith(t, pos) for t in titles_at(lex).get(norm[pos:pos + 1], ()))


def _strong(norm: str, pos: int, lex: Lexicons) -> _Name | None:
    """A strong-suffix name at `pos`, which is a clause edge or a head."""
    p = _patterns(lex)
    if not (_heads_at(norm, pos, lex) or p["clause_edge"].match(norm, pos)
            or p["after_left_trim"].search(norm, max(0, pos - 4), pos)):
        return None
    m = p["strong"].match(norm, pos)
    if m is not None:
        return _Name(pos, m.end(), m.group("body"))
    for length in _heads_at(norm, pos, lex):  # 省气象台, 县医院: a head is body enough
        suffix = p["strong_suffix"].match(norm, pos + length)
        if suffix is not None:
            weak = _weak(norm, pos, lex)  # 市统计局 stays the weak rule's
            return None if weak and weak.end == suffix.end() else _Name(pos, suffix.end(), norm[pos:pos + length])
    return None


def _weak(norm: str, pos: int, lex: Lexicons) -> _Name | None:
    """A head at `pos`, then a weak suffix (longest head first, as a regex
    alternation would backtrack)."""
    weak = _patterns(lex)["weak"]
    for length in _heads_at(norm, pos, lex):
        m = weak.match(norm, pos + length)
        if m:
            return _Name(pos, m.end(), m.group("body") or "")
    return None


@functools.cache
def _head_lengths(lex: Lexicons) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """Head words and unambiguous places: by first character, their lengths (longest first)."""
    heads = {*lex.organisations["heads"], *(n for n, p in lex.places.items() if not p.ambiguous)}
    by_first: dict[str, set[int]] = {}
    for word in heads:
        by_first.setdefault(word[0], set()).add(len(word))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in by_first.items()}, frozenset(heads)


def _heads_at(norm: str, pos: int, lex: Lexicons) -> list[int]:
    """Lengths of the heads that start at `pos`, longest first."""
    lengths, heads = _head_lengths(lex)
    return [n for n in lengths.get(norm[pos:pos + 1], ()) if norm[pos:pos + n] in heads]


def _standalone(norm: str, start: int, end: int) -> bool:
    """Digits-only names (360) stand between separators, never before a unit,
    and never as the digits after a thousands comma (45,360)."""
    before, after = norm[start - 1:start], norm[end:end + 1]
    if before in ",，" and norm[start - 2:start - 1].isdigit():
        return False
    return (before == "" or bool(_EDGE_BEFORE.match(before))) and (
        after == "" or after in "等和与及" or bool(_EDGE_BEFORE.match(after)))


def _cuts_title(norm: str, start: int, end: int, lex: Lexicons) -> bool:
    """A title starts inside [start, end) and runs past it (副局 + 长, 党组 + 成员)."""
    return any(
        norm.startswith(t, p) and p + len(t) > end
        for p in range(start, end) for t in titles_at(lex).get(norm[p], ())
    )


def _holds_title(norm: str, start: int, end: int, lex: Lexicons) -> bool:
    """A title starts inside [start, end) (机关党委书记白中心 is no sub-unit), not
    inside the unit's own suffix (国有资产监督管理委员会 holds no 委员)."""
    suffix = max((len(s) for s in lex.organisations["subunit_suffixes"] if norm.endswith(s, start, end)), default=0)
    return any(norm.startswith(t, p) for p in range(start, end - suffix) for t in titles_at(lex).get(norm[p], ()))


@functools.cache
def titles_at(lex: Lexicons) -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for t in lex.titles:
        by_first.setdefault(t[0], []).append(t)
    return {k: tuple(v) for k, v in by_first.items()}


def _extend(norm: str, end: int, lex: Lexicons, word_edges: frozenset[int]) -> int:
    """Grow an organisation over the sub-units written right after it
    (国家发展改革委 + 社会司): the longest unit ending on a word edge."""
    p = _patterns(lex)
    sub = p["subunit"]
    non_units = _non_units(lex)
    while True:
        trim = p["left_trim"].match(norm, end)  # a word (有), not the start of one (有限公司)
        if p["list_joiner"].match(norm, end) or (trim and trim.end() in word_edges):
            return end  # 市政府 | 和肃州区委: a list, not a sub-unit
        ends = [
            e for e in range(min(len(norm), end + 13), end, -1)
            if (e in word_edges or _title_or_unit_at(norm, e, lex))  # 宣教处 | 处长: jieba cuts 处处长
            and sub.fullmatch(norm, end, e) and not _holds_title(norm, end, e, lex)
            and norm[end:e] not in non_units  # 省营商办 | 交办的事项: a verb, no sub-unit
            and not norm.endswith(_NOT_SUBUNITS, end, e)  # 澳门大学三个学科: disciplines, no section
            and not _GLUED_AFTER.match(norm, e)  # 软科 | 中国大学排名: a ranking's name, no section
            and not _COUNT_AT.match(norm, end)  # 山东师范大学两所高校: a count of them, no section
        ]
        if not ends:
            app = _APP.match(norm, end)
            return app.end() if app else end
        end = ends[0]


@functools.cache
def _non_units(lex: Lexicons) -> frozenset[str]:
    """Words that end like a unit but name none (格局, 交办): organisations.yaml weak_suffix_words."""
    return frozenset(lex.organisations["weak_suffix_words"])


_COUNTED_AFTER = regex.compile(r"(?:\d+|[一二两三四五六七八九十]+)余?[个家所座](?!\p{Han})")  # (澳门大学三个学科: its own)
# 全国七个地区管理局, 三市检察院, 全国五大集结中心, 唐山三地法院: a count of bodies, no one body
_COUNTED = regex.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)余?[所家个市县地都省区]|[二两三四五六七八九十]大")
_NUMERALS = frozenset("一二两三四五六七八九十百0123456789")
_COUNT_AT = regex.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)余?[所个家座名位项]")
_UNCLOSED = regex.compile(r"[(（][^()（）]*$")
# Before a known body's name, words that make it a kind of body (地方国资委, 省会城市国资委, 各级海关)
_KIND_BEFORE = regex.compile(r"(?:地方|各级|各地|省会城市|副省级城市)$")


def _generic(norm: str, name: _Name, rule: str, lex: Lexicons) -> bool:
    orgs = lex.organisations
    p = _patterns(lex)
    # (市三级公立医院: a head before two kinds of body names none either, where 省儿童医院 is one;
    # 全球2500余所大学: a count)
    body = p["head_word"].sub("", name.body, count=1) if p["head_word"].match(name.body) else ""
    if p["generic_known"].fullmatch(norm, name.start, name.end):
        return True
    if _COUNTED_AFTER.match(norm, name.end):
        return True  # 新增国家重点实验室2个, 区域医疗中心5个: a designation counted, no one body
    if name.body and (p["generic_body"].fullmatch(name.body) or p["generic_pair"].fullmatch(body)
                      or p["not_in_names"].search(name.body) or _COUNTED.search(name.body)
                      or (_placed_kind(name.body, lex) and not norm.endswith(_NAMED_SCHOOLS, name.start, name.end))):
        return True
    return rule == "ent.org.weak" and norm.endswith(tuple(orgs["weak_suffix_words"]), name.start, name.end)


# a school is named by its place and what it is (澳门城市大学, 北京城市学院): a name, never a kind
_NAMED_SCHOOLS = ("大学", "学院")


def _placed_kind(body: str, lex: Lexicons) -> bool:
    """A place and kinds of body only (香港公立医院, 湖南三级医院): the kind of
    body found there, no one body (浙江大学, 香港中文大学: names)."""
    generic = _patterns(lex)["generic_body"]
    return any(body[:n] in lex.places and generic.fullmatch(body, n) for n in range(min(len(body) - 1, 8), 1, -1))


def _name_starts(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> list[int]:
    """Where an organisation's name may start: a head (a place, 省, 国家 ...) on a
    word edge, the first character after punctuation, a space or 由/从 ...,
    or right after a word that stands before names (另加, 被)."""
    heads = _patterns(lex)["head_word"]
    head_chars = {h[0] for h in lex.organisations["heads"]}
    starts = {
        pos for pos in word_edges
        if pos == 0 or _is_edge_char(norm[pos - 1])
        or (norm[pos:pos + 1] in head_chars and heads.match(norm, pos)
            and not norm[pos - 1:pos] in _NUMERALS)  # 三市检察院: a count of cities, no 市检察院
        or place_at(norm, pos, lex)
    }
    left_context = set(lex.organisations["left_context"])
    left_trim = _patterns(lex)["left_trim"]
    # (被告中山市…公司: the word is 被告, no name starts after its 被)
    starts.update(i + 1 for i, ch in enumerate(norm)
                  if ch in left_context and not ((w := left_trim.match(norm, i)) and w.end() > i + 1))
    starts.update(m.end() for m in left_trim.finditer(norm))
    return sorted(s for s in starts if s < len(norm))


@functools.cache
def _is_edge_char(ch: str) -> bool:
    """Whitespace, punctuation or a symbol (| between footer links): a name may start after it."""
    return bool(_EDGE_BEFORE.match(ch))


@functools.cache
def _place_lengths(lex: Lexicons) -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of places starting with it, longest first."""
    by_first: dict[str, set[int]] = {}
    for name in lex.places:
        by_first.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in by_first.items()}


def place_at(norm: str, pos: int, lex: Lexicons) -> bool:
    return any(norm[pos:pos + n] in lex.places for n in _place_lengths(lex).get(norm[pos:pos + 1], ()))


def place_lengths(lex: Lexicons) -> dict[str, tuple[int, ...]]:
    return _place_lengths(lex)


# A body's English (or Portuguese) name, as bilingual sites write it beside the Chinese one: capitalised
# words ending in a word for a body (National Energy Administration, HUOSHAN COUNTY PEOPLE'S GOVERNMENT,
# China Railway Chengdu Group Co., Ltd.), or opening with one (Ministry of Finance, Direcção dos Serviços
# de Estatística e Censos)
_LATIN_WORD = r"(?=\p{Latin})\p{Lu}[\p{Latin}'’\-]*\.?"
_LATIN_JOIN = r"of|and|the|for|on|&|de|dos|das|da|do|e"
_LATIN_BODY = (r"Administration|Ministry|Association|Authority|Bureau|Department|Commission|Office|Council"
               r"|Government|Corporation|Company|Group|Institute|University|Bank|Agency|Services?|Centre|Center"
               r"|Federation|Committee|Board|Observatory|Foundation|Society|Academy|Exchange|Court|Laboratory")
_LATIN_ORG = regex.compile(
    rf"(?<!\p{{Latin}})(?:{_LATIN_WORD})(?: (?:{_LATIN_WORD}|{_LATIN_JOIN})){{0,7}}? (?i:{_LATIN_BODY})"
    # (Jiangxi Provincial Department of Civil Affairs: what the body is of)
    rf"(?: (?:of|for)(?: the)? {_LATIN_WORD}(?: (?:and|&) {_LATIN_WORD}| {_LATIN_WORD}){{0,4}})?"
    rf"(?:,? (?:Co\., ?Ltd\.|Limited|LIMITED|Ltd\.))?(?!\p{{Latin}})"
    rf"|(?<!\p{{Latin}})(?:Ministry|Department|Bureau|Office|Direcção|Direção|Instituto|Gabinete)"
    rf"(?: (?:{_LATIN_JOIN}|Serviços|{_LATIN_WORD})){{0,6}}? (?:{_LATIN_JOIN}) {_LATIN_WORD}"
    rf"(?: (?:{_LATIN_JOIN}) {_LATIN_WORD}| {_LATIN_WORD}){{0,4}}(?!\p{{Latin}})")


def _latin_names(norm: str) -> Iterator[EntityCandidate]:
    for m in _LATIN_ORG.finditer(norm):
        yield _org(m.start(), m.end(), "ent.org.latin")


def _domains(norm: str) -> Iterator[EntityCandidate]:
    for m in _DOMAIN.finditer(norm):
        if m.group().lower().startswith("www.") or m.group().count(".") > 1:
            continue  # a page's address (www.stats.gov.cn, a.b.com), not a site's name (GOV.MO)
        yield _org(m.start(), m.end(), "ent.org.domain")


def _abbreviations(norm: str, found: Iterable[EntityCandidate], lex: Lexicons) -> Iterator[EntityCandidate]:
    """`X(以下简称“Y”)` after an organisation X: Y there and wherever it
    recurs; and a company named in full (晟川电气股份有限公司) by the short
    name releases use for it later (晟川电气)."""
    alive = [c for c in found if c.alive]
    ends = {c.end for c in alive}
    abbrs = {m.group("abbr").strip() for m in _ABBREVIATION.finditer(norm) if m.start() in ends}
    # 经济及科技发展局（经科局）: a short name in brackets made of the name's own characters, in order
    abbrs |= {m.group("abbr") for c in alive if (m := _BRACKET_ABBREVIATION.match(norm, c.end))
              and _subsequence(m.group("abbr"), norm[c.start:c.end]) and len(m.group("abbr")) < c.end - c.start}
    abbrs |= {short for c in alive if (short := _short_company_name(norm[c.start:c.end], lex))}
    if not abbrs:
        return
    for m in regex.finditer(or_regex(abbrs), norm):
        yield _org(m.start(), m.end(), "ent.org.abbreviation")


_QUOTED_PUBLISHER = regex.compile(
    r"[「“\"](?P<name>[^「」“”\"\n]{2,14}?(?:中心|研究院|研究所|研究会|协会|学会|联盟|组织|机构|基金会|委员会|智库|实验室"
    r"|集团|公司|大学|学院))[」”\"](?=\p{Han}{0,3}?(?:发布|公布|发表|推出|评选|编制))")
# a site named …网 that opens a clause, or follows 据, and gives data (行旅网数据显示, 据行旅网数据);
# not the net itself (互联网, 物联网, 电网) nor a page's own site (官网)
_DATA_SITE = regex.compile(r"(?:(?<=^|[\s,，。;；:：“])|(?<=据))(?P<name>(?!据|根据)\p{Han}{2,4}?(?<!互联|物联|局域|因特|官|上|电)网)"
                           r"(?=数据|发布|监测|统计)", regex.MULTILINE)
# the cells of a line of links (bars are spaces in the normalised text) and a site among them
_LINK_CELL = regex.compile(r"[^\s｜]+")
_SITE_CELL = regex.compile(r"(?:[^:：]{1,8}[:：])?(?P<name>\p{Han}{2,10}?(?<!互联|物联|局域|因特|官|电)网)")
# a masthead: a site's name alone on a line among a page's first lines, its navigation below
_MASTHEAD = regex.compile(r"[ \t\u3000]*(?P<name>\p{Han}{2,12}?(?<!互联|物联|局域|因特|官|电)[网網])[ \t\u3000]*")
_NAVIGATION = regex.compile(r"[ \t\u3000]*首[页頁](?:[ \t\u3000|｜]|$)")
_MASTHEAD_LINES, _MASTHEAD_CHARS = 4, 400
_NOT_SUBUNITS = ("学科", "部署", "签署")  # (省委省政府决策部署: a verb ending like an agency, 署)
_GLUED_AFTER = regex.compile(r"排名|排行|位列|位居")  # jieba's 大学排名, 医院排行
_ALL_HAN = regex.compile(r"\p{Han}+")  # ends like a section (科) but names a university's discipline
_BRACKET_ABBREVIATION = regex.compile(r"[(（](?P<abbr>\p{Han}{2,6})[)）]")


def _subsequence(short: str, name: str) -> bool:
    """Whether `short`'s characters occur in `name` in order (经科局 in 经济及科技发展局)."""
    rest = iter(name)
    return all(ch in rest for ch in short)


_COMPANY_FORM = regex.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司|股份公司)$")
_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]")


def _short_company_name(name: str, lex: Lexicons) -> str | None:
    """晟川电气股份有限公司 -> 晟川电气; 重庆长安汽车股份有限公司 -> 长安汽车;
    曲江新能源汽车有限公司 -> 曲江新能源汽车 (a county or a landform leading the
    name is its brand: without it the name is a trade, 新能源汽车)."""
    short = _BRACKETED.sub("", _COMPANY_FORM.sub("", name))
    if short == name:
        return None
    for length in range(min(8, len(short) - 2), 1, -1):  # a leading province or city: 重庆 | 长安汽车
        place = lex.places.get(short[:length])
        if place is not None and place.level in ("province", "prefecture"):
            short = short[length:]
            break
    return short if len(short) >= 3 and short not in lex.places else None
