"""Markup that Python's `html.parser` reads in linear time.

`html.parser` looks for the end of every `<` construct it meets; when the
end is missing it scans to the end of the page and then reads the `<` as
text, so a page of unterminated constructs costs the square of its length
(`<!-- ` x 100,000: 86 s; `<a ` x 20,000, 60 KB: 29 s). `defuse` rewrites
the markup in one pass so that every construct the parser sees ends before
the next `<`:

- a comment runs to its `-->` (html.parser's own pattern); an unterminated
  comment runs to the end of the page, as in a browser, and is dropped;
- a tag, end tag, declaration or processing instruction is kept when its
  `>` comes before the next `<` and its quotes close before it; any other
  `<` is text, written `&lt;` (a browser would read most of them as text
  too; an attribute value holding `<` is the rare exception);
- `<![CDATA[…]]>` and conditional comments (`<![if …]>`) are dropped: a
  browser shows nothing of them in HTML, and html.parser raises on them;
- the content of `<script>` and `<style>` is kept as it is up to its end
  tag (the parser reads it as raw text).

Every step either consumes what it scanned or stops at the next `<`, so the
pass is linear, and so is the parse of what it returns.
"""
from __future__ import annotations

import re

import regex

_COMMENT_CLOSE = re.compile(r"--\s*>")  # as html.parser (_markupbase._commentclose)
# < … > with its quotes closed and no < outside or inside them (possessive: a
# failed attempt never backtracks, and never scans past the next <).
_CONSTRUCT = regex.compile(r"""<(?:[^<>"']++|"[^"<]*+"|'[^'<]*+')*+>""")
_RAW_TEXT_START = re.compile(r"<(script|style)(?=[\s/>])", re.IGNORECASE)
_RAW_TEXT_END = {name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")}


def defuse(markup: str) -> str:
    """`markup` with every construct html.parser would look for in vain made text or dropped.

    >>> defuse("<p>a<b</p><!-- note --><![CDATA[x]]>c<!-- open")
    '<p>a&lt;b</p><!-- note -->c'
    >>> defuse("<script>if (a<b) x='<!--';</script><a title='x>y'>t</a>")
    "<script>if (a<b) x='<!--';</script><a title='x>y'>t</a>"
    """
    out: list[str] = []
    pos = 0
    while (lt := markup.find("<", pos)) >= 0:
        out.append(markup[pos:lt])
        if markup.startswith("<!--", lt):
            close = _COMMENT_CLOSE.search(markup, lt + 4)
            if close is None:
                return "".join(out)  # an unterminated comment hides the rest of the page
            out.append(markup[lt:close.end()])
            pos = close.end()
            continue
        construct = _CONSTRUCT.match(markup, lt)
        if construct is None:
            out.append("&lt;")
            pos = lt + 1
            continue
        pos = construct.end()
        if markup.startswith("<![", lt):
            continue
        out.append(construct.group())
        raw = _RAW_TEXT_START.match(construct.group())
        if raw and not construct.group().endswith("/>"):
            end = _RAW_TEXT_END[raw.group(1).lower()].search(markup, pos)
            out.append(markup[pos:end.start() if end else len(markup)])
            if end is None:
                return "".join(out)
            pos = end.start()
    out.append(markup[pos:])
    return "".join(out)
