"""The corpus index: per-document records plus everything derived across documents.

Building it loads the corpus and extracts each document (cached, in parallel:
``runner``), settles every publication date (metadata, ``--published``, the
text, then other articles) and resolves each document's time expressions
against its date.  Canonical entities, merged events and claim groups are
computed on first use, so a command pays only for what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from aleppo_cli.corpus import LoadReport, load_corpus
from aleppo_cli.gcpause import gc_paused
from aleppo_cli.models import DocRecord, PublishedDate


class QueryError(Exception):
    """A named thing was not found (exit status 1)."""


@dataclass
class Options:
    corpus: list[str] = field(default_factory=list)
    skip_bad: bool = False
    published: dict[str, str] = field(default_factory=dict)  # doc id -> date, from --published
    aliases: str | None = None
    cache: str | None = None
    no_cache: bool = False
    jobs: int | None = None


def parse_published_overrides(values: list[str]) -> dict[str, str]:
    """``ID=YYYY-MM-DD`` pairs; raises ValueError with a readable message."""
    from aleppo_cli.pubdate import parse_date

    out: dict[str, str] = {}
    for item in values:
        doc_id, sep, date = item.partition("=")
        if not sep or not doc_id or not date:
            raise ValueError(f"--published expects ID=YYYY-MM-DD, got {item!r}")
        if parse_date(date) is None:
            raise ValueError(f"--published {item!r}: {date!r} is not a date")
        out[doc_id] = date
    return out


def not_found(kind: str, name: str, candidates: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no {kind} {name!r}{hint}"


def build_index(options: Options, progress: Callable[[int, int], None] | None = None) -> Index:
    """The index of ``options.corpus``.

    With the cache on, a corpus whose files, options and code are unchanged is
    not loaded at all: its stored result (``store_result``) answers the
    queries, and documents' full records are read only if a command needs
    them.  Otherwise the corpus is loaded, extracted (cached per document),
    dated and resolved, and the result stored for next time.
    """
    from aleppo_cli.cache import Cache, default_cache_path

    cache_path = None if options.no_cache else (options.cache or default_cache_path())
    key = result_key(options) if cache_path is not None else None
    with Cache(cache_path) as cache:
        if key is not None:
            head = cache.get_value(key)
            if isinstance(head, dict) and head.get("format") == RESULT_FORMAT:
                try:
                    # The index reads its parts as commands ask for them: it keeps the cache.
                    return CachedIndex(Cache(cache_path), key, options)
                except Exception:  # an unreadable stored result is a miss, nothing worse
                    pass
        index = _build_full(options, cache, progress)
        if key is not None and cache.enabled:
            try:
                store_result(cache, key, index)
            except Exception:
                # Storing is only a shortcut.  A failure here (a bad alias file, say)
                # happens again in the command's query, which reports it properly.
                pass
    return index


def _build_full(options: Options, cache: Any, progress: Callable[[int, int], None] | None
                ) -> Index:
    from aleppo_cli.runner import extract_all

    docs, report = load_corpus(options.corpus, skip_bad=options.skip_bad)
    unknown = sorted(set(options.published) - {d.id for d in docs})
    if unknown:
        report.warn(f"--published names unknown document(s): {', '.join(unknown)}")
    records = extract_all(docs, cache=cache, jobs=options.jobs, progress=progress)
    del docs
    settle_dates(records, options.published)
    # The records live as long as the command: move them out of the cyclic GC's way.
    # Entity resolution and event merging allocate millions of objects, and every
    # full collection they trigger would otherwise walk the whole corpus again.
    # (Small corpora skip it: a library caller building many small indexes would keep
    # any cyclic garbage among them for good.)
    if len(records) >= FREEZE_MIN_DOCS:
        import gc

        gc.freeze()
    return Index(records, report, options)


# Corpora from this many documents on are frozen out of the cyclic GC once built.
FREEZE_MIN_DOCS = 200


# -- the stored corpus result ------------------------------------------------------

# Layout of the stored result; bump when it changes.  (Any code change already
# changes the key through ``cache.derived_version``.)
RESULT_FORMAT = "9"


def result_key(options: Options) -> str | None:
    """The key of a corpus's stored result, computed without reading a document.

    From every corpus file (path, size, times, inode: ``cache.inputs_key``),
    the options that change results (``--published``, the alias file's bytes,
    ``--skip-bad``) and the version of all the code.  None when there is no
    safe key: stdin, a path that cannot be examined, an unreadable alias file.
    """
    import hashlib
    import json

    from aleppo_cli.cache import inputs_key
    from aleppo_cli.corpus import CorpusError, _expand, builtin_seed_paths

    specs = list(options.corpus)
    if "-" in specs:
        return None  # stdin can differ every time and has no file to examine
    try:
        files = [p for spec in specs for p in _expand(spec)] if specs else builtin_seed_paths()
    except (CorpusError, OSError):
        return None  # the load reports the problem
    aliases = ""
    if options.aliases:
        try:
            aliases = hashlib.sha256(open(options.aliases, "rb").read()).hexdigest()
        except OSError:
            return None
    published = json.dumps(sorted(options.published.items()))
    return inputs_key(files, f"format={RESULT_FORMAT}", f"published={published}",
                      f"aliases={aliases}", f"skip_bad={options.skip_bad}")


def store_result(cache: Any, key: str, index: Index) -> None:
    """Store what the queries need, in parts a command loads only if it uses them.

    Each merged event and each entity on its own, with the events' order of
    importance and a table of the events each entity is in, so that ``who``
    and a default ``timeline`` read only what they show (commands that show
    them all read all the parts); claim groups and quotes whole, and quotes by
    speaker; per document the light fields
    at once and the text, sentences and mentions (entity id and span) on
    demand.  The rest of a record stays in the per-document cache for the
    commands that need it (``extract``, ``dates``, ...).
    """
    from aleppo_cli.cache import dump_record
    from aleppo_cli.entities.lookup import forms_of
    from aleppo_cli.entities.similarity import normalise
    from aleppo_cli.timeline import importance_key

    entities, events, groups = index.entities, index.events, index.claim_groups
    records = index.records
    events_of: dict[str, list[int]] = {}
    for n, event in enumerate(events):
        for entity_id in dict.fromkeys(p.get("entity") for p in (*event.participants,
                                                                 *event.places)):
            if entity_id:
                events_of.setdefault(entity_id, []).append(n)
    quote_rows = [(r.id, q, index.quote_date(r, q)) for r in records for q in r.quotes]
    # Names and spellings in buckets: ``who`` reads the one its name falls in, not
    # tables of every entity (100,000 and more for 10,000 articles).
    forms: dict[int, dict[str, list[int]]] = {}
    names: dict[int, dict[str, str]] = {}
    for n, e in enumerate(entities):
        names.setdefault(bucket_of(e.id), {})[e.id] = e.name
        for form in {normalise(f) for f in (e.name, *e.aliases)}:
            forms.setdefault(bucket_of(form), {}).setdefault(form, []).append(n)
    table = [(e.id, e.name, e.type, e.aliases, len(e.mentions)) for e in entities]

    def parts() -> Iterator[tuple[str, bytes]]:
        # Generated as they are written: the blobs of 10,000 documents never pile up.
        yield "docs", dump_record(([(r.id, r.title, r.source, r.url, r.published)
                                    for r in records], index.report))
        yield "segments", dump_record([r.segments for r in records])
        yield "entity_names", dump_record(table)
        yield "forms", dump_record(forms_of(entities))
        for b, found in forms.items():
            yield f"forms:{b}", dump_record({form: [(n, *table[n]) for n in hits]
                                             for form, hits in found.items()})
        for b, named in names.items():
            yield f"names:{b}", dump_record(named)
        yield "events_of", dump_record(events_of)
        yield "event_rank", dump_record(sorted(range(len(events)),
                                               key=lambda n: importance_key(events[n])))
        yield "claim_groups", dump_record(groups)
        yield "quotes", dump_record(quote_rows)
        by_speaker: dict[str, list[Any]] = {}
        for row in quote_rows:
            if row[1].entity:
                by_speaker.setdefault(row[1].entity, []).append(row)
        for entity_id, rows in by_speaker.items():
            yield f"quotes:{entity_id}", dump_record(rows)
        for e in entities:
            yield f"entity:{e.id}", dump_record(e)
        for n, e in enumerate(events):
            yield f"event:{n}", dump_record(e)
        for r in records:
            yield f"doc:{r.id}", dump_record((r.text, r.sentences, [(m.start, m.end, m.entity,
                                                                     m.type) for m in r.entities]))

    cache.put_parts(key, parts(), {"format": RESULT_FORMAT})


def settle_dates(records: list[DocRecord], overrides: dict[str, str]) -> None:
    """Publication dates (metadata > --published > text > other articles), then timex
    values and event dates against them."""
    from aleppo_cli.docdates import infer_from_corpus
    from aleppo_cli.events import date_events
    from aleppo_cli.pubdate import parse_date
    from aleppo_cli.temporal import resolve_timexes

    for rec in records:
        override = overrides.get(rec.id)
        if override:
            iso, precision = parse_date(override)
            rec.published = PublishedDate(iso, precision, "command-line", 1.0,
                                          [f"--published {rec.id}={override}"])
    infer_from_corpus(records)
    for rec in records:
        rec.timexes = resolve_timexes(rec.text, rec.timexes, day_of(rec.published))
        date_events(rec.events, rec.timexes, rec.published.value)
        for claim in rec.claims:
            claim.date = claim.date or rec.published.value


def day_of(published: PublishedDate) -> dt.date | None:
    if published.value and published.precision == "day":
        return dt.date.fromisoformat(published.value[:10])
    return None


class Index:
    def __init__(self, records: list[DocRecord], report: LoadReport, options: Options):
        self.records = records
        self.report = report
        self.options = options
        self.by_id = {r.id: r for r in records}

    def record(self, doc_id: str) -> DocRecord:
        try:
            return self.by_id[doc_id]
        except KeyError:
            raise QueryError(not_found("document", doc_id, list(self.by_id))) from None

    @cached_property
    def entities(self) -> list[Any]:
        """Canonical entities; mentions, quotes, claims and event participants get their ids."""
        from aleppo_cli.entities import DocEntities, load_aliases, resolve_entities

        aliases = load_aliases(self.options.aliases)
        docs = [DocEntities(r.id, r.text, r.entities, r.roles) for r in self.records]
        entities = resolve_entities(docs, aliases)
        with gc_paused():  # linking allocates only: collections would find nothing
            self._link(entities)
        return entities

    def _link(self, entities: list[Any]) -> None:
        from aleppo_cli.events import link_entities

        for rec in self.records:
            by_span = {(m.start, m.end): m.entity for m in rec.entities}
            for q in rec.quotes:
                # A description ("a Reuters journalist") is not the organisation it names.
                q.entity = by_span.get((q.antecedent_start, q.antecedent_end)) or by_span.get(
                    (q.speaker_start, q.speaker_end)) or (
                    _covering(rec.entities, q.speaker_start, q.speaker_end)
                    if q.speaker_kind == "name" else None)
            for c in rec.claims:
                c.entity = by_span.get((c.claimant_start, c.claimant_end)) or _covering(
                    rec.entities, c.claimant_start, c.claimant_end)
            link_entities(rec.events, rec.entities)

    @cached_property
    def entity_by_id(self) -> dict[str, Any]:
        return {e.id: e for e in self.entities}

    @cached_property
    def events(self) -> list[Any]:
        """Events of every document (dated in ``settle_dates``), merged across documents."""
        from aleppo_cli.merge import merge_events

        self.entities  # noqa: B018  (participants need canonical ids before merging)
        return merge_events([(r.id, r.source, r.text, r.events) for r in self.records])

    @cached_property
    def event_by_id(self) -> dict[str, Any]:
        return {e.id: e for e in self.events}

    @cached_property
    def claim_groups(self) -> list[Any]:
        from aleppo_cli.claims import group_claims

        self.entities  # noqa: B018
        return group_claims([(rec.id, claim) for rec in self.records for claim in rec.claims])

    def ranked_events(self) -> Iterator[Any]:
        """The merged events, most important first (``timeline.importance_key``)."""
        from aleppo_cli.timeline import importance_key

        return iter(sorted(self.events, key=importance_key))

    def entity_names(self) -> dict[str, str]:
        """Entity id -> canonical name."""
        return {e.id: e.name for e in self.entities}

    def lookup(self, name: str) -> Any:
        """``entities.lookup`` over this index's entities."""
        from aleppo_cli.entities.lookup import lookup

        return lookup(self.entities, name)

    def events_of(self, entity_id: str) -> list[Any]:
        """Merged events with this entity among their participants or places."""
        return [e for e in self.events
                if any(p.get("entity") == entity_id for p in (*e.participants, *e.places))]

    def quote_pairs(self, entity_id: str | None = None) -> list[tuple[Any, Any]]:
        """(record, quote) in document order; only this speaker's when an id is given."""
        self.entities  # noqa: B018  (speakers get their entity ids)
        return [(rec, q) for rec in self.records for q in rec.quotes
                if not entity_id or q.entity == entity_id]

    def quote_date(self, rec: DocRecord, quote: Any) -> str | None:
        """When a quote was said: the time next to its cue, else the publication date."""
        if quote.time_start is not None:
            for t in rec.timexes:
                if t.start <= quote.time_start < t.end and t.type in ("DATE", "TIME"):
                    value = t.value[:10]
                    if value[:4].isdigit():
                        return value
        return rec.published.value


