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


# -- entities -----------------------------------------------------------------


def entity_rows(entities: list[Any], names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for e in entities:
        role = e.main_role()
        rows.append({
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": [a for a in e.aliases if a != e.name],
            "mentions": len(e.mentions),
            "documents": len(e.docs),
            "role": _role_text(role, names) if role else None,
        })
    return rows


def _role_text(role: tuple[str, str | None], names: dict[str, str]) -> str:
    title, affiliation = role
    return f"{title}, {names.get(affiliation, affiliation)}" if affiliation else title


ENTITY_COLUMNS = [
    Column("name", "Name", style="bold"),
    Column("type", "Type", style="cyan"),
    Column("mentions", "Mentions", justify="right"),
    Column("documents", "Docs", justify="right"),
    Column("role", "Role", max_width=40),
    Column("aliases", "Also written", max_width=40),
    Column("id", "ID", style="dim"),
]


# -- quotes -------------------------------------------------------------------


QUOTE_COLUMNS = [
    Column("date", "Date"),
    Column("speaker", "Speaker", style="bold", max_width=28),
    Column("cue", "Cue", style="dim"),
    Column("direct", "Kind", get=lambda r: "direct" if r["direct"] else "indirect"),
    Column("text", "Text", get=lambda r: _clip(r["text"], 90)),
    Column("doc", "Doc", style="dim"),
]


CLAIM_COLUMNS = [
    Column("measure", "Measure", max_width=34),
    Column("value", "Value", justify="right", get=lambda r: _claim_value(r)),
    Column("as_written", "As written", get=lambda r: _clip(r["text"], 40)),
    Column("claimant", "Claimed by", max_width=28),
    Column("date", "Date"),
    Column("disputed", "Disputed", get=lambda r: "yes" if r["disputed"] else ""),
    Column("doc", "Doc", style="dim"),
]


def _claim_value(r: dict[str, Any]) -> str:
    value = r["value"]
    number = f"{value:g}"
    if r["unit"] == "percent":
        side = f" {r['side']}" if r.get("side") else ""
        return f"{number}%{side}"
    return f"{number} {r['unit']}"


# -- events -------------------------------------------------------------------


def display_date(value: str | None, precision: str | None) -> str:
    """"Mon 2016-12-12", "Nov 2016", "2012": never a fake day for a coarse date."""
    import datetime as dt

    if not value:
        return "undated"
    if precision == "day":
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%a %Y-%m-%d")
        except ValueError:
            return value
    if precision == "month" and len(value) >= 7:
        try:
            return dt.date(int(value[:4]), int(value[5:7]), 1).strftime("%b %Y")
        except ValueError:
            return value
    return value


EVENT_COLUMNS = [
    Column("when", "When", get=lambda r: display_date(r["date"], r["precision"])),
    Column("class", "Class", style="cyan"),
    Column("summary", "What happened", max_width=70,
           get=lambda r: ("[disputed] " if r["disputed"] else "") + r["summary"]),
    Column("sources", "Src", justify="right", get=lambda r: r["source_count"]),
    Column("independent", "Indep.", justify="right",
           get=lambda r: r["independent_source_count"]),
    Column("id", "ID", style="dim"),
]


DATE_COLUMNS = [
    Column("date", "Date", get=lambda r: display_date(r["date"], r["precision"])),
    Column("score", "Score", justify="right", get=lambda r: f"{r['score']:.2f}"),
    Column("events", "Events", justify="right",
           get=lambda r: len(r["events"]) if isinstance(r.get("events"), list) else r.get("events")),
    Column("sources", "Sources", justify="right",
           get=lambda r: len(r["sources"]) if isinstance(r.get("sources"), list) else r.get("sources")),
]


# -- detail views (terminal) ----------------------------------------------------


def date_evidence(rec: DocRecord) -> tuple[list[dict[str, Any]], list[Column]]:
    pub = rec.published
    rows = [{"step": "result", "detail": f"{pub.value} ({pub.precision}) by {pub.method}, "
             f"confidence {pub.confidence:.2f}" if pub.value else "unknown"}]
    rows += [{"step": str(n), "detail": line} for n, line in enumerate(pub.evidence, 1)]
    return rows, [Column("step", "Step", style="dim"), Column("detail", "Evidence")]


def _heading(text: str):
    from rich.text import Text

    return Text(text, style="bold underline")


def _line(label: str, value: Any):
    from rich.text import Text

    from aleppo_cli.render import safe

    line = Text(f"{label}: ", style="bold")
    line.append(safe(value))
    return line


def who_lines(d: dict[str, Any]) -> list[Any]:
    from rich.text import Text

    out: list[Any] = [Text(f"{d['name']}", style="bold"), _line("type", d["type"]),
                      _line("id", d["id"])]
    if len(d["aliases"]) > 1:
        out.append(_line("also written", ", ".join(a for a in d["aliases"] if a != d["name"])))
    out.append(_line("documents", d["documents"]))
    if d["first_mentioned"]:
        out.append(_line("mentioned", f"{d['first_mentioned']} to {d['last_mentioned']}"))
    if d["roles"]:
        out += ["", _heading("Roles")]
        seen = set()
        for r in d["roles"]:
            key = (r["role"], r["affiliation"], r["doc"])
            if key not in seen:
                seen.add(key)
                aff = f", {r['affiliation']}" if r["affiliation"] else ""
                out.append(f"  {r['role']}{aff}  [{r['doc']}]")
    if d["quotes"]:
        out += ["", _heading(f"Quotes and statements ({len(d['quotes'])})")]
        for q in d["quotes"]:
            mark = "\u201c" + _clip(q["text"], 110) + "\u201d" if q["direct"] else _clip(q["text"], 110)
            out.append(f"  {q['date'] or '?'}  {mark}  ({q['cue'] or ''}, {q['doc']})")
    if d["events"]:
        out += ["", _heading(f"Events ({len(d['events'])})")]
        for e in d["events"]:
            out.append(f"  {display_date(e['date'], e['precision'])}  {e['summary']}  [{e['id']}]")
    out += ["", _heading("Mentions")]
    for m in d["mentions"]:
        out.append(f"  {m['doc']} ({m['published'] or 'undated'}): {m['count']} mention(s)")
        for sentence in m["sentences"][:3]:
            out.append("    " + _clip(sentence, 120))
    if d["co_mentioned"]:
        out += ["", _heading("Mentioned with")]
        out.append("  " + ", ".join(f"{c['name']} ({c['count']})" for c in d["co_mentioned"]))
    return out


def event_lines(d: dict[str, Any], index: Any) -> list[Any]:
    from rich.text import Text

    out: list[Any] = [
        Text(d["summary"], style="bold"),
        _line("id", d["id"]),
        _line("when", display_date(d["date"], d["precision"]) + f" ({d['precision']})"),
        _line("class", f"{d['class']} / {d['kind']}"),
        _line("sources", f"{d['source_count']} ({d['independent_source_count']} independent)"),
    ]
    if d["disputed"]:
        out.append(_line("status", "disputed"))
    for n, src in enumerate(d["sources"], 1):
        ev = src["event"]
        rec = index.by_id[src["doc_id"]]
        out += ["", _heading(f"Source {n}: {src['doc_id']} ({src['outlet'] or 'outlet unknown'})")]
        out.append(_marked_sentence(rec.text, src["sentence"], ev))
        time = ev.get("time")
        how = {"clause": "time expression in the clause", "sentence": "time expression in "
               "the sentence", "relative": "relative to another dated expression",
               "published": "reported on the publication date"}.get(ev["time_source"],
                                                                     ev["time_source"])
        detail = f"{ev['date']} ({ev['precision']}): {how}"
        if time:
            detail += f" — {time.get('text')!r} = {time.get('value')}"
        out.append(_line("  dated", detail))
        if ev.get("attribution"):
            out.append(_line("  according to", ev["attribution"]))
        if ev["modality"] != "asserted":
            out.append(_line("  modality", ev["modality"]))
    return out


def _marked_sentence(text: str, sentence: list[int], ev: dict[str, Any]):
    """The sentence with trigger, participants and time styled by offset (no markup)."""
    from rich.text import Text

    from aleppo_cli.render import safe

    start, end = sentence
    line = Text("  " + safe(text[start:end]))
    shift = 2 - start

    def mark(s: int | None, e: int | None, style: str) -> None:
        if s is not None and e is not None and start <= s < e <= end:
            line.stylize(style, s + shift, e + shift)

    mark(ev["trigger_start"], ev["trigger_end"], "bold red")
    for group, style in (("actors", "bold cyan"), ("targets", "bold magenta"),
                         ("places", "bold green")):
        for p in ev[group]:
            mark(p["start"], p["end"], style)
    time = ev.get("time") or {}
    mark(time.get("start"), time.get("end"), "bold yellow")
    return line


def date_bars(rows: list[dict[str, Any]], width: int = 40) -> list[Any]:
    from rich.text import Text

    top = max(r["score"] for r in rows) or 1.0
    out = []
    for r in rows:
        bar = "\u2588" * max(1, round(width * r["score"] / top))
        line = Text(f"{display_date(r['date'], r['precision']):>15}  ")
        line.append(bar, style="cyan")
        line.append(f" {r['score']:.2f}")
        out.append(line)
    return out
