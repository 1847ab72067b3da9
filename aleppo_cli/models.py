"""Core data models shared by every stage.

This module holds what every stage needs (the input document, its labelled
segments, the per-document extraction record that ``aleppo extract`` writes)
and the records that a stored corpus result keeps: events, merged events,
quotes, claims and entities.  Those are defined here rather than in their
stages (which re-export them) because a cached query unpickles them, and
importing a stage compiles its regexes: 0.1-0.3 s that ``aleppo who`` and
``aleppo timeline`` do not need.  Records only the extraction itself keeps
(timexes, mentions, roles) stay in their stages.  Every offset is a Python
``str`` index into ``Document.text``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

# Bump the minor number for added fields, the major one for changed or removed ones.
SCHEMA_VERSION = "1.0"

Span = tuple[int, int]
# Sections whose events are page furniture rather than reporting.
CAPTION_SECTIONS = frozenset({"caption", "related"})

SEGMENT_LABELS = ("title", "byline", "dateline", "body", "caption", "related", "boilerplate")


@dataclass(slots=True)
class Document:
    """One input article, as loaded: nothing in ``text`` is ever changed."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date (or datetime) from metadata
    source: str | None = None  # outlet, from metadata
    url: str | None = None
    path: str | None = None  # where it was read from, for messages

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class Segment:
    """A labelled stretch of a document: ``text[start:end]``."""

    label: str
    start: int
    end: int
    rule: str  # which cleaning rule gave the label

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start, "end": self.end, "rule": self.rule}


@dataclass(slots=True)
class PublishedDate:
    """A document's publication date and how it was obtained."""

    value: str | None  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY; None when unknown
    precision: str | None  # "day", "month", "year" or None
    method: str  # "metadata", "command-line", "text:<rule>", "corpus:<rule>", "unknown"
    confidence: float
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class DocRecord:
    """Everything extracted from one document: the output of ``aleppo extract``."""

    id: str
    text: str
    title: str | None
    source: str | None
    published: PublishedDate
    segments: list[Segment]
    sentences: list[tuple[int, int]]
    url: str | None = None
    timexes: list[Any] = field(default_factory=list)
    entities: list[Any] = field(default_factory=list)
    quotes: list[Any] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    roles: list[Any] = field(default_factory=list)
    date_constraints: Any = None  # what the text alone says about its date (temporal stage)

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.to_dict(),
            "segments": [s.to_dict() for s in self.segments],
            "sentences": [list(s) for s in self.sentences],
        }
        if with_text:
            out["text"] = self.text
        for name in ("timexes", "entities", "roles", "quotes", "claims", "events"):
            out[name] = [_as_dict(x) for x in getattr(self, name)]
        return out


def _as_dict(obj: Any) -> Any:
    to_dict = getattr(obj, "to_dict", None)
    return to_dict() if to_dict else obj


# -- records the stages produce and a stored corpus result keeps -----------------

# events


@dataclass(slots=True)
class Participant:
    """A mention taking part in an event: its span, text, type and entity id."""

    start: int
    end: int
    text: str
    type: str
    entity: str | None = None

    def key(self) -> str:
        """What identifies it across documents: the entity id, else the normalised text."""
        from aleppo_cli.events import normalise_name

        return self.entity or normalise_name(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "entity": self.entity}


@dataclass(slots=True)
class TimeRef:
    """The time expression an event was dated from (a copy of the timex's fields)."""

    start: int
    end: int
    text: str
    type: str
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value}


@dataclass(slots=True)
class Event:
    start: int  # the clause span
    end: int
    sentence: Span
    trigger: str
    trigger_start: int
    trigger_end: int
    cls: str  # serialised as "class"
    kind: str  # finer group within the class (takeover, attack, flight, ...)
    actors: list[Participant] = field(default_factory=list)
    targets: list[Participant] = field(default_factory=list)
    places: list[Participant] = field(default_factory=list)
    time: TimeRef | None = None
    date: str | None = None  # "2016-11-26", "2016-11", "2016-W49", "2012-SU", "2012"
    precision: str | None = None  # day / week / month / season / year
    time_source: str = "none"  # clause / sentence / relative / published / none
    confidence: float = 0.0
    attribution: str | None = None
    modality: str = "asserted"  # asserted / claimed / disputed / hypothetical / negated
    section: str = "body"
    summary: str = ""
    rule: str = ""
    since: bool = False  # dated by "since DATE": the date a lasting situation began
    offset_days: int = 0  # "a day after X": X is dated this many days from the sentence's date

    @property
    def dated(self) -> bool:
        return self.date is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "sentence": list(self.sentence),
            "trigger": self.trigger, "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end, "class": self.cls, "kind": self.kind,
            "actors": [p.to_dict() for p in self.actors],
            "targets": [p.to_dict() for p in self.targets],
            "places": [p.to_dict() for p in self.places],
            "time": self.time.to_dict() if self.time else None,
            "date": self.date, "precision": self.precision, "time_source": self.time_source,
            "confidence": round(self.confidence, 3), "attribution": self.attribution,
            "modality": self.modality, "section": self.section, "summary": self.summary,
            "rule": self.rule, "since": self.since,
        }


