"""Cross-document event merge: the same happening reported by several articles is one event.

Two dated events are the same happening when they have the same class and kind,
compatible dates (equal, or one inside the other: a day inside its month, week
or year; two different days never), and they share a key participant.  Key
participants are the places and targets (what and where), compared by canonical
entity id when the entity stage gave one, else by normalised name with a
spelling tolerance ("Sheikh Marwan" / "Sheik Marwan").  Names that occur in a
large share of all events ("Aleppo" in a corpus about Aleppo) are background:
sharing only those is not enough, unless both events name nothing else.

Every source is kept (document, outlet, sentence span, clause span, event).
``independent_source_count`` counts groups of sources, where two sources from
the same outlet, or with near-identical sentences (the same wire copy), are one.
Ids are a hash of date, class, kind and the key participants: the same corpus
gives the same ids run after run.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence

from aleppo_cli.events import Event, Participant, normalise_name
from aleppo_cli.gcpause import gc_paused
from aleppo_cli.models import CAPTION_SECTIONS, MergedEvent, Source  # noqa: F401  (re-exported)

# A key named in more than this share of all dated events is background, not identity.
BACKGROUND_SHARE = 0.12
# Sentences this similar (word-shingle Jaccard) are the same copy.
SAME_COPY = 0.6
NAME_SIMILARITY = 0.82
EXCLUDED_MODALITIES = frozenset({"hypothetical", "negated"})
_SOURCE_RANK = {"clause": 0, "relative": 1, "sentence": 2, "published": 3, "none": 4}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
_WORDS = re.compile(r"\w+")


# --------------------------------------------------------------------------- dates


def date_contains(outer: str, inner: str) -> bool:
    """Whether the period ``outer`` contains the period ``inner`` (or equals it)."""
    if outer == inner:
        return True
    if inner.startswith(outer + "-") and "W" not in inner and len(outer) in (4, 7):
        return True  # a year contains its months and days, a month its days
    if "-W" in outer and len(inner) == 10:
        from datetime import date
        try:
            y, w, _ = date.fromisoformat(inner).isocalendar()
        except ValueError:
            return False
        return outer == f"{y}-W{w:02d}"
    if len(outer) == 4 and (inner[:4] == outer):
        return True  # weeks and seasons of the year
    season = _SEASON_MONTHS.get(outer[5:]) if len(outer) == 7 and outer[4] == "-" else None
    if season and inner[:4] == outer[:4] and len(inner) >= 7 and inner[5:7].isdigit():
        return int(inner[5:7]) in season
    return False


_SEASON_MONTHS = {"SP": (3, 4, 5), "SU": (6, 7, 8), "FA": (9, 10, 11), "WI": (12, 1, 2)}


@lru_cache(maxsize=65536)
def dates_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 10 and len(b) == 10:
        return False  # two different days
    return date_contains(a, b) or date_contains(b, a)


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=65536)
def _name_key(text: str) -> str:
    return normalise_name(text)


@lru_cache(maxsize=65536)
def similar_names(a: str, b: str) -> bool:
    """Same key, or the same name spelled differently ("sheikh marwan" / "sheik marwan")."""
    if a == b:
        return True
    if not a or not b or a[0] != b[0] or abs(len(a) - len(b)) > 4:
        return False
    return SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def _event_keys(ev: Event) -> tuple[set[str], set[str]]:
    """(key participants: places and targets, actors) of one event."""
    def key(p: Participant) -> str:
        return p.entity or _name_key(p.text)
    core = {key(p) for p in ev.places} | {key(p) for p in ev.targets}
    actors = {key(p) for p in ev.actors}
    core.discard("")
    actors.discard("")
    return core, actors


# --------------------------------------------------------------------------- merge


@dataclass(slots=True)
class _Cluster:
    cls: str
    kind: str
    date: str
    precision: str
    core: set[str]
    actors: set[str]
    lemma: str
    items: list[tuple[int, Event]] = field(default_factory=list)
    seq: int = 0  # creation order: candidates are tried in the order a full scan would take


def _lemma(ev: Event) -> str:
    # "trigger:noun:offensive|CONFLICT.offensive|time:clause" -> "offensive"
    head = ev.rule.split("|", 1)[0]
    return head.split(":")[-1]


def merge_events(docs: Sequence[tuple[str, str | None, str, Sequence[Event]]]) -> list[MergedEvent]:
    """Merge the dated, factual events of many documents into stable-id events.

    ``docs``: (doc_id, outlet, text, events) per document, or objects with ``id``,
    ``source``, ``text`` and ``events`` (a ``DocRecord``).  Hypothetical and
    negated events, and undated ones, are left out.
    """
    with gc_paused():
        return _merge_events(docs)


def _merge_events(docs: Sequence[tuple[str, str | None, str, Sequence[Event]]]) -> list[MergedEvent]:
    docs = [_as_tuple(d) for d in docs]
    flat: list[tuple[int, Event, set[str], set[str]]] = []
    for d, (_doc_id, _outlet, _text, events) in enumerate(docs):
        for ev in events:
            if ev.date and ev.modality not in EXCLUDED_MODALITIES:
                flat.append((d, ev, *_event_keys(ev)))
    if not flat:
        return []
    background = _background_keys(flat)
    # most precise and best-dated first, so months and years join the day they contain
    flat.sort(key=lambda x: (_PRECISION_RANK.get(x[1].precision or "year", 5),
                             _SOURCE_RANK.get(x[1].time_source, 9), x[1].date or "", x[0], x[1].start))
    clusters: list[_Cluster] = []
    vocabulary = _SimilarKeys()
    for _d, ev, core, actors in flat:
        vocabulary.add(ev.cls, ev.kind, ev.date or "", core | actors)
    index = _ClusterIndex(background)
    for d, ev, core, actors in flat:
        lemma = _lemma(ev)
        best = None
        similar = vocabulary.near(ev.cls, ev.kind, ev.date or "")
        for cl in index.candidates(ev.cls, ev.kind, ev.date or "", core, actors, lemma, similar):
            if not dates_compatible(cl.date, ev.date or ""):
                continue
            if _same_happening(cl, core, actors, lemma, background, similar):
                best = cl
                break
        if best is None:
            best = _Cluster(ev.cls, ev.kind, ev.date or "", ev.precision or "", set(), set(), lemma)
            clusters.append(best)
            index.add(best)
        best.items.append((d, ev))
        index.grow(best, core, actors)
    merged = [_build(cl, docs) for cl in clusters]
    _assign_ids(merged)
    merged.sort(key=lambda m: (m.date, m.id))
    return merged


class _SimilarKeys:
    """For a key, the keys whose names ``similar_names`` takes for the same (``_overlap`` asks
    whether a cluster key is similar to an event key).  Only names with the same first letter
    and an indel similarity of at least ``NAME_SIMILARITY`` can qualify: the matching blocks of
    ``SequenceMatcher`` are a common subsequence, so its ratio is never above the indel ratio.
    rapidfuzz finds those few in C; ``similar_names`` then decides.

    An event only meets clusters of its class and kind dated in the year of its date or of
    the ISO week containing it (see ``_ClusterIndex.candidates``), and a cluster only holds keys
    of events that could meet it, so names are compared within (class, kind, year) groups:
    an event's keys go into the groups of every year its date reaches."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str], set[str]] = {}
        self.letters: dict[tuple[str, str, str], dict[str, list[str]]] = {}
        self.by_bare: dict[str, list[str]] = {}
        self.cache: dict[tuple[tuple[str, str, str], str], frozenset[str]] = {}

    def add(self, cls: str, kind: str, value: str, keys: set[str]) -> None:
        for year in _years(value):
            self.groups.setdefault((cls, kind, year), set()).update(keys)

    def near(self, cls: str, kind: str, value: str) -> Callable[[str], frozenset[str]]:
        """The lookup for an event of this class, kind and date: key -> similar keys."""
        groups = [(cls, kind, year) for year in _years(value)]
        if len(groups) == 1:
            group = groups[0]
            return lambda key: self._similar(group, key)
        return lambda key: frozenset().union(*(self._similar(g, key) for g in groups))

    def _similar(self, group: tuple[str, str, str], key: str) -> frozenset[str]:
        """The keys ``x`` of ``group`` with ``similar_names(_bare(x), _bare(key))``, and ``key``."""
        found = self.cache.get((group, key))
        if found is not None:
            return found
        if not self.letters:
            self._index()
        from rapidfuzz import fuzz, process
        b = _bare(key)
        out = {key, *self.by_bare.get(b, ())}
        if b:
            # cutoff a little under the threshold: rounding must never drop a pair
            for other, _score, _i in process.extract(
                    b, self.letters[group].get(b[0], ()), scorer=fuzz.ratio, processor=None,
                    score_cutoff=100 * NAME_SIMILARITY - 1, limit=None):
                if other != b and similar_names(other, b):
                    out.update(self.by_bare[other])
        found = self.cache[(group, key)] = frozenset(out)
        return found

    def _index(self) -> None:
        for group, keys in self.groups.items():
            letters: dict[str, list[str]] = {}
            for b in sorted({_bare(k) for k in keys}):
                letters.setdefault(b[:1], []).append(b)
            self.letters[group] = letters
        for k in sorted(set().union(*self.groups.values())):
            self.by_bare.setdefault(_bare(k), []).append(k)


