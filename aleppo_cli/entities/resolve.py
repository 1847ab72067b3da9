"""Cross-document resolution of mentions into canonical entities.

Steps (each tested in tests/test_entities_resolve.py):

1. inside a document, mentions with one normal form are one cluster; a
   one-word person mention joins the full name whose last (or first) word it is;
   a one-word place joins the one longer place ending with it
   ("Masakin Jadida" / "Jadida"); an acronym joins the organisation whose
   initials it spells when the document has one;
2. the alias table maps known surface forms to one name (ISIS = Islamic State);
3. across documents, clusters of one type merge when their names are spellings
   of one name (``similarity.similar``); a surname-only cluster joins the one
   full name with that surname in the corpus;
4. a mention that recognition left untyped (MISC) joins a typed entity of the
   same name; a title-peeled person ("Sheik Marwan" -> "Marwan") whose whole
   phrase is a known place becomes that place.

Entity ids derive from type and canonical name (``person:bashar-al-assad``),
so they do not depend on the order of documents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Sequence

from aleppo_cli.entities.aliases import AliasTable
from aleppo_cli.entities.recognize import Mention
from aleppo_cli.entities.roles import RoleFact
from aleppo_cli.entities.similarity import normalise, similar, similar_pairs


@dataclass(slots=True)
class DocEntities:
    doc_id: str
    text: str
    mentions: list[Mention]
    roles: list[RoleFact] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: list[tuple[str, int, int]]
    docs: list[str]
    roles: list[tuple[str, str | None, str, tuple[int, int]]]  # role, affiliation id, doc id, span

    def main_role(self) -> tuple[str, str | None] | None:
        if not self.roles:
            return None
        counts = Counter((r, a) for r, a, _, _ in self.roles)
        with_aff = [k for k in counts if k[1]]
        return max(with_aff or counts, key=lambda k: counts[k])

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases),
                "mentions": [list(m) for m in self.mentions], "docs": list(self.docs),
                "roles": [{"role": r, "affiliation": a, "doc": d, "span": list(s)} for r, a, d, s in self.roles]}


_SLUG = re.compile(r"[^a-z0-9]+")
_TYPED = ("PERSON", "ORG", "LOC", "NORP")
_SKIP_INITIALS = frozenset({"of", "for", "the", "and", "on", "in", "de", "&"})


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(slots=True)
class _Ref:
    doc: int
    mention: Mention
    norm: str
    type: str


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _SKIP_INITIALS and w[0].isupper())


def resolve_entities(docs: Sequence[DocEntities], aliases: AliasTable) -> list[Entity]:
    refs: list[_Ref] = []
    for d, doc in enumerate(docs):
        for m in doc.mentions:
            _fix_title_place(doc, m)
            entry = aliases.find(m.text)
            norm = normalise(entry.name if entry else m.text)
            refs.append(_Ref(d, m, norm, entry.type if entry and m.type in ("MISC", entry.type) else m.type))
    uf = _Union()
    _link_in_documents(refs, uf)
    _link_across(refs, uf)
    return _build(docs, refs, uf, aliases)


def _fix_title_place(doc: DocEntities, m: Mention) -> None:
    """"Sheik Marwan" read as title + name, in a document that calls it a district."""
    if m.type != "PERSON" or not m.rule.startswith("title:"):
        return
    title = m.rule.split(":", 1)[1]
    start = m.start - len(title) - 1
    if start < 0 or doc.text[start:m.start - 1] != title:
        return
    whole = normalise(doc.text[start:m.end])
    for o in doc.mentions:
        if o.type == "LOC" and o is not m and similar(normalise(o.text), whole):
            m.start, m.text, m.type, m.rule = start, doc.text[start:m.end], "LOC", f"resolve:like {o.text}"
            return


def _link_in_documents(refs: list[_Ref], uf: _Union) -> None:
    by_doc: dict[int, list[int]] = defaultdict(list)
    for k, r in enumerate(refs):
        by_doc[r.doc].append(k)
    for ks in by_doc.values():
        first: dict[tuple[str, str], int] = {}
        for k in ks:
            r = refs[k]
            key = (r.type, r.norm)
            if key in first:
                uf.join(first[key], k)
            else:
                first[key] = k
        full_people = [k for k in ks if refs[k].type == "PERSON" and " " in refs[k].norm]
        places = [k for k in ks if refs[k].type == "LOC" and " " in refs[k].norm]
        orgs = [k for k in ks if refs[k].type == "ORG" and " " in refs[k].norm]
        for k in ks:
            r = refs[k]
            if " " in r.norm:
                continue
            if r.type in ("PERSON", "MISC"):
                # the nearest full name before it, else the first after it
                cands = [f for f in full_people if r.norm in (refs[f].norm.split()[-1], refs[f].norm.split()[0])]
                if cands:
                    before = [f for f in cands if refs[f].mention.start <= r.mention.start]
                    target = before[-1] if before else cands[0]
                    uf.join(target, k)
                    r.type = "PERSON"
                    continue
            if r.type in ("LOC", "MISC"):
                cands = {refs[f].norm for f in places if refs[f].norm.split()[-1] == r.norm}
                if len(cands) == 1:
                    target = next(f for f in places if refs[f].norm in cands)
                    uf.join(target, k)
                    r.type = "LOC"
                    continue
            if r.type in ("ORG", "MISC") and r.mention.text.isupper() and len(r.mention.text) >= 2:
                cands = {refs[f].norm for f in orgs if _initials(refs[f].mention.text) == r.mention.text}
                if len(cands) == 1:
                    uf.join(next(f for f in orgs if refs[f].norm in cands), k)
                    r.type = "ORG"


def _link_across(refs: list[_Ref], uf: _Union) -> None:
    # representative per cluster: (type, norm) -> first ref index
    reps: dict[tuple[str, str], int] = {}
    for k, r in enumerate(refs):
        key = (r.type, r.norm)
        if key in reps:
            uf.join(reps[key], k)
        else:
            reps[key] = k
    # spelling variants, per type (``similar_pairs`` finds them without comparing all pairs)
    by_type: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (typ, norm), k in reps.items():
        if typ in _TYPED and norm:
            by_type[typ].append((norm, k))
    for items in by_type.values():
        for x, y in similar_pairs([norm for norm, _ in items]):
            uf.join(items[x][1], items[y][1])
    # untyped mentions join a typed entity of the same name
    for (typ, norm), k in reps.items():
        if typ != "MISC":
            continue
        for other in _TYPED:
            if (other, norm) in reps:
                uf.join(reps[(other, norm)], k)
                refs[k].type = other
                break
    # a surname alone joins the one full name in the corpus that ends with it
    surnames: dict[str, set[int]] = defaultdict(set)
    for (typ, norm), k in reps.items():
        if typ == "PERSON" and " " in norm:
            surnames[norm.split()[-1]].add(uf.find(k))
    sizes = Counter(uf.find(j) for j in range(len(refs)))
    for (typ, norm), k in reps.items():
        if typ == "PERSON" and " " not in norm and len(surnames.get(norm, ())) >= 1:
            roots = surnames[norm]
            if uf.find(k) in roots:
                continue
            if len(roots) == 1:
                uf.join(next(iter(roots)), k)
            else:  # several: the one mentioned most
                uf.join(max(roots, key=lambda root: sizes[root]), k)


def _canonical(refs: list[_Ref], typ: str, aliases: AliasTable) -> str:
    for r in refs:
        entry = aliases.find(r.mention.text)
        if entry and entry.type == typ:
            return entry.name
    texts = Counter(r.mention.text for r in refs if r.type == typ or r.mention.type == typ)
    if not texts:
        texts = Counter(r.mention.text for r in refs)

    def score(t: str) -> tuple[int, int, int, int]:
        words = len(t.split())
        # people: the fullest name; places and organisations: the commonest form
        prefer = words if typ == "PERSON" else 0
        return (prefer, texts[t], not t.isupper(), len(t))

    name = max(texts, key=score)
    return name[4:] if name.startswith(("The ", "the ")) else name


def _build(docs: Sequence[DocEntities], refs: list[_Ref], uf: _Union, aliases: AliasTable) -> list[Entity]:
    clusters: dict[int, list[_Ref]] = defaultdict(list)
    for k, r in enumerate(refs):
        clusters[uf.find(k)].append(r)
    entities: list[Entity] = []
    by_mention: dict[tuple[int, int, int], Entity] = {}
    used_ids: set[str] = set()
    for members in clusters.values():
        types = Counter(r.type for r in members if r.type != "MISC")
        typ = types.most_common(1)[0][0] if types else "MISC"
        name = _canonical(members, typ, aliases)
        eid = f"{typ.lower()}:{_SLUG.sub('-', normalise(name)).strip('-') or 'x'}"
        base, n = eid, 2
        while eid in used_ids:  # two distinct clusters with one name: keep both, stable by name
            eid, n = f"{base}-{n}", n + 1
        used_ids.add(eid)
        members.sort(key=lambda r: (docs[r.doc].doc_id, r.mention.start))
        surfaces = Counter(r.mention.text for r in members)
        ent = Entity(eid, name, typ, sorted(surfaces, key=lambda s: (-surfaces[s], s)),
                     [(docs[r.doc].doc_id, r.mention.start, r.mention.end) for r in members],
                     sorted({docs[r.doc].doc_id for r in members}), [])
        for r in members:
            r.mention.entity = eid
            by_mention[(r.doc, r.mention.start, r.mention.end)] = ent
        entities.append(ent)
    for d, doc in enumerate(docs):
        for fact in doc.roles:
            ent = by_mention.get((d, fact.start, fact.end))
            if ent is None:
                continue
            aff = by_mention.get((d, fact.aff_start, fact.aff_end)) if fact.aff_start is not None else None
            ent.roles.append((fact.role, aff.id if aff else None, doc.doc_id, (fact.start, fact.end)))
    entities.sort(key=lambda e: (-len(e.mentions), e.id))
    return entities
