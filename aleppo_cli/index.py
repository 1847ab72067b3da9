"""The corpus index: per-document records plus everything derived across documents.

Building it loads the corpus, extracts each document (``extract``), then applies
corpus-level steps on demand: publication dates that need other articles,
canonical entities, merged events and claim groups.  Commands query the index
and never repeat extraction work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from aleppo_cli.corpus import LoadReport, load_corpus
from aleppo_cli.extract import extract_document, parse_date
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
    out: dict[str, str] = {}
    for item in values:
        doc_id, sep, date = item.partition("=")
        if not sep or not doc_id or not date:
            raise ValueError(f"--published expects ID=YYYY-MM-DD, got {item!r}")
        if parse_date(date) is None:
            raise ValueError(f"--published {item!r}: {date!r} is not a date")
        out[doc_id] = date
    return out


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
            raise QueryError(_not_found("document", doc_id, list(self.by_id))) from None


def _not_found(kind: str, name: str, candidates: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no {kind} {name!r}{hint}"


def build_index(options: Options, progress: Callable[[int, int], None] | None = None) -> Index:
    docs, report = load_corpus(options.corpus, skip_bad=options.skip_bad)
    unknown = sorted(set(options.published) - {d.id for d in docs})
    if unknown:
        report.warn(f"--published names unknown document(s): {', '.join(unknown)}")
    records = []
    for n, doc in enumerate(docs, 1):
        records.append(extract_document(doc))
        if progress:
            progress(n, len(docs))
    for rec in records:
        override = options.published.get(rec.id)
        if override:
            iso, precision = parse_date(override)
            rec.published = PublishedDate(iso, precision, "command-line", 1.0,
                                          [f"--published {rec.id}={override}"])
    return Index(records, report, options)
