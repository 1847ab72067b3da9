"""Named-entity mentions (PERSON, ORG, LOC, NORP, MISC) from capitalisation and context.

Pipeline for one document (a pure function of its text):

1. tokenise each sentence and decide its case mode: ``normal``, ``upper`` (an
   ALL-CAPS headline or credit line) or ``title`` (a Title Case headline), where
   capitals say little;
2. collect document-wide case evidence: words seen capitalised inside a
   normal sentence, and words seen in lower case;
3. build runs of name-like tokens (joined by "of", "al", "bin", ... where the
   run looks like an organisation, place or Arabic name);
4. type each run by the strongest evidence: the alias file, organisation and
   place suffixes, leading titles and nationality words, context cues around
   the run, gazetteers, name shape; every mention names its rule;
5. make the document consistent: one surface form keeps its strongest type,
   and a lone surname follows the full name it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import attrgetter
from typing import Any

from aleppo_cli.entities import gazetteer as gz
from aleppo_cli.entities.aliases import known_names

TYPES = ("PERSON", "ORG", "LOC", "NORP", "MISC")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, LOC, NORP, MISC
    rule: str  # which rule, gazetteer or cue typed it
    entity: str | None = None  # canonical entity id, filled by resolution
    strength: int = 0  # how strong the typing evidence is (for consistency passes)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "entity": self.entity, "rule": self.rule}


# --- word lists ---------------------------------------------------------------


class _Lex:
    """The word lists and cue sets, fetched once: calling ``gz.cue(...)`` per token costs."""

    def __init__(self) -> None:
        cue = gz.cues()
        self.known = known_names()
        self.places = gz.places()
        self.demonyms = gz.demonyms()
        self.first_names = gz.first_names()
        self.surnames = gz.surnames()
        self.common = gz.common_words()
        self.common_rank = gz.common_rank()
        self.never = cue["never_names"]
        self.particles = cue["name_particles"]
        self.hyphen_suffixes = cue["hyphen_suffixes"]
        self.hyphen_prefixes = cue["hyphen_prefixes"]
        self.titles = cue["person_titles"]
        self.org_suffixes = cue["org_suffixes"]
        self.org_heads = cue["org_heads"]
        self.loc_suffixes = cue["loc_suffixes"]
        self.loc_heads = cue["loc_heads"]
        self.run_heads = self.org_heads | self.loc_heads | self.org_suffixes
        self.org_prefixes = cue["org_prefixes"]
        self.event_suffixes = cue["event_suffixes"]
        self.directions = cue["directions"]
        self.direction_adjectives = cue["direction_adjectives"]
        self.loc_cue_nouns = cue["loc_cue_nouns"]
        self.loc_of_nouns = cue["loc_of_nouns"]
        self.loc_prepositions = cue["loc_prepositions"]
        self.role_nouns = cue["role_nouns"]
        self.premodifier_roles = cue["premodifier_roles"]
        self.person_verbs = cue["person_verbs"]
        self.org_cue_before = cue["org_cue_before"]
        self.org_cue_after = cue["org_cue_after"]
        # a phrase can match only where its last (first) word does
        self.org_cue_before_last = frozenset(p.rsplit(" ", 1)[-1] for p in self.org_cue_before)
        self.org_cue_after_first = frozenset(p.split(" ", 1)[0] for p in self.org_cue_after)
        self.sports_words = cue["sports_words"]
        # first words of the multi-word places and names ("New" of "New York")
        self.phrase_heads = frozenset(p.split(" ", 1)[0] for p in (*self.places, *self.known) if " " in p)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex()


# --- tokens -----------------------------------------------------------------

# The groups tell the tokeniser which tokens need no second look: 1 an abbreviation or
# initial, 2 plain words in ASCII lower case (no inner hyphen or apostrophe; the last may be
# an abbreviation whose period the tokeniser adds), as many as follow each other after single
# spaces: one match for the lot, split in C (a token as group 1 never starts in lower case,
# so the split is the same), 3 another plain word, 4 any other word; numbers and single
# characters have no group.
_TOKEN = re.compile(
    r"([A-Z]\.(?:(?:[A-Z]\.)+|(?= ?[A-Z][a-z])))"  # U.S., U.N.; an initial: "George W. Bush"
    r"|([a-z]\w*+(?![-'’])(?: [a-z]\w*+(?![-'’]))*)"  # a chain of them, split by single spaces
    r"|([^\W\d_]\w*+(?![-'’.]))"
    r"|([^\W\d_]\w*(?:[-'’][^\W\d_]\w*)*)"  # words with inner hyphens and apostrophes
    r"|\d(?:[\d,.:]*\d)?"
    r"|\S"
)
# Abbreviations whose period belongs to the name or title ("St. Louis", "Gen.").
_DOTTED = frozenset("mr mrs ms dr gen lt col maj capt sgt sen rep gov st jr sr co inc corp ltd prof rev adm brig cmdr mt ft bros".split())
_PLUS_ONE = (1).__add__
_TRUE, _FALSE = repeat(True), repeat(False)
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = frozenset("\"'“‘([-—–:")

NORMAL, UPPER, TITLE = 0, 1, 2


# A token is a tuple (start, text, word, initial, stop): a document has hundreds of them,
# and building a tuple costs a fraction of building a class instance. A token ends at
# start + len(text).
#   word: starts with a letter; initial: sentence-initial (or after an opening quote);
#   stop: a run must end after this token ("Britain-based").
# Whether a token is name-like is kept in the sentence's ``names`` list.
_Tok = tuple
_START, _TEXT, _WORD, _INITIAL, _STOP = range(5)


def _end(t: _Tok) -> int:
    return t[_START] + len(t[_TEXT])


@dataclass(slots=True)
class _Tokens:
    """One sentence's tokens, with the word lists the case-mode and evidence passes need."""

    toks: list[_Tok]
    lowers: list[str]  # texts of the words that start in lower case, in order
    others: list[int]  # indices of the other words (capitalised, or a letter without case)
    hyphenated: list[int]  # indices of lower-case words with a hyphen ("al-Assad")


