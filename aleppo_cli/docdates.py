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
from collections import Counter, defaultdict
from itertools import chain
from operator import itemgetter
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
# Letters IGNORECASE matches to "i" and "s" that ``str.lower`` does not turn into them.
_ODD_FOLDS = ("\u0131", "\u017f")  # dotless i, long s


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
    total: int | None = None  # its names' weights summed exactly (``_exact``), once compared
    index: int = -1  # its place in the corpus: postings list these (int keys hash fast)
    # While pending: the place of each name in ``shown``, the best two matches of each
    # day, the best-supported day, and ``_compatible``'s answers.
    order: dict[str, int] | None = None
    support: dict[dt.date, list[tuple[float, _Profile, frozenset[str]]]] | None = None
    best: tuple[_Profile, float, frozenset[str], int] | None = None
    compatible_days: dict[dt.date, bool] | None = None

    @property
    def weekdays(self) -> frozenset[str]:
        if self.weekdays_read is None:
            self.weekdays_read = _weekdays(self.record.text, self.kept)
        return self.weekdays_read


def _weekdays(text: str, ignored: tuple[list[int], list[int]]) -> frozenset[str]:
    """The weekday names outside the ignored segments (lower case)."""
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in _ODD_FOLDS):
        # offsets in ``low`` would not be the text's, or a match would not show in it
        return frozenset(m.group(1).lower() for m in _WEEKDAY_RE.finditer(text)
                         if _kept(ignored, m.start()))
    # Every match of the case-blind regex is then a plain occurrence in ``low`` at the
    # same offset: ``str.find`` looks for those (fast), the regex checks the word edges.
    match = _WEEKDAY_RE.match
    found = []
    for day in WEEKDAYS:
        i = low.find(day)
        while i >= 0:
            if match(text, i) and _kept(ignored, i):
                found.append(day)
                break
            i = low.find(day, i + 1)
    return frozenset(found)


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
    for i, p in enumerate(profiles):
        p.index = i
    weights, common = _name_weights(profiles)
    ids = [p.record.id for p in profiles]
    exact = _exact(weights)
    depth = {p.index: 0 for p in profiles if p.day is not None}
    newly = [p for p in profiles if p.index in depth]
    pending = [p for p in profiles if p.index not in depth]
    for p in pending:
        p.support = {}
        p.compatible_days = {}
        p.order = {name: i for i, name in enumerate(p.shown)}
    # Only a pending article that shares a name with a newly dated one can gain support
    # in a round; the others keep the best date they had.
    waiting = _postings(pending, common)
    while pending and newly:
        postings = _postings(newly, common)
        # pending article -> its names the new ones use
        touched: defaultdict[int, list[str]] = defaultdict(list)
        for name in postings:
            for i in waiting.get(name, ()):
                touched[i].append(name)
        # A pending article none of these days suits gains no match from them, whichever
        # are its candidates: after the first round the new ones have only a few days.
        days = {q.day for q in newly}
        days_to_check = days if len(days) <= _FEW_DAYS else None
        found = []
        for p in pending:
            hits = touched.get(p.index)
            if hits and (days_to_check is None or any(
                    _compatible_on(p, day) for day in days_to_check)):
                if len(hits) > 1:
                    # in the article's order of names (``shown``, as the text has them):
                    # a set's order changes from run to run with Python's string hashing
                    hits.sort(key=p.order.__getitem__)
                known = p.compatible_days
                changed = False
                for other in _candidates(hits, postings, weights, profiles, ids):
                    date = other.day
                    if date is None:
                        continue
                    # many candidates share a day: ask once per pending article and day
                    ok = known.get(date)
                    if ok is None:
                        ok = known[date] = _compatible(p, date)
                    if ok and _add_match(p, other, date, exact):
                        changed = True
                if changed:  # else the same support gives the same best date
                    p.best = _best_date(p.support)
            if p.best:
                found.append((p, p.best))
        if not found:
            break
        strongest = max(best[1] for _, best in found)
        newly = []
        for p, (other, score, shared, count) in found:
            if score < 0.9 * strongest:
                continue
            depth[p.index] = depth[other.index] + 1
            p.record.published = _lent_date(p.record.published, other, score,
                                            _by_weight(shared, weights), count, depth[p.index])
            p.day = _day(p.record.published)
            newly.append(p)
        pending = [p for p in pending if p.index not in depth]


