"""Cross-document resolution of mentions into canonical entities.

Steps (each tested in tests/test_entities_resolve.py):

1. inside a document, mentions with one normal form are one cluster; a
   one-word person mention joins the full name whose last (or first) word it is
   (the nearest one before it: "Assad" after "Hafez al-Assad" is not Bashar);
   a one-word place joins the one longer place ending with it
   ("Masakin Jadida" / "Jadida"); an acronym joins the organisation whose
   initials it spells when the document has one;
2. the alias table maps known surface forms to one name (ISIS = Islamic State);
3. across documents, clusters of one type merge when their names are spellings
   of one name (``similarity.similar``), but never two clusters whose people
   have full names that are not one name (``similarity.names_fit``): "Rami
   Haddad" and "Salma Haddad" stay two even when both are called "Haddad"; a
   cluster with no full name joins the person mentioned most with that name,
   or that surname;
4. a mention that recognition left untyped (MISC) joins a typed entity of the
   same name; a title-peeled person ("Sheik Marwan" -> "Marwan") whose whole
   phrase is a known place becomes that place.

Entity ids derive from type and canonical name (``person:bashar-al-assad``);
documents are taken in order of id, so nothing depends on the order they come in.
Every step is linear (or near it) in the number of mentions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Sequence

from rapidfuzz import fuzz

from aleppo_cli.entities.aliases import AliasEntry, AliasTable
from aleppo_cli.entities.recognize import Mention
from aleppo_cli.entities.roles import RoleFact
from aleppo_cli.entities.similarity import names_fit, normalise, similar, similar_pairs
from aleppo_cli.gcpause import gc_paused
from aleppo_cli.models import Entity  # noqa: F401  (re-exported)


@dataclass(slots=True)
class DocEntities:
    doc_id: str
    text: str
    mentions: list[Mention]
    roles: list[RoleFact] = field(default_factory=list)


_SLUG = re.compile(r"[^a-z0-9]+")
_TYPED = ("PERSON", "ORG", "LOC", "NORP")
_SKIP_INITIALS = frozenset({"of", "for", "the", "and", "on", "in", "de", "&"})


class _Union:
    """Union-find over reference numbers; a cluster's root is its first reference."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra
            self.size[ra] += self.size[rb]
        return ra


@dataclass(slots=True)
class _Ref:
    doc: int
    mention: Mention
    norm: str
    type: str
    entry: AliasEntry | None  # the alias table's entry for the mention's text


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _SKIP_INITIALS and w[0].isupper())


def resolve_entities(docs: Sequence[DocEntities], aliases: AliasTable) -> list[Entity]:
    # Resolution allocates a few objects per mention (millions on a large corpus) and frees
    # almost none, so the collections they trigger are wasted work (a third of the time on
    # 10,000 articles): pause the cyclic GC.
    with gc_paused():
        return _resolve(docs, aliases)


def _resolve(docs: Sequence[DocEntities], aliases: AliasTable) -> list[Entity]:
    refs: list[_Ref] = []
    # documents in order of id: which reference comes first (and so which cluster is kept
    # when two conflict) must not depend on the order the corpus was read in
    known: dict[str, tuple[AliasEntry | None, str]] = {}  # mention text -> entry, normal form
    known_norms: dict[str, str] = {}  # text -> normal form (too many for normalise's cache)
    in_order = True  # mentions in text order: clusters need no sorting
    for d in sorted(range(len(docs)), key=lambda d: docs[d].doc_id):
        doc = docs[d]
        last = -1
        for m in doc.mentions:
            if m.type == "PERSON" and m.rule.startswith("title:"):
                _fix_title_place(doc, m, known_norms)
            hit = known.get(m.text)
            if hit is None:
                entry = aliases.find(m.text)
                if entry:
                    hit = known[m.text] = (entry, normalise(entry.name))
                else:
                    norm = known_norms.get(m.text) or normalise(m.text)
                    hit = known[m.text] = (None, norm)
                    known_norms[m.text] = norm
            entry, norm = hit
            refs.append(_Ref(d, m, norm, entry.type if entry and m.type in ("MISC", entry.type) else m.type,
                             entry))
            in_order = in_order and m.start >= last
            last = m.start
    uf = _Union(len(refs))
    _link_in_documents(refs, uf)
    _link_across(refs, uf)
    return _build(docs, refs, uf, known_norms, in_order)


