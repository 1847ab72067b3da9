"""Roles and affiliations of people, from appositives and pre-modifying titles.

* pre-modifier: "U.N. Secretary General Ban Ki-moon" -> role "Secretary General",
  affiliation "U.N."; "Brigadier General Nabil Haddad" -> "Brigadier General";
* appositive: "Karim Haddad, head of the Paris-based Levant Monitoring
  Group" -> "head" of the Group; "Yasmin Qattan, a
  photographer" -> "photographer"; "X, the pseudonym of the director of Y" ->
  "director" of Y (the role word nearest the organisation);
* relative clause: "X, who heads Y" -> "head" of Y;
* organisation before role before name: "Observatory spokesman X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aleppo_cli.entities import gazetteer as gz
from aleppo_cli.entities.recognize import Mention


@dataclass(slots=True)
class RoleFact:
    start: int  # the person mention
    end: int
    role: str
    affiliation: str | None  # text of the organisation (or place) mention
    aff_start: int | None
    aff_end: int | None
    rule: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "role": self.role, "affiliation": self.affiliation,
                "affiliation_span": None if self.aff_start is None else [self.aff_start, self.aff_end],
                "rule": self.rule}


_VERB_ROLES = {"heads": "head", "leads": "leader", "runs": "head", "directs": "director", "chairs": "chairman",
               "founded": "founder", "commands": "commander", "headed": "head", "led": "leader"}
_WORD = re.compile(r"[A-Za-z][\w-]*")
# words allowed between a role and its organisation: "head of the Britain-based"
_LINK = re.compile(r"\s+(?:of|for|at|to|with|in)\s+(?:the\s+)?(?:[A-Z][\w.]*-(?:based|backed|led)\s+)?$")
_WORDCHAR = re.compile(r"\w")
_WHO = re.compile(r",\s+who\s+(\w+)\s+(?:the\s+)?")
_NOT_ROLES = frozenset({"pseudonym", "man", "woman", "father", "mother", "son", "daughter", "wife", "husband"})


def _role_phrases() -> list[str]:
    return sorted(gz.cue("role_nouns"), key=len, reverse=True)


def _overlaps_itself(p: str) -> bool:
    """"a b a": one occurrence may start inside another (at a word boundary inside it)."""
    word = [bool(_WORDCHAR.match(c)) for c in p]
    return any(p[k:] == p[:len(p) - k] and word[k - 1] != word[k] for k in range(1, len(p)))


@lru_cache(maxsize=1)
def _role_finder() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """All role phrases in one pass: at each position the longest phrase starting there.

    The zero-width lookahead finds phrases starting inside other phrases ("chief" in
    "commander-in-chief"); a phrase that can overlap itself is searched on its own, as
    the per-phrase search did (its occurrences do not overlap).
    """
    phrases = [p for p in _role_phrases() if p not in _NOT_ROLES]
    alone = tuple(re.compile(r"\b" + re.escape(p) + r"\b") for p in phrases if _overlaps_itself(p))
    together = [re.escape(p) for p in phrases if not _overlaps_itself(p)] or ["(?!)"]
    return re.compile(r"(?=\b(" + "|".join(together) + r")\b)"), alone


def _last_role(window_low: str) -> tuple[int, str] | None:
    """Start and phrase of the role word nearest the end, in its longest form ("legal adviser")."""
    finder, alone = _role_finder()
    best_end, best_start, best_phrase = -1, -1, ""
    for hit in finder.finditer(window_low):
        phrase = hit.group(1)
        end = hit.start() + len(phrase)
        if end > best_end or end == best_end and len(phrase) > len(best_phrase):
            best_end, best_start, best_phrase = end, hit.start(), phrase
    for pattern in alone:
        for hit in pattern.finditer(window_low):
            phrase = hit.group()
            if hit.end() > best_end or hit.end() == best_end and len(phrase) > len(best_phrase):
                best_end, best_start, best_phrase = hit.end(), hit.start(), phrase
    return (best_start, best_phrase) if best_end >= 0 else None


def _sentence_end(sentences: list[tuple[int, int]], pos: int) -> int:
    for s, e in sentences:
        if s <= pos < e:
            return e
    return pos + 200


def find_roles(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[RoleFact]:
    """Role facts for the PERSON mentions of one document."""
    orgs = sorted((m for m in mentions if m.type in ("ORG", "LOC")), key=lambda m: m.start)
    only_orgs = [m for m in orgs if m.type == "ORG"]
    out: list[RoleFact] = []
    for m in mentions:
        if m.type != "PERSON":
            continue
        # a title may name a state ("U.S. Ambassador"); an appositive's affiliation is an organisation
        fact = _title_role(text, m, orgs) or _appositive_role(text, sentences, m, only_orgs) \
            or _org_before_role(text, m, only_orgs)
        if fact:
            out.append(fact)
    return out


def _title_role(text: str, m: Mention, orgs: list[Mention]) -> RoleFact | None:
    if not m.rule.startswith("title:"):
        return None
    title = m.rule.split(":", 1)[1].rstrip(".")
    if title in ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame"):
        return None
    # an organisation or place right before the title: "U.N. Secretary General Ban"
    head = text.rfind(title.split()[0], max(0, m.start - 60), m.start)
    aff = None
    if head >= 0:
        for o in orgs:
            if o.end <= head and not text[o.end:head].strip(" ’'s"):
                aff = o
                break
    return RoleFact(m.start, m.end, title, aff.text if aff else None, aff.start if aff else None,
                    aff.end if aff else None, "title-premodifier")


def _appositive_role(text: str, sentences: list[tuple[int, int]], m: Mention, orgs: list[Mention]) -> RoleFact | None:
    stop = min(_sentence_end(sentences, m.start), m.end + 200)
    rest = text[m.end:stop]
    if not rest.startswith(","):
        return None
    clause_end = m.end + len(rest)
    low = rest.lower()
    who = _WHO.match(low)
    if who and who.group(1) in _VERB_ROLES:
        pos = m.end + who.end()
        aff = next((o for o in orgs if pos <= o.start <= pos + 40 and o.start < clause_end
                    and text[o.end:o.end + 1] != "-"), None)
        return RoleFact(m.start, m.end, _VERB_ROLES[who.group(1)], aff.text if aff else None,
                        aff.start if aff else None, aff.end if aff else None, "who-verb")
    # the organisation the appositive leads to, if it is linked by "of/for/at/to"
    aff = None
    for o in orgs:
        if text[o.end:o.end + 1] == "-":  # "Britain-based" describes the organisation that follows
            continue
        if m.end < o.start < clause_end and _LINK.search(text, m.end, o.start):
            if ";" in text[m.end:o.start] or text.count(",", m.end, o.start) > 1:
                break
            aff = o
            break
    window = text[m.end:aff.start] if aff else rest[:80].split(",")[1] if rest.count(",") > 1 else rest[:80]
    window_low = window.lower()
    # the role word nearest the organisation, in its longest form ("legal adviser")
    best = _last_role(window_low)
    if best is None:
        return None
    # the role must open the appositive (after an article and two modifiers at most)
    before = window_low[: best[0]]
    if len(_WORD.findall(before)) > 8:
        return None
    role = best[1]
    return RoleFact(m.start, m.end, role, aff.text if aff else None, aff.start if aff else None,
                    aff.end if aff else None, "appositive")


def _org_before_role(text: str, m: Mention, orgs: list[Mention]) -> RoleFact | None:
    """"the Observatory spokesman Ahmed X": organisation, role noun, name."""
    for o in orgs:
        if o.end < m.start <= o.end + 40 and o.type == "ORG":
            between = text[o.end:m.start].strip().lower()
            if between in gz.cue("role_nouns"):
                return RoleFact(m.start, m.end, between, o.text, o.start, o.end, "org-role-name")
    return None
