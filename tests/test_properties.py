"""Property tests: any text, however hostile, gives records whose offsets
hold, the same records on a second run, and no exception. No timing here:
a rule that backtracks catastrophically shows up as a test that never ends
(and as a figure in `make bench`)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import extract
from pipeline.write import record_dict

# Characters the rules care about, so that random text hits them often.
ALPHABET = (
    "0123456789.,，、。；;:：%‰-—~至到 \n\t()（）《》“”\"'"
    "〇零一二两三四五六七八九十百千万亿兆壹贰叁佰仟萬億點负"
    "个家件人元吨亿万倍成分之余多超近约以上左右不足突破增长下降同比环比比上年"
    "第前位名梯队方阵强甲列居排名全国全省西部中国重庆市区县省局委办厅部司处中心研究院有限公司"
    "年月日季度底末初记者局长主任副严寒冰王张李AaGgPONkm５０"
)
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))


def _check(text: str) -> None:
    first = extract(text, doc_id="p")
    for r in first:
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start:r.end] == r.text, r
    second = extract(text, doc_id="p")
    assert [record_dict(r) for r in first] == [record_dict(r) for r in second]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=300))
def test_random_text(text: str) -> None:
    _check(text)


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None)
@given(st.text(max_size=200))
def test_any_unicode(text: str) -> None:
    _check(text)


ADVERSARIAL = [
    "1" * 20000,
    "万" * 20000,
    "第" * 20000,
    "1," * 10000,
    "1 " * 10000,
    "一" * 20000,
    "位列全国第" * 3000,
    "、" * 20000,
    "超" * 5000 + "19个",
    "《" * 5000 + "》" * 5000,
    "市" * 10000 + "局",
    "重庆" * 5000 + "统计局",
    "记者" * 5000,
    ("截至2022年底,每万人拥有5G基站数超19个,位列全国第7" * 2000),
    "数" * 1_000_000,
]


def test_adversarial_strings() -> None:
    for text in ADVERSARIAL:
        _check(text)
