"""Stage 2: turn a regex match into a symbolic Timex (no publication date needed).

Absolute expressions get their final value here (kind ``abs``); relative ones
get a kind and args that ``resolve.py`` turns into a value for a given date:

=============  ==========================================  ==========================
kind           args                                        example
=============  ==========================================  ==========================
date           (year|None, month, day|None, suffix)        "Nov. 26", "December"
month_rel      (month, rel -1/0/+1)                        "last April"
weekday        (iso weekday, rel None/-1/0/+1, suffix)     "early Monday morning"
day_rel        (offset days, suffix)                       "yesterday", "tonight"
unit_rel       (unit Y/M/W/D/Q/DE/WE, offset, vague)       "last week", "two days ago"
season         (code, year|None, rel|None)                 "last fall", "this summer"
quarter        (q "Q1".."Q4"/"H1"/"H2"/None, year, rel)    "the third quarter"
year_ago       ()                                          "a year earlier"
anchored       (unit, offset, suffix)                      "the next day", "a day after"
clock          (hh, mm, day offset|None)                   "10 p.m."
weekend        (rel)                                       "the weekend"
=============  ==========================================  ==========================
"""

from __future__ import annotations

import re

from . import words as W
from .model import UNRESOLVED, Timex

_TIME_UNITS = {"H", "S"}
_PART_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_REL = {"last": -1, "this past": -1, "previous": -1, "prior": -1, "past": -1, "this": 0,
        "current": 0, "same": 0, "next": 1, "this coming": 1, "coming": 1, "following": 1, "that": 0}
_MODS = {"early": "START", "late": "END", "mid": "MID", "the end of": "END", "the start of": "START",
         "the beginning of": "START", "the middle of": "MID", "earlier": None, "later": None}
_SET_ADV = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "quarterly": "P3M", "hourly": "PT1H", "nightly": "XXXX-XX-XXTNI", "biweekly": "P2W",
            "semiannually": "P6M"}
_UNIT_PERIOD = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}
_SPACES = re.compile(r"\s+")
_CLOCK_TEXT = re.compile(r"(\d{1,2})(?::(\d\d))?\s*([ap])")
_DIGIT_OR_ONE = re.compile(r"\d|one\b")
_DIGITS = re.compile(r"\d+")
_DIGITS_START = re.compile(r"(\d+)")
# "May" and "March" are common English words; bare, they must follow one of these.
_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|from|through|during|last|this|next|early|late|mid|before|after|"
    r"between|and|or|to|until|throughout|on|for|end|start|beginning|middle)\s+|mid-|,\s*)$",
    re.I,
)


def _norm(s: str | None) -> str:
    return _SPACES.sub(" ", s.strip().lower()) if s else ""


def _month(s: str) -> int:
    return W.months()[s.lower().rstrip(".")]


def _year(s: str | None) -> int | None:
    return int(s) if s else None


def _mk(m: re.Match, text: str, rule: str, type_: str, kind: str, args: tuple = (),
        value: str = UNRESOLVED, mod: str | None = None, start: int | None = None) -> Timex:
    s = m.start() if start is None else start
    e = m.end()
    # never end a span on whitespace or a comma picked up by an optional group
    while e > s and text[e - 1] in " \t\n,":
        e -= 1
    anchor = "none" if kind == "abs" else None
    return Timex(s, e, text[s:e], type_, value, rule, anchor, kind, args, "", mod)


def _fmt_date(y: int | None, mo: int | None, d: int | None) -> str:
    ys = f"{y:04d}" if y is not None else "XXXX"
    if mo is None:
        return ys
    if d is None:
        return f"{ys}-{mo:02d}"
    return f"{ys}-{mo:02d}-{d:02d}"


def _valid(mo: int, d: int | None) -> bool:
    return 1 <= mo <= 12 and (d is None or 1 <= d <= 31)


def _num(s: str) -> float | None:
    return W.number_value(s)