@lru_cache(maxsize=8192)
def _years(value: str) -> tuple[str, ...]:
    """The year strings of the clusters an event of this date can meet: its own and, for a
    day, that of its ISO week ("2016-01-02" is in "2015-W53")."""
    return tuple(sorted({p[:4] for p in (value, *_containers(value))}))


@dataclass(slots=True)
class _Bucket:
    """The clusters of one class, kind and period, by the keys that can make an event join them
    (see ``_same_happening``).  Each table maps a key to its clusters by creation number."""
    core: dict[str, dict[int, _Cluster]] = field(default_factory=dict)  # specific core keys
    background_only: dict[str, dict[int, _Cluster]] = field(default_factory=dict)  # core all background
    actors: dict[str, dict[int, _Cluster]] = field(default_factory=dict)  # specific actors
    coreless_actors: dict[str, dict[int, _Cluster]] = field(default_factory=dict)  # the same, no core
    coreless_lemma: dict[str, dict[int, _Cluster]] = field(default_factory=dict)  # no core, by trigger


class _ClusterIndex:
    """Clusters by class, kind and date, so an event is compared only with date-compatible
    clusters that it could join: those sharing (or nearly sharing) a specific key participant,
    or a background one when neither names anything else, or, when one names no place or
    target, an actor or the trigger word.  Candidates come in the order of a plain scan (the
    event's own date, then the periods containing it, then those inside it; each in creation
    order), so the first that matches is the cluster a comparison with every cluster picks."""

    def __init__(self, background: set[str]) -> None:
        self.background = background
        self.buckets: dict[tuple[str, str, str, str], _Bucket] = {}
        self.count = 0

    def _periods(self, cl: _Cluster) -> tuple[tuple[str, str], ...]:
        return _cluster_periods(cl.date)

    def add(self, cl: _Cluster) -> None:
        cl.seq = self.count
        self.count += 1
        for mode, period in self._periods(cl):
            bucket = self.buckets.get((cl.cls, cl.kind, mode, period))
            if bucket is None:
                bucket = self.buckets[(cl.cls, cl.kind, mode, period)] = _Bucket()
            bucket.coreless_lemma.setdefault(cl.lemma, {})[cl.seq] = cl

    def grow(self, cl: _Cluster, core: set[str], actors: set[str]) -> None:
        """Add an event's keys to ``cl`` and to the tables."""
        bg = self.background
        new_core = core - cl.core
        new_actors = actors - cl.actors
        had_core = bool(cl.core)
        was_background_only = not (cl.core - bg)
        cl.core |= core
        cl.actors |= actors
        if not new_core and not new_actors:
            return
        background_only = not (cl.core - bg)
        for mode, period in self._periods(cl):
            b = self.buckets[(cl.cls, cl.kind, mode, period)]
            for k in new_core - bg:
                b.core.setdefault(k, {})[cl.seq] = cl
            if background_only:
                for k in new_core:
                    b.background_only.setdefault(k, {})[cl.seq] = cl
            elif had_core and was_background_only:
                for k in cl.core & bg:
                    b.background_only.get(k, {}).pop(cl.seq, None)
            for k in new_actors - bg:
                b.actors.setdefault(k, {})[cl.seq] = cl
            if not cl.core:
                for k in new_actors - bg:
                    b.coreless_actors.setdefault(k, {})[cl.seq] = cl
            elif not had_core:
                for k in cl.actors - bg:
                    b.coreless_actors.get(k, {}).pop(cl.seq, None)
                b.coreless_lemma.get(cl.lemma, {}).pop(cl.seq, None)

    def candidates(self, cls: str, kind: str, value: str, core: set[str], actors: set[str],
                   lemma: str, similar: Callable[[str], frozenset[str]]) -> Iterator[_Cluster]:
        bg = self.background
        periods = [("=", value)] + [("=", prefix) for prefix in _containers(value)]
        if len(value) in (4, 7) or "-W" in value or value[5:] in _SEASON_MONTHS:
            periods.append(("<", value[:4] if len(value) != 7 or not value[5:].isdigit() else value))
        near_all = {x for y in core for x in similar(y)}  # computed once, used twice
        specific = near_all - bg
        only_background = bool(core) and not (core - bg)
        near_core = near_all if only_background else set()
        near_actors = {x for y in actors for x in similar(y)} - bg
        seen: set[int] = set()
        for mode, period in periods:
            b = self.buckets.get((cls, kind, mode, period))
            if b is None:
                continue
            found: dict[int, _Cluster] = {}
            tables = [b.core.get(k) for k in specific]
            tables += [b.background_only.get(k) for k in near_core]
            if core:
                tables += [b.coreless_actors.get(k) for k in near_actors]
            else:
                tables += [b.actors.get(k) for k in near_actors]
                tables.append(b.coreless_lemma.get(lemma))
            for table in tables:
                if table:
                    found.update(table)
            for seq in sorted(found.keys() - seen):
                yield found[seq]
            seen |= found.keys()


