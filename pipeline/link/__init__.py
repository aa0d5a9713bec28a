"""Stage 5, link: tie each quantity and ranking to what it measures, when
and where, and write them as `Fact` records.

A quantity is linked by named steps over a frozen `LinkContext` (built once
per document) and the `Carry` that the quantity before it hands on:
- `window_of`: where the quantity's own words are (its clause, or from the
  quantity before it in the same clause) and whether it continues a list
  or a from-to pair (分别为313.2毫米、143.7毫米; 由1000上升至5610.60);
- `change_of`: the direction word (增长/下降 ...) and comparison (同比 ...)
  right before it;
- `metric_of`: the phrase naming what is measured: a counted noun right
  after the number (38个二级节点 -> 二级节点), else the words before it in
  its window without framing words, dates and leading places; list members
  share the first one's; a change is named by its own subject or after the
  level it changes (新能源汽车产量同比增长);
- `period_of`, `region_of`: the last date (place) before it in its
  sentence, else in its paragraph (else the document's subject place);
- `ranking_of`: a ranking that follows in the same sentence before any other
  quantity (…超19个,位列全国第7).
Rankings that no quantity claims become facts of their own, with the
metric read before them (数字政务综合评价排名全国第9).
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import regex

from ..fragments import compiled
from ..lexicons import Lexicons, or_regex
from ..models import Direction, Document, Entity, Fact, Quantity, Ranking, Record, Sentence, construct, replaced
from ..rules import Rule, ex
from ..segment import tokenizer
from ..tables import RULE as TABLE_CELL
from .context import MAX_LEVELS, Carry, Change, LinkContext, Metric, Window
from .setting import Mention
from .phrases import Phrase, by_figure, change, following, only_framing, strip, words

_LAST_JOINER = regex.compile(r"以及|和|与|及(?!其)")
_RESPECTIVELY = regex.compile(r"\s*分别")  # 城乡居民人均可支配收入 | 分别为: the phrase ends before it

RULES: tuple[Rule, ...] = (
    Rule("link.quantity", "fact", "a quantity with its metric, period, region and the ranking after it", None,
         (ex("截至2022年底,每万人拥有5G基站数超19个,位列全国第7", text="每万人拥有5G基站数超19个,位列全国第7",
             metric="每万人拥有5G基站数", value=19, rank=7, scope="全国", period="2022年底"),
          # the paragraph's lead time, read after its numbered section title
          ex("2023年全省卫生事业发展统计公报\n(三)卫生人员。年末全省卫生人员总数25.87万人。其中,卫生技术人员20.35万人。",
             text="卫生技术人员20.35万人", period="年末"),
          # a place alone in brackets right after a figure is where it was measured
          ex("各市州年平均气温在16.8℃（湘西州）至19.9℃（郴州市）之间。", value=16.8, region="湘西州"),
          # 分别 before a verb and its measure still pairs the list's places with the figures
          ex("四川、重庆、云南分别完成旅客吞吐量4218.6万人次、2312.5万人次和2605.3万人次。", value=23125000,
             region="重庆"),
          # a 分别 clause pairs its figures with the list closing the clause before
          ex("改善幅度前三位的城市为阜新市、朝阳市和铁岭市，分别改善17.2%、14.5%和12.8%。", value=14.5,
             region="朝阳市"),
          # a count of the field a ranking places in is about its scope; 全省 is the province of a city
          ex("长沙市一季度经济运行情况\n全市新登记企业2.18万户,增幅居全省14个市州首位。", value=14, region="湖南省"),
          # a note in brackets explaining the term is no part of what is measured; what a count
          # takes in or leaves out is
          ex("研发投入强度（R&D经费与地区生产总值之比）为2.71%。", value=2.71, metric="研发投入强度"),
          ex("数字化阅读方式（网络在线阅读、手机阅读等）接触率为80.9%。", value=80.9, metric="数字化阅读方式接触率"),
          ex("在校生（含在园幼儿）107.35万人。", value=1073500, metric="在校生（含在园幼儿）"),
          # the measure a sentence opens with (以X衡量), for places ranked by it
          ex("以每10万人口死亡人数衡量,台东县25.6人居全国第1位,屏东县21.8人、嘉义县20.9人分居第2、3位",
             value=21.8, metric="每10万人口死亡人数"),
          # a place's level in brackets after 前三名依序为 measures what is ranked
          ex("死亡人数前三名依序为台中市（352人）、高雄市（331人）。", value=331, metric="死亡人数"),
          # an average in brackets (全国平均水平（14.8/10万）) is the nation's level
          ex("全省孕产妇死亡率为8.47/10万，低于全国平均水平（14.8/10万）。", value=14.8, region="全国"),
          # 年內 is the year reported on, written with ○ for 〇 in Hong Kong
          ex("運輸署公布二○二四年交通統計數字\n電動車普及速度持續加快。年內新登記私家車共62,180輛。", value=62180,
             period="二○二四年"),
          # a verb of recording after a breakdown (按地区划分,…分别录得) names nothing: the earlier level
          ex("二〇二四年共发生交通意外15,872宗。按地区划分，港岛、九龙及新界分别录得3,904宗、5,813宗及6,155宗。",
             value=5813, metric="共发生交通意外"),
          # students from abroad (境外學生) study where the text is about
          ex("臺灣教育統計\n113學年度在臺灣大專校院就讀的境外學生共計13萬4,582人。", value=134582, region="臺灣"),
          # 未来三年内: a span of three years, no 年内
          ex("二〇二五至二六年度预算案公布。未来三年内将投入约3亿元。", value=300000000, period="未来三年"),
          # a gloss in brackets (（指…30日内…）) hands no measure on
          ex("死亡人数2,917人（指事故发生后30日内死亡者），较上年的3,064人减少147人", value=3064, metric="死亡人数"),
          # a market abroad is where a place earns (海外市场销售收入), not the place; 全国游戏 is the nation's
          ex("四川省游戏产业。全省游戏海外市场实际销售收入19.7亿美元,全国游戏市场实际销售收入3312.6亿元。",
             value=1970000000, region="四川省"),
          ex("四川省游戏产业。全省游戏海外市场实际销售收入19.7亿美元,全国游戏市场实际销售收入3312.6亿元。",
             value=331260000000, region="全国"),
          # the whole a share is of is no place of the share, even where the clause before names it
          ex("长庆油田陇东分公司2024年报\n2024年全国原油产量约2.1亿吨，公司原油产量约占全国的3.9%。", value=3.9,
             region="陇东"),
          # an area named by its direction and its kind (北部海洋经济圈) is one region
          ex("2024年,北部海洋经济圈海洋生产总值27210亿元,比上年增长5.6%", value=5.6, region="北部海洋经济圈"),
          # a level compared with is of the time written before it; a price index's carry-over of
          # last year's changes (去年价格变动的翘尾影响) is no time of the figure
          ex("9月CPI较上年同月涨2.75%,涨幅较8月之2.66%扩大0.09个百分点。", value=2.66, period="8月"),
          ex("9月份消费物价较一年前同月上升1.3%,升幅略高于8月份的1.1%。", value=1.1, period="8月份"),
          # the years of a record (为近两年来最高) are no period for what follows
          ex("8月底放款余额年增率7.85%,为近两年来最高;购置住宅贷款余额11兆3,870亿元。", value=11387000000000,
             period="8月底"),
          ex("10月份CPI同比上涨0.3%,其中去年价格变动的翘尾影响约为-0.2个百分点。", value=-0.2, period="10月份"),
          # a measure shared by a 分别 list after as many levels: the k-th level's
          ex("全省已建成街道综合养老服务中心1012个、社区养老服务站点1.23万个,覆盖率分别为97.4%和91.8%。",
             value=91.8, metric="社区养老服务站点覆盖率"),
          # named only by what was done: the topic its sentence opens with (X方面,)
          ex("马拉松及路跑赛事方面,全年举办47场,参赛选手约62万人次。", value=47, metric="马拉松及路跑赛事"),
          # a share after the main part a clause names (以X为主, 以X居多) is of that part
          ex("从火灾原因看,以电气火灾居多,占比38.2%。", value=38.2, metric="电气火灾"),
          # a from-to that starts at a former level (由过去的, 由原来的) is measured before 由
          ex("一般项目从立项到取得施工许可的时间由原来的25个工作日压减至12个工作日。", value=25,
             metric="一般项目从立项到取得施工许可的时间"),
          # another place's level compared with is of the measure named before
          ex("8月我国失业率3.40%,低于美国之4.3%、加拿大之7.1%。", value=7.1, metric="我国失业率"),
          # a list of times before 分别: the k-th figure is of the k-th time
          ex("一季度、上半年、前三季度全省文化企业营业收入分别增长4.6%、5.3%和5.9%。", value=5.3, period="上半年"),
          # an event opening its clause with the bracket of its dates is a period
          ex("一季度,全省销售体彩50亿元。欧洲杯(6月15日至7月15日)期间,全省竞彩足球销售19.36亿元。",
             value=1936000000, period="欧洲杯(6月15日至7月15日)期间"),
          # holidays that meet, and the name they go by together, are one period
          ex("今年国庆中秋“双节”假期共8天,全市接待游客1085.6万人次。", value=10856000, period="今年国庆中秋“双节”假期"),
          # being placed after a figure names nothing: the measure stands before it
          ex("就业人数中,批发及零售业以191.6万人居次,营建工程业92.7万人位居第三。", value=927000, metric="营建工程业"),
          # the date a measure is forecast for, written after it, is no part of it
          ex("財政儲備預計於二〇二六年三月三十一日為6,512億元。", value=651200000000, metric="財政儲備"),
          # a bracket glossing the term before it, closing before the figure: the term is the measure
          ex("女性献血者占比41.6%;固定献血者（年内献血2次及以上）达31.8万人。", value=318000, metric="固定献血者"),
          ex("雨日（日雨量達0.1毫米或以上）共20天。", value=20, metric="雨日"),
          # an age range before the measure is part of whom the figure counts (者 too)
          ex("15至24岁青年失业率为12.85%;25至44岁者为3.62%。", value=3.62, metric="25至44岁者"),
          ex("年末常住人口中,0—14岁人口为737.8万人。", value=7378000, metric="0—14岁人口"),
          # a clause of its own that sets the place (在合肥,) is the topic of the clauses after it
          ex("安徽检察工作报告\n在合肥,检察机关提前介入一起诈骗案,涉案金额超1.2亿元。", value=120000000, region="合肥"),
          # where a meeting is held is no region (context.yaml venue_after)
          ex("2024年度国家科学技术奖励大会在北京召开。我省共有28项成果获奖。\n其中,技术发明奖7项。", value=7,
             region=None),
          # a place right before an origin noun stays in the metric: whose figure it is
          ex("今年首季，內地旅客約861萬人次。", value=8610000, metric="內地旅客"),
          # a route's end is no region (context.yaml route_joiners)
          ex("2024年新开郑州至吉隆坡、阿拉木图等客运航线11条。", text="客运航线11条", region="郑州"),
          ex("西安至德国杜伊斯堡、汉堡和波兰马拉舍维奇三条线路开行量分列前三位。", value=3, region="西安"),
          # a place's level compared with, written right before it (較香港3.7%), is that place's; by how
          # much (高于全国0.4个百分点) is the subject's
          ex("我國失業率3.37%,較香港3.7%、加拿大6.9%為低,惟高於日本2.6%。", value=3.7, region="香港",
             metric="我國失業率"),
          ex("全省地区生产总值同比增长5.6%,高于全国0.4个百分点。", value=0.4, region="全省"),
          # the first day of a season (春运首日); a spell's length is no time (失業期間達1年以上)
          ex("春运首日,集团投入运力超4000台次。", value=4000, period="春运首日"),
          ex("8月失業者平均失業週數為20.6週;失業期間達1年以上之長期失業者約5.9萬人。", value=59000, period="8月"),
          # a whole year is the year a report covers, named as its last day (截至…十二月三十一日止年度)
          ex("截至二零二四年十二月三十一日止年度之全年業績公告\n\n收入約人民幣128.65億元。\n\n‧全年股息合共每股0.28港元。",
             value=0.28, period="二零二四年十二月三十一日"),
          # a headline's parts stand apart: a part too long to be a name leaves the figure's own part
          ex("广东知识产权司法保护力度持续加大　2025年全省法院新收知识产权案件19.62万件", value=196200,
             metric="2025年全省法院新收知识产权案件"),
          # a target's own amount takes the time before it, a verb and a grade between (下半年计划新培育…)
          ex("截至6月底,全省共有景区206家。下半年计划新培育4A级以上景区10家左右。", value=10, period="下半年"),
          # the time a target was set is no period (年初确定的…目标)
          ex("2024年,全省单位GDP能耗下降3.8%,超额完成年初确定的“下降3.2%左右”目标任务。", value=3.2,
             period="2024年"),
          # both terms of a ratio measure the same (生师比为16.04∶1)
          ex("专任教师45.6万人，生师比为16.04∶1。", value=1, metric="生师比"),
          ex("全国70个大中城市中，新建商品住宅销售价格环比上涨的城市有3个。", value=70, metric="大中城市"),
          # a figure restated in brackets measures the same (五成以上（52.67%）); a listed link's number
          # opens no metric (3. 橫琴…新增澳資企業超300家)
          ex("失業者占失業總數之五成以上（52.67%）。", value=52.67, metric="失業者占失業總數之"),
          ex("3. 橫琴粵澳深度合作區今年新增澳資企業超300家", value=300, metric="新增澳資企業"),
          # the base of an index in brackets names nothing (上年=100)
          ex("居民消费价格指数（上年=100）为101.2。", value=101.2, metric="居民消费价格指数"),
          # the counted noun runs on through 公共 and a list of kinds of division (区、县（市）)
          ex("将新增约1500个公共停车泊位。", value=1500, metric="公共停车泊位"),
          ex("全市有6个区、县（市）完成目标。", value=6, metric="区、县（市）"),
          # a figure named only by what was done takes the subject its sentence opens with, before what
          # caused the change (受…带动, 因…)
          ex("证券交易税受成交值放大带动，征起176亿元。", value=17600000000, metric="证券交易税"),
          # a verb of being selected stays with the noun counted (metrics.yaml following_selection)
          ex("全省已有2家企业进入全国种业企业前十。", value=2, metric="企业进入"),
          # a place naming a route is no region (中欧班列, 中亚方向)
          ex("西安：2024年中欧班列开行5012列", value=5012, region="西安"),
          ex("西安：中欧班列开行量\n\n方向 | 开行量（列）\n中亚方向 | 2156", value=2156, region="西安"),
          # the whole a share is taken of, or what a figure is compared with, is no region
          # (context.yaml base_before)
          ex("其中,宿州、阜阳、亳州3市小麦面积2996万亩,占全省的70.1%。", text="占全省的70.1%",
             region="宿州、阜阳、亳州"),
          ex("重庆GDP增长6.1%，比全国高0.9个百分点。", text="比全国高0.9个百分点", region="重庆"),
          # 全省 takes the province a chain of places opens with (江西省赣北)
          ex("江西省水利厅通报\n七月十九日至二十一日,江西省赣北地区出现强降雨过程,全省平均降雨量98.6毫米。",
             value=98.6, region="江西省"),
          # where visitors come from is no region, a visit's verb between (context.yaml origin_nouns)
          ex("香港旅遊發展局公布\n十月份內地訪港旅客約322萬人次。", value=3220000, region=None),
          # ... nor a place said to be a source market, nor the rows of a table of source markets
          ex("香港上半年旅游业回暖。\n内地继续是首位客源市场，上半年共有约1,805万名内地旅客访港。", value=18050000,
             region="香港"),
          ex("香港旅游业回暖。\n排名 客源市场 旅客人次(万) 按年变幅(%)\n1 内地 1,805.3 10.9\n", value=18053000,
             region="香港"),
          ex("臺灣觀光統計\n觀光署公布臺灣113年觀光數據。\n居住地 人次 成長率(%)\n日本 1,318,604 42.1\n", value=1318604,
             region="臺灣"),  # visitors by where they live (居住地, 原居地, 国籍)
          # nor a term that opens with a region word (context.yaml region_word_not_before)
          ex("2025年1—10月湖南省财政收支情况\n1—10月,国内增值税812.4亿元。", value=81240000000, region="湖南省"),
          ex("四川代表团金牌数比2021年陕西十四运会增加8枚。", value=8, region="四川"),
          # 分别: places or organisations say whose figure; a pair in one word is split (metrics.yaml
          # respective_pairs); 和 between members names nothing
          ex("中国电信云南分公司、中国联通云南省分公司电信业务收入分别为56.3亿元和38.9亿元。", value=3890000000,
             metric="电信业务收入"),
          ex("10月,汽车产销分别完成335.9万辆和332.2万辆。", value=3322000, metric="汽车销量"),
          # a holiday is one period, with its year and its bracket of dates (context.yaml holidays)
          ex("据国家电影局统计,2026年春节假期(2月15日至23日),全国电影票房为101.27亿元。", value=10127000000,
             period="2026年春节假期(2月15日至23日)"),
          # so is a season of a year's work, with or without its year, part and dates (context.yaml seasons)
          ex("2024年汛期(6—9月),全省平均降水量892.6毫米。", value=892.6, period="2024年汛期(6—9月)"),
          ex("2025年春运圆满收官。春运期间,全省投入营运客车1.92万辆。", value=19200, period="春运期间"),
          # a facility named after its place is the region of its figures (features.yaml facilities)
          ex("汛期以来,湘潭站最高水位40.62米。", value=40.62, region="湘潭站"),
          ex("长沙黄花国际机场完成旅客吞吐量562.8万人次。", value=5628000, region="长沙黄花国际机场"),
          ex("全区港口完成货物吞吐量5.37亿吨。", value=537000000, region="全区"),  # no place: no facility
          # the world in a title modifies what is ranked, and is no subject (context.yaml world_words)
          ex("2025年世界大学排名发布\n学校共有12个学科进入排名。", value=12, region=None),
          # a paragraph's lead place comes before its first figure; one after it is what the sentence goes on to
          ex("长沙市2025年经营主体发展情况\n全年新设外商投资企业612户,其中香港投资企业占比近四成。全年注销经营主体12.4万户。",
             value=124000, region="长沙市"),
          # 以 introduces what a figure measures, before it or after it; not before a place
          ex("女子59公斤级选手杨雪以抓举106公斤夺冠。", value=106, metric="抓举"),
          ex("广东省以9.36亿元票房居全国首位。", value=936000000, metric="票房"),
          ex("粗出生率以新竹市6.82‰最高。", value=6.82, metric="粗出生率"),
          # a currency's name, a per-share base and a bullet frame the measure (metrics.yaml trailing)
          ex("‧收入約人民幣128.65億元，較二零二三年增長8.3%。", value=12865000000, metric="收入"),
          # a 分别 list of changes after as many levels: the k-th change is the k-th level's
          ex("油料产量3.12万吨，蔬菜产量71.5万吨，分别增长2.4%和3.9%。", value=2.4, metric="油料产量增长"),
          ex("油料产量3.12万吨，蔬菜产量71.5万吨，分别增长2.4%和3.9%。", value=3.9, metric="蔬菜产量增长"),
          # a change compared with a year or a plan's end is named after the level before it
          ex("全市森林覆盖率达到67.8%，比“十三五”末提高1.2个百分点。", value=1.2, metric="全市森林覆盖率比“十三五”末提高"),
          ex("‧收入約人民幣128.65億元，較二零二三年增長8.3%。", value=8.3, metric="收入較二零二三年增長"),
          # an average with no words of its own averages the measure before it (metrics.yaml per_unit_averages)
          ex("长沙南站发送旅客612.4万人次,日均15.3万人次。", value=153000, metric="日均发送旅客"),
          ex("全市重点监测零售和餐饮企业实现销售额9.4亿元,日均1.18亿元。", value=118000000, metric="日均销售额"),
          # a clause that is only a time is one period (今年4月1日入汛以来, 强降雨期间)
          ex("今年4月1日入汛以来,全省累计平均降雨量812.6毫米。", value=812.6, period="今年4月1日入汛以来"),
          ex("强降雨期间,全省共有63座大中型水库超汛限水位运行。", value=63, period="强降雨期间"),
          # a time in the base of a multiple or a share is the base's (是去年同期的2.3倍)
          ex("今年端午假期,全市接待游客365万人次,搜索热度是去年同期的2.3倍。", value=2.3, period="今年端午假期"),
          # ... and no period of what follows (是9月批次的2倍), nor is the start of a record's span
          ex("11月18日,全市4宗用地成功出让。报名企业数量是9月批次的2倍。两宗地块溢价成交。", value=2,
             unit="宗", period="11月18日"),
          ex("11月18日,全市4宗用地成功出让,溢价率为今年以来全区最高的。经过11轮竞价成交。", value=11,
             period="11月18日"),
          # a day opening the first sentence, the day of the event its figures are of (not of a
          # meeting: 召开, 获悉)
          ex("杭州市区4宗经营性用地成功出让\n\n11月18日,杭州市区4宗经营性用地成功出让。\n\n本次出让共吸引14家企业报名。",
             value=14, period="11月18日"),
          ex("全市经营主体发展情况\n\n11月18日,市政府召开新闻发布会。\n\n全市共有经营主体14家。", value=14, period=None),
          # a clause that is only a time, with quotes, a long event or a bracket of dates in it
          ex("副厅长介绍,“十四五”以来,全省R&D经费年均增长10.2%。", value=10.2, period="“十四五”以来"),
          ex("开幕以来(1月18日至2月4日),灯会累计接待游客163.5万人次。", value=1635000,
             period="开幕以来(1月18日至2月4日)"),
          # a relative time owning the subject (该校去年的科研经费) frames its clause
          ex("2027年度排名公布。\n该校去年的科研经费超过9亿元,按年增长逾15%。", value=15, period="去年"),
          # the next few years (在三年内, 未来五年); a year's whole (2025年全年); 同期 opening a
          # sentence is the time of the one before; a budget's or a report's time is not the figure's
          ex("政府会在未来五年预留约1500亿元推展区内基建工程。", value=150000000000, period="未来五年"),
          ex("香港经济在2025年全年实质增长2.6%。", value=2.6, period="2025年全年"),
          ex("2025年1月至9月财政总收入为746.8亿元。同期财政总开支为682.4亿元。", value=68240000000,
             period="2025年1月至9月"),
          ex("2025年首九个月博彩税收入587.9亿元,已完成全年预算的74.5%。", value=74.5, period="2025年首九个月"),
          ex("2025年1月至9月财政总收入为746.8亿元,占全年收入预算1,016.3亿元的73.5%。同期财政总开支为682.4亿元。",
             value=68240000000, period="2025年1月至9月"),
          # a bracket of the areas a figure includes (含浏阳市，下同) lends the figure no place
          ex("长沙市土地出让情况发布\n长沙市自然资源和规划局通报土地出让情况。\n全年全市（含浏阳市，下同）供应土地612宗。\n"
             "浏阳市　147\n浏阳市　151\n", value=612, region="长沙市"),
          # a thing named after where it is (海外仓, 境外游) names no region
          ex("郑州跨境电商综试区发展情况\n全年新增海外仓19个。", value=19, region="郑州"),
          # trading partners listed with bodies that are no places (对美国、欧盟、东盟出口) are no region
          ex("郑州跨境电商发展情况\n对美国、欧盟、东盟出口分别占38.6%、21.7%和12.4%。", value=38.6, region="郑州"),
          # a line naming another article (上一篇：…) has its own time and place, and lends them to nothing else
          ex("湖南省2025年统计公报\n全省生产总值增长5.1%。\n上一篇：湖北前6月外贸进出口增长7.1%", value=7.1,
             period="前6月", region="湖北"),
          ex("湖南省2025年统计公报\n上一篇：湖北前6月外贸进出口增长7.1%\n全省生产总值增长5.1%。", value=5.1,
             period="2025年", region="湖南省"),
          # what was added (新增) is a level, each member's own; after a base, a change
          ex("内蒙古、新疆、河北分别新增1420万千瓦、1160万千瓦和690万千瓦。", value=11600000, metric="新增"),
          ex("全省5G基站总数达15.2万个，比上年末新增3.1万个。", value=31000, metric="全省5G基站总数比上年末新增"),
          # an event's span leading its clause (消费季期间…) is a time
          ex("2025年湖北消费季圆满收官。\n分品类看，消费季期间汽车类零售额316.4亿元。", value=31640000000,
             period="消费季期间"),
          # a time in a cause given for a figure is no period; the twelve months to a month are one
          ex("2025年第3季消费物价指数上升0.42%。衣履类指数上升，主要由于夏季服装减价；住屋类指数下跌0.95%。",
             value=0.95, period="2025年第3季"),
          ex("截至九月份止的十二个月，综合消费物价指数平均按年上升0.33%。", value=0.33,
             period="截至九月份止的十二个月"),
          # the clause after an extreme says when and where it occurred
          ex("长沙市2024年气候公报\n年极端最高气温40.6℃,8月5日出现在浏阳市。", value=40.6, period="8月5日",
             region="浏阳市"),
          # a span of years leading its clause (“十四五”时期,) is a time like “十四五”以来
          ex("全省统计公报发布\n“十四五”时期,全省地区生产总值年均增长7%左右。", value=7, period="“十四五”时期"),
          # a year in general (一年中, 每年内) is no time
          ex("2020年全市气候公报\n一年中四季分明,其中春季63天,夏季133天。", value=63, period="2020年"),
          # last week (上周) is a time like last month, where it leads its clause
          ex("醫管局公布冬季服務高峰期數據\n上周，全港公立醫院合共錄得46,830人次急症室求診。", value=46830, period="上周"),
          # 本港/本澳 name their territory: where the head names no place, each weighs as a mention of it,
          # and a trading partner (出口往內地的貨值, 香港續為澳門第一大出口市場) is none
          ex("統計處公布最新貿易數據\n出口往內地的貨值為120億元。整體出口貨值為350億元，本港進口貨值為410億元，"
             "本港貿易逆差為60億元，本港轉口貨值上升3.1%。", value=35000000000, region="香港"),
          ex("貿易數據\n出口往香港的貨值為72.46億元，香港續為澳門第一大出口市場；本澳進口貨值為128.4億元，"
             "本澳逆差擴大，本澳轉口上升。出口總值為13.62億元。", value=1362000000, region="澳門"),
          # ... and so does the place a ranking opens with (澳門第一大出口市場: the field it ranks in)
          ex("貿易數據\n統計局公布最新數據。出口往中國內地(18.93億元)及美國(4.37億元)的貨值分別上升。香港續為澳門第一大出口市場，"
             "中國內地繼續為澳門第一大進口來源地，本澳逆差擴大。\n出口總值為13.62億元。", value=1362000000, region="澳門"),
          # a first sentence that only says who published what: the nation the rest of its paragraph
          # names is the subject (a place named there may be a partner: the nation only)
          ex("114年10月海關進出口貿易統計\n財政部11月7日發布進出口貿易統計。本月我國出口值為589.6億美元。\n\n"
             "累計1至10月出口5,214.3億美元。", value=521430000000, region="我國"),
          # partners listed after 对, places or not, are none (对东盟、欧盟、美国意向成交)
          ex("江西交易团意向成交总额创新高。\n对东盟、欧盟、美国意向成交分别为4.3亿美元、3.1亿美元和2.2亿美元。",
             value=220000000, region="江西"),
          # a holiday alone where it leads its clause (暑期全市…), not inside one (受暑期自驾游带动)
          ex("贵阳市暑期旅游持续升温。\n暑期全市接待入境游客4.6万人次。", value=46000, period="暑期"),
          # the text's period: the head's own time, a relative one (去年) only when it states no other
          ex("湖南：去年全省道路交通事故死亡人数下降9.8%\n省公安厅通报2024年全省道路交通安全工作情况。\n全省14个市州中有11个事故死亡人数下降。",
             value=11, period="2024年"),
          # the place of the title is the subject, a region's too when its airports follow it (西南地区机场)
          ex("上半年西南地区机场旅客吞吐量超1亿人次\n会议通报,上半年,57个运输机场共完成旅客吞吐量1.06亿人次。",
             value=106000000, region="西南地区"),
          ex("2025年可再生能源发展情况\n光伏新增装机前三的省份为江苏、新疆、河北,合计新增1.06亿千瓦。", value=106000000,
             region="江苏、新疆、河北"),
          # a level compared with after its place (略高于全国的4.79本) is that place's
          ex("江西省阅读调查\n全省成年国民人均纸质图书阅读量为4.86本，略高于全国的4.79本。", value=4.79, region="全国"),
          # a place named as a superlative's holder (最高的是萍乡市) is what the next clause is about
          ex("江西省人口公报\n65岁及以上人口占比最高的是萍乡市，为16.82%，最低的是赣州市，为10.95%。", value=10.95,
             region="赣州市"),
          # a time right before a target or a budget is the period of its own amount
          ex("2025年1月至9月财政总收入746.8亿元。2026年预算收入8,990亿元。", value=899000000000, period="2026年"),
          ex("今年1至10月完成投资412亿元,全年计划投资500亿元。", value=50000000000, period="全年"),
          ex("113年度歲入編列2兆7,210億元，較112年度預算數增加1,436億元。", value=143600000000, period="113年度"),
          # the year of a report or an index in its sentence's title is its figures' time; a plan's is not
          ex("澳门本年度多项国际排名上升。\n研究院本月发布的《全球城市综合实力指数2025》,对全球150个城市进行评估。", value=150,
             period="2025"),
          ex("2025年春运期间,按照《2025年全省综合运输春运工作方案》,累计出动执法人员32.6万人次。", value=326000,
             period="2025年春运期间"),
          # a time and the bracket that says it again in dates are one period
          ex("第四季度(即二〇二六年一月至三月)一般是暂缴税的主要收入月份,预计录得约1500亿元收入。",
             value=150000000000, period="第四季度(即二〇二六年一月至三月)"),
          # a whole year (全年, 本年度) is the year the text reports on, as the text writes that year
          # (else the year its paragraph named last)
          ex("澳门本年度多项排名上升。\n澳门二〇二四年共举办会展活动1482项;全年参与人数约248万人次。", value=2480000,
             period="二〇二四年"),
          ex("2024年度省科学技术奖揭晓\n本年度全省共授奖项目281项。", value=281, period="2024年度"),
          ex("二〇二五年澳门旅游统计\n力争全年入境旅客3900万人次以上。", value=39000000, period="二〇二五年"),
          # the last few years up to the text's time (近三年, 近5年来) frame their own sentence
          ex("2024年度省科学技术奖揭晓\n据统计,获奖项目近三年累计新增销售收入1386.2亿元。", value=138620000000,
             period="近三年"),
          # the end of a from-to dated after 至 shares the start's metric
          ex("全市经营主体总量由2020年末的108.3万户增至2025年末的158.62万户。", value=1586200, metric="全市经营主体总量",
             period="2025年末"),
          ex("消费物价通胀率由一九九七年的约6%逐渐下降至一九九八年的约3%。", value=3, metric="消费物价通胀率"),
          ex("每10万人中具有大学文化程度的人口由上年末的14920人上升为15500人。", value=15500,
             metric="每10万人中具有大学文化程度的人口"),
          # a sentence of parts (其中,…) keeps the time of the total before it in its paragraph
          ex("2025年春运圆满收官。\n春运期间,全省发送旅客1.36亿人次。其中,铁路发送旅客2186.5万人次。",
             value=21865000, period="春运期间"),
          # no words of its own: what the ranking before it ranks
          ex("凉山州、甘孜州、雅安市受灾人次居全省前三位,分别为186.4万人次、142.7万人次和121.5万人次。",
             value=1427000, metric="受灾人次"),
          # what is counted follows a verb of having (metrics.yaml having)
          ex("全市共有A级景区56家。", text="A级景区56家", metric="A级景区"),
          # after an agent and a totalling adverb, what it did (metrics.yaml totalling); not a noun
          # the adverb qualifies, nor after a selected group
          ex("全省各级应急管理部门累计检查企业5.83万家次。", value=58300, metric="检查企业"),
          ex("1-10月,移动互联网累计流量达78.2亿GB。", value=7820000000, metric="移动互联网累计流量"),
          ex("前十家企业集团累计销售汽车2310.6万辆。", value=23106000, metric="前十家企业集团累计销售汽车"),
          # no words of its own: the measure its paragraph last stated in the same unit, never one
          # of another paragraph
          ex("全省粮食产量5712.3万吨。其中,菏泽市812.6万吨,居全省首位。", value=8126000, metric="全省粮食产量"),
          ex("7月博彩毛收入为199.6亿澳门元。\n7月、8月及9月分别为199.6亿、221.8亿及197.0亿澳门元。",
             value=22180000000, metric=None),
          # a phrase too long to be a name still has its head at its end
          ex("全年打掉为诈骗团伙提供“两卡”和引流推广服务的犯罪团伙412个。", value=412, metric="犯罪团伙"),
          # the noun after a range's or a list's last member counts them all; what they did names nothing
          ex("8月中下旬我省仍将出现2至3次强降雨过程。", value=2, metric="强降雨过程"),
          ex("浏阳市、醴陵市分别有6项、4项成果获奖。", value=6, metric="成果"),
          ex("另有3名外籍专家获省国际科学技术合作奖。", value=3, metric="外籍专家"),
          ex("综合指数在2.41至3.36之间。", value=2.41, metric="综合指数"),
          # a long phrase before a figure is cut after its last verb of doing (metrics.yaml action_verbs)
          ex("航空公司在郑州机场运营客运航线218条。", value=218, metric="客运航线"),
          # a numbered list's lines take the time of the line introducing the list
          ex("二〇二五年十二月的财政状况。\n首九个月的综合赤字由以下帐目组成:\n(一)政府一般收入帐目录得赤字1102.5亿元;",
             value=110250000000, period="首九个月"),
          # what a figure is set to by 把…调高至 (把离境税调高至每名旅客250元); an item's number is no word
          ex("(二)把离境税调高至每名旅客250元,每年可带来额外收入约12亿元。", value=250, metric="离境税"),
          # a kind of money named right after an amount is what it measures (metrics.yaml money_nouns)
          ex("政府计划在新财政年度发行约1,500亿元政府债券。", value=150000000000, metric="政府债券"),
          ex("为每个住宅电费帐户提供500元电费补贴。", value=500, metric="电费补贴"),
          # a level compared with takes the measure named before; a duration of something after 的
          ex("澳门今年综合得分为62.8分,较去年的60.3分提高2.5分。", value=60.3, metric="综合得分"),
          ex("首九个月录得财政盈余64.4亿元,上年同期则为52.3亿元。", value=5230000000, metric="录得财政盈余"),
          ex("财政储备为6420亿元,相当于约11个月的政府开支。", value=11, metric="政府开支"),
          # ... a dated base too, and a measure written before its base
          ex("财政储备为6,124.5亿元,较二○二五年三月三十一日的7,392.8亿元减少1,268.3亿元。", value=739280000000,
             metric="财政储备"),
          ex("全年收入较二零二三年的人民币118.79亿元增加约9.86亿元。", value=11879000000, metric="收入"),
          # the same amount converted (折合, 约合) measures what the amount before it measures
          ex("平均每人GDP为33,983美元,折合新台币109万6,102元。", value=1096102, metric="平均每人GDP"),
          ex("人均本地生产总值为43.2万澳门元(约合5.4万美元)。", value=54000, metric="人均本地生产总值"),
          # a total after what was added is that thing's total
          ex("新增规模以上工业企业43家,总数达到316家。", value=316, metric="规模以上工业企业总数"),
          ex("规模以上工业企业新增386户、总数达4215户。", value=4215, metric="规模以上工业企业总数"),
          # an organisation right before a date says whose figure and when; a change verb ending in 至 is framing
          ex("西安长庚新能源汽车有限公司1—10月产量84.7万辆。", value=847000, metric="产量", period="1—10月"),
          ex("西安瑞途汽车有限公司1—10月新能源车型占比提升至72%。", value=72, metric="新能源车型占比"),
          # a modifier saying what a thing is about or stands for (以…为内容的, 以…为代表的) is no measure
          ex("以新能源汽车为代表的新产品产量增长32.5%。", value=32.5, metric="新产品产量增长"),
          # leading the field with a figure (以9843个领跑全市) names no measure; the topic does
          ex("公共充电桩方面，岳麓区以9843个领跑全市。", value=9843, metric="公共充电桩"),
          # items as long as each other share what follows the last one's own part
          ex("城市、农村低保月人均保障标准分别为852元和655元。", value=852, metric="城市低保月人均保障标准"),
          # a clause of figures opening with 分别 after a clause listing measures and which way they went
          ex("全市城市居民人均可支配收入以及农民人均纯收入持续增长,分别达到12452元和5347元。", value=5347,
             metric="农民人均纯收入"),
          # no words of its own after a superlative: what the place was ranked by
          ex("章贡区耕地面积最少,仅4.2万亩。", value=42000, metric="耕地面积"),
          ex("其中,PM2.5年均浓度最低的是石门县,为27微克/立方米。", value=27, metric="PM2.5年均浓度"),
          # a city cluster the body names often is its setting, not the document's subject
          ex("今年以来，经济运行总体平稳。\n新增企业120家。\n区域合作方面，大湾区合作加强，大湾区一体化推进，"
             "大湾区市场扩大。", text="新增企业120家", region=None))),
    Rule("link.ranking", "fact", "a ranking no quantity claims, with the metric read before it", None,
         (ex("数字政务综合评价排名全国第9", metric="数字政务综合评价", rank=9),)),
)


def window_of(ctx: LinkContext, q: Quantity, carry: Carry) -> Window:
    """Where `q`'s own words are read: from its clause start, or from the
    end of the quantity before it in the same clause.

    >>> _demo("年平均降水分别为313.2毫米、143.7毫米", "metric")  # the second is a list member
    ['年平均降水', '年平均降水']
    """
    sentence = ctx.sentences.at(q.start)
    clause = ctx.clauses.at(q.start)
    s_start = sentence.start if sentence else q.start
    c_start = clause.start if clause else s_start
    prev = carry.quantity
    # (居民消费价格指数（上年=100）为101.2: the base of an index names nothing for the figure after it)
    same_clause = prev is not None and c_start < prev.end <= q.start and not (
        _CLOSES_NOTE.match(ctx.norm, prev.end) and ctx.norm[:prev.start].rstrip().endswith(("=", "＝")))
    same_sentence = prev is not None and s_start < prev.end <= q.start
    between = ctx.norm[prev.end:q.start] if same_clause and prev else None
    member = between is not None and ctx.list_or_to.fullmatch(between.strip()) is not None
    return Window(sentence, s_start, prev.end if same_clause and prev else c_start, same_sentence, member)


_CLOSES_NOTE = regex.compile(r"\s*[)）]")


def change_of(ctx: LinkContext, q: Quantity, window: Window, carry: Carry) -> Change:
    """The direction and comparison written right before `q`; a list member
    keeps those of the first member.

    >>> _demo("生产总值2012.46亿元,比上年增长17.6%", "direction")
    [None, 'up']
    """
    if q.rule == TABLE_CELL:  # a table read as a table said it in its header (tables.py)
        return Change(q.direction, q.comparison, q.start)
    direction, comparison, at = change(ctx.norm, window.start, q.start, ctx.lex)
    if window.member and carry.quantity is not None:
        direction = direction or carry.quantity.direction
        comparison = comparison or carry.quantity.comparison
    return Change(direction, comparison, at)


def metric_of(ctx: LinkContext, q: Quantity, window: Window, chg: Change, carry: Carry) -> Metric:
    """The phrase naming what `q` measures.

    >>> _demo("新能源汽车产量37万辆,同比增长1.4倍", "metric")
    ['新能源汽车产量', '新能源汽车产量同比增长']
    >>> _demo("已联接38个二级节点、2万余家企业", "metric")
    ['二级节点', '企业']
    >>> _demo("其中,PM2.5年均浓度最低的是石门县,为27微克/立方米", "metric")  # a superlative's measure
    ['PM2.5年均浓度']
    """
    norm, source, lex = ctx.norm, ctx.source, ctx.lex
    if q.rule in (TABLE_CELL, "qty.table_cell"):  # its row and column labels (tables.py, quantities.table_units)
        return Metric(None, q.metric, None)
    if window.member:  # a list member or the end of 由A至B: the first one's metric
        return Metric(carry.phrase, carry.metric, None)
    if window.same_sentence and carry.metric and _bracketed_level(ctx, q) is not None:
        return Metric(None, carry.metric, None)  # 是上饶市（2.41人）的1.9倍: the measure named before
    lo = _inside_bracket(norm, window.start, q.start)  # (其中南园36.8平方公里: no metric across the bracket
    if chg.direction is not None:
        # a change is named by its own subject (产业增长14.2%), else after
        # the level it changes (新能源汽车产量37万辆,同比增长1.4倍)
        phrase = strip(norm, lo, q.start, lex, ctx.entity_starts)
        if phrase.start < chg.at:
            return Metric(phrase, source[phrase.start:phrase.end], source[phrase.start:chg.at])
        if window.same_sentence and carry.metric:
            return Metric(phrase, carry.metric + source[chg.at:q.start].rstrip("了 "), None)
        return Metric(phrase, None, None)
    # 7类150个排行榜: a count stacked on another counts the same noun
    stacked = ctx.quantities.first_after(q.end, q.end + 1)
    if stacked is None and (joined := compiled(r"\s*(?:{range})\s*", lex).match(norm, q.end)):
        stacked = ctx.quantities.first_after(joined.end(), joined.end() + 1)  # 2至3次强降雨过程: the range's noun
    if stacked is None:
        stacked = _last_of_list(ctx, q)  # 分别有6项、4项成果获奖: the list's noun after its last member
    counted = stacked if stacked is not None and q.unit is None else q
    noun_at = stacked.end if stacked is not None else q.end
    of_only = q.unit in ("%", "‰") or ctx.unit_classes.get(q.unit or "") == "time"  # 99%的事项, 11个月的开支
    after = following(norm, noun_at, lex, of_only) if _counts_after(counted, ctx) else _money_after(ctx, counted, noun_at)
    if after is not None and only_framing(norm[after.start:after.end], lex):
        after = None  # 335.9万辆和332.2万辆: 和 joins the next member, it names nothing
    placed = after is not None and _PLACED.match(norm, after.start) and ctx.rankings.first_after(
        after.start, after.end)
    if after is not None and (placed or _LEADS.match(norm, after.start)):
        after = None  # 营建工程业92.7万人位居第三, 以191.6万人居次, 以9843个领跑全市: being placed names nothing
    by = after is None and norm.endswith("以", lo, q.start)
    if by and (named := by_figure(norm, q.end, lex)) is not None and not _LEADS.match(norm, named.start):
        return Metric(named, source[named.start:named.end], None)  # 以91.26分的综合得分, 以38.62亿元票房
    # (贷款期限以3至5年为主: with no noun after it, the measure stands before 以)
    phrase = after or strip(norm, lo, q.start - 1 if by else q.start, lex, ctx.entity_starts)
    if by and window.same_sentence and carry.metric:
        return Metric(phrase, carry.metric, None)  # …票房位居榜首,《星海远征》以24.15亿元位列第二
    if window.same_sentence and carry.metric and norm[phrase.start:phrase.end] in words(lex)["per_unit_averages"]:
        # 发送旅客612.4万人次,日均15.3万人次: the average of the measure named before
        return Metric(phrase, source[phrase.start:phrase.end] + _head_of(carry.metric, lex), None)
    phrase = _without_forecast_date(ctx, phrase)
    if after is None and (glossed := _before_gloss(ctx, phrase)) is not None:
        phrase = glossed
    if after is None:
        phrase = _after_last_action(ctx, phrase)
        if (set_to := _SET_TO.search(norm, phrase.start, phrase.end)) is not None:
            phrase = Phrase(set_to.start("what"), set_to.end("what"))  # 把离境税调高至每名旅客250元: 离境税
    if window.same_sentence and carry.metric and _COMPARED_LEVEL.fullmatch(norm, phrase.start, phrase.end):
        # 综合得分为62.8分,较去年的60.3分; 上年同期则为52.3亿元: the level compared with
        return Metric(phrase, carry.metric, None)
    if window.same_sentence and carry.metric and norm[phrase.start:phrase.end] in words(lex)["totals"]:
        # 新增规模以上工业企业43家,总数达到316家: the total of what was added
        return Metric(phrase, _without_addition(carry.metric, lex) + source[phrase.start:phrase.end], None)
    if window.same_sentence and carry.metric and norm[phrase.start:phrase.end] in words(lex)["conversions"]:
        # 33,983美元,折合新台币109万6,102元; 43.2万澳门元(约合5.4万美元): the same amount, converted
        return Metric(phrase, carry.metric, None)
    if (base := _MEASURE_THEN_BASE.search(norm, phrase.start, phrase.end)) is not None and base.start() > phrase.start:
        phrase = Phrase(phrase.start, base.start())  # 收入較二零二三年的118.79億元: the measure before its base
    if window.same_sentence and carry.metric and _compared_place(ctx, window.start, q.start) and (
            ctx.norm[q.start - 1] in "之的" or ctx.places.last_before(window.start, q.start) is not None
            and not _a_difference(ctx, q.start)):
        # 我国失业率3.40%,低于美国之4.3%、加拿大之7.1%: another place's level of the same measure
        return Metric(None, carry.metric, None)
    if phrase.end > phrase.start and (age := _AGE_BEFORE.search(norm, max(0, phrase.start - 14), phrase.start)):
        # 0—14岁人口为737.8万人, 25至44岁者为3.62%: an age range is part of whom the figure counts
        phrase = Phrase(age.start(), phrase.end)
    clause_start = _clause_start(ctx, q.start)
    if not (window.same_sentence and carry.metric) and _DOING.fullmatch(norm, phrase.start, phrase.end) and (
            topic := _TOPIC.match(norm, window.sentence_start, clause_start)):
        # 马拉松及路跑赛事方面,全年举办47场: what was done, counted, is the topic the sentence opens with
        return Metric(None, source[topic.start("what"):topic.end("what")], None)
    if not (window.same_sentence and carry.metric) and _DOING.fullmatch(norm, phrase.start, phrase.end) and (
            caused := _CAUSED.match(norm, window.sentence_start, clause_start)):
        return Metric(None, source[caused.start("what"):caused.end("what")], None)
    if norm[phrase.start:phrase.end] in _SHARE_WORDS and (
            mainly := _MAINLY.search(norm, max(window.sentence_start, q.start - 40), clause_start)):
        # 旅客消费以购物为主,占46.8%: what the share is of is what the clause before names as the main part
        return Metric(None, source[mainly.start("what"):mainly.end("what")], None)
    place = ctx.places.last_before(phrase.start, q.start) if norm[q.start - 1:q.start] in ("(", "（") else None
    if place is not None and place.end == q.start - 1:
        # 死亡人數前三名依序為臺中市（352人）: a place's level in brackets measures what is ranked before it
        if (lead := _PLACE_LEVEL_LEAD.search(norm, phrase.start, place.start)) is not None:
            phrase = strip(norm, phrase.start, lead.start(), lex, ctx.entity_starts)
    if phrase.end > phrase.start and not only_framing(norm[phrase.start:phrase.end], lex) and not (
            _RECORDED.fullmatch(norm, phrase.start, phrase.end)):  # 港島、九龍及新界分別錄得3,904宗: names nothing
        return Metric(phrase, source[phrase.start:phrase.end], None)
    if window.same_sentence and carry.metric:
        return Metric(phrase, carry.metric, None)  # 连续11年稳定在3000万吨以上: the level named before
    if (best := _SUPERLATIVE_BEFORE.search(norm, max(window.sentence_start, q.start - 40), q.start)) is not None:
        # 章贡区耕地面积最少,仅4.2万亩: what the clause before ranks the place by
        named = strip(norm, best.start("what"), best.end("what"), lex, ctx.entity_starts)
        if named.end > named.start:
            return Metric(named, source[named.start:named.end], None)
    if (listed := _listed_before(ctx, window, q)) is not None:
        # 城市居民人均可支配收入以及农民人均纯收入持续增长,分别达到12452元和5347元: the measures the
        # clause before lists, one per member (respective splits them)
        return Metric(None, listed, None)
    ranked = _ranked_before(ctx, window.sentence_start, q.start)
    if ranked is not None:  # 火灾起数居前三位的是A、B和C,分别为512起: what was ranked
        return Metric(None, ranked, None)
    if q.unit is not None and (earlier := _earlier_level(ctx, q, window, carry)) is not None:
        # 全省粮食产量…万吨。德州市752.3万吨,排名第二: no words of its own, the measure its
        # paragraph last stated in the same unit
        return Metric(None, earlier, None)
    return Metric(phrase, None, None)


def _head_of(metric: str, lex: Lexicons) -> str:
    """The head of a measure: its last word, with the word before it when both are short
    (实现销售额: 销售额; 发送旅客: 发送旅客; 跨区域人员流动量: 流动量)."""
    tokens = tokenizer(lex).lcut(metric, HMM=False)
    head = tokens[-1] if tokens else metric
    if len(head) <= 2 and len(tokens) > 1 and len(tokens[-2]) <= 2:
        head = tokens[-2] + head
    return head


def _without_addition(metric: str, lex: Lexicons) -> str:
    """`metric` without a word of adding at either end (新增X, X新增: X)."""
    added = words(lex)["additions_at_ends"]
    return added.sub("", metric) or metric




def _listed_before(ctx: LinkContext, window: Window, q: Quantity) -> str | None:
    """For a figure with no words of its own in a clause opening with 分别: the measures the
    clause before lists, if it only lists them and says which way they went, with 分别."""
    clause_start = _clause_start(ctx, q.start)
    if not ctx.norm.startswith("分别", clause_start) or clause_start <= window.sentence_start:
        return None
    before = ctx.clauses.at(clause_start - 1)
    if before is None or before.start < window.sentence_start:
        return None
    # the way the measures went (…纯收入持续增长), ending the clause before the figures' own (,分别达到)
    went = compiled(r"{change_verb}[,，]\s*$", ctx.lex).search(ctx.norm, before.start, clause_start)
    if went is None:
        return None
    listed = strip(ctx.norm, before.start, went.start(), ctx.lex, ctx.entity_starts)
    text = ctx.source[listed.start:listed.end]
    return text + "分别" if len(_list_items(text)) > 1 else None


def _paragraph_levels(ctx: LinkContext, q: Quantity, carry: Carry) -> tuple[tuple[str | None, str], ...]:
    """The levels `carry` holds, if `q` is in their paragraph."""
    prev = carry.quantity
    return carry.recent if prev is not None and "\n" not in ctx.norm[prev.end:q.start] else ()


_BREAKDOWN_BY = regex.compile(r"按[^,，。;；]{1,8}?(?:划分|区分|分|统计|计算|来看|看)|分[^,，。;；]{1,6}?(?:来看|看)")
_CLASS_BOUND = regex.compile(r"\s*及?(?:以上|以下)")  # 60岁及以上人口: the bound of a class measured


_SHARE_WORDS = frozenset(("", "占", "佔", "占比", "佔比"))
# a sentence opening on its topic (马拉松及路跑赛事方面, 非内地市场方面,) ...
# (以每10萬人口死亡人數衡量,臺東縣25.6人居全國第1位: the measure the places are compared by)
_TOPIC = regex.compile(r"\s*(?:(?:在)?(?P<what>[^,，。;；在\s]{2,12}?)方面"
                       r"|以(?P<what>[^,，。;；以\s]{2,14}?)(?:衡量|计算|计|来看|看))[,，](?:[^,，。;；]*[,，])?\s*$")
# ... and a figure named only by what was done (全年举办, 共录得, 各发生)
_DOING = regex.compile(r"(?:全年|共|各|累计|合共|仅|只)*(?:举办|录得|錄得|发生|發生|完成|实现|开展|办理|接待|征起|实征)?")
# ... or the subject the clause before opens with, ahead of what caused the change (證券交易稅受臺股
#成交值放大帶動,徵起176億元; 貨物稅則因汽車買氣轉弱,僅徵起139億元)
# (受 only with what it brought: 受灾人次 is a measure)
_CAUSED = regex.compile(r"\s*(?P<what>[^,，。;；:：\s受因由得]{2,12}?)(?:则|亦|也)?"
                        r"(?:受[^,，。;；]{2,30}?(?:影响|影響|带动|帶動|拉动|拉動|推动|推動|冲击|衝擊|提振|支撑|支撐)"
                        r"|(?:因|由于|得益于|受惠于)[^,，。;；]{2,30}?)[,，]\s*$")
# what leads the places of a ranked list (前三名依序為, 最多的是, 依次为): no part of what is measured
_PLACE_LEVEL_LEAD = regex.compile(r"(?:排名)?前[\d一二三四五六七八九十]{1,3}(?:名|位)?|最[多高大低少长短快慢]的?(?:是|为|為)"
                                  r"|依[序次](?:为|為|是)|分别(?:为|是)|排名")
# a verb of recording alone (分别录得): what was recorded is named before
_RECORDED = regex.compile(r"(?:分别|共|合共|各)?(?:录得|錄得)")
_MAINLY = regex.compile(r"以(?P<what>[^以,，;；。]{1,10}?)(?:为主|為主|居多|最多)[,，]\s*$")


def _earlier_level(ctx: LinkContext, q: Quantity, window: Window, carry: Carry) -> str | None:
    """The metric of the last level its paragraph stated in `q`'s unit, for a figure whose
    sentence names no measure before it (德州市752.3万吨,排名第二)."""
    if _CLASS_BOUND.match(ctx.norm, q.end):
        return None
    # a clause before it in its sentence may name the measure (…纯收入持续增长,分别达到12452元): no guessing
    clause = ctx.clauses.at(q.start)
    prev_end = carry.quantity.end if carry.quantity is not None and window.same_sentence else window.sentence_start
    before = strip(ctx.norm, prev_end, clause.start if clause else q.start, ctx.lex, ctx.entity_starts)
    if before.end > before.start and not _SUPERLATIVE.fullmatch(ctx.norm, before.start, before.end) and not (
            _BREAKDOWN_BY.fullmatch(ctx.norm, before.start, before.end)):
        return None  # (桂东县最少,仅为1043.9小时; 按地区划分: a superlative or a breakdown names no measure)
    return next((metric for unit, metric in reversed(_paragraph_levels(ctx, q, carry)) if unit == q.unit), None)


def _recent_levels(ctx: LinkContext, q: Quantity, chg: Change, metric: Metric, carry: Carry) -> tuple[
        tuple[str | None, str], ...]:
    """`carry.recent` after `q`: reset at a new paragraph; a level with a metric joins it."""
    recent = _paragraph_levels(ctx, q, carry)
    if chg.direction is None and metric.text and q.rule != TABLE_CELL:
        recent = (*recent, (q.unit, metric.text))[-MAX_LEVELS:]
    return recent


def _last_of_list(ctx: LinkContext, q: Quantity) -> Quantity | None:
    """The last member of a list of figures in one unit that `q` begins (6项、4项), if any."""
    last, at = None, q.end
    for _ in range(MAX_LEVELS):
        joined = compiled("{list_joiner}", ctx.lex).match(ctx.norm, at)
        nxt = ctx.quantities.first_after(joined.end(), joined.end() + 1) if joined else None
        if nxt is None or nxt.unit != q.unit:
            break
        last, at = nxt, nxt.end
    return last


# only a comparison's time before a figure: the level it is compared with (较去年的, 上年同期则)
# (较二〇二二年四月的, 較2023年度的, 较二○二五年三月三十一日的: a dated base too)
_COMPARED_TIME = (r"(?:上年|去年|前年|上月|上季度|同期|上年同期|去年同期|"
                  # (a Minguo year in Taiwan: 較112年的3,064人)
                  r"(?:\d{4}|[〇○零一二三四五六七八九]{4}|1[01]\d)年度?(?:同期|末|底)?"
                  r"(?:[\d一二三四五六七八九十]{1,2}月(?:份|末|底)?(?:[\d一二三四五六七八九十]{1,3}[日号號])?)?)")
_COMPARED_LEVEL = regex.compile(rf"(?:较|較|比|与|與|相比)?{_COMPARED_TIME}(?:的|则为|則為|则|則|为|為)?")
# … and a measure written before such a base (收入較二零二三年的人民幣118.79億元): the measure
_MEASURE_THEN_BASE = regex.compile(rf"(?:较|較|比){_COMPARED_TIME}的$")


# 低于美国之, 、加拿大之, 高于全国的: a place whose level is compared with, and nothing else
def _compared_place(ctx: LinkContext, lo: int, hi: int) -> bool:
    m = words(ctx.lex)["compared_place"].fullmatch(ctx.norm, lo, hi)
    return m is not None and (ctx.subject_starts.get(m.start("place")) == m.end("place")
                              or m.group("place") in ctx.lex.context["region_words"])


# A clause naming a superlative, then the figure's own short clause: 耕地面积最少,仅4.2万亩
# (PM2.5年均浓度最低的是石门县,为27微克/立方米: the place is named between)
_SUPERLATIVES = "最多|最少|最高|最低|最大|最小|最快|最慢|最长|最短"
_SUPERLATIVE = regex.compile(_SUPERLATIVES)
_SUPERLATIVE_BEFORE = regex.compile(r"(?<=^|[,，;；。\s])(?P<what>[^,，;；。]{2,20}?)"
                                    rf"(?:{_SUPERLATIVES})(?:的[是为][^,，;；。\d]{{1,12}})?"
                                    r"[,，][^,，;；。\d]{0,4}$")


def _ranked_before(ctx: LinkContext, s_start: int, pos: int) -> str | None:
    """What the last ranking before `pos` in its sentence ranks, when no
    quantity stands between them."""
    i = bisect_right(ctx.rankings.starts, pos) - 1
    if i < 0 or ctx.rankings.starts[i] < s_start:
        return None
    ranking = ctx.rankings.items[i]
    if ctx.quantities.first_after(ranking.end, pos) is not None:
        return None
    phrase = _ranking_phrase(ctx, ranking)
    if ctx.quantities.first_after(phrase.start, phrase.end) is not None:
        return None  # 臺東縣25.6人居全國第1位: a figure placed, not a measure ranked
    return ctx.source[phrase.start:phrase.end] if phrase.end > phrase.start else None


def _ranking_phrase(ctx: LinkContext, r: Ranking) -> Phrase:
    """The phrase naming what a ranking ranks: its clause's words before it,
    up to a frame (在全国…中)."""
    clause = ctx.clauses.at(r.start)
    phrase = strip(ctx.norm, clause.start if clause else r.start, r.start, ctx.lex, ctx.entity_starts)
    frame = ctx.frame_end.search(ctx.norm[phrase.start:phrase.end])
    return Phrase(phrase.start, phrase.start + frame.start() if frame else phrase.end)


def _inside_bracket(norm: str, lo: int, pos: int) -> int:
    """Where the words of a number at `pos` may start: after an open bracket
    between `lo` and `pos` that is not closed before `pos` and holds words
    of its own ((其中南园36.8平方公里); a bracket that opens right at the number
    is named before it (食品(9.6万件))."""
    for i in range(pos - 1, lo - 1, -1):
        ch = norm[i]
        if ch in ")）":
            return lo  # a closed bracket: the words run back past it
        if ch in "(（":
            return i + 1 if norm[i + 1:pos].strip() else lo
    return lo


def respective(metric: str | None, member: int, lex: Lexicons, start: int = 0,
               subjects: dict[int, int] | None = None, before_respectively: bool = False) -> str | None:
    """`A、B、C分别出口x、y、z`: the k-th member measures the k-th item (B出口).
    When the items are places or organisations (`subjects`: start -> end in
    the text, `start`: where `metric` stands), they say whose figure: all
    measure what follows the last one (甲公司、乙公司电信业务收入分别为 ->
    电信业务收入). A pair written in one word (汽车产销分别完成) is split
    (汽车产量, 汽车销量: metrics.yaml respective_pairs).

    >>> from pipeline.lexicons import load
    >>> respective("电工器材、汽车及其零配件、通用机械设备分别出口", 1, load())
    '汽车及其零配件出口'
    >>> respective("博乐、精河分别为", 1, load()), respective("年平均降水", 1, load())
    ('精河', '年平均降水')
    >>> respective("甲、乙电信业务收入分别为", 1, load(), 0, {0: 1, 2: 3})
    '电信业务收入'
    >>> respective("汽车产销分别完成", 1, load())
    '汽车销量'
    >>> respective("城乡居民人均可支配收入", 1, load(), before_respectively=True)  # …收入分别为
    '农村居民人均可支配收入'
    >>> respective("汽车及零部件、机电产品、光伏组件占比", 1, load(), before_respectively=True)
    '机电产品'
    >>> respective("城市、农村低保月人均保障标准分别为", 0, load())
    '城市低保月人均保障标准'
    """
    if not metric or not ("分别" in metric or before_respectively):
        return metric
    items_text, _, verb = metric.partition("分别")  # 分别为 stripped off already: no verb
    kept = strip(verb, 0, len(verb), lex, {})  # 分别为: no verb of its own
    verb = verb[kept.start:kept.end]
    items = _list_items(items_text)
    if len(items) == 1:
        for pair, parts in words(lex)["respective_pairs"].items():
            if pair in items_text and member < len(parts):
                return items_text.replace(pair, parts[member], 1) + verb
        return metric
    if member >= len(items):
        return metric
    last = start + items_text.rindex(items[-1])
    if subjects and start in subjects and last in subjects:
        return items_text[subjects[last] - start:] + verb or None
    # 城市、农村低保月人均保障标准分别为: items as long as each other before the last share what
    # follows the last one's own part (城市低保月人均保障标准)
    k = len(items[0])
    if k <= 4 and all(len(i) == k for i in items[:-1]) and len(items[-1]) > k + 1:
        return (items[member] if member == len(items) - 1 else items[member] + items[-1][k:]) + verb
    # 第一、二、三产业增加值分别为: the items share words after the last one that
    # no rule splits off; the phrase stays whole. Before 分别 the items are the measures
    # (汽车及零部件、机电产品、光伏组件占比 | 分别为: 机电产品), unless a 的 makes them
    # whose figures they are (北區醫院、博愛醫院及將軍澳醫院的…中位數 | 分別為) or the last
    # carries a measure they share (化学需氧量、氨氮…和挥发性有机物重点工程减排量)
    own_items = "的" not in items_text and len(items[-1]) <= min(map(len, items[:-1])) + 2
    return items[member] + verb if "分别" in metric or own_items else metric


def _list_items(text: str) -> list[str]:
    """A、B和C -> [A, B, C] (及其 joins no items: 汽车及其零配件)."""
    items = [i for i in text.split("、") if i]
    if items:
        last = _LAST_JOINER.split(items[-1])
        items[-1:] = [i for i in last if i]
    return items


_PLACED = regex.compile(r"位居|位列|排名|排在|名列|居|列")  # verbs of being placed, not of entering a top
_LEADS = regex.compile(r"领跑|领先|居首|夺冠|称冠")  # leading the field: a placing without a position
_HEAD_AFTER = ("的", "之", "、", "”", "」", "》", "）", ")")  # 之: a written 的 (…工作之潜在劳动力)
_NAME_HEAD = regex.compile(r"[\p{Han}A-Za-z0-9“”\"（）()《》·]+")  # a head is words, not markup (</script> & …)


# (R&D经费与地区生产总值之比: four Han characters or more); not 县(市), 执业(助理)医师, an
# abbreviation (细颗粒物（PM2.5）), nor what a count takes in or leaves out (在校生（含在园幼儿）)
# (居民消费价格指数（上年=100）: the base of an index is a note too)
_NOTE = regex.compile(r"[(（](?!不?含|包括|包含|除)(?:[^()（）\p{Han}]*\p{Han}){4}[^()（）]*[)）]"
                      r"|[(（][^()（）\n]{0,12}[=＝]\s*100[)）]")


def _without_notes(metric: Metric) -> Metric:
    """A metric without the notes in brackets that explain its term (研发投入强度（R&D经费与
    地区生产总值之比） -> 研发投入强度); a short bracket that is part of the name stays."""
    if not metric.text or "（" not in metric.text and "(" not in metric.text:
        return metric
    text = _NOTE.sub("", metric.text)
    return metric._replace(text=text) if len(text) >= 2 else metric


def _bounded(metric: Metric, ctx: LinkContext) -> Metric:
    """A phrase longer than metrics.yaml's max_leading_chars is a clause, not a
    name; but its head, at its end, still names what is measured: after a
    relative clause's 的 (打掉为诈骗团伙提供引流推广服务的犯罪团伙412个 -> 犯罪团伙)
    or after the list or quotation that qualifies it (为灵活就业人员、新就业形态劳动者
    办理参保登记 -> 新就业形态劳动者办理参保登记)."""
    longest = int(words(ctx.lex)["max_leading_chars"])
    if not metric.text or len(metric.text) <= longest:
        return metric
    head = max(metric.text.rfind(mark) for mark in _HEAD_AFTER) + 1
    # (涉及教育、卫生健康、体育健身等9类: a list of examples names no head; nor does markup's text)
    if (0 < head <= len(metric.text) - 2 and len(metric.text) - head <= longest and not metric.text.endswith("等")
            and _NAME_HEAD.fullmatch(metric.text, head)):
        whole = metric.phrase is not None and ctx.source[metric.phrase.start:metric.phrase.end] == metric.text
        phrase = Phrase(metric.phrase.start + head, metric.phrase.end) if whole and metric.phrase else None
        return Metric(phrase, metric.text[head:], metric.changed)
    gap = max(metric.text.rfind(" "), metric.text.rfind("\u3000"))
    if 0 < gap and 2 <= len(metric.text) - gap - 1 <= longest:
        # 广东知识产权司法保护力度持续加大　2025年全省法院新收知识产权案件: a headline's parts
        # stand apart, the figure's own part names it
        return Metric(None, metric.text[gap + 1:], metric.changed)
    return Metric(None, None, metric.changed)


def _after_last_action(ctx: LinkContext, phrase: Phrase) -> Phrase:
    """A long phrase cut after its last verb of doing (航空公司在郑州机场运营客运航线 -> 客运航线)."""
    metrics = ctx.lex.metrics
    if phrase.end - phrase.start < metrics["action_min_chars"]:
        return phrase
    last = words(ctx.lex)["action_last"].search(ctx.norm, phrase.start, phrase.end - 3)  # 3 or more left (销售额)
    if last is None:
        return phrase
    done = last.end() + (ctx.norm.startswith("了", last.end()))  # 表彰了2024年度先进集体: the aspect too
    return Phrase(done, phrase.end)


def _money_after(ctx: LinkContext, q: Quantity, pos: int) -> Phrase | None:
    """A kind of money named right after an amount (发行约1500亿元政府债券, 提供500元电费补贴)."""
    if ctx.unit_classes.get(q.unit or "") != "currency" or (after := following(ctx.norm, pos, ctx.lex)) is None:
        return None
    return after if ctx.norm[after.start:after.end].endswith(words(ctx.lex)["money_nouns"]) else None


def _counts_after(q: Quantity, ctx: LinkContext) -> bool:
    """Whether a noun after this quantity names what it counts (a duration's after 的:
    相当于约11个月的政府开支)."""
    return q.unit is None or ctx.unit_classes.get(q.unit) in ("measure", "share", "points", "time")


def period_of(ctx: LinkContext, pos: int) -> str | None:
    """The time written in the clause before `pos`, else in its sentence,
    else leading its paragraph, else the document's reporting period, else
    the last time the text stated before it (none has replaced it).

    >>> _demo("截至2022年底,重庆每万人拥有5G基站数超19个", "period")
    ['2022年底']
    >>> _demo("2023年统计公报\\n全市生产总值比上年增长5.2%。", "period")
    ['2023年']
    """
    setting = ctx.setting
    times, brackets = setting.times, setting.brackets
    if setting.asides is not None and (aside := setting.asides.at(pos)) is not None:
        # 上一篇：前三季度全省工业增加值增长7.2%: the line's own time, else the document's
        own = setting.asides.times.last_in(aside[0], pos)
        return own.text if own is not None else setting.period
    if (compared := _compared_time(ctx, pos)) is not None:
        return compared  # 涨幅较8月之2.66%扩大: the level compared with is of its own time
    s_start = _sentence_start(ctx, pos)
    if (target := _target_time(ctx, pos)) is not None and not _after_any(
            ctx.norm, target.start, ctx.lex.context["comparison_before"]):  # (较112年度预算数: a change from it)
        return _whole_year(ctx, target) or target.text  # 2026年预算收入8,990亿元: the budget's own year
    # (是去年同期的2.3倍, 约为全年预算330亿元的三分之一: a time in the base of a
    # multiple or a share is the base's, not the figure's)
    base = _BASE_OF.search(ctx.norm, s_start, pos) if _is_ratio(ctx, pos) else None
    look = base.start() if base else pos
    found = _own_time(ctx, _clause_start(ctx, pos), look) or _sentence_time(ctx, s_start, look)
    if found is None and _BREAKDOWN.match(ctx.norm, s_start) and s_start > 0 and (
            ctx.lines.start_of(s_start - 1) == ctx.lines.start_of(s_start)):
        # 春运期间,全省发送旅客1.36亿人次。其中,铁路发送旅客2186.5万人次: the parts of the
        # total before keep its time, the time of that sentence's first figure (not a base after it)
        prev = _sentence_start(ctx, s_start - 1)
        first = ctx.quantities.first_after(prev, s_start)
        found = (first is not None and _sentence_time(ctx, prev, first.start)) or _sentence_time(ctx, prev, s_start)
    if found is None:
        lead = setting.leads.get(ctx.lines.start_of(pos))
        found = lead[1] if lead and lead[0] <= pos else None
    if found is None:
        found = _intro_time(ctx, pos)  # (一)政府一般收入帐目录得赤字…: the time of the line introducing the list
    if found is None and setting.period:
        return setting.period
    # a time relative to the text's own (上年, 上月) only when nothing else says
    found = found or times.last_in(s_start, pos, brackets=brackets) or times.last_before(pos)
    if found is None:
        return None
    return _whole_year(ctx, found) or found.text


def _whole_year(ctx: LinkContext, found: Mention) -> str | None:
    """For a whole year (全年, 本年度), the year the text reports on, as it
    writes it (dev NOTES); else the year its paragraph named last before it
    (澳门二〇二四年共举办…;全年…); else a reporting period that names a year's
    whole or its last day (截至二零二四年十二月三十一日止年度); None for any other time."""
    if ctx.norm[found.start:found.end] not in ctx.lex.context["whole_year_words"]:
        return None  # (年內 in a Traditional release: matched as normalised)
    setting = ctx.setting
    if setting.period and _A_YEAR.fullmatch(setting.period):
        return setting.period
    line, hi = ctx.lines.start_of(found.start), found.start
    for _ in range(_YEAR_REACH):  # (a bound: a line of 10,000 dates stays linear)
        if (year := setting.times.last_in(line, hi, days=False)) is None:
            break
        if _A_YEAR.fullmatch(year.text):
            return year.text
        hi = year.start
    if setting.period and _A_YEAR.search(setting.period) and setting.period.endswith(_YEAR_ENDS):
        return setting.period  # (截至)二零二四年十二月三十一日(止年度): the year reported on, as the text names it
    return None


_YEAR_ENDS = ("年度", "12月31日", "十二月三十一日")  # a reporting period that is a whole year
_TARGET_REACH = 24  # characters looked back over from a figure for the target or budget it is the amount of
_DATE_REACH = 20  # characters a date before a target word may span (2025年1月至9月)


def _target_time(ctx: LinkContext, pos: int) -> Mention | None:
    """The time right before a target or a budget whose own amount is at
    `pos` (2026年预算收入8,990亿元, 已完成全年预算789.0亿元, 全年计划投资500亿元);
    None for a figure measured against one (完成全年预算的74.5%: 的 between;
    较112年度预算数增加1,436亿元: a change from it)."""
    norm = ctx.norm
    lo = max(_clause_start(ctx, pos), pos - _TARGET_REACH)
    target = _target_words(ctx.lex).search(norm, lo, pos)
    if target is None:
        return None
    end = target.start()
    if (date := _date_ending(ctx, end, _DATE_REACH)) is not None:
        return Mention(date.start, end, ctx.source[date.start:end])
    words = (w for w in ctx.lex.context["period_words"] if norm.endswith(w, 0, end))
    word = max(words, key=len, default=None)
    if word is None:
        return None
    start = end - len(word)
    if (date := _date_ending(ctx, start, _DATE_REACH)) is not None:  # 2025年全年预算
        start = date.start
    return Mention(start, end, ctx.source[start:end])


def _after_any(norm: str, pos: int, words: Sequence[str]) -> bool:
    """Whether one of `words` ends right at `pos` (较112年度: 较 before 112年度)."""
    return any(norm.endswith(w, 0, pos) for w in words)


def _date_ending(ctx: LinkContext, end: int, reach: int) -> Entity | None:
    """The date that ends right at `end`, if one starts within `reach` before it."""
    date = ctx.dates.last_before(max(0, end - reach), end)
    return date if date is not None and date.end == end else None


@functools.cache
def _target_words(lex: Lexicons) -> regex.Pattern[str]:
    """A target or budget word, then up to a few words naming what it is of, to the end of the window."""
    # (下半年计划新培育4A级以上景区10家左右: a verb and a grade with its digit may stand between)
    return regex.compile(rf"(?:{or_regex(lex.context['targets'])})(?:[^的,，、。;；:：\n\d]|\d+[A-Za-z]){{0,14}}$")


def _compared_time(ctx: LinkContext, pos: int) -> str | None:
    """The time of a level compared with, written right before it (较8月之2.66%, 比上年的5.1%,
    升幅略高于八月份的1.1%)."""
    norm = ctx.norm
    if pos < 3 or norm[pos - 1] not in "之的":
        return None
    date = _date_ending(ctx, pos - 1, 12)
    words_before = ctx.lex.context["relative_period_words"]
    relative = (pos - 1 - len(w) for w in words_before if norm.endswith(w, 0, pos - 1))
    start = date.start if date is not None else next(relative, None)
    if start is None or not _after_any(norm, start, ctx.lex.context["compared_level_before"]):
        return None
    return ctx.source[start:pos - 1]


def _named_holder(ctx: LinkContext, place: Mention) -> bool:
    """Whether `place` closes its clause after 的是/的为 or 的省份为 (占比最高的是萍乡市,
    前三的省份为江苏、新疆、河北): named as what the next clauses are about."""
    clause = ctx.clauses.at(place.start)
    if clause is None or ctx.norm[place.end:clause.end].strip(" ,，"):
        return False
    before = ctx.norm[clause.start:place.start]
    return before.endswith(tuple(ctx.lex.context["topic_after"])) or bool(_holder_nouns(ctx.lex).search(before))


@functools.cache
def _holder_nouns(lex: Lexicons) -> regex.Pattern[str]:
    """的 + a noun of places + 是/为 closing a clause's start (前五的省份为)."""
    return regex.compile(rf"的(?:{or_regex(lex.context['topic_after_nouns'])})(?:依次|分别)?(?:是|为)$")


_AVERAGE_BEFORE = regex.compile(r"(?:的)?(?:平均水平|平均值|平均数|平均|水平)$")


def _compared_level_place(ctx: LinkContext, pos: int) -> str | None:
    """The place of a level compared with, written right before it after a
    comparison word (略高于全国的4.79本, 较全省之12.3%, 較香港3.7%), as its time is."""
    norm = ctx.norm
    if pos < 3:
        return None
    end = pos - 1 if norm[pos - 1] in "之的" else pos
    if norm[pos - 1] in "(（" and (average := _AVERAGE_BEFORE.search(norm, max(0, pos - 10), pos - 1)):
        end = average.start()  # 高于全国平均水平(5.0家): the average's level, in brackets after it
    loc = ctx.places.last_before(max(0, end - 12), end)  # (the setting's places leave out compared ones)
    if end == pos and (loc is None or loc.end != end or _a_difference(ctx, pos)):
        return None  # (高于全国0.4个百分点: by how much, the place's own no level)
    if loc is not None and loc.end == end:
        start = loc.start
    else:
        start = end - max((len(w) for w in ctx.lex.context["region_words"] if norm.endswith(w, 0, end)), default=end)
    if start >= end or not _after_any(norm, start, ctx.lex.context["compared_level_before"]):
        return None
    return ctx.source[start:end]


def _a_difference(ctx: LinkContext, pos: int) -> bool:
    """The figure at `pos` is in percentage points: a difference, not a level."""
    q = ctx.quantities.first_after(pos, pos + 1)
    return q is not None and ctx.unit_classes.get(q.unit or "") == "points"


_YEAR_REACH = 8  # times looked back over for the year a paragraph's 全年 stands for
# (matched on the text as written: Hong Kong types 〇 as ○, 二○二四年)
_A_YEAR = regex.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})(?:至(?:\d{2,4}|[〇○零一二三四五六七八九]{2,4}))?年度?")


