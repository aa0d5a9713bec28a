"""Stage 5, link: tie each quantity and ranking to what it measures, when
and where, and write them as `Fact` records.

For a quantity:
- metric: the phrase naming what is measured. A counted noun right after
  the number wins (38个二级节点 -> 二级节点); otherwise the words before the
  number in its clause, without framing words (lexicons/metrics.yaml),
  dates and leading places (光纤入户端口数达到2587.4万个 -> 光纤入户端口数).
  Members of a list or a from-to pair share the metric of the first
  (分别为313.2毫米、143.7毫米; 由1000上升至5610.60). A change (同比增长1.4倍)
  is named after the level it changes (新能源汽车产量同比增长).
- direction and comparison: 增长/下降 ... and 同比/比上年 ... right before it.
- period: the last DATE before it in its sentence, else in its paragraph.
- region: the last place before it in its sentence, else the document's
  subject region (the place it names most often).
- ranking: a ranking that follows in the same sentence before any other
  quantity (…超19个,位列全国第7).
Rankings that no quantity claims become facts of their own, with the
metric read before them (数字政务综合评价排名全国第9).
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from .lexicons import Lexicons
from .offsets import Lines
from .rules import Rule, ex
from .models import Clause, Direction, Document, Entity, Fact, Quantity, Ranking, Record, Sentence

RULES: tuple[Rule, ...] = (
    Rule("link.quantity", "fact", "a quantity with its metric, period, region and the ranking after it", None,
         (ex("截至2022年底,每万人拥有5G基站数超19个,位列全国第7", text="每万人拥有5G基站数超19个,位列全国第7",
             metric="每万人拥有5G基站数", value=19, rank=7, scope="全国", period="2022年底"),)),
    Rule("link.ranking", "fact", "a ranking no quantity claims, with the metric read before it", None,
         (ex("数字政务综合评价排名全国第9", metric="数字政务综合评价", rank=9),)),
)

_TRAILING_PUNCT_CHARS = " \t\n,，、:：;；(（“\"'‘「『-—~"
_NAME_START = regex.compile(r"[\p{Han}“\"A-Za-z]")
_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z+]")
_HAN = regex.compile(r"\p{Han}")
_CLOSING = regex.compile(r"[^()（）\n]{0,8}[)）]")
_FRAME_END = regex.compile(r"在[^在]{0,30}中$")
_IN_FRAME = regex.compile(r"在[^在,，。;；]{0,12}\d[^在,，。;；]{0,20}中")
_SKIP = regex.compile(r"[\s,，、:：;；()（）“”\"'‘’「」『』《》\-—~]+")
# Between two numbers that share one metric: a list (、 和), a ratio (:), a from-to (上升至).
_LIST_OR_TO = regex.compile(r"(?:、|和|及|与|或|,|:)?(?:\p{Han}{0,3}(?:至|到))?")  # matched on stripped text


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int


@functools.cache
def _words(lex: Lexicons) -> dict[str, Any]:
    metric = lex.metrics
    directions = tuple(sorted({s for g in lex.directions for s in g.surfaces}, key=len, reverse=True))
    comparisons = tuple(sorted({s for g in lex.comparisons for s in g.surfaces}, key=len, reverse=True))
    return {**metric, "directions": directions, "comparisons": comparisons}


def _strip(norm: str, start: int, end: int, lex: Lexicons, entity_starts: dict[int, int]) -> _Phrase:
    """Trim framing words, punctuation, and leading dates and places."""
    words = _words(lex)
    changed = True
    while changed and start < end:
        changed = False
        if (m := _SKIP.match(norm, start, end)) is not None:
            start, changed = m.end(), True
        elif start in entity_starts and entity_starts[start] < end:
            start, changed = entity_starts[start], True
        else:
            for w in words["leading"]:
                if norm.startswith(w, start) and start + len(w) < end:
                    start, changed = start + len(w), True
                    break
    changed = True
    while changed and start < end:
        changed = False
        text = norm[start:end]
        stripped = text.rstrip(_TRAILING_PUNCT_CHARS)
        if len(stripped) < len(text):
            end, changed = start + len(stripped), True
            continue
        for w in words["trailing"]:
            if text.endswith(w):  # all of it, if it is only framing (稳定在)
                end, changed = end - len(w), True
                break
    # 集聚科大讯飞、思必驰等相关企业1180家: 等 closes an enumeration of examples;
    # what is counted is named after it
    cut = norm.rfind("等", start, end - 1)
    if cut > start and norm[cut + 1] not in "级奖同待于":  # not 等级, 一等奖, 等同
        start = cut + 1
    return _Phrase(start, end)


@functools.cache
def _direction_surfaces(lex: Lexicons) -> tuple[tuple[str, str], ...]:
    pairs = {(s, g.value) for g in lex.directions for s in g.surfaces}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def _only_framing(text: str, lex: Lexicons) -> bool:
    words = _words(lex)
    return text in words["trailing"] or text in words["leading"]


def _following(norm: str, pos: int, lex: Lexicons, q_unit_is_share: bool = False) -> _Phrase | None:
    """The counted noun phrase right after a number (2万余家企业 -> 企业)."""
    words = _words(lex)
    start = pos + 1 if norm.startswith("的", pos) else pos
    if q_unit_is_share and start == pos:
        return None  # 99%的事项 names what the share is of; 99%和… does not
    if start >= len(norm) or not _NAME_START.match(norm[start]):
        return None
    if any(norm.startswith(w, start) for w in (*words["directions"], *words["trailing"], "至", "到")):
        return None  # a verb or the rest of a range follows (由1000上升至…, 58万至60万), not a noun
    end, quoted = start, False
    limit = min(len(norm), start + int(words["max_following_chars"]))
    while end < limit:
        ch = norm[end]
        if ch in "(（" and (close := _CLOSING.search(norm, end, limit)) is not None:
            end = close.end()  # 5个县（市、区）: a bracket belongs to the name
            continue
        if ch in "“\"":
            quoted = True
        elif ch in "”\"" and quoted:
            quoted = False
        elif quoted:
            pass
        elif not _NAME_CHAR.match(ch) or any(
            norm.startswith(w, end) for w in words["following_stops"]
        ):
            break
        end += 1
    if end == start or (end == limit and end < len(norm) and _HAN.match(norm[end])):
        return None  # nothing, or a run-on clause rather than a name
    return _Phrase(start, end)


def _direction(norm: str, start: int, end: int, lex: Lexicons) -> tuple[Direction | None, str | None, int]:
    """Direction word ending the window, the comparison in it, and where the change phrase starts."""
    window = norm[start:end].rstrip("了 ")
    words = _words(lex)
    direction, phrase_start = None, end
    if not window.endswith(lex.not_directions):
        for surface, value in _direction_surfaces(lex):  # longest first, whatever the group
            if window.endswith(surface):
                direction = Direction(value)
                phrase_start = start + len(window) - len(surface)
                break
    comparison = None
    for surface in words["comparisons"]:
        at = norm.rfind(surface, start, end)
        if at >= 0:
            comparison = surface
            phrase_start = min(phrase_start, at) if direction else phrase_start
            break
    return direction, comparison, phrase_start


class _InOrder:
    """Sentences or clauses (in text order, not overlapping), found by position."""

    def __init__(self, items: Sequence[Sentence] | Sequence[Clause]) -> None:
        self.items, self.starts = items, [s.start for s in items]

    def at(self, pos: int) -> Sentence | Clause | None:
        i = bisect_right(self.starts, pos) - 1
        return self.items[i] if i >= 0 and pos < self.items[i].end else None


def _subject_region(entities: Sequence[Entity]) -> str | None:
    counts = Counter(e.text for e in entities if e.type.value == "LOC")
    if not counts:
        return None
    best = max(counts.values())
    return next(e.text for e in entities if e.type.value == "LOC" and counts[e.text] == best)


class _ByEnd:
    """Entities of one type, searchable by where they end."""

    def __init__(self, entities: Sequence[Entity], kind: str) -> None:
        self.items = sorted((e for e in entities if e.type.value == kind), key=lambda e: (e.end, e.start))
        self.ends = [e.end for e in self.items]

    def last_before(self, start: int, pos: int) -> Entity | None:
        """The last entity inside [start, pos)."""
        i = bisect_right(self.ends, pos) - 1
        return self.items[i] if i >= 0 and self.items[i].start >= start else None


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `records`, `sentences`, `norm`; fills quantity fields and adds facts."""
    norm, source = doc.norm, doc.source
    entities = [r for r in doc.records if isinstance(r, Entity)]
    quantities = [r for r in doc.records if isinstance(r, Quantity)]
    rankings = [r for r in doc.records if isinstance(r, Ranking)]
    entity_starts = {e.start: e.end for e in entities if e.type.value in ("DATE", "LOC")}
    clauses = [c for s in doc.sentences for c in s.clauses]
    subject = _subject_region(entities)
    dates, places = _ByEnd(entities, "DATE"), _ByEnd(entities, "LOC")
    quantity_starts = [q.start for q in quantities]
    ranking_starts = [r.start for r in rankings]
    sentences, clause_index = _InOrder(doc.sentences), _InOrder(clauses)
    lines = Lines(norm)

    linked: dict[str, Quantity] = {}
    facts: list[Fact] = []
    claimed: set[str] = set()
    prev: Quantity | None = None
    prev_phrase: _Phrase | None = None
    prev_metric: str | None = None
    for q in quantities:
        sentence = sentences.at(q.start)
        clause = clause_index.at(q.start)
        s_start = sentence.start if sentence else q.start
        c_start = clause.start if clause else s_start
        same_clause = prev is not None and prev.end > c_start and prev.end <= q.start
        same_sentence = prev is not None and prev.end > s_start and prev.end <= q.start
        window_start = prev.end if same_clause and prev else c_start
        direction, comparison, change_at = _direction(norm, window_start, q.start, lex)
        between = norm[prev.end:q.start] if same_clause and prev else None
        phrase: _Phrase | None = None
        metric_text: str | None = None
        changed: str | None = None
        if q.rule == "qty.table_cell":
            phrase = _row_label(norm, lines.start_of(q.start), q.start)  # a cell measures its row's label
            metric_text = source[phrase.start:phrase.end] if phrase else None
        elif between is not None and prev is not None and _LIST_OR_TO.fullmatch(between.strip()):
            # a list member or the end of 由A至B: the first one's metric
            phrase, metric_text = prev_phrase, prev_metric
            direction = direction or prev.direction
            comparison = comparison or prev.comparison
        elif direction is not None:
            # a change is named by its own subject (产业增长14.2%), else after
            # the level it changes (新能源汽车产量37万辆,同比增长1.4倍)
            phrase = _strip(norm, window_start, q.start, lex, entity_starts)
            if phrase.start < change_at:
                metric_text = source[phrase.start:phrase.end]
                changed = source[phrase.start:change_at]
            elif same_sentence and prev_metric:
                metric_text = prev_metric + source[change_at:q.start].rstrip("了 ")
        else:
            phrase = _following(norm, q.end, lex, q.unit in ("%", "‰")) if _counts_after(q, lex) else None
            if phrase is None:
                phrase = _strip(norm, window_start, q.start, lex, entity_starts)
            if phrase.end > phrase.start and not _only_framing(norm[phrase.start:phrase.end], lex):
                metric_text = source[phrase.start:phrase.end]
            elif same_sentence and prev_metric:
                metric_text = prev_metric  # 连续11年稳定在3000万吨以上: the level named before
        if metric_text and len(metric_text) > int(_words(lex)["max_leading_chars"]):
            metric_text, phrase = None, None
        date = dates.last_before(s_start, q.start) or dates.last_before(
            lines.start_of(q.start), q.start)  # else in its paragraph
        place = places.last_before(s_start, q.start)
        ranking = _following_ranking(norm, rankings, ranking_starts, quantity_starts, q, sentence)
        updated = q.model_copy(update={
            "metric": metric_text, "direction": direction, "comparison": comparison,
            "period": date.text if date else None, "region": place.text if place else subject,
        })
        linked[q.id] = updated
        if ranking:
            claimed.add(ranking.id)
        start = min(phrase.start, q.start) if phrase and metric_text and phrase.start < q.start else q.start
        end = max(q.end, ranking.end if ranking else q.end)
        facts.append(_fact(doc, updated, ranking, start, end, sentence))
        prev, prev_phrase = q, (phrase if metric_text else None)
        if direction is None or between is not None and _LIST_OR_TO.fullmatch(between.strip()):
            prev_metric = metric_text
        elif changed:
            prev_metric = changed  # what changed, for a change that names nothing

    for r in rankings:
        if r.id in claimed:
            continue
        sentence = sentences.at(r.start)
        clause = clause_index.at(r.start)
        c_start = clause.start if clause else r.start
        phrase = _strip(norm, c_start, r.start, lex, entity_starts)
        frame = _FRAME_END.search(norm[phrase.start:phrase.end])
        end = phrase.start + frame.start() if frame else phrase.end
        metric = source[phrase.start:end] if end > phrase.start else None
        s_start = sentence.start if sentence else r.start
        date = dates.last_before(s_start, r.start)
        place = places.last_before(s_start, r.start)
        facts.append(Fact(
            id=f"{doc.doc_id}:fact:{r.start}-{r.end}", doc_id=doc.doc_id,
            text=source[min(phrase.start, r.start):r.end], start=min(phrase.start, r.start), end=r.end,
            rule="link.ranking", metric=metric, period=date.text if date else None,
            region=place.text if place else subject, rank=r.rank, scope=r.scope, basis=r.basis,
            ranking_id=r.id, sentence=source[sentence.start:sentence.end] if sentence else r.text,
        ))

    records: list[Record] = [linked.get(r.id, r) if isinstance(r, Quantity) else r for r in doc.records]
    records.extend(facts)
    records.sort(key=lambda r: (r.start, -r.end, r.kind, r.id))
    return doc.model_copy(update={"records": records})


