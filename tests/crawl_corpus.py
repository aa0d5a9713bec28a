"""Made-up crawled releases for the corpus-scale tests and benchmarks.

`release(n)` writes the n-th release of a made-up statistics bureau: a
headline and five to seven paragraphs drawn, with a seeded random
generator, from sentence patterns in the style of real bulletins (figures,
growth rates, rankings, people, organisations), so every release is
different and gives records. `repost(text, site)` wraps a release in the
page furniture of another site (navigation, share buttons, editor,
copyright and 备案号 footers), and `retitled` changes its headline: the
reposts a crawl of several sites holds. `crawl_rows(count)` gives crawl
rows (id, url, fetched_at, text or html) with a repost group every
`REPOST_EVERY` releases. Nothing here is copied from a real release.
"""
from __future__ import annotations

import random
from typing import Any

CITIES = ("重庆", "成都", "贵阳", "昆明", "南宁", "西安", "兰州", "合肥", "南昌", "长沙", "武汉", "郑州",
          "太原", "石家庄", "济南", "福州", "杭州", "南京", "沈阳", "长春", "哈尔滨", "呼和浩特", "银川", "西宁")
PROVINCES = {"重庆": "重庆", "成都": "四川", "贵阳": "贵州", "昆明": "云南", "南宁": "广西", "西安": "陕西",
             "兰州": "甘肃", "合肥": "安徽", "南昌": "江西", "长沙": "湖南", "武汉": "湖北", "郑州": "河南",
             "太原": "山西", "石家庄": "河北", "济南": "山东", "福州": "福建", "杭州": "浙江", "南京": "江苏",
             "沈阳": "辽宁", "长春": "吉林", "哈尔滨": "黑龙江", "呼和浩特": "内蒙古", "银川": "宁夏",
             "西宁": "青海"}
TOPICS = ("工业经济", "消费市场", "固定资产投资", "外贸进出口", "数字经济", "农业生产", "交通运输", "居民收入")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = ("建国", "晓明", "文涛", "海燕", "志强", "丽华", "国平", "思远", "雪梅", "永红", "立新", "春华")
TITLES = ("局长", "副局长", "新闻发言人", "总统计师", "副主任")

