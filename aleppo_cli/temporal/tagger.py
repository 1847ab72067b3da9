"""Find temporal expressions: run every rule, keep the longest non-overlapping spans."""

from __future__ import annotations

import re

from .model import Timex
from .normalize import HANDLERS
from .patterns import CLAUSE_BREAK, FUTURE_CUE, PAST_CUE, WEAK_PAST_CUE, CLOCK_AFTER, RULE_TRIGGERS, TOKEN, WINDOW, rules, trigger_words


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger category, the trigger spans widened by WINDOW (not merged)."""
    out: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    words = trigger_words()
    for m in TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            if "/" in tok:
                cats = "N"
            elif len(tok) == 4 and tok[0] in "12":
                cats = "Y"
            elif CLOCK_AFTER.match(text, m.end()) or ":" in tok:
                cats = "C"
            else:
                continue
        else:
            cats = words.get(tok.lower())
            if not cats:
                continue
        span = (max(0, m.start() - WINDOW), min(n, m.end() + WINDOW))
        for c in cats:
            out.setdefault(c, []).append(span)
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def find_timexes(text: str) -> list[Timex]:
    """Spans, types and symbolic forms, independent of any publication date."""
    cands: list[tuple[int, int, int, Timex]] = []
    by_cat = _windows(text)
    if not by_cat:
        return []
    for prio, (name, rx) in enumerate(rules()):
        spans: list[tuple[int, int]] = []
        for c in RULE_TRIGGERS[name]:
            spans.extend(by_cat.get(c, ()))
        if not spans:
            continue
        handler = HANDLERS[name]
        for s, e in _merge(spans):
            for m in rx.finditer(text, s, e):
                if m.end() == m.start():
                    continue
                t = handler(m, text)
                if t is None or t.end <= t.start:
                    continue
                cands.append((-(t.end - t.start), prio, t.start, t))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    taken: list[Timex] = []
    occupied = bytearray(len(text))  # longest first: a span is kept if none of its characters is taken
    for _, _, _, t in cands:
        if any(occupied[t.start:t.end]):
            continue
        occupied[t.start:t.end] = b"\x01" * (t.end - t.start)
        taken.append(t)
    taken.sort(key=lambda t: t.start)
    for t in taken:
        if t.kind == "weekday" and text.startswith(("'s", "’s"), t.end):
            # "Wednesday's ruling", "Friday's close": a possessive day names an event the
            # reader already knows of - it lies behind, whatever the clause's verb says
            t.tense = "past"
        elif t.kind != "abs":
            t.tense = clause_tense(text, t.start, t.end)
    return taken


def clause_tense(text: str, start: int, end: int) -> str:
    """"future", "past", "past?" (a weak cue: "said", an -ed word) or "": the tense cue
    nearest to the expression in its clause."""
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
    best: tuple[int, str, bool] | None = None
    for rx, label in ((FUTURE_CUE, "future"), (PAST_CUE, "past"), (WEAK_PAST_CUE, "past?")):
        for m in rx.finditer(left):
            dist = len(left) - m.end()
            if best is None or dist < best[0]:
                best = (dist, label, bool(WEAK_FUTURE.fullmatch(m.group())))
        m = rx.search(right)
        if m:
            dist = m.start()
            if best is None or dist < best[0]:
                best = (dist, label, bool(WEAK_FUTURE.fullmatch(m.group())))
    if best and best[1] == "future":
        if _PLUPERFECT.search(left[left.rfind(",") + 1:]):
            return "past"  # "it had been due to expire Friday": a plan that lies in the past
        if best[2] and (PAST_CUE.search(left[left.rfind(",") + 1:]) or PAST_CUE.search(right)):
            # "Until Thursday, they had not called him": a weak cue gives way to a past verb
            # of its own clause (not to one in an aside: "The sale, which had been expected,
            # is part of a plan to pay down the loan by February")
            return "past"
    return best[1] if best else ""


WEAK_FUTURE = re.compile(r"by|until|as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|payable|expires?|effective",
                         re.I)
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:due|scheduled|expected|set|planned|supposed|going)\b", re.I)
