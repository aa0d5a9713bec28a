"""Typed models passed between stages, and the records the pipeline writes.

A `Document` is created by `load`, then each stage in `runner.STAGES` reads
some of its fields and fills others (see each stage's docstring). Records are
the output contract (see ../shared/eval/GUIDELINES.md): every record carries
`doc_id`, `kind`, `text`, `start`, `end` with `source[start:end] == text`.
"""
from __future__ import annotations

import json
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, NamedTuple, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer


def decimal_to_json_number(value: Decimal) -> int | float:
    """Exact integers stay integers; others become the nearest float.

    The value is exact (Decimal) inside the pipeline; JSON and YAML want a
    number, and `repr(float)` is the shortest round-tripping form, so the
    output is the same bytes on every machine.
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


JsonDecimal = Annotated[Decimal, PlainSerializer(decimal_to_json_number, when_used="always")]


M = TypeVar("M", bound=BaseModel)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- intermediate structures -------------------------------------------------


class Zone(Frozen):
    """A stretch of page furniture (navigation, footer, advertising...)."""

    start: int
    end: int
    kind: str  # boilerplate kind id from lexicons/boilerplate.yaml
    suppress: tuple[str, ...]  # record kinds never extracted inside the zone


class Token(NamedTuple):
    """A jieba word and its span (a tuple: a 1 MB text has ~500,000 of them)."""

    text: str
    start: int
    end: int


class Clause(Frozen):
    start: int
    end: int


class Sentence(Frozen):
    start: int
    end: int
    clauses: tuple[Clause, ...]


class PageSpan(Frozen):
    """The stretch of `source` that one page of a PDF gave."""

    page: int  # 1-based, as a reader counts
    start: int
    end: int


class Cell(Frozen):
    """One cell of a table read as a table (HTML, .docx, .xlsx, .csv).

    `row` and `col` are the cell's top-left place in the grid after merged
    cells are expanded: a cell with `rowspan` 2 covers rows `row` and
    `row + 1`. `start`/`end` are the offsets of its text in `source` (equal
    when the cell is empty); `indent` is how far the cell's text is indented
    (leading spaces, or the format's indentation), which nests sub-rows
    under the row above them.
    """

    row: int
    col: int
    start: int
    end: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    indent: int = 0


class Table(Frozen):
    """A table's cells with their offsets; what `tables.run` reads."""

    start: int
    end: int
    rows: int
    cols: int
    cells: tuple[Cell, ...]


# --- records -----------------------------------------------------------------


class Qualifier(str, Enum):
    """How an amount relates to its number (JioNLP's `definition`, named)."""

    over = "over"  # 超, 超过, 逾, 突破, 以上, 多, 余: more than the number
    under = "under"  # 近, 不足, 不到: less than the number
    about = "about"  # 约, 左右, 大约: around the number


class Direction(str, Enum):
    up = "up"  # 增长, 提高, 上升, 增加
    down = "down"  # 下降, 减少, 回落
    flat = "flat"  # 持平


class RecordBase(Frozen):
    id: str
    doc_id: str
    text: str
    start: int
    end: int
    rule: str  # stable id of the rule (lexicon entry or pattern) that produced it
    page: int | None = None  # PDF page (1-based) where the record starts
    # The first doc_id of the group of reposts this document is a copy of
    # (pipeline/reposts.py); None for a document that is nobody's copy.
    duplicate_of: str | None = None


class Quantity(RecordBase):
    kind: Literal["quantity"] = "quantity"
    value: JsonDecimal
    unit: str | None
    number_text: str  # the numeral as written, multiplier included
    qualifier: Qualifier | None = None
    direction: Direction | None = None
    comparison: str | None = None  # 同比, 环比, 比上年 ... as written (Simplified)
    metric: str | None = None
    period: str | None = None
    region: str | None = None


class Ranking(RecordBase):
    kind: Literal["ranking"] = "ranking"
    rank: int
    scope: str | None
    basis: Literal["position", "top", "tier", "change"]


class EntityType(str, Enum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    WORK = "WORK"
    DATE = "DATE"


class Entity(RecordBase):
    kind: Literal["entity"] = "entity"
    type: EntityType
    title: str | None = None  # PER: the title written before the name
    org: str | None = None  # PER: the organisation written before the title
    iso: str | None = None  # DATE: ISO 8601 form where the text allows
    period: str | None = None  # DATE: year, month, day, quarter, half, range, year_end ...


class Fact(RecordBase):
    """A quantity or ranking tied to what it measures, when, where."""

    kind: Literal["fact"] = "fact"
    metric: str | None
    value: JsonDecimal | None = None
    unit: str | None = None
    qualifier: Qualifier | None = None
    period: str | None = None
    region: str | None = None
    rank: int | None = None
    scope: str | None = None
    basis: str | None = None
    quantity_id: str | None = None
    ranking_id: str | None = None
    # Its sentence, or the 160 characters of it around the fact when it is
    # longer: source[sentence_start:sentence_end] == sentence.
    sentence: str
    sentence_start: int
    sentence_end: int


Record = Annotated[Union[Quantity, Ranking, Entity, Fact], Field(discriminator="kind")]


class Document(BaseModel):
    """One input document as it moves through the stages."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    path: str | None = None
    encoding: str = "utf-8"
    source: str  # the decoded input, never changed after load
    format: str = "text"  # text, html, pdf, docx, xlsx, csv: which reader made `source`
    pages: list[PageSpan] = Field(default_factory=list)  # PDF pages, in order
    tables: list[Table] = Field(default_factory=list)  # tables read as tables, in order
    norm: str = ""  # same length as source: normalised 1:1 for matching
    zones: list[Zone] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    tokens: list[Token] = Field(default_factory=list)
    traditional: bool = False  # the source is mostly Traditional script
    records: list[Record] = Field(default_factory=list)


def record_schema() -> str:
    """The JSON Schema of one output record, as committed in records.schema.json."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Record).json_schema(mode="serialization")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def construct(cls: type[M], **values: Any) -> M:
    """A record from values the pipeline already guarantees, unvalidated:
    pydantic's `model_construct` without its per-call default lookups (a
    large document has tens of thousands of records)."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = _DEFAULTS[cls] = {k: f.get_default(call_default_factory=True)
                                     for k, f in cls.model_fields.items() if not f.is_required()}
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", {**defaults, **values})
    object.__setattr__(model, "__pydantic_fields_set__", _fields_set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


_DEFAULTS: dict[type[BaseModel], dict[str, Any]] = {}


def replaced(model: M, **changes: Any) -> M:
    """`model` with `changes`, unvalidated, sharing its set of field names
    (`model_copy(update=...)` copies the set, and `construct` says why not)."""
    return construct(type(model), **{**model.__dict__, **changes})


def _fields_set(values: dict[str, Any]) -> set[str]:
    """One set per set of field names, shared by every model built with
    them: a set of 20 names is 1.2 KB, as much as the record's own fields,
    and a large document has tens of thousands of records. Never changed in
    place: records are frozen, and pydantic's copies copy the set first."""
    names = frozenset(values)
    shared = _FIELDS_SETS.get(names)
    if shared is None:
        shared = _FIELDS_SETS[names] = set(names)
    return shared


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
