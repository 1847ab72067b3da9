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


# --- tokens -----------------------------------------------------------------

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.N.
    r"|[A-Z]\.(?= ?[A-Z][a-z])"  # an initial: "George W. Bush"
    r"|[^\W\d_](?:\w|[-'’](?=[^\W\d_]))*"  # words with inner hyphens and apostrophes
    r"|\d[\d,.:]*\d|\d"
    r"|\S"
)
# Abbreviations whose period belongs to the name or title ("St. Louis", "Gen.").
_DOTTED = frozenset("mr mrs ms dr gen lt col maj capt sgt sen rep gov st jr sr co inc corp ltd prof rev adm brig cmdr mt ft bros".split())
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = frozenset("\"'“‘([-—–:")

NORMAL, UPPER, TITLE = 0, 1, 2


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    word: bool  # starts with a letter
    initial: bool = False  # sentence-initial (or after an opening quote)
    name: bool = False  # name-like here
    stop: bool = False  # a run must end after this token ("Britain-based")


def _tokenise(text: str, start: int, end: int) -> list[_Tok]:
    toks: list[_Tok] = []
    hyphen_suffixes = gz.cue("hyphen_suffixes")
    hyphen_prefixes = gz.cue("hyphen_prefixes")
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        w = m.group()
        if not w[0].isalpha():
            toks.append(_Tok(s, e, w, False))
            continue
        stop = False
        if "-" in w:
            head, _, tail = w.rpartition("-")
            if tail.lower() in hyphen_suffixes and head[:1].isupper():  # "Britain-based"
                e = s + len(head)
                w = head
                stop = True
            first, _, rest = w.partition("-")
            if first.lower() in hyphen_prefixes and rest[:1].isupper():  # "anti-Assad"
                s = s + len(first) + 1
                w = rest
        if w[-1] in "'’" or w.endswith(("'s", "’s")) and len(w) > 3:
            cut = _POSSESSIVE.search(w)
            if cut:
                toks.append(_Tok(s, s + cut.start(), w[: cut.start()], True, stop=True))
                toks.append(_Tok(s + cut.start(), e, w[cut.start():], False))
                continue
        elif e < end and text[e] == "." and w.lower() in _DOTTED:
            e += 1
            w += "."
        toks.append(_Tok(s, e, w, True, stop=stop))
    return toks


def _mode(toks: list[_Tok]) -> int:
    words = [t.text for t in toks if t.word and len(t.text) > 1]
    if len(words) < 2:
        return NORMAL
    upper = sum(1 for w in words if w.isupper())
    if upper >= 0.6 * len(words) and upper >= 2:
        return UPPER
    if len(words) >= 4:
        caps = [w for w in words if w[0].isupper()]
        common = gz.common_words()
        capped_common = sum(1 for w in caps[1:] if w.lower() in common)
        # a headline in Title Case leaves only short function words in lower case
        lower_content = any(w[0].islower() and len(w) > 4 for w in words)
        if len(caps) >= 0.75 * len(words) and capped_common >= 2 and not lower_content:
            return TITLE
    return NORMAL


# --- the document pass ---------------------------------------------------------


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    toks: list[_Tok]
    mode: int


def _titlecase(w: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))


def _norm(w: str, mode: int) -> str:
    """The form to look a token up in the gazetteers ("BONN" -> "Bonn")."""
    if w.isupper() and "." not in w and (mode == UPPER and len(w) > 1 or len(w) > 3) and w not in known_names():
        return _titlecase(w)
    return w


def _known(w: str) -> bool:
    if w in gz.places() or w in gz.demonyms() or w in known_names():
        return True
    return (w in gz.first_names() or w in gz.surnames()) and w.lower() not in gz.common_words()


class _Doc:
    """Document-wide evidence used while typing runs."""

    def __init__(self, text: str, sents: list[_Sent]):
        self.text = text
        self.sents = sents
        self.cap_seen: set[str] = set()
        self.lower_seen: set[str] = set()
        for sent in sents:
            if sent.mode != NORMAL:
                continue
            for t in sent.toks:
                if not t.word:
                    continue
                if t.text[0].islower():
                    self.lower_seen.add(t.text)
                elif not t.initial and not t.text.isupper():
                    self.cap_seen.add(t.text)


