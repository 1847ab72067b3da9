"""Find temporal expressions: run every rule, keep the longest non-overlapping spans."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from .model import Timex
from .normalize import HANDLERS
from .patterns import CLAUSE_BREAK_FAST, CUES_AFTER_GAP, CUES_AT_START, FUTURE_LL, PAST_CUE, CLOCK_AFTER, DIGIT_TOKEN, RULE_TRIGGERS, TOKEN, WINDOW, fast_rules, trigger_scanners, trigger_words


def _windows(text: str, low: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger category, the trigger spans widened by WINDOW (not merged).

    The triggers are the tokens of ``TOKEN`` whose lower case is a trigger word, and the
    digit tokens of a date, year or clock shape.  ``low`` is ``text.lower()``; when it has
    another length (a dotted capital I) the tokens are lower-cased one by one instead."""
    if len(low) != len(text):
        return _windows_by_token(text)
    out: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    words = trigger_words()
    # lower-casing keeps every character's class and position, so the tokens of ``low``
    # are those of ``text``; each is still checked as ``tok.lower()`` against the words
    found = _trigger_spans(low)
    for a, b in found:
        cats = words.get(text[a:b].lower())
        if not cats:
            continue
        span = (max(0, a - WINDOW), min(n, b + WINDOW))
        for c in cats:
            out.setdefault(c, []).append(span)
    for m in DIGIT_TOKEN.finditer(text):
        tok = m.group()
        cats = _digit_cats(tok, text, m.end())
        if cats:
            span = (max(0, m.start() - WINDOW), min(n, m.end() + WINDOW))
            out.setdefault(cats, []).append(span)
    return out


def _trigger_spans(low: str) -> list[tuple[int, int]]:
    """Spans of the whole letter runs of ``low`` that are trigger words (in no set order):
    the matches of the ``trigger_scanners`` regexes.

    One byte per character, a-z kept and all else a space: a trigger word (plain a-z) that
    is a whole letter run of ``low`` is a whole word there, so a split and a set
    intersection in C find the candidates; a neighbour that is a non-ASCII letter (a space
    in the bytes) rules one out."""
    forms = _trigger_forms_bytes()
    if forms is None:
        after_gap, at_start = trigger_scanners()
        found = [(m.start() + 1, m.end()) for m in after_gap.finditer(low)]
        m = at_start.match(low)
        if m:
            found.append((0, m.end()))
        return found
    words = b" " + low.encode("ascii", "replace").translate(_AZ_ONLY) + b" "
    n = len(low)
    found = []
    for form in forms.intersection(words.split()):
        pat = b" " + form  # (a trailing space too would make find() skip less far)
        k = len(form)
        p = words.find(pat)
        while p >= 0:
            # the word covers low[p:p + k] when a space follows; its neighbours there are
            # not a-z, but may be other letters ("\x7f" < every non-ASCII character, and
            # ``low`` has no A-Z)
            if words[p + k + 1] == 32 and not (
                    p and low[p - 1] > "\x7f" and _LETTER.match(low, p - 1)
                    or p + k < n and low[p + k] > "\x7f" and _LETTER.match(low, p + k)):
                found.append((p, p + k))
            p = words.find(pat, p + k + 1)
    return found


# every byte but a-z to a space (``low`` is lower case: no A-Z left to keep)
_AZ_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_LETTER = re.compile(r"[^\W\d_]")  # the letters of trigger_scanners' word edges


@lru_cache(maxsize=1)
def _trigger_forms_bytes() -> frozenset[bytes] | None:
    """The letter-only trigger words as bytes, or None when one is not plain a-z."""
    forms = [w for w in trigger_words() if re.fullmatch(r"[^\W\d_]+", w)]
    if not all(w.isascii() and w.islower() for w in forms):
        return None
    return frozenset(w.encode() for w in forms)


def _digit_cats(tok: str, text: str, end: int) -> str | None:
    if "/" in tok:
        return "N"
    if len(tok) == 4 and tok[0] in "12":
        return "Y"
    if CLOCK_AFTER.match(text, end) or ":" in tok:
        return "C"
    return None


def _windows_by_token(text: str) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    words = trigger_words()
    for m in TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            cats = _digit_cats(tok, text, m.end())
            if not cats:
                continue
        else:
            cats = words.get(tok.lower())
            if not cats:
                continue
        span = (max(0, m.start() - WINDOW), min(n, m.end() + WINDOW))
        for c in cats:
            out.setdefault(c, []).append(span)
    return out


@lru_cache(maxsize=1)
def _rule_table() -> list[tuple]:
    """(priority, name, regex, fast finder, required words, trigger categories, handler)."""
    return [(prio, name, rx, fx, required, RULE_TRIGGERS[name], HANDLERS[name])
            for prio, (name, rx, fx, required) in enumerate(fast_rules())]


def _holds_all_somewhere(low: str, required: tuple[tuple[str, ...], ...], seen: dict[str, bool]) -> bool:
    for options in required:
        for w in options:
            found = seen.get(w)
            if found is None:
                found = seen[w] = w in low
            if found:
                break
        else:
            return False
    return True