@lru_cache(maxsize=8192)
def _cluster_periods(value: str) -> tuple[tuple[str, str], ...]:
    # exact date ("=") and the coarser periods whose "inside" lists hold it ("<");
    # cached per date: grow() asks for them once per event
    return (("=", value),) + tuple(("<", prefix) for prefix in _containers(value))


@lru_cache(maxsize=8192)
def _containers(value: str) -> tuple[str, ...]:
    """The coarser periods that can contain ``value``: its year, month, ISO week and season."""
    out = []
    if len(value) > 4:
        out.append(value[:4])
    if len(value) == 10:
        out.append(value[:7])
        from datetime import date
        try:
            y, w, _ = date.fromisoformat(value).isocalendar()
            out.append(f"{y}-W{w:02d}")
        except ValueError:
            pass
    if len(value) >= 7 and value[5:7].isdigit():
        month = int(value[5:7])
        for code, months in _SEASON_MONTHS.items():
            if month in months:
                out.append(f"{value[:4]}-{code}")
    return tuple(out)


def _as_tuple(d: Any) -> tuple[str, str | None, str, Sequence[Event]]:
    if isinstance(d, (tuple, list)):
        return tuple(d)  # type: ignore[return-value]
    return (d.id, getattr(d, "source", None), d.text, getattr(d, "events", ()))