# (占全年收入预算1,016.3亿元的73.5%; not 占比由2020年的18.5%提高到2025年的31.2%)
_BASE_OF = regex.compile(r"(?:是|为|相当于|占(?!比))(?:[^,，。;；是为占%‰]|(?<=\d),(?=\d)){1,24}的\s*$")


def _is_ratio(ctx: LinkContext, pos: int) -> bool:
    """Whether the quantity at `pos` is a multiple or a share (of a base named before it)."""
    q = ctx.quantities.covering(pos)
    return q is not None and q.start == pos and ctx.unit_classes.get(q.unit or "") in ("multiple", "share")


_CAPTION_REACH = 40  # lines above a cell of a flattened table searched for its caption's time


_ITEM_LINE = regex.compile(r"[ \t\u3000]*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])")
_INTRO_END = regex.compile(r"[:：][ \t\u3000]*$")
_ITEM_REACH = 12  # lines of a list looked back over for the line introducing it


def _intro_time(ctx: LinkContext, pos: int) -> Mention | None:
    """For a line of a numbered list ((一)…, 1.…), the first time of the line
    introducing the list (首九个月的综合赤字由以下帐目组成:)."""
    lines, norm = ctx.lines, ctx.norm
    line = lines.start_of(pos)
    if not _ITEM_LINE.match(norm, line):
        return None
    for _ in range(_ITEM_REACH):
        if line == 0:
            return None
        line = lines.start_of(line - 1)
        end = lines.end_of(line)
        if end <= line or _ITEM_LINE.match(norm, line):
            continue  # a blank line or another item
        if not _INTRO_END.search(norm, line, end):
            return None
        return ctx.setting.times.first_in(line, end, days=False)
    return None


