"""Stage 1: the regular expressions that find candidate temporal expressions.

Each rule is a named compiled regex; ``normalize.py`` turns its match into a
symbolic Timex.  Month and weekday names are matched case-sensitively
(Capitalised or UPPER) so that "may" the verb and "march" the noun never match;
everything else is case-insensitive.  Spans follow TimeML/TempEval-3: "the",
"last", "early", "about" belong to the expression, prepositions ("on", "in",
"since", "over") do not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import fastre
from . import words as W


def _cased(names) -> str:
    """Capitalised and UPPER forms of each name, case-sensitive."""
    forms = set()
    for n in names:
        forms.add(n.capitalize())
        forms.add(n.upper())
    return "(?-i:" + W.alternation(forms) + ")"


@lru_cache(maxsize=1)
def tokens() -> dict[str, str]:
    months = W.months()
    full_months = [m for m in months if len(m) > 4 or m in ("may", "june", "july")]
    abbr_months = [m for m in months if m not in full_months]
    weekdays = W.weekdays()
    full_wd = [w for w in weekdays if w.endswith("day")]
    abbr_wd = [w for w in weekdays if not w.endswith("day")]
    num_words = [w for w in W.numbers()]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    units = W.units()
    t: dict[str, str] = {}
    t["MONTH_FULL"] = _cased(full_months)
    # "Sept." / "Nov." / "Dec" (the dot is optional; \b keeps "Decide" out)
    t["MONTH_ABBR"] = _cased(abbr_months) + r"(?:\.|\b)"
    t["MONTH"] = "(?:" + t["MONTH_FULL"] + r"\b|" + t["MONTH_ABBR"] + ")"
    t["WEEKDAY"] = _cased(full_wd)
    t["WEEKDAY_ABBR"] = _cased(abbr_wd) + r"\.?"
    t["NUMWORD"] = (
        rf"(?:(?:{tens})[- ](?:{ones})|" + W.alternation(num_words) + r")"
    )
    t["NUM"] = (
        r"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|(?:" + t["NUMWORD"] + r")(?:\s+and\s+a\s+half)?)"
    )
    t["UNIT"] = W.alternation(units)
    t["DATE_UNIT"] = W.alternation(u for u, (_, is_time) in units.items() if not is_time)
    t["SEASON"] = W.alternation(W.seasons())
    t["POD"] = W.alternation(p for p in W.parts_of_day() if p not in ("noon", "midday"))
    t["ORD"] = W.alternation(W.ordinals())
    # spoken days of the month ("March eighth"): the ordinals that can be days
    t["ORD_DAY"] = W.alternation(o for o, v in W.ordinals().items() if v and v > 0)
    return t


def _c(pattern: str) -> re.Pattern:
    # Every rule starts at a word start (or an apostrophe: '80s): the cheap test lets the
    # regex engine skip the middle of words, which is most of the text (about 5x faster).
    body = pattern.format(**tokens())
    return re.compile(_RULE_START + "(?:" + body + ")", re.I)


_RULE_START = r"(?:(?<=\W)|^)(?=\w|['’])"
# The same start, with the non-word character before it consumed: a pattern that begins with
# a character class lets the regex engine skip whole words in C before it tries a match (the
# tagger then re-matches the rule itself one character later, for identical match objects).
_FAST_START = r"\W(?=\w|['’])"


@lru_cache(maxsize=1)
def fast_rules() -> list[tuple[str, re.Pattern, re.Pattern, tuple[tuple[str, ...], ...]]]:
    """(name, rule regex, its fast finder, required words) for each rule, in ``rules()`` order."""
    out = []
    for name, rx in rules():
        assert rx.pattern.startswith(_RULE_START)
        guard = "(?=" + GUARDS[name].format(**tokens()) + ")" if name in GUARDS else ""
        fx = fastre.compile(_FAST_START + guard + rx.pattern[len(_RULE_START):], rx.flags)
        out.append((name, fastre.compile(rx.pattern, rx.flags), fx, REQUIRED.get(name, ())))
    return out


# What every match of a rule starts with: the first word of each optional part before its
# core, or the core (read off the rules above; keep them in step).  The fast finder tests it
# before the whole rule, which at most word starts fails on the first letter.
GUARDS: dict[str, str] = {
    "weekday": r"\d|noon|midnight|(?:early|late|earlier|later|last|this|next|the)\s|{WEEKDAY}",
    "unit_rel": r"(?:early|late|earlier|later|the|last|this|next|current|coming|past|that)\s",
    "vague": r"(?:recent|coming|the|past|in|for|over|within)\s|days|weeks|months|years|decades|"
             r"centuries|hours|minutes",
    "anchored_day": r"(?:the|earlier|later|that)\s",
    "clock": r"(?:around|about|approximately|shortly)\s|\d|noon|midnight|midday",
}

# Lower-case strings that every match of a rule contains (one of each tuple): a window that
# holds none of them cannot hold a match, so the tagger does not run the rule there.  Each
# entry is read off the rule's regex above; keep them in step when a rule changes.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "century": (("century",),),
    "quarter": (("quarter", "half"),),
    "year_ago": (("earlier", "ago"),),
    "period": (("period", "quarter", "year"),),
    "vague_long": (("-long",),),
    "vague_ahead": (("ahead",),),
    "part_of_unit": (("week", "month"),),
    "decade": (("0s", "0's", "0’s"),),
    "weekend": (("weekend",),),
    "the_year": (("year",),),
    "set_every": (("every", "each"),),
}


# Words that may stand before the core of an expression and belong to the span.
_APPROX = r"(?:about|around|approximately|nearly|almost|some|roughly|barely|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|over|under|upwards\s+of|close\s+to|well\s+over|exactly|precisely)"


@lru_cache(maxsize=1)
def rules() -> list[tuple[str, re.Pattern]]:
    """(rule name, compiled regex), tried in this order; longest non-overlapping span wins."""
    r: list[tuple[str, re.Pattern]] = []
    add = lambda name, pat: r.append((name, _c(pat)))  # noqa: E731

    # 2016-12-12, 2016-12-12T14:30
    add("iso_date", r"(?<![\d-])(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
        r"(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::\d\d(?:\.\d+)?)?)?(?![\d-])")
    # 12/12/2016, 12/12/16 (US order unless the first number cannot be a month)
    add("numeric_date", r"(?<![\d/.])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:1[6-9]|20)\d\d|\d\d)(?![\d/])")
    # (Monday,) (early) Nov. 26(th)(, 2016)
    add("month_day",
        r"(?:(?:(?:this\s+coming|this\s+past|this|next|last)\s+)?(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),?\s+(?:the\s+)?)?"
        r"(?:(?P<mod>early|late|mid)[-\s]+)?"
        r"(?P<mon>{MONTH})\s*(?:(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.,]?\d)|(?P<dw>{ORD_DAY})\b(?!-))"
        r"(?:,?\s+(?P<y>(?:1[6-9]|20)\d\d)\b)?")
    # (Monday,) (the) 26(th) (of) November(, 2016)
    add("day_month",
        r"(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),?\s+)?(?:the\s+)?"
        r"(?<![\d.,:/$])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})"
        r"(?:,?\s+(?P<y>(?:1[6-9]|20)\d\d)\b)?")
    # (early) November (of) 2016
    add("month_year",
        r"(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[-\s]+)?"
        r"(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>(?:1[6-9]|20)\d\d)\b(?![\d%])")
    # last April, early December, July last year, mid-November
    add("month",
        r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+|"
        r"(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[-\s]+)?"
        r"(?P<mon>{MONTH_FULL})\b(?:\s+(?P<ry>this|last|next)\s+year\b)?")
    # (10 p.m.) (early/late) (last/this/next) Monday (morning) / Monday at / Mondays
    add("weekday",
        r"(?:(?P<clock>(?:[01]?\d(?::[0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)|noon|midnight))"
        r"(?:\s+(?:(?-i:[A-Z]{{1,3}}T)|GMT))?,?\s+)?"
        r"(?:(?P<pre>early|late|earlier|later)\s+)?"
        r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+following|the\s+previous)\s+)?"
        r"(?P<wd>{WEEKDAY})(?P<pl>s)?\b"
        r"(?:\s+(?P<pod>{POD}))?\b")
    # today, yesterday morning, late yesterday, tonight, last night, this morning
    add("day_rel",
        r"(?:(?P<pre>early|late|earlier|later|mid-?)\s*)?"
        r"(?:(?P<pod1>morning|afternoon|evening)\s+)?"
        r"(?P<d>today|tonight|yesterday|tomorrow|this\s+(?P<pod2>morning|afternoon|evening)|last\s+night|overnight)"
        r"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b")
    # a part of the day on its own: "by mid-afternoon", "in the morning" (of the day under
    # discussion)
    add("pod_alone",
        r"(?:(?P<pre>early|late|mid)[-\s]?(?P<pod>morning|afternoon|evening)"
        r"|(?:(?<=\bin\s)|(?<=\bby\s)|(?<=\bduring\s))the\s+(?P<pod2>morning|afternoon|evening))\b"
        r"(?!\s+(?:of|after|before|paper|papers|news|show|edition|session|star|sun|light|prayers?)\b|-)")
    # last week, this month, next year, the past year, the coming weekend, earlier this month
    add("unit_rel",
        r"(?:(?P<pre>early|late|earlier|later|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)\s+)?"
        r"(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+current|current|coming|past|the\s+same|the\s+next|the\s+following|that|the\s+prior)\s+"
        r"(?P<unit>week|month|year|decade|century|weekend|quarter|day|night|morning|evening|afternoon)\b(?!-)")
    # N units ago / later / earlier; the past N units; a year-earlier; five-year; 16-hour
    add("quantity",
        r"\b(?:(?P<the>the|its|their|his|her)\s+)?"
        r"(?:(?P<rel>first|last|past|next|previous|coming|following|final|remaining|preceding|initial|subsequent)\s+)?"
        r"(?:(?P<approx>" + _APPROX + r")\s+)?"
        r"(?P<num>{NUM})(?P<hy>[-\s]+|-)(?:(?P<more>more|additional|further|extra|straight|consecutive|full|long|trading|business|working|calendar)\s+)?(?P<unit>{UNIT})\b"
        r"(?P<half>\s+and\s+a\s+half)?(?P<tail>-(?:long|old)\b|\s+old\b)?"
        r"(?P<post>\s+(?:ago|earlier|later|afterwards?|hence|before|after|from\s+now)\b)?")
    # vague plurals: for years, in recent weeks, coming months, days ago
    add("vague",
        r"(?:(?P<pre>recent|coming|the\s+coming|the\s+past|past|the\s+last|the\s+next|the\s+following|in\s+recent|for|over|within|in)\s+)?"
        r"(?P<unit>days|weeks|months|years|decades|centuries|hours|minutes)\b(?P<post>\s+ago\b)?")
    add("vague_long", r"\b(?P<unit>years|decades|months|weeks|days)-long\b")
    add("vague_ahead", r"\b(?P<the>the\s+)(?P<unit>days|weeks|months|years)\s+ahead\b")
    # the end of the month, the beginning of the week
    add("part_of_unit",
        r"\b(?P<pre>the\s+(?:end|beginning|start|middle)\s+of\s+(?:the|this|next|last)|(?:early|late|mid)[-\s]+(?:this|next|last))\s+(?P<unit>week|month)\b")
    # the third quarter (of 1998), third-quarter, the first half, the year-earlier quarter
    add("quarter",
        r"(?:(?P<the>the|its|a|this|last|next|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+)?"
        r"(?:(?P<rel>latest|last|previous|past|current|same|comparable|year-earlier|year-ago|year\s+earlier|year\s+ago|coming|recent|fiscal|most\s+recent)\s+)?"
        r"(?:(?P<fisc1>fiscal)\s+)?"
        r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)(?:[-\s]+|-))?"
        r"(?:(?P<fisc2>fiscal)\s+)?"
        r"(?P<q>quarter|half)\b(?!-|\s+(?:of\s+(?:a|an|the|its|their|all|his|her|this|these|those|[a-z]+s)\b|(?:a|an)\s|century|mile|point|percent|million|billion|tonne|pound|hour|\d))"
        r"(?:\s+(?:of\s+)?(?:(?P<fisc3>fiscal)\s+)?(?P<y>(?:1[6-9]|20)\d\d)\b)?")
    add("year_ago", r"\b(?P<w>year[-\s]earlier|year[-\s]ago)\b(?!\s+(?:quarter|period|half))")
    # the year-earlier period / the 1988 period / the latest period
    add("period",
        r"\b(?P<the>the|a)\s+(?:(?P<y>(?:1[6-9]|20)\d\d)\s+(?:(?P<ord>first|second|third|fourth)\s+)?(?P<p2>period|quarter)\b|(?P<rel>year[-\s]earlier|year[-\s]ago|latest|comparable|comparable\s+year[-\s]ago|same|previous|prior[-\s]year)\s+(?P<p>period|year)\b)")
    # seasons: last fall, the summer of 2012, this spring, early winter
    add("season",
        r"(?:(?P<pre>the|this|last|next|this\s+past|this\s+coming|early|late|mid|the\s+early|the\s+late)[-\s]+)?"
        r"(?P<s>{SEASON})\b(?!-)(?:\s+(?:of\s+)?(?P<y>(?:1[6-9]|20)\d\d)\b)?")
    # fiscal 1989, mid-1996, early 2011, the end of 1990, 2016
    add("year",
        r"(?:(?P<pre>fiscal|calendar|mid|early|late|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+year|the\s+summer\s+of)[-\s]+|(?<![$£€#\d.,:/-]))"
        r"(?P<y>(?:1[5-9]|20)\d\d)(?![\d%]|,\d|\.\d|\s*(?:%|percent|per\s+cent|[ap]\.?m\b)|\s*-\s*(?:\d{{1,2}}|[a-z]+)\b(?!\d))"
        r"(?![,-]\d)")
    # the 1990s, the early '80s, the late 1970s
    add("decade",
        r"(?:(?P<the>the)\s+)?(?:(?P<mod>early|late|mid)[-\s]+)?"
        r"(?:(?P<y>(?:1[5-9]|20)\d)0['’]?s|['’](?P<yy>\d)0s)\b")
    add("century",
        r"(?:(?P<the>the)\s+)?(?:(?P<mod>early|late|mid)[-\s]+)?"
        r"(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{ORD})[-\s]+century\b")
    # 10 p.m., 7:15 a.m. EST, noon, midnight, 14:30 GMT
    add("clock",
        r"(?:(?P<approx>around|about|approximately|shortly\s+(?:before|after))\s+)?"
        r"(?:(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b|o['’]clock"
        r"|in\s+the\s+(?:morning|afternoon|evening)\b(?!\s+(?:session|paper|news|show|edition)\b)|at\s+night\b)"
        r"|(?P<h24>[0-2]?\d)[:.](?P<mi24>[0-5]\d)\s*(?P<tz24>GMT|UTC|local\s+time|(?-i:[A-Z]{{1,3}}T)\b)"
        r"|(?P<word>noon|midnight|midday))"
        r"(?:\s+(?P<tz>(?-i:[A-Z]{{1,3}}T)\b|GMT|UTC|local\s+time))?"
        r"(?:\s+(?P<d>today|yesterday|tomorrow)|,?\s+(?:on\s+)?(?P<dmon>{MONTH})\s*(?P<dday>[0-3]?\d)\b(?![:.,]?\d))?")
    # present / past / future references
    add("ref_present", r"\b(?P<w>now|currently|nowadays|at\s+present|presently|these\s+days|the\s+present|current)\b(?!-)")
    add("ref_past", r"\b(?P<w>recently|lately|the\s+past|in\s+recent\s+times)\b(?!-)")
    add("ref_future", r"\b(?P<w>the\s+future|a\s+later\s+date|the\s+near\s+future|the\s+near\s+term|the\s+short\s+term|the\s+long\s+term)\b(?!-)")
    # sets
    add("set_adv", r"\b(?P<w>daily|weekly|monthly|yearly|hourly|nightly|biweekly|semiannually|twice\s+a\s+(?:day|week|month|year)|once\s+a\s+(?:day|week|month|year))\b(?!-)")
    add("set_every",
        r"\b(?P<q>every|each)\s+(?:(?P<other>other)\s+|(?P<num>{NUM})\s+)?"
        r"(?P<u>{WEEKDAY}|{MONTH_FULL}|{DATE_UNIT}|hour|minute|{SEASON}|morning|afternoon|evening|night)\b")
    # the weekend / weekend talks
    add("weekend", r"(?:(?P<pre>the|this|last|next|this\s+past|this\s+coming|that)\s+)?\bweekend\b(?!s)")
    # the next day, the day after, the day before, the following morning, that night, the same day
    add("anchored_day",
        r"\b(?P<w>the\s+(?:next|following|previous|preceding|same)\s+(?:day|morning|afternoon|evening|night)"
        r"|the\s+day\s+(?:after|before)|(?:earlier|later)\s+that\s+(?:day|morning|night|week|month|year)"
        r"|that\s+(?:morning|afternoon|evening|night))\b")
    # the (fiscal) year, year-end, the end of the year: the DCT's (fiscal) year
    add("the_year",
        r"\b(?P<w>the\s+(?:full\s+|fiscal\s+|full\s+fiscal\s+|current\s+fiscal\s+|calendar\s+)?year|(?:around\s+)?year[-\s]end|year['’]s\s+end|the\s+end\s+of\s+the\s+year)\b(?![-'’])")
    # spoken years: nineteen ninety-six, the year two thousand
    add("spelled_year",
        r"\b(?:the\s+year\s+|(?P<mon>{MONTH_FULL})\s+(?:of\s+)?|(?:the\s+)?(?P<s>{SEASON})\s+of\s+)?(?P<c>nineteen|twenty)[-\s]+(?P<r>(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)\b"
        r"|\b(?:the\s+year\s+)(?P<tt>two\s+thousand)\b")
    add("decade_word", r"\b(?P<the>the\s+)(?:(?P<mod>early|late|mid)[-\s]+)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")
    # holidays on a given weekday of a month (data: nth weekday)
    add("movable_holiday", r"\b(?:(?P<rel>last|this|next)\s+)?(?P<h>(?-i:Thanksgiving)(?:\s+(?-i:Day))?)\b")
    # holidays with a fixed date
    add("holiday",
        r"\b(?P<h>" + W.alternation(W.holidays()) + r")\b(?:,?\s+(?P<y>(?:1[6-9]|20)\d\d)\b)?")
    return r


# Trigger categories: every rule needs a word of one of its categories; the tagger
# runs a rule only within ``WINDOW`` characters of such a word (speed).
_REF_WORDS = {"now", "currently", "nowadays", "present", "presently", "current", "recently", "lately",
              "past", "future", "term", "date", "times"}
_SET_WORDS = {"daily", "weekly", "monthly", "yearly", "hourly", "nightly", "biweekly", "semiannually"}
_DAY_WORDS = {"today", "tonight", "yesterday", "tomorrow", "overnight", "noon", "midnight", "midday"}
_DECADE_WORDS = {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}

RULE_TRIGGERS: dict[str, str] = {
    "iso_date": "Y", "numeric_date": "N", "month_day": "M", "day_month": "M", "month_year": "M",
    "month": "M", "weekday": "W", "day_rel": "DP", "pod_alone": "P", "unit_rel": "UP", "quantity": "U", "vague": "U",
    "vague_long": "U", "vague_ahead": "U", "part_of_unit": "U", "quarter": "U", "year_ago": "U", "period": "U", "season": "S", "year": "Y",
    "decade": "YC", "century": "U", "clock": "CDP", "ref_present": "R", "ref_past": "R",
    "ref_future": "R", "set_adv": "T", "set_every": "UWSPM", "weekend": "U", "anchored_day": "UP",
    "the_year": "U", "spelled_year": "X", "decade_word": "C", "movable_holiday": "H", "holiday": "H",
}


@lru_cache(maxsize=1)
def trigger_words() -> dict[str, str]:
    """Lower-case word -> the trigger categories it belongs to."""
    cats: dict[str, set[str]] = {}

    def put(ws, c):
        for w in ws:
            cats.setdefault(w, set()).add(c)

    put(W.months(), "M")
    put(W.weekdays(), "W")
    put([w + "s" for w in W.weekdays() if w.endswith("day")], "W")
    put(W.units(), "U")
    put({"half", "period"}, "U")
    put({"once", "twice"}, "T")
    put(W.seasons(), "S")
    put(W.parts_of_day(), "P")
    put(_DAY_WORDS, "D")
    put(_REF_WORDS, "R")
    put(_SET_WORDS, "T")
    put(_DECADE_WORDS, "C")
    put({"nineteen", "thousand"}, "X")
    put({"am", "pm", "clock", "gmt", "utc", "noon", "midnight", "midday"}, "C")
    put({"thanksgiving"}, "H")
    for h in W.holidays():
        put(re.findall(r"[a-z]+", h)[:1], "H")
    return {w: "".join(sorted(c)) for w, c in cats.items()}


TOKEN = re.compile(r"\d+(?:[/:.]\d+)*|[^\W\d_]+")
# The same tokens, found fast (see ``tagger._windows``): digit tokens, and trigger words in
# the lower-cased text as whole letter runs.  A trigger word is matched together with the
# non-letter before it, so that the regex engine skips the inside of words in C instead of
# trying every position; a word at the very start of the text is matched on its own.
DIGIT_TOKEN = re.compile(r"\d\d*(?:[/:.]\d+)*")


def _trie(words) -> str:
    """A regex alternation of lower-case words, factored by shared prefixes (the engine
    then tests one first letter per branch instead of every word)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(tree)


