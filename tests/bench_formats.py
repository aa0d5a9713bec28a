"""Benchmark of the PDF reader: PDFium (pypdfium2) against pdfplumber, and memory
on a 300-page PDF. A section of tests/BENCHMARKS.md (tests/bench.py adds it);
alone it rewrites only that section:

    .venv/bin/python tests/bench_formats.py --update tests/BENCHMARKS.md
    .venv/bin/python tests/bench_formats.py            # prints the section

Quality is measured on PDFs drawn here from known text (tests/corpus_formats.py),
so the truth is exact:

- characters in order: the share of the true text's characters that the
  extracted text has in the same order (difflib's matching blocks), all
  whitespace removed from both; extra characters: what else it has;
- paragraphs whole: the share of true paragraphs that come out as one line,
  i.e. lines wrapped inside a phrase joined with nothing in between.

Each library is measured twice: its own text (`PdfTextPage.get_text_range`,
`Page.extract_text`), and its characters fed to this project's line and
paragraph assembly (pipeline/formats/pdf.py), which is what the pipeline
would use. Fonts: reportlab's CID font STSong-Light (not embedded: read
through CMaps) and, where Debian's fonts-wqy-microhei is installed, an
embedded TrueType subset; layouts: plain, justified (character spacing),
fake bold (every line drawn twice 0.3 pt apart), two columns.
"""
from __future__ import annotations

import argparse
import difflib
import io
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import corpus_formats as make  # noqa: E402

from pipeline.formats import pdf  # noqa: E402
from pipeline.load import budget_for  # noqa: E402

HEADING = "## PDF text: PDFium or pdfplumber"
TTF = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PAGES = 300


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    paragraphs: list[str]


def _paragraphs(text: str) -> list[str]:
    return [b.lines[0] if not b.rows else "" for b in make.blocks(text) if not b.rows and b.lines]


def _draw(text: str, font: str, layout: str, pages: int = 0) -> bytes:
    """`text`'s paragraphs flowed over A4 pages (and columns) in a font and a layout,
    with a running header and a page number; with `pages`, the text is repeated
    until that many pages are full."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    make._register_font()
    if font == "WQY" and "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(TTF), subfontIndex=0))
    size, paragraphs = 10.5, _paragraphs(text)
    columns = 2 if layout == "two columns" else 1
    width = (440 - 20 * (columns - 1)) / columns
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=make.A4, invariant=1)
    page, column, y = 1, 0, 760.0

    def end_page() -> None:
        c.setFont(font, 9)
        c.drawCentredString(297, 800, "统计公报")
        c.drawCentredString(297, 40, f"— {page} —")
        c.showPage()

    while True:
        for para in paragraphs:
            line, lines, indent = "", [], 2 * size
            for ch in para:
                if pdfmetrics.stringWidth(line + ch, font, size) > width - indent:
                    lines.append((indent, line))
                    line, indent = "", 0.0
                line += ch
            lines.append((indent, line))
            for n, (indent, part) in enumerate(lines):
                if y < 80:
                    column, y = column + 1, 760.0
                    if column == columns:
                        end_page()
                        if pages and page == pages:
                            c.save()
                            return buffer.getvalue()
                        page, column = page + 1, 0
                x = 78 + column * (width + 20) + indent
                t = c.beginText(x, y)
                t.setFont(font, size)
                if layout == "justified" and n < len(lines) - 1 and len(part) > 1:
                    spare = width - indent - pdfmetrics.stringWidth(part, font, size)
                    t.setCharSpace(spare / (len(part) - 1))
                t.textOut(part)
                c.drawText(t)
                if layout == "fake bold":
                    c.setFont(font, size)
                    c.drawString(x + 0.3, y, part)
                y -= size * 1.6
            y -= size * 0.6
        if not pages:
            break
    end_page()
    c.save()
    return buffer.getvalue()


def samples() -> list[Sample]:
    text = (ROOT / "corpus" / "bulletin_county_2023.txt").read_text(encoding="utf-8")
    fonts = ["STSong-Light"] + (["WQY"] if TTF.is_file() else [])
    out = []
    for font in fonts:
        for layout in ("plain", "justified", "fake bold", "two columns"):
            out.append(Sample(f"{'CID, not embedded' if font != 'WQY' else 'TrueType subset'}, {layout}",
                              _draw(text, font, layout), _paragraphs(text)))
    return out


# --- the two libraries ----------------------------------------------------------------


def pdfium_raw(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def pdfium_assembled(data: bytes) -> str:
    return pdf.read(data).text


def plumber_raw(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def plumber_assembled(data: bytes) -> str:
    """pdfplumber's characters through the same line and paragraph assembly."""
    import pdfplumber

    pages: list[pdf._Page] = []
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for n, page in enumerate(doc.pages, 1):
            height = float(page.height)
            chars = [pdf._Char(c["text"], float(c["x0"]), height - float(c["bottom"]), float(c["x1"]),
                               height - float(c["top"]), float(c["size"]), float(c["matrix"][5]))
                     for c in page.chars]
            page.close()
            lines = pdf._lines(chars)
            pages.append(pdf._Page(n, height, lines))
    pdf.mark_furniture(pages)
    return pdf.assemble(pages)[0]


