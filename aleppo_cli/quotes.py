"""Direct quotes, indirect statements and their speakers.

``find_quotes(text, sentences, mentions)`` is a pure function of one document.

How it works, in three passes:

1. **Quote marks.**  Straight (``"``) and curly (``“ ”``) double marks are
   paired within a paragraph; an opening mark left open at the end of a
   paragraph continues into the next paragraph when that one opens with a mark
   (the newspaper convention for multi-paragraph quotes).  Each pair gives one
   *direct* quote whose span is the text inside the marks.
2. **Attribution.**  For each quote, in order: a cue right after the closing
   mark ('"...," he said' / '"...," said X'), a cue earlier in the same
   sentence ('X said: "..."', 'called the collapse "terrifying"'), a
   sentence-final attribution ('..., a military source said.'), or
   the speaker of the quote it continues (a quote split around its
   attribution, or the next paragraph of a long quote), then the speech verb
   closing the previous sentence ('..., Schiff said. "..."'), a dash signature
   ('"..." ― Name') and, for a partial quote, the sentence's subject.
   A split quote ``"A," he said. "B"`` (and a quote running over paragraphs,
   and several quoted phrases of one sentence with one speaker) yields ONE
   Quote whose span runs from the start of A to the end of B, attribution
   included: attribution corpora record one attribution with several content
   fragments, and on polnear-dev this scored better than one Quote per
   fragment (attribution F1 0.559 vs 0.512 when first measured).
   Quotes of <= ``SCARE_QUOTE_WORDS`` words with no speaker are titles or scare
   quotes and are dropped.
   Then *indirect* statements: 'X said (that) ...', '..., X said.',
   'according to X, ...', '..., according to X.'.
3. **Speakers.**  The mention in the attribution is a name, a pronoun or a
   description.  Pronouns resolve to the last speaker or sentence subject of a
   compatible gender/animacy; definite descriptions ("the ministry") resolve to
   an earlier name ending in the same head word, or an earlier speaker with the
   same head noun; "one resident, who gave his name as X" gives the name X.
   Unnamed speakers keep their description and never borrow a nearby name.

Word lists are data: ``data/quotes_cues.txt`` and ``data/quotes_words.json``.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from operator import itemgetter
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable
from aleppo_cli.models import Quote  # noqa: F401  (re-exported)

Span = tuple[int, int]

# A quote split around its attribution ('"A," he said. "B"') becomes one Quote
# whose span runs from A to B (the attribution inside it), as annotators
# of attribution corpora record one attribution with two content fragments.
MERGE_SPLIT = True
MERGE_PARAGRAPHS = True
# Quotes of this many words or fewer with no speaker are titles or scare quotes.
SCARE_QUOTE_WORDS = 4


# ---------------------------------------------------------------------------
# data


def _data_text(name: str) -> str:
    return resources.files("aleppo_cli.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _cues() -> dict[str, str]:
    """form -> kind ("speech", "report", "partial")."""
    out: dict[str, str] = {}
    for line in _data_text("quotes_cues.txt").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        kind, forms = parts[0], parts[1:]
        for f in forms:
            out.setdefault(f, kind)
    return out


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    raw = json.loads(_data_text("quotes_words.json"))
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if k.startswith("_"):
            continue
        if isinstance(v, dict):
            out[k] = {kk: vv for kk, vv in v.items() if not kk.startswith("_")}
        else:
            out[k] = frozenset(w.lower() for w in v) if k != "titles" else frozenset(v)
    return out


def _w(name: str) -> Any:
    try:
        return _WORDS[name]  # (called some hundred times a document: one dict lookup)
    except KeyError:
        _WORDS.update(_words())
        return _WORDS[name]


_WORDS: dict[str, Any] = {}  # _words(), filled on first use


# ---------------------------------------------------------------------------
# regexes (compiled once)

_WORD = re.compile(r"[A-Za-z][\w'’.-]*|\d[\d,.]*")
_CAP = r"(?:[A-Z][\w'’.\-]*|al-[A-Z][\w'’\-]*|el-[A-Z][\w'’\-]*)"
_PART = r"(?:al|el|bin|ibn|bint|abu|de|du|da|di|van|von|der|den|la|le|ben|del|dos|das)"
_NAME_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_PART}\s+)?{_CAP})*")
_NAME_END = re.compile(rf"{_CAP}(?:\s+(?:{_PART}\s+)?{_CAP})*$")
_GAVE_NAME = re.compile(
    r",?\s*(?:who|whose)\s+(?:gave|give|gives|asked\s+to\s+be\s+identified\s+only\s+by|identified)\s+"
    r"(his|her|their)\s+(?:full\s+|first\s+|last\s+)?names?\s+(?:only\s+)?as\s+"
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\b")
_TIME = re.compile(
    r"(?:(?:on|late|early|last|this|earlier|later)\s+)?(?:(?:on|late|early)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|"
    r"(?:last|this|next)\s+(?:week|month|year|night|weekend)|(?:this|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\s+(?:morning|afternoon|evening|night))"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
_PP_THEN_THAT = re.compile(
    r"\s*,?\s*(?:in|on|to|at|during|via|through|after|before|with|from)\s+(?:[\w’'.-]+\s+){0,5}?that\b")
_TIME_INSIDE = re.compile(r"\s(?:" + _TIME.pattern + r")")
_TIME_AT = re.compile(r"\s*(?:" + _TIME.pattern + r")")
# a blank line, or a line break after the end of a sentence (one paragraph a line);
# a hard-wrapped line that breaks mid-sentence is not a paragraph end
_PARA_BREAK = re.compile(r"\n[ \t\r]*\n|(?<=[.!?\"”:])[ \t\r]*\n")
_MARK = re.compile(r'["“”]')
_OPEN_MARKS = "“\""


# ---------------------------------------------------------------------------
# helpers: tokens and noun phrases


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, start, end)]


def _trim(text: str, start: int, end: int, chars: str = " \t\r\n,;:—–-") -> Span:
    # any Unicode space counts (news text carries no-break spaces)
    n = len(text)
    if end > n:
        end = n
    while start < end:
        c = text[start]
        if c in chars or c.isspace():
            start += 1
        else:
            break
    while end > start:
        c = text[end - 1]
        if c in chars or c.isspace():
            end -= 1
        else:
            break
    return start, end


def _is_cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word.startswith(("al-", "el-")))


class _Mentions:
    """Per-document index: entity mentions from aleppo_cli.entities (when available) by
    offset, and the document's word tokens and cue words, found once and looked up by window."""

    def __init__(self, mentions: Iterable[Any] | None, text: str = "") -> None:
        self.items = sorted(
            ((m.start, m.end, m.type, m.text) for m in (mentions or [])), key=itemgetter(0)
        )
        self.starts = [m[0] for m in self.items]
        # ends_max[i]: the furthest end among items[:i + 1] (finds the first overlap by bisect)
        self.ends_max = list(accumulate((m[1] for m in self.items), max))
        self.text = text
        self._cue_index: _CueIndex | None = None

    def cue_index(self, text: str) -> _CueIndex:
        if self._cue_index is None or self.text is not text:
            self.text = text
            self._cue_index = _CueIndex(text)
        return self._cue_index

    def within(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        lo = bisect_left(self.starts, start)
        hi = bisect_right(self.starts, end, lo)
        return [m for m in self.items[lo:hi] if m[1] <= end]

    def type_at(self, start: int, end: int) -> str | None:
        """Type of the first item (in start order) overlapping [start, end)."""
        i = bisect_right(self.ends_max, start)  # the first item ending after start
        if i < len(self.items) and self.items[i][0] < end:
            return self.items[i][2]
        return None

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(slots=True)
class _Speaker:
    start: int
    end: int
    text: str
    kind: str  # name / pronoun / description
    display: str | None = None  # resolved name for "who gave his name as"
    gender: str | None = None


def _np_kind(text: str, start: int, end: int) -> str:
    words = text[start:end].split()
    if not words:
        return "none"
    if len(words) == 1 and words[0].lower() in _w("pronouns"):
        return "pronoun"
    first = words[0].lower()
    if first in _w("determiners") and first not in ("his", "her", "its", "their"):
        return "description"
    particles = _w("name_particles")
    for w in words:  # (_is_cap inline: the words of split() are never empty)
        if not (w[0].isupper() or w.startswith(("al-", "el-")) or w.lower() in particles):
            break
    else:
        return "name"
    # "White House spokesman Josh Earnest": a title phrase ending in a name
    # (the cheap test of the last word first: descriptions mostly end in lower case)
    last = words[-1]
    if (last[0].isupper() or last.startswith(("al-", "el-"))) and len(last) > 1 \
            and _NAME_END.search(text[start:end]):
        return "name"
    return "description"


def _name_tail(text: str, start: int, end: int) -> Span | None:
    """The name at the end of an NP ("spokesman Josh Earnest" -> "Josh Earnest")."""
    m = _NAME_END.search(text, start, end)
    if not m:
        return None
    s, e = m.start(), m.end()
    # drop leading title words so the name is the person ("President Bashar al-Assad")
    toks = _tokens(text, s, e)
    i = 0
    while i < len(toks) - 1 and text[toks[i][0]:toks[i][1]] in _w("titles"):
        i += 1
    return toks[i][0], e


def _drop_final_period(text: str, start: int, end: int) -> int:
    """'Yusuf Demir.' -> 'Yusuf Demir' but keep 'U.S.' and initials."""
    if end > start and text[end - 1] == ".":
        last = text[start:end].split()[-1]
        if "." not in last[:-1] and len(last) > 2 and last not in _w("titles"):
            return end - 1
    return end


def _speaker_from_np(text: str, start: int, end: int, mentions: _Mentions) -> _Speaker | None:
    """Classify an NP span and pick the speaker mention inside it."""
    start, end = _trim(text, start, end, " \t\r\n,;:—–-\"“”'")
    end = _drop_final_period(text, start, end)
    if end <= start:
        return None
    # cut relative clauses and trailing prepositional phrases of long descriptions
    kind = _np_kind(text, start, end)
    if kind == "pronoun":
        word = text[start:end].lower()
        return _Speaker(start, end, text[start:end], "pronoun", gender=_w("pronouns")[word])
    if mentions and kind == "name":
        inside = [m for m in mentions.within(start, end) if m[2] in ("PERSON", "ORG", "NORP", "LOC", "MISC")]
        persons = [m for m in inside if m[2] == "PERSON"]
        if persons:
            s, e, _, t = persons[-1]
            return _Speaker(s, e, text[s:e], "name")
    if kind == "name":
        tail = _name_tail(text, start, end)
        if tail:
            s, e = tail
            return _Speaker(s, e, text[s:e], "name", gender=_title_gender(text, start, s))
        return _Speaker(start, end, text[start:end], "name")
    # description: keep its head phrase (up to a relative clause or comma)
    cut = _RELATIVE_CUT.search(text[start:end])
    if cut:
        end = start + cut.start()
    toks = _tokens(text, start, end)
    # "a statement Monday from Russia's military wing": the document's author speaks
    doc_nouns = _w("document_nouns")
    for i, (s, e) in enumerate(toks[:4]):
        if text[s:e].lower() in doc_nouns:
            for j in range(i + 1, min(len(toks), i + 4)):
                if text[toks[j][0]:toks[j][1]].lower() in ("from", "by", "of"):
                    if j + 1 < len(toks):
                        src_s = toks[j + 1][0]
                        src_e = _cut_description(text, toks[j + 1:], 6)
                        return _Speaker(start, src_e, text[start:src_e], "description",
                                        display=text[src_s:src_e])
            break
    end = _cut_description(text, toks, 9) if toks else end
    start, end = _trim(text, start, end)
    if end <= start:
        return None
    return _Speaker(start, end, text[start:end], "description")


_PREPS = frozenset("with of in on by for from to at and or into among than".split())
_DESC_STOP = frozenset("in from with at on for speaking who which that near inside outside".split())


_RELATIVE_CUT = re.compile(r"\s(?:who|which|that|whose)\b|,")


def _cut_description(text: str, toks: list[Span], limit: int) -> int:
    """End of a description's head phrase: 'a rebel fighter from inside Aleppo' -> 'a rebel fighter'."""
    end = toks[min(len(toks), limit) - 1][1]
    for i, (s, e) in enumerate(toks[:limit]):
        if i >= 2 and text[s:e].lower() in _DESC_STOP:
            return toks[i - 1][1]
    return end


def _outer_speech_cue(text: str, lo: int, cs: int, ments: _Mentions) -> _Attr | None:
    """The first speech verb of the clause when a later one has a pronoun subject."""
    for c_s, c_e, form, kind in _cue_at(text, lo, cs, ments):
        if kind != "speech" or _is_participle(form) or c_s >= cs:
            continue
        sp = _subject_before(text, lo, c_s, ments)
        if sp:
            return _Attr(sp, (c_s, c_e, form), "cue-before:outer")
        return None
    return None


def _title_gender(text: str, np_start: int, name_start: int) -> str | None:
    words = text[np_start:name_start].split()
    for w in words:
        if w in _w("male_titles"):
            return "m"
        if w in _w("female_titles"):
            return "f"
    return None


# ---------------------------------------------------------------------------
# cue finding


def _cue_check(text: str, s: int, e: int, cues: dict[str, str]) -> tuple[int, int, str, str] | None:
    """The cue of the token text[s:e], or None.  Skips passives ("is said to")."""
    w = text[s:e].lower().rstrip(".")
    kind = cues.get(w)
    if not kind:
        return None
    prev = text[max(0, s - 12):s].split()
    if text[s].isupper() and prev and not _SENT_PUNCT_END.search(prev[-1]):
        return None  # "the United States", "The Washington Post": part of a name
    if prev and prev[-1].lower() in _NOUN_CONTEXT:
        return None  # "by reports of", "the statement", "his claims": nouns, not verbs
    if w in ("said", "told", "called", "described") and prev and prev[-1].lower() in (
        "is", "was", "were", "are", "be", "been", "being", "so-", "the"):
        return None  # passive "is said to", "was told", or "the said"
    if text[e:e + 1] == "-" or text[max(0, s - 1):s] == "-":
        return None  # "so-called", "much-touted"
    return (s, s + len(w), text[s:s + len(w)], kind)


_SENT_PUNCT_END = re.compile(r"[.!?:\"“”]$")
_WORD_CHAR = re.compile(r"\w")


class _CueIndex:
    """The cue words of a whole document, found once.

    A window [start, end) scanned by _WORD from ``start`` yields the document's
    own tokens, except a token cut by ``start`` (scanned afresh) and one cut by
    ``end`` (clipped); _cue_at checks those edges directly and looks the rest up."""

    def __init__(self, text: str) -> None:
        cues = _cues()
        self.cue_starts: list[int] = []
        self.cue_ends: list[int] = []
        self.cue_vals: list[tuple[int, int, str, str]] = []
        for s, e in _cue_candidates(text):
            c = _cue_check(text, s, e, cues)
            if c is not None:
                self.cue_starts.append(s)
                self.cue_ends.append(e)
                self.cue_vals.append(c)
        self.according = _according_matches(text)
        self.according_starts = [a[0] for a in self.according]


def _according_matches(text: str) -> list[tuple[int, int, str]]:
    """_ACCORDING.finditer(text), found from the literal "ccording" (a regex opening
    with \\b is tried at every position; a literal is searched fast)."""
    out = []
    p = text.find("ccording", 1)
    while p >= 0:
        m = _ACCORDING.match(text, p - 1)
        if m:
            out.append((m.start(), m.end(), m.group(0)))
        p = text.find("ccording", p + 8)
    return out


def _cue_candidates(text: str) -> list[Span]:
    """Document tokens that may be cue words: every token whose lower case is a cue form
    (plus dots) is among them."""
    forms = _cue_forms_bytes()
    if forms is None or "\u212a" in text:
        # a Kelvin sign lower-cases to an ASCII "k"
        return [m.span() for m in _WORD.finditer(text)]
    # One byte per character, ASCII letters in lower case, all else a space: a cue
    # token's letters form a whole word there (a token starts after a non-letter and
    # its cue form ends the letters).  Split and find run in C.
    words = b" " + text.encode("ascii", "replace").lower().translate(_LETTERS_ONLY) + b" "
    starts: list[int] = []
    for form in forms.intersection(words.split()):
        pat = b" " + form + b" "
        p = words.find(pat)
        while p >= 0:
            starts.append(p)  # the word starts at p + 1 in `words`, at p in `text`
            p = words.find(pat, p + len(pat) - 1)
    starts.sort()
    out: list[Span] = []
    for s in starts:
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in _TOKEN_PUNCT):  # (_TOKEN_CHAR)
            tok = _token_at(text, s)  # "x.said" is one token; "3.said" two
            if tok is not None and tok[0] == s:
                out.append(tok)
        else:
            out.append((s, _WORD.match(text, s).end()))
    return out