def _background_keys(flat: list[tuple[int, Event, set[str], set[str]]]) -> set[str]:
    counts: Counter[str] = Counter()
    for _d, _ev, core, actors in flat:
        counts.update(core | actors)
    limit = max(3, BACKGROUND_SHARE * len(flat))
    return {k for k, n in counts.items() if n > limit}


def _bare(key: str) -> str:
    """An entity id without its type ("loc:sheikh-marwan" -> "sheikh marwan"): the entity stage
    may type one spelling PERSON ("Sheik Marwan", read as a title) and another LOC."""
    return key.split(":", 1)[-1].replace("-", " ")


def _overlap(a: set[str], b: set[str], similar: Callable[[str], frozenset[str]] | None = None
             ) -> set[str]:
    """The keys of ``a`` that ``b`` names too, exactly or in another spelling."""
    out = a & b
    if len(out) < min(len(a), len(b)):
        if similar is not None:
            # the same as the loop below, from the few keys similar to each of ``b``
            out.update(x for y in b for x in similar(y) if x in a)
            return out
        for x in a - out:
            for y in b:
                if similar_names(_bare(x), _bare(y)):
                    out.add(x)
                    break
    return out


def _same_happening(cl: _Cluster, core: set[str], actors: set[str], lemma: str, background: set[str],
                    similar: Callable[[str], frozenset[str]] | None = None) -> bool:
    shared = _overlap(cl.core, core, similar)
    if shared - background:
        return True
    if shared and cl.core <= background and core <= background:
        return True  # both name only background places ("Aleppo") and agree on them
    if not core or not cl.core:
        # one names no place or target: the same actors, or the same trigger word when
        # neither names anything ("the offensive began on Nov. 26" / "... last month")
        if _overlap(cl.actors, actors, similar) - background:
            return True
        if not core and not cl.core and not actors and not cl.actors:
            return lemma == cl.lemma
        if not core and not cl.core and lemma == cl.lemma and (
                not actors or not cl.actors or _overlap(cl.actors, actors, similar)):
            return True
    return False


