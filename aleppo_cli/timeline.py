"""Timeline queries over merged events, and the ranking of dates for ``aleppo dates``.

``filter_timeline`` keeps the merged events a query asks for, in date order
(month- and year-precision events sit at the start of their period, before the
days inside it).  ``rank_dates`` scores the days a corpus says most about.

How days are ranked (``rank_dates``).  Two views of a day are fused by
reciprocal rank:

* salience: the documents that report or refer back to the day (a resolved
  day-precision time expression), each weighted by how long after the day it
  was published, plus how many documents date the day's most reported merged
  event by its own clause or sentence (one big happening says more than many
  small ones);
* relative salience: the weighted references divided by a power of the number of
  documents published on or after the day - the share of the coverage that
  could mention the day and does.  Without it, the busiest weeks of a story
  fill the whole ranking and a late turning point, covered by few articles,
  never shows.

A reference weighs log2(2 + days between the day and the referring document's
publication, counted up to a month): 1 for the day's own reporting ("on Monday"
in Monday's paper), 1.6 the next day, 2.3 three days on, 3.2 a week on, 5 a
month or more on.  The day-after news cycle ("on Monday" in
Tuesday's paper) follows every day of a busy story; an article that still
names the day weeks later says the day mattered (the date-reference signal of
the timeline-summarisation literature, Tran et al. 2013; Ghalandari & Ifrim
2020, whose date ranker counts references from before and after).  The
logarithm keeps one late retrospective from outweighing many reports (a
reference a week on is worth two next-day ones); the month cap keeps
background dates years back ("since the 1969 coup") from swamping the story's
days.  On the t17-libya dev set this took the mean date F1 from 0.537 to 0.555,
and over 100 settings of the other ranking parameters it beat plain counts in
82 (mean +0.023; caps from 30 to 365 days and log2(1 + gap) behave alike).
Linear or square-root growth did worse.  Counting the day's own reporting
(weight 1; it was left out before) is nearly neutral on t17-libya (0.555 ->
0.577 at the default settings, but over the 100 settings only +0.005 on average,
better in 59, worse in 33): it is kept because without it a day the coverage
ends on (the last day of a collection, the day of a fall reported by every
paper that morning) can never rank, and it is the same rule at gap 0.

Furniture is not evidence: a date in the same words and context in at least
three documents published more than a week apart (a widget, a standing
caption), a posting timestamp ("July 1, 2011 at 7:11 pm"), and dates after the
document's publication day (a future plan is not a timeline day) are skipped.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

if TYPE_CHECKING:
    from aleppo_cli.merge import MergedEvent

# The event and merge stages are imported where they are used (name matching, date
# ranking): a cached `aleppo timeline` needs neither's regexes and word lists.

_PRECISION_ORDER = {"year": 0, "season": 1, "month": 2, "week": 3, "day": 4}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP_AFTER = re.compile(r"^,?\s*(?:at\s+)?\d{1,2}:\d{2}")
_HAS_YEAR = re.compile(r"\d{4}\s*$")

# ranking parameters (see the module docstring)
RELATIVE_POWER = 1.0
FUSION_K = 20
RELATIVE_WEIGHT = 1.25
FURNITURE_MIN_DOCS = 3
REFERENCE_GAP_CAP_DAYS = 30  # a reference a month on or later is a retrospective
FURNITURE_MIN_SPREAD_DAYS = 7
CONTEXT_CHARS = 25
# Segments whose dates are not evidence about the story's days.
NOT_EVIDENCE = frozenset({"caption", "related", "boilerplate", "byline"})


# --------------------------------------------------------------------------- periods


def period_bounds(value: str) -> tuple[_date, _date] | None:
    """First and last day of a timeline date: day, ISO week, month, season or year."""
    try:
        if _DAY.match(value):
            d = _date.fromisoformat(value)
            return d, d
        if re.match(r"^\d{4}-W\d{2}$", value):
            start = _date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return start, start + timedelta(days=6)
        if re.match(r"^\d{4}-\d{2}$", value):
            y, m = int(value[:4]), int(value[5:7])
            nxt = _date(y + (m == 12), m % 12 + 1, 1)
            return _date(y, m, 1), nxt - timedelta(days=1)
        season = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
        if season:
            y = int(season.group(1))
            first = {"SP": (3, 1), "SU": (6, 1), "FA": (9, 1), "WI": (12, 1)}[season.group(2)]
            start = _date(y, *first)
            end = {"SP": _date(y, 5, 31), "SU": _date(y, 8, 31), "FA": _date(y, 11, 30),
                   "WI": _date(y + 1, 3, 1) - timedelta(days=1)}[season.group(2)]
            return start, end
        if re.match(r"^\d{4}$", value):
            y = int(value)
            return _date(y, 1, 1), _date(y, 12, 31)
    except ValueError:
        return None
    return None


def timeline_key(m: MergedEvent) -> tuple:
    """Chronological order: by first day, coarser periods before the days inside them."""
    bounds = period_bounds(m.date)
    start = bounds[0] if bounds else _date.max
    return (start, _PRECISION_ORDER.get(m.precision, 5), m.date, -m.independent_source_count, m.id)


def _parse_bound(value: str | None, *, end: bool) -> _date | None:
    if not value:
        return None
    bounds = period_bounds(value)
    if bounds is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return bounds[1] if end else bounds[0]


# --------------------------------------------------------------------------- filters


def _name_matches(query: str, rows: Iterable[dict[str, Any]]) -> bool:
    from aleppo_cli.events import normalise_name
    from aleppo_cli.merge import similar_names

    q = normalise_name(query)
    if not q:
        return False
    for r in rows:
        key = str(r.get("key") or "")
        if r.get("entity") and str(r["entity"]).lower() == query.lower():
            return True
        name = normalise_name(str(r.get("text") or ""))
        if q == key or q == name or (len(q) >= 4 and (q in name or q in key)) or similar_names(q, name):
            return True
    return False


def importance_key(m: MergedEvent) -> tuple:
    """Most important first: independent sources, then mentions, then confidence."""
    return (-m.independent_source_count, -m.mentions, -m.confidence, m.id)


def filter_timeline(events: Sequence[MergedEvent], *, top: int | None = None,
                    **filters: Any) -> list[MergedEvent]:
    """The merged events a timeline query asks for, in chronological order.

    ``entity`` and ``place`` match a participant or place by entity id, name or
    spelling variant; ``source`` is a document id or an outlet; ``min_sources`` counts
    documents; ``top`` keeps the N most important (independent sources, then
    mentions) and returns them in date order.  Events known only from captions
    and related-links are left out unless ``include_captions``.
    """
    return pick_events(events, top=top, **filters)[0]


def pick_events(events: Iterable[MergedEvent], *, top: int | None = None, ranked: bool = False,
                **filters: Any) -> tuple[list[MergedEvent], bool]:
    """``filter_timeline``, and whether ``top`` left any matching event out.

    With ``ranked`` the events arrive most important first (``importance_key``), so
    reading stops at the first match past ``top``: a large stored corpus need not be
    read whole to show its top events.
    """
    keep = event_filter(**filters)
    if top is not None and ranked:
        out: list[MergedEvent] = []
        more = False
        for m in events:
            if keep(m):
                if len(out) == top:
                    more = True
                    break
                out.append(m)
    else:
        out = [m for m in events if keep(m)]
        more = top is not None and len(out) > top
        if top is not None:
            out.sort(key=importance_key)
            out = out[:top]
    out.sort(key=timeline_key)
    return out, more


def event_filter(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    place: str | None = None,
    cls: str | None = None,
    source: str | None = None,
    min_sources: int = 1,
    include_captions: bool = False,
) -> Callable[[MergedEvent], bool]:
    """The test a merged event must pass to be in the timeline (see ``filter_timeline``)."""
    lo = _parse_bound(date_from, end=False)
    hi = _parse_bound(date_to, end=True)

    def keep(m: MergedEvent) -> bool:
        if not include_captions and m.caption_only:
            return False
        bounds = period_bounds(m.date)
        if bounds is None:
            return False
        if (lo and bounds[1] < lo) or (hi and bounds[0] > hi):
            return False
        if cls and m.cls.lower() != cls.lower():
            return False
        if source and not any(s.doc_id == source or (s.outlet or "").lower() == source.lower()
                              for s in m.sources):
            return False
        if m.source_count < min_sources:
            return False
        if entity and not _name_matches(entity, list(m.participants) + list(m.places)):
            return False
        return not place or _name_matches(place, m.places)

    return keep


# --------------------------------------------------------------------------- dates


@dataclass(slots=True)
class DocDates:
    """What ranking needs from one document."""

    doc_id: str
    published: str | None
    text: str
    timexes: Sequence[Any]
    segments: Sequence[Any] = ()  # labelled segments; dates in captions and furniture are skipped


def _as_doc(d: Any) -> DocDates:
    if isinstance(d, DocDates):
        return d
    if isinstance(d, (tuple, list)):
        return DocDates(*d)
    published = getattr(d, "published", None)
    if published is not None and not isinstance(published, str):
        # a PublishedDate: only a day-precision date places the document in time
        published = published.value if getattr(published, "precision", "day") == "day" else None
    return DocDates(d.id, published, d.text, getattr(d, "timexes", ()), getattr(d, "segments", ()))


def _context(text: str, t: Any) -> tuple[str, str, str]:
    return (t.text.lower(), text[max(0, t.start - CONTEXT_CHARS):t.start].lower(),
            text[t.end:t.end + CONTEXT_CHARS].lower())


def furniture_contexts(docs: Sequence[DocDates]) -> set[tuple[str, str, str]]:
    """Date mentions in identical context across documents published far apart (widgets)."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for d in docs:
        if not d.published:
            continue
        for t in d.timexes:
            if t.type in ("DATE", "TIME"):
                seen[_context(d.text, t)].add(d.published[:10])
    out = set()
    for key, pubs in seen.items():
        if len(pubs) >= FURNITURE_MIN_DOCS:
            first, last = _date.fromisoformat(min(pubs)), _date.fromisoformat(max(pubs))
            if (last - first).days > FURNITURE_MIN_SPREAD_DAYS:
                out.add(key)
    return out


