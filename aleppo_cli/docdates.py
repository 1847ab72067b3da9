"""Publication dates that need the rest of the corpus.

An article that never states its date usually reports the same happenings as
another article that does: the same places and actors, the same weekday words
("on Monday", "on Sunday").  For each document without a day-precision date,
the dated document with the largest overlap of names and weekday words lends
its date, when that date is compatible with what the document itself says:
not before the latest absolute date its body refers to, on (or the day after)
the weekday its lead reports on, and inside the month or year the text alone
gave (``temporal.date_constraints``).  Dates lent this way can lend again (an article
dated from another dates a third), with lower confidence each step.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from aleppo_cli.entities.similarity import normalise, skeleton
from aleppo_cli.gcpause import gc_paused
from aleppo_cli.models import DocRecord, PublishedDate
from aleppo_cli.pubdate import iso_day

# Below this overlap two articles are not taken to report the same happenings.
MIN_SIMILARITY = 0.2
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The lookahead on the first letters only lets the engine skip most positions quickly.
_WEEKDAY_RE = re.compile(r"(?=[mtwfs])\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_IGNORED_SEGMENTS = {"caption", "boilerplate", "related", "byline"}
_NAME_TYPES = {"PERSON", "ORG", "LOC", "NORP", "MISC"}


@dataclass(slots=True, eq=False)  # compared and hashed by identity
class _Profile:
    record: DocRecord
    names: frozenset[str]
    shown: dict[str, str]  # key -> a written form, for the evidence
    kept: tuple[list[int], list[int]]  # the ignored segments, for ``_kept``
    lower_bound: dt.date | None
    window: tuple[dt.date, dt.date] | None = None  # the days its own evidence allows
    weekdays_read: frozenset[str] | None = None  # read when first compared: most never are
    day: dt.date | None = None  # its day-precision date, once it has one

    @property
    def weekdays(self) -> frozenset[str]:
        if self.weekdays_read is None:
            self.weekdays_read = frozenset(
                m.group(1).lower() for m in _WEEKDAY_RE.finditer(self.record.text)
                if _kept(self.kept, m.start()))
        return self.weekdays_read


def infer_from_corpus(records: Sequence[DocRecord]) -> None:
    """Give day-precision dates to undated records from similar dated ones (in place).

    Greedy: each round dates the pending articles whose best evidence is close to
    the strongest found in that round, so an article dated with confidence can
    support the next ones.  A date's support is its best match plus half the next
    best: several articles of that day reporting the same happenings beat one
    article of another day that shares background names.  Each pending article
    is compared only with dated articles that share one of its less common names
    (``MAX_CANDIDATES`` at most), and each round only with the newly dated ones.
    """
    with gc_paused():
        _infer_from_corpus(records)


def _infer_from_corpus(records: Sequence[DocRecord]) -> None:
    profiles = [_profile(r) for r in records]
    weights, common = _name_weights(profiles)
    depth = {id(p): 0 for p in profiles if _day(p.record.published)}
    newly = [p for p in profiles if id(p) in depth]
    pending = [p for p in profiles if id(p) not in depth]
    support: dict[int, dict[dt.date, list[tuple[float, _Profile, list[str]]]]] = {
        id(p): {} for p in pending}
    # Only a pending article that shares a name with a newly dated one can gain support
    # in a round; the others keep the best date they had.
    waiting = _postings(pending, common)
    best_of: dict[int, tuple[_Profile, float, list[str], int] | None] = {}
    while pending and newly:
        postings = _postings(newly, common)
        touched: dict[int, list[str]] = {}  # pending article -> its names the new ones use
        for name in postings:
            for p in waiting.get(name, ()):
                touched.setdefault(id(p), []).append(name)
        found = []
        for p in pending:
            hits = touched.get(id(p))
            if hits:
                if len(hits) > 1:
                    # in the article's order of names (``shown``, as the text has them):
                    # a set's order changes from run to run with Python's string hashing
                    hit = set(hits)
                    hits = [name for name in p.shown if name in hit]
                for other in _candidates(hits, postings, weights):
                    _add_match(p, other, weights, support[id(p)])
                best_of[id(p)] = _best_date(support[id(p)])
            best = best_of.get(id(p))
            if best:
                found.append((p, best))
        if not found:
            break
        strongest = max(best[1] for _, best in found)
        newly = []
        for p, (other, score, shared, count) in found:
            if score < 0.9 * strongest:
                continue
            depth[id(p)] = depth[id(other)] + 1
            p.record.published = _lent_date(p.record.published, other, score, shared, count,
                                            depth[id(p)])
            p.day = _day(p.record.published)
            newly.append(p)
        pending = [p for p in pending if id(p) not in depth]


MAX_CANDIDATES = 50


def _postings(dated: list[_Profile], common: frozenset[str]) -> dict[str, list[_Profile]]:
    index: dict[str, list[_Profile]] = {}
    for p in dated:
        for name in p.shown:  # text order, not a set's: the same every run
            if name not in common:
                index.setdefault(name, []).append(p)
    return index


def _candidates(names: Sequence[str], postings: dict[str, list[_Profile]], weights: dict[str, float]
                ) -> list[_Profile]:
    """The dated articles that share the most weight of ``names`` (a pending article's)."""
    score: dict[_Profile, float] = {}
    get = score.get
    for name in names:
        weight = weights[name]
        for other in postings.get(name, ()):
            score[other] = get(other, 0.0) + weight
    if len(score) > MAX_CANDIDATES:
        # Only the articles scoring at least the MAX_CANDIDATES-th best can be among the
        # first MAX_CANDIDATES: sorting the bare scores (floats, fast) finds that cut, and
        # only the few above it are sorted by score and id.
        cut = sorted(score.values(), reverse=True)[MAX_CANDIDATES - 1]
        best = [other for other, s in score.items() if s >= cut]
    else:
        best = list(score)
    best.sort(key=lambda o: (-score[o], o.record.id))
    return best[:MAX_CANDIDATES]


def _add_match(p: _Profile, other: _Profile, weights: dict[str, float],
               by_date: dict[dt.date, list[tuple[float, _Profile, list[str]]]]) -> None:
    date = other.day
    if date is None or not _compatible(p, date):
        return
    score, shared = _similarity(p, other, date, weights)
    if score >= MIN_SIMILARITY:
        matches = by_date.setdefault(date, [])
        matches.append((score, other, shared))
        matches.sort(key=lambda m: -m[0])
        del matches[2:]  # support uses the best two


def _profile(rec: DocRecord) -> _Profile:
    ignored = _spans(sorted((s.start, s.end) for s in rec.segments if s.label in _IGNORED_SEGMENTS))

    def kept(start: int) -> bool:
        return _kept(ignored, start)

    shown: dict[str, str] = {}
    for m in rec.entities:
        if getattr(m, "type", None) in _NAME_TYPES and kept(m.start):
            shown.setdefault(_norm(m.text), m.text)
    # What happened where ("takeover@<district>") says more than a name alone.
    for ev in rec.events:
        if kept(ev.start) and ev.modality not in ("hypothetical", "negated"):
            for p in (*ev.places, *ev.targets):
                shown.setdefault(f"{ev.kind}@{_norm(p.text)}", f"{ev.kind} at {p.text}")
    day = _day(rec.published)
    if day:
        # dated: lends its date, so the bounds on its own date are never asked for
        return _Profile(rec, frozenset(shown), shown, ignored, None, None, day=day)
    bound = None
    for t in rec.timexes:
        if kept(t.start) and getattr(t, "type", "") == "DATE":
            day = iso_day(getattr(t, "value", ""))
            if day and getattr(t, "anchor", None) in ("none", None) and (bound is None or day > bound):
                bound = day
    window = None
    if rec.date_constraints is not None:
        days = rec.date_constraints.candidates(horizon_days=120)
        if days:
            window = (days[0], days[-1] + dt.timedelta(days=1))
    return _Profile(rec, frozenset(shown), shown, ignored, bound, window)


def _spans(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted spans joined where they overlap: (starts, ends) for a bisect."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        if b <= a:
            continue
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _kept(ignored: tuple[list[int], list[int]], start: int) -> bool:
    """Whether an offset is outside the ignored segments."""
    starts, ends = ignored
    i = bisect_right(starts, start) - 1
    return i < 0 or start >= ends[i]


@lru_cache(maxsize=65536)
def _norm(name: str) -> str:
    """One key for the spellings of a name ("Sheikh Marwan" / "Sheik Marwan", "al-Nasser")."""
    return skeleton(normalise(name))


def _day(pub: PublishedDate) -> dt.date | None:
    return iso_day(pub.value) if pub.value and pub.precision == "day" else None


def _name_weights(profiles: list[_Profile]) -> tuple[dict[str, float], frozenset[str]]:
    """Inverse document frequency: a name every article uses says little about which
    happenings two articles share; a rarely named district says much.  Names in more
    than a tenth of a large corpus are too common to find candidates by."""
    df: dict[str, int] = {}
    for p in profiles:
        for name in p.names:
            df[name] = df.get(name, 0) + 1
    n = len(profiles)
    limit = max(50, n // 10)
    weights = {name: math.log(1 + n / count) for name, count in df.items()}
    return weights, frozenset(name for name, count in df.items() if count > limit)


def _best_date(by_date: dict[dt.date, list[tuple[float, _Profile, list[str]]]]
               ) -> tuple[_Profile, float, list[str], int] | None:
    """The best-supported date: (best article, support, shared names, articles)."""
    best = None
    for matches in by_date.values():
        support = matches[0][0] + (0.5 * matches[1][0] if len(matches) > 1 else 0.0)
        if best is None or support > best[1]:
            best = (matches[0][1], support, matches[0][2], len(matches))
    return best


def _compatible(p: _Profile, date: dt.date) -> bool:
    if p.lower_bound and date < p.lower_bound:
        return False
    constraints = p.record.date_constraints
    if constraints is not None:
        # The weekday the lead reports on ("said Monday"): that day or, rarely, the next.
        if constraints.weekday and date.isoweekday() not in (
                constraints.weekday, constraints.weekday % 7 + 1):
            return False
        if p.window and not p.window[0] <= date <= p.window[1]:
            return False
    own = p.record.published
    if own.value and own.precision in ("month", "year"):
        return date.isoformat().startswith(own.value)
    return True


def _similarity(p: _Profile, other: _Profile, date: dt.date, weights: dict[str, float]
                ) -> tuple[float, list[str]]:
    shared = sorted(p.names & other.names, key=lambda n: (-weights[n], n))
    union = p.names | other.names
    # fsum: a set's order changes from run to run (string hashing), and a plain sum's
    # last bits with it; fsum is exact whatever the order.
    total = math.fsum(map(weights.__getitem__, union))
    score = math.fsum(map(weights.__getitem__, shared)) / total if total else 0.0
    # The other article's own weekday and the weekdays both use ("on Sunday ... Monday").
    weekday = WEEKDAYS[date.weekday()]
    if weekday in p.weekdays:
        score += 0.1
    common_days = p.weekdays & other.weekdays
    score += 0.05 * len(common_days)
    return score, shared


def _lent_date(own: PublishedDate, other: _Profile, score: float, shared: list[str],
               support: int, depth: int) -> PublishedDate:
    date = _day(other.record.published)
    confidence = round(min(0.9, score) * other.record.published.confidence * (0.9 ** (depth - 1)), 2)
    evidence = list(own.evidence) + [
        f"reports the same happenings as {other.record.id} (dated {date.isoformat()} by "
        f"{other.record.published.method}) and {support - 1} more article(s) of that day; "
        f"support {score:.2f}; shared: {', '.join(other.shown.get(k, k) for k in shared[:8])}"
    ]
    return PublishedDate(date.isoformat(), "day", "corpus:same-events", confidence, evidence)