@lru_cache(maxsize=1)
def trigger_scanners() -> tuple[re.Pattern, re.Pattern]:
    """(after a non-letter, at the start of the text): whole trigger words in lower case."""
    body = "(?:" + _trie(w for w in trigger_words() if re.fullmatch(r"[^\W\d_]+", w)) + r")(?![^\W\d_])"
    return re.compile(r"[\W\d_]" + body), re.compile(body)
CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.?m\b|o['’]clock|GMT|UTC|[A-Z]{1,3}T\b)|s\b", re.I)


WINDOW = 60

# A sentence-ish window for tense cues: up to the nearest terminal punctuation or line break.
# the end of a sentence or clause; a period after an initial or a title ("Daniel P. Davison",
# "Mr. Smith", "U.S. officials") ends nothing
CLAUSE_BREAK = re.compile(
    # (the punctuation is matched first and the titles checked behind it: testing a dozen
    # look-behinds at every character was a third of the tagger's time)
    r"[.!?;\n](?<!\b[A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Lt|Mt|Ft)\.)(?<!\b(?:Mrs|Gen|Sen|Rep|Gov|Col)\.)\s"
    # a quotation mark: the quoted words and the reporting verb ("..., Castro said") are
    # two clauses with tenses of their own
    r"|''|``|[\"“”]"
    # "... on Saturday and were planning to ...": a second verb phrase with its own tense
    r"|\s+and\s+(?=(?:was|were|had|has|have|will|would|is|are)\b)")
# The same matches, written "one of the characters a break starts with, then which break it
# is": a regex that starts with a character class lets the engine skip the other characters
# in C.  Each alternative checks behind it that the consumed character is one it starts
# with (in the order above, so that a line break is tried as a sentence end before "and").
CLAUSE_BREAK_FAST = re.compile(
    r"[.!?;\n'`\"“”\s]"
    r"(?:(?<=[.!?;\n])(?<!\b[A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Lt|Mt|Ft)\.)(?<!\b(?:Mrs|Gen|Sen|Rep|Gov|Col)\.)\s"
    r"|(?<=')'|(?<=`)`|(?<=[\"“”])"
    r"|(?<=\s)\s*and\s+(?=(?:was|were|had|has|have|will|would|is|are)\b))")
FUTURE_CUE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|would|going\s+to|is\s+to|are\s+to|expected|expects?|scheduled|plans?(?=\s+to\b)|planned|"
    r"planning|due|"
    r"set\s+to|to\s+be\s+held|upcoming|intends?|hopes?\s+to|aims?\s+to|tomorrow|until|as\s+early\s+as|"
    r"as\s+soon\s+as|no\s+later\s+than|payable|expires?|effective|"
    # a deadline right before the date ("double its flights by August"); weak, see WEAK_FUTURE
    r"by(?=\s+$))\b",
    re.I,
)
PAST_CUE = re.compile(
    # "to be held", "will be made": a passive participle after "be" says nothing of the tense;
    # "since March" always looks back
    r"\b(?<!\bbe\s)(?:since|was|were|had|did|ago|last|yesterday|earlier|been|began|took|made|came|went|met|held|told|"
    r"fell|rose|won|lost|killed|captured|seized|attacked|retook|withdrew|fled|ended|"
    # irregular past forms that are not also present or participle forms
    r"brought|bought|sold|sent|gave|got|paid|spent|became|broke|chose|drove|flew|grew|knew|saw|wrote|"
    r"ran|stood|struck|thought|sought|fought|caught|felt|built|spoke|threw|forgot|shot|sank|arose)\b", re.I
)
# weaker: "said" is in nearly every news sentence and "-ed" words include adjectives
# (verbs and words that merely end in "-ed" - "will succeed", "a hundred" - are left out,
# and so are capitalised words: "United States", "Red Crescent")
WEAK_PAST_CUE = re.compile(
    r"\b(?<!\bbe\s)(?:(?i:said)|(?!(?:succe|proce|exce|inde|ne|spe|hundr|sacr|kindr|wick|nak)ed\b)[a-z]\w{2,}ed)\b")


