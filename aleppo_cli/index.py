"""The corpus index: per-document records plus everything derived across documents.

Building it loads the corpus and extracts each document (cached, in parallel:
``runner``), settles every publication date (metadata, ``--published``, the
text, then other articles) and resolves each document's time expressions
against its date.  Canonical entities, merged events and claim groups are
computed on first use, so a command pays only for what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from aleppo_cli.corpus import LoadReport, load_corpus
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
            parts = cache.get_value(key)
            if isinstance(parts, dict) and parts.get("format") == RESULT_FORMAT:
                try:
                    return CachedIndex(parts, options)
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
    return Index(records, report, options)


# -- the stored corpus result ------------------------------------------------------

# Layout of the stored result; bump when it changes.  (Any code change already
# changes the key through ``cache.derived_version``.)
RESULT_FORMAT = "2"


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

    Per document only the light fields, the text, the sentences and the
    mentions (entity id and span: for ``who``); the rest of a record stays in
    the per-document cache for the commands that need it (``extract``, ...).
    """
    from aleppo_cli.cache import dump_record

    entities, events, groups = index.entities, index.events, index.claim_groups
    records = index.records
    quotes = {r.id: [(q, index.quote_date(r, q)) for q in r.quotes] for r in records if r.quotes}
    parts = {
        "format": RESULT_FORMAT,
        "docs": dump_record(([(r.id, r.title, r.source, r.url, r.published, r.segments)
                              for r in records],
                             index.report)),
        "entities": dump_record(entities),
        "events": dump_record(events),
        "claim_groups": dump_record(groups),
        "quotes": dump_record(quotes),
        "doc": {r.id: dump_record((r.text, r.sentences,
                                   [(m.start, m.end, m.entity, m.type) for m in r.entities]))
                for r in records},
    }
    cache.put_value(key, parts, compress=False)


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
        from aleppo_cli.events import link_entities

        aliases = load_aliases(self.options.aliases)
        docs = [DocEntities(r.id, r.text, r.entities, r.roles) for r in self.records]
        entities = resolve_entities(docs, aliases)
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
        return entities

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
    """A document of a stored result: id, title, outlet, url, date and segments at once; text,
    sentences and mentions read on first use; anything else from the full record,
    which loads the whole corpus (``CachedIndex.full_record``)."""

    __slots__ = ("_index", "id", "title", "source", "url", "published", "segments", "_doc")

    def __init__(self, index: CachedIndex, doc_id: str, title: str | None, source: str | None,
                 url: str | None, published: PublishedDate, segments: list[Any]):
        self._index = index
        self.id, self.title, self.source, self.url, self.published = (doc_id, title, source, url,
                                                                      published)
        self.segments = segments
        self._doc: tuple[str, list[tuple[int, int]], list[MentionRef]] | None = None

    def _parts(self) -> tuple[str, list[tuple[int, int]], list[MentionRef]]:
        if self._doc is None:
            from aleppo_cli.cache import load_record

            text, sentences, mentions = load_record(self._index.parts["doc"][self.id])
            self._doc = (text, sentences, [MentionRef(*m) for m in mentions])
        return self._doc

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
        # Only for names not defined above (segments, timexes, events, to_dict, ...).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._index.full_record(self.id), name)

    def __repr__(self) -> str:
        return f"LightRecord({self.id!r})"


class CachedIndex(Index):
    """``Index`` over a stored result: the same interface, nothing recomputed."""

    def __init__(self, parts: dict[str, Any], options: Options):
        from aleppo_cli.cache import load_record

        docs, report = load_record(parts["docs"])
        self.parts = parts
        self._full: Index | None = None
        super().__init__([LightRecord(self, *d) for d in docs], report, options)

    def _part(self, name: str) -> Any:
        from aleppo_cli.cache import load_record

        return load_record(self.parts[name])

    @cached_property
    def entities(self) -> list[Any]:
        return self._part("entities")

    @cached_property
    def events(self) -> list[Any]:
        return self._part("events")

    @cached_property
    def claim_groups(self) -> list[Any]:
        return self._part("claim_groups")

    @cached_property
    def _quotes(self) -> dict[str, list[tuple[Any, str | None]]]:
        return self._part("quotes")

    @cached_property
    def quotes_by_doc(self) -> dict[str, list[Any]]:
        return {doc: [q for q, _ in pairs] for doc, pairs in self._quotes.items()}

    @cached_property
    def _quote_dates(self) -> dict[int, str | None]:
        return {id(q): date for pairs in self._quotes.values() for q, date in pairs}

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


_MISSING = object()
