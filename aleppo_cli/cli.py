"""The ``aleppo`` command: typer glue over the library, nothing else.

Exit status: 0 success (an empty result included), 1 a named thing was not
found, 2 usage or input errors.  Data goes to stdout; warnings, errors and
progress go to stderr.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import typing
from dataclasses import dataclass
from typing import Annotated, Optional

import typer

from aleppo_cli import __version__

app = typer.Typer(
    name="aleppo",
    help="Timeline and entity explorer for news coverage.\n\n"
    "Point it at articles about one story (files, folders, globs, JSON/JSONL, HTML or - for "
    "stdin) and ask what happened when, who is who and who said what.  With no corpus it "
    "uses the five built-in articles on the fall of eastern Aleppo (Nov-Dec 2016).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- shared options ----------------------------------------------------------

CorpusOpt = Annotated[
    Optional[list[str]],
    typer.Option("--corpus", "-c", help="File, folder, glob or - (stdin); repeatable. "
                 "Default: $ALEPPO_CORPUS, else the built-in seeds.", show_default=False),
]
PathsArg = Annotated[
    Optional[list[str]],
    typer.Argument(help="Corpus files, folders or globs (same as --corpus).", show_default=False),
]
FormatOpt = Annotated[
    Optional[str],
    typer.Option("--format", "-f", help="table, json, jsonl or csv "
                 "(default: table on a terminal, plain columns when piped).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="Skip malformed records "
                                          "instead of stopping.")]
PublishedOpt = Annotated[
    Optional[list[str]],
    typer.Option("--published", help="Set a document's date: ID=YYYY-MM-DD; repeatable.",
                 show_default=False),
]

AliasesOpt = Annotated[
    Optional[str],
    typer.Option("--aliases", help="Extra alias file (JSON, see docs/aliases.md).",
                 show_default=False),
]
CacheOpt = Annotated[
    Optional[str],
    typer.Option("--cache", help="Cache file (default: $ALEPPO_CACHE_DIR or the user cache "
                 "folder).", show_default=False),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Extract everything afresh; "
                                          "read and write no cache.")]
JobsOpt = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per core).",
                 show_default=False),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    sys.stderr.write(f"aleppo: error: {message}\n")
    return typer.Exit(code)


def _warn(message: str) -> None:
    sys.stderr.write(f"aleppo: warning: {message}\n")


def _format(fmt: str | None, json_flag: bool, allowed: tuple[str, ...] | None = None) -> str:
    from aleppo_cli.render import FORMATS

    allowed = allowed or FORMATS
    if json_flag:
        return "json"
    if fmt is None:
        return allowed[0]
    fmt = fmt.lower()
    if fmt not in allowed:
        raise _fail(f"--format must be one of {', '.join(allowed)}, not {fmt!r}")
    return fmt


def _corpus_specs(paths: list[str] | None, corpus: list[str] | None) -> list[str]:
    specs = list(paths or []) + list(corpus or [])
    if not specs and os.environ.get("ALEPPO_CORPUS"):
        specs = [s for s in os.environ["ALEPPO_CORPUS"].split(os.pathsep) if s]
    return specs


def _index(paths=None, corpus=None, skip_bad=False, published=None, aliases=None, cache=None,
           no_cache=False, jobs=None):
    from aleppo_cli.corpus import CorpusError
    from aleppo_cli.index import Options, build_index, parse_published_overrides

    try:
        overrides = parse_published_overrides(published or [])
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if aliases and not os.path.isfile(aliases):
        raise _fail(f"--aliases: no such file: {aliases}")
    options = Options(corpus=_corpus_specs(paths, corpus), skip_bad=skip_bad, published=overrides,
                      aliases=aliases, cache=cache, no_cache=no_cache, jobs=jobs)
    from aleppo_cli.runner import ExtractionError

    try:
        index = build_index(options, progress=_progress_callback())
    except CorpusError as exc:
        raise _fail(str(exc)) from None
    except ExtractionError as exc:
        raise _fail(f"{exc} (please report this)", 1) from None
    _report(index.report)
    return index


def _report(report) -> None:
    shown = report.warnings[:20]
    for message in shown:
        _warn(message)
    if len(report.warnings) > len(shown):
        _warn(f"... and {len(report.warnings) - len(shown)} more warnings")
    if report.skipped:
        _warn(f"{report.skipped} file(s) or record(s) skipped")


def _progress_callback():
    """A rich progress bar on stderr, only when stderr is a terminal (and the corpus is
    large enough to wait for); nothing when piped or redirected."""
    if not sys.stderr.isatty():
        return None
    state: dict = {}

    def progress(done: int, total: int) -> None:
        if total < 20:
            return
        if "bar" not in state:
            from rich.progress import Progress

            from aleppo_cli.render import make_console

            state["bar"] = Progress(console=make_console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task("extracting", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state["bar"].stop()

    return progress


@dataclass
class Shared:
    """The options every corpus command takes (added by ``corpus_command``)."""

    corpus: list[str] | None
    fmt: str | None
    json_flag: bool
    skip_bad: bool
    published: list[str] | None
    aliases: str | None
    cache: str | None
    no_cache: bool
    jobs: int | None
    formats: tuple[str, ...] | None = None

    def format(self) -> str:
        return _format(self.fmt, self.json_flag, self.formats)

    def index(self, paths: list[str] | None = None):
        return _index(paths, self.corpus, self.skip_bad, self.published, self.aliases,
                      self.cache, self.no_cache, self.jobs)


# Events `timeline` shows unless told otherwise (--top N, --all).
TIMELINE_TOP = 100

_SHARED_OPTIONS = (
    ("corpus", CorpusOpt, None), ("fmt", FormatOpt, None), ("json_flag", JsonOpt, False),
    ("skip_bad", SkipBadOpt, False), ("published", PublishedOpt, None),
    ("aliases", AliasesOpt, None), ("cache", CacheOpt, None), ("no_cache", NoCacheOpt, False),
    ("jobs", JobsOpt, None),
)


def corpus_command(formats: tuple[str, ...] | None = None):
    """Register a command that reads a corpus: its signature gains the shared options,
    which reach it as one ``shared: Shared`` argument."""

    def decorate(fn):
        own = [p for p in inspect.signature(fn).parameters.values() if p.name != "shared"]
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                   annotation=annotation)
                 for name, annotation, default in _SHARED_OPTIONS]
        hints = typing.get_type_hints(fn, include_extras=True)

        @functools.wraps(fn)
        def command(**kwargs):
            from aleppo_cli.index import StaleResult

            values = {name: kwargs.pop(name) for name, _, _ in _SHARED_OPTIONS}
            try:
                return fn(**kwargs, shared=Shared(**values, formats=formats))
            except StaleResult:
                # Another aleppo cleared or rewrote the cache while this one read it.
                raise _fail("the cache changed while this command read it; run it again",
                            1) from None

        command.__signature__ = inspect.Signature(
            [p.replace(annotation=hints.get(p.name, p.annotation)) for p in own] + added)
        command.__annotations__ = {p.name: p.annotation
                                   for p in command.__signature__.parameters.values()}
        del command.__wrapped__
        return app.command()(command)

    return decorate


# -- commands ----------------------------------------------------------------


@corpus_command()
def docs(
    doc_id: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="Show one document.")] = None,
    segments: Annotated[bool, typer.Option("--segments", help="List the labelled segments "
                                           "of document ID.")] = False,
    explain: Annotated[Optional[str], typer.Option("--explain", metavar="ID",
                       help="Show how document ID's date was worked out.",
                       show_default=False)] = None,
    *,
    shared: Shared,
) -> None:
    """List the documents: title, outlet, date, size and segment counts."""
    from aleppo_cli import views
    from aleppo_cli.index import QueryError
    from aleppo_cli.render import emit

    fmt = shared.format()
    if segments and not doc_id:
        raise _fail("--segments needs a document ID")
    index = shared.index()
    if explain:
        try:
            record = index.record(explain)
        except QueryError as exc:
            raise _fail(str(exc), 1) from None
        rows, columns = views.date_evidence(record)
        emit(rows, columns, fmt, title=f"Publication date of {record.id}",
             json_obj=record.published.to_dict())
        return
    if doc_id:
        try:
            record = index.record(doc_id)
        except QueryError as exc:
            raise _fail(str(exc), 1) from None
        if segments:
            rows, columns = views.segments(record)
            emit(rows, columns, fmt, title=f"Segments of {record.id}")
            return
        rows, columns = views.documents([record])
        emit(rows, columns, fmt, json_obj=rows[0])
        return
    rows, columns = views.documents(index.records)
    emit(rows, columns, fmt, title="Documents", empty_message="no documents")


@corpus_command(formats=("jsonl", "json"))
def extract(
    paths: PathsArg = None,
    *,
    shared: Shared,
) -> None:
    """Write one record per document with every extracted item and its evidence
    (--format jsonl, the default, or json)."""
    from aleppo_cli.render import dumps

    fmt = shared.format()
    index = shared.index(paths)
    _run_query(lambda: index.entities)  # mentions, quotes and claims get their entity ids
    records = (r.to_dict() for r in index.records)
    if fmt == "json":
        sys.stdout.write(dumps(list(records)) + "\n")
        return
    import json

    for rec in records:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _run_query(fn):
    """Run a query: unknown names exit 1, a bad alias file exits 2."""
    from aleppo_cli.entities import AliasError
    from aleppo_cli.index import QueryError

    try:
        return fn()
    except QueryError as exc:
        raise _fail(str(exc), 1) from None
    except AliasError as exc:
        raise _fail(str(exc)) from None


@corpus_command()
def entities(
    paths: PathsArg = None,
    type_: Annotated[Optional[str], typer.Option("--type", "-t", help="PERSON, ORG, LOC, NORP "
                     "or MISC.", show_default=False)] = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Show the N most "
                   "mentioned.", show_default=False)] = None,
    min_docs: Annotated[int, typer.Option("--min-docs", min=1, help="Only entities named in at "
                        "least N documents.")] = 1,
    *,
    shared: Shared,
) -> None:
    """Who and what the articles talk about, merged across spellings and documents."""
    from aleppo_cli import queries, views
    from aleppo_cli.render import emit

    fmt = shared.format()
    if type_ and type_.upper() not in queries.ENTITY_TYPES:
        raise _fail(f"--type must be one of {', '.join(queries.ENTITY_TYPES)}, not {type_!r}")
    index = shared.index(paths)
    rows = _run_query(lambda: queries.entities(index, type_=type_ and type_.upper(), top=top,
                                               min_docs=min_docs))
    emit(rows, views.ENTITY_COLUMNS, fmt, title="Entities", empty_message="no entities")


@corpus_command(formats=("table", "json"))
def who(
    name: Annotated[str, typer.Argument(help="Any name or spelling of the entity.")],
    *,
    shared: Shared,
) -> None:
    """Everything about one person, organisation or place: roles, mentions, quotes, events."""
    from aleppo_cli import queries, views
    from aleppo_cli.render import dumps, print_text

    fmt = shared.format()
    index = shared.index()
    data = _run_query(lambda: queries.who(index, name))
    if fmt == "json":
        sys.stdout.write(dumps(data) + "\n")
        return
    print_text(views.who_lines(data))


@corpus_command()
def quotes(
    paths: PathsArg = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", "-s", help="Only this speaker "
                       "(any spelling).", show_default=False)] = None,
    doc: Annotated[Optional[str], typer.Option("--doc", "-d", help="Only this document.",
                   show_default=False)] = None,
    direct: Annotated[bool, typer.Option("--direct", help="Only direct quotes.")] = False,
    *,
    shared: Shared,
) -> None:
    """Who said what: direct quotes and reported statements, in date order."""
    from aleppo_cli import queries, views
    from aleppo_cli.render import emit

    fmt = shared.format()
    index = shared.index(paths)
    rows = _run_query(lambda: queries.quotes(index, speaker=speaker, doc=doc,
                                             direct_only=direct))
    emit(rows, views.QUOTE_COLUMNS, fmt, title="Quotes", empty_message="no quotes")


@corpus_command()
def claims(
    paths: PathsArg = None,
    disputed: Annotated[bool, typer.Option("--disputed", help="Only measures the sources "
                        "disagree on.")] = False,
    about: Annotated[Optional[str], typer.Option("--about", help="Only claims whose measure or "
                     "text contains TEXT.", show_default=False)] = None,
    *,
    shared: Shared,
) -> None:
    """Numbers the sources give (shares, counts, areas), grouped by what they measure."""
    from aleppo_cli import queries, views
    from aleppo_cli.render import emit

    fmt = shared.format()
    index = shared.index(paths)
    rows = _run_query(lambda: queries.claims(index, disputed=disputed, about=about))
    emit(rows, views.CLAIM_COLUMNS, fmt, title="Claims", empty_message="no claims")


@corpus_command()
def timeline(
    paths: PathsArg = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="Start date (YYYY, "
                         "YYYY-MM or YYYY-MM-DD).", show_default=False)] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="End date.",
                       show_default=False)] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", "-e", help="Only events with "
                      "this participant.", show_default=False)] = None,
    place: Annotated[Optional[str], typer.Option("--place", "-p", help="Only events at this "
                     "place.", show_default=False)] = None,
    cls: Annotated[Optional[str], typer.Option("--class", help="CONFLICT, MOVEMENT, DIPLOMACY, "
                   "HUMANITARIAN, STATEMENT, ...", show_default=False)] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only events reported by "
                      "document ID.", show_default=False)] = None,
    min_sources: Annotated[int, typer.Option("--min-sources", min=1, help="Only events reported "
                           "by at least N documents.")] = 1,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Keep the N most "
                   "important events (by independent sources, then mentions).  Default: "
                   f"{TIMELINE_TOP}.", show_default=False)] = None,
    all_events: Annotated[bool, typer.Option("--all", "-a", help="Every matching event, "
                          "however many.")] = False,
    include_captions: Annotated[bool, typer.Option("--include-captions", help="Also events "
                                "from photo captions and related links.")] = False,
    *,
    shared: Shared,
) -> None:
    """What happened when, merged across sources, in date order.

    A large corpus has far more events than anyone reads in a terminal: it shows
    the most important (--top) and says on stderr when it left some out; --all
    lists every one.
    """
    from aleppo_cli import queries, views
    from aleppo_cli.render import emit

    fmt = shared.format()
    for label, value in (("--from", date_from), ("--to", date_to)):
        if value and not _is_partial_date(value):
            raise _fail(f"{label} expects YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    if top is not None and all_events:
        raise _fail("use either --top or --all, not both")
    limit = None if all_events else (top or TIMELINE_TOP)
    index = shared.index(paths)
    rows, more = _run_query(lambda: queries.timeline_page(
        index, date_from=date_from, date_to=date_to, entity=entity, place=place,
        cls=cls and cls.upper(), source=source, min_sources=min_sources, top=limit,
        include_captions=include_captions, with_sources=fmt in ("json", "jsonl")))
    emit(rows, views.EVENT_COLUMNS, fmt, title="Timeline", empty_message="no events")
    if more and top is None:
        sys.stderr.write(f"aleppo: showing the {limit} most important events; --all lists "
                         "every one, --top N another number\n")


def _is_partial_date(value: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value))


@corpus_command(formats=("table", "json"))
def show(
    event_id: Annotated[str, typer.Argument(help="An event id from the timeline (a unique "
                        "prefix is enough).")],
    *,
    shared: Shared,
) -> None:
    """One event: every source sentence, with trigger, participants and time marked."""
    from aleppo_cli import queries, views
    from aleppo_cli.render import dumps, print_text

    fmt = shared.format()
    index = shared.index()
    data = _run_query(lambda: queries.show(index, event_id))
    if fmt == "json":
        sys.stdout.write(dumps(data) + "\n")
        return
    print_text(views.event_lines(data, index))


@corpus_command()
def dates(
    paths: PathsArg = None,
    top: Annotated[Optional[int], typer.Option("--top", "-k", min=1, help="Show the K best "
                   "days.", show_default=False)] = None,
    include_captions: Annotated[bool, typer.Option("--include-captions", help="Count events "
                                "from captions and related links too.")] = False,
    *,
    shared: Shared,
) -> None:
    """The days the corpus says most about, best first (day-precision dates first)."""
    from aleppo_cli import queries, views
    from aleppo_cli.render import emit, is_terminal, print_text

    fmt = shared.format()
    index = shared.index(paths)
    rows = _run_query(lambda: queries.dates(index, top=top, include_captions=include_captions))
    if fmt == "table" and rows and is_terminal():
        print_text(views.date_bars(rows))
        return
    emit(rows, views.DATE_COLUMNS, fmt, title="Dates", empty_message="no dates")


cache_app = typer.Typer(help="Inspect or clear the extraction cache.", no_args_is_help=True,
                        add_completion=False, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(
    cache: CacheOpt = None,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
) -> None:
    """Where the cache is, how big it is and how many records it holds."""
    from aleppo_cli.cache import Cache, default_cache_path
    from aleppo_cli.render import Column, emit

    fmt = _format(fmt, json_flag)
    with Cache(cache or default_cache_path()) as store:
        info = store.info()
    rows = [{"key": k, "value": v} for k, v in info.items()]
    emit(rows, [Column("key", "Key", style="bold"), Column("value", "Value")], fmt,
         title="Cache", json_obj=info)


@cache_app.command("clear")
def cache_clear(cache: CacheOpt = None) -> None:
    """Delete every cached record."""
    from aleppo_cli.cache import Cache, default_cache_path

    try:
        with Cache(cache or default_cache_path()) as store:
            removed = store.clear()
    except OSError as exc:
        raise _fail(f"cannot clear the cache: {exc}") from None
    sys.stderr.write(f"removed {removed} cached record(s)\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"aleppo {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Timeline and entity explorer for news coverage."""


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # `aleppo ... | head`: the reader left; end quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("aleppo: interrupted\n")
        sys.exit(130)