_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


@lru_cache(maxsize=1)
def _cue_forms_bytes() -> frozenset[bytes] | None:
    """The cue forms as bytes, or None when one is not plain a-z (then tokens are scanned)."""
    forms = _cues()
    if not all(f.isascii() and f.isalpha() and f.islower() for f in forms):
        return None
    return frozenset(f.encode() for f in forms)


# a character a token may cover (_WORD's word and number characters); the same test
# without a regex: ch.isalnum() or ch in _TOKEN_PUNCT (re's \w is isalnum() plus "_")
_TOKEN_CHAR = re.compile(r"[\w'’.,-]")
_TOKEN_PUNCT = frozenset("_'’.,-")


def _token_at(text: str, p: int) -> Span | None:
    """The token (as _WORD scans the whole document) covering position p, or None."""
    if p < 0 or p >= len(text) or not _TOKEN_CHAR.match(text, p):
        return None
    r = p
    while r > 0:
        c = text[r - 1]  # (the _TOKEN_CHAR test without a regex call)
        if not (c.isalnum() or c in _TOKEN_PUNCT):
            break  # a token never spans a character outside _TOKEN_CHAR: scan from there
        r -= 1
    for m in _WORD.finditer(text, r):
        if m.end() > p:
            return m.span() if m.start() <= p else None
    return None