def _holds_all(low: str, s: int, e: int, required: tuple[tuple[str, ...], ...]) -> bool:
    for options in required:
        for w in options:
            if low.find(w, s, e) >= 0:
                break
        else:
            return False
    return True


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
    low = text.lower()
    by_cat = _windows(text, low)
    if not by_cat:
        return []
    # ``low`` answers "does this window hold a required word" exactly as the rules' own
    # case-insensitive matching would, unless the text has one of the characters that
    # lower-case differently from how the regex engine folds them (then: no such test)
    required_ok = len(low) == len(text) and "ı" not in text and "ſ" not in text
    merged: dict[str, list[tuple[int, int]]] = {}
    in_text: dict[str, bool] = {}  # required word -> found anywhere in the text
    for prio, name, rx, fx, required, cats, handler in _rule_table():
        if required and required_ok and not _holds_all_somewhere(low, required, in_text):
            continue
        windows = merged.get(cats)
        if windows is None:
            spans: list[tuple[int, int]] = []
            for c in cats:
                spans.extend(by_cat.get(c, ()))
            windows = merged[cats] = _merge(spans)
        for s, e in windows:
            if required and required_ok and not _holds_all(low, s, e, required):
                continue
            # the matches of rx.finditer(text, s, e), as fastre.finditer_after_gap finds them
            # (inlined: this loop runs some eighty times per article)
            pos = s
            if s == 0:
                m = rx.match(text, 0, e)
                if m:
                    t = handler(m, text)
                    if t is not None and t.end > t.start:
                        cands.append((t.start - t.end, prio, t.start, t))
                    pos = m.end()
            while True:
                f = fx.search(text, pos - 1 if pos else 0, e)
                if f is None:
                    break
                m = rx.match(text, f.start() + 1, e)
                pos = m.end()
                t = handler(m, text)
                if t is not None and t.end > t.start:
                    cands.append((t.start - t.end, prio, t.start, t))
    cands.sort(key=itemgetter(0, 1, 2))
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
    for m in CLAUSE_BREAK_FAST.finditer(left):
        cut = m.end()
    if cut is not None:
        lo += cut
        left = text[lo:start]
    hi = min(len(text), end + 160)
    right = text[end:hi]
    m = CLAUSE_BREAK_FAST.search(right)
    if m:
        right = right[: m.start()]
    # the nearest cue: the last match of each cue in the left part, the first in the right;
    # on equal distance the future cue beats the past ones and the left side the right
    best: tuple[int, int, int] | None = None  # (distance, cue, side)
    best_text = ""
    n = len(left)
    for cue, found in enumerate(_cue_matches(left)):
        last = _last_of_chain(found)
        if last is not None:
            key = (n - last[1], cue, 0)
            if best is None or key < best:
                best, best_text = key, left[last[0]:last[1]]
    first = _first_cue(right)
    if first is not None and (best is None or (first[0], first[1], 1) < best):
        best, best_text = (first[0], first[1], 1), right[first[0]:first[2]]
    if best is None:
        return ""
    label = _CUE_LABELS[best[1]]
    if label == "future":
        if _PLUPERFECT.search(left[left.rfind(",") + 1:]):
            return "past"  # "it had been due to expire Friday": a plan that lies in the past
        if WEAK_FUTURE.fullmatch(best_text) and (PAST_CUE.search(left[left.rfind(",") + 1:])
                                                 or PAST_CUE.search(right)):
            # "Until Thursday, they had not called him": a weak cue gives way to a past verb
            # of its own clause (not to one in an aside: "The sale, which had been expected,
            # is part of a plan to pay down the loan by February")
            return "past"
    return label


_CUE_LABELS = ("future", "past", "past?")


def _cue_matches(s: str) -> tuple[list[tuple[int, int]], ...]:
    """Every place where FUTURE_CUE, PAST_CUE and WEAK_PAST_CUE match in ``s`` (as
    ``rx.match(s, pos)`` at each ``pos``), in order: one pass for all three."""
    found: tuple[list[tuple[int, int]], ...] = ([], [], [])
    m = CUES_AT_START.match(s)
    hits = [m] if m else []
    hits.extend(CUES_AFTER_GAP.finditer(s))
    for m in hits:
        regs = m.regs
        for cue in range(3):
            span = regs[cue + 1]
            if span[0] >= 0:
                found[cue].append(span)
    for m in FUTURE_LL.finditer(s):
        found[0].append(m.span())
    if len(found[0]) > 1:
        found[0].sort()
    return found


def _first_cue(s: str) -> tuple[int, int, int] | None:
    """(start, cue, end) of the first cue match in ``s``: of the cues that match earliest,
    the first in FUTURE_CUE, PAST_CUE, WEAK_PAST_CUE order."""
    m = CUES_AT_START.match(s) or CUES_AFTER_GAP.search(s)
    out = None
    if m:
        regs = m.regs
        for cue in range(3):
            a, b = regs[cue + 1]
            if a >= 0:
                out = (a, cue, b)
                break
    ll = FUTURE_LL.search(s)
    if ll and (out is None or (ll.start(), 0) < out[:2]):
        out = (ll.start(), 0, ll.end())
    return out


def _last_of_chain(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last match ``finditer`` yields, given every place where the regex matches:
    it goes on from the end of each match, so matches inside an earlier one are skipped."""
    pos = 0
    last = None
    for a, b in spans:
        if a >= pos:
            last = (a, b)
            pos = b
    return last


WEAK_FUTURE = re.compile(r"by|until|as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|payable|expires?|effective",
                         re.I)
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:due|scheduled|expected|set|planned|supposed|going)\b", re.I)