def _build(cl: _Cluster, docs: Sequence[tuple[str, str | None, str, Sequence[Event]]]) -> MergedEvent:
    items = cl.items if len(cl.items) == 1 else sorted(cl.items, key=lambda x: (x[0], x[1].start))
    sources = []
    for d, ev in items:
        doc_id, outlet, text, _ = docs[d]
        sources.append(Source(doc_id, outlet, ev.sentence, (ev.start, ev.end), ev,
                              text[ev.sentence[0]:ev.sentence[1]]))
    best = items[0][1] if len(items) == 1 else min(items, key=lambda x: (x[1].section in CAPTION_SECTIONS, x[1].section == "title",
                                     _PRECISION_RANK.get(x[1].precision or "year", 5),
                                     _SOURCE_RANK.get(x[1].time_source, 9),
                                     x[1].modality != "asserted",
                                     # the summary that gets to the point soonest
                                     max(0, x[1].trigger_start - x[1].start) > 60, x[0], x[1].start))[1]
    date, precision = _merged_date(items)
    participants, places = _participants(items)
    modalities = {ev.modality for _d, ev in items}
    modality = next(m for m in ("asserted", "claimed", "disputed") if m in modalities)
    return MergedEvent(
        id="", date=date, precision=precision, cls=cl.cls, kind=cl.kind, summary=best.summary,
        trigger=best.trigger, participants=participants, places=places, sources=sources,
        source_count=len({s.doc_id for s in sources}),
        independent_source_count=independent_sources(sources),
        disputed="disputed" in modalities, modality=modality,
        confidence=max(ev.confidence for _d, ev in items),
        sections=sorted({ev.section for _d, ev in items}),
        since=all(ev.since for _d, ev in items),
    )


def _merged_date(items: list[tuple[int, Event]]) -> tuple[str, str]:
    """The most precise date; among equals, the best-attested one (votes weighted by confidence)."""
    if len(items) == 1:  # most clusters: the one vote wins
        ev = items[0][1]
        return ev.date or "", ev.precision or ""
    votes: Counter[tuple[str, str]] = Counter()
    for _d, ev in items:
        votes[(ev.date or "", ev.precision or "")] += ev.confidence or 0.01
    return min(votes, key=lambda k: (_PRECISION_RANK.get(k[1], 5), -votes[k], k[0]))


