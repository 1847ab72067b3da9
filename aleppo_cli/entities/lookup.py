"""``aleppo who NAME``: find an entity by any of its names, forgiving case and typos."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from aleppo_cli.entities.resolve import Entity
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


def _pick(query: str, hits: list[Entity], reason: str) -> LookupResult | None:
    """One clear winner among hits, else ambiguity; a much bigger entity wins."""
    uniq = list({e.id: e for e in hits}.values())
    if not uniq:
        return None
    uniq.sort(key=lambda e: -len(e.mentions))
    if len(uniq) == 1 or len(uniq[0].mentions) >= 3 * len(uniq[1].mentions):
        return LookupResult("found", query, uniq[0], uniq[1:6], reason)
    return LookupResult("ambiguous", query, None, uniq[:6], reason)


def lookup(entities: list[Entity], name: str) -> LookupResult:
    q = normalise(name)
    if not q:
        return LookupResult("not found", name, reason="empty name")
    forms: dict[str, list[Entity]] = {}
    for e in entities:
        for s in {e.name, *e.aliases}:
            forms.setdefault(normalise(s), []).append(e)
    # 1. any alias, case-insensitive
    res = _pick(name, forms.get(q, []), "alias")
    if res:
        return res
    # 2. a spelling variant of an alias (transliteration rule)
    res = _pick(name, [e for f, es in forms.items() if similar(q, f) for e in es], "spelling variant")
    if res:
        return res
    # 3. a word of a longer name ("Assad" -> "Bashar al-Assad")
    words = [e for f, es in forms.items() if q in f.split() for e in es]
    res = _pick(name, words, "part of name")
    if res:
        return res
    # 4. typo tolerance
    scored = process.extract(q, list(forms), scorer=fuzz.WRatio, limit=12)
    close = [(f, sc) for f, sc, _ in scored if sc >= 60]
    cands = list({e.id: e for f, _ in close for e in forms[f]}.values())
    if close and close[0][1] >= 88:
        best = [e for f, sc in close if sc >= close[0][1] - 2 for e in forms[f]]
        res = _pick(name, best, f"closest spelling ({close[0][1]:.0f})")
        if res:
            return res
    return LookupResult("not found", name, None, cands[:6], "no entity has that name")
