"""Output: rich tables on a terminal, plain columns when piped, JSON, JSONL and CSV.

Every command hands over a list of records (plain dicts, the JSON form) and the
columns of its table view; this module decides how they reach stdout.  Text
taken from documents is data: it goes into ``rich.text.Text`` objects (never
parsed as markup) and terminal control characters are removed before display.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\x1b\[[0-?]*[ -/]*[@-~]")


def safe(value: Any) -> str:
    """Display form of any value: no escape sequences, no control characters."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(safe(v) for v in value)
    return _CONTROL.sub("", str(value).replace("\t", " ").replace("\r\n", " ").replace("\n", " "))


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    style: str | None = None
    justify: str = "left"
    max_width: int | None = None
    get: Callable[[dict[str, Any]], Any] | None = None

    def value(self, record: dict[str, Any]) -> Any:
        return self.get(record) if self.get else record.get(self.key)


def color_enabled(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def emit(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    title: str | None = None,
    empty_message: str = "nothing found",
    out: TextIO | None = None,
    json_obj: Any = None,
) -> None:
    """Write ``records`` in ``fmt``; ``json_obj`` replaces the list for ``json``."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(dumps(records if json_obj is None else json_obj) + "\n")
    elif fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        write_csv(records, columns, out)
    elif not records:
        sys.stderr.write(empty_message + "\n")
    elif is_terminal(out):
        print_table(records, columns, title=title, out=out)
    else:
        write_plain(records, columns, out)


def write_csv(records: Iterable[dict[str, Any]], columns: Sequence[Column], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for rec in records:
        writer.writerow([_csv_value(c.value(rec)) for c in columns])


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(safe(v) for v in value)
    return "" if value is None else (safe(value) if isinstance(value, str) else value)


def write_plain(records: Iterable[dict[str, Any]], columns: Sequence[Column], out: TextIO) -> None:
    """Tab-separated lines with a header: what ``cut``, ``sort`` and ``head`` expect."""
    out.write("\t".join(c.key for c in columns) + "\n")
    for rec in records:
        out.write("\t".join(safe(c.value(rec)) for c in columns) + "\n")


def make_console(out: TextIO | None = None, stderr: bool = False):
    from rich.console import Console

    stream = out or (sys.stderr if stderr else sys.stdout)
    color = color_enabled(stream)
    return Console(file=stream, no_color=not color, color_system="auto" if color else None,
                   highlight=False, emoji=False, markup=False, soft_wrap=False)


def table_box():
    from rich import box

    return box.ROUNDED if color_enabled() else box.ASCII


def print_table(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    out: TextIO | None = None,
) -> None:
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    color = color_enabled(out)
    table = Table(title=Text(title) if title else None, box=table_box(), show_lines=False,
                  header_style="bold" if color else None)
    for col in columns:
        table.add_column(Text(col.header), justify=col.justify, max_width=col.max_width,
                         style=col.style if color else None, overflow="fold")
    for rec in records:
        table.add_row(*(Text(safe(col.value(rec))) for col in columns))
    console.print(table)


def print_text(lines: Iterable[Any], out: TextIO | None = None) -> None:
    """Print renderables or plain strings (plain strings are data, not markup)."""
    from rich.text import Text

    console = make_console(out)
    for line in lines:
        console.print(Text(safe(line)) if isinstance(line, str) else line)


def to_string(records: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str) -> str:
    buf = io.StringIO()
    emit(records, columns, fmt, out=buf)
    return buf.getvalue()