def _cue_at(text: str, start: int, end: int, ments: _Mentions) -> list[tuple[int, int, str, str]]:
    """Cue words in [start, end): (start, end, form, kind).  Skips passives ("is said to")."""
    idx = ments._cue_index
    if idx is None or ments.text is not text:
        idx = ments.cue_index(text)
    out: list[tuple[int, int, str, str]] = []
    lo = start
    n = len(text)
    # only a window edge between two token characters can cut a token
    if 0 < start < n:
        c0, c1 = text[start - 1], text[start]
        if (c0.isalnum() or c0 in _TOKEN_PUNCT) and (c1.isalnum() or c1 in _TOKEN_PUNCT):
            tok = _token_at(text, start)
            if tok is not None and tok[0] < start:
                # the window starts inside a token: scan that token's rest afresh
                cues = _cues()
                for m in _WORD.finditer(text, start, min(tok[1], end)):
                    c = _cue_check(text, m.start(), m.end(), cues)
                    if c is not None:
                        out.append(c)
                lo = tok[1]
    if lo < end:
        cs = idx.cue_starts
        a = bisect_left(cs, lo)
        b = bisect_left(cs, end, a)
        if a < b:
            if idx.cue_ends[b - 1] > end:
                b -= 1  # cut by the window end: checked below
            out += idx.cue_vals[a:b]
        if end < n:
            c0, c1 = text[end - 1], text[end]
            if (c0.isalnum() or c0 in _TOKEN_PUNCT) and (c1.isalnum() or c1 in _TOKEN_PUNCT):
                tok = _token_at(text, end - 1)
                if tok is not None and tok[0] >= lo and tok[1] > end:
                    c = _cue_check(text, tok[0], end, _cues())
                    if c is not None:
                        out.append(c)
    # `out` is in order: the cut first token, the indexed ones, the clipped last one
    if end < n and text.endswith("to", 0, end) and _WORD_CHAR.match(text, end):
        # "according to" right at the window end: the document's own \b may not hold there
        out.extend((m.start(), m.end(), m.group(0), "according") for m in _ACCORDING.finditer(text, start, end))
        out.sort()
    elif idx.according:
        acc = idx.according
        k = bisect_left(idx.according_starts, start)
        if k < len(acc) and acc[k][1] <= end:
            while k < len(acc) and acc[k][1] <= end:
                out.append((acc[k][0], acc[k][1], acc[k][2], "according"))
                k += 1
            out.sort()
    return out


_NOUN_CONTEXT = frozenset(
    "the a an by of in for from with these those this his her their its our my your such many"
    " some any no new press news on about after amid despite media earlier recent to".split()
)


def _is_participle(form: str) -> bool:
    return form.lower().endswith("ing")


# ---------------------------------------------------------------------------
# subject / speaker around a cue


_TIME_AT_END = re.compile(r"(?:^|\s)(" + _TIME.pattern + r")$")
_IN_STATEMENT_AT_END = re.compile(
    r"(?:^|\s)(in\s+(?:a|an|the)\s+(?:statement|interview|speech|tweet|post|letter|release)"
    r"(?:\s+(?:on|to)\s+[\w.’']+)?)$")
_WORD_AT_END = re.compile(r"(?:^|\s)([\w'’]+)$")
# the words _TIME can end with (or one or two digits), and _IN_STATEMENT_AT_END's nouns
_TIME_LAST_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday today yesterday tonight"
    " week month year night weekend morning afternoon evening".split())
_STATEMENT_NOUNS = frozenset("statement interview speech tweet post letter release".split())


def _strip_trailing(text: str, start: int, end: int) -> int:
    """Drop adverbs, auxiliaries and time words between a subject and its verb."""
    aux = _w("aux_words")
    while True:
        s, e = _trim(text, start, end, " \t\r\n")
        end = e
        seg = text[start:end]
        # each pattern ends with the segment's whole last word: test that word first
        words = seg.rsplit(None, 2)
        if not words:
            return end
        last = words[-1]
        if last in _TIME_LAST_WORDS or (len(last) <= 2 and last.isdecimal()):
            m = _TIME_AT_END.search(seg)
            if m and m.start(1) > 0:
                end = start + m.start(1)
                continue
        if last in _STATEMENT_NOUNS or (len(words) > 1 and words[-2] in ("on", "to")):
            m = _IN_STATEMENT_AT_END.search(seg)
            if m and m.start(1) > 0:
                end = start + m.start(1)
                continue
        if last.lower() in aux:
            m = _WORD_AT_END.search(seg)
            if m and m.group(1).lower() in aux and m.start(1) > 0:
                end = start + m.start(1)
                continue
        return end


def _subject_before(text: str, lo: int, cue_start: int, mentions: _Mentions) -> _Speaker | None:
    """The subject NP of a cue verb, looking back no further than ``lo``."""
    end = _strip_trailing(text, lo, cue_start)
    seg = text[lo:end]
    if not seg.strip():
        return None
    # "X, a senior member of Y, said": the NP before the appositive
    if seg.rstrip().endswith(","):
        chunks = _comma_chunks(text, lo, end)
        # chunks[-1] is the appositive; the head NP is before it
        # "Michael Mulgrew, president of the X union, which represents Y, said":
        # skip appositives and relative clauses back to a capitalised NP
        adv = _w("adverbial_openers")
        for i in range(len(chunks) - 2, -1, -1):
            cs, ce = _clause_np(text, *chunks[i])
            words = text[cs:ce].split()
            if not words or len(words) > 10:
                continue
            first = words[0]
            if (first[0].isupper() and first.lower() not in adv) or first.lower() in _w("pronouns"):
                sp = _speaker_from_np(text, cs, ce, mentions)
                named = _apposed_name(text, sp, chunks, i, mentions)
                if named:
                    return named
                if sp and sp.gender is None:
                    sp.gender = _apposition_gender(text, chunks[i + 1][0], end)
                return sp
        cs, ce = _clause_np(text, *chunks[0])
        if len(text[cs:ce].split()) > 10:
            return None
        sp = _speaker_from_np(text, cs, ce, mentions)
        return _apposed_name(text, sp, chunks, 0, mentions) or sp
    chunks = _comma_chunks(text, lo, end)
    cs, ce = chunks[-1] if chunks else (lo, end)
    cs = _last_clause(text, cs, ce)
    cs, ce = _clause_np(text, cs, ce)
    if ce <= cs:
        return None
    words = text[cs:ce].split()
    if len(words) > 1 and words[-1].lower() in _w("pronouns"):
        # "something he said", "which it described": the pronoun is the subject
        ps = cs + text[cs:ce].rfind(words[-1])
        return _speaker_from_np(text, ps, ce, mentions)
    if words and words[-1].lower() in ("who", "which", "that"):
        # "civilians who said ...": the NP before the relative pronoun
        rel_s = cs + text[cs:ce].rfind(words[-1])
        head_end = rel_s
        toks = _tokens(text, cs, head_end)
        if not toks:
            return None
        # the NP right before "who": back over at most 3 words, stopping at a
        # preposition or participle ("an enclave packed with civilians who")
        i = len(toks) - 1
        while i > 0 and len(toks) - i < 3:
            w = text[toks[i - 1][0]:toks[i - 1][1]].lower()
            if w in _PREPS or w.endswith("ed"):
                break
            i -= 1
        return _speaker_from_np(text, toks[i][0], head_end, mentions)
    if len(words) > 12:
        # a whole clause: its last NP is our best guess, but only a short one
        toks = _tokens(text, cs, ce)
        last = text[toks[-1][0]:toks[-1][1]].lower()
        if last in _w("pronouns"):
            return _speaker_from_np(text, toks[-1][0], toks[-1][1], mentions)
        m = _NAME_END.search(text, cs, ce)
        if m:
            return _speaker_from_np(text, m.start(), m.end(), mentions)
        return None
    return _speaker_from_np(text, cs, ce, mentions)


def _apposition_gender(text: str, start: int, end: int) -> str | None:
    """'Basma, a Turkey-based organization, said': an organisation ('n')."""
    words = []
    for w in text[start:end].split()[:6]:
        w = w.lower().strip(".,")
        if w in _PREPS or w in ("that", "which", "who", "whose"):
            break  # "a member of the Medical Council" is a person: only the head counts
        words.append(w)
    if any(w in _w("org_words") for w in words):
        return "n"
    if any(w in ("his", "he") for w in words):
        return "m"
    if any(w in ("her", "she") for w in words):
        return "f"
    return None


