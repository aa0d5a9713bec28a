"""The adversarial input families of issue 12, generated at any size: each
cost time, memory or output more than linearly before. Used by
tests/test_adversarial.py (small sizes) and tests/bench.py (the issue's full
sizes). `make(name, chars)` returns the file's text and suffix; HTML
families are markup, read through `pipeline.load.html_to_text`."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
_PUNCTUATION = set("，。、；：！？“”‘’（）《》,.;:!?()\n \u3000")


def prose() -> str:
    """Every corpus/*.txt release, decoded, a blank line between releases."""
    from pipeline.load import load_path

    texts = [load_path(p).source.strip("\n") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    return "\n\n".join(texts) + "\n\n"


def _repeat(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


class Family(NamedTuple):
    what: str
    full: int  # characters (of markup, for HTML) at the size the issue reported
    suffix: str
    make: Callable[[int], str]


FAMILIES: dict[str, Family] = {
    "prose": Family("corpus releases (the reference)", 1_048_576 // 3, ".txt", lambda n: _repeat(prose(), n)),
    "dense_figures": Family("重庆软件业务收入超过2700亿元 repeated on one line", 200 * 1024 // 3, ".txt",
                            lambda n: _repeat("重庆软件业务收入超过2700亿元", n)),
    "commas_for_stops": Family("a release whose 。 and line breaks are ，", 100 * 1024 // 3, ".txt",
                               lambda n: _repeat(prose().replace("。", "，").replace("\n", ""), n)),
    "unpunctuated": Family("releases without punctuation or line breaks", 100 * 1024 // 3, ".txt",
                           lambda n: _repeat("".join(c for c in prose() if c not in _PUNCTUATION), n)),
    "number_list": Family("1,2,3,… on one line", 100 * 1024, ".txt",
                          lambda n: ",".join(str(i % 10) for i in range(n // 2 + 1))[:n]),
    "growth_run": Family("增长1% repeated", 100 * 1024 // 3, ".txt", lambda n: _repeat("增长1%", n)),
    "rank_run": Family("进入全国前十 repeated", 100 * 1024 // 3, ".txt", lambda n: _repeat("进入全国前十", n)),
    "yi_run": Family("亿 repeated (one-character words)", 1_048_576 // 3, ".txt", lambda n: "亿" * n),
    "de_run": Family("的 repeated (one-character words)", 1_048_576 // 3, ".txt", lambda n: "的" * n),
    "latin_run": Family("a repeated (one jieba block)", 1_048_576, ".txt", lambda n: "a" * n),
    "digits": Family("1 repeated (one numeral)", 1_048_576, ".txt", lambda n: "1" * n),
    "numeral_run": Family("十 repeated (one Chinese numeral)", 1_048_576 // 3, ".txt", lambda n: "十" * n),
    "text_table_row": Family("a 单位 line, a header and one row of 12 cells that never ends", 100 * 1024, ".txt",
                             lambda n: ("单位:元\n项目 本期 上期\n" + "12 " * n)[:n]),
    "html_table_row": Family("one table row of <td>1</td> cells", 500_000, ".html",
                             lambda n: "<table><tr>" + "<td>1</td>" * (n // 10) + "</tr></table>"),
    "html_comments": Family("<!-- repeated, never closed", 500_000, ".html", lambda n: "<!-- " * (n // 5)),
    "html_open_tags": Family("<a  repeated, never closed", 300_000, ".html", lambda n: "<p>正文</p>" + "<a " * (n // 3)),
}


def make(name: str, chars: int) -> tuple[str, str]:
    family = FAMILIES[name]
    return family.make(chars), family.suffix