def _tokenise(text: str, start: int, end: int, lex: _Lex) -> _Tokens:
    """Tokens of text[start:end]; ``initial`` marks the first word and words after an opener."""
    toks: list[_Tok] = []
    lowers: list[str] = []
    others: list[int] = []
    hyphenated: list[int] = []
    append = toks.append
    lower = lowers.append
    hyphen_suffixes = lex.hyphen_suffixes
    hyphen_prefixes = lex.hyphen_prefixes
    first = True
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastindex
        w = m[0]
        if kind == 2:  # the commonest case
            pos = m.start()
            e = pos + len(w)
            if " " not in w:
                lower(w)
                append((pos, w, True, first, False))
                first = False
            else:
                ws = w.split(" ")
                lowers.extend(ws)
                if first:
                    append((pos, ws[0], True, True, False))
                    first = False
                    pos += len(ws[0]) + 1
                    ws = ws[1:]
                # the starts: each word starts one space after the end of the one before
                toks.extend(zip(accumulate(map(_PLUS_ONE, map(len, ws)), initial=pos), ws, _TRUE, _FALSE, _FALSE))
            if e < end and text[e] == "." and lowers[-1].lower() in _DOTTED:  # "gen."
                t = toks[-1]
                lowers[-1] = w = t[_TEXT] + "."
                toks[-1] = (t[_START], w, True, t[_INITIAL], False)
            continue
        if kind == 1 or kind == 3 and w[0].isalpha():  # nothing to split
            if w[0].islower():
                lowers.append(w)
            else:
                others.append(len(toks))
            append((m.start(), w, True, first, False))
            first = False
            continue
        if kind is None or not w[0].isalpha():
            append((m.start(), w, False, False, False))
            if w in _OPENERS:
                first = True
            continue
        s, e = m.span()
        stop = False
        if "-" in w:
            head, _, tail = w.rpartition("-")
            if tail.lower() in hyphen_suffixes and head[:1].isupper():  # "Britain-based"
                e = s + len(head)
                w = head
                stop = True
            first_part, _, rest = w.partition("-")
            if first_part.lower() in hyphen_prefixes and rest[:1].isupper():  # "anti-Assad"
                s = s + len(first_part) + 1
                w = rest
        if w[-1] in "'’" or w.endswith(("'s", "’s")) and len(w) > 3:
            cut = _POSSESSIVE.search(w)
            if cut:
                tail = w[cut.start():]
                w = w[: cut.start()]
                _sort_word(w, len(toks), lowers, others, hyphenated)
                append((s, w, True, first, True))
                append((s + cut.start(), tail, False, False, False))
                first = tail in _OPENERS
                continue
        elif e < end and text[e] == "." and w.lower() in _DOTTED:
            e += 1
            w += "."
        _sort_word(w, len(toks), lowers, others, hyphenated)
        append((s, w, True, first, stop))
        first = False
    return _Tokens(toks, lowers, others, hyphenated)


def _sort_word(w: str, k: int, lowers: list[str], others: list[int], hyphenated: list[int]) -> None:
    if w[0].islower():
        lowers.append(w)
        if "-" in w:
            hyphenated.append(k)
    else:
        others.append(k)


def _mode(tk: _Tokens, common: frozenset[str]) -> int:
    # the words longer than one letter decide; a word starting in lower case is never all caps
    toks = tk.toks
    others = [toks[k][_TEXT] for k in tk.others if len(toks[k][_TEXT]) > 1]
    upper = sum(map(str.isupper, others))
    if upper >= 2 and upper >= 0.6 * (len(others) + sum(1 for w in tk.lowers if len(w) > 1)):
        return UPPER
    # a headline in Title Case leaves only short function words in lower case
    if tk.lowers and max(map(len, tk.lowers)) > 4:  # a lower-case word longer than four letters
        return NORMAL
    n_words = len(others) + sum(1 for w in tk.lowers if len(w) > 1)
    if n_words >= 4:
        caps = [w for w in others if w[0].isupper()]
        if len(caps) >= 0.75 * n_words and sum(1 for w in caps[1:] if w.lower() in common) >= 2:
            return TITLE
    return NORMAL


