"""``aleppo who NAME``: find an entity by any of its names, forgiving case and typos."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from rapidfuzz import fuzz, process

from aleppo_cli.models import Entity
from aleppo_cli.entities.similarity import normalise, similar


@dataclass(slots=True)
class LookupResult:
    status: str  # "found", "ambiguous" or "not found"
    query: str
    entity: Entity | None = None
    candidates: list[Entity] = field(default_factory=list)  # closest first
    reason: str = ""  # how the name matched

    @property
    def found(self) -> bool:
        return self.status == "found"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "query": self.query, "reason": self.reason,
                "entity": self.entity.id if self.entity else None,
                "candidates": [{"id": e.id, "name": e.name, "type": e.type} for e in self.candidates]}


def forms_of(entities: Sequence[Any]) -> dict[str, list[int]]:
    """Normalised name or alias -> numbers of the entities that have it (what ``lookup``
    searches; a caller that keeps it, e.g. with a stored index, can pass it back)."""
    forms: dict[str, list[int]] = {}
    for n, e in enumerate(entities):
        for s in {e.name, *e.aliases}:
            forms.setdefault(normalise(s), []).append(n)
    return forms


def _pick(query: str, hits: list[Any], reason: str) -> LookupResult | None:
    """One clear winner among hits, else ambiguity; a much bigger entity wins."""
    uniq = list({e.id: e for e in hits}.values())
    if not uniq:
        return None
    uniq.sort(key=lambda e: -len(e.mentions))
    if len(uniq) == 1 or len(uniq[0].mentions) >= 3 * len(uniq[1].mentions):
        return LookupResult("found", query, uniq[0], uniq[1:6], reason)
    return LookupResult("ambiguous", query, None, uniq[:6], reason)


# Least fuzz.ratio (whole-string similarity, 0-100) between a query and a name taken as
# its misspelling: "homs releif committee" / "homs relief committee" is 95, "asha" / "bashar al
# assad" 42.
WHOLE_NAME_MIN = 75


def lookup(entities: Sequence[Any], name: str, forms: Mapping[str, list[int]] | None = None) -> LookupResult:
    """The entity called ``name``; ``forms`` is ``forms_of(entities)`` if the caller has it.

    Each step scans the names of the corpus once, testing first what is cheap (a first
    letter, a substring) before the spelling rules: 10,000 articles have some 100,000."""
    q = normalise(name)
    if not q:
        return LookupResult("not found", name, reason="empty name")
    if forms is None:
        forms = forms_of(entities)

    def of(ns: list[int]) -> list[Any]:
        return [entities[n] for n in ns]

    # 1. any alias, case-insensitive
    res = _pick(name, of(forms.get(q, [])), "alias")
    if res:
        return res
    # 2. a spelling variant of an alias (transliteration rule); ``similar`` wants one first
    # letter and one number of words
    first, spaces = q[0], q.count(" ")
    res = _pick(name, [entities[n] for f, ns in forms.items()
                       if f[:1] == first and f.count(" ") == spaces and similar(q, f) for n in ns],
                "spelling variant")
    if res:
        return res
    # 3. a word of a longer name ("Assad" -> "Bashar al-Assad")
    words = [entities[n] for f, ns in forms.items() if q in f and q in f.split() for n in ns]
    res = _pick(name, words, "part of name")
    if res:
        return res
    # 4. typo tolerance (scores under 60 are never used).  WRatio also scores a name found
    # inside the query ("asha" in "bashar al assad": 90), which is no misspelling: a
    # candidate must be close as a whole name too.
    scored = process.extract(q, list(forms), scorer=fuzz.WRatio, limit=12, score_cutoff=60)
    close = [(f, sc) for f, sc, _ in scored if sc >= 60 and fuzz.ratio(q, f) >= WHOLE_NAME_MIN]
    cands = list({e.id: e for f, _ in close for e in of(forms[f])}.values())
    if close and close[0][1] >= 88:
        best = [e for f, sc in close if sc >= close[0][1] - 2 for e in of(forms[f])]
        res = _pick(name, best, f"closest spelling ({close[0][1]:.0f})")
        if res:
            return res
    return LookupResult("not found", name, None, cands[:6], "no entity has that name")
