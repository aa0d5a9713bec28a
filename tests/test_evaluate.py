"""`press-extract eval` and pipeline/evaluate.py: the scoring contract of
../shared/eval/score.py on small gold folders written here, the same figures
as score.py on dev, extra and the blind set, and floors on the blind sets
(tests/blind, tests/blind2, scored by our evaluator alone, so they need no
../shared)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline import evaluate
from pipeline.batch import run_batch
from pipeline.cli import main

from .conftest import ROOT, require_eval

BLIND_DIR = ROOT / "tests" / "blind"

SOURCE = "2013年全市生产总值2000亿元,增长5%,位列全国第7。\n市统计局发布:全年进出口增长5%。"


def record(kind: str, text: str, source: str = SOURCE, nth: int = 0, doc_id: str = "a",
           **fields: Any) -> dict[str, Any]:
    """A record of the nth occurrence of `text` in `source`, offsets included."""
    start = -1
    for _ in range(nth + 1):
        start = source.index(text, start + 1)
    return {"doc_id": doc_id, "kind": kind, "text": text, "start": start, "end": start + len(text), **fields}


def gold_folder(folder: Path, docs: dict[str, tuple[str, dict[str, Any], list[dict[str, Any]] | None]]) -> Path:
    """doc_id -> (source, gold, context or None), written as a gold folder."""
    folder.mkdir(exist_ok=True)
    for doc_id, (source, gold, context) in docs.items():
        (folder / f"{doc_id}.txt").write_text(source, encoding="utf-8")
        (folder / f"{doc_id}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        if context is not None:
            (folder / f"{doc_id}.context.json").write_text(json.dumps(context, ensure_ascii=False),
                                                           encoding="utf-8")
    return folder


def records_file(path: Path, records: list[dict[str, Any]], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def score(folder: Path, records: Path) -> evaluate.Evaluation:
    return evaluate.evaluate(evaluate.load_gold(folder), evaluate.read_records(records))


def one_quantity(tmp_path: Path, gold_q: dict[str, Any], pred: dict[str, Any] | None,
                 context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Figures for one gold quantity `5%` (the first) and at most one record."""
    text = gold_q.setdefault("text", "5%")
    ctx = [{"text": text, "period": None, "region": None, **(context or {})}] if context is not None else None
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, {"quantities": [gold_q]}, ctx)})
    recs = [record("quantity", text, **pred)] if pred is not None else []
    return evaluate.figures(score(folder, records_file(tmp_path / "r.jsonl", recs)))


# --- the contract, figure by figure ------------------------------------------------------

GOLD_A = {
    "quantities": [{"text": "2000亿元", "value": 2e11, "unit": "元", "metric": "生产总值"},
                   {"text": "5%", "value": 5, "unit": "%"}, {"text": "5%", "value": 5, "unit": "%"}],
    "rankings": [{"text": "位列全国第7", "rank": 7, "scope": "全国", "basis": "position"}],
    "entities": [{"text": "2013年", "type": "DATE"}, {"text": "市统计局", "type": "ORG"}],
}
RECORDS_A = [
    record("quantity", "2000亿元", value=200000000000, unit="元", metric="全市生产总值"),
    record("quantity", "5%", value=5, unit="%"),
    record("ranking", "位列全国第7", rank=7, scope="全国", basis="position"),
    record("entity", "市统计局", type="ORG"),
    record("entity", "全国", type="LOC"),
    record("fact", "2000亿元", metric="生产总值"),  # other kinds are ignored
]