def _fix_title_place(doc: DocEntities, m: Mention, norms: dict[str, str]) -> None:
    """"Sheik Marwan" read as title + name, in a document that calls it a district."""
    if m.type != "PERSON" or not m.rule.startswith("title:"):
        return
    title = m.rule.split(":", 1)[1]
    start = m.start - len(title) - 1
    if start < 0 or doc.text[start:m.start - 1] != title:
        return
    whole = normalise(doc.text[start:m.end])
    for o in doc.mentions:
        if o.type != "LOC" or o is m:
            continue
        norm = norms.get(o.text)
        if norm is None:
            norm = norms[o.text] = normalise(o.text)
        # ``similar`` wants one first letter and one number of words: test those first
        if norm[:1] == whole[:1] and norm.count(" ") == whole.count(" ") and similar(norm, whole):
            m.start, m.text, m.type, m.rule = start, doc.text[start:m.end], "LOC", f"resolve:like {o.text}"
            return


def _link_in_documents(refs: list[_Ref], uf: _Union) -> None:
    start, n = 0, len(refs)
    while start < n:  # the references of one document follow each other
        end, doc = start, refs[start].doc
        while end < n and refs[end].doc == doc:
            end += 1
        _link_in_document(refs, range(start, end), uf)
        start = end


def _link_in_document(refs: list[_Ref], ks: range, uf: _Union) -> None:
    full_people: list[int] = []
    places: list[int] = []
    orgs: list[int] = []
    singles: list[int] = []  # one-word mentions
    for k in ks:
        r = refs[k]
        if " " not in r.norm:
            singles.append(k)
        elif r.type == "PERSON":
            full_people.append(k)
        elif r.type == "LOC":
            places.append(k)
        elif r.type == "ORG":
            orgs.append(k)
    # one word of a full name ("Assad", "Rami") joins that full name below, not first every
    # other mention of the word: with two full names sharing it ("Bashar al-Assad", "Hafez
    # al-Assad") that would make them one person
    by_word: dict[str, list[int]] = {}
    for f in full_people:
        words = refs[f].norm.split()
        by_word.setdefault(words[0], []).append(f)
        if words[-1] != words[0]:
            by_word.setdefault(words[-1], []).append(f)
    first: dict[tuple[str, str], int] = {}
    parent, size = uf.parent, uf.size
    for k in ks:
        r = refs[k]
        if r.norm in by_word and r.type in ("PERSON", "MISC"):
            continue
        key = (r.type, r.norm)
        root = first.get(key)
        if root is None:
            first[key] = k
        else:  # ``uf.join(root, k)``: both are roots here, the first of a name and a new one
            parent[k] = root
            size[root] += 1
    place_by_last: dict[str, list[int]] = {}
    for f in places:
        place_by_last.setdefault(refs[f].norm.rsplit(" ", 1)[1], []).append(f)
    initials: list[str] | None = None
    for k in singles:
        r = refs[k]
        if r.type in ("PERSON", "MISC"):
            # the nearest full name before it, else the first after it
            cands = by_word.get(r.norm)
            if cands:
                before = [f for f in cands if refs[f].mention.start <= r.mention.start]
                target = before[-1] if before else cands[0]
                uf.join(target, k)
                r.type = "PERSON"
                continue
        if r.type in ("LOC", "MISC"):
            ends = place_by_last.get(r.norm, ())
            if ends and len({refs[f].norm for f in ends}) == 1:
                uf.join(ends[0], k)
                r.type = "LOC"
                continue
        text = r.mention.text
        if r.type in ("ORG", "MISC") and orgs and text.isupper() and len(text) >= 2:
            if initials is None:
                initials = [_initials(refs[f].mention.text) for f in orgs]
            hits = [f for f, i in zip(orgs, initials) if i == text]
            if len({refs[f].norm for f in hits}) == 1:
                uf.join(hits[0], k)
                r.type = "ORG"