def _caption_time(ctx: LinkContext, pos: int) -> str | None:
    """The time over a cell of a table flattened into text: the first line
    above its row, up to a blank line, that states one (its caption:
    2025年1—9月全国沿海主要港口货物吞吐量排名), or its row's own (a row label 2023年)."""
    lines, times, line = ctx.lines, ctx.setting.times, ctx.lines.start_of(pos)
    for _ in range(_CAPTION_REACH):
        end = lines.end_of(line)
        if end <= line:
            return None  # a blank line: the table's paragraph ends
        found = times.first_in(line, end, days=False, relative=False)
        if found is not None:
            return found.text
        if line == 0:
            return None
        line = lines.start_of(line - 1)
    return None


def _sentence_time(ctx: LinkContext, lo: int, pos: int) -> Mention | None:
    """The last time in [lo, pos); a relative one (上年, 去年) only where it
    leads its clause (去年,我校… frames the sentence; 上月为下降0.3% does not)."""
    times, brackets = ctx.setting.times, ctx.setting.brackets
    hi = pos
    while (found := times.last_in(lo, hi, brackets=brackets)) is not None:
        # (该校去年的科研经费超过9亿元: a relative time owning its subject frames the clause too)
        if not found.relative or _leads_clause(ctx, found) or _OWNING.match(ctx.norm, found.end):
            return found
        hi = found.start
    return None