def test_exact_figures(tmp_path: Path) -> None:
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, None)})
    result = evaluate.figures(score(folder, records_file(tmp_path / "r.jsonl", RECORDS_A)))
    assert result["quantity"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8, "tp": 2, "fp": 0, "fn": 1}
    assert result["quantity_value"] == result["quantity"]
    assert result["ranking"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert result["entity"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert result["metric_accuracy"] == 1.0
    assert result["period_accuracy"] is None and result["context_quantities"] == 0
    assert (result["documents"], result["offset_errors"], result["unreadable_lines"]) == (1, 0, 0)


def test_duplicates_count_as_multisets(tmp_path: Path) -> None:
    source = "重庆、重庆、重庆与北京。"
    gold = {"entities": [{"text": "重庆", "type": "LOC"}] * 3}
    recs = [record("entity", "重庆", source, n, type="LOC") for n in range(2)]
    recs.append(record("entity", "北京", source, type="LOC"))
    folder = gold_folder(tmp_path / "gold", {"a": (source, gold, None)})
    result = evaluate.figures(score(folder, records_file(tmp_path / "r.jsonl", recs)))
    assert result["entity"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "tp": 2, "fp": 1, "fn": 1}


RANKING_ROWS = [  # (gold, record, matched)
    ({"rank": 7, "scope": "全国", "basis": "position"}, {"rank": 7, "scope": "全国", "basis": "position"}, True),
    ({"rank": 7, "scope": "全国", "basis": "position"}, {"rank": 7, "scope": "西部", "basis": "position"}, False),
    ({"rank": 10, "scope": "全国", "basis": "top"}, {"rank": 10, "scope": "全国", "basis": "position"}, False),
    ({"rank": 3, "scope": "全国", "basis": "change"}, {"rank": -3, "scope": "全国", "basis": "change"}, False),
    ({"rank": 7, "scope": "全国"}, {"rank": 7, "scope": "全国", "basis": "position"}, True),  # basis defaults
    ({"rank": 7, "scope": "", "basis": "position"}, {"rank": 7, "scope": None, "basis": "position"}, True),
    ({"rank": 7, "scope": None, "basis": "position"}, {"rank": "7", "basis": "position"}, True),
]


@pytest.mark.parametrize("gold, pred, matched", RANKING_ROWS)
def test_rankings_match_on_rank_scope_and_basis(tmp_path: Path, gold: dict[str, Any], pred: dict[str, Any],
                                                matched: bool) -> None:
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, {"rankings": [{"text": "位列全国第7", **gold}]}, None)})
    recs = [record("ranking", "位列全国第7", **pred)]
    result = evaluate.figures(score(folder, records_file(tmp_path / "r.jsonl", recs)))
    assert (result["ranking"]["tp"], result["ranking"]["fp"], result["ranking"]["fn"]) == \
        ((1, 0, 0) if matched else (0, 1, 1))


VALUE_ROWS = [  # (gold value, unit), (record value, unit), matched on value and unit, on value alone
    ((1234567, "元"), (1234570, "元"), True, True),  # 6 significant digits: 1.23457e+06 both
    ((1234567, "元"), (1234500, "元"), False, False),
    ((17.6, "%"), (17.6000004, "%"), True, True),
    ((0.3, "%"), (0.1 + 0.2, "%"), True, True),
    ((2.5e8, "吨"), (250000000, "吨"), True, True),
    ((30, "%"), (30, None), False, True),  # the unit differs, the value alone matches
    ((12, "元"), (12, " 元 "), True, True),  # units are stripped
    ((7, None), (7, ""), True, True),  # an empty unit is no unit
    ((5, "%"), ("5", "%"), True, True),  # a number written as a string is read
    ((5, "%"), (None, "%"), False, False),
]


@pytest.mark.parametrize("gold, pred, matched, value_matched", VALUE_ROWS)
def test_quantities_match_on_six_significant_digits_and_unit(
        tmp_path: Path, gold: tuple[Any, Any], pred: tuple[Any, Any], matched: bool, value_matched: bool) -> None:
    result = one_quantity(tmp_path, {"value": gold[0], "unit": gold[1]}, {"value": pred[0], "unit": pred[1]})
    assert result["quantity"]["tp"] == int(matched)
    assert result["quantity_value"]["tp"] == int(value_matched)


AGREEMENT_ROWS = [  # (gold period, predicted period, agrees)
    ("全年", "2013年", True),  # a whole-year word and the year it stands for, either way
    ("2013年", "全年", True),
    ("本年", "2013年度", True),
    ("全年", "2013年末", False),  # not a whole year
    ("截至2022年底", "2022年底", True),  # character overlap F1 0.857
    ("我市", "全市", True),  # overlap F1 exactly 0.5
    ("上半年", "1-6月", False),
    (None, None, True),
    (None, "2013年", False),
    ("2013年", None, False),
]


