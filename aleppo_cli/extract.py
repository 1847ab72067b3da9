"""Per-document extraction: a pure function of one document.

``extract_document`` runs every stage that needs only the document itself
(cleaning, sentences, time expressions, entity mentions, quotes, claims,
events) and returns a ``DocRecord``.  Anything that needs the whole corpus
(publication dates inferred from other articles, canonical entities, merged
events) happens afterwards in ``index``.  Because the result depends only on
the text, it can be cached by a hash of the text and ``EXTRACTOR_VERSION``.
"""

from __future__ import annotations

import datetime as dt
import re

from aleppo_cli.clean import clean
from aleppo_cli.models import DocRecord, Document, PublishedDate
from aleppo_cli.text import split_sentences

# Bump whenever a change alters what extraction produces: it invalidates caches.
EXTRACTOR_VERSION = "1"


def extract_document(doc: Document) -> DocRecord:
    cleaned = clean(doc.text)
    sentences = split_sentences(doc.text)
    return DocRecord(
        id=doc.id,
        text=doc.text,
        title=doc.title or cleaned.title,
        source=doc.source or cleaned.outlet,
        url=doc.url,
        published=metadata_date(doc.published),
        segments=cleaned.segments,
        sentences=sentences,
    )


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