_OWNING = regex.compile(r"的(?!\d)\p{Han}")  # 去年的科研经费 (not 上年的13.41: that figure's own)


def _leads_clause(ctx: LinkContext, mention: Mention) -> bool:
    clause = ctx.clauses.at(mention.start)
    before = ctx.norm[clause.start if clause else mention.start:mention.start].strip(" ,，:：“\"")
    return not before or before in ctx.lex.metrics["leading"]


def _own_time(ctx: LinkContext, lo: int, pos: int) -> Mention | None:
    """The last time in [lo, pos) that is not another figure's: in 由上年的
    13.41下降到12.36, 上年 is the time of 13.41 only."""
    times, brackets = ctx.setting.times, ctx.setting.brackets
    hi = pos
    while (found := times.last_in(lo, hi, brackets=brackets)) is not None:
        after = found.end + 1 if ctx.norm.startswith("的", found.end) else -1
        other = ctx.quantities.first_after(after, after + 1) if after > 0 else None
        if other is None or other.start >= pos or _SAME_LIST.fullmatch(ctx.norm, other.start, pos):
            return found  # (上年的12.8:37.9:49.3: the parts of one ratio share it)
        hi = found.start  # 上年的13.41: that figure's time, not this one's
    return None


def region_of(ctx: LinkContext, pos: int, carry: Carry | None = None) -> str | None:
    """The place written in the clause before `pos`, else leading a clause
    of its sentence, else leading its paragraph, else the document's
    subject place; the k-th member of a list after `A、B、C分别` takes the
    k-th place.

    >>> _demo("重庆数字基础设施不断完善。截至2022年底,每万人拥有5G基站数超19个", "region")
    ['重庆']
    >>> _demo("博乐、精河和温泉年平均降水分别为313.2毫米、143.7毫米和390.5毫米", "region")
    ['博乐', '精河', '温泉']
    """
    places, brackets = ctx.setting.places, ctx.setting.brackets
    if (compared := _compared_level_place(ctx, pos)) is not None:
        return compared  # 略高于全国的4.79本: the level compared with is its own place's
    if ctx.setting.asides is not None and (aside := ctx.setting.asides.at(pos)) is not None:
        # 上一篇：湖北前6月外贸进出口增长7.1%: the line's own place, else the document's subject
        own = ctx.setting.asides.places.last_in(aside[0], pos)
        return own.text if own is not None else ctx.setting.subject
    clause_start = _clause_start(ctx, pos)
    # (是第十名神木市的2.6倍, 占全省的12%: a place in the base of a multiple or a share is the base's)
    base = _BASE_OF.search(ctx.norm, clause_start, pos) if _is_ratio(ctx, pos) else None
    found = places.last_in(clause_start, base.start() if base else pos, brackets=brackets)
    if found is None and carry is not None and ctx.norm.startswith("分别", clause_start):
        # 前三位的城市为阜新市、朝阳市和铁岭市,分别改善17.2%、14.5%和12.8%: the list closing the clause before
        listed = places.last_in(_sentence_start(ctx, pos), clause_start, brackets=brackets)
        if listed is not None and listed.items and not ctx.norm[listed.end:clause_start].strip(" ,，"):
            found = listed
    if found is None:
        found = _last_topical(ctx, _sentence_start(ctx, pos), clause_start)
    sentence = ctx.full_sentences.at(pos)
    clause = ctx.clauses.at(pos)
    if found is None and sentence and clause and clause.end - clause.start <= _ADVERBIAL_CHARS:
        # 40年来,合江县…: a figure in a short lead-in clause is about the topic after it
        found = _topical(ctx, places.first_in(pos, sentence.end))
    if found is None:
        lead = ctx.setting.leads.get(ctx.lines.start_of(pos))
        found = _topical(ctx, lead[2]) if lead and lead[0] <= pos else None
    if found is not None and found.items and carry is not None:
        found = _respective(ctx, found, carry) or found
    if found is not None and base is not None and found.text in ctx.source[base.start():pos]:
        return ctx.setting.subject  # 全国原油产量…,公司原油产量约占全国的3.9%: the whole is no share's place
    return found.text if found else ctx.setting.subject