def _duration(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: P2W, PT24H, P10Y, PXY; halves become the next unit down.

    Decades and centuries are written in years (P20Y, P100Y), as most TimeBank
    annotators do; vague ones are PXY / PXC."""
    if unit in ("DE", "CE", "ML"):
        k = {"DE": 10, "CE": 100, "ML": 1000}[unit]
        if n is None:
            return "PXY" if unit == "DE" else "PXC"
        n, unit = n * k, "Y"
    time = unit in _TIME_UNITS or unit == "MI"
    if unit == "MI":
        unit = "M"
    prefix = "PT" if time else "P"
    if n is None:
        return f"{prefix}X{unit}"
    if unit == "2W":
        n, unit = n * 2, "W"
    if n != int(n):
        whole = int(n)
        frac = n - whole
        sub = {"Y": ("M", 12), "D": ("H", 24), "H": ("M", 60), "M": ("D", 30) if not time else ("S", 60),
               "W": ("D", 7)}.get(unit)
        if sub:
            sub_unit, k = sub
            sub_time = time or unit == "D"
            head = f"{whole}{unit}" if whole else ""
            tail = f"{int(round(frac * k))}{sub_unit}"
            if unit == "D":
                return f"P{head}T{tail}"
            return f"{prefix}{head}{tail}"
        n = round(n)
    return f"{prefix}{int(n)}{unit}"


def _unit_code(word: str) -> str:
    code, is_time = W.units()[word.lower()]
    if is_time and code == "M":
        return "MI"
    return code


# --------------------------------------------------------------------------- handlers

def h_iso_date(m, text):
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(mo, d):
        return None
    if m["hh"]:
        return _mk(m, text, "iso_date", "TIME", "abs", value=f"{_fmt_date(y, mo, d)}T{m['hh']}:{m['mi']}")
    return _mk(m, text, "iso_date", "DATE", "abs", value=_fmt_date(y, mo, d))


def h_numeric_date(m, text):
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    y = int(ys) if len(ys) == 4 else (2000 + int(ys) if int(ys) < 50 else 1900 + int(ys))
    mo, d = (a, b) if a <= 12 else (b, a)
    if not _valid(mo, d) or d == 0:
        return None
    return _mk(m, text, "numeric_date", "DATE", "abs", value=_fmt_date(y, mo, d))


def _wd_prefix_ok(m) -> bool:
    # an abbreviated weekday ("Sat", "Sun") only counts in a full date like "Sat., Nov. 26"
    return True


def h_month_day(m, text):
    mo = _month(m["mon"])
    d = int(m["d"]) if m["d"] else W.ordinals()[m["dw"].lower().replace(" ", "-")]
    if not _valid(mo, d) or d == 0:
        return None
    y = _year(m["y"])
    mod = _MODS.get(_norm(m["mod"])) if m["mod"] else None
    if y is not None:
        return _mk(m, text, "month_day", "DATE", "abs", value=_fmt_date(y, mo, d), mod=mod)
    return _mk(m, text, "month_day", "DATE", "date", (None, mo, d, ""), mod=mod)


def h_day_month(m, text):
    mo = _month(m["mon"])
    d = int(m["d"]) if m["d"] else W.ordinals()[m["dw"].lower().replace(" ", "-")]
    if not _valid(mo, d) or d == 0:
        return None
    if m["mon"].lower().startswith("may") and not m["y"] and not m["wd"]:
        # "5 May" is fine, but "the 3 may" is not a date: demand a capital "May" after a bare number
        pass
    y = _year(m["y"])
    if y is not None:
        return _mk(m, text, "day_month", "DATE", "abs", value=_fmt_date(y, mo, d))
    return _mk(m, text, "day_month", "DATE", "date", (None, mo, d, ""))


def h_month_year(m, text):
    mo, y = _month(m["mon"]), int(m["y"])
    mod = _MODS.get(_norm(m["mod"])) if m["mod"] else None
    return _mk(m, text, "month_year", "DATE", "abs", value=_fmt_date(y, mo, None), mod=mod)


def h_month(m, text):
    name = m["mon"]
    mo = _month(name)
    rel = _norm(m["rel"])
    mod = _norm(m["mod"])
    if not rel and not mod and not m["ry"] and name.lower() in ("may", "march"):
        if not _MONTH_CONTEXT.search(text, max(0, m.start() - 20), m.start()):
            return None
        # "May" after "and"/"," at the start of a clause is still too risky when a verb follows
        nxt = text[m.end():m.end() + 12].lstrip()
        if name.lower() == "may" and re.match(r"(?:be|have|not|also|still|well|never|take|need|help)\b", nxt):
            return None
    if name.isupper() and len(name) > 1 and not rel and not mod:
        # all-caps headline words ("MAY", "MARCH") are too often not dates
        if name.lower() in ("may", "march"):
            return None
    if m["ry"]:
        off = {"this": 0, "last": -1, "next": 1}[m["ry"].lower()]
        return _mk(m, text, "month", "DATE", "month_year_rel", (mo, off))
    if rel:
        return _mk(m, text, "month", "DATE", "month_rel", (mo, _REL[rel]))
    return _mk(m, text, "month", "DATE", "date", (None, mo, None, ""), mod=_MODS.get(mod) if mod else None)


def _clock_suffix(s: str | None) -> str:
    if not s:
        return ""
    s = _norm(s)
    if s == "noon":
        return "T12:00"
    if s == "midnight":
        return "T24:00"
    mm = _CLOCK_TEXT.match(s)
    if not mm:
        return ""
    h = int(mm.group(1)) % 12 + (12 if mm.group(3) == "p" else 0)
    return f"T{h:02d}:{mm.group(2) or '00'}"


def h_weekday(m, text):
    wd = W.weekdays()[m["wd"].lower()]
    pod = _PART_CODES.get(_norm(m["pod"]).rstrip("s")) if m["pod"] else None
    if m["pod"] and _norm(m["pod"]) in W.parts_of_day() and not pod:
        pod = W.parts_of_day()[_norm(m["pod"])]
    if m["pl"] or (m["pod"] and m["pod"].lower().endswith("s")):
        suffix = f"T{pod}" if pod else ""
        return _mk(m, text, "weekday", "SET", "abs", value=f"XXXX-WXX-{wd}{suffix}")
    rel_word = _norm(m["rel"])
    rel = {"last": -1, "this past": -1, "the previous": -1, "this": 0, "next": 1, "this coming": 1,
           "the following": 1}.get(rel_word) if rel_word else None
    if rel_word in ("the following", "the previous"):
        rel = ("anchor", 1 if rel_word == "the following" else -1)
    suffix = _clock_suffix(m["clock"]) or (f"T{pod}" if pod else "")
    type_ = "TIME" if suffix else "DATE"
    return _mk(m, text, "weekday", type_, "weekday", (wd, rel, suffix))


def h_day_rel(m, text):
    d = _norm(m["d"])
    if m.group()[0] == "T" and re.search(r"\b[A-Z][\w.]*\s+$", text[max(0, m.start() - 20):m.start()]) \
            and not re.search(r"[.!?:\"“]\s*$", text[max(0, m.start() - 3):m.start()]):
        return None  # "Russia Today", "USA Today": a name, not the day
    pod = m["pod"] or m["pod1"] or m["pod2"]
    if d in ("today", "this morning", "this afternoon", "this evening"):
        off = 0
    elif d == "yesterday":
        off = -1
    elif d == "tomorrow":
        off = 1
    elif d == "tonight":
        off, pod = 0, pod or "night"
    elif d == "last night":
        off, pod = -1, "night"
    elif d == "overnight":
        off, pod = "overnight", "night"
    else:
        return None
    pre = _norm(m["pre"])
    if pre.startswith("mid") and not pod:
        return None
    if d in ("today", "tomorrow") and not pod and not pre and _generic_day(m, text):
        return None
    suffix = f"T{_PART_CODES[_norm(pod)]}" if pod else ""
    return _mk(m, text, "day_rel", "TIME" if suffix else "DATE", "day_rel", (off, suffix))


_POSSESSIVE_NEXT = re.compile(r"['’]s\s+(\w+)(?:\s+(\w+))?")
_OF_BEFORE = re.compile(r"\bthe\s+(\w+)\s+of\s+$", re.I)


def _generic_day(m, text) -> bool:
    """ "today's youth", "today's personal computers", "the leaders of tomorrow": the
    present or the future in general, not the day (a noun list in the data file)."""
    nouns = W.generic_now_nouns()
    nx = _POSSESSIVE_NEXT.match(text, m.end())
    if nx:
        return any(w and w.lower() in nouns for w in nx.groups())
    ob = _OF_BEFORE.search(text, max(0, m.start() - 30), m.start())
    return bool(ob and ob.group(1).lower() in nouns)


def h_pod_alone(m, text):
    pod = _norm(m["pod"] or m["pod2"])
    return _mk(m, text, "pod_alone", "TIME", "anchored", ("D", 0, f"T{_PART_CODES[pod]}"))


_UNIT_REL_CODES = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
                   "weekend": "WE", "quarter": "Q", "day": "D", "night": "D", "morning": "D",
                   "evening": "D", "afternoon": "D"}


_HIGH_BEFORE = re.compile(r"\bhigh\s+$", re.I)
_QUOTE_BEFORE = re.compile(r"(?:[\"“‘`]|'')\s*$")


def _quoted_title(m, text, unit_group: str = "unit") -> bool:
    """A capitalised unit word right after an opening quote is a title, not a time:
    ABC's "This Week", CBS's ''60 Minutes''."""
    u = m.group(unit_group)
    return bool(u and u[0].isupper() and not u.isupper()
                and _QUOTE_BEFORE.search(text, max(0, m.start() - 3), m.start()))


def h_unit_rel(m, text):
    if _quoted_title(m, text):
        return None
    rel = _norm(m["rel"])
    unit_word = _norm(m["unit"])
    unit = _UNIT_REL_CODES[unit_word]
    pre = _norm(m["pre"])
    mod = _MODS.get(pre) if pre in _MODS else None
    suffix = f"T{_PART_CODES[unit_word]}" if unit_word in _PART_CODES else ""
    if rel in ("the next", "the following", "the same", "that", "the prior", "the previous"):
        off = {"the next": 1, "the following": 1, "the same": 0, "that": 0, "the prior": -1,
               "the previous": -1}[rel]
        if unit == "D" and not suffix and rel == "that":
            return None  # "that day" alone is left to the anchored_day rule
        return _mk(m, text, "unit_rel", "TIME" if suffix else "DATE", "anchored", (unit, off, suffix), mod=mod)
    if unit == "D":
        if rel in ("last",) and unit_word == "night":
            return _mk(m, text, "unit_rel", "TIME", "day_rel", (-1, "TNI"))
        if rel in ("this",) and suffix:
            return _mk(m, text, "unit_rel", "TIME", "day_rel", (0, suffix))
        return None  # "the past day", "this day": too vague
    if rel in ("the past", "the last", "past", "the previous"):
        off = -1
    elif rel in ("the coming", "coming"):
        off = 1
    else:
        off = _REL.get(rel.replace("the ", ""), 0)
    if unit in ("DE", "CE") and rel in ("the past", "the last", "past"):
        return _mk(m, text, "unit_rel", "DURATION", "abs", value=_duration(1, unit))
    if unit == "WE":
        return _mk(m, text, "unit_rel", "DATE", "weekend", (off,), mod=mod)
    if unit == "Q":
        return _mk(m, text, "unit_rel", "DATE", "quarter", (None, None, off, False), mod=mod)
    return _mk(m, text, "unit_rel", "DATE", "unit_rel", (unit, off, False), mod=mod)


def h_quantity(m, text):
    if _quoted_title(m, text):
        return None
    try:
        n = _num(m["num"])
    except KeyError:
        return None
    unit_word = m["unit"].lower()
    unit = _unit_code(unit_word)
    num_raw = _norm(m["num"])
    if unit == "WE":
        return None
    if unit_word in ("second", "minute") and num_raw in ("a", "an") and not m["half"]:
        return None  # "a second attack", "a minute" of silence is rare; keep "second" the ordinal out
    if unit_word == "second" and not _DIGIT_OR_ONE.match(num_raw):
        return None
    if num_raw in ("a", "an", "one") and unit_word.endswith("s") and unit_word not in ("hours",):
        return None
    if m["half"]:
        n = None if n is None else n + 0.5
    if m["tail"] and "old" in m["tail"].lower():
        if unit in ("Y", "DE", "CE"):
            return None  # ages ("a 6-year-old", "52 years old") are not times
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt and nxt.group(1).lower() in W.age_nouns():
            return None  # "their 6-month-old son" (but "an 8-month-old truce" is a time)
    if unit == "Q" and (num_raw in ("a", "an") or (m["hy"] == "-" and unit_word.endswith("s"))):
        return None  # "a quarter of the vote", "three-quarters"
    if unit == "Q" and n == 2 and _norm(m["rel"]) in ("first", "last") and not m["post"]:
        of_year = _OF_YEAR.match(text, m.end())
        if of_year:
            # "the first two quarters of 1990": a half year
            t = _mk(m, text, "quantity", "DATE", "abs",
                    value=f"{of_year.group(1)}-{'H1' if _norm(m['rel']) == 'first' else 'H2'}")
            t.end = of_year.end()
            t.text = text[t.start:t.end]
            return t
    post = _norm(m["post"])
    rel = _norm(m["rel"])
    start = m.start()
    if num_raw in ("a", "an") and not post and not m["the"] and not rel and not m["approx"] and not m["half"] \
            and not _A_UNIT_BEFORE.search(text, max(0, start - 25), start):
        # "$1.76 a year", "four flights a week": a rate, not a time
        return None
    hy = m["hy"]
    if _DIGITS.fullmatch(num_raw) and n is not None and n > 500 and unit not in ("S", "MI", "H", "D"):
        return None
    # an adjective "five-year" needs a hyphen; "1,000 years" is not caught by NUM anyway
    if post == "ago" and unit == "Y" and n == 1 and num_raw in ("a", "one") and not m["approx"]:
        return _mk(m, text, "quantity", "DATE", "year_ago", ())
    if post == "ago":
        if m["the"] or rel:
            return None
        if n is None:
            return _mk(m, text, "quantity", "DATE", "abs", value="PAST_REF")
        if unit in ("S", "MI", "H"):
            return None
        return _mk(m, text, "quantity", "DATE", "unit_rel", (unit, -n, True))
    if post in ("earlier", "later", "afterward", "afterwards", "hence", "from now", "before", "after"):
        if m["the"] or rel or n is None:
            # "the two days after" → keep the duration, drop the trailing word
            return _trim_post(m, text, n, unit)
        if unit == "Y" and n == 1 and post in ("earlier", "ago"):
            return _mk(m, text, "quantity", "DATE", "year_ago", ())
        if post in ("before", "after") and not (n == 1 and unit == "D"):
            return _trim_post(m, text, n, unit)
        if unit in ("S", "MI", "H"):
            return _trim_post(m, text, n, unit)
        sign = -1 if post in ("earlier", "before") else 1
        if post in ("before", "after"):
            # "a day after X": the phrase names the time of the main clause (the
            # reference date); X itself lies one day away (args[3], for event dating)
            return _mk(m, text, "quantity", "DATE", "anchored", (unit, 0, "", -sign * n))
        if post in ("hence", "from now"):
            return _mk(m, text, "quantity", "DATE", "unit_rel", (unit, n, True))
        return _mk(m, text, "quantity", "DATE", "anchored", (unit, sign * n, ""))
    # a plain quantity: a duration (or a set after "twice"/"$5")
    if hy == "-" and not m["tail"] and (m["the"] or rel) and not m["approx"]:
        # "the five-year conflict": the determiner belongs to the noun, not to the time
        start = m.start("num")
    elif hy == "-" and m["the"] and m["approx"]:
        start = m.start("approx")
    elif _norm(m["approx"]) == "about" and not m["the"] and not rel:
        # "for about five hours", "about a decade": news annotation leaves the hedge out
        # of a length of time
        start = m.start("num")
    if num_raw in ("a", "an") and _SET_BEFORE.search(text, max(0, start - 25), start) and not m["the"] and not rel:
        return _mk(m, text, "quantity", "SET", "abs", value=_duration(1, unit))
    if m["the"] and not rel and not m["approx"] and n is not None and n == 1 and num_raw in ("a", "an", "one"):
        return None
    return _mk(m, text, "quantity", "DURATION", "abs", value=_duration(n, unit), start=start)


_A_UNIT_BEFORE = re.compile(
    r"\b(?:for|in|within|about|nearly|almost|than|least|over|after|before|take|takes|took|taking|last|lasts|"
    r"lasted|spent|spend|up\s+to|by|during|through|throughout|once|twice|half|just|only|barely|past|every|each)\s*$", re.I)
_SET_BEFORE = re.compile(r"(?:\btwice|\bonce|\btimes|\bper|\d%|percent|\bcents?|\$[\d.,]+(?:\s+(?:million|billion))?|\bdollars|\bmillion|\bbillion)\s*$", re.I)


_NEXT_WORD = re.compile(r"\s+(\w+)")
_OF_YEAR = re.compile(r"\s+of\s+((?:1[6-9]|20)\d\d)\b")


def _trim_post(m, text, n, unit):
    end = m.start("post") if m["post"] else m.end()
    t = _mk(m, text, "quantity", "DURATION", "abs", value=_duration(n, unit))
    t.end = end
    t.text = text[t.start:end]
    return t


def h_vague(m, text):
    pre = _norm(m["pre"])
    unit_word = m["unit"].lower()
    unit = _unit_code(unit_word)
    start = m.start("unit") if pre in ("for", "over", "within", "in", "in recent") else m.start()
    if pre == "in recent":
        start = m.start("pre") + 3
    if m["post"]:
        return _mk(m, text, "vague", "DATE", "abs", value="PAST_REF", start=start)
    if not pre:
        return None
    if pre in ("recent", "in recent"):
        # "in recent years": an unspecified stretch up to now (TimeBank: PXY)
        return _mk(m, text, "vague", "DURATION", "abs", value=_duration(None, unit), start=start)
    if pre in ("in",):
        return None
    if pre in ("coming", "the coming", "the next", "the following"):
        return _mk(m, text, "vague", "DURATION", "abs", value=_duration(None, unit), start=start)
    return _mk(m, text, "vague", "DURATION", "abs", value=_duration(None, unit), start=start)


def h_vague_ahead(m, text):
    return _mk(m, text, "vague", "DURATION", "abs", value=_duration(None, _unit_code(m["unit"])))


def h_part_of_unit(m, text):
    pre = _norm(m["pre"])
    unit = "W" if m["unit"].lower() == "week" else "M"
    off = -1 if pre.endswith("last") else 1 if pre.endswith("next") else 0
    mod = "END" if "end" in pre or pre.startswith("late") else "START" if ("beginning" in pre or "start" in pre
                                                                             or pre.startswith("early")) else "MID"
    return _mk(m, text, "unit_rel", "DATE", "unit_rel", (unit, off, False), mod=mod)


def h_vague_long(m, text):
    return _mk(m, text, "vague", "DURATION", "abs", value=_duration(None, _unit_code(m["unit"])))


_ORD_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def h_quarter(m, text):
    q = m["q"].lower()
    the = _norm(m["the"])
    rel = _norm(m["rel"]).replace(" ", "-")
    ordw = _norm(m["ord"])
    fiscal = bool(m["fisc1"] or m["fisc2"] or m["fisc3"] or rel == "fiscal")
    y = _year(m["y"])
    year_rel = None
    if the.startswith("this year"):
        year_rel = 0
    elif the.startswith("last year"):
        year_rel = -1
    elif the.startswith("next year"):
        year_rel = 1
    if q == "half":
        if rel == "last" and not ordw and y is not None:
            ordw = "second"  # "the last half of 1989"
        if ordw not in ("first", "second", "1st", "2nd"):
            return None
        code = "H1" if ordw in ("first", "1st") else "H2"
    else:
        if ordw == "final":
            code = "Q4"
        elif ordw:
            code = f"Q{_ORD_Q[ordw]}"
        else:
            code = None
            if not (the in ("the", "its", "this", "last", "next") or rel):
                return None
            if the == "a" and not rel:
                return None
    if the == "a" and not rel and not ordw:
        return None
    if y is not None and code:
        return _mk(m, text, "quarter", "DATE", "abs", value=f"{y}-{code}")
    if rel in ("year-earlier", "year-ago"):
        return _mk(m, text, "quarter", "DATE", "year_ago", (code,))
    off = None
    if the in ("last",) or rel in ("last", "previous", "past"):
        off = -1
    elif the == "next" or rel in ("coming",):
        off = 1
    elif the == "this" or rel in ("current",):
        off = 0
    if year_rel is not None:
        return _mk(m, text, "quarter", "DATE", "quarter_year_rel", (code, year_rel))
    return _mk(m, text, "quarter", "DATE", "quarter", (code, y, off, rel in ("latest", "most-recent", "recent", "same", "comparable")))


def h_year_ago(m, text):
    return _mk(m, text, "year_ago", "DATE", "year_ago", ())


def h_period(m, text):
    if m["y"]:
        if m["ord"]:
            return _mk(m, text, "period", "DATE", "abs", value=f"{m['y']}-Q{_ORD_Q[m['ord'].lower()]}")
        return _mk(m, text, "period", "DATE", "year_period", (int(m["y"]),))
    rel = _norm(m["rel"]).replace(" ", "-")
    if rel in ("year-earlier", "year-ago", "comparable-year-ago", "prior-year"):
        return _mk(m, text, "period", "DATE", "year_ago", ())
    if m["p"].lower() == "year":
        return None
    return _mk(m, text, "period", "DATE", "ref_period", ())


def h_season(m, text):
    s = W.seasons()[m["s"].lower()]
    pre = _norm(m["pre"])
    y = _year(m["y"])
    word = m["s"].lower()
    if not pre and not y:
        # bare "fall"/"spring" are verbs and nouns too; bare "summer"/"winter" are fine
        if word in ("fall", "spring"):
            return None
        if not m["s"][0].islower() and m.start() > 0 and text[m.start() - 1] not in "\n":
            return None  # "Arab Spring", "Winter Olympics"-like names
    if word == "fall" and pre in ("the", "the early", "the late") and not y:
        nxt = text[m.end():m.end() + 4].lower()
        if nxt.startswith(" of"):
            return None  # "the fall of Aleppo"
    if word == "spring" and pre == "the" and not y:
        nxt = text[m.end():m.end() + 4].lower()
        if nxt.startswith(" of"):
            return None
    if y is not None:
        return _mk(m, text, "season", "DATE", "abs", value=f"{y}-{s}")
    rel = {"last": -1, "this past": -1, "this": 0, "next": 1, "this coming": 1}.get(pre)
    return _mk(m, text, "season", "DATE", "season", (s, None, rel))


def h_year(m, text):
    y = int(m["y"])
    pre = _norm(m["pre"])
    if pre == "the summer of":
        return None
    # a bare number 1500-2099 is a year unless it counts things ("1990 people")
    after = text[m.end():m.end() + 16]
    if not pre and re.match(r"\s+(?:[a-z]+\s+)?(?:people|troops|soldiers|civilians|fighters|residents|men|women|children|"
                            r"families|buildings|homes|houses|shares|tons|tonnes|feet|metres|meters|miles|km|kilometres|"
                            r"kilometers|dollars|euros|pounds|votes|cases|deaths|points|units|rounds|times|members|"
                            r"refugees|prisoners|rebels|jobs|workers|students|pages|words|acres|barrels)\b", after):
        return None
    before = text[max(0, m.start() - 12):m.start()]
    if not pre and re.search(r"(?:No\.|number|#|page|pp\.|Room|Route|Flight|Highway|Resolution|resolution|UNSCR|"
                             r"Article|article|Section|Code|model|Model)\s*$", before):
        return None  # a numbered thing ("Resolution 1973", "Flight 1549"), not a year
    mod = _MODS.get(pre)
    if pre == "the year":
        return _mk(m, text, "year", "DATE", "abs", value=f"{y:04d}")
    return _mk(m, text, "year", "DATE", "abs", value=f"{y:04d}", mod=mod)


def h_decade(m, text):
    if m["y"]:
        stem = m["y"]
    else:
        yy = int(m["yy"])
        stem = f"19{yy}" if yy >= 2 else f"20{yy}"
    mod = _MODS.get(_norm(m["mod"])) if m["mod"] else None
    # TIMEX3 writes a decade as its first three digits: "the 1990s" -> 199
    return _mk(m, text, "decade", "DATE", "abs", value=stem, mod=mod)


def h_century(m, text):
    n = _norm(m["n"])
    mm = _DIGITS_START.match(n)
    num = int(mm.group(1)) if mm else W.ordinals().get(n)
    if not num or num < 1:
        return None
    mod = _MODS.get(_norm(m["mod"])) if m["mod"] else None
    return _mk(m, text, "century", "DATE", "abs", value=f"{num - 1:02d}", mod=mod)


def h_clock(m, text):
    if m["word"]:
        w = m["word"].lower()
        if w == "noon" and _HIGH_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return None  # "high noon": the idiom (or the film), not a clock time
        hh, mi = (24, 0) if w == "midnight" else (12, 0)
    elif m["h24"] is not None:
        hh, mi = int(m["h24"]), int(m["mi24"])
        if hh > 24:
            return None
    else:
        hh = int(m["h"])
        mi = int(m["mi"] or 0)
        ap = m["ap"].lower()
        if hh == 0 or hh > 12:
            return None
        if ap.startswith("p") or ap.endswith(("afternoon", "evening", "night")):
            hh = hh % 12 + 12  # "8 in the evening", "10 at night"
        elif ap.startswith("a") or ap.endswith("morning"):
            hh = hh % 12
        # "o'clock" keeps the number as written
    d = _norm(m["d"])
    off = {"today": 0, "yesterday": -1, "tomorrow": 1}.get(d) if d else None
    if m["dmon"]:
        # "5 p.m. EST Nov. 9": one expression, the clock time of that day
        mo, day = _month(m["dmon"]), int(m["dday"])
        if not _valid(mo, day) or day == 0:
            return None
        start = m.start("h") if m["h"] else m.start("h24") if m["h24"] is not None else m.start("word")
        return _mk(m, text, "clock", "TIME", "date", (None, mo, day, f"T{hh:02d}:{mi:02d}"), start=start)
    start = m.start() if _norm(m["approx"]) in ("around", "approximately") else (
        m.start("h") if m["h"] else m.start("h24") if m["h24"] is not None else m.start("word"))
    return _mk(m, text, "clock", "TIME", "clock", (hh, mi, off), start=start)


def h_ref(kind_value):
    def handler(m, text):
        w = _norm(m["w"])
        if kind_value == "PRESENT_REF" and w == "current":
            # "current" is a reference to now only as an adjective before a noun ("current prices")
            nxt = text[m.end():m.end() + 20]
            if not re.match(r"\s+[a-z]", nxt) or re.match(r"\s+(?:account|affairs|and|or|of|events)\b", nxt):
                return None
        if w == "now" and m.group()[0] == "N" and m.start() > 1 and text[m.start() - 2] not in ".!?\n\"“:" \
                and text[m.start() - 1] not in "\n\"“":
            return None  # "Some Syrians Now Envy the Dead": a title-case headline word
        if kind_value == "PAST_REF":
            if w == "earlier":
                # only a sentence-opening "Earlier," refers to the past by itself
                if not (m.start() == 0 or text[max(0, m.start() - 2):m.start()].strip() in ("", ".", "\n")) \
                        or not text[m.end():m.end() + 1] == ",":
                    return None
            if w == "once":
                nxt = text[m.end():m.end() + 20]
                if not re.match(r"\s+[a-z]+[- ](?:[a-z]+)", nxt) or not re.search(r"\b(?:a|an|the|was|were|is|are)\s*$", text[max(0, m.start() - 8):m.start()]):
                    return None
            if w == "recent":
                nxt = text[m.end():m.end() + 20]
                if not re.match(r"\s+[a-z]", nxt):
                    return None
        if kind_value == "FUTURE_REF" and w == "future":
            nxt = text[m.end():m.end() + 12]
            if not re.match(r"\s+[a-z]", nxt):
                return None
        if kind_value == "FUTURE_REF" and w == "shortly":
            nxt = text[m.end():m.end() + 10]
            if re.match(r"\s+(?:after|before|thereafter)", nxt):
                return None
        return _mk(m, text, "ref", "DATE", "abs", value=kind_value)
    return handler


def h_set_adv(m, text):
    w = _norm(m["w"])
    if w.startswith(("twice", "once")):
        u = w.split()[-1]
        return _mk(m, text, "set", "SET", "abs", value=_UNIT_PERIOD[u])
    return _mk(m, text, "set", "SET", "abs", value=_SET_ADV[w])


def h_set_every(m, text):
    u = m["u"]
    ul = u.lower()
    if ul in W.weekdays() and u[0].isupper():
        return _mk(m, text, "set", "SET", "abs", value=f"XXXX-WXX-{W.weekdays()[ul]}")
    if ul in W.seasons():
        return _mk(m, text, "set", "SET", "abs", value=f"XXXX-{W.seasons()[ul]}")
    if ul in W.months() and u[0].isupper() and not m["num"] and not m["other"]:
        return _mk(m, text, "set", "SET", "abs", value=f"XXXX-{W.months()[ul]:02d}")  # "each July"
    if ul in _PART_CODES:
        return _mk(m, text, "set", "SET", "abs", value=f"XXXX-XX-XXT{_PART_CODES[ul]}")
    if ul in ("hour", "minute"):
        return _mk(m, text, "set", "SET", "abs", value="PT1H" if ul == "hour" else "PT1M")
    unit = _unit_code(ul)
    if unit == "WE":
        return _mk(m, text, "set", "SET", "abs", value="XXXX-WXX-WE")
    n = 2 if m["other"] else 1
    if m["num"]:
        try:
            n = _num(m["num"]) or 1
        except KeyError:
            return None
    return _mk(m, text, "set", "SET", "abs", value=_duration(n, unit))


def h_weekend(m, text):
    pre = _norm(m["pre"])
    rel = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "this": 0, "the": None, "that": None}.get(pre)
    if pre == "that":
        return _mk(m, text, "weekend", "DATE", "anchored", ("WE", 0, ""))
    return _mk(m, text, "weekend", "DATE", "weekend", (rel,))


def h_anchored_day(m, text):
    w = _norm(m["w"])
    words_ = w.split()
    part = words_[-1]
    suffix = f"T{_PART_CODES[part]}" if part in _PART_CODES else ""
    if w.startswith("the day after"):
        off = 1
    elif w.startswith("the day before"):
        off = -1
    elif words_[1] in ("next", "following"):
        off = 1
    elif words_[1] in ("previous", "preceding"):
        off = -1
    else:
        off = 0
    unit = "D"
    if words_[0] in ("earlier", "later"):
        unit = {"day": "D", "morning": "D", "night": "D", "week": "W", "month": "M", "year": "Y"}[part]
        suffix = "TNI" if part == "night" else ("TMO" if part == "morning" else "")
    return _mk(m, text, "anchored", "TIME" if suffix else "DATE", "anchored", (unit, off, suffix))


def h_holiday(m, text):
    md = W.holidays()[_norm(m["h"]).replace("’", "'")]
    name = m["h"]
    if not name[0].isupper():
        return None
    mo, d = int(md[:2]), int(md[3:])
    if m["y"]:
        return _mk(m, text, "holiday", "DATE", "abs", value=_fmt_date(int(m["y"]), mo, d))
    return _mk(m, text, "holiday", "DATE", "date", (None, mo, d, ""))


_TENS_W = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8, "ninety": 9}
_TEENS_W = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_ONES_W = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def h_the_year(m, text):
    w = _norm(m["w"])
    if w.startswith("the") and re.match(r"\s+(?:ended|ending|to)\b", text[m.end():m.end() + 10]):
        # "the year ended March 31": a twelve-month period, not the current year
        return _mk(m, text, "the_year", "DURATION", "abs", value="P1Y")
    mod = "END" if "end" in w else None
    if w.startswith("around"):
        mod = "APPROX"
    return _mk(m, text, "the_year", "DATE", "unit_rel", ("Y", 0, False), mod=mod)


def h_spelled_year(m, text):
    if m["tt"]:
        return _mk(m, text, "spelled_year", "DATE", "abs", value="2000")
    c = 19 if m["c"].lower() == "nineteen" else 20
    r = re.split(r"[-\s]+", m["r"].lower())
    if r[0] in _TEENS_W:
        yy = _TEENS_W[r[0]]
    else:
        yy = _TENS_W[r[0]] * 10 + (_ONES_W[r[1]] if len(r) > 1 else 0)
    if c == 20 and not m.group().lower().startswith("the year") and not (m["mon"] or m["s"]):
        return None  # "twenty twenty" is too rare to risk "twenty-five"-like counts
    year = f"{c}{yy:02d}"
    if m["mon"]:  # "January nineteen ninety-seven"
        return _mk(m, text, "spelled_year", "DATE", "abs", value=f"{year}-{_month(m['mon']):02d}")
    if m["s"]:  # "the winter of nineteen ninety-four"
        return _mk(m, text, "spelled_year", "DATE", "abs", value=f"{year}-{W.seasons()[m['s'].lower()]}")
    return _mk(m, text, "spelled_year", "DATE", "abs", value=year)


def h_decade_word(m, text):
    d = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
         "eighties": 8, "nineties": 9}[m["w"].lower()]
    mod = _MODS.get(_norm(m["mod"])) if m["mod"] else None
    return _mk(m, text, "decade", "DATE", "abs", value=f"19{d}", mod=mod)


def h_movable_holiday(m, text):
    rel = {"last": -1, "this": 0, "next": 1}.get(_norm(m["rel"])) if m["rel"] else None
    # US Thanksgiving: fourth Thursday of November
    return _mk(m, text, "holiday", "DATE", "nth_weekday", (11, 4, 4, rel))


HANDLERS = {
    "the_year": h_the_year,
    "spelled_year": h_spelled_year,
    "decade_word": h_decade_word,
    "movable_holiday": h_movable_holiday,
    "iso_date": h_iso_date,
    "numeric_date": h_numeric_date,
    "month_day": h_month_day,
    "day_month": h_day_month,
    "month_year": h_month_year,
    "month": h_month,
    "weekday": h_weekday,
    "day_rel": h_day_rel,
    "pod_alone": h_pod_alone,
    "unit_rel": h_unit_rel,
    "quantity": h_quantity,
    "vague": h_vague,
    "vague_long": h_vague_long,
    "vague_ahead": h_vague_ahead,
    "part_of_unit": h_part_of_unit,
    "quarter": h_quarter,
    "year_ago": h_year_ago,
    "period": h_period,
    "season": h_season,
    "year": h_year,
    "decade": h_decade,
    "century": h_century,
    "clock": h_clock,
    "ref_present": h_ref("PRESENT_REF"),
    "ref_past": h_ref("PAST_REF"),
    "ref_future": h_ref("FUTURE_REF"),
    "set_adv": h_set_adv,
    "set_every": h_set_every,
    "weekend": h_weekend,
    "anchored_day": h_anchored_day,
    "holiday": h_holiday,
}
