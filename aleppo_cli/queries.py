"""Queries over the index: what each command asks, as plain records (the JSON form)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from aleppo_cli.index import Index, QueryError
from aleppo_cli.views import entity_rows

ENTITY_TYPES = ("PERSON", "ORG", "LOC", "NORP", "MISC")


def find_entity(index: Index, name: str) -> Any:
    """The entity a name means, or QueryError naming the closest candidates."""
    result = index.lookup(name)  # entities.lookup; a cached index narrows it first
    if result.found:
        return result.entity
    names = ", ".join(f"{e.name} ({e.type})" for e in result.candidates[:5])
    if result.status == "ambiguous":
        raise QueryError(f"{name!r} is ambiguous: {names}")
    hint = f"; did you mean {names}?" if names else ""
    raise QueryError(f"no entity {name!r}{hint}")


def entities(index: Index, *, type_: str | None = None, top: int | None = None,
             min_docs: int = 1) -> list[dict[str, Any]]:
    """Canonical entities, most mentioned first.  Without --type, one-off MISC names
    and names that occur only in page furniture (photo credits, bylines, promos) are
    left out."""
    chosen = []
    for e in index.entities:
        if type_ and e.type != type_:
            continue
        if not type_ and ((e.type == "MISC" and len(e.mentions) < 2)
                          or _furniture_only(index, e)):
            continue
        if len(e.docs) < min_docs:
            continue
        chosen.append(e)
    chosen.sort(key=lambda e: (-len(e.mentions), -len(e.docs), e.name))
    if top:
        chosen = chosen[:top]
    return entity_rows(chosen, _names(index))


_FURNITURE = frozenset({"caption", "byline", "boilerplate"})


def _furniture_only(index: Index, entity: Any) -> bool:
    for doc_id, start, _ in entity.mentions:
        label = next((seg.label for seg in index.by_id[doc_id].segments
                      if seg.start <= start < seg.end), "body")
        if label not in _FURNITURE:
            return False
    return True


def _names(index: Index) -> dict[str, str]:
    return index.entity_names()


def who(index: Index, name: str) -> dict[str, Any]:
    entity = find_entity(index, name)
    names = _names(index)
    per_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, start, end in entity.mentions:
        per_doc[doc_id].append((start, end))
    mentions = []
    dates = []
    for doc_id, spans in per_doc.items():
        rec = index.by_id[doc_id]
        if rec.published.value:
            dates.append(rec.published.value)
        mentions.append({
            "doc": doc_id,
            "published": rec.published.value,
            "count": len(spans),
            "sentences": [rec.text[s:e] for s, e in _sentences_of(rec, spans)],
        })
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "roles": [{"role": r, "affiliation": names.get(a, a), "affiliation_id": a, "doc": d,
                   "span": list(s)} for r, a, d, s in entity.roles],
        "documents": len(entity.docs),
        "first_mentioned": min(dates) if dates else None,
        "last_mentioned": max(dates) if dates else None,
        "mentions": mentions,
        "co_mentioned": _co_mentioned(index, entity, names),
        "quotes": quotes(index, entity_id=entity.id),
        "events": [_event_row(e) for e in index.events_of(entity.id)],
    }


def _sentences_of(rec: Any, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in rec.sentences:
        if any(s <= a < e for a, _ in spans):
            out.append((s, e))
    return out


def _co_mentioned(index: Index, entity: Any, names: dict[str, str], top: int = 8
                  ) -> list[dict[str, Any]]:
    """Entities named in the same sentences, most often first."""
    counts: Counter[str] = Counter()
    for doc_id in entity.docs:
        rec = index.by_id[doc_id]
        own = [(m.start, m.end) for m in rec.entities if m.entity == entity.id]
        sentences = _sentences_of(rec, own)
        for m in rec.entities:
            if m.entity and m.entity != entity.id and any(s <= m.start < e for s, e in sentences):
                counts[m.entity] += 1
    return [{"id": i, "name": names.get(i, i), "count": n} for i, n in counts.most_common(top)]


def quotes(index: Index, *, entity_id: str | None = None, speaker: str | None = None,
           doc: str | None = None, direct_only: bool = False) -> list[dict[str, Any]]:
    if speaker:
        entity_id = find_entity(index, speaker).id
    if doc:
        index.record(doc)
    names = _names(index)
    rows = []
    for rec, q in index.quote_pairs(entity_id):  # one speaker's: a cached index reads no more
        if doc and rec.id != doc:
            continue
        if direct_only and not q.direct:
            continue
        rows.append({
            "doc": rec.id,
            "date": index.quote_date(rec, q),
            "speaker": names.get(q.entity) or q.speaker,
            "speaker_as_written": q.speaker,
            "entity": q.entity,
            "speaker_kind": q.speaker_kind,
            "cue": q.cue,
            "direct": q.direct,
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "rule": q.rule,
        })
    rows.sort(key=lambda r: (r["date"] or "9999", r["doc"], r["start"]))
    return rows


def claims(index: Index, *, disputed: bool = False, about: str | None = None
           ) -> list[dict[str, Any]]:
    names = _names(index)
    rows = []
    for group_no, group in enumerate(index.claim_groups, 1):
        if disputed and not group.disputed:
            continue
        if about and not _mentions(about, group):
            continue
        for doc_id, c in group.claims:
            rows.append({
                "group": group_no,
                "measure": group.measure,
                "disputed": group.disputed,
                "spread": round(group.spread, 2),
                "value": c.value,
                "unit": c.unit,
                "side": c.side,
                "text": c.text,
                "claimant": names.get(c.entity) or c.claimant,
                "entity": c.entity,
                "date": c.date,
                "doc": doc_id,
                "start": c.start,
                "end": c.end,
                "rule": c.rule,
            })
    return rows


def _mentions(about: str, group: Any) -> bool:
    needle = about.lower()
    return needle in group.measure.lower() or any(
        needle in c.text.lower() or needle in (c.base or "").lower() for _, c in group.claims)


# -- events -------------------------------------------------------------------


def _event_row(e: Any, *, with_sources: bool = True) -> dict[str, Any]:
    return e.to_dict(with_sources=with_sources)


def timeline(index: Index, **filters: Any) -> list[dict[str, Any]]:
    return timeline_page(index, **filters)[0]


def timeline_page(index: Index, *, top: int | None = None, with_sources: bool = True,
                  **filters: Any) -> tuple[list[dict[str, Any]], bool]:
    """The timeline rows, and whether ``top`` left matching events out.  With ``top``
    the index hands the events over most important first and only as many are read
    as it takes.  ``with_sources=False`` leaves out each row's sources (a table does
    not show them, and a big story's top events have hundreds)."""
    from aleppo_cli.timeline import pick_events

    for key in ("entity", "place"):
        if filters.get(key):
            filters[key] = _entity_query(index, filters[key])
    if filters.get("source"):
        index.record(filters["source"])
    if top is None:
        events, more = pick_events(index.events, **filters)
    else:
        events, more = pick_events(index.ranked_events(), top=top, ranked=True, **filters)
    return [_event_row(e, with_sources=with_sources) for e in events], more


def _entity_query(index: Index, name: str) -> str:
    """An entity id when the name is known, else the name itself (matched as text)."""
    result = index.lookup(name)  # entities.lookup; a cached index narrows it first
    return result.entity.id if result.found else name


def show(index: Index, event_id: str) -> dict[str, Any]:
    from aleppo_cli.index import not_found

    event = index.event_by_id.get(event_id)
    if event is None:
        matches = [e for e in index.events if e.id.startswith(event_id)]
        if len(matches) == 1:
            event = matches[0]
        else:
            raise QueryError(not_found("event", event_id, list(index.event_by_id)))
    return _event_row(event)


def dates(index: Index, *, top: int | None = None, include_captions: bool = False
          ) -> list[dict[str, Any]]:
    from aleppo_cli.timeline import rank_dates

    rows = rank_dates(index.events, index.records, top=top, include_captions=include_captions)
    return rows[:top] if top else rows