def _ranked_field_region(ctx: LinkContext, q: Quantity) -> str | None:
    """A count of the field a ranking places in (增幅居全省14个市州首位, 在全国31个省份中)
    is about the ranking's scope: 全国, the place, or for 全省 the province."""
    ranking = ctx.rankings.covering(q.start)
    if ranking is None or ranking.scope is None:
        return None
    if ranking.scope == "全省":
        return ctx.setting.province
    return ranking.scope if ranking.scope == "全国" or ranking.scope in ctx.lex.places else None


def _before_gloss(ctx: LinkContext, phrase: Phrase) -> Phrase | None:
    """A phrase that opens inside a bracket closing before the figure (固定献血者（年内献血2次及以上）达31.8万人,
    雨日（日雨量達0.1毫米或以上）共20天: the phrase is the gloss's tail): the term the bracket glosses."""
    norm = ctx.norm
    close = norm.find(")", phrase.start, phrase.end)
    if close < 0 or norm.find("(", phrase.start, close) >= 0:
        return None
    opening = norm.rfind("(", max(0, phrase.start - _GLOSS_REACH), phrase.start)
    if opening < 0 or norm.find(")", opening, phrase.start) >= 0:
        return None
    rest = strip(norm, close + 1, phrase.end, ctx.lex, ctx.entity_starts)
    if rest.end - rest.start > 1:
        return None  # (流域（省内部分）地表水资源量分别为: the measure stands after the bracket)
    lo = max(_clause_start(ctx, opening), opening - _GLOSSED_CHARS)
    i = bisect_right(ctx.quantities.starts, opening) - 1  # (18個「酷熱天氣」日（…）及15個: not past a figure)
    if i >= 0 and ctx.quantities.items[i].end <= opening:
        lo = max(lo, ctx.quantities.items[i].end)
    term = strip(norm, lo, opening, ctx.lex, ctx.entity_starts)
    return term if term.end > term.start else None