@pytest.mark.parametrize("gold, predicted, agrees", AGREEMENT_ROWS)
def test_period_and_region_agreement(tmp_path: Path, gold: str | None, predicted: str | None,
                                     agrees: bool) -> None:
    result = one_quantity(tmp_path, {"value": 5, "unit": "%"},
                          {"value": 5, "unit": "%", "period": predicted, "region": predicted},
                          {"period": gold, "region": gold})
    assert result["context_quantities"] == 1
    assert result["period_accuracy"] == result["region_accuracy"] == (1.0 if agrees else 0.0)


def test_an_unmatched_gold_quantity_has_a_wrong_period_and_region(tmp_path: Path) -> None:
    result = one_quantity(tmp_path, {"value": 5, "unit": "%", "metric": "增长"},
                          {"value": 5, "unit": None, "metric": "增长"}, {})
    assert result["period_accuracy"] == result["region_accuracy"] == result["metric_accuracy"] == 0.0


def test_each_gold_quantity_is_paired_with_the_nearest_record(tmp_path: Path) -> None:
    source = "甲市增长5%,乙市增长5%。"
    gold = {"quantities": [{"text": "5%", "value": 5, "unit": "%", "metric": m} for m in ("甲市", "乙市")]}
    context = [{"text": "5%", "period": None, "region": r} for r in ("甲市", "乙市")]
    recs = [record("quantity", "5%", source, 1, value=5, unit="%", region="乙市", metric="乙市增长"),
            record("quantity", "5%", source, 0, value=5, unit="%", region="甲市", metric="甲市增长")]
    folder = gold_folder(tmp_path / "gold", {"a": (source, gold, context)})
    result = evaluate.figures(score(folder, records_file(tmp_path / "r.jsonl", recs)))
    assert result["region_accuracy"] == result["metric_accuracy"] == 1.0


def test_offset_errors_and_unreadable_lines(tmp_path: Path) -> None:
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, None)})
    good = record("entity", "市统计局", type="ORG")
    recs = [good, {**good, "text": "市统计"}, {**good, "start": str(good["start"])},
            {**good, "doc_id": "elsewhere", "text": "x"}]  # a document without gold is not scored
    path = records_file(tmp_path / "r.jsonl", recs, ("{oops", "", "   ", "[1, 2]", "null"))
    result = evaluate.figures(score(folder, path))
    assert (result["offset_errors"], result["unreadable_lines"]) == (2, 3)


def test_figures_per_type_and_per_document(tmp_path: Path) -> None:
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, None),
                                             "b": ("重庆。", {"entities": [{"text": "重庆", "type": "LOC"}]}, None)})
    data = json.loads(evaluate.report_json(score(folder, records_file(tmp_path / "r.jsonl", RECORDS_A))))
    assert data["by_type"]["entity"] == {
        "DATE": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 1},
        "LOC": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1},
        "ORG": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}}
    assert {k: v["tp"] for k, v in data["by_type"]["quantity"].items()} == {"currency": 1, "share": 1}
    assert data["by_type"]["ranking"]["position"]["tp"] == 1
    assert data["by_document"]["a"]["entity"]["tp"] == 1 and data["by_document"]["b"]["entity"]["fn"] == 1
    assert data["counts"]["metric"] == {"hits": 1, "total": 1}
    assert data["entity"]["fn"] == 2 and data["documents"] == 2


