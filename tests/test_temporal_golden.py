"""The hand-checked golden corpus: every case's spans, types and values, exactly.

Each line of ``golden/timex_golden.jsonl`` is a sentence written for these tests,
its publication date and the complete list of time expressions expected in it
(checked by hand against TimeML/TempEval-3 conventions and the issue's rules).
Cases with an ``xfail`` reason are known errors of the current rules.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from aleppo_cli.temporal import tag

GOLDEN = Path(__file__).parent / "golden" / "timex_golden.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_large_and_unique():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)
    assert sum(1 for c in CASES if c["id"].startswith("trap-")) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    if case.get("xfail"):
        pytest.xfail(case["xfail"])
    text = case["text"]
    got = tag(text, dt.date.fromisoformat(case["dct"]))
    for t in got:
        assert text[t.start:t.end] == t.text
    assert [[t.text, t.type, t.value] for t in got] == case["expect"]