def _is_timestamp(text: str, t: Any) -> bool:
    """'July 1, 2011 at 7:11 pm': a full date with a clock time is a posting stamp."""
    return bool(_HAS_YEAR.search(t.text)) and bool(_TIMESTAMP_AFTER.match(text[t.end:t.end + 14]))


def date_references(docs: Sequence[Any]) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """(day -> documents referring back to it, day -> documents naming their own publication
    day ("on Monday" in Monday's paper), day -> documents published on it)."""
    from aleppo_cli.events import date_of_value

    ds = [_as_doc(d) for d in docs]
    furniture = furniture_contexts(ds)
    refs: dict[str, set[str]] = defaultdict(set)
    same_day: dict[str, set[str]] = defaultdict(set)
    published: dict[str, set[str]] = defaultdict(set)
    for d in ds:
        pub = d.published[:10] if d.published else None
        if pub:
            published[pub].add(d.doc_id)
        skip = [(s.start, s.end) for s in d.segments if s.label in NOT_EVIDENCE]
        for t in d.timexes:
            if t.type not in ("DATE", "TIME"):
                continue
            if skip and any(a <= t.start < b for a, b in skip):
                continue  # captions are often added later; related links point at other stories
            got = date_of_value(t.value)
            if not got or got[1] != "day":
                continue
            day = got[0]
            if pub and day > pub:
                continue  # later days are plans, not what happened
            if _is_timestamp(d.text, t) or _context(d.text, t) in furniture:
                continue
            (same_day if day == pub else refs)[day].add(d.doc_id)
    return refs, same_day, published