_ROW_LABEL = regex.compile(r"\s*(?:其中\s*[:：]\s*)?(?P<label>[^\s\d.\-]\S*)")


def _row_label(norm: str, line_start: int, pos: int) -> _Phrase | None:
    """The first cell of the table row holding `pos` (其中: prefixes dropped)."""
    m = _ROW_LABEL.match(norm, line_start)
    return _Phrase(m.start("label"), m.end("label")) if m and m.end("label") <= pos else None


@functools.cache
def _unit_classes(lex: Lexicons) -> dict[str, str]:
    return {u.canonical: u.unit_class for u in lex.units}


def _counts_after(q: Quantity, lex: Lexicons) -> bool:
    """Whether a noun after this quantity names what it counts."""
    if q.unit is None:
        return True
    return _unit_classes(lex).get(q.unit) in ("measure", "share", "points")


def _following_ranking(norm: str, rankings: Sequence[Ranking], ranking_starts: Sequence[int],
                       quantity_starts: Sequence[int], q: Quantity,
                       sentence: Sentence | Clause | None) -> Ranking | None:
    """The first ranking after `q` in its sentence, if no other quantity comes between."""
    if sentence is None:
        return None
    i = bisect_left(ranking_starts, q.end)
    if i == len(rankings) or rankings[i].start >= sentence.end:
        return None
    j = bisect_left(quantity_starts, q.end)
    if j < len(quantity_starts) and quantity_starts[j] < rankings[i].start:
        return None
    if _IN_FRAME.search(norm, max(sentence.start, q.start - 12), rankings[i].start):
        return None  # 在全国31个省(区、市)中排名第9: the 31 counts the field, it is not ranked
    return rankings[i]


def _fact(doc: Document, q: Quantity, ranking: Ranking | None, start: int, end: int,
          sentence: Sentence | Clause | None) -> Fact:
    return Fact(
        id=f"{doc.doc_id}:fact:{q.start}-{q.end}", doc_id=doc.doc_id, text=doc.source[start:end],
        start=start, end=end, rule="link.quantity", metric=q.metric, value=q.value, unit=q.unit,
        qualifier=q.qualifier, period=q.period, region=q.region,
        rank=ranking.rank if ranking else None, scope=ranking.scope if ranking else None,
        basis=ranking.basis if ranking else None, quantity_id=q.id,
        ranking_id=ranking.id if ranking else None,
        sentence=doc.source[sentence.start:sentence.end] if sentence else q.text,
    )