# --- finding the three tense cues fast (``tagger.clause_tense``) ---------------------------
# A cue starts at a word boundary before a word character ("'ll" aside), so each is matched
# with the non-word character before it consumed (the regex engine then skips the inside of
# words in C), and all three are tried at each such place in one pass: a lookahead per cue
# captures that cue's own match there, as ``FUTURE_CUE.match(s, pos)`` etc. would give it.
def _after_boundary(rx: re.Pattern) -> str:
    assert rx.pattern.startswith(r"\b")
    rest = rx.pattern[2:]
    return "(?i:" + rest + ")" if rx.flags & re.I else rest


_FUTURE_LL = "|['’]ll"  # the one cue that starts with an apostrophe after a word character
assert FUTURE_CUE.pattern.count(_FUTURE_LL) == 1
_CUES = [_after_boundary(re.compile(FUTURE_CUE.pattern.replace(_FUTURE_LL, ""), FUTURE_CUE.flags)),
         _after_boundary(PAST_CUE), _after_boundary(WEAK_PAST_CUE)]
_CUE_BODY = ("(?=" + "|".join(_CUES) + ")"
             + "".join(f"(?:(?=(?P<c{i}>{c}))|)" for i, c in enumerate(_CUES)))
CUES_AFTER_GAP = fastre.compile(r"\W" + _CUE_BODY)
CUES_AT_START = fastre.compile(_CUE_BODY)
FUTURE_LL = re.compile(r"['’](?<=\w['’])(?i:ll)\b")
