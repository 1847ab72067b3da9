"""What each command shows: records (the JSON form) and the columns of its table."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aleppo_cli.models import DocRecord
from aleppo_cli.render import Column


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def documents(records: list[DocRecord]) -> tuple[list[dict[str, Any]], list[Column]]:
    rows = []
    for rec in records:
        counts = Counter(s.label for s in rec.segments)
        rows.append({
            "id": rec.id,
            "title": rec.title,
            "outlet": rec.source,
            "published": rec.published.to_dict(),
            "words": len(rec.text.split()),
            "segments": {label: counts.get(label, 0)
                         for label in ("body", "caption", "related", "boilerplate")},
        })
    columns = [
        Column("id", "ID", style="cyan"),
        Column("title", "Title", max_width=48),
        Column("outlet", "Outlet"),
        Column("published", "Published", get=lambda r: r["published"]["value"]),
        Column("method", "How", style="dim", get=lambda r: r["published"]["method"]),
        Column("words", "Words", justify="right"),
        Column("body", "Body", justify="right", get=lambda r: r["segments"]["body"]),
        Column("caption", "Capt.", justify="right", get=lambda r: r["segments"]["caption"]),
        Column("related", "Rel.", justify="right", get=lambda r: r["segments"]["related"]),
        Column("boilerplate", "Boil.", justify="right",
               get=lambda r: r["segments"]["boilerplate"]),
    ]
    return rows, columns


def segments(rec: DocRecord) -> tuple[list[dict[str, Any]], list[Column]]:
    rows = [{**s.to_dict(), "text": rec.text[s.start:s.end]} for s in rec.segments]
    columns = [
        Column("label", "Label", style="bold"),
        Column("start", "Start", justify="right"),
        Column("end", "End", justify="right"),
        Column("rule", "Rule", style="dim"),
        Column("text", "Text", get=lambda r: _clip(r["text"])),
    ]
    return rows, columns