# --- the document pass ---------------------------------------------------------


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    toks: list[_Tok]
    mode: int
    words: list[int]  # indices of the words that may be names: all but plain lower-case words
    names: list[bool]  # per token: name-like here


def _titlecase(w: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))


def _norm(w: str, mode: int, known: dict[str, str]) -> str:
    """The form to look a token up in the gazetteers ("BONN" -> "Bonn")."""
    if w.isupper() and "." not in w and (mode == UPPER and len(w) > 1 or len(w) > 3) and w not in known:
        return _titlecase(w)
    return w


def _known(w: str, lex: _Lex) -> bool:
    if w in lex.places or w in lex.demonyms or w in lex.known:
        return True
    return (w in lex.first_names or w in lex.surnames) and w.lower() not in lex.common


class _Doc:
    """Document-wide evidence used while typing runs: words seen capitalised inside a
    normal sentence (not opening it), and words seen in lower case."""

    def __init__(self, text: str, sents: list[_Sent], cap_seen: set[str], lower_seen: set[str]):
        self.text = text
        self.sents = sents
        self.cap_seen = cap_seen
        self.lower_seen = lower_seen


def _particle_prefixed(w: str, particles: frozenset[str]) -> bool:
    """"al-Assad", "el-Din": a lower-case particle glued to a capitalised name."""
    head, sep, rest = w.partition("-")
    return bool(sep) and rest[:1].isupper() and head.lower() in particles


def _rare_before_name(w: str, nxt: _Tok, lex: _Lex) -> bool:
    """"Tariq Barakat, director of ...": a rarer word opening a sentence before a capital."""
    return (nxt[_WORD] and nxt[_TEXT][0].isupper() and nxt[_TEXT] not in lex.never
            and (lex.common_rank.get(w.lower(), 10**6) > 5000 or w in lex.titles))


def _name_like(t: _Tok, mode: int, doc: _Doc, nxt: _Tok | None, lex: _Lex) -> bool:
    w = t[_TEXT]
    never = lex.never
    if w in never or w.rstrip(".") in never or w.isupper() and w.title() in never:
        return False
    if mode == NORMAL:
        if not w[0].isupper():
            return _particle_prefixed(w, lex.particles)
        if not t[_INITIAL] or w.isupper():
            return True
        return _content_name(w, doc, lex) or (nxt is not None and _rare_before_name(w, nxt, lex))
    # headline case: a capital proves nothing, so ask the document and the lists
    if w[0].islower():
        return _particle_prefixed(w, lex.particles)
    return _content_name(_norm(w, mode, lex.known) if mode == UPPER else w, doc, lex)


def _content_name(w: str, doc: _Doc, lex: _Lex) -> bool:
    """Is a capitalised word with no case evidence of its own a name?"""
    if w in doc.cap_seen or _known(w, lex):
        return True
    low = w.lower()
    if low in doc.lower_seen or low in lex.common:
        return False
    return True


def _analyse(text: str, sentences: list[tuple[int, int]], lex: _Lex) -> _Doc:
    sents = []
    tokens = []
    cap_seen: set[str] = set()
    lower_seen: set[str] = set()
    common = lex.common
    for s, e in sentences:
        tk = _tokenise(text, s, e, lex)
        mode = _mode(tk, common)
        sents.append(_Sent(s, e, tk.toks, mode, sorted(tk.others + tk.hyphenated) if tk.hyphenated else tk.others,
                           [False] * len(tk.toks)))
        tokens.append(tk)
        if mode != NORMAL:
            continue
        lower_seen.update(tk.lowers)
        toks = tk.toks
        for k in tk.others:
            t = toks[k]
            if not t[_INITIAL] and not t[_TEXT].isupper():
                cap_seen.add(t[_TEXT])
    doc = _Doc(text, sents, cap_seen, lower_seen)
    never = lex.never
    for sent, tk in zip(sents, tokens):
        # a word starting in lower case is a name only when particle-prefixed ("al-Assad")
        toks = sent.toks
        names = sent.names
        mode = sent.mode
        last = len(toks) - 1
        maybe_phrase = []  # capitalised words that are not names by themselves
        for k in tk.others:
            t = toks[k]
            w = t[_TEXT]
            if mode == NORMAL and not t[_INITIAL] and w[0].isupper():
                # _name_like's commonest case: a capital inside running text names unless listed
                name = not (w in never or w.rstrip(".") in never or w.isupper() and w.title() in never)
            else:
                name = _name_like(t, mode, doc, toks[k + 1] if k < last else None, lex)
            if name:
                names[k] = True
            elif k < last and w[0].isupper():
                maybe_phrase.append(k)
        for k in tk.hyphenated:
            if _name_like(toks[k], mode, doc, toks[k + 1] if k < last else None, lex):
                names[k] = True
        if maybe_phrase:
            _mark_known_phrases(sent, maybe_phrase, lex)
    return doc