def _apposed_name(text: str, sp: _Speaker | None, chunks: list[Span], i: int,
                  mentions: _Mentions) -> _Speaker | None:
    """'the spokesman, Ali Hassan, said': the name apposed to a description speaks."""
    if sp is None or sp.kind != "description" or i + 1 >= len(chunks):
        return None
    ns, ne = _clause_np(text, *chunks[i + 1])
    if len(text[ns:ne].split()) <= 4 and _np_kind(text, ns, ne) == "name":
        return _speaker_from_np(text, ns, ne, mentions)
    return None


def _after_conjunction(text: str, lo: int, cs: int) -> bool:
    end = _strip_trailing(text, lo, cs)
    words = text[lo:end].split()
    return len(words) >= 3 and words[-1].lower() == "and"


def _participle_subject(text: str, ss: int, lo: int, cs: int, mentions: _Mentions) -> _Speaker | None:
    """Subject of ', adding ...' / 'and said': that of the clause's own cue, else the sentence's."""
    prior = [c for c in _cue_at(text, lo, cs, mentions) if c[3] in ("speech", "report") and c[0] < cs
             and not _is_participle(c[2])]
    if not prior and lo > ss:
        # 'It said X was in "full control", adding: "..."': the cue before the first quote
        first_mark = min((text.find(m, ss, lo) for m in "\"“" if text.find(m, ss, lo) >= 0), default=lo)
        prior = [c for c in _cue_at(text, ss, first_mark, mentions) if c[3] in ("speech", "report")
                 and not _is_participle(c[2])]
        if prior:
            lo = ss
    if prior:
        ps, pe = prior[-1][0], prior[-1][1]
        if not text[lo:ps].strip(" ,\t\n"):
            return _speaker_after(text, pe, cs, mentions)  # '"...," said X, adding'
        if not _after_conjunction(text, lo, ps):
            return _subject_before(text, lo, ps, mentions)
    return _main_subject(text, lo if lo > ss else ss, cs, mentions)


_CLAUSE_CUT = frozenset("that but while because since although though whereas".split())


def _last_clause(text: str, start: int, end: int) -> int:
    """Start of the last clause in a chunk: '... evacuate but that the Russians' -> 'the Russians'."""
    cut = start
    low = text[start:end].lower()
    if not any(w in low for w in _CLAUSE_CUT):
        return start  # (a cutting token, lower-cased, is in the lower-cased chunk)
    for s, e in _tokens(text, start, end):
        w = text[s:e].lower()
        if w in _CLAUSE_CUT:
            cut = e
    return cut if text[cut:end].strip() else start


_CHUNK_BREAK = re.compile(r"[,;:—–]|\s-\s|[\"“”(]")


def _comma_chunks(text: str, start: int, end: int) -> list[Span]:
    """The pieces of text[start:end] between breaks that hold more than white space."""
    chunks: list[Span] = []
    pos = start
    # (the pattern has no anchors or look-arounds: pos/endpos find what a slice would)
    for m in _CHUNK_BREAK.finditer(text, start, end):
        b = m.start()
        if b > pos and not text[pos:b].isspace():  # (str.strip() drops what isspace() holds)
            chunks.append((pos, b))
        pos = m.end()
    if end > pos and not text[pos:end].isspace():
        chunks.append((pos, end))
    return chunks or [(start, end)]


_FIRST_WORD = re.compile(r"([\w'’]+)\s+")


def _clause_np(text: str, start: int, end: int) -> Span:
    """Drop clause openers ("and", "but", "that") and a leading time word from a chunk."""
    start, end = _trim(text, start, end)
    openers = _w("clause_openers")
    while True:
        m = _FIRST_WORD.match(text[start:end])
        if m and m.group(1).lower() in openers:
            start += m.end()
            continue
        m = _TIME.match(text, start, end)
        if m and m.start() == start and m.end() < end:
            start, end = _trim(text, m.end(), end)
            continue
        return start, end


def _main_subject(text: str, sent_start: int, limit: int, mentions: _Mentions) -> _Speaker | None:
    """Subject of a sentence's main clause: for participle cues (", saying ...")."""
    chunks = _comma_chunks(text, sent_start, limit)
    adv = _w("adverbial_openers")
    for cs, ce in chunks:
        cs, ce = _clause_np(text, cs, ce)
        words = text[cs:ce].split()
        if not words:
            continue
        if words[0].lower() in adv and len(chunks) > 1:
            continue
        toks = _tokens(text, cs, ce)
        if not toks:
            continue
        first = text[toks[0][0]:toks[0][1]].lower()
        if first in _w("pronouns"):
            return _speaker_from_np(text, toks[0][0], toks[0][1], mentions)
        m = _NAME_RUN.match(text, cs, ce)
        if m and (m.end() == ce or text[m.end():ce].lstrip()[:1].islower()):
            # "The rebel official blamed": names and descriptions up to the verb
            if _np_kind(text, m.start(), m.end()) == "name":
                return _speaker_from_np(text, m.start(), m.end(), mentions)
        # description: words up to the first likely verb
        np_end = _np_end(text, toks)
        return _speaker_from_np(text, cs, np_end, mentions)
    return None


_VERBISH = re.compile(r"(?:ed|es)$")
_COMMON_VERBS = frozenset(
    "is was are were has had have gave made took blamed says said will would can could did does"
    " do shows showed appeared remained became got went came put set kept left held ran".split()
)


def _np_end(text: str, toks: list[Span]) -> int:
    det = _w("determiners")
    for i, (s, e) in enumerate(toks):
        w = text[s:e]
        if i == 0:
            continue
        wl = w.lower()
        if wl in _COMMON_VERBS or (not _is_cap(w) and wl not in det and _VERBISH.search(wl)
                                   and i >= 2 and wl not in ("series", "species", "times")):
            return toks[i - 1][1]
    return toks[min(len(toks), 6) - 1][1]


# a lower-case word after a name run that still leaves the run a name ("Ali Hassan of ...")
_NAME_RUN_GOES_ON = _PREPS | _DESC_STOP | {"who", "said", "says"}
_NP_RUN = re.compile(r"[^,.;:!?\"“”()]*")
_NP_RUN_ABBREV = re.compile(r"[^,;:!?\"“”()]*?(?=[,;:!?\"“”()]|\.\s|\.$|$)")


def _speaker_after(text: str, start: int, end: int, mentions: _Mentions) -> _Speaker | None:
    """The NP right after an inverted cue: 'said Yusuf Karam of the X group'."""
    s, _ = _trim(text, start, end, " \t\r\n")
    m = _NP_RUN.match(text[s:end])
    np_end = s + (m.end() if m else 0)
    # abbreviations such as "U.S." stop the regex at the dot: extend over them
    while np_end < end and text[np_end] == "." and np_end + 1 < end and not text[np_end + 1].isspace():
        m2 = _NP_RUN_ABBREV.match(text[np_end:end])
        if not m2 or not m2.end():
            break
        np_end += m2.end()
    if np_end <= s:
        return None
    tm = _TIME.match(text, s, np_end)
    if tm:
        s, _ = _trim(text, tm.end(), np_end, " \t\r\n")
    tm = _TIME_INSIDE.search(text, s, np_end)
    if tm:
        np_end = tm.start()  # "said Tom Fox late Sunday": the time is not the speaker
    toks = _tokens(text, s, np_end)
    if not toks:
        return None
    first = text[toks[0][0]:toks[0][1]]
    if first.lower() in _w("pronouns"):
        return _speaker_from_np(text, toks[0][0], toks[0][1], mentions)
    nm = _NAME_RUN.match(text, s, np_end)
    nxt = text[nm.end():np_end].split()[:1] if nm else []
    if nm and nxt and nxt[0][0].islower() and nxt[0].lower() not in _NAME_RUN_GOES_ON:
        nm = None  # "Syrian military", "Russian officials": a description
    if nm and _is_cap(first) and first.lower() not in _w("determiners"):
        # "said Yusuf Karam of the Liwa group": the name run only
        sp = _speaker_from_np(text, nm.start(), nm.end(), mentions)
        if sp:
            return sp
    sp = _speaker_from_np(text, s, np_end, mentions)
    if sp and sp.kind == "description":
        intro = _GAVE_NAME.match(text, sp.end if text[sp.end:np_end].strip() == "" else np_end)
        if not intro:
            intro = _GAVE_NAME.match(text, np_end)
        if intro:
            nm2 = _NAME_RUN.match(text, intro.end())
            if nm2:
                gender = {"his": "m", "her": "f"}.get(intro.group(1).lower())
                e2 = _drop_final_period(text, nm2.start(), nm2.end())
                return _Speaker(nm2.start(), e2, text[nm2.start():e2], "name",
                                display=None, gender=gender)
    return sp


# ---------------------------------------------------------------------------
# quote marks


