"""Publication dates that need the rest of the corpus.

An article that never states its date usually reports the same happenings as
another article that does: the same places and actors, the same weekday words
("on Monday", "on Sunday").  For each document without a day-precision date,
the dated document with the largest overlap of names and weekday words lends
its date, when that date is compatible with what the document itself says:
not before the latest absolute date its body refers to, and inside the month
or year the text alone gave.  Dates lent this way can lend again (an article
dated from another dates a third), with lower confidence each step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aleppo_cli.models import DocRecord, PublishedDate

# Below this overlap two articles are not taken to report the same happenings.
MIN_SIMILARITY = 0.2
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_IGNORED_SEGMENTS = {"caption", "boilerplate", "related", "byline"}
_NAME_TYPES = {"PERSON", "ORG", "LOC", "NORP", "MISC"}


@dataclass(slots=True)
class _Profile:
    record: DocRecord
    names: frozenset[str]
    weekdays: frozenset[str]
    lower_bound: dt.date | None


def infer_from_corpus(records: Sequence[DocRecord]) -> None:
    """Give day-precision dates to undated records from similar dated ones (in place)."""
    profiles = [_profile(r) for r in records]
    dated = [p for p in profiles if _day(p.record.published)]
    pending = [p for p in profiles if not _day(p.record.published)]
    step = 0
    while pending and dated:
        step += 1
        lent = []
        for p in pending:
            best = _best_match(p, dated)
            if best:
                lent.append((p, best))
        if not lent:
            break
        for p, (other, score, shared) in lent:
            p.record.published = _lent_date(p.record.published, other, score, shared, step)
        newly = {id(p) for p, _ in lent}
        dated.extend(p for p in pending if id(p) in newly)
        pending = [p for p in pending if id(p) not in newly]


def _profile(rec: DocRecord) -> _Profile:
    ignored = [(s.start, s.end) for s in rec.segments if s.label in _IGNORED_SEGMENTS]

    def kept(start: int) -> bool:
        return not any(a <= start < b for a, b in ignored)

    names = frozenset(
        _norm(m.text) for m in rec.entities
        if getattr(m, "type", None) in _NAME_TYPES and kept(m.start)
    )
    weekdays = frozenset(m.group(1).lower() for m in _WEEKDAY_RE.finditer(rec.text) if kept(m.start()))
    bound = None
    for t in rec.timexes:
        if kept(t.start) and getattr(t, "type", "") == "DATE":
            day = _iso_day(getattr(t, "value", ""))
            if day and getattr(t, "anchor", None) in ("none", None) and (bound is None or day > bound):
                bound = day
    return _Profile(rec, names, weekdays, bound)


def _norm(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name).strip().lower()


def _iso_day(value: str | None) -> dt.date | None:
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day(pub: PublishedDate) -> dt.date | None:
    return _iso_day(pub.value) if pub.value and pub.precision == "day" else None


def _best_match(p: _Profile, dated: list[_Profile]) -> tuple[_Profile, float, list[str]] | None:
    best = None
    for other in dated:
        date = _day(other.record.published)
        if date is None or not _compatible(p, date):
            continue
        score, shared = _similarity(p, other, date)
        if score >= MIN_SIMILARITY and (best is None or score > best[1]):
            best = (other, score, shared)
    return best


def _compatible(p: _Profile, date: dt.date) -> bool:
    if p.lower_bound and date < p.lower_bound:
        return False
    own = p.record.published
    if own.value and own.precision in ("month", "year"):
        return date.isoformat().startswith(own.value)
    return True


def _similarity(p: _Profile, other: _Profile, date: dt.date) -> tuple[float, list[str]]:
    shared = sorted(p.names & other.names)
    union = p.names | other.names
    score = len(shared) / len(union) if union else 0.0
    # The other article's own weekday and the weekdays both use ("on Sunday ... Monday").
    weekday = WEEKDAYS[date.weekday()]
    if weekday in p.weekdays:
        score += 0.1
    common_days = p.weekdays & other.weekdays
    score += 0.05 * len(common_days)
    return score, shared


def _lent_date(own: PublishedDate, other: _Profile, score: float, shared: list[str],
               step: int) -> PublishedDate:
    date = _day(other.record.published)
    confidence = round(min(0.9, score) * other.record.published.confidence * (0.9 ** (step - 1)), 2)
    evidence = list(own.evidence) + [
        f"reports the same happenings as {other.record.id} (dated {date.isoformat()} by "
        f"{other.record.published.method}); overlap {score:.2f}: {', '.join(shared[:8])}"
    ]
    return PublishedDate(date.isoformat(), "day", "corpus:same-events", confidence, evidence)
