"""Small helpers for the table-driven tests."""
from __future__ import annotations

from decimal import Decimal

from pipeline import Entity, Quantity, Ranking, extract


def quantities(text: str) -> list[tuple[str, Decimal, str | None]]:
    return [(r.text, r.value, r.unit) for r in extract(text) if isinstance(r, Quantity)]


def values(text: str) -> list[tuple[float, str | None]]:
    """(value, unit) pairs, values rounded to 6 significant digits as score.py does."""
    return [(float(f"{float(v):.6g}"), u) for _, v, u in quantities(text)]


def rounded(expected: list[tuple[float, str | None]]) -> list[tuple[float, str | None]]:
    return [(float(f"{v:.6g}"), u) for v, u in expected]


def rankings(text: str) -> list[tuple[int, str | None, str]]:
    return [(r.rank, r.scope, r.basis) for r in extract(text) if isinstance(r, Ranking)]


def entities(text: str, kind: str | None = None) -> list[tuple[str, str]]:
    return [(r.type.value, r.text) for r in extract(text)
            if isinstance(r, Entity) and (kind is None or r.type.value == kind)]