def _participants(items: list[tuple[int, Event]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    people: dict[str, dict[str, Any]] = {}
    places: dict[str, dict[str, Any]] = {}
    for _d, ev in items:
        for role, group, table in (("actor", ev.actors, people), ("target", ev.targets, people),
                                   ("place", ev.places, places)):
            for p in group:
                key = p.entity or _name_key(p.text)
                if not key:
                    continue
                row = table.get(key)
                if row is None:
                    table[key] = {"key": key, "text": p.text, "type": p.type, "entity": p.entity,
                                  "role": role, "count": 1}
                else:
                    row["count"] += 1
    order = lambda r: (-r["count"], r["key"])  # noqa: E731
    return sorted(people.values(), key=order), sorted(places.values(), key=order)


# --------------------------------------------------------------------------- sources


@lru_cache(maxsize=65536)
def _shingles(text: str) -> frozenset[str]:
    # word triples joined by a space (no word holds one): strings keep their hash, so
    # set operations do not hash them again
    words = _WORDS.findall(text.lower()) if text.isascii() else [w.lower() for w in _WORDS.findall(text)]
    if len(words) < 3:
        return frozenset({" ".join(words)})
    return frozenset([" ".join(words[i:i + 3]) for i in range(len(words) - 2)])


def same_copy(a: str, b: str) -> bool:
    """Near-identical sentences: the same wire copy carried by two outlets."""
    return _same_copy_sets(_shingles(a), _shingles(b))


def _same_copy_sets(sa: frozenset[str], sb: frozenset[str]) -> bool:
    if not sa or not sb:
        return False
    small, large = sorted((len(sa), len(sb)))
    if small < (SAME_COPY - 0.01) * large:
        return False  # the overlap is at most the smaller set
    shared = len(sa & sb)
    return shared / (len(sa) + len(sb) - shared) >= SAME_COPY


def independent_sources(sources: Sequence[Source]) -> int:
    """Documents, counting one for each group of the same outlet or the same copy.

    The groups are the connected parts of "same outlet or a sentence in the same copy";
    sentences are compared only when they share a rare shingle (a prefix filter: two
    sets with a Jaccard overlap of ``SAME_COPY`` share one of each other's
    ``1 - SAME_COPY`` rarest shingles), so a large event does not compare every pair."""
    if len(sources) == 1:  # most events: no pair to compare
        return 1
    docs: dict[str, list[Source]] = {}
    for s in sources:
        docs.setdefault(s.doc_id, []).append(s)
    ids = list(docs)
    if len(ids) < 2:
        return len(ids)
    parent = {d: d for d in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_outlet: dict[str, str] = {}
    for d in ids:
        outlet = docs[d][0].outlet
        if outlet:
            first = by_outlet.setdefault(outlet.lower(), d)
            if first != d:
                parent[find(d)] = find(first)
    texts = sorted({(d, s.sentence_text) for d in ids for s in docs[d]})
    shingles = {text: _shingles(text) for _d, text in texts}
    if len(texts) <= 12:
        # few sentences: every pair (of different groups) is cheaper than an index
        for i, (d, text) in enumerate(texts):
            for d2, text2 in texts[:i]:
                if find(d2) != find(d) and _same_copy_sets(shingles[text2], shingles[text]):
                    parent[find(d)] = find(d2)
        return len({find(d) for d in ids})
    freq: Counter[str] = Counter()
    for sh in shingles.values():
        freq.update(sh)
    # shingle -> {the root of a document's group when the sentence came in: its sentences}
    postings: dict[str, dict[str, list[str]]] = {}
    # Smallest first: a sentence then meets only the same size or smaller ones, and the
    # index needs only the shorter prefix of a pair's smaller set (the "all-pairs" join).
    # Thresholds a little under SAME_COPY: float rounding must never drop a pair.
    low = SAME_COPY - 0.01
    texts.sort(key=lambda t: (len(shingles[t[1]]), t))
    for d, text in texts:
        sh = shingles[text]
        order = sorted(sh, key=lambda g: (freq[g], g))
        prefix = order[:len(sh) - math.ceil(low * len(sh)) + 1]
        verdicts: dict[str, bool] = {}
        for g in prefix:
            for group, others in postings.get(g, {}).items():
                if find(group) == find(d):
                    continue
                for other in others:
                    same = verdicts.get(other)
                    if same is None:
                        same = verdicts[other] = _same_copy_sets(shingles[other], sh)
                    if same:
                        # under the older root, so a large group keeps one root in the postings
                        parent[find(d)] = find(group)
                        break
        root = find(d)
        for g in order[:len(sh) - math.ceil(2 * low / (1 + low) * len(sh)) + 1]:
            postings.setdefault(g, {}).setdefault(root, []).append(text)
    return len({find(d) for d in ids})


def _assign_ids(merged: list[MergedEvent]) -> None:
    """Stable ids: a hash of date, class, kind and the two most-named key participants."""
    seen: Counter[str] = Counter()
    ordered = sorted(merged, key=lambda m: (m.date, m.cls, m.kind, m.sources[0].doc_id,
                                            m.sources[0].clause))
    for m in ordered:
        keys = [p["key"] for p in m.places[:2]] + [p["key"] for p in m.participants[:2]]
        lemma = _lemma(m.sources[0].event) if not keys else ""
        basis = "|".join([m.date, m.cls, m.kind, lemma] + sorted(keys[:3]))
        digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:10]
        seen[digest] += 1
        m.id = f"ev-{digest}" if seen[digest] == 1 else f"ev-{digest}-{seen[digest]}"