def _mark_initials(toks: list[_Tok]) -> None:
    first = True
    for t in toks:
        if t.word:
            t.initial = first
            first = False
        elif t.text in _OPENERS:
            first = True


def _is_particle(w: str) -> bool:
    return w.lower() in gz.cue("name_particles")


def _particle_prefixed(w: str) -> bool:
    """"al-Assad", "el-Din": a lower-case particle glued to a capitalised name."""
    head, sep, rest = w.partition("-")
    return bool(sep) and rest[:1].isupper() and _is_particle(head)


def _rare_before_name(w: str, nxt: _Tok) -> bool:
    """"Tariq Barakat, director of ...": a rarer word opening a sentence before a capital."""
    return (nxt.word and nxt.text[0].isupper() and nxt.text not in gz.cue("never_names")
            and (gz.common_rank().get(w.lower(), 10**6) > 5000 or w in gz.cue("person_titles")))


def _name_like(t: _Tok, mode: int, doc: _Doc, nxt: _Tok | None = None) -> bool:
    w = t.text
    never = gz.cue("never_names")
    if w in never or w.rstrip(".") in never or w.isupper() and w.title() in never:
        return False
    if mode == NORMAL:
        if not w[0].isupper():
            return _particle_prefixed(w)
        if not t.initial or w.isupper():
            return True
        return _content_name(w, doc) or (nxt is not None and _rare_before_name(w, nxt))
    # headline case: a capital proves nothing, so ask the document and the lists
    if w[0].islower():
        return _particle_prefixed(w)
    return _content_name(_norm(w, mode) if mode == UPPER else w, doc)


def _content_name(w: str, doc: _Doc) -> bool:
    """Is a capitalised word with no case evidence of its own a name?"""
    if w in doc.cap_seen or _known(w):
        return True
    low = w.lower()
    if low in doc.lower_seen or low in gz.common_words():
        return False
    return True


def _analyse(text: str, sentences: list[tuple[int, int]]) -> _Doc:
    sents = []
    for s, e in sentences:
        toks = _tokenise(text, s, e)
        _mark_initials(toks)
        sents.append(_Sent(s, e, toks, _mode(toks)))
    doc = _Doc(text, sents)
    for sent in sents:
        toks = sent.toks
        for k, t in enumerate(toks):
            if t.word:
                t.name = _name_like(t, sent.mode, doc, toks[k + 1] if k + 1 < len(toks) else None)
        _mark_known_phrases(sent)
    return doc


def _mark_known_phrases(sent: _Sent) -> None:
    """"New York" is a name even where "New" opens a sentence or a headline."""
    toks = sent.toks
    for i in range(len(toks) - 1):
        if toks[i].name or not toks[i].word or not toks[i].text[0].isupper():
            continue
        for size in (3, 2):
            if i + size > len(toks):
                continue
            words = toks[i:i + size]
            if not all(t.word and t.text[0].isupper() for t in words):
                continue
            phrase = " ".join(_norm(t.text, sent.mode) for t in words)
            if phrase in gz.places() or phrase in known_names():
                for t in words:
                    t.name = True
                break


# --- runs ------------------------------------------------------------------------

_JOINERS_ORG = frozenset({"of", "for", "on", "&", "and"})


