"""The review page in a real headless Chromium: spans and fact rows are linked both ways.

Needs the Debian `chromium` package (/usr/bin/chromium) and the Python
`playwright` package; never `playwright install`. Without them the test
skips, except on CI (CI=true), where their absence is a failure.
Writes a screenshot to tests/artifacts/review.png.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.load import load_path
from pipeline.models import Document, Fact, Quantity
from pipeline.review import write_review
from pipeline.runner import run_document

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "corpus" / "ranking_digital_noise.txt"
SCREENSHOT = ROOT / "tests" / "artifacts" / "review.png"
WIDTH, HEIGHT = 1280, 720


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; on CI the browser test must run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed (pip install playwright)")
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    out = tmp_path_factory.mktemp("review")
    assert write_review([INPUT], out) == ([], [])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            tab = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            tab.goto((out / f"{INPUT.stem}.html").as_uri())
            yield tab
        finally:
            browser.close()


@pytest.fixture(scope="module")
def doc() -> Document:
    return run_document(load_path(INPUT))


def _in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT
            and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH)


def _classes(page: Any, selector: str) -> list[str]:
    return str(page.locator(selector).first.get_attribute("class") or "").split()


def test_every_record_is_rendered(page: Any, doc: Document) -> None:
    texts = page.evaluate("""() => {
        const t = {};
        document.querySelectorAll("#source [data-record-id]").forEach(el => {
            t[el.dataset.recordId] = (t[el.dataset.recordId] || "") + el.textContent; });
        return t; }""")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll("#facts tr[data-record-id]"),
                                             r => r.dataset.recordId)""")
    assert {r.id: r.text for r in doc.records} == texts
    assert rows == [r.id for r in doc.records if isinstance(r, Fact)]
    assert page.locator("#source .zone").count() >= len(doc.zones) > 0


def test_click_span_marks_and_shows_its_row(page: Any, doc: Document) -> None:
    quantity = [r for r in doc.records if isinstance(r, Quantity)][-1]
    fact = next(r for r in doc.records if isinstance(r, Fact) and r.quantity_id == quantity.id)
    span = f'#source [data-record-id="{quantity.id}"]'
    row = f'#facts tr[data-record-id="{fact.id}"]'
    assert page.locator(span).first.evaluate("el => el.querySelector('[data-record-id]')") is None
    page.locator(span).first.scroll_into_view_if_needed()
    assert not _in_viewport(page, row), "pick a row that starts out of view"
    page.locator(span).first.click()
    assert "sel" in _classes(page, row)
    assert "sel" in _classes(page, span)
    page.wait_for_function(f"""() => {{
        const b = document.querySelector('{row}').getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight; }}""", timeout=2000)
    assert _in_viewport(page, row)


def test_click_row_marks_and_shows_its_span(page: Any, doc: Document) -> None:
    fact = next(r for r in doc.records if isinstance(r, Fact) and r.ranking_id)
    span = f'#source [data-record-id="{fact.id}"]'
    ranking = f'#source [data-record-id="{fact.ranking_id}"]'
    row = f'#facts tr[data-record-id="{fact.id}"]'
    page.evaluate("() => { const s = document.getElementById('source'); s.scrollTop = s.scrollHeight; }")
    assert not _in_viewport(page, span)
    page.locator(row).click()
    assert "sel" in _classes(page, row)
    assert "sel" in _classes(page, span) and "sel" in _classes(page, ranking)
    assert page.locator("#facts tr.sel").count() == 1
    page.wait_for_function(f"""() => {{
        const b = document.querySelector('{span}').getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight; }}""", timeout=2000)
    assert _in_viewport(page, span)
    # a second span click moves the mark: one row stays marked
    page.locator(f'#source [data-record-id="{fact.ranking_id}"]').first.click()
    assert page.locator("#facts tr.sel").count() == 1
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