READERS: dict[str, Callable[[bytes], str]] = {
    "PDFium, its text": pdfium_raw,
    "PDFium + assembly (chosen)": pdfium_assembled,
    "pdfplumber, its text": plumber_raw,
    "pdfplumber + assembly": plumber_assembled,
}


def quality(extracted: str, sample: Sample) -> tuple[float, int, float]:
    truth = re.sub(r"\s+", "", "".join(sample.paragraphs))
    got = re.sub(r"\s+", "", extracted)
    blocks = difflib.SequenceMatcher(None, truth, got, autojunk=False).get_matching_blocks()
    matched = sum(b.size for b in blocks)
    lines = {re.sub(r"\s+", "", line) for line in extracted.splitlines()}
    whole = sum(1 for p in sample.paragraphs if re.sub(r"\s+", "", p) in lines)
    return matched / len(truth), len(got) - matched, whole / len(sample.paragraphs)


def speed(reader: Callable[[bytes], str], data: bytes, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        reader(data)
        best = min(best, time.perf_counter() - started)
    return best


def peak_rss_mb(code: str) -> float:
    """Peak RSS of a fresh Python running `code` (its VmHWM: rusage would count what
    the child inherited from this process before it started Python), or of the
    largest worker process it ran (`run` processes documents in workers)."""
    probe = ("; import resource; print(max(int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
             ".split()[1]), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
    done = subprocess.run([sys.executable, "-c", code + probe], check=True, cwd=ROOT, capture_output=True,
                          text=True)
    return int(done.stdout.split()[-1]) / 1024


def _last_line(stderr: str) -> str:
    """The run's error line, the temporary folder's name left out."""
    line = next((ln for ln in stderr.splitlines() if "too long" in ln), stderr.splitlines()[-1] if stderr else "")
    return re.sub(r"^press-extract: error: \S*/", "error: ", line)


def section() -> str:
    """The Markdown section of BENCHMARKS.md."""
    rows = []
    cases = samples()
    totals: dict[str, list[tuple[float, int, float]]] = {name: [] for name in READERS}
    for sample in cases:
        cells = []
        for name, reader in READERS.items():
            q = quality(reader(sample.data), sample)
            totals[name].append(q)
            cells.append(f"{q[0]:.1%} / {q[1]} / {q[2]:.0%}")
        rows.append(f"| {sample.name} | " + " | ".join(cells) + " |")
    text = (ROOT / "corpus" / "bulletin_county_2023.txt").read_text(encoding="utf-8")
    big = _draw(text, "STSong-Light", "plain", pages=PAGES)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.pdf"
        path.write_bytes(big)
        times = {name: speed(reader, big, repeat=1) for name, reader in READERS.items()}
        reader_rss = peak_rss_mb(f"from pipeline.formats import pdf; pdf.read(open({str(path)!r}, 'rb').read())")
        text_of_pdf = pdf.read(big).text
        chars = len(text_of_pdf)
        pdf_budget, text_budget = budget_for(chars, "pdf"), budget_for(chars)
        refused = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(path), "--out", tmp + "/r",
                                  "--no-cache"], cwd=ROOT, capture_output=True, text=True).stderr.strip()
        run_rss = peak_rss_mb(f"from pipeline.cli import main; main(['run', {str(path)!r}, '--out', {tmp + '/out'!r}, "
                              f"'--no-cache', '--memory-budget', '{pdf_budget}'])")
        as_text = Path(tmp) / "big.txt"
        as_text.write_text(text_of_pdf, encoding="utf-8")
        text_rss = peak_rss_mb(f"from pipeline.cli import main; main(['run', {str(as_text)!r}, '--out', {tmp + '/t'!r}, "
                               f"'--no-cache', '--memory-budget', '{text_budget}'])")
    head = " | ".join(READERS)
    lines = [
        HEADING, "",
        f"Measured by [`tests/bench_formats.py`](bench_formats.py). Each cell: characters in order / extra "
        "characters / paragraphs whole (see the script's docstring). The truth is the text of "
        f"`corpus/bulletin_county_2023.txt` ({len(cases[0].paragraphs)} paragraphs), drawn on A4 pages "
        "with a running header and a page number.", "",
        f"| Case | {head} |", "| --- |" + " ---: |" * len(READERS), *rows, "",
        f"Speed on a {PAGES}-page PDF ({len(big):,} bytes, {chars:,} characters of text), one run each:", "",
        "| Reader | Seconds | Pages/s |", "| --- | ---: | ---: |",
        *(f"| {name} | {t:.2f} | {PAGES / t:,.0f} |" for name, t in times.items()), "",
        f"Peak RSS on that PDF, each in a fresh process: the reader alone {reader_rss:.0f} MB. "
        f"`press-extract run` on it with the default memory budget refuses it: `{_last_line(refused)}`. "
        f"With `--memory-budget {pdf_budget}` it runs, peak {run_rss:.0f} MB (largest process), target "
        f"< 300 MB: {'met' if run_rss < 300 else f'missed by {run_rss - 300:.0f} MB'}; the same text given "
        f"as a `.txt` file (`--memory-budget {text_budget}`): {text_rss:.0f} MB. Pages are read one at a "
        "time and closed, only their lines kept, so the reader's share does not grow with the page count; "
        f"the rest is the pipeline holding one document of {chars:,} characters and its records, about "
        "1.1 KB of a worker's data segment per character (1.55 KB when PDFium made the text: its heap "
        "stays), which is why a worker's budget sets the longest text it takes (`load.max_chars`).", "",
        "PDFium is chosen: " + _verdict(totals, times), "",
    ]
    return "\n".join(lines)