def _link_across(refs: list[_Ref], uf: _Union) -> None:
    """Join the clusters of the documents: one name, spellings of one name, an untyped
    mention of a typed name, a surname.  Two clusters whose people have full names that
    are not one name ("Rami Haddad", "Salma Haddad") are never joined: else one shared
    surname or first name would chain every person who has it into one.

    Works on the clusters of the documents (by their roots), not on each mention."""
    keys: dict[tuple[str, str], list[int]] = {}  # (type, name) -> clusters, in document order
    first_misc: dict[tuple[str, str], int] = {}
    find = uf.find
    for k, r in enumerate(refs):
        key, root = (r.type, r.norm), find(k)
        roots = keys.get(key)
        if roots is None:
            keys[key] = [root]
            if r.type == "MISC":
                first_misc[key] = k
        elif roots[-1] != root:
            roots.append(root)
    groups = _KeyGroups(keys)
    # untyped mentions join a typed entity of the same name
    for (typ, norm), k in first_misc.items():
        for other in _TYPED:
            if (other, norm) in keys:
                groups.join((other, norm), (typ, norm))
                refs[k].type = other
                break
    # spelling variants, per type (``similar_pairs`` finds them without comparing all pairs)
    by_type: dict[str, list[str]] = defaultdict(list)
    for typ, norm in keys:
        if typ in _TYPED and norm:
            by_type[typ].append(norm)
    spellings: list[tuple[float, str, str, str]] = []
    for typ, norms in by_type.items():
        for x, y in similar_pairs(norms):
            groups.join((typ, norms[x]), (typ, norms[y]))
            if typ == "PERSON":
                spellings.append((-fuzz.ratio(norms[x], norms[y]), typ, norms[x], norms[y]))
    people = _People(keys, uf)
    # 1. clusters with full names: by one name, then by spellings, closest first
    for (typ, norm), ks in keys.items():
        if typ == "PERSON":
            named = [k for k in ks if people.named(k)]
            for k in named[1:]:
                people.merge(named[0], k)
    for _, typ, x, y in sorted(spellings):
        a, b = people.anchor(keys[(typ, x)]), people.anchor(keys[(typ, y)])
        if a is not None and b is not None:
            people.merge(a, b)
    # 2. the rest (no full name) of one name or of spellings of one name; only clusters
    # with a person's name can have a full name (mentions of other types join none)
    members = groups.members()
    bare_of: dict[tuple[str, str], int] = {}
    full = people.full
    for key, ks in members.items():
        if groups.has_person(key):
            bare = [k for k in ks if find(k) not in full]
            if bare:
                bare_of[key] = bare[0]
        else:
            bare = ks
        for k in bare[1:]:
            uf.join(bare[0], k)
    # 3. ... joins the person mentioned most who has that name, or that surname
    surnames: dict[str, set[int]] = defaultdict(set)
    for norm in people.full_names():
        surnames[norm.split()[-1]].update(people.roots_of(norm))
    for key, b in bare_of.items():
        cands = {uf.find(k) for k in members[key] if people.named(k)}
        for typ, norm in groups.keys_of(key):
            if typ == "PERSON" and " " not in norm:
                cands.update(uf.find(r) for r in surnames.get(norm, ()))
        if cands:
            people.merge(max(cands, key=lambda root: (uf.size[root], -root)), b)


