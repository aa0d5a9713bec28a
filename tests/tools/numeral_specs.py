"""Measure pipeline.numerals on another project's numeral test cases.

The cases are Recognizers-Text style JSON spec files (a list of
{"Input", "Results": [{"Text", "Start", "End", "Resolution": {"value"}}],
"NotSupported"}); their paths are given on the command line and nothing of
them is kept in this repository:

    .venv/bin/python tests/tools/numeral_specs.py SPECS/Number/Chinese/NumberModel.json ...
    .venv/bin/python tests/tools/numeral_specs.py --failures SPEC.json   # list every failing case

For each case the numerals of `Input` are found and read (with
`numerals.find_numerals` when the module has it; otherwise NUMBER_RE read by
parse_number, with the fractions and percentages around a NUMBER_RE match
read by parse_fraction), then compared to `Results`. How depends on the
spec's model, taken from the file name (or --mode):

* number (NumberModel): a result is right when a numeral starts where it
  starts, has its text (compared after NFKC and case folding, as the spec
  writes full-width forms half-width) and its value. A case is right when
  every result is right and nothing else is found.
* percent (PercentModel): a result (value `V%`) is right when exactly one
  numeral lies in its span and reads V (a fraction or percentage read as a
  ratio counts times 100, so 百分之2.4 and 2.4个百分点 both read 2.4).
  Percentages found outside every result span count as wrong.
* unit (NumberWithUnit models): as percent, for the results with a value;
  numerals outside the result spans are not judged (the spec marks only
  amounts with a unit). Cases without a valued result are not counted.
* range (NumberRangeModel): the numerals in the result span must read the
  interval's end points ((100000,) from 十几万, [20,30) from 20和30之间).

Values match when equal, or within 1e-12 relative (the specs print floats to
15 digits). Per file the report gives case accuracy over all cases and over
the cases not marked NotSupported for Python, and per-result precision and
recall (right results / numerals judged, right results / results).
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import regex

try:
    from pipeline import numerals
except ImportError:  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from pipeline import numerals

MODES = ("number", "percent", "unit", "range")


@dataclass(frozen=True)
class Found:
    start: int
    end: int  # half-open
    text: str
    value: Decimal
    kind: str  # number | fraction | percent | tenths


@dataclass(frozen=True)
class Expected:
    start: int
    end: int  # half-open (the spec's End is inclusive)
    text: str
    value: str | None


@dataclass
class Tally:
    cases: int = 0
    right_cases: int = 0
    supported: int = 0
    right_supported: int = 0
    skipped: int = 0  # unit/range cases without a valued result
    expected: int = 0
    judged: int = 0
    right: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "  -  "
        return (f"{name:<34} cases {self.right_cases:>3}/{self.cases:<3} "
                f"{ratio(self.right_cases, self.cases)}"
                f"  python-supported {self.right_supported:>3}/{self.supported:<3} "
                f"{ratio(self.right_supported, self.supported)}"
                f"  results P {ratio(self.right, self.judged)} R {ratio(self.right, self.expected)}"
                f" ({self.right} right, {self.judged} judged, {self.expected} expected)"
                + (f"  [{self.skipped} cases without a value not counted]" if self.skipped else ""))


# --- finding numerals ------------------------------------------------------------

_FALLBACK_RE = regex.compile(
    rf"(?P<fraction>(?:(?:{numerals.NUMBER_PATTERN})又)?(?:(?:{numerals.NUMBER_PATTERN})|[百千万])分之"
    rf"(?:{numerals.NUMBER_PATTERN})|(?:{numerals.NUMBER_PATTERN})[%％‰])"
    rf"|(?P<number>{numerals.NUMBER_PATTERN})")


def find(text: str) -> list[Found]:
    """The numerals of `text` that the module reads, in text order."""
    finder = getattr(numerals, "find_numerals", None)
    if finder is not None:
        return [Found(n.start, n.end, n.text, n.value, n.kind) for n in finder(text)]
    out: list[Found] = []
    for m in _FALLBACK_RE.finditer(text):
        try:
            if m.lastgroup == "fraction":
                kind = "percent" if regex.search(r"^[百千万]分之|[%％‰]$", m.group()) else "fraction"
                out.append(Found(m.start(), m.end(), m.group(), numerals.parse_fraction(m.group()), kind))
            else:
                out.append(Found(m.start(), m.end(), m.group(), numerals.parse_number(m.group()), "number"))
        except (ValueError, ArithmeticError):
            continue
    return out


# --- comparing ----------------------------------------------------------------------

def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        return None


def same_value(expected: Decimal, got: Decimal) -> bool:
    """Equal, or within 1e-12 relative (the specs print binary floats to 15 digits)."""
    return expected == got or abs(expected - got) <= abs(expected) * Decimal("1e-12")


def _reading(found: Found, mode: str) -> Decimal:
    return found.value * 100 if mode == "percent" and found.kind != "number" else found.value


def _end_points(interval: str) -> list[Decimal] | None:
    inner = interval.strip()[1:-1]
    points = [_decimal(p) for p in inner.split(",") if p.strip()]
    if any(p is None for p in points):
        return None
    distinct: list[Decimal] = []
    for p in points:
        if p is not None and p not in distinct:
            distinct.append(p)
    return distinct


def _overlaps(found: Found, exp: Expected) -> bool:
    return found.start < exp.end and exp.start < found.end


def judge_case(case: dict[str, Any], mode: str) -> tuple[bool | None, int, int, int, str]:
    """(case right or None when not counted, right results, judged numerals, expected results, report)."""
    text: str = case["Input"]
    expected = [Expected(r["Start"], r["End"] + 1, r["Text"], (r.get("Resolution") or {}).get("value"))
                for r in case["Results"]]
    found = find(text)
    if mode == "number":
        right = 0
        unmatched = list(found)
        for exp in expected:
            value = _decimal(exp.value or "")
            hit = next((f for f in unmatched if f.start == exp.start and _norm(f.text) == _norm(exp.text)
                        and value is not None and same_value(value, f.value)), None)
            if hit is not None:
                unmatched.remove(hit)
                right += 1
        ok: bool | None = right == len(expected) and not unmatched
        judged, n_expected = len(found), len(expected)
    else:
        valued = [e for e in expected if e.value is not None]
        right, judged = 0, 0
        for exp in valued:
            inside = [f for f in found if _overlaps(f, exp)]
            judged += len(inside)
            if mode == "range":
                points = _end_points(exp.value or "")
                got = sorted(f.value for f in inside)
                good = points is not None and len(got) == len(points) and all(
                    same_value(p, g) for p, g in zip(sorted(points), got))
                right += len(inside) if good else 0
            else:
                value = _decimal(exp.value or "")
                good = len(inside) == 1 and value is not None and same_value(value, _reading(inside[0], mode))
                right += 1 if good else 0
        stray = [f for f in found if f.kind == "percent" and not any(_overlaps(f, e) for e in expected)]
        if mode == "percent":
            judged += len(stray)
        n_expected = len(valued) if mode != "range" else sum(
            len(_end_points(e.value or "") or []) for e in valued)
        if not valued and mode in ("unit", "range"):
            ok = None
        else:
            ok = right == n_expected and not (mode == "percent" and stray)
    report = (f"{text!r}\n    expected {[(e.text, e.value) for e in expected]}\n"
              f"    found    {[(f.text, str(_reading(f, mode))) for f in found]}")
    return ok, right, judged, n_expected, report


def _mode_of(path: Path) -> str:
    name = path.stem.lower()
    if "percent" in name:
        return "percent"
    if "range" in name:
        return "range"
    if name.startswith("number"):
        return "number"
    return "unit"


def _python_supported(case: dict[str, Any]) -> bool:
    marks = f"{case.get('NotSupported', '')},{case.get('NotSupportedByDesign', '')}"
    return "python" not in marks.lower()


def measure(cases: Iterable[dict[str, Any]], mode: str) -> Tally:
    tally = Tally()
    for case in cases:
        ok, right, judged, n_expected, report = judge_case(case, mode)
        tally.right += right
        tally.judged += judged
        tally.expected += n_expected
        if ok is None:
            tally.skipped += 1
            continue
        tally.cases += 1
        tally.right_cases += ok
        if _python_supported(case):
            tally.supported += 1
            tally.right_supported += ok
        if not ok:
            tally.failures.append(report)
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+", type=Path, help="spec JSON files (Recognizers-Text layout)")
    parser.add_argument("--mode", choices=MODES, help="how to judge (default: from each file's name)")
    parser.add_argument("--failures", action="store_true", help="print every failing case")
    args = parser.parse_args(argv)
    total = Tally()
    for path in args.specs:
        cases = json.loads(path.read_text(encoding="utf-8-sig"))
        mode = args.mode or _mode_of(path)
        tally = measure(cases, mode)
        print(tally.line(f"{path.stem} ({mode})"))
        if args.failures:
            for report in tally.failures:
                print("  FAIL " + report)
        for name in ("cases", "right_cases", "supported", "right_supported", "skipped", "expected", "judged",
                     "right"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    if len(args.specs) > 1:
        print(total.line("all files"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
