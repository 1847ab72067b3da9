"""Per-document event extraction: what happened, to whom, where and when.

An event is a clause in which something happens.  Sentences are cut into
clauses at punctuation and subordinators; each clause keeps at most one event,
named by a trigger word from ``data/events_triggers.json`` (capture, fled,
talks, ...).  The event's time is the time expression that governs the clause,
else the sentence's, else the publication date ("reported on"); which one it
was is ``time_source`` and sets the ``confidence``.  Attribution ("state media
reported") and modality (conditionals, modals, negation, denials) come from the
cue lists in ``data/events_cues.json``.  Irrealis events (hypothetical,
negated) are kept, marked, and never dated.

Two steps, so the pipeline can find events before the publication date is
known: ``find_events`` picks triggers, participants and the governing time
expression; ``date_events`` turns the chosen expressions (re-read from the
resolved timexes by span) and the publication date into dates.  ``find_events``
calls ``date_events`` itself when given ``published``.

Corpus pipeline: ``find_events`` per document (pure, cacheable) -> resolve the
timexes once the publication date is known -> ``date_events`` -> cross-document
entity resolution -> ``link_entities`` (copies entity ids onto participants by
span) -> ``merge.merge_events`` -> ``timeline.filter_timeline`` /
``timeline.rank_dates``.

Only these attributes of the inputs are used: timexes ``start, end, text, type,
value``; mentions ``start, end, text, type, entity``; segments ``label, start,
end``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from typing import Any, Sequence
from aleppo_cli.models import Event, Participant, TimeRef  # noqa: F401  (re-exported)

Span = tuple[int, int]

# Sections that never carry events (credits, datelines, widgets).
SKIP_SECTIONS = frozenset({"boilerplate", "byline", "dateline"})
# How much we trust each way of dating an event.
CONFIDENCE = {"clause": 0.9, "relative": 0.75, "sentence": 0.7, "published": 0.45, "none": 0.0}
MODALITY_FACTOR = {"asserted": 1.0, "claimed": 0.9, "disputed": 0.6, "hypothetical": 0.0, "negated": 0.0}
SUMMARY_MAX = 100

# --------------------------------------------------------------------------- records


# --------------------------------------------------------------------------- data


@dataclass(slots=True, frozen=True)
class TriggerEntry:
    words: tuple[str, ...]  # the inflected form, word by word, lower case
    cls: str
    kind: str
    pos: str  # "verb", "noun", "aspectual"
    constraint: str  # "", "@loc", "@subjloc" or ">w1|w2"
    lemma: str
    base_form: bool  # the bare/3sg form (may be a noun or an imperative)
    state: bool  # a lasting situation (kind "state"), dated only by "since"
    base_verb: bool  # pos "verb" and base_form: may be a name or a noun instead


def _load_json(name: str) -> dict[str, Any]:
    raw = resources.files("aleppo_cli.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(raw)


def _third(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ied"
    return word + "ed"


def _ing(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith("ee"):
        return word[:-1] + "ing"
    return word + "ing"


def _verb_forms(entry: str) -> list[tuple[str, bool]]:
    """All inflected forms of a lexicon verb entry, with whether each is a base form."""
    no_base = entry.startswith("!")
    entry = entry.lstrip("!")
    parts = [p.strip() for p in entry.split("/")]
    base_words = parts[0].split()
    head, rest = base_words[0], " ".join(base_words[1:])

    def phrase(w: str) -> str:
        return f"{w} {rest}".strip()

    if len(parts) == 1:
        past = pp = phrase(_past(head))
        ing = phrase(_ing(head))
    else:
        past, pp = parts[1], parts[2]
        ing = parts[3] if len(parts) > 3 else phrase(_ing(head))
    forms = [] if no_base else [(parts[0], True), (phrase(_third(head)), True)]
    forms += [(past, False), (pp, False), (ing, False)]
    return forms


def _noun_forms(noun: str) -> list[str]:
    words = noun.split()
    return [noun, " ".join(words[:-1] + [_third(words[-1])])]


@lru_cache(maxsize=1)
def trigger_index() -> dict[str, tuple[TriggerEntry, ...]]:
    """First word of every trigger form -> its entries, longest first."""
    data = _load_json("events_triggers.json")
    index: dict[str, list[TriggerEntry]] = {}

    def add(form: str, cls: str, kind: str, pos: str, constraint: str, lemma: str, base: bool) -> None:
        words = tuple(form.lower().split())
        entry = TriggerEntry(words, cls, kind, pos, constraint, lemma, base, kind == "state",
                             pos == "verb" and base)
        index.setdefault(words[0], []).append(entry)

    for raw in data.get("aspectual", []):
        for form, base in _verb_forms(raw):
            add(form, "", "aspectual", "aspectual", "", raw.split("/")[0], base)
    for cls, kinds in data["classes"].items():
        for kind, lists in kinds.items():
            for raw in lists.get("verbs", []):
                spec, _, constraint = raw.partition(" @")
                constraint = "@" + constraint if constraint else ""
                if not constraint:
                    spec, _, more = raw.partition(" >")
                    constraint = ">" + more if more else ""
                for form, base in _verb_forms(spec):
                    add(form, cls, kind, "verb", constraint, spec.lstrip("!").split("/")[0], base)
            for noun in lists.get("nouns", []):
                for form in _noun_forms(noun):
                    add(form, cls, kind, "noun", "", noun, False)
    return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in index.items()}


@dataclass(slots=True, frozen=True)
class Cues:
    speech: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    claim: frozenset[str]
    denial: tuple[tuple[str, ...], ...]
    modal: frozenset[str]
    conditional: tuple[tuple[str, ...], ...]
    irrealis_before: tuple[tuple[str, ...], ...]
    implicative: tuple[tuple[str, ...], ...]
    negation: tuple[tuple[str, ...], ...]
    openers: frozenset[str]
    # the phrase lists grouped by first / last word (in list order), for quick lookups
    according_first: dict[str, tuple[tuple[str, ...], ...]]
    denial_first: dict[str, tuple[tuple[str, ...], ...]]
    conditional_first: dict[str, tuple[tuple[str, ...], ...]]
    negation_first: dict[str, tuple[tuple[str, ...], ...]]
    irrealis_last: dict[str, tuple[tuple[str, ...], ...]]
    implicative_last: dict[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def cues() -> Cues:
    d = _load_json("events_cues.json")

    def phrases(name: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((tuple(p.split()) for p in d[name]), key=len, reverse=True))

    def grouped(ps: tuple[tuple[str, ...], ...], at: int) -> dict[str, tuple[tuple[str, ...], ...]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for p in ps:
            out.setdefault(p[at], []).append(p)
        return {w: tuple(group) for w, group in out.items()}

    according, denial, conditional = phrases("according"), phrases("denial"), phrases("conditional")
    negation, irrealis, implicative = phrases("negation"), phrases("irrealis_before"), phrases("implicative")
    return Cues(
        speech=frozenset(d["speech"]), according=according, claim=frozenset(d["claim"]),
        denial=denial, modal=frozenset(d["modal"]), conditional=conditional,
        irrealis_before=irrealis, implicative=implicative,
        negation=negation, openers=frozenset(d["clause_openers"]),
        according_first=grouped(according, 0), denial_first=grouped(denial, 0),
        conditional_first=grouped(conditional, 0), negation_first=grouped(negation, 0),
        irrealis_last=grouped(irrealis, -1), implicative_last=grouped(implicative, -1),
    )


# --------------------------------------------------------------------------- helpers

_WORD = re.compile(r"[A-Za-z0-9]++(?:[-'’][A-Za-z0-9]++)*+|n't|'ll|'d")
# re.split with the word as a group: [gap, word, gap, word, ..., gap], all offsets from lengths
_WORD_SPLIT = re.compile("(" + _WORD.pattern + ")")
# Clause breaks between two words: semicolons, dashes, a colon before a quotation, and the
# edges of a quotation ('"... quickly," he told').  A colon before a list of names is no break.
_CLAUSE_PUNCT = re.compile(r";|:\s*[\"“‘]|\s[—–]\s|\s--\s|—|[,.!?][\"”’]|[,:]\s*[\"“]")
# "a day after the recapture": the event after "after" is dated relative to the sentence.
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_REL_OFFSET = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(day|days|week|weeks)\s+"
    r"(after|before)\s*$", re.I)
# "as" starts a clause except in these fixed phrases.
_AS_NOT_CLAUSE_BEFORE = frozenset({"such", "well", "known", "described", "so", "same", "much", "many",
                                   "far", "long", "soon", "just", "seen", "regarded", "serve", "served"})
_AS_NOT_CLAUSE_AFTER = frozenset({"well", "a", "an", "part", "many", "much", "far", "long", "of",
                                  "soon", "if", "though", "to", "for", "its", "his", "her", "their",
                                  "the"})
_LEAD_STRIP = re.compile(
    r"^(?:[\s,;:\"'“”‘’(\-—–]|(?:and|but|or|so|then|which|who|that|when|while|as|after|before|"
    r"since|because|although|though|if|unless|until|once|where|whereas|however|meanwhile|also|"
    r"earlier|later)\b)+", re.I)
_SPACE = re.compile(r"\s+")


def _squash(s: str) -> str:
    """``_SPACE.sub(" ", s)`` (every run of whitespace as one space) without the regex, which
    is slow when it has a match at every space.  str.split and \\s agree on what is whitespace."""
    if s.isprintable() and "  " not in s:
        return s  # every whitespace character but the ASCII space is unprintable
    parts = s.split()
    if not parts:
        return " " if s else ""
    out = " ".join(parts)
    if s[0].isspace():
        out = " " + out
    if s[-1].isspace():
        out += " "
    return out


# The words _LEAD_STRIP drops (a cheap test before the regex).
_LEAD_WORDS = ("and", "but", "or", "so", "then", "which", "who", "that", "when", "while", "as", "after",
               "before", "since", "because", "although", "though", "if", "unless", "until", "once",
               "where", "whereas", "however", "meanwhile", "also", "earlier", "later")


def _strip_lead_words(s: str) -> str:
    """``_LEAD_STRIP.sub("", s)``.  An ASCII start with a letter or digit that begins none of its
    words cannot match (re.I only folds non-ASCII letters onto ASCII ones)."""
    head = s[:10]
    if head[:1].isalnum() and head.isascii() and not head.lower().startswith(_LEAD_WORDS):
        return s
    return _strip_lead(_LEAD_STRIP, s)


def _strip_lead(pattern: re.Pattern[str], s: str) -> str:
    """``pattern.sub("", s)`` for a pattern anchored at ``^`` (it can only match once, at 0)."""
    m = pattern.match(s)
    return s[m.end():] if m else s
# "Earlier on Monday, ..." / "On Sunday, ...": a fronted time adjunct, dropped from summaries
_LEAD_TIME = re.compile(
    r"^(?:(?:earlier|later|early|late)\s+)?(?:(?:on|in|at|by|late|early|over)\s+)?(?:the\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|overnight|last\s+\w+|"
    r"this\s+\w+|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{4})(?:\s+(?:morning|afternoon|evening|night))?,\s+",
    re.I)
_FRONTED = frozenset({"after", "before", "since", "when", "while", "as", "if", "although", "though",
                      "because", "once", "unless", "until", "whereas"})
_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "been", "be", "had", "did"})
# ", a rebel official said" / ", says army" / ", according to Reuters" closing a clause
_TAIL_ATTRIBUTION = re.compile(
    r",\s*(?:(?:said|says|added|told)\s+[^,]{1,60}|[^,]{1,60}\s+(?:said|says|added|reported)"
    r"(?:\s+\w+day)?|according to [^,]{1,60})\s*$")
# reporting verbs that come before their subject after a quotation ('"...," said X')
_INVERTING = frozenset({"said", "says", "added", "adds", "wrote", "writes", "told", "asked", "reported"})
# Before these, a bare or -s form is a noun ("the attack", "a week of clashes"), not a verb.
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these",
                          "those", "any", "every", "each", "no", "of", "in", "after", "before", "during",
                          "amid", "against", "for", "with", "by", "new", "more", "further", "fresh",
                          "heavy", "several", "many", "some"})
# "those killed", "the wounded": a participle right after these is a noun phrase (the people
# it happened to), not a finite verb, so "those killed and wounded" is one subject.
_NOMINAL_HEADS = frozenset({"those", "these", "the"})
# A later clause opening with one of these is the predicate of a bare "those killed" subject.
_PREDICATE_OPENERS = frozenset({"has", "have", "had", "is", "are", "was", "were", "included", "include",
                                "includes", "remain", "remained", "remains"})
_RELATIVE_OPENERS = frozenset({"which", "that", "who"})
# Reporting verbs that are also plural nouns ("member states", "reports of shelling").
_NOUN_LIKE_SPEECH = frozenset({"states", "reports", "claims"})
# what _SOURCE_TAIL can end with (a cheap test before it; re.I folds non-ASCII letters
# onto ASCII ones only, so an ASCII tail ending otherwise cannot match)
_SOURCE_TAIL_ENDS = ("also", "has", "have", "had", "previously", "later", "earlier", "again", "then",
                     "separately", "day")
_SOURCE_TAIL = re.compile(r"(?:\s+(?:also|has|have|had|previously|later|earlier|again|then|separately|"
                          r"on\s+\w+day|\w+day))+$", re.I)
_POSSESSIVE_END = re.compile(r"'s$")
_NAME_STRIP = re.compile(r"^(?:the|al|el|a|an)[\s-]+|[^\w\s-]", re.I)
_CAPS = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:al|el|bin|de|of|the)[\s-]+)?[A-Z][\w'’-]*)*")
_SENTENCE_START_WORDS = frozenset({"the", "a", "an", "in", "on", "at", "but", "and", "he", "she", "it",
                                   "they", "we", "i", "this", "that", "there", "after", "as", "if",
                                   "when", "while", "earlier", "later", "meanwhile", "however",
                                   "some", "many", "most", "more", "one", "his", "her", "their",
                                   "its", "our", "those", "these", "by", "for", "from", "with"})

_PRECISION_PATTERNS = (
    (re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T.*)?$"), "day"),
    (re.compile(r"^(\d{4}-W\d{2})(?:-WE)?$"), "week"),
    (re.compile(r"^(\d{4}-\d{2})$"), "month"),
    (re.compile(r"^(\d{4}-(?:SP|SU|FA|WI))$"), "season"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def date_of_value(value: str | None) -> tuple[str, str] | None:
    """A TIMEX3 value as a timeline date and its precision; None when it names no date."""
    if not value:
        return None
    for pattern, precision in _PRECISION_PATTERNS:
        m = pattern.match(value)
        if m:
            return m.group(1), precision
    return None


def normalise_name(text: str) -> str:
    """Lower case, no leading article or al-/el- particle, no punctuation."""
    t = _POSSESSIVE_END.sub("", text.lower().replace("’", "'"))
    prev = None
    while prev != t:
        prev = t
        t = _NAME_STRIP.sub("", t).strip()
    return _squash(t)


def _phrase_starting_at(words: list[str], i: int, by_first: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether one of the phrases (grouped by their first word) starts at index ``i``."""
    if i >= len(words):
        return False
    for p in by_first.get(words[i], ()):
        if tuple(words[i:i + len(p)]) == p:
            return True
    return False


