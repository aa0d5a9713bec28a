"""Text from documents and file names, made safe to print on one terminal line."""
from __future__ import annotations

import re

# Control characters (a newline, ESC of a terminal escape code), line and
# paragraph separators, bidirectional overrides, and the lone surrogates a
# file name that is not UTF-8 decodes to (printing one would raise).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: object) -> str:
    """`text` with every character that could break a line or drive a terminal escaped.

    >>> print(one_line("a\\nb\\x1b[31m.txt"))
    a\\u000ab\\u001b[31m.txt
    """
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))
