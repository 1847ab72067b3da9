"""Temporal engine: TIMEX3 tagging, normalisation and publication-date inference.

Stages: ``patterns`` (regexes) -> ``normalize`` (symbolic Timex) -> ``resolve``
(values for a publication date); ``docdate`` infers a document's date from its
own text.  Public API::

    find_timexes(text) -> list[Timex]             # no date needed; cacheable
    resolve_timexes(text, timexes, dct) -> list[Timex]
    tag(text, dct) -> list[Timex]
    infer_published(text, segments, timexes) -> PublishedDate
    date_constraints(text, segments, timexes) -> DateConstraints
"""

from __future__ import annotations

import datetime as dt

from .model import UNRESOLVED, Timex
from .resolve import resolve_timexes
from .tagger import find_timexes


def tag(text: str, dct: dt.date | None) -> list[Timex]:
    """Find and resolve in one call."""
    return resolve_timexes(text, find_timexes(text), dct)


from .docdate import DateConstraints, date_constraints, infer_published  # noqa: E402

__all__ = [
    "Timex", "UNRESOLVED", "find_timexes", "resolve_timexes", "tag",
    "infer_published", "date_constraints", "DateConstraints",
]