MAX_CANDIDATES = 50
_FEW_DAYS = 8  # newly dated articles of at most this many days: first ask if any suits


def _compatible_on(p: _Profile, date: dt.date | None) -> bool:
    """``_compatible``, asked once per pending article and day."""
    if date is None:
        return False
    known = p.compatible_days
    ok = known.get(date)
    if ok is None:
        ok = known[date] = _compatible(p, date)
    return ok


def _postings(dated: list[_Profile], common: frozenset[str]) -> dict[str, list[int]]:
    """Name -> the articles (``index``) that use it."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    for p in dated:
        i = p.index
        for name in p.shown:  # text order, not a set's: the same every run
            if name not in common:
                index[name].append(i)
    index.default_factory = None  # a plain mapping from here on
    return index


def _candidates(names: Sequence[str], postings: dict[str, list[int]], weights: dict[str, float],
                profiles: list[_Profile], ids: list[str]) -> list[_Profile]:
    """The dated articles that share the most weight of ``names`` (a pending article's)."""
    if not names:
        return []
    if len(names) == 1:  # all score the one name's weight: by id
        best = sorted(postings.get(names[0], ()), key=ids.__getitem__)
        return [profiles[o] for o in best[:MAX_CANDIDATES]]
    # the first name's articles all score its weight (0.0 + weight is weight, exactly)
    score: dict[int, float] = dict.fromkeys(postings.get(names[0], ()), weights[names[0]])
    get = score.get
    for name in names[1:]:
        weight = weights[name]
        for other in postings.get(name, ()):
            score[other] = get(other, 0.0) + weight
    if len(score) > MAX_CANDIDATES:
        # Only the articles scoring at least the MAX_CANDIDATES-th best can be among the
        # first MAX_CANDIDATES: a sort by the bare score (C comparisons of floats) puts
        # them first; the ones at that cut follow it.
        ranked = sorted(score.items(), key=_SCORE, reverse=True)
        cut = ranked[MAX_CANDIDATES - 1][1]
        end = bisect_right(ranked, -cut, lo=MAX_CANDIDATES, key=_MINUS_SCORE)
        best = [other for other, _ in ranked[:end]]
    else:
        best = list(score)
    # by score, highest first, then by id: two stable sorts (no key tuples)
    best.sort(key=ids.__getitem__)
    best.sort(key=score.__getitem__, reverse=True)
    return [profiles[o] for o in best[:MAX_CANDIDATES]]


_SCORE = itemgetter(1)


def _MINUS_SCORE(item: tuple[int, float]) -> float:
    return -item[1]


def _add_match(p: _Profile, other: _Profile, date: dt.date,
               exact: tuple[dict[str, int], int]) -> bool:
    """Count ``other`` (dated ``date``, compatible) towards ``p``'s support for that day;
    whether it counts."""
    score, shared = _similarity(p, other, date, exact)
    if score < MIN_SIMILARITY:
        return False
    matches = p.support.setdefault(date, [])
    matches.append((score, other, shared))
    matches.sort(key=lambda m: -m[0])
    del matches[2:]  # support uses the best two
    return True


def _profile(rec: DocRecord) -> _Profile:
    ignored = _spans(sorted((s.start, s.end) for s in rec.segments if s.label in _IGNORED_SEGMENTS))

    starts, ends = ignored

    def kept(start: int) -> bool:
        return _kept(ignored, start)

    shown: dict[str, str] = {}
    # A text already taken gives the same key again, whose first form stays: skip it.
    taken: set[str] = set()
    for m in rec.entities:
        text = m.text
        if text in taken or getattr(m, "type", None) not in _NAME_TYPES:
            continue
        if starts:  # ``_kept``, inline: it is asked for every mention
            i = bisect_right(starts, m.start) - 1
            if i >= 0 and m.start < ends[i]:
                continue
        shown.setdefault(_norm(text), text)
        taken.add(text)
    # What happened where ("takeover@<district>") says more than a name alone.
    taken_at: set[tuple[str, str]] = set()
    for ev in rec.events:
        places, targets = ev.places, ev.targets
        if not (places or targets) or ev.modality in ("hypothetical", "negated"):
            continue  # (two in five events name no place or target)
        if starts:
            i = bisect_right(starts, ev.start) - 1
            if i >= 0 and ev.start < ends[i]:
                continue
        kind = ev.kind
        for parts in (places, targets):
            for part in parts:
                text = part.text
                if (kind, text) not in taken_at:
                    taken_at.add((kind, text))
                    shown.setdefault(f"{kind}@{_norm(text)}", f"{kind} at {text}")
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
    # counted in C; the order of the names here matters nowhere
    df = Counter(chain.from_iterable(p.names for p in profiles))
    n = len(profiles)
    limit = max(50, n // 10)
    by_count: dict[int, float] = {}  # a weight per count, not per name: few counts
    for count in set(df.values()):
        by_count[count] = math.log(1 + n / count)
    weights = {name: by_count[count] for name, count in df.items()}
    return weights, frozenset(name for name, count in df.items() if count > limit)


def _best_date(by_date: dict[dt.date, list[tuple[float, _Profile, frozenset[str]]]]
               ) -> tuple[_Profile, float, frozenset[str], int] | None:
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


def _similarity(p: _Profile, other: _Profile, date: dt.date, exact: tuple[dict[str, int], int]
                ) -> tuple[float, frozenset[str]]:
    shared = p.names & other.names  # put in order (``_by_weight``) only if it lends
    # The shared weight over the weight of the union of names.  Each sum is exact, then
    # rounded once (a plain float sum's last bits would follow a set's order, which changes
    # from run to run with string hashing): the same floats as ``math.fsum`` of the
    # weights, which is correctly rounded too.  The union's total is both articles'
    # totals less the shared names counted twice.
    units, unit = exact
    both = sum(map(units.__getitem__, shared))
    total = _total(p, units) + _total(other, units) - both
    score = (both / unit) / (total / unit) if total else 0.0
    # The other article's own weekday and the weekdays both use ("on Sunday ... Monday").
    weekdays = p.weekdays
    if weekdays:  # else nothing to add (and the other's need not be read)
        if WEEKDAYS[date.weekday()] in weekdays:
            score += 0.1
        score += 0.05 * len(weekdays & other.weekdays)
    return score, shared


def _by_weight(names: frozenset[str], weights: dict[str, float]) -> list[str]:
    """Heaviest first, then by name: two sorts, the second stable."""
    ordered = sorted(names)
    ordered.sort(key=weights.__getitem__, reverse=True)
    return ordered


def _exact(weights: dict[str, float]) -> tuple[dict[str, int], int]:
    """Each weight as a whole number of ``unit`` ths: floats are fractions with a power
    of two below, so the largest of those is a unit every weight is a whole number of.
    Sums of these are exact; ``int / int`` rounds correctly."""
    ratios = {w: w.as_integer_ratio() for w in set(weights.values())}  # few values
    unit = max((den for _, den in ratios.values()), default=1)
    units = {w: num * (unit // den) for w, (num, den) in ratios.items()}
    return {name: units[w] for name, w in weights.items()}, unit


def _total(p: _Profile, units: dict[str, int]) -> int:
    if p.total is None:
        p.total = sum(map(units.__getitem__, p.names))
    return p.total


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