def _paragraph_breaks(text: str) -> list[Span]:
    """The spans of _PARA_BREAK.finditer(text), searching only around line breaks.

    Every match holds a line break, and no match starts before the run of
    spaces, tabs and returns ending at the next line break, so a search
    from there up to the line break after it finds what the full scan finds."""
    out: list[Span] = []
    pos = 0
    n = text.find("\n")
    while n >= 0:
        p = n
        while p > pos and text[p - 1] in " \t\r":
            p -= 1
        n2 = text.find("\n", n + 1)
        # What _PARA_BREAK.search(text, p, n2 + 1) finds starting at or before n, without
        # the regex: at p the second branch matches up to n when the character before p
        # ends a sentence; at n (p == n: tried first) the first branch matches when only
        # spaces, tabs and returns lie between n and the next line break.
        blank = n2 >= 0 and not text[n + 1:n2].strip(" \t\r")
        if p == n and blank:
            out.append((n, n2 + 1))
        elif p > 0 and text[p - 1] in _SENTENCE_END_CHARS:
            out.append((p, n + 1))
        elif blank:
            out.append((n, n2 + 1))
        else:
            pos = n + 1
            n = n2
            continue
        pos = out[-1][1]
        n = text.find("\n", pos)
    return out


_SENTENCE_END_CHARS = frozenset('.!?"”:')  # the look-behind of _PARA_BREAK's second branch


def _paragraph_spans(text: str) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for ms, me in _paragraph_breaks(text) + [(len(text), len(text))]:
        # the paragraph text[pos:ms] trimmed of white space (what _trim(text, pos, ms,
        # " \t\r\n") trims: str.strip() strips the characters isspace() holds), if any
        rest = text[pos:ms].lstrip()
        if rest:
            s = ms - len(rest)
            out.append((s, s + len(rest.rstrip())))
        pos = me
    return out


def _find_marks(text: str, paras: list[Span]) -> list[tuple[int, int, bool]]:
    """(content_start, content_end, continues_from_previous_paragraph) for every quote;
    ``paras`` is _paragraph_spans(text)."""
    out: list[tuple[int, int, bool]] = []
    # the marks of the whole text, taken paragraph by paragraph: most paragraphs hold none
    marks = []
    for ch in '"“”':  # (what _MARK finds; str.find skips text far faster than a regex scan)
        i = text.find(ch)
        while i >= 0:
            marks.append(i)
            i = text.find(ch, i + 1)
    marks.sort()
    if not marks:
        return out
    para_starts = [ps for ps, _ in paras]
    carry_into = -1  # the paragraph a quote left open at the end of the one before may continue into
    k = 0
    while k < len(marks):
        pi = bisect_right(para_starts, marks[k]) - 1
        if pi < 0 or marks[k] >= paras[pi][1]:
            k += 1  # (between paragraphs: never, the marks are not white space)
            continue
        ps, pe = paras[pi]
        k2 = bisect_left(marks, pe, k)
        carry = carry_into == pi  # a quote left open at the end of the previous paragraph
        open_at: int | None = None
        cont = False
        for i in marks[k:k2]:
            ch = text[i]
            if open_at is None:
                # a '”' at a paragraph start or after a space opens: a common typo
                if ch == "“" or (ch in '"”' and _can_open(text, i, pe)):
                    open_at = i + 1
                    cont = carry and i == ps
            else:
                if ch == "”" or ch == '"':
                    out.append((open_at, i, cont))
                    open_at = None
                elif ch == "“":
                    # an opening mark inside an open quote: the closing mark was lost
                    out.append((open_at, _trim(text, open_at, i)[1], cont))
                    open_at = i + 1
                    cont = False
        k = k2
        carry_into = -1
        if open_at is not None:
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            s, e = _trim(text, open_at, pe, " \t\r\n")
            if e > s:
                out.append((s, e, cont))
            if nxt is not None and text[nxt] in _OPEN_MARKS:
                carry_into = pi + 1
    return [(s, e, c) for s, e, c in out if e > s and text[s:e].strip()]


