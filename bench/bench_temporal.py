"""Throughput of the temporal tagger in words per second on one core.

Usage (from the repository root):
    python bench/bench_temporal.py [corpus.jsonl ...] [--repeat N]

By default it reads the large T17 Libya collection and the TimeBank file of the
shared evaluation kit (../shared/eval/data, read at run time, never copied).
Words = whitespace-separated tokens.  Reports find (spans + symbolic form),
resolve (values for the document's date) and both together.  Target: >= 100,000
words/s for find + resolve.

Measured on the default files (899 documents, 708,872 words; CPU time, --repeat 2, the
shared 2-core machine): 208,000 words/s find + resolve before the speed work of issue #7,
426,000 words/s after it (regex rewriting in temporal/fastre.py, trigger and tense-cue
scans that skip word insides in C).  Per bench article (stagebench.py --docs 200):
find_timexes 3.4 -> about 1.4 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aleppo_cli.temporal import find_timexes, resolve_timexes  # noqa: E402

DEFAULT = [ROOT.parent / "shared" / "eval" / "data" / "t17-libya.jsonl",
           ROOT.parent / "shared" / "eval" / "data" / "timebank.jsonl"]


def load(paths: list[Path]) -> list[tuple[str, dt.date | None]]:
    docs = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                pub = d.get("published")
                docs.append((d["text"], dt.date.fromisoformat(pub[:10]) if pub else None))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = load(args.corpus or [p for p in DEFAULT if p.exists()])
    words = sum(len(t.split()) for t, _ in docs)
    find_timexes("warm-up on Monday, Nov. 26, 2016")  # compile the regexes once
    best_find = best_all = best_cpu = float("inf")
    n = 0
    for _ in range(args.repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        found = [find_timexes(t) for t, _ in docs]
        t1 = time.perf_counter()
        n = 0
        for (text, dct), fx in zip(docs, found):
            n += len(resolve_timexes(text, fx, dct))
        t2 = time.perf_counter()
        c1 = time.process_time()
        best_find = min(best_find, t1 - t0)
        best_all = min(best_all, t2 - t0)
        best_cpu = min(best_cpu, c1 - c0)
    print(f"docs {len(docs)}  words {words:,}  timexes {n:,}")
    print(f"find (wall):           {words / best_find:>10,.0f} words/s ({best_find:.2f} s)")
    print(f"find + resolve (wall): {words / best_all:>10,.0f} words/s ({best_all:.2f} s)")
    # CPU time of this process = the one-core figure, even when other jobs share the machine
    print(f"find + resolve (CPU):  {words / best_cpu:>10,.0f} words/s ({best_cpu:.2f} s)  target >= 100,000")


if __name__ == "__main__":
    main()