class _KeyGroups:
    """Union-find over (type, name) keys: one name and its spellings."""

    def __init__(self, keys: dict[tuple[str, str], list[int]]) -> None:
        self.keys = keys
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, key: tuple[str, str]) -> tuple[str, str]:
        while key in self.parent:
            key = self.parent[key]
        return key

    def join(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the key seen first (in document order) heads the group
            if self.keys[rb][0] < self.keys[ra][0]:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def members(self) -> dict[tuple[str, str], list[int]]:
        """Group head -> its references, in document order."""
        out: dict[tuple[str, str], list[int]] = {}
        self._keys_of: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for key, ks in self.keys.items():
            head = self.find(key)
            out.setdefault(head, []).extend(ks)
            self._keys_of[head].append(key)
        for head, ks in out.items():
            if len(self._keys_of[head]) > 1:
                ks.sort()
        return out

    def keys_of(self, head: tuple[str, str]) -> list[tuple[str, str]]:
        return self._keys_of[head]

    def has_person(self, head: tuple[str, str]) -> bool:
        return any(typ == "PERSON" for typ, _ in self._keys_of[head])


class _People:
    """The full names (two words or more) of the person clusters, and joins that keep
    them one name."""

    def __init__(self, keys: dict[tuple[str, str], list[int]], uf: _Union) -> None:
        self.uf = uf
        self.full: dict[int, set[str]] = {}
        self.clusters_of: dict[str, list[int]] = {}
        for (typ, norm), roots in keys.items():
            if typ == "PERSON" and " " in norm:
                for root in roots:
                    self.full.setdefault(root, set()).add(norm)
                self.clusters_of[norm] = roots
        self.fits: dict[tuple[str, str], bool] = {}

    def named(self, k: int) -> bool:
        return self.uf.find(k) in self.full

    def anchor(self, ks: list[int]) -> int | None:
        return next((k for k in ks if self.named(k)), None)

    def full_names(self) -> list[str]:
        return list(self.clusters_of)

    def roots_of(self, norm: str) -> set[int]:
        return {self.uf.find(r) for r in self.clusters_of[norm]}

    def merge(self, a: int, b: int) -> bool:
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return True
        fa, fb = self.full.get(ra), self.full.get(rb)
        if fa and fb and fa != fb and not all(self._fit(x, y) for x in fa for y in fb):
            return False
        root = self.uf.join(ra, rb)
        other = rb if root == ra else ra
        moved = self.full.pop(other, None)
        if moved:
            self.full[root] = self.full.get(root, set()) | moved
        return True

    def _fit(self, x: str, y: str) -> bool:
        if x == y:
            return True
        key = (x, y) if x < y else (y, x)
        fit = self.fits.get(key)
        if fit is None:
            fit = self.fits[key] = names_fit(x, y)
        return fit


def _canonical(refs: list[_Ref], typ: str) -> str:
    if len(refs) == 1:  # most clusters
        r = refs[0]
        if r.entry and r.entry.type == typ:
            return r.entry.name
        name = r.mention.text
        return name[4:] if name.startswith(("The ", "the ")) else name
    for r in refs:
        if r.entry and r.entry.type == typ:
            return r.entry.name
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


def _build(docs: Sequence[DocEntities], refs: list[_Ref], uf: _Union, norms: dict[str, str],
           in_order: bool) -> list[Entity]:
    """Entities from the clusters; ``norms`` caches ``normalise``, and with ``in_order`` the
    references are in order of document id and position already."""
    ids = [doc.doc_id for doc in docs]
    clusters: dict[int, list[_Ref]] = {}
    find = uf.find
    for k, r in enumerate(refs):
        members = clusters.get(find(k))
        if members is None:
            clusters[k] = [r]  # k is its cluster's root: the root is the first reference
        else:
            members.append(r)
    entities: list[Entity] = []
    by_mention: dict[tuple[int, int, int], Entity] = {}
    used_ids: set[str] = set()
    for members in clusters.values():
        if len(members) == 1:  # most clusters: no counting
            typ = members[0].type
        else:
            types = Counter(r.type for r in members if r.type != "MISC")
            typ = types.most_common(1)[0][0] if types else "MISC"
        name = _canonical(members, typ)
        norm = norms.get(name)
        if norm is None:
            norm = norms[name] = normalise(name)
        eid = f"{typ.lower()}:{_SLUG.sub('-', norm).strip('-') or 'x'}"
        base, n = eid, 2
        while eid in used_ids:  # two distinct clusters with one name: keep both, stable by name
            eid, n = f"{base}-{n}", n + 1
        used_ids.add(eid)
        if len(members) == 1:
            r = members[0]
            aliases, docs_of = [r.mention.text], [ids[r.doc]]
        else:
            if not in_order:
                members.sort(key=lambda r: (ids[r.doc], r.mention.start))
            surfaces = Counter(r.mention.text for r in members)
            aliases = sorted(surfaces, key=lambda s: (-surfaces[s], s))
            docs_of = sorted({ids[r.doc] for r in members})
        ent = Entity(eid, name, typ, aliases, [(ids[r.doc], r.mention.start, r.mention.end) for r in members],
                     docs_of, [])
        for r in members:
            r.mention.entity = eid
            by_mention[(r.doc, r.mention.start, r.mention.end)] = ent
        entities.append(ent)
    for d in sorted(range(len(docs)), key=lambda d: ids[d]):  # roles in document order too
        doc = docs[d]
        for fact in doc.roles:
            ent = by_mention.get((d, fact.start, fact.end))
            if ent is None:
                continue
            aff = by_mention.get((d, fact.aff_start, fact.aff_end)) if fact.aff_start is not None else None
            ent.roles.append((fact.role, aff.id if aff else None, doc.doc_id, (fact.start, fact.end)))
    entities.sort(key=lambda e: (-len(e.mentions), e.id))
    return entities
