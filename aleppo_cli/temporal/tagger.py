"""Find temporal expressions: run every rule, keep the longest non-overlapping spans."""

from __future__ import annotations

from .model import Timex
from .normalize import HANDLERS
from .patterns import CLAUSE_BREAK, FUTURE_CUE, PAST_CUE, rules


def find_timexes(text: str) -> list[Timex]:
    """Spans, types and symbolic forms, independent of any publication date."""
    cands: list[tuple[int, int, int, Timex]] = []
    for prio, (name, rx) in enumerate(rules()):
        handler = HANDLERS[name]
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            t = handler(m, text)
            if t is None or t.end <= t.start:
                continue
            cands.append((-(t.end - t.start), prio, t.start, t))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    taken: list[Timex] = []
    occupied: list[tuple[int, int]] = []
    for _, _, _, t in cands:
        if any(t.start < e and s < t.end for s, e in occupied):
            continue
        occupied.append((t.start, t.end))
        taken.append(t)
    taken.sort(key=lambda t: t.start)
    for t in taken:
        if t.kind != "abs":
            t.tense = clause_tense(text, t.start, t.end)
    return taken


def clause_tense(text: str, start: int, end: int) -> str:
    """"future", "past" or "": the tense cue nearest to the expression in its clause."""
    lo = max(0, start - 160)
    left = text[lo:start]
    cut = None
    for m in CLAUSE_BREAK.finditer(left):
        cut = m.end()
    if cut is not None:
        lo += cut
        left = text[lo:start]
    hi = min(len(text), end + 160)
    right = text[end:hi]
    m = CLAUSE_BREAK.search(right)
    if m:
        right = right[: m.start()]
    best: tuple[int, str] | None = None
    for rx, label in ((FUTURE_CUE, "future"), (PAST_CUE, "past")):
        for m in rx.finditer(left):
            dist = len(left) - m.end()
            if best is None or dist < best[0]:
                best = (dist, label)
        m = rx.search(right)
        if m:
            dist = m.start()
            if best is None or dist < best[0]:
                best = (dist, label)
    return best[1] if best else ""