def _phrase_ending_at(words: list[str], end: int,
                      by_last: dict[str, tuple[tuple[str, ...], ...]]) -> tuple[str, ...] | None:
    """The first phrase (in list order; grouped by their last word) whose words end right
    before index ``end``."""
    if end <= 0:
        return None
    for p in by_last.get(words[end - 1], ()):
        if end - len(p) >= 0 and tuple(words[end - len(p):end]) == p:
            return p
    return None


@dataclass(slots=True)
class _Hit:
    entry: TriggerEntry
    i: int  # first token index
    j: int  # one past the last token index
    start: int
    end: int


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    i: int  # token range
    j: int
    opener: str  # the subordinator that opens it ("" for a main clause)
    attribution: bool = False  # the reporting frame ("X said Monday")


# --------------------------------------------------------------------------- main entry


def find_events(
    text: str,
    sentences: Sequence[Span],
    segments: Sequence[Any] = (),
    timexes: Sequence[Any] = (),
    mentions: Sequence[Any] | None = (),
    published: str | None = None,
    quotes: Sequence[Any] | None = None,
) -> list[Event]:
    """Events of one document, in text order.

    ``mentions=None`` means the entity stage did not run: capitalised phrases
    stand in for mentions so that participants and merging still work.
    ``quotes``: the document's quotes (``start, end, direct, speaker``), when the
    quote stage ran; an event inside quotation marks is then credited to the
    speaker of the direct quote around it.  Without them a quoted event is still
    a claim, credited to the sentence's reporting frame if it has one.
    """
    seg_list = sorted(segments, key=lambda s: s.start)
    seg_starts = [s.start for s in seg_list]
    times = sorted((t for t in timexes), key=lambda t: t.start)
    time_starts = [t.start for t in times]
    if mentions is None:
        mention_list: list[Any] = _capitalised_mentions(text, sentences, times)
    else:
        mention_list = sorted(mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mention_list]
    # Lower-casing maps no character but these two to ASCII or to two characters, so otherwise
    # the words of the lower-cased text are the lower-cased words, at the same offsets ...
    odd_case = "\u212a" in text or "\u0130" in text
    # ... unless the case-sensitive 'll / 'd of _WORD would match only in the lower-cased text
    lower_first = not (odd_case or "'D" in text or "'L" in text or "'lL" in text)
    starts, ends, words = _tokens(text, 0, lower_first)
    breaks = _break_gaps(text, starts, ends)
    time_start_set = frozenset(time_starts)
    first_words = _trigger_first_words()
    # where trigger and clause-cut words stand, found once for the document; each sentence
    # takes its slice (bisect) instead of scanning its words again
    trig_all = [i for i, w in enumerate(words) if w in first_words] if lower_first else []
    cut_words = _clause_words()
    cut_all = [i for i, w in enumerate(words) if w in cut_words] if lower_first else []
    events: list[Event] = []
    for s_start, s_end in sentences:
        a, b = bisect_left(starts, s_start), bisect_left(starts, s_end)
        if (a and ends[a - 1] > s_start) or (b and ends[b - 1] > s_end):
            # a word runs across the sentence's edge: read the sentence on its own
            st, en, ws = _tokens(text[s_start:s_end], s_start, lower_first)
            s_breaks = None
        else:
            if lower_first:
                # most sentences name no happening: they hold no trigger word
                ta, tb = bisect_left(trig_all, a), bisect_left(trig_all, b)
                if ta == tb:
                    continue
                trig_at = [i - a for i in trig_all[ta:tb]]
                cut_at = [i - a for i in cut_all[bisect_left(cut_all, a):bisect_left(cut_all, b)]]
            ws = words[a:b]
            st, en = starts[a:b], ends[a:b]
            s_breaks = [k - a for k in breaks[bisect_right(breaks, a):bisect_left(breaks, b)]] if breaks else []
        if not lower_first:
            # (the test reads the words of the lower-cased text, which differ here)
            if first_words.isdisjoint(_WORD.findall(text[s_start:s_end].lower())):
                continue
            trig_at = cut_at = None
        elif s_breaks is None:
            if first_words.isdisjoint(ws):
                continue
            trig_at = cut_at = None
        if not ws:
            continue
        # (after the word tests: sentences they skip need no section lookup)
        section = _section_at(seg_list, seg_starts, s_start)
        if section in SKIP_SECTIONS:
            continue
        s_times = times[bisect_left(time_starts, s_start):bisect_left(time_starts, s_end)]
        s_mentions = mention_list[bisect_left(mention_starts, s_start):bisect_left(mention_starts, s_end)]
        if s_breaks is None:
            s_breaks = _break_gaps(text, st, en)
        events.extend(_sentence_events(text, (s_start, s_end), section, s_times, s_mentions, st, en, ws,
                                       s_breaks, time_start_set, trig_at, cut_at))
    if events:
        _mark_quoted(text, events, quotes)
    if published is not None:
        date_events(events, timexes, published)
    return events


