"""The ``aleppo`` command: typer glue over the library, nothing else.

Exit status: 0 success (an empty result included), 1 a named thing was not
found, 2 usage or input errors.  Data goes to stdout; warnings, errors and
progress go to stderr.
"""

from __future__ import annotations

import os
import sys
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


def _index(paths=None, corpus=None, skip_bad=False, published=None):
    from aleppo_cli.corpus import CorpusError
    from aleppo_cli.index import Options, build_index, parse_published_overrides

    try:
        overrides = parse_published_overrides(published or [])
    except ValueError as exc:
        raise _fail(str(exc)) from None
    options = Options(corpus=_corpus_specs(paths, corpus), skip_bad=skip_bad, published=overrides)
    try:
        index = build_index(options, progress=_progress_callback())
    except CorpusError as exc:
        raise _fail(str(exc)) from None
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
    """A progress line on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        if total >= 20:
            end = "\n" if done == total else ""
            sys.stderr.write(f"\rextracting {done}/{total}{end}")
            sys.stderr.flush()

    return progress


# -- commands ----------------------------------------------------------------


@app.command()
def docs(
    doc_id: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="Show one document.")] = None,
    segments: Annotated[bool, typer.Option("--segments", help="List the labelled segments "
                                           "of document ID.")] = False,
    corpus: CorpusOpt = None,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    skip_bad: SkipBadOpt = False,
    published: PublishedOpt = None,
) -> None:
    """List the documents: title, outlet, date, size and segment counts."""
    from aleppo_cli import views
    from aleppo_cli.index import QueryError
    from aleppo_cli.render import emit

    fmt = _format(fmt, json_flag)
    if segments and not doc_id:
        raise _fail("--segments needs a document ID")
    index = _index(corpus=corpus, skip_bad=skip_bad, published=published)
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


@app.command()
def extract(
    paths: PathsArg = None,
    corpus: CorpusOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or json.")] = "jsonl",
    json_flag: JsonOpt = False,
    skip_bad: SkipBadOpt = False,
    published: PublishedOpt = None,
) -> None:
    """Write one record per document with every extracted item and its evidence."""
    from aleppo_cli.render import dumps

    fmt = _format(fmt, json_flag, ("jsonl", "json"))
    index = _index(paths, corpus, skip_bad, published)
    records = (r.to_dict() for r in index.records)
    if fmt == "json":
        sys.stdout.write(dumps(list(records)) + "\n")
        return
    import json

    for rec in records:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")


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