def _can_open(text: str, i: int, pe: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < pe else " "
    return not after.isspace() and (before.isspace() or before in "([{—–-/:," or i == 0)


# ---------------------------------------------------------------------------
# main


@dataclass(slots=True)
class _Attr:
    speaker: _Speaker | None
    cue: tuple[int, int, str] | None
    rule: str


def find_quotes(text: str, sentences: list[tuple[int, int]], mentions: list | None = None) -> list[Quote]:
    """Direct quotes and indirect statements of one document, with speakers."""
    ments = _Mentions(mentions, text)
    sents = sorted(sentences)
    paras = _paragraph_spans(text)
    marks = _find_marks(text, paras)
    inside = [(s - 1, e + 1) for s, e, _ in marks]  # quote spans with their marks
    quotes: list[tuple[Quote, _Speaker | None]] = []
    prev: tuple[int, int, _Attr] | None = None  # last direct quote (start, end, attr)
    for qs, qe, cont in marks:
        # '"A," he said, "B"': the attribution between two fragments belongs to both
        split = (prev is not None and prev[2].cue is not None and prev[1] < prev[2].cue[0] < qs
                 and not cont and _continues(text, prev[1], qs, cont, paras))
        attr = None if split else _attribute(text, qs, qe, sents, inside, ments)
        if attr is None and prev is not None and _continues(text, prev[1], qs, cont, paras):
            same_para = not cont and MERGE_SPLIT
            if same_para or (cont and MERGE_PARAGRAPHS):
                # one quote split around its attribution: one Quote, outer span
                last = quotes[-1][0]
                last.end, last.text = qe, text[last.start:qe]
                last.rule += "+split" if same_para else "+paragraphs"
                prev = (prev[0], qe, prev[2])
                continue
            attr = _Attr(prev[2].speaker, prev[2].cue, "continued:" + prev[2].rule)
        if attr is None:
            attr = _previous_sentence(text, qs, sents, inside, ments)
        if attr is None:
            if len(text[qs:qe].split()) <= SCARE_QUOTE_WORDS:
                # a title or scare quote ('the "War On Drugs"'), not speech
                prev = None
                continue
            attr = _Attr(None, None, "unattributed")
        if prev is not None and quotes and _same_phrase_list(text, prev, qs, attr, sents):
            # 'called him "Miss Piggy" and "Miss Housekeeping"': one attribution
            last = quotes[-1][0]
            last.end, last.text = qe, text[last.start:qe]
            last.rule += "+same-sentence"
            prev = (prev[0], qe, prev[2])
            continue
        q = _make_quote(text, qs, qe, True, attr)
        quotes.append((q, attr.speaker))
        prev = (qs, qe, attr)
    used_cues = {q.cue_start for q, _ in quotes if q.cue_start is not None}
    directs = [(q.start, q.end) for q, _ in quotes]
    for q, sp in _indirect(text, sents, inside, ments, used_cues, directs):
        # "'...,' he said, according to Reuters": the quote is already there
        if _mostly_covered(q.start, q.end, directs):
            continue
        quotes.append((q, sp))
    quotes.sort(key=lambda x: x[0].start)
    _resolve(text, quotes, sents, ments)
    return [q for q, _ in quotes]


def _same_phrase_list(text: str, prev: tuple, qs: int, attr: _Attr, sents: list[Span]) -> bool:
    """Two quoted phrases of one sentence with the same speaker mention."""
    a, b = prev[2].speaker, attr.speaker
    if a is None or b is None or (a.start, a.end) != (b.start, b.end):
        return False
    if _sentence_of(sents, prev[0])[0] != _sentence_of(sents, qs)[0]:
        return False
    return len(text[prev[1] + 1:qs - 1].split()) <= 8


_BLANK_LINE = re.compile(r"\n\s*\n")


def _continues(text: str, prev_end: int, qs: int, cont: bool, paras: list[Span]) -> bool:
    """A quote with no cue of its own continues the previous one when nothing but an
    attribution or a paragraph break lies between them."""
    if cont:
        return True
    gap = text[prev_end + 1:qs - 1]
    if "\n" in gap.strip():
        return False
    # '"A," he said. "B"' or '"A." "B"': only the attribution sentence between them
    return len(gap.split()) <= 30 and not _BLANK_LINE.search(gap) and not any(
        ch in gap for ch in "\"“”")


def _sentence_of(sents: list[Span], pos: int) -> Span:
    for s, e in sents:
        if s <= pos < e:
            return s, e
    return pos, pos


def _outside_quotes(pos: int, inside: list[Span]) -> bool:
    for s, e in inside:
        if s <= pos < e:
            return False
    return True


def _previous_sentence(text: str, qs: int, sents: list[Span], inside: list[Span],
                       ments: _Mentions) -> _Attr | None:
    """A quote opening a sentence right after '..., Schiff said.' in the same paragraph."""
    ss, _ = _sentence_of(sents, qs - 1 if qs > 0 else qs)
    if qs - 1 > ss + 1:
        return None
    prev_sent = [p for p in sents if p[1] <= ss and "\n" not in text[p[1]:ss]]
    if prev_sent:
        ps, pe = prev_sent[-1]
        pcues = [c for c in _cue_at(text, ps, pe, ments) if c[3] == "speech" and _outside_quotes(c[0], inside)
                 and not _is_participle(c[2])]
        if pcues and len(text[pcues[-1][1]:pe].split()) <= 3:
            cs, ce, form, _ = pcues[-1]
            lo = max([e for s_, e in inside if ps <= s_ and e <= cs] + [ps])
            pre = text[lo:cs].strip(" ,")
            sp = (_speaker_after(text, ce, pe, ments) if not pre
                  else _subject_before(text, lo, cs, ments))
            if sp:
                return _Attr(sp, (cs, ce, form), "previous-sentence")
    return None


def _attribute(text: str, qs: int, qe: int, sents: list[Span], inside: list[Span],
               ments: _Mentions) -> _Attr | None:
    close = min(qe + 1, len(text))  # after the closing mark (an unclosed quote may end the text)
    ss, se = _sentence_of(sents, qs - 1 if qs > 0 else qs)
    if se <= qs:
        ss, se = _sentence_of(sents, qs)
    # 1. right after the closing mark
    a = _after_close(text, close, ments, inside)
    if a:
        return a
    # 2. a cue earlier in the sentence
    lo = ss
    for s, e in inside:
        if e <= qs - 1 and e > lo and s < qs - 1:
            lo = max(lo, e)
    cues = [c for c in _cue_at(text, lo, qs - 1, ments) if _outside_quotes(c[0], inside)]
    for cs, ce, form, kind in reversed(cues):
        if kind == "according":
            sp = _speaker_after(text, ce, qs - 1, ments)
            if sp:
                return _Attr(sp, (cs, ce, form), "according-before")
            continue
        if kind == "report" and not _colon_or_adjacent(text, ce, qs - 1):
            continue
        if _is_participle(form) and text[max(lo, cs - 3):cs].strip().endswith(","):
            sp = _participle_subject(text, ss, lo, cs, ments)
        elif _after_conjunction(text, lo, cs):
            # "X bemoaned the unrest and said ...": the clause's subject
            sp = _participle_subject(text, ss, lo, cs, ments)
        else:
            sp = _subject_before(text, lo, cs, ments)
        if sp and sp.kind == "pronoun":
            outer = _outer_speech_cue(text, lo, cs, ments)
            if outer:
                return outer  # 'She said she recalls the colleague being "confused"'
        if sp:
            return _Attr(sp, (cs, ce, form), "cue-before:" + kind)
    # 3. a sentence-final attribution: '... "big collapse", a military source said.'
    sent_end_attr = _after_close(text, close, ments, inside, anywhere=True, limit=se)
    if sent_end_attr:
        return sent_end_attr
    # 4. '"..." ― Name': a signature after a dash
    m = _DASH_SIG.match(text, close)
    if m:
        nm = _NAME_RUN.match(text, m.end())
        if nm:
            sp = _speaker_from_np(text, nm.start(), nm.end(), ments)
            if sp:
                return _Attr(sp, None, "dash-signature")
    # 5. the paragraph before ends with "X said:" / "The Times reports:"
    before = text[:qs - 1].rstrip()
    if before.endswith(":") and qs - 1 - len(before) >= 1 and "\n" in text[len(before):qs]:
        ps = max(before.rfind("\n"), 0)
        cues = [c for c in _cue_at(text, ps, len(before), ments) if c[3] in ("speech", "report")]
        if cues:
            cs, ce, form, kind = cues[-1]
            sp = _subject_before(text, ps, cs, ments)
            if sp:
                return _Attr(sp, (cs, ce, form), "colon-paragraph")
    # 6. no cue at all: a partial quote belongs to its sentence's subject
    #    ('Trump openly admires Putin as a "strong leader"')
    if qs - 1 > ss and text[ss:qs - 1].strip() and len(text[qs:qe].split()) > 1:
        sp = _main_subject(text, ss, qs - 1, ments)
        if sp and sp.kind in ("name", "pronoun"):
            return _Attr(sp, None, "sentence-subject")
    return None


_DASH_SIG = re.compile(r"[.,]?\s*[―—–]\s*")
_AFTER_SEG = re.compile(r"[^\"“”\n]{0,220}")


_SENT_STOP = re.compile(r"[.!?](?=\s|$|[\"”])")
_ABBREV_END = re.compile(
    r"(?:\b[A-Z]|\bU\.S|\bMr|\bMrs|\bMs|\bDr|\bSt|\bGen|\bLt|\bSen|\bRep|\bGov|\bCol|\bNo|\bJr|\bSr)$")


def _after_close(text: str, close: int, ments: _Mentions, inside: list[Span],
                 anywhere: bool = False, limit: int | None = None) -> _Attr | None:
    """'"...," he said' / '"...," said X' / (anywhere) '..., X said.' up to the sentence end."""
    m = _AFTER_SEG.match(text, close)
    seg_end = close + (m.end() if m else 0)
    if limit is not None:
        seg_end = min(seg_end, limit)
    # stop at the end of the sentence
    stop = seg_end
    for sm in _SENT_STOP.finditer(text, close, seg_end):  # (endpos acts as the string's end)
        pos = sm.start()
        before = text[max(close, pos - 5):pos]
        if _ABBREV_END.search(before):
            continue
        stop = pos
        break
    cues = _cue_at(text, close, stop, ments)
    if not cues:
        return None
    cs, ce, form, kind = cues[0]
    if not anywhere and not _attribution_follows(text, close, cs):
        return None
    if _is_participle(form):
        return None  # '"...," adding that ...': the speaker was named before the quote
    if kind in ("partial", "report"):
        return None
    pre_s, pre_e = _trim(text, close, cs)
    pre_words = text[pre_s:pre_e].split()
    if anywhere:
        # '..., a Syrian military source said.': the cue must end the sentence
        # (up to a short time/place tail) and its subject follow a comma
        tail = text[ce:stop].split()
        if len(tail) > 6 or "," not in text[close:cs]:
            return None
        last_comma = text.rfind(",", close, cs)
        pre_s, pre_e = _trim(text, last_comma + 1, cs)
        pre_words = text[pre_s:pre_e].split()
    if kind == "according":
        sp = _speaker_after(text, ce, stop, ments)
        return _Attr(sp, (cs, ce, form), "according-after") if sp else None
    if not pre_words or (len(pre_words) <= 2 and all(w.lower() in _w("aux_words") for w in pre_words)):
        # inverted: 'said Ibrahim al-Haj, a member of ...'
        sp = _speaker_after(text, ce, stop, ments)
        return _Attr(sp, (cs, ce, form), "cue-after-inverted") if sp else None
    if len(pre_words) > 30:
        return None
    sp = _subject_before(text, pre_s, cs, ments)
    if sp is None:
        return None
    if not anywhere and len(text[sp.end:cs].split()) > 30:
        return None
    return _Attr(sp, (cs, ce, form), "cue-after" if not anywhere else "sentence-final")


def _attribution_follows(text: str, close: int, cue_start: int) -> bool:
    """Whether the words after a closing mark can attribute the quote itself.

    '"...," he said' and '"...?" asked X' do; '... "the gold standard" of trade
    deals when she was ...' (a mid-sentence phrase) and '"... ends." Next
    sentence said ...' do not."""
    k = close - 2
    while k > 0 and (text[k] in "’'‘\"”" or text[k].isspace()):  # nested marks: '...,’ ”'
        k -= 1
    last = text[k] if close >= 2 else ""
    after = text[close:cue_start]
    if last == "," or after.lstrip().startswith(","):
        return True
    first_alpha = next((ch for ch in after if ch.isalpha()), "")
    if last in "?!—–-…" or text[max(0, close - 4):close - 1].endswith("..."):
        return len(after.split()) <= 6
    if last == ".":
        return first_alpha.islower() or len(after.split()) <= 4 and not after.strip()[:1].isupper()
    return False


def _colon_or_adjacent(text: str, cue_end: int, open_mark: int) -> bool:
    between = text[cue_end:open_mark]
    return between.strip() in ("", ":", ",")


def _make_quote(text: str, s: int, e: int, direct: bool, attr: _Attr) -> Quote:
    sp = attr.speaker
    cue = attr.cue
    q = Quote(
        start=s, end=e, text=text[s:e], direct=direct,
        speaker=(sp.display or sp.text) if sp else None,
        speaker_start=sp.start if sp else None, speaker_end=sp.end if sp else None,
        cue=cue[2] if cue else None, cue_start=cue[0] if cue else None, cue_end=cue[1] if cue else None,
        speaker_kind=sp.kind if sp else "none", rule=attr.rule,
    )
    if cue:
        t = _time_near(text, cue[0], cue[1], sp)
        if t:
            q.time_start, q.time_end = t
            q.time_text = text[t[0]:t[1]]
    return q


_TIME_AFTER_WORDS = re.compile(r"\s+(?:\w+\s+){1,3}?(" + _TIME.pattern + r")")


def _time_near(text: str, cs: int, ce: int, sp: _Speaker | None) -> Span | None:
    # "said Monday", "said on Monday", "told reporters on Monday"
    m = _TIME_AT.match(text, ce)
    if m:
        return _trim(text, m.start(), m.end(), " ")
    window = text[ce:ce + 40]
    if _TIME_HINT.search(window):
        m = _TIME_AFTER_WORDS.match(window)
        if m and "," not in window[:m.start(1)] and "." not in window[:m.start(1)]:
            return ce + m.start(1), ce + m.end(1)
    # "X on Monday said" / "a statement Monday from X"
    lo = sp.end if sp and sp.end <= cs else max(0, cs - 25)
    # the last time must end where only spaces and commas are left before the cue
    end = cs
    while end > lo and text[end - 1] in " ,":
        end -= 1
    if end <= lo or not (text.endswith(_TIME_FINALS, lo, end) or text[end - 1].isdecimal()):
        return None
    m = None
    for m in _TIME.finditer(text, lo, cs):
        pass
    if m and not text[m.end():cs].strip(" ,"):
        return m.start(), m.end()
    return None


# every _TIME match holds one of the hints and ends with one of the finals (or a digit)
_TIME_HINT = re.compile("day|night|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|week|month|year"
                        "|morning|afternoon|evening")
_TIME_FINALS = ("day", "tonight", "week", "month", "year", "night", "weekend", "morning", "afternoon",
                "evening")


# ---------------------------------------------------------------------------
# indirect statements


def _mostly_covered(start: int, end: int, directs: list[Span]) -> bool:
    """Whether direct quotes cover half of [start, end) or more."""
    covered = 0
    for s, e in directs:
        if s < end and e > start:
            covered += min(end, e) - max(start, s)
    return covered * 2 >= end - start


def _indirect(text: str, sents: list[Span], inside: list[Span], ments: _Mentions,
              used_cues: set[int], directs: list[Span] = ()) -> list[tuple[Quote, _Speaker | None]]:
    """Indirect statements; some of those mostly covered by ``directs`` (which the caller
    drops) may be left out."""
    out: list[tuple[Quote, _Speaker | None]] = []
    for ss, se in sents:
        for cs, ce, form, kind in _cue_at(text, ss, se, ments):
            if kind == "partial" or kind == "report":
                continue  # (report verbs introduce no statement here either)
            if cs in used_cues or not _outside_quotes(cs, inside):
                continue
            if kind == "according":
                q = _according(text, ss, se, cs, ce, form, ments)
                if q:
                    out.append(q)
                continue
            if _is_participle(form) and not text[max(ss, cs - 3):cs].strip().endswith(","):
                continue
            got = _statement(text, ss, se, cs, ce, form, ments, inside, directs)
            if got:
                out.append(got)
    return out


_LISTENER_THEN_THAT = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[\w.’'-]+\s+){0,3}?(?=that\b)")
_LISTENER = re.compile(
    r"\s+(?:(?:[A-Z][\w.’'-]*|the|The)\s+){0,4}(?:[A-Z][\w.’'-]*|reporters|journalists|him|her|them|me|us)\b")
_THAT_OPENER = re.compile(r"[\s,:]*(?:that\b)?\s*")


def _statement(text: str, ss: int, se: int, cs: int, ce: int, form: str, ments: _Mentions,
               inside: list[Span], directs: list[Span] = ()) -> tuple[Quote, _Speaker | None] | None:
    lo = ss
    for s, e in inside:
        if ss <= s and e <= cs:
            lo = max(lo, e)
    before = text[lo:cs]
    # "..., X said." -- the content precedes the attribution
    tail = text[ce:se].rstrip(" .!?\"”").split()
    last_comma = before.rfind(",")
    if last_comma > 0 and len(tail) <= 6 and lo == ss:
        c_s, c_e = _trim(text, ss, lo + last_comma)
        if len(text[c_s:c_e].split()) >= 3:  # (tested first: the subject search costs more)
            subj = _subject_before(text, lo + last_comma + 1, cs, ments)
            if subj and subj.kind != "description" or subj and len(text[subj.start:cs].split()) <= 8:
                return _mk_indirect(text, c_s, c_e, subj, (cs, ce, form), "indirect-final")
    if (last_comma > 0 and lo == ss and not text[lo + last_comma + 1:cs].strip() and len(tail) <= 6
            and _inverted_speaker_follows(text, ce, se)):
        # '..., says the Syrian military': inverted, the content comes first
        subj = _speaker_after(text, ce, se, ments)
        c_s, c_e = _trim(text, ss, lo + last_comma)
        if subj and len(text[c_s:c_e].split()) >= 3:
            return _mk_indirect(text, c_s, c_e, subj, (cs, ce, form), "indirect-final-inverted")
        return None
    content = _content_after(text, ce, se, form)
    if content is None:
        return None  # (found before the subject: a statement often ends at its cue)
    if directs and _mostly_covered(content[0], content[1], directs):
        return None  # the caller would drop it: no subject search
    if _is_participle(form):
        subj = _main_subject(text, ss, cs, ments)
    else:
        subj = _subject_before(text, lo, cs, ments)
    if subj is None:
        return None
    return _mk_indirect(text, content[0], content[1], subj, (cs, ce, form), "indirect-clause")


def _content_after(text: str, ce: int, se: int, form: str) -> Span | None:
    """The reported content after a cue ending at ``ce``, or None when it is no statement."""
    # content after the cue: skip "that", a time, and for "told" the listener
    pos = ce
    m = _TIME_AT.match(text, pos)
    if m:
        pos = m.end()
    if form.lower() in ("told", "tell", "tells", "telling"):
        m = _LISTENER_THEN_THAT.match(text[pos:se])
        if m:
            pos += m.end()
        else:
            m = _LISTENER.match(text[pos:se])
            if not m:
                return None
            pos += m.end()
            m = _TIME_AT.match(text, pos)
            if m:
                pos = m.end()
    else:
        # "said in a statement that ...", "wrote on Twitter that ..."
        m = _PP_THEN_THAT.match(text, pos, se)
        if m:
            pos = m.end()
    m = _THAT_OPENER.match(text[pos:se])
    if m:
        pos += m.end()
    c_s, c_e = _trim(text, pos, se, " \t\r\n.,;:")
    words = text[c_s:c_e].split()
    if len(words) < 3:
        return None
    first = words[0].lower().strip(",")
    # "said in a statement" / "said on Monday" tails are not content
    if first in ("in", "on", "at", "to", "by", "after", "before", "during", "with", "for", "of"):
        return None
    return c_s, c_e


_CLAUSE_VERBS = frozenset(
    "is are was were has have had would will could can may might did does do be been should must".split())


def _inverted_speaker_follows(text: str, ce: int, se: int) -> bool:
    """'says Syrian military.' / 'said the ministry.' but not 'said talks would resume.'"""
    rest = text[ce:se].strip()
    if not rest or _TIME.match(rest):
        return False
    if any(w.lower().strip(".,") in _CLAUSE_VERBS for w in rest.split()):
        return False  # '..., said the talks had failed': a clause, not a speaker
    first = rest.split()[0]
    return first[0].isupper() or first.lower() in ("the", "a", "an", "one", "another")


def _according(text: str, ss: int, se: int, cs: int, ce: int, form: str,
               ments: _Mentions) -> tuple[Quote, _Speaker | None] | None:
    comma = text.find(",", ce, se)
    stop = comma if comma > 0 else se
    sp = _speaker_after(text, ce, stop if stop > ce else se, ments)
    if sp is None:
        return None
    if cs - ss <= 2 and comma > 0:
        # "According to X, ..."
        c_s, c_e = _trim(text, comma + 1, se, " \t\r\n.,;:")
    else:
        c_s, c_e = _trim(text, ss, cs, " \t\r\n.,;:")
    if len(text[c_s:c_e].split()) < 3:
        return None
    return _mk_indirect(text, c_s, c_e, sp, (cs, ce, form), "according-to")


def _mk_indirect(text: str, s: int, e: int, sp: _Speaker, cue: tuple[int, int, str],
                 rule: str) -> tuple[Quote, _Speaker | None]:
    return _make_quote(text, s, e, False, _Attr(sp, cue, rule)), sp


# ---------------------------------------------------------------------------
# coreference: pronouns, descriptions, short names


def _resolve(text: str, quotes: list[tuple[Quote, _Speaker | None]], sents: list[Span],
             ments: _Mentions) -> None:
    """Fill speaker text and antecedent spans, walking the document in order."""
    history: list[tuple[int, int, str, str, str | None]] = []  # (start, end, name, kind, gender)
    subjects = _Subjects(text, sents, ments)
    done: dict[tuple[int, int], tuple[str, int | None, int | None]] = {}
    for q, sp in sorted(quotes, key=lambda x: (x[1].start if x[1] else x[0].start)):
        if sp is None:
            continue
        key = (sp.start, sp.end)
        if key in done:
            name, a_s, a_e = done[key]
            q.speaker, q.antecedent_start, q.antecedent_end = name, a_s, a_e
            continue
        name, a_s, a_e, gender = sp.display or sp.text, None, None, sp.gender
        if sp.kind == "pronoun":
            ante = _pronoun_antecedent(sp, history, subjects)
            if ante:
                a_s, a_e, name, gender = ante[0], ante[1], ante[2], ante[4] or gender
                q.rule += "+pronoun"
        elif sp.kind == "description":
            ante = _description_antecedent(text, sp, history, ments)
            if ante:
                a_s, a_e, name = ante
                q.rule += "+description"
        elif sp.kind == "name":
            full = _full_name(sp.text, history)
            if full:
                a_s, a_e, name = full
                q.rule += "+short-name"
        q.speaker, q.antecedent_start, q.antecedent_end = name, a_s, a_e
        done[key] = (name, a_s, a_e)
        hist_kind = sp.kind if sp.kind != "pronoun" or a_s is None else "name"
        if sp.kind != "pronoun" or a_s is not None:
            history.append((sp.start, sp.end, name, hist_kind, gender))


def _animacy(name: str, kind: str) -> str:
    """'p' person, 'o' organisation/document, '?' unknown."""
    words = [w.lower().strip("’'s.") for w in name.split()]
    orgish = _w("org_words")
    docs = _w("document_nouns")
    if any(w in docs for w in words[:3]):
        return "o"
    if words and (words[-1] in orgish or any(w in orgish for w in words)):
        return "o"
    return "p" if kind == "name" else "?"


def _pronoun_antecedent(sp: _Speaker, history: list, subjects: _Subjects) -> tuple | None:
    g = sp.gender
    # earlier speakers and sentence subjects, the latest start first (a subject
    # before a speaker with the same start)
    hist = [h for h in history if h[1] <= sp.start]
    hist.sort(key=itemgetter(0))
    for h in subjects.candidates(sp.start, hist):
        if sp.start - h[0] > 3000:
            break
        an = _animacy(h[2], h[3])
        last = h[2].split()[-1].lower() if h[2].split() else ""
        plural = h[3] == "description" and last.endswith("s") and not last.endswith(("ss", "us"))
        if plural and g in ("m", "f", "n"):
            continue  # "the Russians" is not "he"
        if h[4] == "n":
            an = "o"
        if g in ("m", "f"):
            if an == "o" or (h[4] and h[4] != g):
                continue
            return h
        if g == "n":
            if an == "o" or (an == "?" and h[3] == "description"):
                return h
            continue
        if g == "p":
            return h
        return None
    return None


@lru_cache(maxsize=512)
def _head_pattern(head: str) -> re.Pattern[str]:
    return re.compile(rf"(?:[A-Z][\w’'.-]*\s+){{0,4}}{re.escape(head.capitalize())}\b")


_SAFE_RESTART = re.compile(r"\s[a-z]")


def _last_head_match(text: str, head: str, end: int) -> re.Match[str] | None:
    """The last match of _head_pattern(head) in text[:end] as finditer from 0 finds it.

    Every match holds the capitalised head literally, so most calls end at one
    rfind.  Otherwise the scan starts at a lower-case word shortly before the last
    occurrence: no match can run across such a word, so the scan from 0 and the
    scan from there find the same matches after it."""
    cap = head.capitalize()
    last = text.rfind(cap, 0, end)
    if last < 0:
        return None
    pat = _head_pattern(head)
    restart = 0
    if cap:  # (with no head a match may end in a space, right before a restart)
        for m in _SAFE_RESTART.finditer(text, max(0, last - 200), last):
            restart = m.start() + 1
    # a match ends with an occurrence of the head: none runs past `last`, and the
    # character after it (for the closing \\b) is all the scan needs to see beyond
    stop = min(end, last + len(cap) + 1)
    best = None
    for m in pat.finditer(text, restart, stop):
        best = m
    if best is None and restart > 0:
        for m in pat.finditer(text, 0, restart):  # the last match lies before the restart
            best = m
    return best


def _description_antecedent(text: str, sp: _Speaker, history: list, ments: _Mentions) -> tuple | None:
    words = sp.text.split()
    if not words or words[0].lower() not in ("the", "this", "that"):
        return None
    head = words[-1].lower().strip("’'s.,")
    # an earlier name ending in the same head word: "Russia's Defense Ministry" ... "the ministry"
    best = _last_head_match(text, head, sp.start)
    if best and len(text[best.start():best.end()].split()) >= 2:
        return best.start(), best.end(), text[best.start():best.end()]
    for h in reversed(history):
        if h[2].split() and h[2].split()[-1].lower().strip("’'s.,") == head and h[0] < sp.start:
            return h[0], h[1], h[2]
    return None


def _full_name(short: str, history: list) -> tuple | None:
    """'Qasim' after 'Omar al-Qasim': the earlier full name ending with it."""
    if len(short.split()) != 1:
        return None
    for h in reversed(history):
        full = h[2]
        if h[3] != "name" or full == short:
            continue
        last = full.split()[-1]
        if last == short or last.endswith("-" + short):
            return h[0], h[1], full
    return None


_MIDSENTENCE_CAP = re.compile(r"[\w,]\s+([A-Z][\w'’\-]*)")


class _Subjects:
    """Sentence subjects: names that open a sentence and are followed by a lower-case
    word.  Found one sentence at a time, walking back from a pronoun, as the walk
    for an antecedent mostly stops after a sentence or two."""

    def __init__(self, text: str, sents: list[Span], ments: _Mentions) -> None:
        self.text, self.sents, self.ments = text, sents, ments
        self.starts = [ss for ss, _ in sents]
        self.found: dict[int, tuple | None] = {}
        self.midsentence: set[str] | None = None
        # in sentences that do not overlap, a later sentence's subject starts later
        self.ordered = all(sents[k][1] <= sents[k + 1][0] for k in range(len(sents) - 1))

    def subject(self, i: int) -> tuple | None:
        if i not in self.found:
            self.found[i] = self._subject(*self.sents[i])
        return self.found[i]

    def candidates(self, pos: int, hist: list[tuple]) -> Iterable[tuple]:
        """Earlier speakers ``hist`` (sorted by start) and the subjects ending at or
        before pos, the latest start first; a subject before a speaker with the same
        start (a stable sort of speakers + subjects by start, reversed).  Subjects
        starting more than 3000 characters before pos are left out (never used)."""
        j = len(hist) - 1
        if not self.ordered:
            got = [sb for i in range(len(self.sents)) if (sb := self.subject(i)) and sb[1] <= pos]
            got.sort(key=itemgetter(0))
            k = len(got) - 1
            while k >= 0 or j >= 0:
                if j < 0 or (k >= 0 and got[k][0] >= hist[j][0]):
                    yield got[k]
                    k -= 1
                else:
                    yield hist[j]
                    j -= 1
            return
        # sentences do not overlap: a later sentence's subject starts later, so walk
        # back only while a sentence may hold a subject later than the next speaker
        i = bisect_left(self.starts, pos) - 1
        far = pos - 3000
        pending = None
        while True:
            if pending is None:
                h_start = hist[j][0] if j >= 0 else None
                while i >= 0:
                    se = self.sents[i][1]
                    if se <= far:
                        i = -1
                        break
                    if h_start is not None and se <= h_start:
                        break
                    sb = self.subject(i)
                    i -= 1
                    if sb is not None and sb[1] <= pos:
                        pending = sb
                        break
            if pending is not None and (j < 0 or pending[0] >= hist[j][0]):
                yield pending
                pending = None
            elif j >= 0:
                yield hist[j]
                j -= 1
            else:
                return

    def _subject(self, ss: int, se: int) -> tuple | None:
        text, ments = self.text, self.ments
        # (the cheap tests first: each only rules the sentence out)
        m = _NAME_RUN.match(text, ss, se)
        if not m:
            return None
        rest = text[m.end():m.end() + 2].lstrip()
        if not rest[:1].islower():
            return None
        if text[m.start():m.end()].split()[0] in ("The", "A", "An", "In", "On", "At", "But", "And", "It",
                                                   "He", "She", "They", "We", "I", "This", "That"):
            return None
        if _np_kind(text, m.start(), m.end()) != "name":
            return None
        words = text[ss:se].split()
        if sum(map(str.isupper, map(itemgetter(0), words))) * 5 >= len(words) * 3:
            return None  # a headline or caption in title case, not a sentence
        tail = _name_tail(text, m.start(), m.end())
        if not tail:
            return None
        s, e = tail
        if ments:
            if ments.type_at(s, e) not in ("PERSON", "ORG"):
                return None  # the entity recogniser knows better than capitals
        elif " " not in text[s:e]:
            if self.midsentence is None:
                # capitalised words seen inside a sentence are names, not sentence-initial words
                self.midsentence = {mm.group(1) for mm in _MIDSENTENCE_CAP.finditer(text)}
            if text[s:e] not in self.midsentence:
                return None  # "Now they are advancing": a capitalised word, not a name
        return (s, e, text[s:e], "name", _title_gender(text, m.start(), s))