_GLOSS_REACH = 40  # a gloss this long at most
_GLOSSED_CHARS = 12  # the term before it, this long at most


def _without_forecast_date(ctx: LinkContext, phrase: Phrase) -> Phrase:
    """A measure with the date it is forecast for, or stands at, written after it
    (财政储备预计于二〇二六年三月三十一日为6,512亿元): the measure alone."""
    date = ctx.dates.last_before(phrase.start, phrase.end)
    if date is None or date.end != phrase.end or date.start <= phrase.start:
        return phrase
    lead = _FORECAST_LEAD.search(ctx.norm, phrase.start, date.start)
    end = lead.start() if lead else date.start
    return Phrase(phrase.start, end) if end - phrase.start >= 2 else phrase


def _bracketed_level(ctx: LinkContext, q: Quantity) -> Mention | None:
    """A figure alone in brackets right after a place (是上饶市（2.41人）的1.9倍):
    that place's level of the measure just named (after 全国平均水平 the words
    name it, as annotators read them)."""
    norm, opening = ctx.norm, q.start - 1
    if opening < 0 or norm[opening] not in "(（" or norm[q.end:q.end + 1] not in (")", "）"):
        return None
    place = ctx.setting.places.last_in(max(0, opening - _LEVEL_REACH), opening)
    return place if place is not None and place.end == opening else None