def _covering(mentions: list[Any], start: int | None, end: int | None) -> str | None:
    """The entity of a mention inside a speaker span ("Omar Haddad, the director")."""
    if start is None or end is None:
        return None
    for m in mentions:
        if start <= m.start and m.end <= end and m.entity and m.type in ("PERSON", "ORG"):
            return m.entity
    return None


# -- an index read back from its stored result ---------------------------------------


class MentionRef(NamedTuple):
    """A mention as the stored result keeps it: span, entity id and type."""

    start: int
    end: int
    entity: str | None
    type: str


class LightRecord:
    """A document of a stored result: id, title, outlet, url and date at once; segments,
    text, sentences, mentions and quotes on first use; anything else from the full
    record, which loads the whole corpus (``CachedIndex.full_record``)."""

    __slots__ = ("_index", "_n", "id", "title", "source", "url", "published", "_doc")

    def __init__(self, index: CachedIndex, n: int, doc_id: str, title: str | None,
                 source: str | None, url: str | None, published: PublishedDate):
        self._index, self._n = index, n
        self.id, self.title, self.source, self.url, self.published = (doc_id, title, source, url,
                                                                      published)
        self._doc: tuple[str, list[tuple[int, int]], list[MentionRef]] | None = None

    def _parts(self) -> tuple[str, list[tuple[int, int]], list[MentionRef]]:
        if self._doc is None:
            text, sentences, mentions = self._index.part(f"doc:{self.id}")
            self._doc = (text, sentences, [MentionRef(*m) for m in mentions])
        return self._doc

    @property
    def segments(self) -> list[Any]:
        return self._index.segments[self._n]

    @property
    def text(self) -> str:
        return self._parts()[0]

    @property
    def sentences(self) -> list[tuple[int, int]]:
        return self._parts()[1]

    @property
    def entities(self) -> list[MentionRef]:
        return self._parts()[2]

    @property
    def quotes(self) -> list[Any]:
        return self._index.quotes_by_doc.get(self.id, [])

    def __getattr__(self, name: str) -> Any:
        # Only for names not defined above (timexes, events, claims, to_dict, ...).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._index.full_record(self.id), name)

    def __repr__(self) -> str:
        return f"LightRecord({self.id!r})"


