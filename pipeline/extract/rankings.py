"""Rankings: positions (第N), top-N (前N, N强), tiers (第N梯队) and changes (上升N位).

Patterns are built once from lexicons/rankings.yaml and the gazetteer (a
place is a scope too: 排杭州第一, 摘取亚洲头名). After a match, list
continuations are read item by item (位居全国第八、西部第一; 分别位居第十四、
十五、十八、十九名; 分列16位和19位), each item keeping its own scope or carrying
the first one's. Positions stated without a verb (南京第4、苏州第5; 北京大学
(第12名)) are read as enumerations. Scopes written elsewhere in the clause
or sentence are filled in by `ranking_scope`.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

import regex

from ..candidates import RankingCandidate, drop, longest_first, unsuppressed
from ..fragments import compiled
from ..lexicons import Lexicons, or_regex
from ..offsets import LINE as _LINE
from ..numerals import parse_number
from ..rules import Rule, ex
from .context import Blocker, Context
from .ranking_scope import AREA_PARTS, Scoper, place_around, place_before, place_scope, scope_as_written

# A list item is a position like the first (位居全国第八、西部第一), never the
# start of an amount (第一、300家企业) or of 第一、二产业.
# (a numeral with neither 第 nor 位/名 ends its item: 六都第1 is no item 六)
_ITEM = (r"(?P<scope2>{scope})?(?:第(?P<n2>{rank_number})(?:{position_suffix})?"
         r"|(?P<n2>{rank_number})(?:{position_suffix}|(?=[、和及与,，。;；)）\s]|$)"
         r"|(?=[-—－~～]\d{1,4}(?:{position_suffix}))))"  # (及第1001-1200位: a band's start)
         r"(?!{not_rank}|[“\"]?{tier}|[%‰.]|{unit})")
# A scope may hold numerals: 六区两县第1位 (whose counts are quantities too).
_COUNTED_SCOPE = r"(?:(?:{cn_count}+|\d{1,3})个?(?:省|市|区|县|旗|镇|乡|州|盟)){1,3}"

_POSITION = r"""
    (?:在(?P<scope_pre>{scope}))?
    (?P<trig>{trigger}|以(?=第{rank_number}(?:{position_suffix})))?
    (?:(?P<scope>{scope})(?:{ranked_class}|""" + _COUNTED_SCOPE + r""")?|(?P<counted>""" + _COUNTED_SCOPE + r"""))?
    (?P<board>(?<={trigger}|^|[,，、])\p{Han}{1,4}?榜(?:(?:和|与|及|、)\p{Han}{1,4}?榜){0,3}(?:双|均)?)?
    第(?P<n>{rank_number})(?P<suffix>{position_suffix}|大(?=\p{Han}))?
    (?!{not_rank}|[“"]?{tier})
    """
_BOARD = regex.compile(r"[^和与及、双均]{1,4}?榜")  # one of the boards of 金牌榜和奖牌榜第一
_BARE_POSITION = r"""
    (?:(?P<trig>{bare_trigger})(?P<scope>{scope})?(?P<n>{rank_number})(?:{range}(?P<n2>{rank_number}))?
      |(?P<trig>{band_trigger})(?P<scope>{scope})?(?P<n>{rank_number}){range}(?P<n2>{rank_number}))(?:位|名)
    (?!次|{list_name})
    """
_BARE_ITEM = r"(?:、|和|及|与)第?(?P<n2>{rank_number})(?:位|名)"
# 获得世界冠军11个、亚洲冠军19个: titles counted are no placing
_COUNTED_AFTER = r"(?!\d|[一二两三四五六七八九十]+[个项枚次])"
# 获得男子10米气步枪冠军: a title after a ranking verb, a few words between
_TITLE = r"(?P<trig>{trigger})(?P<scope>{scope})?[^,，。;；、]{0,12}?(?P<title>冠军|亚军|季军)" + _COUNTED_AFTER
_TITLE_RANK = {"冠军": 1, "亚军": 2, "季军": 3}
# 获得男子全程马拉松第四名: a place in an event won, the event's name between the verb and the place
_EVENT_PLACE = r"(?P<trig>获得|夺得|取得|摘得)(?P<scope>{scope})?[^,，。;；、\d第]{1,12}?第(?P<n>{rank_number})名"
_ENUMERATION_ITEM = r"\p{Han}{2,8}?第(?P<n>{rank_number})(?:{position_suffix})?(?!{not_rank}|[%‰.]|{unit})"
# 其中南京第4、苏州第5: two or more positions stated without a verb
_ENUMERATION = (r"(?:(?<=^|[\s,，;；:：(（])|(?<=其中))(?:" + _ENUMERATION_ITEM + r"、)+"
                + _ENUMERATION_ITEM + r"(?=[、,，;；。)）\s]|$)")
_BRACKET = r"(?<=\p{Han})[(（]第(?P<n>{rank_number})(?:{position_suffix})[)）]"
# 由2022年的第45位、2023年的第40位和2024年的第37位升至今年的第31位: a year's position
_DATED_POSITION = (r"(?<=(?:(?:19|20)\d\d|{cn_digit}{4})年度?的|(?:今年|去年|上年|本年|当年|前年)的)"
                   r"第(?P<n>{rank_number})(?:位|名)")
# 第一名为郑州，第二名为洛阳: a clause naming who holds a position
_NAMED_POSITION = r"(?:(?<=^|[\s,，。;；:：])|(?<=其中))第(?P<n>{rank_number})名(?=为|是|[:：])"
# 「政府效能」第8名: a quoted indicator and its position, no verb between
_QUOTED_POSITION = r"(?<=[”」』][,，]?)第(?P<n>{rank_number})(?:{position_suffix})(?!{not_rank}|[%‰.]|{unit})"
_TOP = r"""
    (?P<trig>{trigger})?(?P<edition>(?<={trigger})(?:19|20)\d\d年度?)?
    (?:(?P<scope>{scope})(?:{ranked_class}
      |(?<={trigger}(?:(?:19|20)\d\d年度?)?{scope})(?!地区)(?P<filler>(?:(?!{trigger})\p{Han}){1,10}?))?)?
    (?:(?<={trigger})(?:(?!{trigger})[^\s\p{P}\d前]){1,6}?榜单?)?  # a chart after the verb: 进入畅销榜前十
    (?:前(?P<n>{rank_number})(?P<suffix>{top_suffix})?(?![个天日月年周季%‰])
      |(?:TOP|Top|top)[ ]?(?P<latin>\d{1,3})(?![\d%])
      |(?<={scope})(?P<jia>[一二三四五六七八九十])甲(?!医院|等|级)
      |首(?P<first_n>\d{1,3}|{cn_count}{1,3})(?:(?P<suffix>名|位)|大(?!\p{Han}{0,2}[所个家]))
    )"""
# 全省县域经济十强: what is ranked may stand between the scope and the N强
_STRONG = r"""
    (?P<trig>{trigger})?(?:(?P<year>(?<=\S)(?:\d{4}|[〇零一二三四五六七八九]{4})年度?)?
    (?P<scope>{scope})(?:{ranked_class}|(?P<filler>(?:(?![有是为在和与及共])\p{Han}){1,6}?))?)?
    [“"]?(?<!前|\d)(?P<n>\d{1,4}|{cn_count}{1,3})强[”"]?
    """
_TIER = r"""
    (?P<trig>{trigger})?(?:(?P<scope>{scope})(?:{ranked_class})?)?
    [“"]?第(?P<n>{rank_number})(?:{tier})[”"]?
    """
_CHANGE = r"""
    (?:(?P<up>{rank_up})|(?P<down>{rank_down}))了?
    (?P<n>{rank_number})(?:{change_suffix}|个(?=、|和|及|与)|(?=(?:至|到)(?:{rank_number})(?:{change_suffix})))
    """
# (前移1至2位: a range of changes, both its ends)
_CHANGE_ITEM = r"(?:、|和|及|与|至|到)(?P<n2>{rank_number})(?:{change_suffix}|个(?=、|和|及|与))"
_FROM_TO = r"""
    (?:从|由|自)(?:(?P<when>[\p{Han}\d\-—－]{1,8}?)的?)??(?P<scope>{scope})?第?(?P<n>{rank_number})
    (?:{range}(?P<n_end>{rank_number}))?(?:位|名)
    \p{Han}{0,5}?(?:至|到|为)(?:{scope})?第?(?P<n2>{rank_number})(?:{range}(?P<n2_end>{rank_number}))?(?:位|名)
    """
# 较上年的第67位大幅提升: where a move started, with no end after 至 (else _FROM_TO reads both)
_FROM_MOVED = r"""
    (?:较|由|从)(?:(?P<when>[\p{Han}\d\-—－]{1,8}?)的)?(?P<scope>{scope})?第(?P<n>{rank_number})(?:位|名)
    (?=\p{Han}{0,3}?(?:{rank_up}|{rank_down}))
    (?!\p{Han}{0,6}?(?:至|到|为)(?:{scope})?第?(?:{rank_number})(?:位|名))
    """
# 居首 (Taiwan: 居冠) holds its own verb: 涨幅在八大类中居首 needs no other
# 居出口商品首位: after a verb of placing, the class ranked in may stand alone
# (居全国非遗体验类目首位: after a verb and a scope, what is ranked may stand before 首位)
_FIRST_PLACE = (r"(?P<trig>{trigger})?(?:(?P<scope>{scope})(?:{ranked_class}"
                r"|(?<=(?:{trigger}|为){scope})(?!地区)(?:(?!{trigger}|[首第前])\p{Han}){1,8}?(?=首位|榜首|之冠|之首))?"
                r"|(?:(?<=居|{field_trigger})|(?<=为)(?=各))(?P<field>(?:全部|所有|各)?[^\s\p{P}\d第前首]{1,6}?)"
                r"(?=首位|榜首|之冠|之首))?"
                r"(?:(?P<trig2>{first_place_verb})|{first_place})"
                + _COUNTED_AFTER)
_SECOND_PLACE = (r"(?P<trig>{trigger})?(?:(?P<scope>{scope})(?:{ranked_class})?)?(?:{second_place})"
                 r"|(?P<trig2>位居|居|列)次(?=[,，。;；、])")

# 位居168个重点城市首位, 位列增速前三: a verb of placing, then the counted class
# ranked in or the measure ranked by (a scope word first, if any), then the
# position or the top-N. Any words there would do worse: the held-out sets lost
# 0.01-0.03 ranking F1 when they did.
_FIELD = r"""
    (?P<trig>{field_trigger}|居(?!民|住))
    (?P<field>(?:{scope}|(?P<place>\p{Han}{2,6}?))?(?:\d{1,4}|{cn_count}{1,3})个\p{Han}{0,8}?(?:[(（][^()（）]{1,8}[)）])?
      |(?:{scope})?[\p{Han}A-Za-z]{0,8}?(?:量|率|额|增速|幅度|指数|总量|规模|总数|总分|得分|热度|单产|亩产|评价)
      |[\p{Han}A-Za-z]{1,8}?(?:[(（][^()（）]{1,10}[)）])?(?:组|类)
      |(?!{scope}|全部|各)[\p{Han}A-Za-z]{1,8}?(?:商品|产品|税种|目的地)(?=第|前)  # 位列进口商品前三, 热门目的地前三
      |(?:省会城市|副省级城市|地级市|县级市|同类城市|计划单列市|中心城市|省份))  # 进入省会城市前十: peers, no scope
    (?:第(?P<n>{rank_number})(?:{position_suffix})?(?!{not_rank}|[%‰.]|{unit}|[“"]?{tier})
      |(?P<first>首位|榜首)
      |前(?P<top>{rank_number})(?:{top_suffix})?(?![个天日月年周季%‰]|{rank_number}))
    """
RULES: tuple[Rule, ...] = (
    Rule("rank.position", "ranking", "a stated position 第N after a ranking verb or a scope", _POSITION,
         (ex("每万人拥有5G基站数超19个,位列全国第7", text="位列全国第7", rank=7, scope="全国", basis="position"),
          ex("在全国31个省(区、市)中排名第9", rank=9, scope="全国"),
          # (中心's 中 closes no frame; 五大集结中心 counts bodies, it names none)
          ex("西安集结中心在全国五大集结中心综合评价中排名第一", rank=1, scope="全国"),
          ex("在北太平洋秋刀鱼主要捕捞国家及地区中排名第二", rank=2, scope="北太平洋"),
          ex("在中原城市群30个城市中排名第1", rank=1, scope="中原城市群"),  # the area's part as written
          # a field read as an organisation's name is those ranked, a class of bodies, when it fills the frame
          ex("郑商所成交量在全球衍生品交易所中排名第9位", rank=9, scope="全球"),
          ex("12345热线在北方省会城市中位居第一", rank=1, scope="北方"),  # 北方: an area, as 南方
          ex("海洋生产总值增长9.3%,在沿海11个省(区、市)中增速排名第一", rank=1, scope="沿海"),  # the coast, an area
          # a frame opening its sentence holds for a later clause with no subject of its own
          ex("在全港18區中,灣仔區的收入中位數為46,500元,排名第一", rank=1, scope="全港"),
          # what is ranked between the verb and the place, no scope written
          ex("票房达2.6亿元,位列年度国产动画电影票房第五名", text="位列年度国产动画电影票房第五名", rank=5,
             scope=None),
          # a frame naming a place's part and its members (ranking_scope: 在X…中)
          ex("综合指数在渝东北片区11个区县中排名第2。", rank=2, scope="渝东北片区"),
          ex("预警平台覆盖率在长江流域9省市中排名第1", rank=1, scope="长江流域"),
          ex("在陕西省入围县(市)中居第二,仅次于神木市", rank=2, scope="陕西省"),  # the place as written
          ex("在中国内地上榜的222所高校中位列第37位", rank=37, scope="中国内地"),  # the place, not who is ranked
          ex("在2024年度全国5A级景区品牌影响力100强榜单中,黄山风景区位列第2位", text="位列第2位", rank=2,
             scope="全国"),  # an edition's year before the frame's scope
          ex("在中国旅游研究院日前发布的全国景区品牌影响力榜单中,黄山风景区位列第2位", text="位列第2位", rank=2,
             scope="全国"),  # who published the list, before the frame's scope
          ex("U.S. News排名：中国内地高校第46名", rank=46, scope="中国内地"),  # the place around 国内
          ex("农村居民人均可支配收入在四川省21个市(州)中排第8位", rank=8, scope="四川省"),
          ex("我省民航旅客吞吐量在西南地区位居第二", rank=2, scope="西南地区"),  # 西南: a word too
          ex("在全球190多个经济体中排名第十二;在亚洲则位列第二", text="在亚洲则位列第二", rank=2, scope="亚洲"),
          ex("香港在亚太区排名第一", text="在亚太区排名第一", rank=1, scope="亚太区"),  # 区 after a region
          ex("在全球创新指数中排名第11位", text="排名第11位", rank=11, scope=None),  # an index's name
          ex("中西部地区中,四川增速居第一", rank=1, scope="中西部地区"),  # a frame opening a clause, no 在
          # ... for its own clause or the one right after it: a later one with its own subject is out of it
          ex("在全省122个县市区中分列第一、第二、第四位,岳麓区排名第九", text="排名第九", rank=9, scope=None),
          ex("综合评价位居全国第12位", text="位居全国第12位", rank=12),
          ex("排名上升到第7名", text="升到第7名", rank=7),
          ex("「企業效能」维持第4名", text="维持第4名", rank=4),
          ex("获浙江省第三", rank=3, scope="浙江省"),
          ex("这一成绩位列本赛季世界第五、亚洲第一", text="亚洲第一", rank=1, scope="亚洲"),
          ex("港股总市值重返全球第五位、亚洲第三位", text="亚洲第三位", rank=3, scope="亚洲"),  # no verb before
          ex("中国大陆排名第16名、韩国第27名", text="韩国第27名", rank=27, scope=None),  # the place is ranked
          ex("居全国第8位、长三角地区第2位", text="长三角地区第2位", rank=2, scope="长三角地区"),  # as written
          ex("桃园市居全国第2、六都第1", text="六都第1", rank=1, scope="六都"),
          # a place and the class ranked in it (a place's part as written)
          ex("ESI前1%学科数量居安徽省高校第3位", text="居安徽省高校第3位", rank=3, scope="安徽省"),
          ex("航线数量保持中国北方港口第一", rank=1, scope="中国北方"),
          ex("材料科学与工程学科位于全球第76—100名区间", text="位于全球第76", rank=76, scope="全球"),
          ex("皖源能源控股集团以第69位继续领跑", text="以第69位", rank=69),
          ex("综合排名列六区两县第1位", rank=1, scope="六区两县"),
          ex("数量较上年增加1座,居中部六省第2位", rank=2, scope="中部"),
          ex("赣州市代表团获得金牌136枚,位列金牌榜第二", rank=2, scope=None),
          ex("南昌市代表团位列金牌榜和奖牌榜第一", text="奖牌榜第一", rank=1),
          ex("南昌代表团位列金牌榜、奖牌榜双第一", text="奖牌榜双第一", rank=1),
          ex("位列全国师范类高校第12位", text="位列全国师范类高校第12位", rank=12, scope="全国"),
          ex("该指标全球排名第1", text="排名第1", rank=1, scope="全球"),  # jieba's one word 全球排名
          ex("香港在《世界競爭力年報》中排名第五", text="排名第五", rank=5, scope=None),  # a title's word is none
          # a place opening its clause, soon after another placing: one more of the series (ranking_scope)
          ex("巩义市位列全国第21位,为我省最高;新郑市第34位,较上年上升5位", text="第34位", rank=34, scope=None),
          # a ranked class holds no verb of placing nor a scope (全市柑橘产量居全省第二: 全省, not 全市)
          ex("全市柑橘产量居全省第二", text="居全省第二", rank=2, scope="全省")),
         ("五是第三方评价持续向好", "第一产业增加值", "第三十二期", "名列全国第10000位", "其中南京第4、苏州第5", "排名杭州区第一")),
    Rule("rank.position.item", "ranking", "a further position in a list after a position (、西部第一, 、省属高校首位)",
         _ITEM, (ex("分别位居第十四、十五名", text="十五名", rank=15, scope=None),
                 ex("学校综合排名位居全国高校第35位、安徽省属高校首位", text="安徽省属高校首位", rank=1),
                 ex("数量居全省第二、皖北六市第一", text="皖北六市第一", rank=1, scope="皖北"),  # led by a place
                 ex("分别位列第701-750位及第1001-1200位区间", text="第1001", rank=1001)),  # a later band's start
         ("第一、二产业", "数量居全国第2、六都", "其中南京第4、苏州第5")),
    Rule("rank.bare_position", "ranking", "N位/N名 without 第 after 分列/位列 (分列16位和19位: two positions)",
         _BARE_POSITION, (ex("两市分列16位和19位", text="分列16位", rank=16, basis="position"),
                          ex("在世界大学学术排名中位列全球201-300名", text="300名", rank=300, scope="全球"),
                          ex("排名区间跃升至201-300名", text="跃升至201", rank=201)),
         ("共有16位专家",)),
    Rule("rank.field.item", "ranking", "a further position in a list after a field's (第4位和第6位), in that field",
         _ITEM, (ex("年降水量分别居湖南省14个市州第4位和第6位", text="第6位", rank=6, scope="湖南省"),),
         ("居湖南省14个市州前三",)),
    Rule("rank.bare_position.item", "ranking", "a further bare position in a list (分列16位和19位)", _BARE_ITEM,
         (ex("两市分列16位和19位", text="19位", rank=19, basis="position"),)),
    Rule("rank.enumeration", "ranking", "positions stated without a verb, one after another (南京第4、苏州第5)",
         _ENUMERATION, (ex("其中南京第4、苏州第5", text="第5", rank=5, scope=None, basis="position"),),
         ("第一、二产业",)),
    Rule("rank.bracket", "ranking", "a position in brackets after a name (北京大学(第12名)); the sentence's scope",
         _BRACKET, (ex("清华大学位居全球第11名,北京大学(第12名)", text="(第12名)", rank=12, scope="全球"),)),
    Rule("rank.quoted", "ranking", "a position right after a quoted indicator, no verb between (「政府效能」第8名)",
         _QUOTED_POSITION, (ex("「政府效能」第8名,前進3名", text="第8名", rank=8, scope=None, basis="position"),),
         ("“十四五”第一年", "“两会”第3天")),
    Rule("rank.dated_position", "ranking", "a year's position, one of a series (2023年的第40位和2024年的第37位)",
         _DATED_POSITION, (ex("综合排名由2022年的第45位、2023年的第40位和2024年的第37位升至今年的第31位",
                              text="第40位", rank=40, scope=None, basis="position"),)),
    Rule("rank.named_position", "ranking", "a clause naming who holds a position (第一名为郑州,第二名为洛阳)",
         _NAMED_POSITION, (ex("第一名为郑州,第二名为洛阳", text="第二名", rank=2, scope=None, basis="position"),),
         ("获得第一名的是", "比赛第一名奖金")),
    Rule("rank.place_list", "ranking", "第一大 after places: one position per place (江苏、福建第一大)", None,
         (ex("分别是江苏、福建第一大经济总量城市", text="江苏", rank=1, scope="江苏"),)),
    Rule("rank.top", "ranking", "a top-N (进入全国前十, 前五名, 前三甲)", _TOP,
         (ex("总量进入全国前十", text="进入全国前十", rank=10, scope="全国", basis="top"),
          ex("北京、上海、深圳位列前三甲", rank=3, scope=None, basis="top"),
          ex("全省景区客流量TOP5依次为", text="TOP5", rank=5, scope="全省"),
          ex("成功进入全国创新型城市前五十", text="进入全国创新型城市前五十", rank=50, scope="全国"),
          ex("在日本等12个国家和地区进入畅销榜前十", text="进入畅销榜前十", rank=10, scope=None),  # a chart's top
          # a scope word that owns a count names whose members are ranked, not where (ranking_scope._OWNS_COUNT)
          ex("长三角地区共有17个城市入围前五十名", text="入围前五十名", rank=50, scope=None),
          ex("出口量进入全国同类产品前五", text="进入全国同类产品前五", rank=5, scope="全国"),  # what is ranked
          ex("首次跻身全国县域数字经济百强榜前二十", rank=20, scope="全国"),
          ex("6个区县跻身2024年度全省县域旅游综合评价前二十", text="全省县域旅游综合评价前二十", rank=20, scope="全省"),
          ex("位居第42位,进入中国企业500强前50名", text="前50名", rank=50, scope="中国"),  # the list's place
          ex("深圳市为珠三角地区唯一进入前十的城市", text="进入前十", scope="珠三角地区"),  # X地区 as written
          ex("香港位列全球三甲", rank=3, scope="全球"), ex("香港躋身全球首20大", rank=20, scope="全球"),
          ex("在亚洲城市中位列首三名", text="位列首三名", rank=3), ex("首三大客源市场依次为内地、台湾及南韩", rank=3),
          ex("附：第十五届全国运动会金牌榜前八名", rank=8, scope=None),  # an event's 全国
          # after what it ranks by (…的), a top-N of a set is a placing; bare, it names the set
          ex("空气质量相对较好的前20位城市依次是", text="前20位", rank=20, basis="top")),
         ("前两个月", "前50%", "工程学进入前1‰", "公司前10名股东", "前十强城市变化不大", "今年首三季", "首三大客源市场的旅客")),
    Rule("rank.top_strong", "ranking", "a top-N written N强 after a verb or a scope (入围全球50强)", _STRONG,
         (ex("六所大学入围全球50强", text="入围全球50强", rank=50, scope="全球", basis="top"),
          ex("全球500强中有56所", rank=500, scope="全球"),
          ex("我省共有3户省属企业入围中国企业500强", text="入围中国企业500强", rank=500, scope="中国"),
          # (an edition's year may stand between the verb and the scope)
          ex("山东16个县（市）入围2025年全国县域经济百强", text="全国县域经济百强", rank=100, scope="全国"),
          ex("泸州首次跻身全国夜经济影响力城市50强", rank=50, scope="全国"),  # the class ranked between
          ex("全市有5个县进入全省县域经济十强", text="进入全省县域经济十强", rank=10, scope="全省"),
          ex("衡南县跻身全省县域经济“十强”", rank=10, scope="全省")),  # quoted
         ("发布50强榜单", "入选前1200强高校名单", "全省共有十强企业", "力争进入全国先进制造业百强市前50位",
          "在中部县域经济百强中位列第67位", "2025年全国百强县地区生产总值合计11.62万亿元")),
    Rule("rank.tier", "ranking", "a tier (第一梯队, “第一方阵”)", _TIER,
         (ex("重庆位于全国第一梯队", text="位于全国第一梯队", rank=1, scope="全国", basis="tier"),
          ex("营商环境评价位列全国第一档次", rank=1, scope="全国", basis="tier"),
          ex("稳居全国省会城市第一梯队", rank=1, scope="全国", basis="tier"),
          ex("芜湖港稳居长江下游内河港口第一梯队", text="稳居长江下游内河港口第一梯队", scope="长江下游"))),
    Rule("rank.change", "ranking", "a change of rank (上升15位, 下降3位: signed)", _CHANGE,
         (ex("排名较2021年上升15位", text="上升15位", rank=15, basis="change"),
          ex("产业数字化指数下降3位", rank=-3), ex("排名前进了3位", text="前进了3位", rank=3),
          ex("较上年同期下降1个名次,居第5位", text="下降1个名次", rank=-1),
          ex("「勞動市場」則較去年下跌一位至第十八位", text="下跌一位", rank=-1),
          ex("整體排名較去年進步3名", text="進步3名", rank=3), ex("香港滑落3名", text="滑落3名", rank=-3),
          ex("指数排名较2024年再前移1至2位", text="前移1", rank=1),  # a range of changes: both ends
          # a change of the rank in a scope (排名/位次 after the scope word) keeps the scope
          ex("石化原料出口值全球排名下降2名至第7名", text="下降2名", rank=-2, scope="全球"),
          ex("增速居全国第5位,在全国的位次较上年同期前移1位", text="前移1位", rank=1, scope="全国"),
          # a frame right before the change is its scope; a scope earlier in the clause is the position's
          ex("合肥在全国城市中前移1位", text="前移1位", rank=1, scope="全国"),
          ex("升至全省第8位,较上年同期上升1位", text="上升1位", rank=1, scope=None)),
         ("下降3%",)),
    Rule("rank.change.item", "ranking", "a further change in a list (分别上升8位、7位, 上升3个和2个位次)", _CHANGE_ITEM,
         (ex("分别上升8位、7位", text="7位", rank=7, basis="change"),
          ex("樊城区、襄州区排名分别上升5位和4位", text="4位", rank=4, basis="change"),
          ex("指数排名较2024年再前移1至2位", text="2位", rank=2, basis="change"))),
    Rule("rank.from_to", "ranking", "both ends of a move between positions (从全省113位跃升至83位)", _FROM_TO,
         (ex("从全省113位跃升至83位", rank=83, scope="全省", basis="position"),
          ex("由第90名上升为第78名", rank=90), ex("芜湖由上年的第53位上升为第46位", rank=53),
          # a scope word inside a quoted indicator's name is none
          ex("「國內經濟」由去年的第19名大幅躍升至第7名", rank=19, scope=None),
          ex("排名区间由上年的全球301-400名跃升至201-300名", text="400名", rank=400, scope="全球"),  # bands
          ex("排名由8月的第161位降至第168位", text="第161位", rank=161),  # clear of the date 8月
          ex("排名由上年第5位上升到第3位", rank=5),
          ex("宿州市由1-9月的第9位跃升至第5位", text="第9位", rank=9),
          ex("「生產力及效率」自第10名升至第4名", text="自第10名", rank=10))),
    Rule("rank.from_moved", "ranking", "where a move of position started, with no end (较上年的第67位大幅提升)",
         _FROM_MOVED, (ex("江西省洪都医院排名第41位,较上年的第67位大幅提升", text="第67位", rank=67, basis="position"),),
         ("由第5位上升至第3位",)),
    Rule("rank.first_place", "ranking", "a first place without 第N (位居榜首, 摘取亚洲头名)", _FIRST_PLACE,
         (ex("综合实力位居榜首", text="位居榜首", rank=1, scope=None),
          ex("香港国际机场摘取亚洲头名", text="摘取亚洲头名", rank=1, scope="亚洲"),
          ex("居全国地级市首位", rank=1, scope="全国"),
          ex("存款余额居全省农村金融机构首位", text="居全省农村金融机构首位", rank=1, scope="全省"),
          ex("增速居全省各县(市、区)首位", rank=1, scope="全省"),
          ex("募集额居全市各区、县（市）首位", rank=1, scope="全市"),  # each of a few kinds listed
          ex("成都东站发送量居全局首位", rank=1, scope="全局"),  # a railway bureau's stations
          ex("增速居长江沿线省份首位", rank=1, scope="长江沿线"),
          ex("话题播放量居全国非遗体验类目首位", text="居全国非遗体验类目首位", rank=1, scope="全国"),
          ex("货运量居中原城市群第一位", text="居中原城市群第一位", rank=1, scope="中原城市群"),  # a place's part
          ex("位居长株潭都市圈首位", rank=1, scope="长株潭都市圈"),
          ex("接待量位居全省5A级景区首位", text="位居全省5A级景区首位", rank=1, scope="全省"),
          ex("货物吞吐量稳居全国沿海港口群首位", text="稳居全国沿海港口群首位", rank=1, scope="全国"),
          ex("预订量增幅居全部县域目的地首位", text="居全部县域目的地首位", rank=1, scope=None),
          # 各X: all of a class, no scope; 为 places only before it (为各级酒店之首, not 为首批)
          ex("入住率达90.2%,为各级酒店之首", text="为各级酒店之首", rank=1, scope=None),
          ex("入境旅客首次超越关闸跃居各口岸首位", text="跃居各口岸首位", rank=1, scope=None),
          ex("其他用品和服务价格涨幅在八大类中居首", text="居首", rank=1, scope=None),
          ex("其中以美國接單居冠,其次為中國大陸", text="居冠", rank=1),
          ex("机电产品出口占全省的59.5%,居出口商品首位", text="居出口商品首位", rank=1, scope=None),
          ex("半导体产值已连续3年居亚洲之冠", text="居亚洲之冠", rank=1, scope="亚洲"),
          ex("全社会用电量居全省16市之首", text="居全省16市之首", rank=1, scope="全省"),
          # (为 before the scope: 為全港各雨量站之冠, the whole territory's stations)
          ex("最高時雨量達118.5毫米，為全港各雨量站之冠", text="為全港各雨量站之冠", rank=1, scope="全港"),
          ex("钟楼站进出站量位居全线网车站首位", text="位居全线网车站首位", rank=1, scope="全线网")),
         ("将安全放在首位", "全年获得世界冠军11个、亚洲冠军19个")),
    Rule("rank.title", "ranking", "a title after a ranking verb (获得男子10米气步枪冠军: 1; 亚军 2, 季军 3)", _TITLE,
         (ex("严子豪获得男子10米气步枪冠军", text="获得男子10米气步枪冠军", rank=1, basis="position"),
          ex("华影星光影城以5860万元票房蝉联全省影院票房冠军", text="蝉联全省影院票房冠军", rank=1, scope="全省"),
          ex("队员们获得全国锦标赛冠军", text="获得全国锦标赛冠军", rank=1, scope=None)),
         ("冠军企业", "全年获得世界冠军11个")),
    Rule("rank.event_place", "ranking", "a place in an event won, its name between the verb and the place "
         "(获得男子全程马拉松第四名)", _EVENT_PLACE,
         (ex("他获得男子全程马拉松第四名", text="获得男子全程马拉松第四名", rank=4, basis="position"),),
         ("获得第一名的选手",)),
    Rule("rank.second_place", "ranking", "a second place without 第N (位居次席, 居次)", _SECOND_PLACE,
         (ex("增速位居全省次席", text="位居全省次席", rank=2, scope="全省"),
          ex("总量居次,增速第一", text="居次", rank=2)), ("居次要地位",)),
    Rule("rank.table_column", "ranking",
         "the position in a rank column (名次, 位次, 全国排名: rankings.yaml) of a table flattened into text", None,
         (ex("奖牌榜\n名次 代表团 金牌 总数\n1 南昌市 158 406\n2 赣州市 136 392\n", text="2", rank=2,
             basis="position"),
          ex("全国排名 港口 货物吞吐量(万吨)\n1 宁波舟山港 101326\n2 唐山港 66418\n", text="2", scope="全国"),
          ex("设区市 进出口(亿元) 同比(%) 位次\n南昌市 1312.5 8.4 1\n赣州市 798.6 15.7 2\n", text="2", rank=2,
             scope=None),
          ex("指标 1-9月 增长(%) 增速全省位次\n地区生产总值 2836.7 6.4 3\n", text="3", rank=3, scope="全省"),
          # a change column with its unit in brackets, cells between bars
          ex("全省排名 | 开发区名称 | 综合得分（分） | 较上年位次变化（位）\n2 | 襄阳经开区 | 90.3 | +1\n", text="+1", rank=1,
             basis="change"),
          ex("专科 医院 全国排名 华东区排名 声誉值\n心血管病 一附院 6 2 3.215\n", text="2", rank=2, scope="华东区"),
          ex("企业名称 中国企业500强排名 较上年位次变化 营业收入(亿元)\n秦岭集团 263 -8 906\n", text="263",
             scope="中国"),
          ex("企业名称 中国企业500强排名 较上年位次变化 营业收入(亿元)\n秦岭集团 263 -8 906\n", text="-8", rank=-8,
             basis="change"),
          # a caption's scope word is none where it opens an event's name (rankings.yaml scope_not_before)
          ex("附：第十五届全国运动会金牌榜前八名\n名次 代表团 金牌 银牌 铜牌\n1 广东 61.5 52 47\n", text="1", rank=1,
             scope=None),
          # a column of changes right after the positions', in arrows
          ex("指标名称 指标得分(分) 全国排名 较上年变化\n纳税 94.36 2 ↑3\n招标投标 86.29 12 ↓2\n", text="↓2", rank=-2,
             basis="change"),
          # beside a column of changes of rank, the editions' columns hold positions
          ex("项目 2024年 2025年 名次变化\n总排名 8 6 +2\n经济表现 21 12 +9\n", text="21", rank=21, scope=None),
          ex("附表:澳门在主要国际排名中的全球位次(2023—2025年)\n项目 2023年 2024年 2025年\n城市竞争力 40 37 31\n",
             text="37", rank=37, scope="全球"),
          # a band is two positions; under a caption naming positions, rows of editions hold them too
          ex("附表:澳门高校历年全球排名(2023至2027年度)\n院校 2023年度 2024年度\n澳门城市大学 601-650 551-600\n",
             text="650", rank=650, scope="全球"),
          ex("附表:香港在《世界竞争力年报》中的排名(2022年至2026年)\n年份 整体 经济表现 政府效率\n2022年 5 8 2\n",
             text="8", rank=8, scope=None)),
         ("序号 代表团 金牌\n1 南昌市 158\n", "表1 主要指标\n指标 2023年 2024年\n粮食产量 665 672\n")),
    Rule("drop.rank.no_trigger", "drop", "第N with neither a ranking verb nor a scope in its clause is no ranking",
         None, (ex("这第9", text="第9"),)),
    Rule("drop.rank.negated", "drop", "a placing the text denies is no ranking (均未进入全国前二十位)", None,
         (ex("天津、上海增速均未进入全国前二十位", text="进入全国前二十位"),
          ex("马来西亚旅客则跌出前五位", text="前五位"),
          ex("目前仍没有一个县城进入国内热门目的地前三十名", text="进入国内热门目的地前三十名")),
         ("进入全国前十", "雁塔区、未央区、长安区筹集量位居全市前三", "力争未来三年进入全国前十")),
    Rule("drop.rank.from_bottom", "drop", "a place counted from the bottom is no ranking (倒数第二)", None,
         (ex("全市PM2.5浓度排名全省倒数第二", text="第二"),), ("排名全省第二",)),
    Rule("drop.rank.record", "drop",
         "a place among the years since a year is a record, no ranking (为1961年以来第二高)", None,
         (ex("全省年平均气温18.7℃，为1961年以来第二高", text="第二"),
          ex("全省平均气温20.8℃，居1961年以来同期第一位", text="第一位")), ("增速居全省第二位",)),
    Rule("rank.field", "ranking",
         "a position or top-N after a verb of placing and a counted class or a measure (位居168个重点城市首位)",
         _FIELD,
         (ex("拉萨市已连续5个月位居168个重点城市首位", text="位居168个重点城市首位", rank=1, scope=None),
          ex("集成电路、铁矿砂、原油位列进口商品前三", text="位列进口商品前三", rank=3, scope=None),
          ex("在全国排名中位居全国31个省份第9位", text="位居全国31个省份第9位", rank=9, scope="全国"),
          ex("增速居榆林市12个县(市、区)第3位", text="居榆林市12个县(市、区)第3位", rank=3, scope="榆林市"),
          ex("规上工业增加值居全省11个设区市首位", text="居全省11个设区市首位", rank=1, scope="全省"),
          ex("西藏、湖北、甘肃位列增速前三", text="位列增速前三", rank=3, basis="top"),  # a measure ranked by
          ex("阳朔县位居全国县域目的地热度榜首", text="位居全国县域目的地热度榜首", rank=1, scope="全国"),
          ex("进入全国地级市粮食单产前十", rank=10, scope="全国", basis="top"),
          ex("进入全省县域旅游综合评价前十", rank=10, scope="全省", basis="top"),
          ex("我市代表团夺得团体总分第一", text="夺得团体总分第一", rank=1),
          ex("品牌价值位列汽车及零部件组第3位", text="位列汽车及零部件组第3位", rank=3, scope=None),  # a list's group
          ex("居区域品牌（地理标志产品）类榜首", rank=1, scope=None),
          ex("望仙谷景区首次跻身全省A级景区接待量前五", text="跻身全省A级景区接待量前五", rank=5, scope="全省"),
          ex("西安、成都分别获奖13项和12项,双双进入省会城市前十", text="进入省会城市前十", rank=10, scope=None)),
         ("位居全国第一", "位列景区前三")),
    Rule("drop.rank.list_name", "drop", "a top-N naming a list or a table is no ranking (前10名股东)", None,
         (ex("公司前10名股东", text="前10名"), ex("全国百强区第35名", text="全国百强"),
          ex("全国网络零售额排名前五的省份合计占比为64.2%", text="排名前五"),
          ex("出口量排名前十位的企业集团共出口521.3万辆", text="排名前十位"),
          # a table's caption names the table; with a verb it still states a placing (排名前15位)
          ex("表：2025年端午假期全市A级旅游景区接待量前五名\n", text="前五名")),
         ("附表:2024年度全省县域经济综合排名前15位县(市)\n",)),
)

_FINDERS = {"rank.position": _POSITION, "rank.bare_position": _BARE_POSITION, "rank.enumeration": _ENUMERATION,
            "rank.bracket": _BRACKET, "rank.quoted": _QUOTED_POSITION,
            "rank.named_position": _NAMED_POSITION, "rank.dated_position": _DATED_POSITION,
            "rank.top": _TOP, "rank.top_strong": _STRONG, "rank.tier": _TIER,
            "rank.change": _CHANGE, "rank.from_to": _FROM_TO, "rank.from_moved": _FROM_MOVED,
            "rank.first_place": _FIRST_PLACE,
            "rank.second_place": _SECOND_PLACE, "rank.title": _TITLE, "rank.field": _FIELD,
            "rank.event_place": _EVENT_PLACE}


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    """Patterns over scope WORDS only; a place as scope (排杭州第一) is read
    from the gazetteer by `place_scope`, which keeps these patterns small."""
    out = {rule: compiled(template, lex, regex.VERBOSE) for rule, template in _FINDERS.items()}
    out.update({
        # 位居全国高校第35位、安徽省属高校首位: a first place may continue the list
        # (位于全球第76—100名: a band's end, its suffix written)
        "list_item": compiled(r"(?:、|至|和第|及第|[-—－~～](?=\d{1,4}(?:{position_suffix})))(?:{trigger})?(?:" + _ITEM
                              + r"|(?P<scope3>{scope})?[^\s\p{P}第前首]{0,8}?(?P<first2>首位|榜首)"
                              # 居全省第二、皖北六市第一: an item led by a place (and the class ranked in it)
                              + r"|(?P<lead>[^\s\p{P}\d第前首、]{2,8}?)第(?P<n2>{rank_number})(?:{position_suffix})?"
                              + r"(?!{not_rank}|[%‰.]|{unit}|[“\"]?{tier}))", lex),
        "bare_item": compiled(_BARE_ITEM, lex),
        "change_item": compiled(_CHANGE_ITEM, lex),
        "enumeration_item": compiled(_ENUMERATION_ITEM, lex),
        "list_name": compiled("{list_name}", lex),
        "strong_before": compiled(r"(?:\d{1,4}|{cn_count}{1,3})强$", lex),
        # a N强 a position or a top-N is taken in names a list: 500强前50名, 百强市前50位,
        # 百强榜前二十, 在中部县域经济百强中位列第67位
        "strong_list_after": regex.compile(r"(?:[县市区榜]|城市)?(?:前|第)|中(?=位|排|居|列|名)"),
        # a count opening a ranked field (六省, 168个重点城市): never the rank (第一, 前三, 16位)
        "field_count": compiled(r"(?<![第前\d])(?:\d{1,4}|{cn_count}{1,3})(?=个|省|市|区|县|旗|城|地|州)", lex),
        "position_marker": regex.compile(r"第|前|首位|榜首|之冠|次席"),
        "scope_word": compiled("{scope}", lex),
        # in a header or caption, not the start of an event's or a body's name (全国运动会)
        "caption_scope_word": compiled(rf"{{scope}}(?!{or_regex(lex.rankings['scope_not_before'])})", lex),
        "event_name": regex.compile(or_regex(lex.rankings["scope_not_before"])),
        # a placing denied (均未进入全国前二十位, 没有一个县城进入…前三十名): no ranking
        # 跌出前五位: fallen out of the top-N is no placing in it either
        # (未 of 未央区 and 未来 denies nothing: 雁塔区、未央区、长安区筹集量位居全市前三)
        "negated": regex.compile(r"(?:未(?![央来])|未能|没有|没能|无缘|尚未|跌出|掉出|退出|滑出)[^,，。;；\n]{0,14}$"),
        # 全球排名下降2名, 在全国的位次较上年同期前移1位: a change of the rank in a scope
        "change_scope": compiled(r"(?P<scope>{scope})的?(?:排名|位次|排位)[^\s\p{P}\d]{0,8}?$", lex),
        # 500强企业; 百强区第35名: the N强 names the class a position is taken in; 全国百强县地区生产总值,
        # 百强县入围门槛: a noun after it (but 中: 全球500强中有56所) names the class measured
        "not_after_strong": compiled(
            r"(?:{list_name}|\p{Han}{0,2}?企业|\p{Han}{0,2}?第|(?:[县市区]|城市)?(?!中)\p{Han})", lex),
        # a top-N with nothing but its suffix, before a noun, names a set: 前十强城市变化不大,
        # 前1200强高校; before 是/为/依次 it is a placing (前十强依次为深圳、杭州)
        # (首三大客源市场依次为…: a set whose members are then listed in order is a placing)
        "set_name": regex.compile(r"(?![是为依分包有中的占]|\p{Han}{1,6}?(?:依次|分别))\p{Han}"),
        # 排名前五的省份合计占比为64.2%, 排名前十位的企业集团共销售: a group summed, not placed
        "group_total": regex.compile(r"的\p{Han}{1,6}?(?:合计|共计|累计|总计|共|占)"),
        # a table's caption line (表：…接待量前五名, 附表1 …): the top-N there is the table's title
        "caption_line": regex.compile(r"[ \t\u3000]*附?表[\d一二三四五六七八九十]*[:：\s]"),
        # a rank column's header: 名次, 位次, 全国排名, 增速全省位次 (its scope word kept)
        # (中国企业500强排名, 全省A级景区位次: a few words of what is ranked may stand before it);
        # a column of changes of position: 较上年位次变化, 排名升降
        # 澳门在主要国际排名中的全球位次（2023—2025年）: a caption naming positions, with the scope written before
        "positions_caption": compiled(r"(?P<scope>{scope})?的?(?:位次|排名|名次|排位)(?:[(（][^()（）]{1,16}[)）])?\s*$", lex),
        "rank_column": regex.compile(
            rf"\w{{0,12}}?(?:{or_regex(lex.rankings['rank_column_headers'])})"
            rf"(?P<change>变化|升降|变动)?(?:[(（](?:位|名|位次)[)）])?"),  # 较上年位次变化（位）
    })
    return out


def _rank(text: str | None) -> int | None:
    try:
        return int(parse_number(text)) if text else None
    except ValueError:
        return None


Basis = Literal["position", "top", "tier", "change"]


def _written(norm: str, m: regex.Match[str], group: str) -> str | None:
    """The scope word of `group`, as written (scope_as_written)."""
    scope = m.groupdict().get(group)
    return scope_as_written(norm, scope, m.end(group)) if scope else None


def _cand(start: int, end: int, rule: str, rank: int, scope: str | None, basis: Basis) -> RankingCandidate:
    return RankingCandidate(start=start, end=end, rule=rule, rank=rank, scope=scope, basis=basis)


def _list_items(norm: str, pos: int, scope: str | None, rule: str, pattern: regex.Pattern[str],
                basis: Basis, sign: int = 1, lex: Lexicons | None = None) -> Iterator[RankingCandidate]:
    """Items that continue a list after a ranking ends at `pos`; an item led
    by words must be led by a place (`lex`), its scope."""
    while (m := pattern.match(norm, pos)) is not None:
        rank = 1 if m.groupdict().get("first2") else _rank(m.group("n2"))
        lead = m.groupdict().get("lead")
        # (an item led by a place continues only a list whose items are scoped: 南京第4、苏州第5 ranks places)
        if rank is None or lead and (lex is None or scope is None or (scope := _leading_scope(lead, lex)) is None):
            return
        own_scope = _written(norm, m, "scope2") or m.groupdict().get("scope3")
        yield _cand(m.start() + 1, m.end(), rule + ".item", sign * rank, own_scope or scope, basis)
        pos = m.end()


def _positions(norm: str, lex: Lexicons) -> Iterator[RankingCandidate]:
    p = _patterns(lex)
    for m in p["rank.position"].finditer(norm):
        g = m.groupdict()
        rank = _rank(g["n"])
        if rank is None:
            continue
        start, scope = m.start(), _written(norm, m, "scope") or g["scope_pre"] or g["counted"]
        if g["scope"] and (around := place_around(norm, m.start("scope"), m.end("scope"), lex)):
            start, scope = around[0], norm[around[0]:around[1]]  # 中国内地高校第46名: not 国内
        if g["counted"]:
            start = m.start("n") - 1  # 六区两县 stays free for its counts; the scope is kept
        if g["suffix"] == "大" and not (g["trig"] or scope):
            yield from _place_list(norm, m, rank, lex)  # 江苏、福建第一大 / 第一大贸易伙伴
            continue
        placed = place_scope(norm, m, lex) if not scope else None
        if placed:
            start, scope = placed  # (no scope: the place is ranked, one more item of a list)
        boards = list(_BOARD.finditer(norm, m.start("board"), m.end("board"))) if g["board"] else []
        if len(boards) > 1:  # 位列金牌榜和奖牌榜第一: a position on each board
            yield _cand(start, boards[0].end(), "rank.position", rank, scope, "position")
            for board in boards[1:-1]:
                yield _cand(board.start(), board.end(), "rank.position", rank, scope, "position")
            start = boards[-1].start()
        if not (g["trig"] or scope or placed) and (verb := _ranked_field_before(norm, start, lex)):
            start = verb  # 位列年度国产动画电影票房第五名: what is ranked between verb and place
        cand = _cand(start, m.end(), "rank.position", rank, scope, "position")
        # without a verb or a scope it stands only if its clause writes a scope
        # (全国…数量第一); `Scoper` drops it otherwise
        yield cand if g["trig"] or scope or placed or len(boards) > 1 or start < m.start() else drop(
            cand, "drop.rank.no_trigger")
        yield from _list_items(norm, m.end(), scope, "rank.position", p["list_item"], "position", lex=lex)
    for m in p["rank.bare_position"].finditer(norm):
        rank = _rank(m.group("n"))
        if rank is not None and m.group("n2"):  # 位列全球201-300名: a band gives both its ends
            yield _cand(m.start(), m.end("n"), "rank.bare_position", rank, m.group("scope"), "position")
            yield _cand(m.start("n2"), m.end(), "rank.bare_position", _rank(m.group("n2")) or rank,
                        m.group("scope"), "position")
        elif rank is not None:
            yield _cand(m.start(), m.end(), "rank.bare_position", rank, m.group("scope"), "position")
            yield from _list_items(norm, m.end(), m.group("scope"), "rank.bare_position", p["bare_item"],
                                   "position")
    for m in p["rank.enumeration"].finditer(norm):
        for item in p["enumeration_item"].finditer(norm, m.start(), m.end()):
            rank = _rank(item.group("n"))
            if rank is not None:
                yield _cand(item.start("n") - 1, item.end(), "rank.enumeration", rank, None, "position")
    for rule in ("rank.bracket", "rank.quoted", "rank.named_position"):
        for m in p[rule].finditer(norm):
            rank = _rank(m.group("n"))
            if rank is not None:
                yield _cand(m.start(), m.end(), rule, rank, None, "position")


def _tops(norm: str, lex: Lexicons) -> Iterator[RankingCandidate]:
    p = _patterns(lex)
    for m in p["rank.top"].finditer(norm):
        g = m.groupdict()
        rank = _rank(g["n"] or g["latin"] or g["jia"] or g["first_n"])  # 全球三甲, 全球首20大, 首三名
        placed = place_scope(norm, m, lex)
        start, scope = placed if placed else (m.start(), _written(norm, m, "scope"))
        if g["edition"]:  # 跻身2024年度全省…前二十: the edition's year stays a date of its own
            start = m.start("scope") if g["scope"] else m.end("edition")
        if g["scope"] and p["event_name"].match(norm, m.end("scope")):
            scope = None  # 全国运动会金牌榜前八名: the scope word opens an event's name
        if scope is None and (strong := p["strong_before"].search(norm, max(0, m.start() - 6), m.start())):
            scope = named[1] if (named := _named_list(norm, strong.start(), lex)) else None  # 中国企业500强前50名
        if rank is not None and (g["trig"] or scope or g["suffix"] or g["latin"] or g["first_n"]):
            cand = _cand(start, m.end(), "rank.top", rank, scope, "top")
            # (空气质量相对较好的前20位城市依次是: after what it ranks by, a top-N of a set is a placing)
            listed = p["list_name"].match(norm, m.end()) or p["group_total"].match(norm, m.end()) or (
                not (g["trig"] or scope or norm.endswith("的", 0, m.start())) and p["set_name"].match(norm, m.end())
            ) or not g["trig"] and p["caption_line"].match(norm, norm.rfind("\n", 0, m.start()) + 1)
            yield drop(cand, "drop.rank.list_name") if listed else cand
    for m in p["rank.top_strong"].finditer(norm):
        g = m.groupdict()
        rank = _rank(g["n"])
        start, scope, trig = m.start(), g["scope"], g["trig"]
        if rank is not None and not (trig or scope) and (named := _named_list(norm, m.start("n"), lex)):
            start, scope, trig = named  # 入围中国企业500强: the list's place, after a verb
        if rank is None or not (trig or scope) or g["filler"] and not trig:
            continue  # (全省县域经济十强 without a verb names a list)
        if g["year"]:  # 入围2025年全国县域经济百强: the edition's year is a date's, the top-N starts after it
            start = m.start("scope")
        cand = _cand(start, m.end(), "rank.top_strong", rank, scope, "top")
        # 50强榜单 names a list; 500强企业 too, unless a verb places something in it; and so
        # does a list a position or a top-N is taken in (进入中国企业500强前50名)
        names_list = bool(p["list_name"].match(norm, m.end()) or not trig and p["not_after_strong"].match(
            norm, m.end()) or p["strong_list_after"].match(norm, m.end()))
        yield drop(cand, "drop.rank.list_name") if names_list else cand


def _others(norm: str, lex: Lexicons) -> Iterator[RankingCandidate]:
    p = _patterns(lex)
    for m in p["rank.tier"].finditer(norm):
        rank = _rank(m.group("n"))
        if rank is not None:
            placed = place_scope(norm, m, lex)  # 稳居长江下游内河港口第一梯队
            start, scope = placed if placed and placed[1] else (m.start(), _written(norm, m, "scope"))
            yield _cand(start, m.end(), "rank.tier", rank, scope, "tier")
    for m in p["rank.change"].finditer(norm):
        rank = _rank(m.group("n"))
        sign = -1 if m.group("down") else 1
        if rank is not None:
            ranked = p["change_scope"].search(norm, max(0, m.start() - 16), m.start())
            scope = ranked.group("scope") if ranked else None
            yield _cand(m.start(), m.end(), "rank.change", sign * rank, scope, "change")
            yield from _list_items(norm, m.end(), scope, "rank.change", p["change_item"], "change", sign)
    for m in p["rank.from_to"].finditer(norm):
        # 由8月的第161位: the position starts at 第, clear of the date before it
        dated = m.group("when") and regex.search(r"\d", m.group("when"))
        first = m.start("n") - (norm[m.start("n") - 1] == "第") if dated else m.start()
        # 由上年的全球301-400名跃升至201-300名: a band gives both its ends
        from_band, to_band = m.group("n_end") is not None, m.group("n2_end") is not None
        spans = {"n": (first, m.end("n") + (not from_band)),
                 "n_end": (m.start("n_end"), m.end("n_end") + 1) if from_band else None,
                 "n2": (m.start("n2"), m.end("n2") if to_band else m.end()),
                 "n2_end": (m.start("n2_end"), m.end()) if to_band else None}
        for key, span in spans.items():
            rank = _rank(m.group(key)) if span else None
            if span and rank is not None:
                yield _cand(span[0], span[1], "rank.from_to", rank, m.group("scope"), "position")
    moved = set()
    for m in p["rank.from_moved"].finditer(norm):
        rank = _rank(m.group("n"))
        if rank is not None:
            moved.add(m.start("n") - 1)
            yield _cand(m.start("n") - 1, m.end(), "rank.from_moved", rank, m.group("scope"), "position")
    for m in p["rank.dated_position"].finditer(norm):
        rank = _rank(m.group("n"))
        if rank is not None and m.start() not in moved:  # (较上年的第67位大幅提升 is where a move started)
            yield _cand(m.start(), m.end(), "rank.dated_position", rank, None, "position")
    for m in p["rank.field"].finditer(norm, overlapped=True):  # a field that is no place leaves the verb after it
        rank = 1 if m.group("first") else _rank(m.group("n") or m.group("top"))
        # the field is a counted class or a measure, never only a scope or a place; a word
        # before the count is a place (居榆林市12个县(市、区)第3位), never any word
        if rank is not None and (m.group("place") is None or m.group("place") in lex.places):
            scope = m.group("place") or _leading_scope(m.group("field"), lex)
            yield _cand(m.start(), m.end(), "rank.field", rank, scope, "top" if m.group("top") else "position")
            if not m.group("top"):  # 居湖南省14个市州第4位和第6位: the list's later items share the field
                yield from _list_items(norm, m.end(), scope, "rank.field", p["list_item"], "position", lex=lex)
    for m in p["rank.event_place"].finditer(norm):
        if (rank := _rank(m.group("n"))) is not None:
            yield _cand(m.start(), m.end(), "rank.event_place", rank, m.group("scope"), "position")
    for m in p["rank.title"].finditer(norm):
        # 蝉联全省影院票房冠军: the scope the title is held in; not an event's (获得全国锦标赛冠军)
        scope = m.group("scope")
        if scope and p["event_name"].match(norm, m.end("scope")):
            scope = None
        yield _cand(m.start(), m.end(), "rank.title", _TITLE_RANK[m.group("title")], scope, "position")
    for rule, rank in (("rank.first_place", 1), ("rank.second_place", 2)):
        for m in p[rule].finditer(norm):
            placed = place_scope(norm, m, lex)
            start, scope = placed if placed else (m.start(), _written(norm, m, "scope"))
            if field := m.groupdict().get("field"):
                scope = _leading_scope(field, lex)  # 居亚洲之冠, 居东北三省首位
            if m.group("trig") or scope or m.groupdict().get("trig2"):
                yield _cand(start, m.end(), rule, rank, scope, "position")


# The class a named N强 list ranks (中国企业500强, 全国民营企业500强, 世界大学100强)
_LIST_CLASSES = ("民营企业", "服务业企业", "制造业企业", "企业", "高校", "大学", "城市", "品牌", "县")


def _named_list(norm: str, pos: int, lex: Lexicons) -> tuple[int, str, str | None] | None:
    """The place a N强 list ending before `pos` is named after (中国企业500强 -> 中国),
    with where its phrase starts and the verb before it, if any (入围)."""
    end = pos
    end -= next((len(c) for c in _LIST_CLASSES if norm.endswith(c, 0, end)), 0)
    start = place_before(norm, end, lex)
    if start is None:
        return None
    verb = _trigger_end(lex).search(norm, max(0, start - 4), start)
    return (verb.start() if verb else start), norm[start:end], verb.group() if verb else None


# 位列年度国产动画电影票房第五名: at most this many characters of a ranked field between verb and place
_FIELD_CHARS = 14


# the verbs that place what they rank, a field between them and the place (not 是, 为 or 列:
# 是单月第二高, 系列…的第十八场, 列历史第4位)
_FIELD_VERBS = r"(?<![系并])(?:位列|位居|名列|排名|排在|排行|居于|跻身|稳居|跃居)"


@functools.cache
def _field_after_trigger(lex: Lexicons) -> regex.Pattern[str]:
    # (no from-to, comparison, record or count from the bottom: 排名由上年第5位, 排名全省倒数第二,
    # 位列历史同期第二; no 的: 排名靠前的企业中第一家)
    return compiled(_FIELD_VERBS + r"(?P<field>(?:(?!由|从|较|比|倒数|上年|去年|历史|以来|记录)"
                    r"[^\s\p{P}\d第前名位的]){1,%d})$" % _FIELD_CHARS, lex)


def _ranked_field_before(norm: str, pos: int, lex: Lexicons) -> int | None:
    """Where the ranking verb starts whose ranked field runs up to `pos`
    (位列|年度国产动画电影票房|第五名); a field opening with a scope or a place is
    the scope's business (排名杭州区第一 is none)."""
    verb = _field_after_trigger(lex).search(norm, max(0, pos - _FIELD_CHARS - 4), pos)
    if verb is None or _leading_scope(verb.group("field"), lex) is not None:
        return None
    return verb.start()


@functools.cache
def _trigger_end(lex: Lexicons) -> regex.Pattern[str]:
    return compiled(r"(?:{trigger})$", lex)


def _leading_scope(field: str, lex: Lexicons, anywhere: bool = False) -> str | None:
    """The scope a ranked field opens with: a scope word or a place (东北三省 -> 东北, 亚洲 -> 亚洲);
    `anywhere`: the first scope word in a header or caption, else a place opening it
    (增速全省位次 -> 全省, 中国企业500强排名 -> 中国)."""
    p = _patterns(lex)
    if word := (p["caption_scope_word"].search(field) if anywhere else p["scope_word"].match(field)):
        return word.group()
    place = next((field[:n] for n in range(len(field), 1, -1) if field[:n] in lex.places), None)
    part = next((p for p in AREA_PARTS if place and field.startswith(p, len(place))), "")
    return place + part if place else None  # 长株潭都市圈首位: the place's part as written


_CELLS = regex.compile(r"\S+")
_RANK_CELL = regex.compile(r"[1-9]\d{0,2}")
_YEAR_ROWS_HEADERS = frozenset(("年份", "年度", "年", "届别", "版本"))
_RANK_BAND = regex.compile(r"(?P<a>[1-9]\d{0,3})(?:[-–—~](?P<b>[1-9]\d{0,3}))?")  # 168, 601-650, 1001-1200
_CAPTION = regex.compile(r"[^\n]{1,60}\n$")  # the line right above a header


def _table_columns(norm: str, lex: Lexicons) -> Iterator[RankingCandidate]:
    """The positions in the rank columns of a table flattened into text: a
    header line of three columns or more, one of them a rank column
    (名次 代表团 金牌 …; 设区市 进出口(亿元) 同比(%) 位次), over rows with
    as many fields (or, for a first-column rank, rows opening with one).
    A position's scope is its column header's (全国排名, 增速全省位次,
    中国企业500强排名), else the caption line's, else none; a column of
    changes (较上年位次变化: +3, -8) gives changes, signed."""
    p = _patterns(lex)
    column_re = p["rank_column"]
    for line in _LINE.finditer(norm):
        cells = line.group().split()
        if len(cells) < 3 or len(line.group()) > 120:
            continue
        columns = {i: bool(m.group("change")) for i, cell in enumerate(cells) if (m := column_re.fullmatch(cell))}
        editions = {i for i, cell in enumerate(cells) if _EDITION_HEADER.fullmatch(cell)}
        year_rows = cells[0] in _YEAR_ROWS_HEADERS  # 年份 整体 经济表现 …: a row per edition
        if not columns and not editions and not year_rows:
            continue
        caption = _CAPTION.search(norm, max(0, line.start() - 61), line.start())
        caption_scope = _leading_scope(caption.group(), lex, anywhere=True) if caption else None
        # 项目 2024年 2025年 名次变化: beside a column of changes of rank, the editions' columns hold positions;
        # so do they under a caption naming positions (…的全球位次（2023—2025年）: its scope theirs)
        named = p["positions_caption"].search(caption.group()) if caption else None
        if not (any(columns.values()) or named):
            editions = set()
        if named and year_rows and not columns and not editions:
            # 年份 整体 经济表现 … / 2022年 5 8 …: under such a caption, the rows of editions hold positions
            editions = set(range(1, len(cells)))
        if not columns and not editions:
            continue
        edition_scope = named.group("scope") if named else None
        # 全国排名 较上年变化 (↑2, ↓3): a column of changes right after a column of positions names no rank
        columns.update({i: True for i, cell in enumerate(cells)
                        if columns.get(i - 1) is False and _CHANGE_HEADER.fullmatch(cell)})
        columns.update({i: False for i in editions})
        first_only = 0 in columns and len(columns) == 1
        pos = line.end() + 1
        while (row := _LINE.match(norm, pos)) is not None:
            fields = list(_CELLS.finditer(row.group()))
            if len(fields) != len(cells) and not (first_only and len(fields) > len(cells)):
                break
            if first_only and not _RANK_CELL.fullmatch(fields[0].group()):
                break
            for column, changes in columns.items():  # 全国排名 华东区排名: each column its own scope
                cell, start = fields[column].group(), row.start() + fields[column].start()
                if changes and (change := _CHANGE_CELL.fullmatch(cell)):
                    sign = -1 if change.group("sign") in "-−↓▼" else 1
                    yield _cand(start, start + len(cell), "rank.table_column", sign * int(change.group("n")), None,
                                "change")
                elif not changes and (band := _RANK_BAND.fullmatch(cell)):
                    # (an edition's column takes only a scope written right before the caption's 位次)
                    scope = edition_scope if column in editions else (
                        _leading_scope(cells[column], lex, anywhere=True) or caption_scope)
                    for end in ("a", "b"):  # 601-650: a band, both its ends positions
                        if band.group(end):
                            yield _cand(start + band.start(end), start + band.end(end), "rank.table_column",
                                        int(band.group(end)), scope, "position")
            pos = row.end() + 1


_CHANGE_CELL = regex.compile(r"(?P<sign>[+\-−↑↓▲▼])(?P<n>[1-9]\d{0,2})")
_CHANGE_HEADER = regex.compile(r"\w{0,6}?(?:变化|升降|变动)")  # 较上年变化, 升降
_EDITION_HEADER = regex.compile(r"(?:19|20)\d{2}年?度?")  # 2024年, 2025


def _place_list(norm: str, m: regex.Match[str], rank: int, lex: Lexicons) -> Iterator[RankingCandidate]:
    """One position per place of `江苏、福建第一大`; none place-less: 第一大贸易伙伴."""
    places: list[tuple[int, int]] = []
    end = m.start()
    while (start := place_before(norm, end, lex)) is not None:
        places.append((start, end))
        if norm[start - 1:start] != "、":
            break
        end = start - 1
    if not places:
        yield _cand(m.start(), m.end(), "rank.position", rank, None, "position")
        return
    places.reverse()
    for i, (start, end) in enumerate(places):
        last = i == len(places) - 1
        yield _cand(start, m.end() if last else end, "rank.place_list", rank, norm[start:end], "position")


def _denied(norm: str, cand: RankingCandidate, lex: Lexicons) -> RankingCandidate:
    """A placing the text denies (均未进入前二十位) states no ranking."""
    p = _patterns(lex)
    if cand.basis == "position" and _FROM_BOTTOM.search(norm, max(0, cand.start - 2), cand.end):
        return drop(cand, "drop.rank.from_bottom")  # (even one without a verb: no scope revives it)
    if cand.basis == "position" and _RECORD_BEFORE.search(norm, max(0, cand.start - 8), cand.start):
        return drop(cand, "drop.rank.record")  # 为1961年以来第二高: a record against the past
    if not cand.alive or cand.basis == "change":
        return cand
    if p["negated"].search(norm, max(0, cand.start - 16), cand.start):
        return drop(cand, "drop.rank.negated")
    return cand


# 排名全省倒数第二: counted from the bottom, a place GUIDELINES gives no basis for
_FROM_BOTTOM = regex.compile(r"倒数第")
# 为1961年以来第二高, 居有气象记录以来同期第一位, 历史同期第3: a year against the past (GUIDELINES:
# comparisons against the past, 历史次低, are no rankings)
_RECORD_BEFORE = regex.compile(r"(?:以来|历史|有记录|有气象记录)(?:同期|同期的)?(?:的)?$")


def _with_counted(norm: str, cand: RankingCandidate, lex: Lexicons) -> RankingCandidate:
    """Mark the counted field inside a ranking's span (中部六省, 168个重点城市,
    榆林市12个县(市、区)): from its count to the position's 第/首位/前."""
    if not cand.alive or cand.basis == "change":
        return cand
    count = _patterns(lex)["field_count"].search(norm, cand.start, cand.end)
    if count is None:
        return cand
    marker = _patterns(lex)["position_marker"].search(norm, count.end(), cand.end)
    return replace(cand, counted=(count.start(), marker.start() if marker else count.end()))


def extract(ctx: Context, block: Blocker) -> list[RankingCandidate]:
    """Ranking candidates in text order; longest span wins an overlap; scopes
    written elsewhere in the clause or sentence filled in."""
    norm, lex = ctx.norm, ctx.lex
    found = [*_positions(norm, lex), *_tops(norm, lex), *_others(norm, lex), *_table_columns(norm, lex)]
    found = [_with_counted(norm, _denied(norm, c, lex), lex) for c in found]
    ranked = longest_first(unsuppressed(block(found), ctx.zones))
    return Scoper(ctx, block.kept("org")).fill(ranked)
