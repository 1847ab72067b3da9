"""Per-document extraction: a pure function of one document.

``extract_document`` runs every stage that needs only the document itself
(cleaning, sentences, time expressions, entity mentions and roles, quotes,
claims, events, what the text says about its own date) and returns a
``DocRecord``.  Anything that needs the whole corpus (dates inferred from
other articles, canonical entities, merged events) happens afterwards in
``index``.  Because the result depends only on the document, it is cached by
a hash of the document and ``EXTRACTOR_VERSION``.
"""

from __future__ import annotations

from aleppo_cli.claims import find_claims
from aleppo_cli.clean import clean
from aleppo_cli.entities import find_mentions, find_roles
from aleppo_cli.events import find_events
from aleppo_cli.models import DocRecord, Document
from aleppo_cli.pubdate import metadata_date
from aleppo_cli.quotes import find_quotes
from aleppo_cli.temporal import date_constraints, find_timexes, infer_published
from aleppo_cli.text import split_sentences

# Bump whenever a change alters what extraction produces: it invalidates caches.
EXTRACTOR_VERSION = "2"


def extract_document(doc: Document) -> DocRecord:
    text = doc.text
    cleaned = clean(text)
    segments = cleaned.segments
    sentences = split_sentences(text)
    timexes = find_timexes(text)
    mentions = find_mentions(text, sentences, segments)
    quotes = find_quotes(text, sentences, mentions)
    copies = [(s.start, s.end) for s in segments if s.rule == "repeated-headline"]
    quotes = _outside(quotes, copies)
    constraints = date_constraints(text, segments, timexes)
    published = metadata_date(doc.published)
    if published.value is None:
        published = infer_published(text, segments, timexes, constraints)
    return DocRecord(
        id=doc.id,
        text=text,
        title=doc.title or cleaned.title,
        source=doc.source or cleaned.outlet,
        url=doc.url,
        published=published,
        segments=segments,
        sentences=sentences,
        timexes=timexes,
        entities=mentions,
        roles=find_roles(text, sentences, mentions),
        quotes=quotes,
        claims=_outside(find_claims(text, sentences, quotes, mentions), copies),
        events=_outside(find_events(text, sentences, segments, timexes, mentions, quotes=quotes),
                        copies),
        date_constraints=constraints,
    )


def _outside(items: list, spans: list[tuple[int, int]]) -> list:
    """Items not found in a page's second copy of its headline: the same words again
    are not a second statement, claim or event."""
    if not spans:
        return items
    return [x for x in items if not any(a <= x.start < b for a, b in spans)]