class EntityRef:
    """An entity of a stored result: id, names, type and mention count at once (what
    ``lookup`` reads); mentions, documents and roles from its stored record on first use."""

    __slots__ = ("_index", "id", "name", "type", "aliases", "_count", "_full")

    def __init__(self, index: CachedIndex, entity_id: str, name: str, type_: str,
                 aliases: list[str], count: int):
        self._index = index
        self.id, self.name, self.type, self.aliases, self._count = (entity_id, name, type_,
                                                                    aliases, count)
        self._full: Any = None

    def full(self) -> Any:
        if self._full is None:
            self._full = self._index.entity_record(self)
        return self._full

    @property
    def mentions(self) -> Any:
        # ``lookup`` only counts them: answer that without loading the entity.
        if self._full is None:
            return _Counted(self)
        return self._full.mentions

    @property
    def docs(self) -> list[str]:
        return self.full().docs

    @property
    def roles(self) -> list[Any]:
        return self.full().roles

    def main_role(self) -> Any:
        return self.full().main_role()

    def to_dict(self) -> dict[str, Any]:
        return self.full().to_dict()

    def __repr__(self) -> str:
        return f"EntityRef({self.id!r})"


class _Counted:
    """An entity's mention list that knows its length and loads the list for anything else."""

    __slots__ = ("_ref",)

    def __init__(self, ref: EntityRef):
        self._ref = ref

    def __len__(self) -> int:
        return self._ref._count

    def __iter__(self):
        return iter(self._ref.full().mentions)

    def __getitem__(self, i):
        return self._ref.full().mentions[i]

    def __eq__(self, other: object) -> bool:
        return self._ref.full().mentions == other

    __hash__ = None  # type: ignore[assignment]