def test_misses_and_false_hits_are_listed_with_their_sentence(tmp_path: Path) -> None:
    context = [{"text": t, "period": "全年", "region": "全市"} for t in ("2000亿元", "5%", "5%")]
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, context)})
    recs = [{**r, "period": "2013年", "region": "全市"} if r["kind"] == "quantity" else r for r in RECORDS_A]
    recs[1] = {**recs[1], "period": "上半年"}
    result = score(folder, records_file(tmp_path / "r.jsonl", recs))
    text = evaluate.report_text(result)
    assert "a: misses 2, false hits 1, wrong period 2, wrong region 1" in text
    lines = text.splitlines()
    miss = lines.index("  miss   entity   DATE     2013年  (0-5)")
    assert lines[miss + 1].strip() == "[[2013年]]全市生产总值2000亿元,增长5%,位列全国第7。"
    at = SOURCE.index("全国")
    false = lines.index(f"  false  entity   LOC      全国  ({at}-{at + 2})")
    assert lines[false + 1].strip() == "2013年全市生产总值2000亿元,增长5%,位列[[全国]]第7。"
    first, last = SOURCE.index("5%"), SOURCE.rindex("5%")
    assert f'  period quantity share    5%  ({first}-{first + 2})  gold "全年", predicted "上半年"' in lines
    assert f"  miss   quantity share    5%  ({last}-{last + 2})  = 5 %" in lines
    assert f'  period quantity share    5%  ({last}-{last + 2})  gold "全年", predicted ' \
           "(no record of this value and unit)" in lines
    items = json.loads(evaluate.report_json(result, show="a"))["items"]
    assert {(i["finding"], i["kind"], i["text"]) for i in items} == {
        ("miss", "entity", "2013年"), ("false", "entity", "全国"), ("miss", "quantity", "5%"),
        ("period", "quantity", "5%"), ("region", "quantity", "5%")}
    assert [i["sentence"] for i in items if i["finding"] == "region"] == ["市统计局发布:全年进出口增长[[5%]]。"]


# --- the command ---------------------------------------------------------------------------


