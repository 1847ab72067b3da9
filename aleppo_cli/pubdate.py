"""Publication dates given as metadata: parsed without loading any extraction stage,
so a cached command never imports the pipeline."""

from __future__ import annotations

import datetime as dt
import re

from aleppo_cli.models import PublishedDate

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> tuple[str, str] | None:
    """An ISO value and its precision from a metadata date string, or None."""
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return value, "year"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value, "month"
    if _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat(), "day"
        except ValueError:
            return None
    from dateutil import parser as du_parser

    try:
        return du_parser.parse(value, fuzzy=False).date().isoformat(), "day"
    except (ValueError, OverflowError):
        return None


def metadata_date(value: str | None) -> PublishedDate:
    if not value:
        return PublishedDate(None, None, "unknown", 0.0, [])
    parsed = parse_date(value)
    if parsed is None:
        return PublishedDate(None, None, "unknown", 0.0, [f"unreadable metadata date {value!r}"])
    iso, precision = parsed
    return PublishedDate(iso, precision, "metadata", 1.0, [f"metadata published: {value}"])


def iso_day(value: str | None) -> dt.date | None:
    """The day a ``YYYY-MM-DD...`` value names, or None for anything coarser or invalid."""
    if not value or not _ISO_DAY.match(value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