# merge


@dataclass(slots=True)
class Source:
    doc_id: str
    outlet: str | None
    sentence: tuple[int, int]
    clause: tuple[int, int]
    event: Event
    sentence_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "outlet": self.outlet, "sentence": list(self.sentence),
                "clause": list(self.clause), "sentence_text": self.sentence_text,
                "event": self.event.to_dict()}


@dataclass(slots=True)
class MergedEvent:
    id: str
    date: str
    precision: str
    cls: str
    kind: str
    summary: str
    trigger: str
    participants: list[dict[str, Any]]  # {key, text, type, entity, role, count}
    places: list[dict[str, Any]]
    sources: list[Source] = field(default_factory=list)
    source_count: int = 0
    independent_source_count: int = 0
    disputed: bool = False
    modality: str = "asserted"  # the firmest modality among the sources
    confidence: float = 0.0
    sections: list[str] = field(default_factory=list)
    since: bool = False

    @property
    def caption_only(self) -> bool:
        return all(s in CAPTION_SECTIONS for s in self.sections)

    @property
    def mentions(self) -> int:
        return len(self.sources)

    def keys(self) -> set[str]:
        return {p["key"] for p in self.participants} | {p["key"] for p in self.places}

    def to_dict(self, *, with_sources: bool = True) -> dict[str, Any]:
        return {
            "id": self.id, "date": self.date, "precision": self.precision, "class": self.cls,
            "kind": self.kind, "summary": self.summary, "trigger": self.trigger,
            "participants": self.participants, "places": self.places,
            "source_count": self.source_count,
            "independent_source_count": self.independent_source_count,
            "disputed": self.disputed, "modality": self.modality,
            "confidence": round(self.confidence, 3), "sections": self.sections, "since": self.since,
            **({"sources": [s.to_dict() for s in self.sources]} if with_sources else {}),
        }


# quotes


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    direct: bool
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker_kind: str  # "name", "pronoun", "description", "none"
    antecedent_start: int | None = None
    antecedent_end: int | None = None
    rule: str = ""
    entity: str | None = None
    time_text: str | None = None  # "Monday" in "said Monday": when it was said
    time_start: int | None = None
    time_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# claims


@dataclass(slots=True)
class Claim:
    value: float  # percent for shares (98.0), the number for counts
    unit: str  # "percent" or the counted noun ("buildings", "square miles")
    measure: str  # what it measures, normalised: "share of eastern Aleppo held by government"
    side: str | None  # the side whose holding the value is normalised to, for shares
    raw_value: float  # the number as written ("7" in "7 per cent still held by rebels")
    raw_side: str | None  # the side named in the text
    hedge: str | None  # "about", "below", "above", "at_most", "at_least"
    hedge_text: str | None
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    claimant: str | None
    claimant_start: int | None
    claimant_end: int | None
    cue: str | None
    rule: str
    base: str | None = None  # "eastern Aleppo" in "98 per cent of eastern Aleppo"
    anchors: list[str] = field(default_factory=list)  # names in the sentence, to tell events apart
    date: str | None = None  # ISO date it was said, filled by the pipeline when known
    entity: str | None = None  # the claimant's entity id, filled by cross-document resolution

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ClaimGroup:
    measure: str
    claims: list[tuple[str, Claim]] = field(default_factory=list)
    disputed: bool = False
    spread: float = 0.0  # largest disagreement found (points for shares, relative for counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "disputed": self.disputed,
            "spread": round(self.spread, 3),
            "claims": [{"doc": d, **c.to_dict()} for d, c in self.claims],
        }


# resolve


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