class StaleResult(Exception):
    """A part of a stored corpus result cannot be read."""


class CachedIndex(Index):
    """``Index`` over a stored result: the same interface, nothing recomputed."""

    def __init__(self, cache: Any, key: str, options: Options):
        self.cache, self.key = cache, key
        self._full: Index | None = None
        docs, report = self.part("docs")
        super().__init__([LightRecord(self, n, *d) for n, d in enumerate(docs)], report, options)

    def part(self, name: str) -> Any:
        """One stored part; a missing one (the cache went away) is a stale index."""
        return self.parts([name])[0]

    def parts(self, names: list[str]) -> list[Any]:
        found = self.cache.get_parts(self.key, names)
        missing = [n for n in names if n not in found]
        if missing:
            raise StaleResult(f"stored corpus result lacks {missing[0]!r}")
        return [_load(found[n]) for n in names]

    @cached_property
    def segments(self) -> list[list[Any]]:
        return self.part("segments")

    @cached_property
    def entities(self) -> list[Any]:
        return [self._entity_ref(n) for n in range(len(self._entity_table))]

    @cached_property
    def _entity_table(self) -> list[tuple[str, str, str, list[str], int]]:
        return self.part("entity_names")

    def _entity_ref(self, n: int, row: tuple | None = None) -> EntityRef:
        # One object per entity however it is reached (lookup, the list, ...).
        ref = self._entity_refs.get(n)
        if ref is None:
            ref = self._entity_refs[n] = EntityRef(self, *(row or self._entity_table[n]))
        return ref

    @cached_property
    def _entity_refs(self) -> dict[int, EntityRef]:
        return {}

    def entity_names(self) -> Any:
        if "_entity_table" in self.__dict__:
            return {row[0]: row[1] for row in self._entity_table}
        return _BucketNames(self)

    def bucket(self, kind: str, key: str) -> dict[str, Any]:
        """The stored bucket of ``kind`` (forms, names) that ``key`` falls in."""
        b = bucket_of(key)
        table = self._buckets.get((kind, b))
        if table is None:
            found = self.cache.get_parts(self.key, [f"{kind}:{b}"])
            table = self._buckets[(kind, b)] = _load(found[f"{kind}:{b}"]) if found else {}
        return table

    @cached_property
    def _buckets(self) -> dict[tuple[str, int], dict[str, Any]]:
        return {}

    def entity_record(self, ref: EntityRef) -> Any:
        """One entity's full record; after the first few, all of them at once (a command
        that lists entities reads them all, and one read is faster than thousands)."""
        self._entity_reads += 1
        if self._entity_reads <= _SINGLE_READS:
            return self.part(f"entity:{ref.id}")
        for r, full in zip(self.entities, self.parts([f"entity:{r.id}" for r in self.entities])):
            if r._full is None:
                r._full = full
        return ref._full

    _entity_reads = 0

    def lookup(self, name: str) -> Any:
        # An exact (normalised) name decides alone in ``lookup``: give it only those
        # entities, and spare it normalising every name of the corpus.
        from aleppo_cli.entities.lookup import lookup
        from aleppo_cli.entities.similarity import normalise

        form = normalise(name)
        hits = self.bucket("forms", form).get(form)
        if hits:
            return lookup([self._entity_ref(n, row) for n, *row in hits], name)
        # A variant or a typo: every name is searched, with the stored table of spellings.
        return lookup(self.entities, name, self.part("forms"))

    @cached_property
    def events(self) -> list[Any]:
        # Each event is stored once, on its own (``who`` and ``timeline`` read a few).
        return self.parts([f"event:{n}" for n in range(len(self._event_rank))])

    def ranked_events(self) -> Iterator[Any]:
        # Read in batches as the caller goes: the top of a 100,000-event timeline
        # costs a few hundred events, not the whole list.
        if "events" in self.__dict__:
            yield from super().ranked_events()
            return
        order = self._event_rank
        for i in range(0, len(order), _RANK_BATCH):
            yield from self.parts([f"event:{n}" for n in order[i:i + _RANK_BATCH]])

    @cached_property
    def _event_rank(self) -> list[int]:
        return self.part("event_rank")

    def events_of(self, entity_id: str) -> list[Any]:
        if "events" in self.__dict__:
            return super().events_of(entity_id)
        return self.parts([f"event:{n}" for n in self._events_of.get(entity_id, [])])

    @cached_property
    def _events_of(self) -> dict[str, list[int]]:
        return self.part("events_of")

    @cached_property
    def claim_groups(self) -> list[Any]:
        return self.part("claim_groups")

    def quote_pairs(self, entity_id: str | None = None) -> list[tuple[Any, Any]]:
        if not entity_id:
            return super().quote_pairs()
        if "quotes_by_doc" in self.__dict__:
            return super().quote_pairs(entity_id)
        found = self.cache.get_parts(self.key, [f"quotes:{entity_id}"])
        rows = _load(found[f"quotes:{entity_id}"]) if found else []
        for _, q, date in rows:
            self._quote_dates[id(q)] = date
        return [(self.by_id[doc_id], q) for doc_id, q, _ in rows]

    @cached_property
    def quotes_by_doc(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for doc_id, q, date in self.part("quotes"):
            out.setdefault(doc_id, []).append(q)
            self._quote_dates[id(q)] = date
        return out

    @cached_property
    def _quote_dates(self) -> dict[int, str | None]:
        return {}

    def quote_date(self, rec: Any, quote: Any) -> str | None:
        date = self._quote_dates.get(id(quote), _MISSING)
        return super().quote_date(rec, quote) if date is _MISSING else date

    def full_record(self, doc_id: str) -> DocRecord:
        """The complete record, dated and with entity ids: loads the whole corpus once."""
        if self._full is None:
            from aleppo_cli.cache import Cache, default_cache_path

            path = None if self.options.no_cache else (self.options.cache or default_cache_path())
            with Cache(path) as cache:
                full = _build_full(self.options, cache, None)
            full.entities  # noqa: B018  (mentions, quotes and claims get their entity ids)
            self._full = full
        return self._full.by_id[doc_id]


def bucket_of(key: str) -> int:
    """Which of the stored result's name buckets a name or entity id is in."""
    import zlib

    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % NAME_BUCKETS


# About 400 names a bucket at 100,000 entities.
NAME_BUCKETS = 256


class _BucketNames:
    """Entity id -> name, read bucket by bucket as ids are asked for."""

    def __init__(self, index: CachedIndex):
        self._index = index

    def get(self, entity_id: Any, default: Any = None) -> Any:
        if not isinstance(entity_id, str):
            return default
        return self._index.bucket("names", entity_id).get(entity_id, default)

    def __getitem__(self, entity_id: str) -> str:
        name = self.get(entity_id, _MISSING)
        if name is _MISSING:
            raise KeyError(entity_id)
        return name

    def __contains__(self, entity_id: object) -> bool:
        return self.get(entity_id, _MISSING) is not _MISSING


def _load(blob: bytes) -> Any:
    """A stored part, unpickled with the cyclic GC paused: loading only allocates.

    What a command loads stays until it ends and holds no cycles, so it is then
    frozen out of the collector's sight (``gc.freeze``): otherwise each collection
    the command triggers later walks every loaded object again (0.1 s of a warm
    timeline on 10,000 articles)."""
    import gc

    from aleppo_cli.cache import load_record

    with gc_paused():
        value = load_record(blob)
        gc.freeze()
    return value


_MISSING = object()
# Entities read one by one before the whole list is read instead (see entity_record).
_SINGLE_READS = 64
# Stored events read at a time when they are wanted most important first.
_RANK_BATCH = 128