def rank_dates(
    events: Sequence[MergedEvent],
    docs: Sequence[Any] = (),
    *,
    top: int | None = None,
    include_captions: bool = False,
) -> list[dict[str, Any]]:
    """Days ranked by what the corpus says about them, best first; then months and years.

    ``docs``: (doc_id, published, text, timexes) per document (or objects with
    ``id``, ``published`` (a string or a PublishedDate), ``text``, ``timexes``,
    such as ``DocRecord``), for the references and the
    publication volume; without them only the events count.  Each row:
    {"date", "precision", "score", "events", "sources"}, and for days also
    "references" (other days' documents referring back), "same_day" (documents
    reporting their own publication day) and "published"; day rows come first.
    """
    refs, same_day, published = date_references(docs) if docs else ({}, {}, {})
    event_docs: dict[str, set[str]] = defaultdict(set)
    biggest: dict[str, int] = defaultdict(int)  # documents dating the day's most reported event
    event_count: dict[str, int] = defaultdict(int)
    coarse: dict[tuple[str, str], list[MergedEvent]] = defaultdict(list)
    for m in events:
        if not include_captions and m.caption_only:
            continue
        if m.precision != "day":
            coarse[(m.date, m.precision)].append(m)
            continue
        event_count[m.date] += 1
        dating = {s.doc_id for s in m.sources if s.event.time_source != "published"}
        event_docs[m.date] |= dating
        biggest[m.date] = max(biggest[m.date], len(dating))
    days = {d for d in set(refs) | set(same_day) | set(event_docs) | set(event_count) if _DAY.match(d)}
    if not days:
        return _coarse_rows(coarse)
    pub_days = sorted(day for day, ids in published.items() for _ in ids)

    def later_docs(day: str) -> int:
        return len(pub_days) - bisect.bisect_left(pub_days, day)

    reporting = {d: refs.get(d, set()) | same_day.get(d, set()) for d in set(refs) | set(same_day)}
    weight = reference_weights(reporting, published)
    salience = {d: weight.get(d, 0.0) + biggest.get(d, 0) for d in days}
    relative = {d: weight.get(d, 0.0) / (1 + later_docs(d)) ** RELATIVE_POWER for d in days}
    rank_a = _ranks(salience)
    rank_b = _ranks(relative)
    rows = []
    for d in days:
        score = 1.0 / (FUSION_K + rank_a[d]) + RELATIVE_WEIGHT / (FUSION_K + rank_b[d])
        sources = reporting.get(d, set()) | event_docs.get(d, set())
        rows.append({"date": d, "precision": "day", "score": round(score * 1000, 3),
                     "events": event_count.get(d, 0), "sources": len(sources),
                     "references": len(refs.get(d, ())), "same_day": len(same_day.get(d, ())),
                     "published": len(published.get(d, ()))})
    rows.sort(key=lambda r: (-r["score"], -r["sources"], r["date"]))
    if top is not None:
        rows = rows[:top]
    return rows + _coarse_rows(coarse)