def _mark_known_phrases(sent: _Sent, starts: list[int], lex: _Lex) -> None:
    """"New York" is a name even where "New" opens a sentence or a headline.

    ``starts``: the capitalised words not (yet) marked as names, in order.
    """
    toks = sent.toks
    names = sent.names
    places, known = lex.places, lex.known
    for i in starts:
        # every phrase needs a capitalised word after this one, and starts with a known head
        nxt = toks[i + 1]
        if names[i] or not (nxt[_WORD] and nxt[_TEXT][0].isupper()) \
                or _norm(toks[i][_TEXT], sent.mode, known) not in lex.phrase_heads:
            continue
        for size in (3, 2):
            if i + size > len(toks):
                continue
            words = toks[i:i + size]
            if not all(t[_WORD] and t[_TEXT][0].isupper() for t in words):
                continue
            phrase = " ".join(_norm(t[_TEXT], sent.mode, known) for t in words)
            if phrase in places or phrase in known:
                names[i:i + size] = [True] * size
                break


# --- runs ------------------------------------------------------------------------

_JOINERS_ORG = frozenset({"of", "for", "on", "&", "and"})


def _runs(sent: _Sent, lex: _Lex) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of candidate names."""
    toks = sent.toks
    mode = sent.mode
    out: list[tuple[int, int]] = []
    heads = lex.run_heads
    particles = lex.particles
    known = lex.known
    names = sent.names
    starts = [k for k in sent.words if names[k]]
    at = 0  # the next name in ``starts``
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        # a lower-case particle opens a run only right after a run that had to stop
        if not names[i] and not (i > 0 and names[i - 1] and i + 1 < n and names[i + 1]
                               and toks[i + 1][_TEXT][0].isupper() and t[_TEXT].islower()
                               and t[_TEXT].lower() in particles):
            while at < len(starts) and starts[at] <= i:
                at += 1
            if at == len(starts):
                break
            i = starts[at]
            continue
        j = i + 1
        while j < n and not toks[j - 1][_STOP]:
            nxt = toks[j]
            if names[j]:
                j += 1
                continue
            low = nxt[_TEXT].lower()
            follow = toks[j + 1] if j + 1 < n else None
            if follow is None or not names[j + 1]:
                # "of the" before a name: "Organisation of the Islamic Conference"
                if low == "of" and follow is not None and follow[_TEXT].lower() == "the" and j + 2 < n \
                        and names[j + 2] and any(_norm(x[_TEXT], mode, known) in heads for x in toks[i:j]):
                    j += 3
                    continue
                break
            if low in particles and nxt[_TEXT].islower():
                j += 2
                continue
            if low in _JOINERS_ORG and low != "and" and any(_norm(x[_TEXT], mode, known) in heads for x in toks[i:j]):
                j += 2
                continue
            if nxt[_TEXT] == "&":
                j += 2
                continue
            break
        out.append((i, j))
        i = j
    return out


# --- typing ------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    type: str | None
    rule: str
    strength: int
    full: tuple[int, int] | None = None  # span with a peeled title, for consistency


def _words_before(toks: list[_Tok], i: int, k: int) -> list[str]:
    return [t[_TEXT].lower() for t in toks[max(0, i - k):i]]


def _words_after(toks: list[_Tok], j: int, k: int) -> list[str]:
    return [t[_TEXT].lower() for t in toks[j:j + k]]


def _has_phrase(words: list[str], phrases: frozenset[str], at_end: bool) -> str | None:
    for size in (3, 2, 1):
        if len(words) < size:
            continue
        seg = words[-size:] if at_end else words[:size]
        p = " ".join(seg)
        if p in phrases:
            return p
    return None


# The edge words after (before) a run that start a cue reading further words.
_WIDE_AFTER = frozenset({"in", ","})
_WIDE_BEFORE = frozenset({":", "of", "the", ","})


def _context_type(toks: list[_Tok], i: int, after: list[str], before: list[str],
                  lex: _Lex) -> tuple[str, str, int] | None:
    """Strong cues around a run: "X district", "city of X", ", a photographer".

    ``after``: the six words after the run, ``before``: the four before it (lower case);
    only the first (last) when that word starts no longer cue (see _WIDE_AFTER/_WIDE_BEFORE).
    """
    loc_nouns = lex.loc_cue_nouns
    if after and after[0] in loc_nouns:
        return "LOC", f"cue:X {after[0]}", 4
    if len(after) > 2 and after[0] == "in" and after[1] == "the" and after[2] in lex.directions:
        return "LOC", f"cue:X in the {after[2]}", 3  # "took Qasr Nour in the south"
    if before and before[-1] == ":":
        # "three districts of the city: X, Y and Z"
        lead = [t[_TEXT].lower() for t in toks[max(0, i - 7):i - 1]]
        noun = next((w for w in reversed(lead) if w in loc_nouns), None)
        if noun:
            return "LOC", f"cue:{noun}: X", 4
    possessive = bool(after) and after[0] in ("'", "’", "'s", "’s")  # "members of Suu Kyi's party"
    if possessive:
        pass  # "the city of X's" is rare; "a share of X's voters" is common
    elif len(before) >= 2 and before[-1] == "of" and before[-2] in lex.loc_of_nouns:
        return "LOC", f"cue:{before[-2]} of X", 4
    if len(before) >= 3 and before[-1] == "the" and before[-2] == "of" and before[-3] in lex.loc_of_nouns:
        return "LOC", f"cue:{before[-3]} of the X", 4
    # appositive after: "X, a sprawling neighbourhood", "X, a photographer", "X, head of"
    if len(after) > 2 and after[0] == ",":
        rest = after[1:]
        if rest[0] in ("a", "an", "the", "one"):
            rest = rest[1:]
        for k, w in enumerate(rest[:3]):
            if w in loc_nouns:
                return "LOC", f"cue:X, {w}", 4
            if w in lex.role_nouns or (k + 1 < len(rest) and f"{w} {rest[k + 1]}" in lex.role_nouns):
                return "PERSON", f"cue:X, {w}", 4
            if w in (",", ".", "and", "who", "which"):
                break
    # appositive before: "a key area, X"
    if len(before) >= 2 and before[-1] == "," and before[-2] in loc_nouns and after and after[0] == ",":
        return "LOC", f"cue:{before[-2]}, X", 4
    lead = before[:-1] if before and before[-1] == "the" else before
    org = _has_phrase(lead, lex.org_cue_before, at_end=True) if lead and lead[-1] in lex.org_cue_before_last else None
    if org and not possessive:
        return "ORG", f"cue:{org} X", 3
    if after and after[0] in lex.org_cue_after_first:
        org = _has_phrase(after[:3], lex.org_cue_after, at_end=False)
        if org:
            return "ORG", f"cue:X {org}", 2
    return None


# words that may follow an inverted speaker: "said Wang on Monday", "said Lee, who ..."
_AFTER_INVERSION = frozenset("on in at of from who after before when during to as and in a".split())


def _person_cue(after: list[str], before: list[str], lex: _Lex) -> str | None:
    """``after``: the two words after the run, ``before``: the two before it (lower case)."""
    verbs = lex.person_verbs
    if after and after[0] in verbs:
        return f"cue:X {after[0]}"
    if len(after) == 2 and after[0] == "," and after[1] == "who":
        return "cue:X, who"
    if before and before[-1] in lex.premodifier_roles:
        return f"cue:{before[-1]} X"  # "veteran dissident Wang Li", "photographer Sam Ode"
    # inversion "..., said Smith." (not "Smith said Medicare is ...")
    if before[-1:] and before[-1] in ("said", "says", "added", "wrote") and (
            not after or not after[0].isalpha() or not after[0].islower() or after[0] in _AFTER_INVERSION):
        return f"cue:{before[-1]} X"
    return None


def _peel(toks: list[_Tok], i: int, j: int, mode: int, out: list[_Cand], lex: _Lex) -> tuple[int, str | None]:
    """Strip leading nationality words, alias names and titles before a name.

    "Syrian President Bashar Assad" -> NORP "Syrian", PERSON evidence "President";
    "U.N. Secretary General Ban Ki-moon" -> ORG "U.N.", title "Secretary General".
    Returns the new start and the title rule (None when no title was peeled).
    """
    titles = lex.titles
    title_rule = None
    while j - i >= 2:
        w = _norm(toks[i][_TEXT], mode, lex.known)
        two = f"{w} {_norm(toks[i + 1][_TEXT], mode, lex.known)}" if i + 2 <= j else ""
        three = f"{two} {_norm(toks[i + 2][_TEXT], mode, lex.known)}" if i + 3 <= j else ""
        if j - i >= 4 and three.rstrip(".") in titles:
            title_rule, i = f"title:{three}", i + 3
            continue
        if j - i >= 3 and (two.rstrip(".") in titles or two.replace(".", "") in titles):
            title_rule, i = f"title:{two}", i + 2
            continue
        if w in titles or w.rstrip(".") in titles:
            title_rule, i = f"title:{w}", i + 1
            continue
        nxt = _norm(toks[i + 1][_TEXT], mode, lex.known)
        nxt2 = f"{nxt} {_norm(toks[i + 2][_TEXT], mode, lex.known)}" if i + 3 <= j else ""
        next_is_title = nxt in titles or nxt.rstrip(".") in titles or nxt2 in titles
        if w in lex.demonyms and (next_is_title or j - i >= 3 or nxt in lex.first_names):
            out.append(_Cand(toks[i][_START], _end(toks[i]), "NORP", "demonym", 3))
            i += 1
            continue
        if next_is_title:
            kind = lex.known.get(w) or ("LOC" if w in lex.places else None)
            if kind:
                out.append(_Cand(toks[i][_START], _end(toks[i]), kind, "alias" if w in lex.known else "gazetteer:place", 4))
                i += 1
                continue
        break
    return i, title_rule


def _emit(out: list[_Cand], start: int, end: int, typ: str | None, rule: str, strength: int,
          whole: tuple[int, int] | None = None) -> None:
    out.append(_Cand(start, end, typ, rule, strength, whole))


def _type_run(sent: _Sent, i: int, j: int, doc: _Doc, out: list[_Cand], lex: _Lex) -> None:
    toks = sent.toks
    mode = sent.mode
    text = doc.text
    # trim trailing connectors or particles left dangling
    names = sent.names
    while j > i and not names[j - 1]:
        j -= 1
    if j <= i:
        return
    if j - i == 1:
        w = toks[i][_TEXT].rstrip(".")
        if len(w) == 1:
            return
        if w in lex.titles:
            return  # a title alone ("Gov.", "President") names no one
    elif all(len(t[_TEXT].rstrip(".")) == 1 for t in toks[i:j]):
        return
    end = _end(toks[j - 1])
    span_text = text[toks[i][_START]:end]
    known = lex.known
    norms = [_norm(t[_TEXT], mode, known) if t[_TEXT].isupper() else t[_TEXT] for t in toks[i:j]]
    joined = " ".join(norms)
    full = (toks[i][_START], end)

    kind = lex.known.get(span_text) or lex.known.get(joined)
    if kind:
        return _emit(out, toks[i][_START], end, kind, "alias", 5)
    last = norms[-1].rstrip(".")
    if j - i >= 2:
        if last in lex.org_suffixes and joined not in lex.places:
            return _emit(out, toks[i][_START], end, "ORG", f"org-suffix:{last}", 4)
        if last in lex.loc_suffixes:
            return _emit(out, toks[i][_START], end, "LOC", f"loc-suffix:{last}", 4)
        if any(t[_TEXT] == "&" for t in toks[i:j]):
            return _emit(out, toks[i][_START], end, "ORG", "org-shape:&", 4)
        if norms[0] in lex.org_prefixes or " ".join(norms[:2]) in lex.org_prefixes:
            return _emit(out, toks[i][_START], end, "ORG", f"org-prefix:{norms[0]}", 3)
        low = [t[_TEXT].lower() for t in toks[i:j]]
        for k in range(len(low) - 1):
            if low[k + 1] in ("of", "for", "on"):
                # "Bank of England", "Syrian Observatory for Human Rights"
                if norms[k] in lex.org_heads:
                    return _emit(out, toks[i][_START], end, "ORG", f"org-head:{norms[k]} {low[k + 1]}", 4)
                if k == 0 and norms[0] in lex.loc_heads:
                    return _emit(out, toks[i][_START], end, "LOC", f"loc-head:{norms[0]} of", 4)
    if (norms[0] in lex.demonyms if j - i == 1 else all(w in lex.demonyms for w in norms)):
        return _emit(out, toks[i][_START], end, "NORP", "demonym", 3)  # "Iraqi Kurds"
    if j - i >= 2 and (last in lex.event_suffixes or " ".join(norms[-2:]) in lex.event_suffixes):
        return _emit(out, toks[i][_START], end, "MISC", f"event-suffix:{last}", 3)  # "Hong Kong Open", "Geneva Conference"
    # headline case hides the lower-case cue words, so cues are read in running text only
    if mode == NORMAL:
        # Most cues need only the word right after and right before the run: the longer
        # windows are read only where their edge word can start a cue.
        after = [toks[j][_TEXT].lower()] if j < len(toks) else []
        if after and (after[0] in _WIDE_AFTER or after[0] in lex.org_cue_after_first):
            after = [t[_TEXT].lower() for t in toks[j:j + 6]]
        before = [toks[i - 1][_TEXT].lower()] if i > 0 else []
        if before and (before[0] in _WIDE_BEFORE or before[0] in lex.org_cue_before_last):
            before = [t[_TEXT].lower() for t in toks[max(0, i - 4):i]]
        ctx = _context_type(toks, i, after, before, lex)
    else:
        ctx = before = None
    if ctx and ctx[0] == "LOC":
        return _emit(out, toks[i][_START], end, *ctx)
    if joined in lex.places:
        kind, pop = lex.places[joined]
        # "a girl called Fatima": a small town's name that is also a personal name proves little
        if not (kind == "city" and pop < 200_000 and j - i == 1 and (joined in lex.first_names or joined in lex.surnames)):
            return _emit(out, toks[i][_START], end, "LOC", f"gazetteer:{kind}", 3 if pop >= 100_000 else 2)
    if j - i == 1 and norms[0] in lex.demonyms:
        return _emit(out, toks[i][_START], end, "NORP", "demonym", 3)
    if j - i >= 2 and norms[0].lower() in lex.directions and not norms[0].endswith(("ern", "al")) \
            and " ".join(norms[1:]) in lex.places:
        return _emit(out, toks[i][_START], end, "LOC", "loc-shape:direction+place", 3)  # "North Africa", "South Sudan"
    if j - i >= 2 and norms[0] in lex.direction_adjectives:
        rest = " ".join(norms[1:])
        if rest in lex.places or lex.known.get(rest) == "LOC":
            # "Eastern Aleppo": the place itself; the adjective is only a part of it
            return _emit(out, toks[i + 1][_START], end, "LOC", "gazetteer:" + (lex.places[rest][0] if rest in lex.places else "alias"), 3)
    a, title_rule = _peel(toks, i, j, mode, out, lex)
    if a != i:
        # re-type what is left after the nationality word or title
        rest = " ".join(norms[a - i:])
        kind = lex.known.get(rest)
        if kind:
            return _emit(out, toks[a][_START], end, kind, "alias", 5)
        if rest in lex.places and not title_rule:
            return _emit(out, toks[a][_START], end, "LOC", "gazetteer:" + lex.places[rest][0], 3)
        if title_rule:
            return _emit(out, toks[a][_START], end, "PERSON", title_rule, 5, full)
        i = a
        before = None
        norms = [_norm(t[_TEXT], mode, known) if t[_TEXT].isupper() else t[_TEXT] for t in toks[i:j]]
    if ctx:
        return _emit(out, toks[i][_START], end, *ctx)
    person = _person_evidence(toks, i, j, norms, lex)
    if not person and j - i >= 2 and _byline(toks, names, i):
        person = "cue:byline"
    if not person and j - i >= 2 and _photo_credit(toks, names, j, lex):
        person = "cue:photo-credit"
    if person:
        return _emit(out, toks[i][_START], end, "PERSON", person, 3)
    if mode == NORMAL:
        if before is None:
            before = [t[_TEXT].lower() for t in toks[max(0, i - 4):i]]
        cue = _person_cue(after[:2], before[-2:], lex)
    else:
        cue = None
    if cue == "cue:X who" and j - i == 1 and toks[i][_INITIAL]:
        cue = None  # "Aides who ...": a sentence capital and "who" are not enough
    if cue and j - i <= 4:
        return _emit(out, toks[i][_START], end, "PERSON", cue, 2)
    if j - i == 1:
        w = norms[0]
        if w.isupper() and 2 <= len(w) <= 6 and w.isalpha():
            return _emit(out, toks[i][_START], end, "ORG", "acronym", 1)
        if toks[i][_INITIAL]:
            return _emit(out, toks[i][_START], end, None, "unknown:initial", 0)  # kept only if the document types it
        before = _words_before(toks, i, 2)
        if before and (before[-1] in lex.loc_prepositions or " ".join(before) in lex.loc_prepositions):
            return _emit(out, toks[i][_START], end, "LOC", f"cue:{before[-1]} X", 1)
        return _emit(out, toks[i][_START], end, None, "unknown", 0)
    return _emit(out, toks[i][_START], end, None, "unknown:multiword", 0)


def _photo_credit(toks: list[_Tok], names: list[bool], j: int, lex: _Lex) -> bool:
    """"(Jane Roe/Agency Name/Getty Images)" or "JANE ROE / AFP": a photographer's credit."""
    if j + 1 >= len(toks) or toks[j][_TEXT] != "/":
        return False
    nxt = toks[j + 1][_TEXT]
    return nxt in lex.known and lex.known[nxt] == "ORG" or (
        names[j + 1] and j + 2 < len(toks) and f"{nxt} {toks[j + 2][_TEXT]}" in lex.known)