def _tokens(chunk: str, offset: int, lower_first: bool) -> tuple[list[int], list[int], list[str]]:
    """The words of ``chunk``: their starts and ends (plus ``offset``) and lower-cased text.
    ``lower_first``: lower-casing keeps every offset and word boundary of ``chunk``."""
    parts = _WORD_SPLIT.split(chunk.lower() if lower_first else chunk)
    if len(parts) == 1:
        return [], [], []
    pos = list(accumulate(map(len, parts), initial=offset))
    # parts alternate gap, word, gap, ...: word k spans pos[2k+1]:pos[2k+2]
    # (words hold only ASCII letters, digits, - ' and ’: lower-casing them all at once is safe)
    words = parts[1::2] if lower_first else " ".join(parts[1::2]).lower().split(" ")
    return pos[1:-1:2], pos[2::2], words


def _positions(words: list[str], members: frozenset[str] | dict[str, Any]) -> list[int]:
    """Indices of the words in ``members``."""
    return [i for i, w in enumerate(words) if w in members]


# Every _CLAUSE_PUNCT match holds one of these characters, or "--".
_BREAK_CHARS = re.compile(r"""[;:—–"“‘”’]""")


def _break_gaps(text: str, st: list[int], en: list[int]) -> list[int]:
    """The indices k (rising) of the tokens whose gap before them (after token k-1) holds a
    clause break (_CLAUSE_PUNCT).  A regex scan of all the text is slow; the characters a break
    needs are rare, so only the gaps that hold one are searched."""
    out: list[int] = []
    if len(st) < 2:
        return out
    lo, hi = en[0], st[-1]
    found = [m.start() for m in _BREAK_CHARS.finditer(text, lo, hi)]
    p = text.find("--", lo, hi)
    if p >= 0:
        while p >= 0:
            found.append(p)
            p = text.find("--", p + 2, hi)
        found.sort()
    last = 0
    for p in found:
        k = bisect_right(st, p)
        if k == last or p < en[k - 1]:
            continue  # gap already searched, or the character is inside a word
        last = k
        if _CLAUSE_PUNCT.search(text, en[k - 1], st[k]):
            out.append(k)
    return out