def reference_weights(refs: dict[str, set[str]], published: dict[str, set[str]]) -> dict[str, float]:
    """day -> sum over the documents reporting or referring back to it of log2(2 + days from the
    day to the document's publication, at most a month); a document without a publication day
    counts as the next day's."""
    pub_of = {doc: day for day, ids in published.items() for doc in ids}
    out: dict[str, float] = {}
    for day, ids in refs.items():
        try:
            ordinal = _date.fromisoformat(day).toordinal()
        except ValueError:
            continue
        total = 0.0
        for doc in ids:
            pub = pub_of.get(doc)
            gap = _date.fromisoformat(pub).toordinal() - ordinal if pub else 1  # 0: the day's own report
            total += math.log2(2 + min(max(gap, 0), REFERENCE_GAP_CAP_DAYS))
        out[day] = total
    return out


def _ranks(scores: dict[str, float]) -> dict[str, int]:
    ordered = sorted(scores, key=lambda d: (-scores[d], d))
    return {d: i for i, d in enumerate(ordered)}


def _coarse_rows(coarse: dict[tuple[str, str], list[MergedEvent]]) -> list[dict[str, Any]]:
    rows = []
    for (value, precision), ms in coarse.items():
        sources = {s.doc_id for m in ms for s in m.sources}
        rows.append({"date": value, "precision": precision, "score": float(len(sources)),
                     "events": len(ms), "sources": len(sources)})
    rows.sort(key=lambda r: (-r["score"], r["date"]))
    return rows


def events_on(events: Sequence[MergedEvent], value: str) -> list[MergedEvent]:
    """Merged events whose date lies inside the period ``value`` (or contains it)."""
    from aleppo_cli.merge import date_contains

    return [m for m in events if date_contains(value, m.date) or date_contains(m.date, value)]


__all__ = ["filter_timeline", "pick_events", "event_filter", "importance_key", "rank_dates", "period_bounds", "timeline_key", "date_references",
           "reference_weights",
           "furniture_contexts", "events_on", "DocDates"]
