"""Publication date of one document from its own text (no metadata, no corpus).

Evidence, strongest first:

1. an explicit full date next to a weekday in the lead or dateline whose weekday
   agrees ("on Monday (12/12/2016)") -> ``text:lead-date+weekday`` (0.95);
   an explicit full date in the dateline -> ``text:dateline-date`` (0.9);
2. the weekday the lead reports on ("said Monday") together with the latest
   date the body refers to (a lower bound: "FROM NOV. 26", "on Saturday") and
   the year -> the first such weekday on or after the bound
   (``text:weekday-after-latest-date``, 0.6-0.75);
3. an explicit full date in a photo caption (captions are often added later:
   weak, 0.3) -> ``text:caption-date``.

The year comes from full dates, from stated years ("since 2012": the year is at
least 2012) and from spans ("the five-year conflict" + "began in 2011" -> 2016).

``date_constraints`` returns the same evidence as a ``DateConstraints`` record so
that a cross-document step can pick the day when the text alone leaves several
possible (e.g. "Monday" + "after Nov. 26" with no year, or several Mondays).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..models import PublishedDate, Segment

from . import fastre
from .model import Timex
from .resolve import resolve_timexes

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_START_YEAR = re.compile(
    r"\b(?:began|begun|started|start\s+of|beginning\s+of|erupted|broke\s+out|outbreak\s+of)\b"
    r"[^.\n]{0,80}?\b((?:19|20)\d\d)\b", re.I)
# (the same, fast: see fastre) and the words one of which every match holds
_START_YEAR_FAST = fastre.compile(_START_YEAR.pattern, _START_YEAR.flags)
_START_YEAR_GAP = fastre.compile(r"\W" + _START_YEAR.pattern[2:], _START_YEAR.flags)
_START_WORDS = ("began", "begun", "start", "beginning", "erupted", "broke", "outbreak")
_CONFLICT_AFTER = re.compile(r"^[\s\w-]{0,25}?\b(?:conflict|war|uprising|crisis|revolution|fighting|insurgency|civil\s+war)\b", re.I)
_CONFLICT_BEFORE = re.compile(r"\b(?:conflict|war|uprising|crisis|revolution|fighting|insurgency)\b[^.\n]{0,25}$", re.I)
_NOT_PUBLISHED = ("caption", "boilerplate")
_LEAD_CHARS = 900
_YEAR_START = re.compile(r"^(\d{4})")
_YEARS_DURATION = re.compile(r"P(\d+)Y")
_ABOUT = re.compile(r"\b(?:nearly|almost|close\s+to|about|around)\b")
_MORE_THAN = re.compile(r"\b(?:more\s+than|over|at\s+least)\b")
_WEEKDAY_WORD = re.compile(r"[A-Z][a-z]+day")


@dataclass(slots=True)
class DateConstraints:
    """What the text says about its own publication date.

    - ``explicit``: full dates that may be the publication date, each
      ``(iso, where, confidence, evidence)``; where = lead / dateline / caption / body.
    - ``weekday``: ISO weekday (1 = Monday) the lead reports on ("said Monday"),
      with ``weekday_evidence``; the publication day is that weekday or, rarely,
      the day after.
    - ``lower_bound``: the latest day the body refers to in past tense (ISO,
      may be ``XXXX-MM-DD`` when the year is unknown), with ``lower_bound_evidence``.
    - ``year_min`` / ``year_max``: the year range the text allows (None = open).
    - ``year``: the year picked from that range, when there is one.
    """

    explicit: list[tuple[str, str, float, str]] = field(default_factory=list)
    weekday: int | None = None
    weekday_evidence: str = ""
    lower_bound: str | None = None
    lower_bound_evidence: str = ""
    year_min: int | None = None
    year_max: int | None = None
    year: int | None = None
    year_evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "explicit": [list(e) for e in self.explicit],
            "weekday": self.weekday,
            "weekday_evidence": self.weekday_evidence,
            "lower_bound": self.lower_bound,
            "lower_bound_evidence": self.lower_bound_evidence,
            "year_min": self.year_min,
            "year_max": self.year_max,
            "year": self.year,
            "year_evidence": list(self.year_evidence),
        }

    def candidates(self, *, horizon_days: int = 60) -> list[dt.date]:
        """Days consistent with the weekday, the lower bound and the year range
        (within ``horizon_days`` after the bound), earliest first."""
        lb = _as_date(self.lower_bound) if self.lower_bound else None
        years: list[int]
        if lb is not None:
            start = lb
        elif self.year is not None:
            start = dt.date(self.year, 1, 1)
            horizon_days = 366
        else:
            return []
        out = []
        for k in range(horizon_days + 1):
            d = start + dt.timedelta(days=k)
            if self.weekday and d.isoweekday() != self.weekday:
                continue
            if self.year_max is not None and d.year > self.year_max:
                break
            if self.year_min is not None and d.year < self.year_min:
                continue
            out.append(d)
        return out


def _as_date(v: str | None) -> dt.date | None:
    m = _DAY.match(v or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _label_at(segments: list[Segment], pos: int) -> str:
    for s in segments:
        if s.start <= pos < s.end:
            return s.label
    return "body"


def _labels_at(segments: list[Segment], positions: list[int]) -> list[str]:
    """``_label_at`` for each position; by bisection when the segments are in order and do
    not overlap (as ``clean`` gives them), so that at most one holds a position."""
    for a, b in zip(segments, segments[1:]):
        if not (a.start <= a.end <= b.start <= b.end):
            return [_label_at(segments, p) for p in positions]
    starts = [s.start for s in segments]
    out = []
    for p in positions:
        i = bisect_right(starts, p) - 1
        out.append(segments[i].label if i >= 0 and p < segments[i].end else "body")
    return out


def _lead_end(text: str, segments: list[Segment]) -> int:
    body = [s for s in segments if s.label == "body"]
    start = body[0].start if body else 0
    return min(len(text), start + _LEAD_CHARS)


def date_constraints(text: str, segments: list[Segment], timexes: list[Timex]) -> DateConstraints:
    """Everything the text says about its publication date (see ``DateConstraints``)."""
    if not segments:
        # the cleaning stage knows captions, credits and furniture: ask it
        from aleppo_cli.clean import clean

        segments = clean(text).segments
    c = DateConstraints()
    lead_end = _lead_end(text, segments)
    # absolute values only: resolve without a publication date
    absolute = resolve_timexes(text, timexes, None)
    labels = _labels_at(segments, [t.start for t in absolute])

    _years(text, absolute, labels, c)
    _explicit(text, absolute, labels, lead_end, c)

    # the weekday of the news: the first bare weekday of the lead, outside captions
    for t, lab in zip(absolute, labels):
        if t.start >= lead_end:
            break
        if t.kind == "weekday" and lab in ("body", "dateline", "title") and t.args[1] is None:
            c.weekday = t.args[0]
            c.weekday_evidence = f"lead weekday {t.text!r} at {t.start}"
            break

    # the latest past day the body refers to: a lower bound
    best: tuple[tuple[int, int, int], str, str] | None = None
    for t, lab in zip(absolute, labels):
        if lab in _NOT_PUBLISHED or t.tense == "future":
            continue
        key = None
        if t.kind == "abs":
            m = _DAY.match(t.value[:10])
            if m and t.type in ("DATE", "TIME"):
                key = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif t.kind == "date" and t.args[2] is not None:
            y = c.year if c.year is not None else 0
            key = (y, t.args[1], t.args[2])
        if key and (best is None or key > best[0]):
            best = (key, t.text, f"{lab} {t.text!r} at {t.start}")
    if best:
        y, mo, d = best[0]
        c.lower_bound = f"{y:04d}-{mo:02d}-{d:02d}" if y else f"XXXX-{mo:02d}-{d:02d}"
        c.lower_bound_evidence = best[2]
    return c


def _years(text: str, absolute: list[Timex], labels: list[str], c: DateConstraints) -> None:
    stated = []
    for t, lab in zip(absolute, labels):
        if lab in _NOT_PUBLISHED or t.tense == "future" or t.kind != "abs":
            continue
        m = _YEAR_START.match(t.value)
        if m and t.type == "DATE":
            stated.append((int(m.group(1)), t.text))
    if stated:
        y, txt = max(stated)
        c.year_min = y
        c.year_evidence.append(f"year >= {y} (stated {txt!r})")
    # spans: "began in 2011" + "the five-year conflict" -> 2011 + 5
    starts = [int(m.group(1)) for m in _start_years(text)]
    if not starts:
        return
    s0 = min(starts)
    lo_hi: list[tuple[int, int, str]] = []
    for t in absolute:
        m = _YEARS_DURATION.fullmatch(t.value)
        if not m or t.type != "DURATION":
            continue
        after = text[t.end:t.end + 40]
        before = text[max(0, t.start - 40):t.start]
        if not (_CONFLICT_AFTER.match(after) or _CONFLICT_BEFORE.search(before)):
            continue
        n = int(m.group(1))
        approx = t.text.lower()
        if _ABOUT.search(approx):
            lo, hi = s0 + n - 1, s0 + n
        elif _MORE_THAN.search(approx):
            lo, hi = s0 + n, s0 + n + 1
        else:
            lo, hi = s0 + n, s0 + n + 1
        lo_hi.append((lo, hi, f"{t.text!r} since {s0}"))
    if lo_hi:
        lo = max(x[0] for x in lo_hi)
        hi = min(x[1] for x in lo_hi)
        if lo <= hi:
            c.year_min = max(c.year_min or lo, lo)
            c.year_max = hi
            c.year_evidence.append(f"year in {lo}..{hi} ({'; '.join(x[2] for x in lo_hi)})")
    if c.year_min is not None and c.year_max is not None and c.year_min <= c.year_max:
        c.year = c.year_min


def _start_years(text: str):
    """The matches of ``_START_YEAR.finditer(text)``."""
    # Lower case answers "is one of the words here" as re.I would, unless the text has a
    # character that the regex engine folds to an ASCII letter and lower() does not
    if not any(c in text for c in "\u0130\u0131\u017f"):
        low = text.lower()
        if not any(w in low for w in _START_WORDS):
            return ()
    return fastre.finditer_after_gap(_START_YEAR_FAST, _START_YEAR_GAP, text)


def _explicit(text, absolute, labels, lead_end, c: DateConstraints) -> None:
    for i, (t, lab) in enumerate(zip(absolute, labels)):
        if t.kind != "abs" or t.type not in ("DATE", "TIME"):
            continue
        d = _as_date(t.value[:10])
        if d is None:
            continue
        conf, where = 0.3, lab
        ev = f"{lab} {t.text!r} at {t.start}"
        if lab == "caption":
            conf = 0.3
        elif lab == "dateline":
            conf = 0.9
        elif t.start < lead_end and lab in ("body", "title", "byline"):
            where = "lead"
            conf = 0.6
            # "on Monday (12/12/2016)": a weekday right next to it that agrees
            for j in (i - 1, i + 1):
                if 0 <= j < len(absolute):
                    o = absolute[j]
                    gap = text[min(o.end, t.end):max(o.start, t.start)]
                    if o.kind == "weekday" and len(gap) <= 4 and o.args[0] == d.isoweekday():
                        conf = 0.95
                        ev += f" next to {o.text!r}"
                    elif "weekday" in t.rule or (t.rule in ("month_day", "day_month") and
                                                 _WEEKDAY_WORD.match(t.text)):
                        conf = 0.95 if _WEEKDAY_NAMES[d.weekday()] in t.text else conf
        elif lab == "body":
            continue  # a full date deep in the body is an event date, not the publication date
        c.explicit.append((d.isoformat(), where, conf, ev))
        if c.year is None and where != "caption":
            pass
    c.explicit.sort(key=lambda e: -e[2])


def infer_published(text: str, segments: list[Segment], timexes: list[Timex],
                    constraints: DateConstraints | None = None) -> PublishedDate:
    """The publication date from the text alone; evidence strings name every clue used.

    The last evidence line is ``constraints: {...}`` (``DateConstraints.to_dict()``)
    for the cross-document step; ``date_constraints`` returns the same as an object
    (pass it as ``constraints`` when you have it already).
    """
    c = constraints or date_constraints(text, segments, timexes)
    ev: list[str] = []
    lb = _as_date(c.lower_bound)
    for iso, where, conf, e in c.explicit:
        if where == "caption":
            continue
        d = _as_date(iso)
        if conf >= 0.6 and (lb is None or d >= lb):
            ev.append(f"explicit date {iso}: {e}")
            return _done(iso, f"text:{where}-date" + ("+weekday" if conf >= 0.95 else ""), conf, ev, c)
    if c.weekday_evidence:
        ev.append(f"weekday {_WEEKDAY_NAMES[c.weekday - 1]}: {c.weekday_evidence}")
    if c.lower_bound:
        ev.append(f"lower bound {c.lower_bound}: {c.lower_bound_evidence}")
    ev.extend(c.year_evidence)
    if lb is not None and c.weekday:
        cands = c.candidates(horizon_days=6)
        if cands:
            d = cands[0]
            ev.append(f"first {_WEEKDAY_NAMES[c.weekday - 1]} on or after {lb.isoformat()}")
            return _done(d.isoformat(), "text:weekday-after-latest-date", 0.75, ev, c)
    # Weaker clues give only a year, so that the cross-document step can still pick the day.
    caps = [e for e in c.explicit if e[1] == "caption"]
    if caps:
        ev.append(f"caption date {caps[0][0]} (weak: captions are often added later): {caps[0][3]}")
        cap_year = int(caps[0][0][:4])
        if (c.year_min is None or cap_year >= c.year_min) and (c.year_max is None or cap_year <= c.year_max):
            return _done(f"{cap_year:04d}", "text:caption-year", 0.3, ev, c, precision="year")
    if lb is not None:
        return _done(f"{lb.year:04d}", "text:latest-date-year", 0.35, ev, c, precision="year")
    if c.year is not None:
        return _done(f"{c.year:04d}", "text:year", 0.3, ev, c, precision="year")
    ev.append("constraints: " + repr(c.to_dict()))
    return PublishedDate(None, None, "unknown", 0.0, ev)


def _done(value: str, method: str, conf: float, ev: list[str], c: DateConstraints,
          precision: str = "day") -> PublishedDate:
    ev = ev + ["constraints: " + repr(c.to_dict())]
    return PublishedDate(value, precision, method, conf, ev)