_QUOTE_MARK_OR_LINE = re.compile(r'["“”\n]')


def quoted_spans(text: str) -> list[Span]:
    """Stretches of text inside double quotation marks, paired line by line.

    Curly marks say which way they face: an opening mark left open runs to the end
    of its line, and a closing mark with no opening one before it on its line closes
    a quotation that began on an earlier line (multi-sentence quotes in one-sentence-
    per-line text).  A straight mark opens or closes by parity; one left open runs to
    the end of its line.
    """
    spans: list[Span] = []
    if '"' not in text and "“" not in text and "”" not in text:
        return spans
    # one scan for the marks and the line breaks
    line_start = 0
    open_at: int | None = None
    for m in _QUOTE_MARK_OR_LINE.finditer(text):
        pos = m.start()
        mark = m.group()
        if mark == "\n":
            if open_at is not None:
                spans.append((open_at, pos))
                open_at = None
            line_start = pos + 1
        elif open_at is None:
            if mark == "”":
                spans.append((line_start, pos))  # the tail of a quote from an earlier line
            else:
                open_at = pos + 1
        elif mark in ('"', "”"):
            spans.append((open_at, pos))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _mark_quoted(text: str, events: list[Event], quotes: Sequence[Any] | None) -> None:
    """Events told inside quotation marks are the speaker's claim, not the writer's fact."""
    spans = quoted_spans(text)
    if not spans:
        return
    starts = [a for a, _ in spans]
    direct = sorted((q for q in quotes or () if getattr(q, "direct", False)), key=lambda q: q.start)
    for ev in events:
        k = bisect_right(starts, ev.trigger_start) - 1
        if k < 0 or not spans[k][0] <= ev.trigger_start < spans[k][1]:
            continue
        speaker = next((q.speaker for q in direct if q.start <= ev.trigger_start < q.end and q.speaker), None)
        if speaker:
            ev.attribution = speaker
        if ev.modality == "asserted":
            ev.modality = "claimed"
        if "|quoted" not in ev.rule:
            head, sep, tail = ev.rule.partition("|time:")
            ev.rule = head + "|quoted" + sep + tail


def date_events(events: Sequence[Event], timexes: Sequence[Any], published: str | None) -> list[Event]:
    """Set date, precision, time_source and confidence from resolved timexes and the publication date.

    Each event's ``time`` was chosen by span; its value is re-read from
    ``timexes`` (which may have been resolved again once the publication date
    was known).  Hypothetical and negated events stay undated.
    """
    by_span = {(t.start, t.end): t for t in timexes}
    pub = date_of_value(published[:10]) if published else None
    for ev in events:
        ev.date = ev.precision = None
        if ev.modality in ("hypothetical", "negated"):
            ev.time_source, ev.confidence = "none", 0.0
            continue
        source = ev.rule.split("|time:")[-1] if "|time:" in ev.rule else ("clause" if ev.time else "published")
        got = None
        if ev.time is not None:
            t = by_span.get((ev.time.start, ev.time.end))
            if t is not None:
                ev.time.value = t.value
            got = date_of_value(ev.time.value)
            if got and "overnight" in ev.time.text.lower() and (ev.time.value or "").endswith("TNI"):
                # "overnight" is the night that ended on the reported day: the night of the 11th
                # (value 2016-12-11TNI) is what a paper of the 12th calls overnight
                got = _shift(got, 1)
        if got is None:
            source = "published"
            got = pub
        if got is not None and ev.offset_days:
            got = _shift(got, ev.offset_days)
            source = "relative" if got else source
        if got is None:
            ev.time_source, ev.confidence = "none", 0.0
            continue
        ev.date, ev.precision = got
        ev.time_source = source
        ev.confidence = CONFIDENCE[source] * MODALITY_FACTOR.get(ev.modality, 1.0)
        if ev.precision not in ("day", "week"):
            ev.confidence *= 0.9
    return list(events)


def link_entities(events: Sequence[Event], mentions: Sequence[Any]) -> None:
    """Copy canonical entity ids onto participants, by span, once cross-document resolution ran."""
    by_span = {(m.start, m.end): getattr(m, "entity", None) for m in mentions}
    for ev in events:
        for group in (ev.actors, ev.targets, ev.places):
            for p in group:
                entity = by_span.get((p.start, p.end))
                if entity:
                    p.entity = entity


def _shift(got: tuple[str, str], days: int) -> tuple[str, str] | None:
    value, precision = got
    if precision != "day":
        return None
    try:
        d = _date.fromisoformat(value) + timedelta(days=days)
    except ValueError:
        return None
    return d.isoformat(), "day"


def _section_at(segments: list[Any], starts: list[int], pos: int) -> str:
    k = bisect_right(starts, pos) - 1
    if k >= 0 and segments[k].start <= pos < segments[k].end:
        return segments[k].label
    return "body"


# --------------------------------------------------------------------------- per sentence


@lru_cache(maxsize=1)
def _trigger_first_words() -> frozenset[str]:
    return frozenset(trigger_index())


# Words at which _clauses may cut besides punctuation.
_CUT_WORDS = frozenset({"and", "but", "saying", "adding"})


@lru_cache(maxsize=1)
def _clause_words() -> frozenset[str]:
    return cues().openers | _CUT_WORDS


def _sentence_events(text: str, sent: Span, section: str, times: list[Any], mentions: list[Any],
                     st: list[int], en: list[int], words: list[str], breaks: list[int],
                     time_starts: frozenset[int], trig_at: list[int] | None = None,
                     cut_at: list[int] | None = None) -> list[Event]:
    """Events of one sentence; ``st``, ``en``, ``words``: its tokens' starts, ends and lower-cased
    text; ``breaks``: the tokens after a clause break (_break_gaps); ``time_starts``: where the
    document's time expressions start; ``trig_at``, ``cut_at``: where its trigger and clause-cut
    words stand, when already known."""
    hits = _find_triggers(text, st, en, words, mentions, trig_at)
    if not hits:
        return []
    c = cues()
    clauses = _clauses(text, st, en, words, hits, breaks, time_starts, cut_at)
    speech_at = [] if c.speech.isdisjoint(words) else _positions(words, c.speech)
    attribution = _attribution(text, sent, st, en, words, clauses, hits, speech_at)
    sentence_conditional = _phrase_starting_at(words, 0, c.conditional_first)
    denial_at = _first_phrase(words, c.denial_first)
    usable = [t for t in times if _usable(t)] if times else []
    # whether each usable time follows "since" (the start of a lasting situation), by its start
    since_of = {t.start: _preceded_by(text, t.start, "since") for t in usable} if usable else {}
    events: list[Event] = []
    chosen: list[tuple[_Clause, int, _Hit, list[Any], bool, list[Any]]] = []
    for k, cl in enumerate(clauses):
        if cl.attribution:
            continue
        cl_hits = [h for h in hits if cl.i <= h.i < cl.j]
        cl_times = [t for t in usable if cl.start <= t.start and t.end <= cl.end] if usable else []
        prev = clauses[k - 1] if k else None
        pick = _choose_trigger(st, en, cl, cl_hits, cl_times, prev, hits, mentions, section, since_of)
        if pick is None:
            continue
        hit, since_times = pick
        if hit.i < cl.i and chosen and chosen[-1][0] is prev and chosen[-1][2].i == hit.i:
            chosen.pop()  # "The offensive, which began ...": one event, told by the relative clause
        chosen.append((cl, k, hit, since_times, hit.entry.state, cl_times))
    # a time in a clause with its own event does not date the others, except across "and"
    # ("captured X and killed Y on Wednesday")
    taken_spans = [(cl.start, cl.end) for cl, *_ in chosen if cl.opener != "and"]
    for cl, k, hit, since_times, is_state, cl_times in chosen:
        ev = _make_event(text, sent, section, st, en, words, cl, k, hit, usable, since_of, cl_times,
                         mentions, taken_spans, since_times, is_state, clauses, speech_at)
        ev.modality = _modality(words, cl, k, hit, sentence_conditional, denial_at, clauses)
        if ev.modality in ("hypothetical", "negated"):
            ev.time_source = "none"
        if attribution and ev.trigger_start >= attribution[1]:
            ev.attribution = attribution[0]
            if ev.modality == "asserted":
                ev.modality = "claimed"
        events.append(ev)
    return events


