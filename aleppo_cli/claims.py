"""Quantity claims in statements, grouped by what they measure, with disagreements.

``find_claims`` finds percentages ("98 per cent", "98%"), fractions ("a tenth",
"two-thirds") and counts of things ("more than 3,000 buildings", "4 square
miles", "all eight of its ambulances") in one document, with the hedge in front
("nearly", "no more than"), what they measure and who claims them (the speaker
of the quote or statement whose content holds the number; ``None`` when the
article says it in its own voice).

**Shares of territory.**  A percentage or fraction "of BASE" in a sentence with a
verb of control ("control", "held", "regained control of", "under state
control") or of loss ("driven from", "lost") is normalised to *the share of
BASE held by the canonical side* (the first side in ``data/claims_words.json``,
"government"): "98 per cent held by the government" stays 98, "7 per cent still
held by rebels" becomes 93 and "rebels driven from 98 per cent" becomes 98.
So claims from opposite sides compare directly.

**Grouping** (``group_claims``).  Claims group when they measure the same thing:
for shares, the same base and the same kind of measure.  Bases compare as the
set of their content words without direction words ("eastern") and generic
area nouns ("neighbourhoods"), so "eastern Aleppo", "Aleppo" and "the eastern
Aleppo neighbourhoods" are one base, while a base with another qualifier
("Aleppo's *formerly rebel-held* neighbourhoods") is a different one: a share of
the formerly rebel-held part is not a share of the whole.  Claims dated more
than ``DATE_WINDOW_DAYS`` apart (when ``Claim.date`` is filled by the pipeline)
are not compared either: a front line moves.  A group is *disputed* when two of
its point values differ by more than ``SHARE_TOLERANCE`` points (shares) or
``COUNT_TOLERANCE`` relative (counts); one-sided bounds ("no more than a tenth")
only conflict with values on the wrong side of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from importlib import resources
from typing import Any, Sequence

from aleppo_cli.pubdate import iso_day
from aleppo_cli.models import Claim, ClaimGroup  # noqa: F401  (re-exported)

SHARE_TOLERANCE = 3.0  # percentage points
COUNT_TOLERANCE = 0.25  # relative difference between counts
DATE_WINDOW_DAYS = 3

Span = tuple[int, int]


# ---------------------------------------------------------------------------
# data


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    raw = resources.files("aleppo_cli.data").joinpath("claims_words.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    data["sides"] = {k: v for k, v in data["sides"].items() if not k.startswith("_")}
    return data


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    w = _words()

    def alt(items):
        return "|".join(re.escape(x) for x in sorted(items, key=len, reverse=True))

    hedge = rf"(?:(?P<hedge>{alt(w['hedges'])})\s+)?"
    num_word = alt(list(w["numbers"]) + list(w["multipliers"]))
    number = (
        rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+(?P<mult>{alt(w['multipliers'])}))?"
        rf"|(?P<numw>(?:{num_word})(?:[\s-]+(?:{num_word}))*)"
    )
    percent = re.compile(
        rf"\b{hedge}(?:{number})\s*(?P<pct>%|per\s*cent\b|percent\b|pc\b)", re.I)
    fraction = re.compile(rf"\b{hedge}(?P<frac>{alt(w['fractions'])})\b(?=\s+of\b)", re.I)
    count = re.compile(
        rf"\b{hedge}(?:all\s+)?(?:{number})(?:\s+of\s+(?:its|their|his|her|the)(?:\s+\d[\d,]*)?)?"
        rf"\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>{alt(w['count_nouns'])})\b",
        re.I,
    )
    has_number = re.compile(
        rf"\d|\b(?:{alt(list(w['numbers']) + list(w['multipliers']) + [f.split()[-1] for f in w['fractions']])})\b",
        re.I)
    return {"percent": percent, "fraction": fraction, "count": count, "has_number": has_number}


# ---------------------------------------------------------------------------
# finding


def find_claims(text: str, sentences: Sequence[Span], quotes: Sequence[Any],
                mentions: list | None = None) -> list[Claim]:
    """Quantity claims of one document (a pure function of its text and quotes)."""
    out: list[Claim] = []
    taken: list[Span] = []
    for ss, se, kind, m in _matches(text, sentences):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        claim = _make_claim(text, m, kind, ss, se, quotes)
        if claim is not None:
            out.append(claim)
            taken.append((m.start(), m.end()))
    out.sort(key=lambda c: c.start)
    return out


_KINDS = ("percent", "fraction", "count")
_WORD = re.compile(r"\b\w+")  # a whole word: what the patterns' leading \b can start at
_DIGIT = re.compile(r"\d")
# The only non-ASCII characters that re.IGNORECASE matches to an ASCII letter
# (dotted/dotless i, long s, Kelvin sign): with none of them in the text,
# comparing lowercased words gives what the case-insensitive patterns give.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True, slots=True)
class _Starts:
    """Where the claim patterns can begin, and words they need, lowercased.

    A match begins at a word that is a hedge, "all", a number or a fraction:
    ``number_start`` / ``fraction_start`` find those words (whole words, or
    number words a word may run on from, as in "onepercent") in the lowercased
    text, so the patterns are tried only there instead of at every character
    of every sentence with a number."""
    gate: frozenset[bytes]  # the single words of the has_number pattern
    number_start: re.Pattern[str]  # percent and count
    fraction_start: re.Pattern[str]
    fraction_last: frozenset[bytes]
    noun_first: frozenset[bytes]


@lru_cache(maxsize=1)
def _starts() -> _Starts | None:
    """None when a word list holds something the word shortcut cannot handle exactly."""
    w = _words()
    word = re.compile(r"\w+")

    def first(items):
        return {word.match(x.lower()).group() for x in items}

    def last(items):
        return {word.findall(x.lower())[-1] for x in items}

    def simple(x):
        return x.isascii() and bool(re.fullmatch(r"\w(?:.*\w)?", x, re.S))

    def alt(items):
        return "|".join(re.escape(x) for x in sorted(items, key=len, reverse=True))

    numbers = list(w["numbers"]) + list(w["multipliers"])
    fractions, hedges, nouns = list(w["fractions"]), list(w["hedges"]), list(w["count_nouns"])
    gate_alts = numbers + list(w["multipliers"]) + [f.split()[-1] for f in fractions]
    if not all(simple(x) for x in numbers + fractions + hedges + nouns + gate_alts):
        return None
    single = {x.lower() for x in gate_alts if word.fullmatch(x)}
    # "a dozen" and "one-third" match has_number only where "dozen" / "one" do
    if any(not single.intersection(word.findall(x.lower())) for x in gate_alts):
        return None
    prefixes = {x.lower() for x in numbers if word.fullmatch(x)}
    whole = first(hedges) | first(x for x in numbers if not word.fullmatch(x)) | {"all"}
    # zero-width, so that every place is reported
    number_start = re.compile(rf"\b(?=\d|(?:{alt(whole)})\b|{alt(prefixes)})")
    fraction_start = re.compile(rf"\b(?=(?:{alt(first(hedges) | first(fractions))})\b)")
    def as_bytes(items):
        return frozenset(x.encode() for x in items)

    return _Starts(
        gate=as_bytes(single),
        number_start=number_start,
        fraction_start=fraction_start,
        fraction_last=as_bytes(last(fractions)),
        noun_first=as_bytes(first(nouns)),
    )


def _matches(text: str, sentences: Sequence[Span]):
    """(sentence start, end, kind, match) in the order the patterns' finditer gives
    them, sentence by sentence, percent then fraction then count."""
    pats = _patterns()
    starts = _starts()
    low = text.lower()
    if starts is None or len(low) != len(text) or _CASE_TRAPS.search(text):
        yield from _matches_slow(text, sentences, pats)
        return
    words = _word_bytes(low)
    for ss, se in sentences:
        if words is not None:
            sentence = words[ss + 1:se + 1]
            present = sentence.split()
            if present and words[ss] != 32 and words[ss + 1] != 32:
                del present[0]  # the rest of a word cut by the sentence start: not a word here
            # (with no non-ASCII word character in the text, \d finds the ASCII digits only,
            # kept in `words`; deleting every other byte is faster than a regex scan)
            if starts.gate.isdisjoint(present) and not sentence.translate(None, _NOT_DIGIT_BYTES):
                continue  # most sentences hold no number: skip the big patterns
        else:
            present = [w.encode() for w in _WORD.findall(low, ss, se)]
            if starts.gate.isdisjoint(present) and _DIGIT.search(text, ss, se) is None:
                continue
        present = set(present)
        number_starts = None
        for kind in _KINDS:
            if kind == "fraction":
                if starts.fraction_last.isdisjoint(present) or b"of" not in present:
                    continue
                places = [m.start() for m in starts.fraction_start.finditer(low, ss, se)]
            else:
                if kind == "percent":
                    if low.find("%", ss, se) < 0 and low.find("per", ss, se) < 0 and low.find("pc", ss, se) < 0:
                        continue
                elif starts.noun_first.isdisjoint(present):
                    continue
                if number_starts is None:
                    number_starts = [m.start() for m in starts.number_start.finditer(low, ss, se)]
                places = number_starts
            pat = pats[kind]
            cur = ss
            for p in places:
                if p < cur:
                    continue  # inside the last match: finditer goes on from its end
                m = pat.match(text, p, se)
                if m is not None:
                    yield ss, se, kind, m
                    cur = m.end()


# ASCII letters, digits and "_" (what \\w matches in ASCII) kept; all else a space
_WORD_BYTES = bytes(c if (97 <= c <= 122 or 48 <= c <= 57 or c == 95) else 32 for c in range(256))
_NOT_DIGIT_BYTES = bytes(c for c in range(256) if not 48 <= c <= 57)
_ASCII_BYTES = bytes(range(128))
_NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")


def _word_bytes(low: str) -> bytes | None:
    """A space, then one byte per character of ``low`` (lower-cased text): its word
    characters as they are, every other character a space; so the words _WORD
    finds in low[ss:se] are words[ss + 1:se + 1].split(), but for a word cut by ss.
    None when a non-ASCII character is a word character (then _WORD is run)."""
    if not low.isascii():
        # the non-ASCII characters alone: UTF-8 without its ASCII bytes is whole
        # multi-byte sequences (a regex scan of the whole text is slower)
        rest = low.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
        if _NON_ASCII_WORD_CHAR.search(rest.decode("utf-8", "surrogatepass")):
            return None
    return b" " + low.encode("ascii", "replace").translate(_WORD_BYTES)


def _matches_slow(text: str, sentences: Sequence[Span], pats: dict[str, re.Pattern[str]]):
    has_num = pats["has_number"]
    for ss, se in sentences:
        if not has_num.search(text, ss, se):
            continue
        for kind in _KINDS:
            for m in pats[kind].finditer(text, ss, se):
                yield ss, se, kind, m


_NUMBER_WORD_BREAK = re.compile(r"[\s-]+")


def _parse_number(m: re.Match[str]) -> float | None:
    w = _words()
    if m.group("num"):
        value = float(m.group("num").replace(",", ""))
        if m.group("mult"):
            value *= w["multipliers"][m.group("mult").lower()]
        return value
    words = _NUMBER_WORD_BREAK.split(m.group("numw").lower())
    total, current = 0.0, 0.0
    for word in words:
        if word in w["multipliers"]:
            current = max(current, 1.0) * w["multipliers"][word]
            if word != "hundred":
                total, current = total + current, 0.0
        elif word in w["numbers"]:
            current += w["numbers"][word]
        else:
            return None
    return total + current or None


def _make_claim(text: str, m: re.Match[str], kind: str, ss: int, se: int,
                quotes: Sequence[Any]) -> Claim | None:
    w = _words()
    if kind == "fraction":
        raw = float(w["fractions"][m.group("frac").lower()])
        unit = "percent"
    else:
        value = _parse_number(m)
        if value is None:
            return None
        raw = value
        unit = "percent" if kind == "percent" else m.group("noun").lower()
        if kind == "count" and _looks_like_date_or_age(text, m):
            return None
    hedge_text = m.group("hedge")
    hedge = w["hedges"].get(hedge_text.lower()) if hedge_text else None
    hedge_text, hedge = _outer_hedge(text, m.start(), hedge_text, hedge)
    q = _claimant(quotes, m.start(), m.end())
    base = _base_after(text, m.end(), se) if unit == "percent" else None
    raw_side, lost = _side(text, ss, se, m.start(), m.end(), q)
    side, value_norm = raw_side, raw
    sides = list(w["sides"])
    if unit == "percent" and raw_side:
        holder = raw_side if not lost else _other_side(raw_side)
        side = sides[0]
        value_norm = raw if holder == sides[0] else 100.0 - raw
        hedge = _flip_hedge(hedge) if holder != sides[0] else hedge
    if unit == "percent":
        if base and side:
            measure = f"share of {base} held by {side}"
        elif base:
            measure = f"share of {base}"
        else:
            measure = "percentage: " + _context_words(text, ss, m.start(), m.end(), se)
    elif side and unit in w["area_units"]:
        measure = f"area ({unit}) held by {raw_side if not lost else _other_side(raw_side)}"
    else:
        measure = f"{unit}: " + _count_context(text, m.end(), se)
    return Claim(
        value=round(value_norm, 3), unit=unit, measure=measure, side=side if unit == "percent" else raw_side,
        raw_value=raw, raw_side=raw_side, hedge=hedge, hedge_text=hedge_text,
        start=m.start(), end=m.end(), text=text[m.start():m.end()],
        sentence_start=ss, sentence_end=se,
        claimant=getattr(q, "speaker", None) if q else None,
        claimant_start=getattr(q, "speaker_start", None) if q else None,
        claimant_end=getattr(q, "speaker_end", None) if q else None,
        cue=getattr(q, "cue", None) if q else None,
        rule=f"{kind}" + (f"+side:{'loss' if lost else 'control'}" if raw_side else "")
        + ("+quote" if q else "+narrator"),
        base=base,
        anchors=_anchors(text, ss, se, m.start(), m.end()),
    )


# the capital first, then the look back: a pattern that opens with a character
# class lets the regex engine skip straight to the next capital
_ANCHOR = re.compile(r"[A-Z](?<=[\w,;:)]\s[A-Z])[\w'’-]+")
_NOT_ANCHORS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July"
    " August September October November December The A An He She It They We I".split()
)


def _anchors(text: str, ss: int, se: int, qs: int, qe: int) -> list[str]:
    """Capitalised words inside the sentence (not its first word): places, groups, names."""
    return sorted({m.group() for m in _ANCHOR.finditer(text, ss, se)
                   if m.group() not in _NOT_ANCHORS and not (qs <= m.start() < qe)})


def _outer_hedge(text: str, start: int, hedge_text: str | None, hedge: str | None):
    """'no more than a tenth': the regex takes the longest hedge it can; a bracket may sit between."""
    if hedge_text:
        return hedge_text, hedge
    before = text[max(0, start - 20):start].rstrip(" [(")
    low = before.lower()
    if not low.endswith(_hedge_words()):
        return None, None
    for h, kind in _hedges_longest_first():
        if low.endswith(h):
            return before[len(before) - len(h):], kind
    return None, None


@lru_cache(maxsize=1)
def _hedges_longest_first() -> list[tuple[str, str]]:
    return sorted(_words()["hedges"].items(), key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def _hedge_words() -> tuple[str, ...]:
    return tuple(_words()["hedges"])


def _flip_hedge(hedge: str | None) -> str | None:
    return {"below": "above", "above": "below", "at_most": "at_least", "at_least": "at_most"}.get(
        hedge or "", hedge)


def _looks_like_date_or_age(text: str, m: re.Match[str]) -> bool:
    """'a 63-year-old', 'one of the most populous districts': not counts."""
    if _AGE.match(text[m.end():m.end() + 12]):
        return True
    return bool(_ONE_OF_THE.match(m.group(0)))


_AGE = re.compile(r"\s*-year-old")
_ONE_OF_THE = re.compile(r"one\s+of\s+the\b", re.I)


def _claimant(quotes: Sequence[Any], start: int, end: int) -> Any | None:
    best = None
    for q in quotes:
        if q.start <= start and end <= q.end and getattr(q, "speaker", None):
            if best is None or (q.end - q.start) < (best.end - best.start):
                best = q
    return best


_BASE = re.compile(r"\s+of\s+((?:the\s+)?[^,.;:()\[\]\"“”]{1,60}?)(?=\s+(?:that|which|who|they|it|he|she|including|under|as|to|in|from|on|by|since|after|before|before|is|are|was|were|has|have|had|and)\b|[,.;:()\[\]\"“”]|$)")


_BASE_ARTICLE = re.compile(r"^(?:the|its|their)\s+", re.I)


def _base_after(text: str, end: int, se: int) -> str | None:
    m = _BASE.match(text, end, se)
    if not m:
        return None
    base = m.group(1).strip()
    base = _BASE_ARTICLE.sub("", base)
    return base or None


def _side_of(words: str) -> str | None:
    """The side named last in ``words`` (the first side listed wins a tie)."""
    low = words.lower()
    pat, group_side = _side_names()
    if pat is None:
        return _side_of_each(low)
    m = None
    for m in pat.finditer(low):
        pass
    return group_side[m.lastindex] if m else None


def _side_of_each(low: str) -> str | None:
    best, pos = None, -1
    for side, names in _words()["sides"].items():
        for n in names:
            for m in re.finditer(rf"(?<![\w-]){re.escape(n)}(?![\w-])", low):
                if m.start() > pos:
                    best, pos = side, m.start()
    return best


def _may_overlap(word: str) -> bool:
    """Can two occurrences of ``word`` overlap ("army of army")?  Then one pattern
    for all words would miss the later one that a search per word finds."""
    x = word.lower()
    if not x.isascii() or not _WORDCHAR.fullmatch(x[0]) or not _WORDCHAR.fullmatch(x[-1]):
        return True
    # a second occurrence would start after a word character ("soldiers" at its
    # last "s"), where neither \b nor (?<![\w-]) lets it start
    return any(x[k:] == x[:len(x) - k] and not _WORDCHAR.fullmatch(x[k - 1]) for k in range(1, len(x)))


_WORDCHAR = re.compile(r"\w")


@lru_cache(maxsize=1)
def _side_names() -> tuple[re.Pattern[str] | None, dict[int, str]]:
    """One pattern finding, at every position, the first side name (in list order)
    that starts there: the same answer as a search per name.  (None, {}) when
    a name could overlap itself."""
    sides = [(side, names) for side, names in _words()["sides"].items() if names]
    if any(_may_overlap(n) for _, names in sides for n in names):
        return None, {}
    alts = "|".join("(" + "|".join(re.escape(n) for n in names) + ")" for _, names in sides)
    group_side = {i + 1: side for i, (side, _) in enumerate(sides)}
    return re.compile(rf"(?<![\w-])(?=(?:{alts})(?![\w-]))"), group_side


@lru_cache(maxsize=1)
def _verbs() -> tuple[re.Pattern[str] | None, list[str], bool]:
    """Control and loss verbs, longest first; one pattern finding at every position
    the first verb (in that order) that starts there; and whether plain lowercase
    string search gives the same answer (ASCII words that begin and end with a
    letter)."""
    w = _words()
    verbs = sorted(w["control_verbs"] + w["loss_verbs"], key=len, reverse=True)
    if any(_may_overlap(v) for v in verbs) or not verbs:
        return None, verbs, False
    alts = "|".join(f"({re.escape(v)})" for v in verbs)
    plain = all(v == v.lower() for v in verbs)  # and ASCII with word ends: _may_overlap said so
    return re.compile(rf"\b(?=(?:{alts})\b)", re.I), verbs, plain


@lru_cache(maxsize=1)
def _shortest_verbs() -> tuple[str, ...]:
    """The verbs holding no other verb ("control", not "regained control of"):
    a text holds some verb only if it holds one of these."""
    verbs = {v.lower() for v in _verbs()[1]}
    return tuple(sorted(v for v in verbs if not any(u != v and u in v for u in verbs)))


@lru_cache(maxsize=1)
def _verbs_holding() -> dict[str, tuple[str, ...]]:
    """Each of _shortest_verbs() -> the verbs holding it, in _verbs() order (for plain
    verbs, which are their own lower case)."""
    verbs = _verbs()[1]
    return {u: tuple(v for v in verbs if u in v.lower()) for u in _shortest_verbs()}


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w and \b test


def _last_verb(before: str) -> tuple[int, str] | None:
    """(start, verb) of the verb that starts last in ``before`` (a whole word,
    any case); of verbs starting at the same place, the longest."""
    pat, verbs, plain = _verbs()
    if pat is None:
        best = None
        for v in verbs:
            for vm in re.finditer(rf"\b{re.escape(v)}\b", before, re.I):
                if best is None or vm.start() > best[0]:
                    best = (vm.start(), v)
        return best
    if not plain or _CASE_TRAPS.search(before):
        m = None
        for m in pat.finditer(before):
            pass
        return (m.start(), verbs[m.lastindex - 1]) if m else None
    # rfind per verb, looking only after the best start so far
    low = before.lower()
    present = [u for u in _shortest_verbs() if u in low]
    if not present:
        return None  # usually: no verb at all
    # a verb in the text holds a shortest verb in the text: only those verbs can be found
    holding = _verbs_holding()
    if len(present) == 1:
        candidates = holding[present[0]]
    else:
        some = set().union(*(holding[u] for u in present))
        candidates = [v for v in verbs if v in some]
    n = len(low)
    best_i, best_v = -1, None
    for v in candidates:
        end = n
        while True:
            i = low.rfind(v, best_i + 1, end)
            if i < 0:
                break
            j = i + len(v)
            if (i == 0 or not _is_word_char(low[i - 1])) and (j == n or not _is_word_char(low[j])):
                best_i, best_v = i, v
                break
            end = j - 1
    return (best_i, best_v) if best_v is not None else None


def _other_side(side: str) -> str:
    sides = list(_words()["sides"])
    return sides[1] if side == sides[0] else sides[0]


_CLAUSE_BREAK = re.compile(r"[,;]")
_UNDER_CONTROL = re.compile(r"\bunder\s+([\w-]+(?:\s+[\w-]+)?)\s+control\b", re.I)
_HELD_BY_AFTER = re.compile(r"\b(?:still\s+)?(?:held|controlled)\s+by\s+(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)", re.I)
_HELD_BY = re.compile(r"\b(?:held|controlled)\s+by\s+(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)", re.I)
_PRONOUN = re.compile(r"\b(?:it|they|we)\b", re.I)


def _side(text: str, ss: int, se: int, qs: int, qe: int, quote: Any | None) -> tuple[str | None, bool]:
    """(side named as holder, whether the verb is one of loss) for a share."""
    w = _words()
    after = _CLAUSE_BREAK.split(text[qe:min(se, qe + 120)], 1)[0]  # not a later relative clause
    # each pattern matches only where its words are (any case: no other character
    # matches an ASCII letter of theirs under re.I, nor lower-cases to one)
    low_after = after.lower()
    held = "held" in low_after or "controlled" in low_after
    for pat, present in ((_UNDER_CONTROL, "under" in low_after and "control" in low_after),
                         (_HELD_BY_AFTER, held)):
        m = pat.search(after) if present else None
        if m:
            side = _side_of(m.group(1))
            if side:
                return side, False
    before = text[ss:qs]
    low_before = before.lower()
    m = None
    if "held" in low_before or "controlled" in low_before:
        for m in _HELD_BY.finditer(before):
            pass
    if m:
        side = _side_of(m.group(1))
        if side:
            return side, False  # "the territory still controlled by the militants is 4 sq mi"
    best = _last_verb(before)
    if best is None:
        return None, False
    lost = best[1] in w["loss_verbs"]
    holder_text = before[:best[0]]
    # the subject of the verb: after the last clause break before it
    low = holder_text.lower()
    cut = max(holder_text.rfind(","), low.rfind(" said"), low.rfind(" that "))
    subj = holder_text[cut + 1:] if cut >= 0 else holder_text
    side = _side_of(subj)
    if side is None and _PRONOUN.search(subj) and quote is not None:
        side = _side_of(getattr(quote, "speaker", "") or "")  # "it has regained control"
    return side, lost


def _context_words(text: str, ss: int, qs: int, qe: int, se: int) -> str:
    after = text[qe:se].split()[:4]
    return " ".join(after).strip(" ,.;:").lower()


def _count_context(text: str, end: int, se: int) -> str:
    """The verb after a count: '3,000 people have fled' -> 'have fled'."""
    words = text[end:se].split()[:4]
    keep = []
    for word in words:
        clean = word.strip(",.;:").lower()
        keep.append(clean)
        if word.endswith((",", ".", ";", ":")) or clean.endswith("ed") or clean.endswith("en"):
            break
    return " ".join(keep)


# ---------------------------------------------------------------------------
# grouping


@lru_cache(maxsize=1)
def _base_drop() -> frozenset[str]:
    w = _words()
    return frozenset(w["direction_words"]) | frozenset(w["generic_area_nouns"])


_BASE_WORD = re.compile(r"[\w-]+")


@lru_cache(maxsize=4096)  # the same few bases recur across a collection
def _base_key(base: str) -> frozenset[str]:
    words = _BASE_WORD.findall(base.lower().replace("’s", "").replace("'s", ""))
    key = frozenset(words).difference(_base_drop())
    # "the city's east", "the province": nothing specific is left, so keep every
    # word -- two unnamed cities must not merge
    return key or frozenset(words)


def _measure_key(c: Claim, i: int) -> tuple:
    if c.unit == "percent" and c.base:
        return ("share", _base_key(c.base), c.side)
    if c.measure.endswith(": ") or c.unit == "percent":
        return ("alone", i)  # "300 people" with no verb, a bare percentage: nothing to compare
    return ("count", c.measure)


def group_claims(claims: Sequence[tuple[str, Claim]]) -> list[ClaimGroup]:
    """Group (doc_id, claim) pairs about the same measure and flag disagreements.

    Shares group by base (see the module docstring).  Counts group by counted
    noun and verb ("people: have fled") and must also share a name of their
    sentence (two of them: a place and a group, say) -- "300 people were
    killed" in two stories is rarely the same event; a count group is disputed
    only across documents and only when every claim carries a date."""
    buckets: dict[tuple, list[tuple[str, Claim]]] = {}
    for i, pair in enumerate(claims):
        # the caller's pair, not a copy: 60,000 fewer objects for the collector at 10,000 articles
        buckets.setdefault(_measure_key(pair[1], i), []).append(pair)
    groups: list[ClaimGroup] = []
    for key, members in buckets.items():
        if len(members) == 1:
            # one claim: nothing to split or compare (what the general path gives: spread 0,
            # not disputed); most buckets are single claims
            groups.append(ClaimGroup(measure=members[0][1].measure, claims=members))
            continue
        parts = _split_by_anchor(members) if key[0] == "count" else [members]
        for part in (p for anchored in parts for p in _split_by_date(anchored)):
            g = ClaimGroup(measure=part[0][1].measure, claims=part)
            g.spread = _spread(part)
            if key[0] == "share":
                # "15% of shares outstanding" and "38.5%" may be different holders'
                # stakes: only shares with a known holder can contradict each other
                g.disputed = g.spread > SHARE_TOLERANCE and key[2] is not None
            else:
                # counts of the same kind differ by event and by day: only dated
                # claims from several documents can disagree
                g.disputed = (g.spread > COUNT_TOLERANCE and len({d for d, _ in part}) > 1
                              and all(iso_day(c.date) for _, c in part))
            groups.append(g)
    groups.sort(key=lambda g: (not g.disputed, -len(g.claims), g.measure))
    return groups


def _split_by_anchor(members: list[tuple[str, Claim]]) -> list[list[tuple[str, Claim]]]:
    """Connected groups of claims that share at least one anchor word."""
    parent = list(range(len(members)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # two shared names, not one: "Libya" alone would chain a whole collection
    first: dict[tuple[str, str], int] = {}
    same: dict[tuple[str, ...], int] = {}
    for i, (_, c) in enumerate(members):
        names = tuple(c.anchors)
        if len(names) >= 2:
            # the same names as an earlier claim (claims of one sentence): the same pairs,
            # all of them already joined to that claim's group
            j = same.setdefault(names, i)
            if j != i:
                parent[find(i)] = find(j)
                continue
        for pair in combinations(names, 2):  # (the pairs in index order, made in C)
            if pair in first:
                parent[find(i)] = find(first[pair])
            else:
                first[pair] = i
    out: dict[int, list[tuple[str, Claim]]] = {}
    for i, m in enumerate(members):
        out.setdefault(find(i), []).append(m)
    return list(out.values())


def _split_by_date(members: list[tuple[str, Claim]]) -> list[list[tuple[str, Claim]]]:
    days = [iso_day(m[1].date) for m in members]
    dated = sorted((x for x in zip(days, members) if x[0]), key=lambda x: x[0])
    undated = [m for d, m in zip(days, members) if not d]
    parts: list[list[tuple[str, Claim]]] = []
    first_day = None  # the day of parts[-1][0]
    for day, m in dated:
        if parts and (day - first_day).days <= DATE_WINDOW_DAYS:
            parts[-1].append(m)
        else:
            parts.append([m])
            first_day = day
    if not parts:
        return [undated]
    parts[-1].extend(undated)  # undated claims join the latest window
    return parts


_UPPER = ("at_most", "below")
_LOWER = ("at_least", "above")


def _spread(members: list[tuple[str, Claim]]) -> float:
    """Largest disagreement between two claims, honouring one-sided bounds.

    The largest ``_conflict`` over all pairs, found in linear time (a group
    can hold hundreds of claims): an upper bound conflicts most from the lowest
    upper bound, a lower bound most with the lowest value, and two point values
    most from the lowest point; see ``_spread_pairs``, the plain definition."""
    cs = [c for _, c in members]
    if len(cs) < 3 or not _linear_ok(cs):
        return _spread_pairs(cs)
    worst = 0.0
    upper = [c for c in cs if c.hedge in _UPPER]
    lower = [c for c in cs if c.hedge in _LOWER]
    points = [c for c in cs if c.hedge not in _UPPER and c.hedge not in _LOWER]
    if upper:
        a = min(upper, key=_value)
        worst = max(worst, max(_conflict(a, b) for b in cs))
    if lower:
        b = min(cs, key=_value)
        worst = max(worst, max(_conflict(a, b) for a in lower))
    if points:
        a = min(points, key=_value)
        worst = max(worst, max(_conflict(a, b) for b in points))
    return worst


def _value(c: Claim) -> float:
    return c.value


def _linear_ok(cs: list[Claim]) -> bool:
    """The shortcut in ``_spread`` holds for one kind of unit and, for counts
    (relative differences), values that are not negative; every value finite."""
    percent = {c.unit == "percent" for c in cs}
    if len(percent) != 1:
        return False
    low = min(c.value for c in cs)
    high = max(c.value for c in cs)
    if not (-1e308 < low and high < 1e308):
        return False  # inf or nan
    return percent == {True} or low >= 0


def _spread_pairs(cs: list[Claim]) -> float:
    worst = 0.0
    for i, a in enumerate(cs):
        for b in cs[i + 1:]:
            worst = max(worst, _conflict(a, b), _conflict(b, a))
    return worst


def _conflict(a: Claim, b: Claim) -> float:
    """How far b's value is from what a allows (0 when consistent)."""
    if a.unit == "percent":
        diff = b.value - a.value
    else:
        diff = (b.value - a.value) / max(abs(a.value), abs(b.value), 1.0)
    if a.hedge == "at_most" or a.hedge == "below":
        return max(0.0, diff)
    if a.hedge == "at_least" or a.hedge == "above":
        return max(0.0, -diff)
    if b.hedge in ("at_most", "below", "at_least", "above"):
        return 0.0  # judged from b's side
    return abs(diff)