def _verdict(totals: dict[str, list[tuple[float, int, float]]], times: dict[str, float]) -> str:
    def mean(name: str, i: int) -> float:
        return sum(q[i] for q in totals[name]) / len(totals[name])

    a, b = "PDFium + assembly (chosen)", "pdfplumber + assembly"
    ra, rb = "PDFium, its text", "pdfplumber, its text"
    return (f"fed to the same assembly both libraries give the same text ({mean(a, 0):.1%} against "
            f"{mean(b, 0):.1%} of the characters in order, {mean(a, 2):.0%} against {mean(b, 2):.0%} of "
            f"paragraphs whole), and PDFium reads {times[b] / times[a]:.1f}x as fast; on their own text "
            f"pdfplumber loses the order of two columns ({min(q[0] for q in totals[rb]):.1%} of the characters "
            f"in order) and keeps fake bold twice, and is {times[rb] / times[ra]:.0f}x slower than PDFium's. "
            "pdfplumber is built on pdfminer.six (pure Python) and needs pypdfium2 as well.")


def update(path: Path, text: str) -> None:
    """Replace this section of `path` (from its heading to the next `## ` heading), or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find(HEADING)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(HEADING))
        new = old[:start] + text.rstrip("\n") + "\n" + (old[end:] if end >= 0 else "")
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--update", type=Path, help="rewrite this section of the given BENCHMARKS.md")
    args = ap.parse_args(argv)
    text = section()
    if args.update:
        update(args.update, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