def _first_phrase(words: list[str], by_first: dict[str, tuple[tuple[str, ...], ...]]) -> int | None:
    """Index of the first word that starts one of the phrases (grouped by first word)."""
    if by_first.keys().isdisjoint(words):
        return None
    for i, w in enumerate(words):
        group = by_first.get(w)
        if group and any(tuple(words[i:i + len(p)]) == p for p in group):
            return i
    return None


def _find_triggers(text: str, st: list[int], en: list[int], words: list[str], mentions: list[Any],
                   at: list[int] | None = None) -> list[_Hit]:
    """``at``: the indices of the words that start a trigger, when already known."""
    index = trigger_index()
    hits: list[_Hit] = []
    after = 0  # a trigger's words are not read again as the start of another
    for i in _positions(words, index) if at is None else at:
        if i < after:
            continue
        for e in index[words[i]]:
            if len(e.words) == 1:
                j = i + 1
            else:
                j = _match_words(words, i, e.words)
                if j is None:
                    continue
            if e.constraint and not _constraint_ok(e, st, en, words, i, j, mentions):
                continue
            if e.base_verb and i > 0:
                if text[st[i]].isupper() and not text[st[i - 1]].isupper():
                    continue  # "Free Syrian Army", "Strike Force": a name, not a verb
                if words[i - 1] in _DETERMINERS or words[i - 1].endswith(("'s", "’s")):
                    continue  # "Aleppo's fall", "the attack": a noun
            hits.append(_Hit(e, i, j, st[i], en[j - 1]))
            after = j
            break
    return hits


def _match_words(words: list[str], i: int, form: tuple[str, ...]) -> int | None:
    if words[i] != form[0]:
        return None
    j = i + 1
    for w in form[1:]:
        # one word may come between the parts of a phrasal verb ("laid their arms down" is rare;
        # "pulled back", "took back" are the norm), so allow a gap of one
        if j < len(words) and words[j] == w:
            j += 1
        elif j + 1 < len(words) and words[j + 1] == w:
            j += 2
        else:
            return None
    return j


@lru_cache(maxsize=256)
def _wanted_words(constraint: str) -> frozenset[str]:
    return frozenset(constraint[1:].split("|"))


def _constraint_ok(e: TriggerEntry, st: list[int], en: list[int], words: list[str], i: int, j: int,
                   mentions: list[Any]) -> bool:
    c = e.constraint
    if not c:
        return True
    if c.startswith(">"):
        return not _wanted_words(c).isdisjoint(words[j:j + 4])
    if c == "@loc":
        # a place mention starting within six words after the trigger
        lo = en[j - 1]
        limit = en[min(j + 6, len(en)) - 1]
        return any(m.type in ("LOC", "MISC") and lo <= m.start <= limit for m in mentions)
    if c == "@subjloc":
        start = st[max(0, i - 6)]
        end = st[i]
        return any(m.type in ("LOC", "MISC") and start <= m.start and m.end <= end for m in mentions)
    return True


def _clauses(text: str, st: list[int], en: list[int], words: list[str], hits: list[_Hit],
             breaks: list[int], time_starts: frozenset[int] = frozenset(),
             cut_at: list[int] | None = None) -> list[_Clause]:
    """Cut a sentence into clauses: at ; : dashes, quotation edges (``breaks``, from
    _break_gaps), and before subordinators."""
    c = cues()
    n = len(words)
    cuts: dict[int, str] = dict.fromkeys(breaks, "")  # token index where a clause starts -> opener
    hit_starts = {h.i: h for h in hits}
    hit_ends = {h.j: h for h in hits}
    for k in _positions(words, _clause_words()) if cut_at is None else cut_at:
        if k == 0 or k in cuts:
            continue  # (a cut here so far is a punctuation break, which wins)
        w = words[k]
        between = text[en[k - 1]:st[k]]
        if w in c.openers:
            if w == "as" and (words[k - 1] in _AS_NOT_CLAUSE_BEFORE
                              or (k + 1 < n and words[k + 1] in _AS_NOT_CLAUSE_AFTER)):
                continue
            if w == "that" and k + 1 < n and words[k + 1] in ("of", "is", "was"):
                continue
            if w in ("since", "until", "after", "before") and "," not in between:
                # "since 2012", "after Monday" are time adjuncts: only cut before a clause-like group
                if k + 1 < n and (words[k + 1][0].isdigit() or _timex_starts_near(st, words, k + 1, time_starts)):
                    continue
            cuts[k] = w
            continue
        if w in ("and", "but") and k + 1 < n:
            nxt = hit_starts.get(k + 1)
            if nxt is not None and nxt.entry.pos == "verb" and not nxt.entry.base_form:
                if not (_nominal_participle(words, hit_ends.get(k)) and "," not in between):
                    cuts[k] = w  # "captured X and killed Y": two events; "those killed and wounded": one
            elif "," in between:
                cuts[k] = w
            elif words[k + 1] in _DETERMINERS and not c.modal.isdisjoint(words[k + 2:k + 9]):
                cuts[k] = w  # "... since 2012 and a rebel defeat would be ...": a new clause
        elif w in ("saying", "adding") and "," in between:
            cuts[k] = w
    if words[0] in _FRONTED:
        # "After repeated attempts to retake X, the army shelled Y": the fronted clause ends at
        # its first comma
        for k in range(1, n):
            if k in cuts:
                break
            if "," in text[en[k - 1]:st[k]]:
                cuts[k] = ""
                break
    bounds = sorted(cuts)
    out: list[_Clause] = []
    prev = 0
    opener = ""
    for k in bounds + [n]:
        if k > prev:
            out.append(_Clause(st[prev], en[k - 1], prev, k, opener))
        if k < n:
            opener = cuts[k]
        prev = k
    return out


def _nominal_participle(words: list[str], hit: _Hit | None) -> bool:
    """A participle used as a noun phrase: 'those killed', 'the wounded'."""
    return (hit is not None and hit.entry.pos == "verb" and not hit.entry.base_form and hit.i > 0
            and words[hit.i - 1] in _NOMINAL_HEADS)