SENTENCES = (
    "{year}年{period},{city}规模以上工业增加值同比增长{pct}%,增速比{prev}加快{pp}个百分点,位列全省第{rank}。",
    "全市社会消费品零售总额达到{big}亿元,同比增长{pct}%,其中网上零售额{small}亿元,增长{pct2}%。",
    "{year}年{period},全市固定资产投资同比增长{pct}%,其中制造业投资增长{pct2}%,基础设施投资下降{pp}%。",
    "外贸进出口总值{big}亿元,比上年增长{pct}%,总量进入全国前{top}。",
    "{city}数字经济核心产业增加值突破{small}亿元,占地区生产总值比重达到{pp}%,排名全国第{rank2}位。",
    "全年粮食总产量{tons}万吨,比上年增加{small2}万吨,连续{years}年稳定在{tons2}万吨以上。",
    "{year}年{period},全市旅客发送量{people}万人次,同比增长{pct}%;货物运输量{tons}万吨,增长{pct2}%。",
    "全市居民人均可支配收入{income}元,同比名义增长{pct}%,扣除价格因素实际增长{pct2}%。",
    "{province}{n_companies}家企业入选全国民营企业500强,数量居全国第{rank2}位,比上年上升{up}位。",
    "截至{year}年底,全市累计建成5G基站{base}个,每万人拥有5G基站数超{per}个,位列全国第{rank2}。",
    "{city}市统计局{title}{person}介绍,新动能持续壮大,高技术制造业增加值增长{pct}%,快于全部规上工业{pp}个百分点。",
    "《{city}市{year}年国民经济和社会发展统计公报》显示,全市常住人口{pop}万人,比上年末增加{small2}万人。",
)
PERIODS = ("1-3月", "上半年", "1-9月", "前三季度", "全年", "1-11月")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def release(n: int) -> tuple[str, str]:
    """(headline, body) of the n-th made-up release; the same n always gives the same text."""
    rng = random.Random(n)
    city = CITIES[n % len(CITIES)]
    topic = TOPICS[(n // len(CITIES)) % len(TOPICS)]
    year = 2019 + n % 6
    period = rng.choice(PERIODS)
    headline = f"{year}年{period}{city}{topic}运行情况({n})"
    values = dict(
        year=year, period=period, city=city, province=PROVINCES[city], prev=rng.choice(("上年同期", "一季度")),
        pct=f"{rng.randint(1, 15)}.{rng.randint(0, 9)}", pct2=f"{rng.randint(1, 30)}.{rng.randint(0, 9)}",
        pp=f"{rng.randint(0, 5)}.{rng.randint(1, 9)}", rank=rng.randint(1, 12), rank2=rng.randint(1, 31),
        big=f"{rng.randint(1000, 9999)}.{rng.randint(0, 9)}", small=f"{rng.randint(100, 999)}.{rng.randint(0, 9)}",
        small2=f"{rng.randint(1, 99)}.{rng.randint(0, 9)}", top=rng.choice(("十", "五", "20")),
        tons=rng.randint(300, 3000), tons2=rng.randint(200, 300), years=rng.randint(3, 12),
        people=rng.randint(1000, 90000), income=rng.randint(20000, 70000), n_companies=rng.randint(2, 40),
        up=rng.randint(1, 9), base=rng.randint(10000, 90000), per=rng.randint(10, 30),
        pop=f"{rng.randint(300, 3200)}.{rng.randint(0, 9)}", title=rng.choice(TITLES), person=_person(rng))
    picked = rng.sample(SENTENCES, rng.randint(5, 7))
    paragraphs = [" ".join(s.format(**values) for s in picked[i:i + 2]) for i in range(0, len(picked), 2)]
    body = f"{city}市统计局 {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n\n" + "\n\n".join(paragraphs)
    return headline, body


SITES = (
    ("华西新闻网", "首页 | 新闻 | 财经 | 区县 | 视频", "您当前的位置:首页 > 财经 > 正文", "渝ICP备10000001号-1"),
    ("西部在线", "西部在线首页 | 要闻 | 经济 | 民生 | 专题", "当前位置:首页 > 经济频道 > 正文", "蜀ICP备20000002号"),
    ("政务信息港", "网站首页 | 政务公开 | 政策解读 | 互动交流", "您现在的位置:首页 > 政务公开 > 统计信息",
     "黔ICP备30000003号-3"),
)


def repost(headline: str, body: str, site: int) -> str:
    """A release as a site shows it: the site's navigation and footers around it."""
    name, nav, place, record = SITES[site % len(SITES)]
    return (f"{nav}\n登录 | 注册\n{place}\n\n{headline}\n\n来源:{name} 字号:大 中 小\n扫一扫 分享到微信朋友圈\n\n"
            f"{body}\n\n责任编辑:{name}编辑部\n【纠错】【打印】【关闭】\n\n"
            f"关于我们 | 广告服务 | 联系我们 | 网站地图\n{name}版权所有 未经授权禁止复制\n备案号:{record}\n")


def retitled(headline: str) -> str:
    """Another site's headline for the same release."""
    return "权威发布丨" + headline.replace("运行情况", "经济数据出炉")


REPOST_EVERY = 10  # every tenth release is reposted by two more sites, one with its own headline


def crawl_rows(count: int, start: int = 0) -> list[dict[str, Any]]:
    """`count` crawl rows: made-up releases, some of them reposted (rows i and i+1, i+2 of a group)."""
    rows: list[dict[str, Any]] = []
    n = start
    while len(rows) < count:
        headline, body = release(n)
        copies = [repost(headline, body, 0)]
        if n % REPOST_EVERY == 0:
            copies += [repost(headline, body, 1), repost(retitled(headline), body, 2)]
        for site, text in enumerate(copies):
            if len(rows) < count:
                rows.append({"id": f"r{n:06d}-{site}", "url": f"https://site{site}.example/{n}.html",
                             "fetched_at": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00", "text": text})
        n += 1
    return rows