def _runs(sent: _Sent) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of candidate names."""
    toks = sent.toks
    out: list[tuple[int, int]] = []
    heads = gz.cue("org_heads") | gz.cue("loc_heads") | gz.cue("org_suffixes")
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if not t.name and not (_is_particle(t.text) and t.text.islower() and i + 1 < n and toks[i + 1].name
                               and toks[i + 1].text[0].isupper() and i > 0 and toks[i - 1].name):
            i += 1
            continue
        j = i + 1
        while j < n and not toks[j - 1].stop:
            nxt = toks[j]
            if nxt.name:
                j += 1
                continue
            low = nxt.text.lower()
            follow = toks[j + 1] if j + 1 < n else None
            if follow is None or not follow.name:
                # "of the" before a name: "Organisation of the Islamic Conference"
                if low == "of" and follow is not None and follow.text.lower() == "the" and j + 2 < n \
                        and toks[j + 2].name and any(_norm(x.text, sent.mode) in heads for x in toks[i:j]):
                    j += 3
                    continue
                break
            if _is_particle(nxt.text) and nxt.text.islower():
                j += 2
                continue
            if low in _JOINERS_ORG and low != "and" and any(_norm(x.text, sent.mode) in heads for x in toks[i:j]):
                j += 2
                continue
            if nxt.text == "&":
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
    return [t.text.lower() for t in toks[max(0, i - k):i]]


def _words_after(toks: list[_Tok], j: int, k: int) -> list[str]:
    return [t.text.lower() for t in toks[j:j + k]]


def _has_phrase(words: list[str], phrases: frozenset[str], at_end: bool) -> str | None:
    for size in (3, 2, 1):
        if len(words) < size:
            continue
        seg = words[-size:] if at_end else words[:size]
        p = " ".join(seg)
        if p in phrases:
            return p
    return None


def _context_type(toks: list[_Tok], i: int, j: int) -> tuple[str, str, int] | None:
    """Strong cues around a run: "X district", "city of X", ", a photographer"."""
    after = _words_after(toks, j, 6)
    before = _words_before(toks, i, 4)
    loc_nouns = gz.cue("loc_cue_nouns")
    if after and after[0] in loc_nouns:
        return "LOC", f"cue:X {after[0]}", 4
    if after[:2] == ["in", "the"] and len(after) > 2 and after[2] in gz.cue("directions"):
        return "LOC", f"cue:X in the {after[2]}", 3  # "took Qasr Nour in the south"
    if before[-1:] == [":"]:
        # "three districts of the city: X, Y and Z"
        lead = [t.text.lower() for t in toks[max(0, i - 7):i - 1]]
        noun = next((w for w in reversed(lead) if w in loc_nouns), None)
        if noun:
            return "LOC", f"cue:{noun}: X", 4
    possessive = bool(after) and after[0] in ("'", "’", "'s", "’s")  # "members of Suu Kyi's party"
    if possessive:
        pass  # "the city of X's" is rare; "a share of X's voters" is common
    elif len(before) >= 2 and before[-1] == "of" and before[-2] in gz.cue("loc_of_nouns"):
        return "LOC", f"cue:{before[-2]} of X", 4
    if len(before) >= 3 and before[-1] == "the" and before[-2] == "of" and before[-3] in gz.cue("loc_of_nouns"):
        return "LOC", f"cue:{before[-3]} of the X", 4
    # appositive after: "X, a sprawling neighbourhood", "X, a photographer", "X, head of"
    if after[:1] == [","] and len(after) > 2:
        rest = after[1:]
        if rest[0] in ("a", "an", "the", "one"):
            rest = rest[1:]
        for k, w in enumerate(rest[:3]):
            if w in loc_nouns:
                return "LOC", f"cue:X, {w}", 4
            if w in gz.cue("role_nouns") or (k + 1 < len(rest) and f"{w} {rest[k + 1]}" in gz.cue("role_nouns")):
                return "PERSON", f"cue:X, {w}", 4
            if w in (",", ".", "and", "who", "which"):
                break
    # appositive before: "a key area, X"
    if before[-1:] == [","] and len(before) >= 2 and before[-2] in loc_nouns and after[:1] == [","]:
        return "LOC", f"cue:{before[-2]}, X", 4
    org = _has_phrase(before if before[-1:] != ["the"] else before[:-1], gz.cue("org_cue_before"), at_end=True)
    if org and not possessive:
        return "ORG", f"cue:{org} X", 3
    org = _has_phrase([w for w in after[:3]], gz.cue("org_cue_after"), at_end=False)
    if org:
        return "ORG", f"cue:X {org}", 2
    return None


# words that may follow an inverted speaker: "said Wang on Monday", "said Lee, who ..."
_AFTER_INVERSION = frozenset("on in at of from who after before when during to as and in a".split())


def _person_cue(toks: list[_Tok], i: int, j: int) -> str | None:
    after = _words_after(toks, j, 2)
    verbs = gz.cue("person_verbs")
    if after and after[0] in verbs:
        return f"cue:X {after[0]}"
    if len(after) == 2 and after[0] == "," and after[1] == "who":
        return "cue:X, who"
    before = _words_before(toks, i, 2)
    if before and before[-1] in gz.cue("premodifier_roles"):
        return f"cue:{before[-1]} X"  # "veteran dissident Wang Li", "photographer Sam Ode"
    # inversion "..., said Smith." (not "Smith said Medicare is ...")
    if before[-1:] and before[-1] in ("said", "says", "added", "wrote") and (
            not after or not after[0].isalpha() or not after[0].islower() or after[0] in _AFTER_INVERSION):
        return f"cue:{before[-1]} X"
    return None


def _peel(toks: list[_Tok], i: int, j: int, mode: int, out: list[_Cand]) -> tuple[int, str | None]:
    """Strip leading nationality words, alias names and titles before a name.

    "Syrian President Bashar Assad" -> NORP "Syrian", PERSON evidence "President";
    "U.N. Secretary General Ban Ki-moon" -> ORG "U.N.", title "Secretary General".
    Returns the new start and the title rule (None when no title was peeled).
    """
    titles = gz.cue("person_titles")
    title_rule = None
    while j - i >= 2:
        w = _norm(toks[i].text, mode)
        two = f"{w} {_norm(toks[i + 1].text, mode)}" if i + 2 <= j else ""
        three = f"{two} {_norm(toks[i + 2].text, mode)}" if i + 3 <= j else ""
        if j - i >= 4 and three.rstrip(".") in titles:
            title_rule, i = f"title:{three}", i + 3
            continue
        if j - i >= 3 and (two.rstrip(".") in titles or two.replace(".", "") in titles):
            title_rule, i = f"title:{two}", i + 2
            continue
        if w in titles or w.rstrip(".") in titles:
            title_rule, i = f"title:{w}", i + 1
            continue
        nxt = _norm(toks[i + 1].text, mode)
        nxt2 = f"{nxt} {_norm(toks[i + 2].text, mode)}" if i + 3 <= j else ""
        next_is_title = nxt in titles or nxt.rstrip(".") in titles or nxt2 in titles
        if w in gz.demonyms() and (next_is_title or j - i >= 3 or nxt in gz.first_names()):
            out.append(_Cand(toks[i].start, toks[i].end, "NORP", "demonym", 3))
            i += 1
            continue
        if next_is_title:
            kind = known_names().get(w) or ("LOC" if w in gz.places() else None)
            if kind:
                out.append(_Cand(toks[i].start, toks[i].end, kind, "alias" if w in known_names() else "gazetteer:place", 4))
                i += 1
                continue
        break
    return i, title_rule


def _type_run(sent: _Sent, i: int, j: int, doc: _Doc, out: list[_Cand]) -> None:
    toks = sent.toks
    mode = sent.mode
    text = doc.text
    # trim trailing connectors or particles left dangling
    while j > i and not toks[j - 1].name:
        j -= 1
    if j <= i or all(len(t.text.rstrip(".")) == 1 for t in toks[i:j]):
        return
    if j - i == 1 and toks[i].text.rstrip(".") in gz.cue("person_titles"):
        return  # a title alone ("Gov.", "President") names no one
    span_text = text[toks[i].start:toks[j - 1].end]
    norms = [_norm(t.text, mode) for t in toks[i:j]]
    joined = " ".join(norms)
    full = (toks[i].start, toks[j - 1].end)

    def emit(a: int, typ: str | None, rule: str, strength: int, whole: tuple[int, int] | None = None) -> None:
        out.append(_Cand(toks[a].start, toks[j - 1].end, typ, rule, strength, whole))

    kind = known_names().get(span_text) or known_names().get(joined)
    if kind:
        return emit(i, kind, "alias", 5)
    last = norms[-1].rstrip(".")
    if j - i >= 2:
        if last in gz.cue("org_suffixes") and joined not in gz.places():
            return emit(i, "ORG", f"org-suffix:{last}", 4)
        if last in gz.cue("loc_suffixes"):
            return emit(i, "LOC", f"loc-suffix:{last}", 4)
        if any(t.text == "&" for t in toks[i:j]):
            return emit(i, "ORG", "org-shape:&", 4)
        if norms[0] in gz.cue("org_prefixes") or " ".join(norms[:2]) in gz.cue("org_prefixes"):
            return emit(i, "ORG", f"org-prefix:{norms[0]}", 3)
        low = [t.text.lower() for t in toks[i:j]]
        for k in range(len(low) - 1):
            if low[k + 1] in ("of", "for", "on"):
                # "Bank of England", "Syrian Observatory for Human Rights"
                if norms[k] in gz.cue("org_heads"):
                    return emit(i, "ORG", f"org-head:{norms[k]} {low[k + 1]}", 4)
                if k == 0 and norms[0] in gz.cue("loc_heads"):
                    return emit(i, "LOC", f"loc-head:{norms[0]} of", 4)
    if all(w in gz.demonyms() for w in norms):
        return emit(i, "NORP", "demonym", 3)  # "Iraqi Kurds"
    if j - i >= 2 and (last in gz.cue("event_suffixes") or " ".join(norms[-2:]) in gz.cue("event_suffixes")):
        return emit(i, "MISC", f"event-suffix:{last}", 3)  # "Hong Kong Open", "Geneva Conference"
    # headline case hides the lower-case cue words, so cues are read in running text only
    ctx = _context_type(toks, i, j) if mode == NORMAL else None
    if ctx and ctx[0] == "LOC":
        return emit(i, *ctx)
    if joined in gz.places():
        kind, pop = gz.places()[joined]
        # "a girl called Fatima": a small town's name that is also a personal name proves little
        if not (kind == "city" and pop < 200_000 and j - i == 1 and (joined in gz.first_names() or joined in gz.surnames())):
            return emit(i, "LOC", f"gazetteer:{kind}", 3 if pop >= 100_000 else 2)
    if j - i == 1 and norms[0] in gz.demonyms():
        return emit(i, "NORP", "demonym", 3)
    if j - i >= 2 and norms[0].lower() in gz.cue("directions") and not norms[0].endswith(("ern", "al")) \
            and " ".join(norms[1:]) in gz.places():
        return emit(i, "LOC", "loc-shape:direction+place", 3)  # "North Africa", "South Sudan"
    if j - i >= 2 and norms[0] in gz.cue("direction_adjectives"):
        rest = " ".join(norms[1:])
        if rest in gz.places() or known_names().get(rest) == "LOC":
            # "Eastern Aleppo": the place itself; the adjective is only a part of it
            return emit(i + 1, "LOC", "gazetteer:" + (gz.places()[rest][0] if rest in gz.places() else "alias"), 3)
    a, title_rule = _peel(toks, i, j, mode, out)
    if a != i:
        # re-type what is left after the nationality word or title
        rest = " ".join(norms[a - i:])
        kind = known_names().get(rest)
        if kind:
            return emit(a, kind, "alias", 5)
        if rest in gz.places() and not title_rule:
            return emit(a, "LOC", "gazetteer:" + gz.places()[rest][0], 3)
        if title_rule:
            return emit(a, "PERSON", title_rule, 5, full)
        i = a
        norms = norms[a - i:] if False else [_norm(t.text, mode) for t in toks[i:j]]
    if ctx:
        return emit(i, *ctx)
    person = _person_evidence(toks, i, j, norms)
    if not person and j - i >= 2 and _byline(toks, i):
        person = "cue:byline"
    if not person and j - i >= 2 and _photo_credit(toks, j):
        person = "cue:photo-credit"
    if person:
        return emit(i, "PERSON", person, 3)
    cue = _person_cue(toks, i, j) if mode == NORMAL else None
    if cue == "cue:X who" and j - i == 1 and toks[i].initial:
        cue = None  # "Aides who ...": a sentence capital and "who" are not enough
    if cue and j - i <= 4:
        return emit(i, "PERSON", cue, 2)
    if j - i == 1:
        w = norms[0]
        if w.isupper() and 2 <= len(w) <= 6 and w.isalpha():
            return emit(i, "ORG", "acronym", 1)
        if toks[i].initial:
            return emit(i, None, "unknown:initial", 0)  # kept only if the document types it
        before = _words_before(toks, i, 2)
        if before and (before[-1] in gz.cue("loc_prepositions") or " ".join(before) in gz.cue("loc_prepositions")):
            return emit(i, "LOC", f"cue:{before[-1]} X", 1)
        return emit(i, None, "unknown", 0)
    return emit(i, None, "unknown:multiword", 0)


def _photo_credit(toks: list[_Tok], j: int) -> bool:
    """"(Jane Roe/Agency Name/Getty Images)" or "JANE ROE / AFP": a photographer's credit."""
    if j + 1 >= len(toks) or toks[j].text != "/":
        return False
    nxt = toks[j + 1].text
    return nxt in known_names() and known_names()[nxt] == "ORG" or (
        toks[j + 1].name and j + 2 < len(toks) and f"{nxt} {toks[j + 2].text}" in known_names())