def _timex_starts_near(st: list[int], words: list[str], k: int, time_starts: frozenset[int]) -> bool:
    """A time expression starts at token k or right after an article ('the summer of 2012')."""
    return st[k] in time_starts or (
        k + 1 < len(st) and words[k] in ("the", "early", "late", "mid") and st[k + 1] in time_starts)


def _attribution(text: str, sent: Span, st: list[int], en: list[int], words: list[str],
                 clauses: list[_Clause], hits: list[_Hit], speech_at: list[int]) -> tuple[str, int] | None:
    """The source the sentence's events are credited to, and from which offset on it covers them;
    marks the reporting clause.  "..., X said" and "according to X" cover the whole sentence;
    "X said ..." covers what follows the verb ("X fled to London and told ..." asserts the flight).
    ``speech_at``: the indices of the sentence's reporting verbs."""
    c = cues()
    n = len(words)
    # "according to X" / "citing X"
    according = c.according_first
    if not according.keys().isdisjoint(words) and _any_subset(_according_word_sets(), set(words)):
        for i in _positions(words, according):
            for p in according[words[i]]:
                if tuple(words[i:i + len(p)]) == p:
                    j = i + len(p)
                    end = _np_end(text, st, en, words, j, sent[1])
                    if end > j:
                        for cl in clauses:
                            if cl.i <= i < cl.j and cl.j - cl.i <= (end - i) + 2:
                                cl.attribution = True
                        return _clean(text[st[j]:en[end - 1]]), sent[0]
    if not speech_at:
        return None
    for k, cl in enumerate(clauses):
        for i in speech_at:
            if i < cl.i:
                continue
            if i >= cl.j:
                break
            if _plural_noun_reading(words, i):
                continue
            # "..., says Syrian military": a comma, the verb, then a short name to the end
            if words[i] in _INVERTING and i > 0 and text[en[i - 1]:st[i]].strip() == "," \
                    and 0 < n - i - 1 <= 6:
                end = _np_end(text, st, en, words, i + 1, sent[1])
                if end == n:
                    cl.attribution = cl.attribution or i == cl.i
                    return _clean(text[st[i + 1]:en[end - 1]]), sent[0]
            # "X said [Monday] [that] ...": the source is before the verb in the same clause
            after_end = cl.j
            if i > 0 and i - cl.i >= 1:
                src = _source_phrase(text[sent[0]:st[i]])
                if not src:
                    continue
                rest = i + 1
                # the frame is the whole clause when little follows the verb ("..., X said Monday.")
                frame_only = after_end - rest <= 3 or all(words[x] in ("that", "on", "in") or
                                                          words[x][0].isdigit() for x in range(rest, after_end))
                if (frame_only or k < len(clauses) - 1 and clauses[k + 1].opener in ("that", "")) \
                        and not any(cl.i <= h.i < i for h in hits):
                    cl.attribution = True
                before = text[sent[0]:st[i]].rstrip()
                last_comma = before.rfind(",")
                tail = not before.endswith(",") and last_comma >= 0 and any(
                    h.start < sent[0] + last_comma for h in hits)
                return src, (sent[0] if tail else st[i])
            # "..., said X, the head of ..." (inverted)
            if words[i] in _INVERTING and (i == cl.i or text[en[i - 1]:st[i]].strip() == ","):
                end = _np_end(text, st, en, words, i + 1, sent[1])
                if end > i + 1:
                    if i == cl.i or end - cl.i >= cl.j - cl.i - 1:
                        cl.attribution = True  # '"...," said X of the Y group fighting in Z'
                    return _clean(text[st[i + 1]:en[end - 1]]), sent[0]
    return None


@lru_cache(maxsize=1)
def _according_word_sets() -> tuple[frozenset[str], ...]:
    """The words of each 'according to' phrase: a phrase can match only if all are there."""
    return tuple(frozenset(p) for p in cues().according)


def _any_subset(groups: tuple[frozenset[str], ...], present: set[str]) -> bool:
    return any(g <= present for g in groups)


def _plural_noun_reading(words: list[str], i: int) -> bool:
    """'member states to', 'reports of shelling', 'the claims': a plural noun, not 'X states'."""
    if words[i] not in _NOUN_LIKE_SPEECH:
        return False
    nxt = words[i + 1] if i + 1 < len(words) else ""
    prev = words[i - 1] if i > 0 else ""
    return nxt in ("to", "of", "in", "on", "about", "and", "or") or prev in _DETERMINERS or prev == "member"


def _ends_with_and(b: str) -> bool:
    """``re.search(r"\\s(?:and|but)$", b)`` for a stripped ``b`` (no final newline for $ to skip)."""
    return b[-3:] in ("and", "but") and len(b) >= 4 and b[-4].isspace()


def _source_phrase(before: str) -> str | None:
    """The noun phrase right before a reporting verb: 'state media and Russian officials'.

    ``before`` runs from the sentence start to the verb.  "X, a legal adviser to Y, said" and
    "X, who heads Y, said" credit X, the part before the first comma.
    """
    b = before.rstrip()
    for sep in ("“", "\"", "”"):
        if sep in b:
            b = b.rsplit(sep, 1)[1]
    b = b.strip()
    if b.endswith(",") or _ends_with_and(b):
        # "X, a legal adviser, said" / "X, the minister, fled to London and told": the subject
        # is the sentence's first phrase
        parts = [p.strip() for p in b.split(",") if p.strip()]
        b = parts[0] if parts else ""
        if _ends_with_and(b):
            return None
    elif "," in b:
        b = b.rsplit(",", 1)[1]
    b = _strip_lead_words(b).strip()
    tail = b[-10:]
    if not tail.isascii() or tail.lower().endswith(_SOURCE_TAIL_ENDS):
        b = _SOURCE_TAIL.sub("", b)
    if not b or len(b) > 80 or len(b.split()) > 10:
        return None
    first = b.split()[0]
    if first.islower() and first.endswith(("ing", "ed")):
        return None  # "highlighting the gap between the ...": a verb phrase, not a source
    return b


_NP_BREAK = re.compile(r"[,;:.()\"“”]")
_NP_STOP_WORDS = frozenset({"said", "says", "that", "which", "who", "on", "in"})


def _np_end(text: str, st: list[int], en: list[int], words: list[str], j: int, limit: int) -> int:
    """Index past the last token of the noun phrase starting at token j (stops at punctuation)."""
    k = j
    n = len(st)
    while k < n and en[k] <= limit:
        if k > j and _NP_BREAK.search(text, en[k - 1], st[k]):
            break
        if words[k] in _NP_STOP_WORDS:
            break
        k += 1
        if k - j >= 8:
            break
    return k


def _clean(s: str) -> str:
    return _squash(s).strip(" ,.;:\"'“”‘’")