def _byline(toks: list[_Tok], names: list[bool], i: int) -> bool:
    """"By Jane Roe and John Doe" opening a line."""
    k = i - 1
    while k >= 0 and toks[k][_TEXT].lower() != "by":
        if toks[k][_TEXT] not in (",", "and") and not names[k]:
            return False
        k -= 1
    return k == 0


def _person_evidence(toks: list[_Tok], i: int, j: int, norms: list[str], lex: _Lex) -> str | None:
    if j - i < 2:
        return None
    first = norms[0]
    if first in lex.first_names and (first.lower() not in lex.common or not toks[i][_INITIAL]):
        return "first-name"
    if any(t[_TEXT].lower() in lex.particles or _particle_prefixed(t[_TEXT], lex.particles) for t in toks[i + 1:j]):
        return "name-shape:particle"
    if first.lower() in ("abu", "abo", "abou", "bin", "ibn", "umm"):
        return "name-shape:particle"
    last = norms[-1]
    if last in lex.surnames and last.lower() not in lex.common and last not in lex.places:
        return "surname"
    return None


# --- consistency -------------------------------------------------------------------


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*$")
_LIST_END = re.compile(r"\b(?:and|or)\s*$")


def _coordinate(text: str, cands: list[_Cand]) -> None:
    """Names in one list ("X, Y and Z") are of one kind.

    A place typed by a cue carries its type to weaker members ("districts of
    Bab Tuma, Sheikh Marwan and Qasr Nour": the title reading of "Sheikh" loses);
    untyped members take the type all typed members agree on.
    """
    groups: list[list[_Cand]] = []
    for c in cands:
        start = c.full[0] if c.full else c.start
        # (an empty or all-space gap is no list glue)
        if groups and start > groups[-1][-1].end and _LIST_GLUE.match(text, groups[-1][-1].end, start) \
                and text[groups[-1][-1].end:start].strip():
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        # a list ends in "and"/"or"; a lone comma may be a clause boundary ("east Homs, Nasser's army")
        if len(g) < 2 or not _LIST_END.search(text[g[-2].end:g[-1].full[0] if g[-1].full else g[-1].start]):
            continue
        cue_loc = any(c.type == "LOC" and c.rule.startswith("cue:") and c.strength >= 3 for c in g)
        typed = {c.type for c in g if c.type and c.strength >= 2}
        for c in g:
            name_list_only = c.rule in ("first-name", "surname", "name-shape:particle")
            if cue_loc and c.type != "LOC" and (c.type is None or c.strength <= 2 or c.full or name_list_only):
                if c.full:
                    c.start, c.end = c.full
                c.type, c.rule, c.strength, c.full = "LOC", "cue:coordinated", 3, None
            elif c.type is None and len(typed) == 1:
                c.type, c.rule, c.strength = next(iter(typed)), "cue:coordinated", 2