def _byline(toks: list[_Tok], i: int) -> bool:
    """"By Jane Roe and John Doe" opening a line."""
    k = i - 1
    while k >= 0 and toks[k].text.lower() != "by":
        if toks[k].text not in (",", "and") and not toks[k].name:
            return False
        k -= 1
    return k == 0


def _person_evidence(toks: list[_Tok], i: int, j: int, norms: list[str]) -> str | None:
    if j - i < 2:
        return None
    first = norms[0]
    if first in gz.first_names() and (first.lower() not in gz.common_words() or not toks[i].initial):
        return "first-name"
    if any(_is_particle(t.text) or _particle_prefixed(t.text) for t in toks[i + 1:j]):
        return "name-shape:particle"
    if first.lower() in ("abu", "abo", "abou", "bin", "ibn", "umm"):
        return "name-shape:particle"
    last = norms[-1]
    if last in gz.surnames() and last.lower() not in gz.common_words() and last not in gz.places():
        return "surname"
    return None


# --- consistency -------------------------------------------------------------------


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*$")


def _coordinate(text: str, cands: list[_Cand]) -> None:
    """Names in one list ("X, Y and Z") are of one kind.

    A place typed by a cue carries its type to weaker members ("districts of
    Bab Tuma, Sheikh Marwan and Qasr Nour": the title reading of "Sheikh" loses);
    untyped members take the type all typed members agree on.
    """
    groups: list[list[_Cand]] = []
    for c in cands:
        start = c.full[0] if c.full else c.start
        if groups and _LIST_GLUE.match(text[groups[-1][-1].end:start]) and text[groups[-1][-1].end:start].strip():
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        # a list ends in "and"/"or"; a lone comma may be a clause boundary ("east Homs, Nasser's army")
        if len(g) < 2 or not re.search(r"\b(?:and|or)\s*$", text[g[-2].end:g[-1].full[0] if g[-1].full else g[-1].start]):
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
    best: dict[str, _Cand] = {}
    for c in cands:
        if c.type is None:
            continue
        key = text[c.start:c.end]
        old = best.get(key)
        if old is None or c.strength > old.strength:
            best[key] = c
        if c.full and c.type == "PERSON":
            continue
    # surnames and first tokens of multi-word person names
    person_parts: dict[str, _Cand] = {}
    for c in cands:
        if c.type == "PERSON" and c.strength >= 2:
            parts = text[c.start:c.end].split()
            if len(parts) >= 2:
                last = parts[-1]
                person_parts.setdefault(last, c)
                if "-" in last:
                    person_parts.setdefault(last.partition("-")[2], c)
    single_people = {text[c.start:c.end] for c in cands
                     if c.type == "PERSON" and c.strength >= 2 and " " not in text[c.start:c.end]}
    for c in cands:
        key = text[c.start:c.end]
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


def _is_sports(doc: _Doc) -> bool:
    """Sports reports: a results page uses many sports words."""
    words = gz.cue("sports_words")
    seen = {t.text.lower() for sent in doc.sents[:12] for t in sent.toks if t.word} & words
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
    doc = _analyse(text, sentences)
    cands: list[_Cand] = []
    for sent in doc.sents:
        first = len(cands)
        for i, j in _runs(sent):
            _type_run(sent, i, j, doc, cands)
        _coordinate(text, cands[first:])
    _consistent(text, cands)
    if _is_sports(doc):
        _sports_teams(doc, cands)
    skip = [(s.start, s.end) for s in segments or () if s.label == "boilerplate"]
    out = []
    for c in cands:
        if c.end <= c.start or c.type is None and c.rule == "unknown:initial" \
                or any(s <= c.start < e for s, e in skip):
            continue
        typ = c.type or "MISC"
        rule = c.rule
        out.append(Mention(c.start, c.end, text[c.start:c.end], typ, rule, strength=c.strength))
    out.sort(key=lambda m: m.start)
    return out
