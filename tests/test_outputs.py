"""outputs/ and the committed schema are what the code produces now:
`make demo` and `make schema` (or `make regen`) rewrite them."""
from __future__ import annotations

from pathlib import Path

from pipeline.batch import run_batch
from pipeline.models import record_schema

from .conftest import CORPUS_DIR, ROOT


def test_outputs_are_up_to_date(tmp_path: Path) -> None:
    summary = run_batch([CORPUS_DIR], tmp_path, tmp_path / "records.jsonl")
    assert summary.errors == []
    committed = ROOT / "outputs"
    produced = sorted(p.name for p in tmp_path.iterdir())
    assert produced == sorted(p.name for p in committed.iterdir() if not p.name.startswith(".")), \
        "run `make demo`"  # a hidden folder in outputs/ is the cache of `make demo`
    for name in produced:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), f"{name}: run `make demo`"


def test_schema_is_up_to_date() -> None:
    committed = (ROOT / "pipeline" / "records.schema.json").read_text(encoding="utf-8")
    assert committed == record_schema(), "run `make schema`"


def test_record_dict_is_pydantics_json_dump() -> None:
    """write.record_dict reads the fields directly; it must give what pydantic's
    JSON dump gives, for every record of the corpus."""
    from pipeline.batch import collect_inputs
    from pipeline.load import load_path
    from pipeline.runner import run_document
    from pipeline.write import record_dict

    for path in collect_inputs([CORPUS_DIR]):
        for record in run_document(load_path(path)).records:
            dumped = {k: v for k, v in record.model_dump(mode="json").items() if v is not None}
            assert record_dict(record) == dumped