def _consistent(text: str, cands: list[_Cand]) -> None:
    keys = [text[c.start:c.end] for c in cands]  # the spans change only in the last loop, one at a time
    best: dict[str, _Cand] = {}
    for c, key in zip(cands, keys):
        if c.type is None:
            continue
        old = best.get(key)
        if old is None or c.strength > old.strength:
            best[key] = c
    # surnames and first tokens of multi-word person names
    person_parts: dict[str, _Cand] = {}
    single_people = set()
    for c, key in zip(cands, keys):
        if c.type == "PERSON" and c.strength >= 2:
            parts = key.split()
            if len(parts) >= 2:
                last = parts[-1]
                person_parts.setdefault(last, c)
                if "-" in last:
                    person_parts.setdefault(last.partition("-")[2], c)
            if " " not in key:
                single_people.add(key)
    for c, key in zip(cands, keys):
        if c.type is None and " " in key and key.split()[-1] in single_people:
            # "Moammar Gadhafi" untyped, but "Gadhafi, who ..." is a person
            c.type, c.rule, c.strength = "PERSON", "document:surname", 2
            continue
        if c.full:
            whole = best.get(text[c.full[0]:c.full[1]])
            if whole and whole.type not in ("PERSON", None) and whole.strength >= 3:
                c.start, c.end = c.full
                c.type, c.rule, c.strength = whole.type, f"document:{whole.rule}", whole.strength
                continue
        b = best.get(key)
        if b is not None and b is not c and b.strength > c.strength and b.type != c.type:
            c.type, c.rule, c.strength = b.type, f"document:{b.rule}", b.strength
            continue
        strong_person = key in person_parts and person_parts[key].strength >= 3
        weak_other = c.strength <= 3 and not c.rule.startswith(("alias", "org-", "loc-", "sports"))
        if " " not in key and key in person_parts and c.type != "PERSON" and (
                c.strength <= 1 or strong_person and (c.rule.startswith("gazetteer") or weak_other)):
            # "Clinton" after "Bill Clinton" is the man, not the town
            c.type, c.rule, c.strength = "PERSON", "document:surname", 2


