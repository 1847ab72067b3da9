"""Small stand-ins for the temporal and entity stages' records, for event tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class T:
    """A resolved time expression (the attributes events read)."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class M:
    """An entity mention (the attributes events read)."""

    start: int
    end: int
    text: str
    type: str
    entity: str | None = None
