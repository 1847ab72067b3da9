"""Core data models shared by every stage.

Each stage defines the records it produces in its own module (timexes in
``temporal``, mentions in ``entities``, quotes in ``quotes``, events in
``events``); this module holds what all of them need: the input document, its
labelled segments and the per-document extraction record that ``aleppo extract``
writes.  Every offset is a Python ``str`` index into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Bump the minor number for added fields, the major one for changed or removed ones.
SCHEMA_VERSION = "1.0"

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