_SCORE_PREP = frozenset({"in", "at", "near", "from", "to", "of", "visit", "visited", "around"})
_DATE_START = re.compile(r"\s*\d{4}-\d\d-\d\d|\s*\d{1,2} [A-Z][a-z]+|\s*\(")


def _is_sports(doc: _Doc, lex: _Lex) -> bool:
    """Sports reports: a results page uses many sports words."""
    words = lex.sports_words
    seen = {t[_TEXT].lower() for sent in doc.sents[:12] for t in sent.toks if t[_WORD]} & words
    return len(seen) >= 4


def _sports_teams(doc: _Doc, cands: list[_Cand]) -> None:
    """In sports reports a town or region competing is its team (metonymy): ORG.

    Places stay LOC after "in/at/from" and at the start of a dateline
    ("LONDON 1996-08-30"); countries stay LOC (national sides are named as
    countries and most news treats them as places).
    """
    text = doc.text
    for c in cands:
        if c.type != "LOC" or not c.rule.startswith(("gazetteer:city", "gazetteer:admin", "document:gazetteer")):
            continue
        line_start = text.rfind("\n", 0, c.start) + 1
        if not text[line_start:c.start].strip() and _DATE_START.match(text, c.end):
            continue
        before = text[max(line_start, c.start - 12):c.start].split()
        if before and before[-1].lower() in _SCORE_PREP:
            continue
        c.type, c.rule = "ORG", "sports:team<-" + c.rule


def find_mentions(text: str, sentences: list[tuple[int, int]] | None, segments: list | None = None) -> list[Mention]:
    """Entity mentions of one document, in text order."""
    if sentences is None:
        from aleppo_cli.text import split_sentences

        sentences = split_sentences(text)
    lex = _lex()
    doc = _analyse(text, sentences, lex)
    cands: list[_Cand] = []
    for sent in doc.sents:
        first = len(cands)
        for i, j in _runs(sent, lex):
            _type_run(sent, i, j, doc, cands, lex)
        if len(cands) - first >= 2:  # a list needs two names
            _coordinate(text, cands[first:])
    _consistent(text, cands)
    if _is_sports(doc, lex):
        _sports_teams(doc, cands)
    skip = [(s.start, s.end) for s in segments or () if s.label == "boilerplate"]
    out = []
    for c in cands:
        if c.end <= c.start or c.type is None and c.rule == "unknown:initial" \
                or skip and any(s <= c.start < e for s, e in skip):
            continue
        typ = c.type or "MISC"
        rule = c.rule
        out.append(Mention(c.start, c.end, text[c.start:c.end], typ, rule, None, c.strength))
    out.sort(key=attrgetter("start"))
    return out