_LEVEL_REACH = 10  # a place this long at most before the bracket


def _bracketed_place(ctx: LinkContext, end: int) -> str | None:
    """A place alone in brackets right after a figure is where it was
    measured (在16.8℃（湘西州）至19.9℃（郴州市）之间)."""
    bracket = _PLACE_BRACKET.match(ctx.norm, end)
    if bracket is None:
        return None
    place = ctx.setting.places.first_in(bracket.start(1), bracket.end(1))
    return place.text if place is not None and (place.start, place.end) == bracket.span(1) else None


# 年极端最高气温40.6℃,8月5日出现在浏阳市: the clause right after an extreme says when and where it occurred
_OCCURRED = regex.compile(r"[,，]\s*(?P<when>[^,，。;；\n]{0,12}?)(?:出现在|出现于|发生在|发生于)"
                          r"(?P<where>[^,，。;；\n]{2,16})")


def _where_it_occurred(ctx: LinkContext, end: int) -> tuple[str | None, str | None]:
    """The day and the place the clause right after a figure says it occurred at
    (…40.6℃,8月5日出现在浏阳市: 8月5日, 浏阳市)."""
    m = _OCCURRED.match(ctx.norm, end)
    if m is None:
        return None, None
    # (…250毫米,最大小时雨量出现在石门县: only a time may stand before the verb, else the clause
    # has a subject of its own and is about that)
    when = ctx.setting.times.first_in(*m.span("when")) if m.group("when") else None
    if m.group("when") and (when is None or (when.start, when.end) != m.span("when")):
        return None, None
    where = ctx.setting.places.first_in(*m.span("where"))
    return (when.text if when else None), (where.text if where and where.start == m.start("where") else None)


def _last_topical(ctx: LinkContext, lo: int, hi: int) -> Mention | None:
    """The last place in [lo, hi) that leads its clause; not one leading a
    clause without figures or positions after the figures of its ；-part (超过2000亿元的第一梯队
    共9个，长沙县位列其中；1500亿元至2000亿元的第二梯队共14个: a comment on that
    part, not the next one's topic)."""
    places, brackets, norm = ctx.setting.places, ctx.setting.brackets, ctx.norm
    while (place := places.last_in(lo, hi, brackets=brackets)) is not None:
        clause = ctx.clauses.at(place.start)
        if _named_holder(ctx, place) and _PART_END.search(norm, place.end, hi):
            hi = place.start  # 依次为广东、江苏…；从增速看,有18个省份…: a holder named before 的是/为 speaks for its own ；-part only
            continue
        if _topical(ctx, place) and not (
                _PART_END.search(norm, place.end, hi) and clause is not None
                and ctx.quantities.first_after(place.end, clause.end) is None
                and ctx.rankings.first_after(place.end, clause.end) is None
                and ctx.quantities.first_after(_part_start(norm, lo, place.start), place.start) is not None):
            return place
        hi = place.start
    return None


_PART_END = regex.compile(r"[;；]")


def _part_start(norm: str, lo: int, pos: int) -> int:
    """Where the ；-part of a sentence holding `pos` starts (`lo`: the sentence's start)."""
    semi = max(norm.rfind("；", lo, pos), norm.rfind(";", lo, pos))
    return semi + 1 if semi >= 0 else lo


def _topical(ctx: LinkContext, place: Mention | None) -> Mention | None:
    """A place that leads its clause (after at most a time or a framing word
    such as 其中): the topic of what follows. A place later in a clause is
    its object (已联接西部10省市) and says nothing of the next clauses."""
    if place is None:
        return None
    clause = ctx.clauses.at(place.start)
    before = ctx.norm[clause.start if clause else place.start:place.start].strip(" ,，:：“\"")
    if not before or before in ctx.lex.metrics["leading"]:
        return place
    if before == "在" and clause and not ctx.norm[place.end:clause.end].strip(" ,，"):
        return place  # 在合肥,检察机关…: a clause of its own that sets the place
    if _named_holder(ctx, place):
        return place  # 占比最高的是萍乡市，为16.82%: the place the next clause is about
    time = ctx.setting.times.last_in(clause.start if clause else place.start, place.start)
    return place if time is not None and before.endswith(ctx.norm[time.start:time.end]) else None


def _respective(ctx: LinkContext, places: Mention, carry: Carry) -> Mention | None:
    """`A、B、C分别…x、y、z`: the place of the list member `carry` counts,
    when 分别 stands right before the list (分别为, 分别增长)."""
    at = ctx.norm.rfind("分别", places.end, carry.list_start)
    if at < 0 or carry.list_start - at > _RESPECTIVE_REACH:
        return None
    return places.items[carry.member] if carry.member < len(places.items) else None


def _respective_time(ctx: LinkContext, carry: Carry) -> str | None:
    """`一季度、上半年、前三季度…分别增长4.6%、5.3%和5.9%`: the time of the list member
    `carry` counts, when a list of times stands in the clause of 分别, right before the list."""
    norm = ctx.norm
    at = norm.rfind("分别", max(0, carry.list_start - _RESPECTIVE_REACH), carry.list_start)
    if at < 0:
        return None
    lo = _clause_start(ctx, at)
    times = ctx.setting.times
    if (last := times.last_in(lo, at)) is None:
        return None
    run = [last]  # the list of times, from its last one back (at most MAX_LEVELS)
    while len(run) <= MAX_LEVELS and (prev := times.last_in(lo, run[-1].start)) is not None and (
            norm[prev.end:run[-1].start].strip() in _TIME_JOINERS):
        run.append(prev)
    run.reverse()
    return run[carry.member].text if len(run) >= 2 and carry.member < len(run) else None


