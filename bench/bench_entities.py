"""Entity-stage throughput (words/s of CPU time on one core): find_mentions + find_roles per document,
then one resolve_entities over the corpus.  Sentences are split before timing.

    python bench/bench_entities.py [CORPUS.jsonl] [--repeat N]

Default corpus: the seed articles (repeated to get a stable number).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aleppo_cli.entities import (DocEntities, find_mentions, find_roles, load_aliases,  # noqa: E402
                                 resolve_entities)
from aleppo_cli.text import split_sentences  # noqa: E402


def load(path: str | None) -> list[tuple[str, str]]:
    if path:
        with open(path, encoding="utf-8") as fh:
            return [(r["id"], r["text"]) for r in map(json.loads, fh)]
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))] * 20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = load(args.corpus)
    prepared = [(i, t, split_sentences(t)) for i, t in docs]
    words = sum(len(t.split()) for _, t in docs)
    t0 = time.perf_counter()
    aliases = load_aliases()
    find_mentions("Warm-up in Homs.", [(0, 16)])  # loads the gazetteers
    load_s = time.perf_counter() - t0
    runs, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = []
        for i, t, sents in prepared:
            ms = find_mentions(t, sents)
            out.append(DocEntities(i, t, ms, find_roles(t, sents, ms)))
        resolve_entities(out, aliases)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    wall, one_core = statistics.median(runs), statistics.median(cpu)
    # CPU time is the one-core figure; wall time also counts other processes on a shared machine
    print(f"{len(docs)} docs, {words} words: {words / one_core:,.0f} words/s of CPU time "
          f"(median {one_core:.3f}s), wall {words / wall:,.0f} words/s; data load {load_s:.3f}s")


if __name__ == "__main__":
    main()