def test_command_prints_figures_and_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, None), "b": ("重庆。", {}, None)})
    path = records_file(tmp_path / "r.jsonl", RECORDS_A)
    assert main(["eval", str(folder), str(path), "--show", "b"]) == 0
    out = capsys.readouterr().out
    assert "quantity          1.000  0.667  0.800      2      0      1" in out
    assert "b: misses 0, false hits 0" in out and "a: " not in out
    assert main(["eval", str(folder), str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ranking"]["f1"] == 1.0


@pytest.mark.parametrize("case, message", [
    ("missing folder", "nowhere: not a folder"),
    ("no gold files", "empty: no gold files (DOC.gold.json)"),
    ("context does not line up", "a.context.json: 1 entries for 3 gold quantities"),
    ("context text differs", "a.context.json: entry 1 has text '6%' where gold quantity 1 has '5%'"),
    ("gold not JSON", "a.gold.json: cannot read as JSON"),
    ("records missing", "none.jsonl: cannot read"),
    ("unknown --show", "--show zz: no gold document with that id"),
    ("records and --run", "not both"),
])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
                                         message: str) -> None:
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, None)})
    path = records_file(tmp_path / "r.jsonl", RECORDS_A)
    args = [str(folder), str(path)]
    if case == "missing folder":
        args[0] = str(tmp_path / "nowhere")
    elif case == "no gold files":
        (tmp_path / "empty").mkdir()
        args[0] = str(tmp_path / "empty")
    elif case.startswith("context"):
        entries = [{"text": "2000亿元"}] if case == "context does not line up" else \
            [{"text": t} for t in ("2000亿元", "6%", "5%")]
        (folder / "a.context.json").write_text(json.dumps(entries), encoding="utf-8")
    elif case == "gold not JSON":
        (folder / "a.gold.json").write_text("{", encoding="utf-8")
    elif case == "records missing":
        args[1] = str(tmp_path / "none.jsonl")
    elif case == "unknown --show":
        args += ["--show", "zz"]
    else:
        args.append("--run")
    assert main(["eval", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1 and message in captured.err, captured.err


def test_run_scores_the_pipeline_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。"
    gold = {"quantities": [{"text": "超19个", "value": 19, "unit": "个", "metric": "每万人拥有5G基站数"}],
            "rankings": [{"text": "位列全国第7", "rank": 7, "scope": "全国", "basis": "position"}],
            "entities": [{"text": "2022年底", "type": "DATE"}, {"text": "重庆", "type": "LOC"}]}
    context = [{"text": "超19个", "period": "截至2022年底", "region": "重庆"}]
    folder = gold_folder(tmp_path / "gold", {"g": (source, gold, context)})
    records = tmp_path / "records.jsonl"
    assert run_batch([folder], tmp_path / "out", records).errors == []
    assert main(["eval", str(folder), "--run", "--json"]) == 0
    by_run = json.loads(capsys.readouterr().out)
    assert main(["eval", str(folder), str(records), "--json"]) == 0
    assert by_run == json.loads(capsys.readouterr().out)
    assert by_run["quantity"]["f1"] == by_run["ranking"]["f1"] == 1.0
    (folder / "h.txt").write_bytes(b"")  # the pipeline refuses an empty file: named, scored with no records
    (folder / "h.gold.json").write_text('{"entities": [{"text": "x", "type": "LOC"}]}', encoding="utf-8")
    assert main(["eval", str(folder), "--run"]) == 1
    captured = capsys.readouterr()
    assert "h.txt: empty file" in captured.err and "2 documents" in captured.out


# --- the same figures as score.py, and the blind set ---------------------------------------------


def score_py(eval_dir: Path, folder: Path, records: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(eval_dir / "score.py"), str(folder), str(records), "--json"],
                          check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def perturbed(records: Path, out: Path) -> Path:
    """The records with every kind of error score.py counts: dropped, doubled,
    wrong unit, value, scope, type, period and region, moved offsets, bad lines."""
    lines = []
    for n, line in enumerate(records.read_text(encoding="utf-8").splitlines()):
        r = json.loads(line)
        if n % 11 == 0:
            continue
        if n % 13 == 0:
            lines.append(json.dumps(r, ensure_ascii=False))
        if r["kind"] == "quantity":
            r.update({k: v for k, v in (("unit", None if n % 5 == 0 else r.get("unit")),
                                        ("value", r["value"] * 1.0000001 if n % 7 == 0 else r["value"] + (n % 3)),
                                        ("period", "全年" if n % 4 == 0 else r.get("period")),
                                        ("region", None if n % 6 == 0 else r.get("region")))})
        elif r["kind"] == "ranking" and n % 2:
            r["scope"] = "西部"
        elif r["kind"] == "entity" and n % 5 == 0:
            r["type"] = "ORG"
        if n % 17 == 0:
            r["start"] += 1
        lines.append(json.dumps(r, ensure_ascii=False))
    out.write_text("\n".join(lines + ["{broken", ""]) + "\n", encoding="utf-8")  # score.py fails on a non-object
    return out


@pytest.fixture(scope="module")
def shared_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Records of dev, extra and the blind set, as `run --jsonl` writes them."""
    folder = tmp_path_factory.mktemp("shared")
    paths = {}
    for name, inputs in gold_sets().items():
        paths[name] = folder / f"{name}.jsonl"
        assert run_batch([inputs], folder / name, paths[name]).errors == []
    return paths


def gold_sets() -> dict[str, Path]:
    eval_dir = require_eval()
    return {"dev": eval_dir / "dev", "extra": eval_dir / "extra", "blind": BLIND_DIR}


@pytest.mark.parametrize("name", ["dev", "extra", "blind", "extra perturbed"])
def test_same_figures_as_score_py(name: str, shared_records: dict[str, Path], tmp_path: Path) -> None:
    folder, records = gold_sets()[name.split()[0]], shared_records[name.split()[0]]
    if name.endswith("perturbed"):
        records = perturbed(records, tmp_path / "perturbed.jsonl")
    ours = evaluate.figures(score(folder, records))
    theirs = score_py(require_eval(), folder, records)
    assert ours == {**ours, **theirs}, name  # every figure score.py prints, to the 4th decimal
    print(f"\n{name}: " + ", ".join(f"{k} {theirs[k]['f1']}" for k in evaluate.KINDS)
          + f", metric {theirs['metric_accuracy']}, period {theirs['period_accuracy']}, "
            f"region {theirs['region_accuracy']}")


def test_run_gives_score_py_figures_on_dev(shared_records: dict[str, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    eval_dir = require_eval()
    assert main(["eval", str(eval_dir / "dev"), "--run", "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    theirs = score_py(eval_dir, eval_dir / "dev", shared_records["dev"])
    assert ours == {**ours, **theirs}


def test_same_figures_as_score_py_on_hand_made_folders(tmp_path: Path) -> None:
    eval_dir = require_eval()
    context = [{"text": t, "period": "全年", "region": "我市"} for t in ("2000亿元", "5%", "5%")]
    folder = gold_folder(tmp_path / "gold", {"a": (SOURCE, GOLD_A, context)})
    recs = [{**r, "period": "2013年", "region": "全市"} if r["kind"] == "quantity" else r for r in RECORDS_A]
    records = records_file(tmp_path / "r.jsonl", recs + [{**RECORDS_A[3], "end": 3}], ("{", ""))
    ours = evaluate.figures(score(folder, records))
    assert ours == {**ours, **score_py(eval_dir, folder, records)}


# Floors on the blind sets (tests/blind to tests/blind70; see each NOTES.md):
# a regression guard a little below the figures of the stop that last set
# them, to be raised as the rules improve, never targets. Each set's first,
# untuned figures (quantity, ranking, entity, metric, period, region) are in
# its NOTES.md. tests/blind, tests/blind4, tests/blind6, tests/blind7,
# tests/blind9, tests/blind10, tests/blind11, tests/blind13, tests/blind14,
# tests/blind16, tests/blind18, tests/blind19, tests/blind20, tests/blind21,
# tests/blind23, tests/blind25, tests/blind26, tests/blind28, tests/blind29,
# tests/blind30, tests/blind32, tests/blind33, tests/blind34, tests/blind36,
# tests/blind38, tests/blind39, tests/blind40, tests/blind43, tests/blind44, tests/blind47, tests/blind49
# tests/blind51, tests/blind52, tests/blind55, tests/blind57, tests/blind58, tests/blind61, tests/blind62, tests/blind64
# tests/blind66, tests/blind68 and tests/blind70
# are tuning sets: their
# misses point at phenomena written as rules (never at their sentences).
# tests/blind2, tests/blind3, tests/blind5, tests/blind8, tests/blind12,
# tests/blind15, tests/blind17, tests/blind22, tests/blind24, tests/blind27,
# tests/blind31, tests/blind35, tests/blind37, tests/blind41, tests/blind42, tests/blind45, tests/blind46,
# tests/blind48, tests/blind50, tests/blind53, tests/blind54, tests/blind56, tests/blind59, tests/blind60,
# tests/blind63, tests/blind65, tests/blind67 and tests/blind69 are held out:
# nobody who writes rules reads their misses.
BLIND_FLOORS = {
    "blind": ({"quantity": 0.98, "ranking": 0.95, "entity": 0.97, "metric": 0.96, "period": 0.94,
               "region": 0.91}, 24),
    "blind2": ({"quantity": 0.97, "ranking": 0.95, "entity": 0.96, "metric": 0.95, "period": 0.95,
                "region": 0.93}, 16),
    "blind3": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.97, "metric": 0.90, "period": 0.92,
                "region": 0.95}, 10),
    "blind4": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.99, "metric": 0.96, "period": 0.98,
                "region": 0.95}, 10),
    "blind5": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.93, "period": 0.96,
                "region": 0.93}, 10),
    "blind6": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.98, "metric": 0.93, "period": 0.96,
                "region": 0.90}, 5),
    "blind7": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.96, "period": 0.96,
                "region": 0.95}, 6),
    "blind8": ({"quantity": 0.96, "ranking": 0.95, "entity": 0.95, "metric": 0.90, "period": 0.95,
                "region": 0.82}, 6),
    "blind9": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.97, "period": 0.99,
                "region": 0.98}, 6),
    "blind10": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.98, "period": 0.96,
                 "region": 0.95}, 6),
    "blind11": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.97, "period": 0.96,
                 "region": 0.96}, 6),
    "blind12": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.96, "metric": 0.87, "period": 0.97,
                 "region": 0.94}, 6),
    "blind13": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.99, "metric": 0.95, "period": 0.99,
                 "region": 0.97}, 6),
    "blind14": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.99, "metric": 0.97, "period": 0.97,
                 "region": 0.96}, 6),
    "blind15": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.96, "metric": 0.95, "period": 0.94,
                 "region": 0.91}, 6),
    "blind16": ({"quantity": 0.98, "ranking": 0.97, "entity": 0.98, "metric": 0.94, "period": 0.93,
                 "region": 0.87}, 6),
    "blind17": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.94, "period": 0.97,
                 "region": 0.98}, 6),
    "blind18": ({"quantity": 0.99, "ranking": 0.96, "entity": 0.96, "metric": 0.94, "period": 0.93,
                 "region": 0.83}, 6),
    "blind19": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.97, "period": 0.98,
                 "region": 0.94}, 6),
    "blind20": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.95, "period": 0.98,
                 "region": 0.93}, 6),
    "blind21": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.96, "period": 0.97,
                 "region": 0.92}, 6),
    "blind22": ({"quantity": 0.99, "ranking": 0.96, "entity": 0.97, "metric": 0.94, "period": 0.93,
                 "region": 0.90}, 4),
    "blind23": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.97, "period": 0.98,
                 "region": 0.95}, 6),
    "blind24": ({"quantity": 0.98, "ranking": 0.93, "entity": 0.97, "metric": 0.97, "period": 0.71,
                 "region": 0.94}, 4),
    "blind25": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.97, "period": 0.89,
                 "region": 0.92}, 4),
    "blind26": ({"quantity": 0.99, "ranking": 0.97, "entity": 0.96, "metric": 0.96, "period": 0.99,
                 "region": 0.97}, 6),
    "blind27": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.98, "metric": 0.89, "period": 0.96,
                 "region": 0.94}, 4),
    "blind28": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.97, "period": 0.97,
                 "region": 0.93}, 4),
    "blind29": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.97, "metric": 0.92, "period": 0.97,
                 "region": 0.94}, 4),
    "blind30": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.98, "metric": 0.97, "period": 0.95,
                 "region": 0.96}, 8),
    "blind31": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.98, "metric": 0.94, "period": 0.95,
                 "region": 0.95}, 8),
    "blind32": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.97, "metric": 0.96, "period": 0.90,
                 "region": 0.96}, 8),
    "blind33": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.96, "metric": 0.96, "period": 0.97,
                 "region": 0.93}, 8),
    "blind34": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.96, "metric": 0.94, "period": 0.95,
                 "region": 0.81}, 6),
    "blind35": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.97, "metric": 0.94, "period": 0.99,
                 "region": 0.93}, 8),
    "blind36": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.90, "period": 0.97,
                 "region": 0.97}, 4),
    "blind37": ({"quantity": 0.99, "ranking": 0.97, "entity": 0.95, "metric": 0.92, "period": 0.98,
                 "region": 0.87}, 8),
    "blind38": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.98, "metric": 0.94, "period": 0.98,
                 "region": 0.98}, 8),
    "blind39": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.98, "metric": 0.95, "period": 0.97,
                 "region": 0.97}, 8),
    "blind40": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.96, "period": 0.98,
                 "region": 0.97}, 8),
    "blind41": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.95, "metric": 0.91, "period": 0.94,
                 "region": 0.90}, 8),
    "blind42": ({"quantity": 0.99, "ranking": 0.95, "entity": 0.97, "metric": 0.90, "period": 0.96,
                 "region": 0.91}, 8),
    "blind43": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.97, "metric": 0.93, "period": 0.98,
                 "region": 0.97}, 8),
    "blind44": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.88, "period": 0.97,
                 "region": 0.94}, 8),
    "blind45": ({"quantity": 0.98, "ranking": 0.95, "entity": 0.98, "metric": 0.88, "period": 0.95,
                 "region": 0.84}, 8),
    "blind46": ({"quantity": 0.99, "ranking": 0.94, "entity": 0.95, "metric": 0.91, "period": 0.93,
                 "region": 0.93}, 8),
    "blind47": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.97, "metric": 0.94, "period": 0.98,
                 "region": 0.95}, 8),
    "blind48": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.90, "period": 0.97,
                 "region": 0.82}, 8),
    "blind49": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.97, "period": 0.96,
                 "region": 0.91}, 6),
    "blind50": ({"quantity": 0.98, "ranking": 0.92, "entity": 0.94, "metric": 0.93, "period": 0.95,
                 "region": 0.95}, 8),
    "blind51": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.95, "metric": 0.90, "period": 0.92,
                 "region": 0.97}, 8),
    "blind52": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.93, "period": 0.96,
                 "region": 0.97}, 8),
    "blind53": ({"quantity": 0.92, "ranking": 0.97, "entity": 0.97, "metric": 0.86, "period": 0.91,
                 "region": 0.83}, 8),
    "blind54": ({"quantity": 0.97, "ranking": 0.96, "entity": 0.95, "metric": 0.91, "period": 0.96,
                 "region": 0.94}, 8),
    "blind55": ({"quantity": 0.99, "ranking": 0.97, "entity": 0.97, "metric": 0.97, "period": 0.95,
                 "region": 0.93}, 8),
    "blind56": ({"quantity": 0.94, "ranking": 0.95, "entity": 0.95, "metric": 0.81, "period": 0.93,
                 "region": 0.92}, 8),
    "blind57": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.95, "period": 0.95,
                 "region": 0.95}, 8),
    "blind58": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.98, "metric": 0.97, "period": 0.98,
                 "region": 0.98}, 8),
    "blind59": ({"quantity": 0.93, "ranking": 0.96, "entity": 0.98, "metric": 0.85, "period": 0.89,
                 "region": 0.92}, 8),
    "blind60": ({"quantity": 0.94, "ranking": 0.97, "entity": 0.96, "metric": 0.85, "period": 0.92,
                 "region": 0.89}, 8),
    "blind61": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.93, "period": 0.92,
                 "region": 0.94}, 8),
    "blind62": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.95, "metric": 0.94, "period": 0.97,
                 "region": 0.95}, 8),
    "blind63": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.96, "metric": 0.91, "period": 0.97,
                 "region": 0.94}, 8),
    "blind64": ({"quantity": 0.99, "ranking": 0.99, "entity": 0.97, "metric": 0.95, "period": 0.99,
                 "region": 0.98}, 8),
    "blind65": ({"quantity": 0.96, "ranking": 0.99, "entity": 0.95, "metric": 0.87, "period": 0.94,
                 "region": 0.89}, 8),
    "blind66": ({"quantity": 0.99, "ranking": 0.98, "entity": 0.97, "metric": 0.93, "period": 0.99,
                 "region": 0.96}, 8),
    "blind67": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.95, "metric": 0.94, "period": 0.97,
                 "region": 0.96}, 8),
    "blind68": ({"quantity": 0.98, "ranking": 0.99, "entity": 0.97, "metric": 0.94, "period": 0.96,
                 "region": 0.91}, 8),
    "blind69": ({"quantity": 0.98, "ranking": 0.98, "entity": 0.94, "metric": 0.92, "period": 0.92,
                 "region": 0.93}, 8),
    "blind70": ({"quantity": 0.97, "ranking": 0.98, "entity": 0.96, "metric": 0.90, "period": 0.91,
                 "region": 0.80}, 8),
}


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_blind_set_floors(name: str) -> None:
    floors, documents = BLIND_FLOORS[name]
    folder = ROOT / "tests" / name
    gold = evaluate.load_gold(folder)
    records, errors = evaluate.run_pipeline(folder, gold)
    result = evaluate.evaluate(gold, records)
    report = evaluate.report_text(result, listing=False)
    print(f"\n{name} set (tests/{name}), scored by press-extract eval:\n" + report)
    got = evaluate.figures(result)
    assert errors == [] and got["documents"] == documents and got["offset_errors"] == 0
    for kind, floor in floors.items():
        value = got[kind]["f1"] if kind in evaluate.KINDS else got[f"{kind}_accuracy"]
        assert value >= floor, f"{name} {kind} {value} fell below its floor {floor}"
