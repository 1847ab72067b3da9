"""The alias table: world knowledge that no article states (ISIS = Islamic State).

Format (``aleppo_cli/data/aliases.json``, user files given with ``--aliases``)
is documented in ``docs/aliases.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


class AliasError(ValueError):
    """A malformed alias file (message names the file and the entry)."""


@dataclass(slots=True)
class AliasEntry:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "aliases": list(self.aliases)}


@dataclass(slots=True)
class AliasTable:
    entries: list[AliasEntry]
    by_surface: dict[str, AliasEntry]  # exact surface form -> entry
    by_folded: dict[str, AliasEntry]  # casefolded surface form -> entry

    def find(self, surface: str) -> AliasEntry | None:
        return self.by_surface.get(surface) or self.by_folded.get(_fold(surface))

    def to_dict(self) -> dict[str, Any]:
        return {"entities": [e.to_dict() for e in self.entries]}


_TYPES = {"PERSON", "ORG", "LOC", "NORP", "MISC"}


def _fold(s: str) -> str:
    s = s.casefold().replace("’", "'").strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _parse(raw: Any, where: str) -> list[AliasEntry]:
    items = raw.get("entities") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise AliasError(f"{where}: expected an object with an \"entities\" list")
    out = []
    for k, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise AliasError(f"{where}: entry {k}: needs a \"name\" string")
        typ = item.get("type", "MISC")
        if typ not in _TYPES:
            raise AliasError(f"{where}: entry {k} ({item['name']}): type must be one of {sorted(_TYPES)}")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise AliasError(f"{where}: entry {k} ({item['name']}): \"aliases\" must be a list of strings")
        out.append(AliasEntry(item["name"], typ, aliases))
    return out


def _build(entries: list[AliasEntry]) -> AliasTable:
    by_surface: dict[str, AliasEntry] = {}
    by_folded: dict[str, AliasEntry] = {}
    for e in entries:  # later entries (user files) win
        for s in (e.name, *e.aliases):
            by_surface[s] = e
            # short all-caps forms ("IS", "UN", "AP") only match exactly: "is", "un" are words
            if not (s.isupper() and len(s) <= 3):
                by_folded[_fold(s)] = e
    return AliasTable(entries, by_surface, by_folded)


@lru_cache(maxsize=1)
def _builtin() -> tuple[AliasEntry, ...]:
    raw = resources.files("aleppo_cli.data").joinpath("aliases.json").read_text(encoding="utf-8")
    return tuple(_parse(json.loads(raw), "aliases.json"))


def load_aliases(extra_path: str | None = None) -> AliasTable:
    """The shipped alias table, extended (and overridden) by a user file."""
    entries = list(_builtin())
    if extra_path:
        path = Path(extra_path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise AliasError(f"{extra_path}: cannot read: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise AliasError(f"{extra_path}: line {exc.lineno}: invalid JSON: {exc.msg}") from exc
        entries.extend(_parse(raw, extra_path))
    return _build(entries)


@lru_cache(maxsize=1)
def known_names() -> dict[str, str]:
    """Surface form -> type for recognition (shipped aliases only: recognition is per document)."""
    out: dict[str, str] = {}
    for e in _builtin():
        for s in (e.name, *e.aliases):
            out[s] = e.type
    return out