_TIME_JOINERS = frozenset(("、", "和", "及", "与", "以及"))  # (not 至: 1月至9月 is one time, no list)
_AGE_BEFORE = regex.compile(r"(?<![\d.])\d{1,3}(?:岁)?(?:[—\-－~～至到]\d{1,3})?岁(?:及以上|以上|以下|及)?$")
# 把X调高至: what is set to the figure (把离境税调高至每名旅客250元)
_SET_TO = regex.compile(r"把(?P<what>[^把,，。;；]{2,12}?)(?:由[^,，。;；]{1,12}?)?"
                        r"(?:调高|调低|提高|降低|下调|上调|增加|减少|压缩|延长|缩短|扩大|放宽|调整)(?:至|到|为)")
_FORECAST_LEAD = regex.compile(r"(?:预计|预期|将)?(?:于|在|到|至)?$")
_PLACE_BRACKET = regex.compile(r"[(（]([^()（）\n]{2,12})[)）]")
# a sentence giving the parts of the one before, or opening on 同期 (the same time as it)
_BREAKDOWN = regex.compile(r"\s*(?:其中|同期[,，]?(?!相比|水平))")
_SAME_LIST = regex.compile(r"[\d.:：、%‰]+")  # the members of one ratio or list of figures
_ADVERBIAL_CHARS = 8  # 40年来, / 近5年来,: a clause no longer than this leads in
_RESPECTIVE_REACH = 14  # 分别 … first member: 分别比上年偏少88.3%, 分别完成旅客吞吐量4218.6万人次


def _clause_start(ctx: LinkContext, pos: int) -> int:
    clause = ctx.clauses.at(pos)
    return clause.start if clause else _sentence_start(ctx, pos)


def _sentence_start(ctx: LinkContext, pos: int) -> int:
    """Where the sentence holding `pos` starts; parts joined by ；are one
    sentence here (…位列全国第7;光纤入户端口数达到2587.4万个: one period)."""
    sentence = ctx.full_sentences.at(pos)
    return sentence.start if sentence else pos


def ranking_of(ctx: LinkContext, q: Quantity, window: Window) -> Ranking | None:
    """The first ranking after `q` in its clause or the next one, if no other
    quantity comes between and `q` does not count the field (在全国31个省中排名第9).

    >>> _demo("每万人拥有5G基站数超19个,位列全国第7", "rank")
    [7]
    """
    sentence = window.sentence
    if sentence is None:
        return None
    clause = ctx.clauses.at(q.start)
    following = ctx.clauses.at(clause.end) if clause else None
    reach = min(sentence.end, following.end if following else clause.end if clause else sentence.end)
    ranking = ctx.rankings.first_after(q.end, reach)
    if ranking is None or ctx.quantities.first_after(q.end, ranking.start) is not None:
        return None
    if ctx.in_frame.search(ctx.norm, max(sentence.start, q.start - 12), ranking.start):
        return None  # 在全国31个省(区、市)中排名第9: the 31 counts the field, it is not ranked
    return ranking


def carry_after(q: Quantity, window: Window, chg: Change, metric: Metric, carry: Carry) -> Carry:
    """What `q` hands to the next quantity: itself, its metric phrase, the
    metric a following change or list member may take, and the levels of
    its sentence so far."""
    if chg.direction is None or window.member:
        carried = metric.text
    elif metric.changed:
        carried = metric.changed  # what changed, for a change that names nothing
    else:
        carried = carry.metric if window.same_sentence else None  # never from another sentence
    levels = carry.levels if window.same_sentence else ()
    if chg.direction is None and not window.member and metric.text and len(levels) <= MAX_LEVELS:
        levels = (*levels, metric.text)
    return Carry(q, metric.phrase if metric.text else None, carried, levels=levels)


def _respective_levels(ctx: LinkContext, q: Quantity, window: Window, chg: Change, carry: Carry,
                       member: int) -> tuple[str, str] | None:
    """接待游客1.2亿人次,实现旅游收入1580亿元,分别增长12.3%和15.6%: the k-th change
    of a 分别 list changes the k-th level stated before it, when they are as many.
    The metric and the change word the later members use."""
    if not 2 <= len(carry.levels) <= MAX_LEVELS or not window.same_sentence:
        return None
    if chg.direction is None:  # 街道养老服务中心1012个、社区养老服务站点1.23万个,覆盖率分别为97.4%和91.8%
        if member == 0:
            named = _RESPECTIVE_MEASURE.fullmatch(ctx.norm, window.start, q.start)
            if named is None or _list_length(ctx, q, window) != len(carry.levels):
                return None
            word = ctx.source[named.start("word"):named.end("word")]
        else:
            word = carry.change_word
        return (carry.levels[member] + word, word) if word and member < len(carry.levels) else None
    if member == 0:
        if ctx.norm[window.start:chg.at].strip(" ,，、") != "分别":
            return None
        if _list_length(ctx, q, window) != len(carry.levels):
            return None
        word = ctx.source[chg.at:q.start]
    else:
        word = carry.change_word
    return (carry.levels[member] + word, word) if word and member < len(carry.levels) else None


# the measure a 分别 list of levels shares, named right before it (,覆盖率分别为)
_RESPECTIVE_MEASURE = regex.compile(r"[\s,，、]*(?P<word>\p{Han}{1,6}?)分别(?:为|是|达到|达)?")


def _list_length(ctx: LinkContext, q: Quantity, window: Window) -> int:
    """How many figures the list `q` opens holds (at most MAX_LEVELS + 1)."""
    members, end = 1, q.end
    limit = window.sentence.end if window.sentence else q.end
    while members <= MAX_LEVELS and (nxt := ctx.quantities.first_after(end, limit)) is not None and (
            ctx.list_or_to.fullmatch(ctx.norm[end:nxt.start].strip()) is not None):
        members, end = members + 1, nxt.end
    return members


def link_quantity(ctx: LinkContext, q: Quantity, carry: Carry) -> tuple[Quantity, Fact, Carry]:
    window = window_of(ctx, q, carry)
    chg = change_of(ctx, q, window, carry)
    written = metric_of(ctx, q, window, chg, carry)
    member = carry.member + 1 if window.member else 0
    at = written.phrase.start if written.phrase else q.start
    before = written.phrase is not None and _RESPECTIVELY.match(ctx.norm, written.phrase.end) is not None
    own = written._replace(text=respective(written.text, member, ctx.lex, at, ctx.subject_starts, before))
    paired = _respective_levels(ctx, q, window, chg, carry, member)
    if paired is not None:
        own = Metric(None, paired[0], None)
    metric = own if q.rule == TABLE_CELL else _without_notes(_bounded(own, ctx))
    place_carry = Carry(q, None, None, member, carry.list_start if window.member else q.start)
    occurred_on, occurred_at = _where_it_occurred(ctx, q.end)
    linked = replaced(
        q, metric=metric.text, direction=chg.direction, comparison=chg.comparison,
        # a table's column header may have said, or its caption (a flattened one's)
        period=q.period or (_caption_time(ctx, q.start) if q.rule == "qty.table_cell" else None)
        or occurred_on or _respective_time(ctx, place_carry) or period_of(ctx, q.start),
        region=q.region or _bracketed_place(ctx, q.end) or occurred_at
        or _ranked_field_region(ctx, q)
        or ((level := _bracketed_level(ctx, q)) and level.text)
        or region_of(ctx, q.start, place_carry),
    )
    ranking = ranking_of(ctx, q, window)
    phrase = metric.phrase
    start = phrase.start if phrase and metric.text and phrase.start < q.start else q.start
    end = max(q.end, ranking.end if ranking else q.end)
    # the next one continues from this one as linked (分别增长10.2%和8.1%: the second is up too)
    # the list's members after it read their items from the whole phrase, as written
    handed = written if written.text and ("分别" in written.text or before) else metric
    fact = _quantity_fact(ctx, linked, ranking, start, end, window)
    if _in_note(ctx, q):
        return linked, fact, carry  # 死亡人數2,917人（指事故發生後30日內死亡者）,較112年的3,064人: a gloss hands nothing on
    return linked, fact, carry_after(
        linked, window, chg, handed, carry)._replace(member=member, list_start=place_carry.list_start,
                                                     change_word=paired[1] if paired else "",
                                                     recent=_recent_levels(ctx, q, chg, metric, carry))


# a bracket glossing the term before it (（指事故發生後30日內死亡者）, （即…）, （含…）)
_NOTE_OPEN = regex.compile(r"\((?:指|即|含|包括|不含|不包括|注)")


def _in_note(ctx: LinkContext, q: Quantity) -> bool:
    """Whether `q` stands inside a glossing bracket still open before it on its line
    (brackets are half-width in the normalised text)."""
    norm = ctx.norm
    lo = norm.rfind("(", ctx.lines.start_of(q.start), q.start)
    return lo >= 0 and ")" not in norm[lo:q.start] and _NOTE_OPEN.match(norm, lo) is not None


def link_ranking(ctx: LinkContext, r: Ranking) -> Fact:
    """A fact of its own for a ranking no quantity claims."""
    norm, source = ctx.norm, ctx.source
    sentence = ctx.sentences.at(r.start)
    phrase = _ranking_phrase(ctx, r)
    end = phrase.end
    start = min(phrase.start, r.start)
    return construct(Fact, 
        id=f"{ctx.doc_id}:fact:{r.start}-{r.end}", doc_id=ctx.doc_id, text=source[start:r.end],
        start=start, end=r.end, rule="link.ranking", metric=source[phrase.start:end] if end > phrase.start else None,
        value=None, unit=None, qualifier=None, period=period_of(ctx, r.start),
        region=region_of(ctx, r.start), rank=r.rank, scope=r.scope, basis=r.basis,
        quantity_id=None, ranking_id=r.id, **sentence_window(source, sentence, start, r.end),
    )


def _quantity_fact(ctx: LinkContext, q: Quantity, ranking: Ranking | None, start: int, end: int,
                   window: Window) -> Fact:
    sentence = window.sentence
    return construct(Fact, 
        id=f"{ctx.doc_id}:fact:{q.start}-{q.end}", doc_id=ctx.doc_id, text=ctx.source[start:end],
        start=start, end=end, rule="link.quantity", metric=q.metric, value=q.value, unit=q.unit,
        qualifier=q.qualifier, period=q.period, region=q.region,
        rank=ranking.rank if ranking else None, scope=ranking.scope if ranking else None,
        basis=ranking.basis if ranking else None, quantity_id=q.id,
        ranking_id=ranking.id if ranking else None, **sentence_window(ctx.source, sentence, start, end),
    )


SENTENCE_WINDOW = 160  # characters; the longest sentence with a fact in corpus/ and dev has 132


def sentence_window(source: str, sentence: Sentence | None, start: int, end: int) -> dict[str, Any]:
    """The `sentence` fields of the fact at [start, end): its sentence, or the
    SENTENCE_WINDOW characters of it centred on the fact when the sentence
    is longer (a fact never copies more), with offsets.

    >>> w = sentence_window("甲" * 500, Sentence(start=0, end=400, clauses=()), 300, 302)
    >>> w["sentence_start"], w["sentence_end"]
    (221, 381)
    """
    # a fact may cross the end of a sentence that segment cut at its length bound
    s_start, s_end = (min(sentence.start, start), max(sentence.end, end)) if sentence else (start, end)
    if s_end - s_start > SENTENCE_WINDOW:
        s_start = max(s_start, min((start + end - SENTENCE_WINDOW) // 2, s_end - SENTENCE_WINDOW))
        s_end = s_start + SENTENCE_WINDOW
    return {"sentence": source[s_start:s_end], "sentence_start": s_start, "sentence_end": s_end}


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `records`, `sentences`, `norm`; fills quantity fields and adds facts."""
    ctx = LinkContext.of(doc, lex)
    linked: dict[str, Quantity] = {}
    facts: list[Fact] = []
    claimed: set[str] = set()
    carry = Carry(None, None, None)
    for q in ctx.quantities.items:
        linked_q, fact, carry = link_quantity(ctx, q, carry)
        linked[q.id] = linked_q
        facts.append(fact)
        if fact.ranking_id:
            claimed.add(fact.ranking_id)
    facts.extend(link_ranking(ctx, r) for r in ctx.rankings.items if r.id not in claimed)
    records: list[Record] = [linked.get(r.id, r) if isinstance(r, Quantity) else r for r in doc.records]
    records.extend(facts)
    records.sort(key=lambda r: (r.start, -r.end, r.kind, r.id))
    return doc.model_copy(update={"records": records})


def _demo(text: str, field: str) -> Sequence[object]:
    """One field of every linked quantity of `text` (for the doctests)."""
    from .. import extract

    if field == "rank":
        return [f.rank for f in extract(text) if isinstance(f, Fact) and f.quantity_id]
    values = [getattr(r, field) for r in extract(text) if isinstance(r, Quantity)]
    return [v.value if isinstance(v, Direction) else v for v in values]


__all__ = ["RULES", "link_quantity", "link_ranking", "run"]