def _choose_trigger(st: list[int], en: list[int], cl: _Clause, cl_hits: list[_Hit], cl_times: list[Any],
                    prev: _Clause | None, all_hits: list[_Hit], mentions: list[Any], section: str,
                    since_of: dict[int, bool]) -> tuple[_Hit, list[Any]] | None:
    """The clause's event trigger, and the 'since' timexes when it is a lasting situation."""
    # (each list below is read only as far as the first hit the rules take)
    for asp in cl_hits:
        if asp.entry.pos == "aspectual":
            before = [h for h in cl_hits if h.entry.pos == "noun" and not h.entry.state and h.i < asp.i]
            if not before and prev is not None and cl.opener in ("which", "that") and not prev.attribution:
                before = [h for h in all_hits if prev.i <= h.i < prev.j and h.entry.pos == "noun"]
            if before:
                noun = before[-1]
                return _Hit(noun.entry, noun.i, noun.j, noun.start, noun.end), []
            break
    for h in cl_hits:
        if h.entry.pos == "verb" and not h.entry.state:
            return h, []
    since_times = [t for t in cl_times if since_of[t.start]]
    if since_times:
        for h in cl_hits:
            if h.entry.state:
                return h, since_times
    own_times = len(since_times) < len(cl_times)
    # An event noun alone ("the war", "the collapse") names a happening only when the clause
    # dates it or says what it happened to ("the recapture of Palmyra"); long-running ones
    # (war, campaign, uprising) only when dated.
    for h in cl_hits:
        if h.entry.pos == "noun" and not h.entry.state and (
                own_times or section == "title"
                or (h.entry.kind != "offensive" and _noun_has_participant(st, en, h, mentions, cl))):
            return h, []
    return None


def _noun_has_participant(st: list[int], en: list[int], h: _Hit, mentions: list[Any], cl: _Clause) -> bool:
    """A name right before the noun ("Palmyra's fall") or within six words after it."""
    lo = st[max(cl.i, h.i - 3)]
    hi = en[min(cl.j, h.j + 6) - 1]
    return any((lo <= m.start and m.end <= h.start) or (h.end <= m.start and m.end <= hi) for m in mentions)


def _preceded_by(text: str, pos: int, word: str) -> bool:
    before = text[max(0, pos - len(word) - 12):pos].lower().split()
    return bool(before) and (before[-1] == word or (len(before) > 1 and before[-2] == word
                                                    and before[-1] in ("the", "early", "late", "mid")))


def _make_event(text: str, sent: Span, section: str, st: list[int], en: list[int], words: list[str],
                cl: _Clause, k: int, hit: _Hit, usable: list[Any], since_of: dict[int, bool],
                clause_times: list[Any], mentions: list[Any], taken: list[Span], since_times: list[Any],
                is_state: bool, clauses: list[_Clause], speech_at: list[int]) -> Event:
    """The event of clause ``clauses[k]``; ``usable``: the sentence's times that can date an
    event, ``clause_times`` those inside the clause."""
    e = hit.entry
    start = cl.start
    if hit.start < cl.start:
        start = clauses[k - 1].start if k else hit.start
    ev = Event(start=start, end=cl.end, sentence=sent, trigger=text[hit.start:hit.end],
               trigger_start=hit.start, trigger_end=hit.end, cls=e.cls, kind=e.kind, section=section)
    _participants(ev, mentions, cl, hit)
    # time: the clause's own expression, else the sentence's, else the publication date
    rule_time = "published"
    offset = _relative_offset(text, sent, cl) if cl.opener in ("after", "before") else 0
    if is_state:
        pick = _nearest(since_times, hit.start)
        ev.since = True
        rule_time = "clause"
    else:
        pick = None
        if clause_times:
            pick = _nearest([t for t in clause_times if not since_of[t.start]], hit.start)
        if pick is not None:
            rule_time = "clause"
        elif offset:
            ev.offset_days = offset
            anchor = [t for t in usable if t.end <= cl.start
                      and not _REL_OFFSET.search(text[t.start:t.end + 1])
                      and not since_of[t.start]]
            pick = anchor[-1] if anchor else None
            rule_time = "relative"
        elif usable:
            others = [(a, b) for a, b in taken if (a, b) != (cl.start, cl.end)]
            free = [t for t in usable if not since_of[t.start]
                    and not any(a <= t.start < b for a, b in others)]
            pick = _nearest(free, hit.start)
            if pick is not None:
                rule_time = "sentence"
    if pick is not None:
        ev.time = TimeRef(pick.start, pick.end, pick.text, pick.type, pick.value)
    ev.rule = f"trigger:{e.pos}:{e.lemma}|{e.cls}.{e.kind}" + ("|since" if ev.since else "") + f"|time:{rule_time}"
    ev.summary = _summary(text, ev, cl, k, clauses, st, en, words, hit, speech_at, mentions)
    ev.time_source = rule_time  # planned; date_events confirms it once values are resolved
    return ev


def _usable(t: Any) -> bool:
    """A time expression that can date an event: a DATE or TIME whose value is a date, or not yet
    resolved ("XXXX-XX-XX" before the publication date is known; ``date_events`` reads it again)."""
    if t.type not in ("DATE", "TIME"):
        return False
    value = t.value or ""
    return date_of_value(value) is not None or value.startswith("X")


def _nearest(candidates: list[Any], pos: int) -> Any | None:
    if not candidates:
        return None
    return min(candidates, key=lambda t: (abs(t.start - pos), t.start))


def _relative_offset(text: str, sent: Span, cl: _Clause) -> int:
    if cl.opener not in ("after", "before"):
        return 0
    m = _REL_OFFSET.search(text, sent[0], cl.start + len(cl.opener))
    if not m or m.end() < cl.start:
        return 0
    g = m.group(1)
    n = int(g) if g.isdigit() else _NUMBERS[g.lower()]
    days = n * (7 if m.group(2).lower().startswith("week") else 1)
    # "X a day after Y": Y is a day before X
    return -days if m.group(3).lower() == "after" else days


def _participants(ev: Event, mentions: list[Any], cl: _Clause, hit: _Hit) -> None:
    """Mentions in the clause before the trigger are actors, after it targets and places; a
    place before it is the event's place when none follows (``mentions``: sorted by start)."""
    start = min(cl.start, hit.start)
    end = cl.end
    h_start, h_end = hit.start, hit.end
    speaker_like = ev.cls in ("DIPLOMACY", "STATEMENT", "POLITICS")
    places_before: list[Any] = []
    for m in mentions:
        if m.start < start or m.end > end:
            if m.start > end:
                break
            continue
        if m.end <= h_start:
            if m.type == "LOC" and not speaker_like:
                places_before.append(m)
            else:
                ev.actors.append(Participant(m.start, m.end, m.text, m.type, getattr(m, "entity", None)))
        elif m.start >= h_end:
            part = Participant(m.start, m.end, m.text, m.type, getattr(m, "entity", None))
            if m.type == "LOC":
                ev.places.append(part)
            else:
                ev.targets.append(part)
    if not ev.places and places_before:
        ev.places = [Participant(m.start, m.end, m.text, m.type, getattr(m, "entity", None))
                     for m in places_before]


# --------------------------------------------------------------------------- modality


