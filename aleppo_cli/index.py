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
from typing import Any

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
    from aleppo_cli.cache import Cache, default_cache_path
    from aleppo_cli.runner import extract_all

    docs, report = load_corpus(options.corpus, skip_bad=options.skip_bad)
    unknown = sorted(set(options.published) - {d.id for d in docs})
    if unknown:
        report.warn(f"--published names unknown document(s): {', '.join(unknown)}")
    cache_path = None if options.no_cache else (options.cache or default_cache_path())
    with Cache(cache_path) as cache:
        records = extract_all(docs, cache=cache, jobs=options.jobs, progress=progress)
    del docs
    settle_dates(records, options.published)
    return Index(records, report, options)


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
