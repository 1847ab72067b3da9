"""Stage 3: give every symbolic Timex a value for one publication date (DCT).

News conventions (see the issue): a bare weekday in a past-tense clause is the
most recent such day on or before the DCT, in a future-tense clause the next
one on or after it; a month without a year takes the year that keeps it on the
right side of the DCT for the tense (the nearest one when the tense says
nothing).  Anchored expressions ("the next day", "two days later") count from
the most recent day-precision date of the discourse, else from the DCT.
Results news: the quarter under discussion is the latest completed quarter the
text mentions; "a year earlier", "the year-ago period" and "compared with $3
million last year" count back from it; "the quarter ended July 31" is the
calendar quarter holding most of those three months.  "overnight" is the night
before the day just reported on; "the day before last Tuesday" is one date.
Everything is pure: the same inputs always give the same values.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import UNRESOLVED, Timex
from .patterns import FUTURE_CUE

_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_PERIOD_VALUE = re.compile(r"^(\d{4})(?:-(Q\d|H\d|\d\d)(?:-(\d\d))?)?$")
_OVER_BEFORE = re.compile(r"\bover\s+$", re.I)
_APPOSITION = re.compile(r"^[\s,—–-]*$")
_MONTH_OR_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)(?:-(\d\d))?$")
_LONG_PERIOD = re.compile(r"P(?:[6-9]M|1Y)")
_MONTH_START = re.compile(r"^\d{4}-\d\d")
_YEAR_START = re.compile(r"^\d{4}")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z\"“]|\n")


def _season_of(month: int) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(month, "FA")


_SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _add_years(d: dt.date, k: int) -> dt.date:
    try:
        return d.replace(year=d.year + k)
    except ValueError:  # 29 February
        return d.replace(year=d.year + k, day=28)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int | None, dct: dt.date, tense: str) -> int:
    """The year for a month(-day) without one, by tense, else the nearest."""
    y = dct.year
    key = (month, day or 0)
    now = (dct.month, dct.day if day else 0)
    # The tense decides, unless it would put the date ~10 months away while the
    # other side of the DCT is within two months (tense cues are noisy).
    weak = tense == "past?"
    if weak:
        tense = "past"
    if tense in ("past", "future"):
        this = _safe_date(y, month, day or 15) or dt.date(y, month, 28)
        if tense == "past":
            cand, alt = (y, y + 1) if this <= dct else (y - 1, y)
        else:
            cand, alt = (y, y - 1) if this >= dct else (y + 1, y)
        cd = _safe_date(cand, month, day or 15) or dt.date(cand, month, 28)
        ad = _safe_date(alt, month, day or 15) or dt.date(alt, month, 28)
        far, near = (200, 100) if weak else (300, 62)
        if not (abs((cd - dct).days) > far and abs((ad - dct).days) < near):
            return cand
    if not tense:
        # no tense cue (often an irregular past verb the cues miss): news mostly looks back,
        # so the latest such month at or before the DCT's, unless the next one is close
        ahead = (month - dct.month) % 12
        if ahead == 0 or ahead > 2:
            return y if month <= dct.month else y - 1
        return y if month > dct.month else y + 1
    # nearest: compare month distance
    cands = []
    for yy in (y - 1, y, y + 1):
        diff = (yy * 12 + month) - (y * 12 + dct.month)
        cands.append((abs(diff), -yy if diff < 0 else yy, yy))
    return min(cands)[2]


def _weekday(wd: int, rel, dct: dt.date, tense: str, base: dt.date | None) -> dt.date:
    delta = wd - dct.isoweekday()
    if isinstance(rel, tuple):  # ("anchor", ±1): "the following Monday"
        b = base or dct
        d2 = wd - b.isoweekday()
        if rel[1] > 0:
            return b + dt.timedelta(days=d2 if d2 > 0 else d2 + 7)
        return b + dt.timedelta(days=d2 if d2 < 0 else d2 - 7)
    if rel == -1:
        return dct + dt.timedelta(days=delta if delta < 0 else delta - 7)
    if rel == 1:
        return dct + dt.timedelta(days=delta if delta > 0 else delta + 7)
    if tense == "future":
        return dct + dt.timedelta(days=delta if delta >= 0 else delta + 7)
    return dct + dt.timedelta(days=delta if delta <= 0 else delta - 7)


def _unit_shift(unit: str, off: float, base: dt.date, ago: bool) -> str:
    n = int(round(off))
    if unit == "Y":
        return f"{base.year + n:04d}"
    if unit == "M":
        y, m = add_months(base.year, base.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "W":
        return iso_week(base + dt.timedelta(weeks=n))
    if unit == "D":
        return (base + dt.timedelta(days=n)).isoformat()
    if unit == "2W":
        return iso_week(base + dt.timedelta(weeks=2 * n))
    if unit == "DE":
        if ago:
            return f"{base.year + 10 * n:04d}"
        return f"{(base.year // 10 + n):03d}X"
    if unit == "CE":
        if ago:
            return f"{base.year + 100 * n:04d}"
        return f"{(base.year // 100 + n):02d}"
    if unit == "Q":
        q = (base.month - 1) // 3 + n
        y = base.year + q // 4
        return f"{y:04d}-Q{q % 4 + 1}"
    return UNRESOLVED


def _shift_value(value: str, years: int) -> str | None:
    m = _PERIOD_VALUE.match(value)
    if not m:
        return None
    y = int(m.group(1)) + years
    rest = value[4:]
    return f"{y:04d}{rest}"


def _quarter(code: str | None, y: int | None, off, latest: bool, dct: dt.date, tense: str,
             ref_q: str | None) -> str:
    cq = (dct.month - 1) // 3 + 1
    if code is None:
        if off is None:
            # "the quarter", "the latest quarter": the last completed one
            return _unit_shift("Q", -1, dct, False)
        return _unit_shift("Q", off, dct, False)
    year = y if y is not None else dct.year
    if y is None:
        num = int(code[1])
        cur = cq if code[0] == "Q" else (1 if cq <= 2 else 2)
        if off == -1:
            year -= 1 if num >= cur else 0
        elif off == 1:
            year += 1 if num <= cur else 0
        elif num > cur and tense != "future" and off is None:
            year -= 1
    return f"{year:04d}-{code}"


def resolve_timexes(text: str, timexes: list[Timex], dct: dt.date | None) -> list[Timex]:
    """Values for ``dct`` (pure). With ``dct`` None only absolute values and
    discourse-anchored ones with an absolute anchor are resolved."""
    out: list[Timex] = []
    last_day: tuple[dt.date, int, int] | None = None  # (date, start, end) of latest day-precision timex
    last_ref: str | None = None  # latest period value for "a year earlier"
    last_q: str | None = None  # latest quarter value for "the quarter"
    last_abs: tuple[int, int, int, int] | None = None  # (year, month, day, start) of an explicit date
    for t in timexes:
        if t.kind == "date" and t.args[0] is None and last_abs and t.tense in ("past", "past?") \
                and last_abs[2] == 0 and _same_sentence(text, last_abs[3], t.start):
            # "failed in December 2015 and resumed in February": in a past-tense narrative a
            # bare month right after an explicit month or year continues from it
            y0, m0, d0, s0 = last_abs
            _, mo, d, suffix = t.args
            year = y0 if (mo, d or 0) >= (m0, d0) else y0 + 1
            value = f"{year:04d}-{mo:02d}" + (f"-{d:02d}" if d else "") + suffix
            anchor = f"timex:{s0}"
        else:
            value, anchor = _resolve_one(text, t, dct, last_day, last_ref, last_q)
        if t.kind == "abs" and t.type == "DATE":
            mm = _MONTH_OR_DAY_VALUE.match(t.value)
            if mm:
                last_abs = (int(mm.group(1)), int(mm.group(2)), int(mm.group(3) or 0), t.start)
        r = t.with_value(value, anchor)
        out.append(r)
        m = _DAY_VALUE.match(value)
        if m and r.type in ("DATE", "TIME"):
            d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                last_day = (d, r.start, r.end)
        if r.type == "DATE" and t.kind not in ("year_ago",) and _PERIOD_VALUE.match(value):
            last_ref = value
            if "-Q" in value and _reported_quarter(value, last_q, dct):
                last_q = value
        elif r.type == "DURATION" and _LONG_PERIOD.fullmatch(value) and last_q \
                and _same_sentence(text, r.start, r.start + 1):
            # "the first nine months", "the year ended ...": results for a longer period
            # are now under discussion, so "a year earlier" means the year before
            last_q = None
    _anchor_clocks(text, out)
    _quarters_ended(text, out)
    return _merge_offsets(text, out)


_ENDED_GAP = re.compile(r"(?i)^\s+(?:that\s+)?(?:ended|ending|ends)\s+(?:on\s+)?$")


def _quarters_ended(text: str, out: list[Timex]) -> None:
    """"the quarter ended July 31": the calendar quarter holding most of the three months
    that end on that day (May-July: the second quarter), not the quarter under discussion."""
    for i in range(len(out) - 1):
        q, d = out[i], out[i + 1]
        if q.kind != "quarter" or q.args[0] is not None or not _ENDED_GAP.match(text[q.end:d.start]):
            continue
        m = _DAY_VALUE.match(d.value)
        end = m and _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if not end:
            continue
        mid = end - dt.timedelta(days=45)
        out[i] = q.with_value(f"{mid.year:04d}-Q{(mid.month - 1) // 3 + 1}", f"timex:{d.start}")


_DAY_BEFORE = re.compile(r"(?i)^(?:the|a|one)\s+day\s+(before|after)$")
_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def _merge_offsets(text: str, out: list[Timex]) -> list[Timex]:
    """"the day before last Tuesday's hearing": a one-day offset right before a date is one
    expression, counted from that date.  ("two days after Christmas" stays two expressions,
    a duration and a date, as in TimeML.)"""
    merged: list[Timex] = []
    i = 0
    while i < len(out):
        a = out[i]
        b = out[i + 1] if i + 1 < len(out) else None
        days = None
        if b is not None and b.type == "DATE" and _FULL_DAY.match(b.value):
            gap = text[a.end:b.start]
            m = _DAY_BEFORE.match(a.text)
            if m and not gap.strip():
                days = -1 if m.group(1).lower() == "before" else 1
        if days is not None:
            base = dt.date.fromisoformat(b.value)
            merged.append(Timex(a.start, b.end, text[a.start:b.end], "DATE",
                                (base + dt.timedelta(days=days)).isoformat(), a.rule + "+" + b.rule,
                                f"timex:{b.start}", "abs", (), b.tense, None))
            i += 2
            continue
        merged.append(a)
        i += 1
    return merged


def _reported_quarter(value: str, last_q: str | None, dct: dt.date | None) -> bool:
    """Does quarter ``value`` become the quarter under discussion?  Results news reports
    the latest completed quarter: "after a flat second quarter", "the year-ago quarter" or
    an outlook for the current quarter do not replace it."""
    if last_q is None or dct is None:
        return True
    current = _unit_shift("Q", 0, dct, False)
    return value < current and (last_q >= current or value > last_q)


def _anchor_clocks(text: str, out: list[Timex]) -> None:
    """A clock time with no day of its own takes the nearest day-level date of its
    sentence, before or after it ("10:35 a.m. (0735 GMT) Friday")."""
    for i, t in enumerate(out):
        if t.kind != "clock" or t.args[2] is not None or t.anchor not in ("dct", None):
            continue
        best = None
        for j in range(i + 1, min(len(out), i + 4)):
            o = out[j]
            if _DAY_VALUE.match(o.value) and _same_sentence(text, t.end, o.start):
                best = o
                break
        if best is not None:
            out[i] = t.with_value(best.value[:10] + t.value[-6:], f"timex:{best.start}")


def _resolve_one(text, t: Timex, dct, last_day, last_ref, last_q) -> tuple[str, str | None]:
    k, a = t.kind, t.args
    if k == "abs":
        return t.value, "none"
    if k == "anchored" and a[0] in ("M", "Y") and last_ref is not None and not last_ref.startswith("P") \
            and (_MONTH_START if a[0] == "M" else _YEAR_START).match(last_ref):
        # "the following month", "later that year": from the month or year under discussion
        unit, off = a[0], a[1]
        y = int(last_ref[:4])
        if unit == "Y":
            return f"{y + int(off):04d}", "discourse"
        yy, mm = add_months(y, int(last_ref[5:7]), int(off))
        return f"{yy:04d}-{mm:02d}", "discourse"
    if k == "anchored":
        unit, off, suffix = a[:3]
        if last_day is not None:
            base, s, e = last_day
            anchor = f"timex:{s}"
            if unit == "D" and _APPOSITION.match(text[e:t.start]) and e <= t.start:
                # "on Sunday, a day after they seized it": the phrase names Sunday itself
                return base.isoformat() + suffix, anchor
        elif dct is not None:
            base, anchor = dct, "dct"
        else:
            return UNRESOLVED, None
        if unit == "WE":
            sat = base + dt.timedelta(days=(6 - base.isoweekday()) % 7)
            return iso_week(sat) + "-WE", anchor
        v = _unit_shift(unit, off, base, False)
        if unit == "D":
            v += suffix
        return v, anchor
    if k == "clock":
        hh, mi, off = a
        tail = f"T{hh:02d}:{mi:02d}"
        if off is not None:
            if dct is None:
                return "XXXX-XX-XX" + tail, None
            return (dct + dt.timedelta(days=off)).isoformat() + tail, "dct"
        if last_day is not None and _same_sentence(text, last_day[1], t.start):
            return last_day[0].isoformat() + tail, f"timex:{last_day[1]}"
        if dct is None:
            return "XXXX-XX-XX" + tail, None
        return dct.isoformat() + tail, "dct"
    if k == "year_period":
        (y,) = a
        if last_q:
            return f"{y:04d}{last_q[4:]}", "discourse"
        return f"{y:04d}", "none"
    if k == "year_ago":
        # "a year earlier" in results news: the period under discussion, one year back
        code = a[0] if a else None
        if last_q is not None and dct is not None:
            if int(last_q[:4]) >= dct.year:
                return _shift_value(last_q, -1) or UNRESOLVED, "discourse"
            return last_q, "discourse"
        if dct is None:
            return UNRESOLVED, None
        if code:
            return f"{dct.year - 1:04d}-{code}", "dct"
        return f"{dct.year - 1:04d}", "dct"
    if k == "ref_period":
        if last_q:
            return last_q, "discourse"
        if dct is None:
            return UNRESOLVED, None
        return _unit_shift("Q", -1, dct, False), "dct"
    if dct is None:
        if k == "date":
            y, mo, d, suffix = a
            return f"XXXX-{mo:02d}" + (f"-{d:02d}" if d else "") + suffix, None
        return UNRESOLVED, None
    tense = "past" if t.tense == "past?" else t.tense
    if k == "date":
        if t.tense == "past?":
            y, mo, d, suffix = a
            year = _year_for(mo, d, dct, "past?")
            return f"{year:04d}-{mo:02d}" + (f"-{d:02d}" if d else "") + suffix, "dct"
        y, mo, d, suffix = a
        year = y if y is not None else _year_for(mo, d, dct, tense)
        return f"{year:04d}-{mo:02d}" + (f"-{d:02d}" if d else "") + suffix, "dct"
    if k == "month_rel":
        mo, rel = a
        y = dct.year
        if rel == -1:
            y = y if mo < dct.month else y - 1
        elif rel == 1:
            y = y if mo > dct.month else y + 1
        return f"{y:04d}-{mo:02d}", "dct"
    if k == "month_year_rel":
        mo, off = a
        return f"{dct.year + off:04d}-{mo:02d}", "dct"
    if k == "weekday":
        wd, rel, suffix = a
        d = _weekday(wd, tuple(rel) if isinstance(rel, list) else rel, dct, tense,
                     last_day[0] if last_day else None)
        return d.isoformat() + suffix, "dct"
    if k == "day_rel":
        off, suffix = a
        if off == "overnight":
            if last_day is not None and 0 <= (dct - last_day[0]).days <= 3 and t.start - last_day[2] < 300:
                # "Friday's trading ... overnight losses in New York": the night before the
                # day just reported on (a recent day, not a background date)
                return (last_day[0] - dt.timedelta(days=1)).isoformat() + suffix, f"timex:{last_day[1]}"
            # "in overnight fighting" in a past-tense report: the night before the DCT
            off = -1 if tense == "past" else 0
        return (dct + dt.timedelta(days=off)).isoformat() + suffix, "dct"
    if k == "unit_rel":
        unit, off, ago = a
        if unit == "Y" and off == -1 and not ago and last_q is not None and _compares(text, t):
            # results news: "compared with a loss of $3 million last year" - the same
            # quarter a year before the one under discussion
            if int(last_q[:4]) >= dct.year:
                return _shift_value(last_q, -1) or UNRESOLVED, "discourse"
        return _unit_shift(unit, off, dct, ago), "dct"
    if k == "season":
        code, y, rel = a
        cur = _season_of(dct.month)
        year = dct.year
        order, cur_order = _SEASON_ORDER[code], _SEASON_ORDER[cur]
        if dct.month == 12:
            cur_order = 4  # December opens the winter that follows this year's fall
        if rel == -1 or (rel is None and tense == "past"):
            strict = rel == -1
            if order > cur_order or (strict and order == cur_order):
                year -= 1
        elif rel == 1 or (rel is None and tense == "future"):
            strict = rel == 1
            if order < cur_order or (strict and order == cur_order):
                year += 1
        return f"{year:04d}-{code}", "dct"
    if k == "quarter":
        code, y, off, latest = a
        if code is None and off == 0 and last_q is not None and tense != "future" \
                and t.text.lower().startswith("this") and last_q < _unit_shift("Q", 0, dct, False):
            # "This quarter's loss includes ...": in a results story, the quarter reported on
            return last_q, "discourse"
        return _quarter(code, y, off, latest, dct, tense, last_q), "dct"
    if k == "quarter_year_rel":
        code, yr = a
        if code is None:
            code = last_q[-2:] if last_q else f"Q{(dct.month - 1) // 3 + 1}"
        return f"{dct.year + yr:04d}-{code}", "dct"
    if k == "nth_weekday":
        mo, wd, nth, rel = a
        def nth_day(y):
            first = dt.date(y, mo, 1)
            return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
        y = dct.year
        if rel == -1 or (rel is None and tense != "future"):
            if nth_day(y) > dct:
                y -= 1
        elif rel == 1 or (rel is None and tense == "future"):
            if nth_day(y) < dct:
                y += 1
        return nth_day(y).isoformat(), "dct"
    if k == "weekend":
        (rel,) = a
        wd = dct.isoweekday()
        tense = t.tense
        if rel is None and _OVER_BEFORE.search(text, max(0, t.start - 8), t.start) \
                and not FUTURE_CUE.search(text, max(0, t.start - 30), t.start):
            # "over the weekend" in a weekday paper is the weekend just gone, unless its own
            # verb is a future one ("talks will continue over the weekend")
            tense = "past"
        if wd >= 6 and rel in (None, 0):
            sat = dct - dt.timedelta(days=wd - 6)
        elif rel == 1 or (rel is None and tense == "future") or rel == 0:
            sat = dct + dt.timedelta(days=6 - wd if wd < 6 else 13 - wd)
        else:
            sat = dct - dt.timedelta(days=wd + 1)
        return iso_week(sat) + "-WE", "dct"
    return UNRESOLVED, None


def _same_sentence(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    return not _SENTENCE_BREAK.search(seg)


_COMPARISON = re.compile(r"\b(?:compared\s+(?:with|to)|from|than|versus|vs\.?|against|period)\b[^.;]{0,60}$", re.I)


_YEAR_LEVEL = re.compile(r"\b(?:this|the|current|fiscal|full)[-\s]+year\b|\bannual", re.I)


def _compares(text: str, t: Timex) -> bool:
    """Is the expression the other side of a comparison ("up from $4 last year",
    "last year's $1.55 billion", "the period last year")?"""
    window = text[max(0, t.start - 70):t.start]
    if _YEAR_LEVEL.search(window):
        return False  # "for this year, up from last year's $3.27": whole years compared
    if text.startswith("'s", t.end) or text.startswith("’s", t.end):
        return True
    return bool(_COMPARISON.search(window))