def _modality(words: list[str], cl: _Clause, k: int, hit: _Hit, sentence_conditional: bool,
              denial_at: int | None, clauses: list[_Clause]) -> str:
    """The modality of the event of ``clauses[k]`` (``cl``) triggered by ``hit``."""
    c = cues()
    i = hit.i
    negation = c.negation_first
    lo = max(cl.i, i - 3)
    if not negation.keys().isdisjoint(words[lo:i]):
        for x in range(lo, i):
            for p in negation.get(words[x], ()):
                if x + len(p) <= i and tuple(words[x:x + len(p)]) == p:
                    return "negated"
    if _phrase_starting_at(words, cl.i, c.conditional_first) or cl.opener in ("if", "unless", "whether"):
        return "hypothetical"
    if sentence_conditional:
        return "hypothetical"
    # A modal before the trigger governs it ("would capture"); after it, only when the event is
    # named by a noun or gerund that is the subject ("Aleppo's fall would...", "Capturing X would be").
    if not c.modal.isdisjoint(words[cl.i:i]):
        return "hypothetical"
    nominal = hit.entry.pos == "noun" or words[i].endswith("ing")
    if nominal:
        subject_gerund = words[i].endswith("ing") and (i == cl.i or (i == cl.i + 1 and words[cl.i] in ("and", "but"))) \
            and cl.opener in ("", "and", "but")
        stop = clauses[-1].j if subject_gerund else cl.j
        if not c.modal.isdisjoint(words[hit.j:stop]):
            return "hypothetical"
    # "demanded that all militants surrender": the wanted event has not happened
    if cl.opener == "that" and k > 0 and _phrase_ending_at(words, cl.i, c.irrealis_last):
        return "hypothetical"
    # "attempts to take back", "close to capturing"; not "managed to capture"
    irrealis = _phrase_ending_at(words, i, c.irrealis_last)
    if irrealis == ("to",) and hit.entry.pos == "noun":
        irrealis = None  # "in response to attacks": a noun after "to" is no infinitive
    if irrealis is None and i - 1 > cl.i and words[i - 1] in ("the", "a", "an", "its", "their", "his", "her"):
        irrealis = _phrase_ending_at(words, i - 1, c.irrealis_last)
        if irrealis == ("to",):
            irrealis = None
    if irrealis is not None and _phrase_ending_at(words, i, c.implicative_last) is None:
        return "hypothetical"
    if denial_at is not None and denial_at < i:
        return "disputed"
    if not c.claim.isdisjoint(words[max(cl.i, i - 4):min(cl.j, i + 1)]):
        return "claimed"
    return "asserted"


# --------------------------------------------------------------------------- summary


def _summary(text: str, ev: Event, cl: _Clause, k: int, clauses: list[_Clause], st: list[int],
             en: list[int], words: list[str], hit: _Hit, speech_at: list[int],
             mentions: Sequence[Any] = ()) -> str:
    """'who did what to whom where', from the clause ``clauses[k]``, at most SUMMARY_MAX characters."""
    start, end = cl.start, cl.end
    # a reporting verb before the trigger in the clause: the summary starts after it
    for x in speech_at:
        if x < cl.i:
            continue
        if x >= cl.j or st[x] >= ev.trigger_start:
            break
        if x + 1 < cl.j:
            nxt = x + 1
            while nxt < cl.j and (words[nxt] == "that" or words[nxt].endswith("day")) \
                    and st[nxt] < ev.trigger_start:
                nxt += 1
            start = st[nxt]
    left = text[start:ev.trigger_start]
    if ev.trigger_start < cl.start:
        # "The offensive, which began on Nov. 26": the antecedent clause, then this one
        prev = clauses[k - 1] if k else cl
        left = text[prev.start:ev.trigger_start]
        right = text[ev.trigger_start:prev.end].rstrip(" ,") + " " + _strip_lead_words(text[cl.start:end])
    else:
        left = _strip_lead_words(left) if left.strip() else left
        right = text[ev.trigger_start:end]
        subject_less = not left.strip() or left.split(None, 1)[0].lower() in _AUXILIARIES
        if cl.opener in ("which", "who", "that") and subject_less:
            # "Nasser, which has been held by the rebels": the antecedent is the subject
            if k > 0:
                prev = clauses[k - 1]
                names = [m for m in mentions if prev.start <= m.start and m.end <= prev.end]
                if names:
                    left = names[-1].text + " " + left  # the nearest name before the pronoun
                else:
                    prev_words = text[prev.start:prev.end].rstrip(" ,").split()
                    left = " ".join(prev_words[-4:]) + " " + left
        rest = _rest_of_bare_subject(ev, cl, k, clauses, st, en, words)
        if rest is not None:
            # "Those killed -- at least 20 -- were civilians", "The resolution, which passed
            # on Thursday": a summary is never just a subject noun phrase
            more = text[rest.start:rest.end]
            joiner = " "
            if rest.opener in _RELATIVE_OPENERS:
                joiner = ", "
                more = more.split(",", 1)[0]  # the commas around "which ..." close it
            right = right.rstrip(" ,;:\"'“”‘’—–-") + joiner + more
    left = _squash(left).lstrip(" ,;:\"'“”‘’—–-")
    if "," in left:  # _LEAD_TIME ends in a comma
        left = _strip_lead(_LEAD_TIME, left)
    right = _squash(right).rstrip(" ,;:\"'“”‘’—–-.")
    if "," in right:  # the pattern starts with a comma
        right = _TAIL_ATTRIBUTION.sub("", right)
    right = right.rstrip(" ,;:\"'“”‘’—–-")
    s = (left + right).strip()
    if len(s) > SUMMARY_MAX:
        right = _clip(right, 62)
        room = SUMMARY_MAX - len(right) - 2
        if len(left) > room:
            left = _clip(left, room).rstrip("…") + "… "
        s = (left + right).strip()
        if len(s) > SUMMARY_MAX:
            s = _clip(s, SUMMARY_MAX)
    if s:
        s = s[0].upper() + s[1:]
    return s


def _rest_of_bare_subject(ev: Event, cl: _Clause, k: int, clauses: list[_Clause], st: list[int],
                          en: list[int], words: list[str]) -> _Clause | None:
    """For a clause that is only a noun phrase ending in its trigger, the later clause that
    says what happened: the predicate of 'those killed' ('were mostly civilians'), or the
    relative clause right after an event noun ('the resolution, which passed Thursday')."""
    # token starts rise, so the clause's last token is the one that could follow the trigger
    if st[cl.j - 1] >= ev.trigger_end or ev.trigger_start < cl.start:
        return None
    if ev.rule.startswith("trigger:noun:"):
        nxt = clauses[k + 1] if k + 1 < len(clauses) else None
        if nxt is not None and nxt.opener in _RELATIVE_OPENERS and not nxt.attribution:
            return nxt
        return None
    # exactly one token (a nominal head: "those", "the") ends before the trigger
    ts = ev.trigger_start
    if not (en[cl.i] <= ts and (cl.i + 1 >= cl.j or en[cl.i + 1] > ts)) or words[cl.i] not in _NOMINAL_HEADS:
        return None
    for later in clauses[k + 1:]:
        if not later.attribution and words[later.i] in _PREDICATE_OPENERS:
            return later
    return None


def _clip(s: str, n: int) -> str:
    if len(s) <= n:
        return s
    cut = s[:n - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


# --------------------------------------------------------------------------- fallback mentions


@dataclass(slots=True)
class _CapsMention:
    start: int
    end: int
    text: str
    type: str = "MISC"
    entity: str | None = None


def _capitalised_mentions(text: str, sentences: Sequence[Span], times: Sequence[Any] = ()) -> list[_CapsMention]:
    """Capitalised phrases as stand-in mentions, for runs without the entity stage."""
    out: list[_CapsMention] = []
    time_chars = {i for t in times for i in range(t.start, t.end)}
    for s, e in sentences:
        for m in _CAPS.finditer(text, s, e):
            if m.start() in time_chars:
                continue  # "Monday", "Nov": time, not a name
            if m.start() == s and m.group().lower() in _SENTENCE_START_WORDS:
                continue
            word = m.group()
            if m.start() == s and " " not in word:
                continue  # a lone sentence-initial capital is usually not a name
            out.append(_CapsMention(m.start(), m.end(), word))
    return out
