"""Word lists for entity recognition, loaded lazily once from ``aleppo_cli/data``.

``entities_places.tsv``, ``entities_first_names.txt``, ``entities_surnames.txt``
and ``entities_common_words.txt`` are derived from packages by ``build_data.py``;
``entities_cues.json`` and ``entities_demonyms.txt`` are hand-written English
news conventions; ``aliases.json`` holds world knowledge (see docs/aliases.md).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files("aleppo_cli.data").joinpath(name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return [ln.strip() for ln in _read(name).splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, int]]:
    """Place name -> (kind, population); kind is country, continent, admin or city."""
    out: dict[str, tuple[str, int]] = {}
    for ln in _lines("entities_places.tsv"):
        name, kind, pop = ln.split("\t")
        out[name] = (kind, int(pop))
    return out


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(_lines("entities_first_names.txt"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(_lines("entities_surnames.txt"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case English words: a capital on them may be only sentence or headline case."""
    return frozenset(_lines("entities_common_words.txt"))


@lru_cache(maxsize=1)
def common_rank() -> dict[str, int]:
    """Frequency rank of each common word (the file is in frequency order)."""
    return {w: k for k, w in enumerate(_lines("entities_common_words.txt"))}


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """NORP words with their plurals (Syrian, Syrians, Kurds)."""
    out: set[str] = set()
    for w in _lines("entities_demonyms.txt"):
        out.add(w)
        if w.endswith(("sh", "ch", "ese", "ss")):
            continue
        out.add(w + "s")
    return frozenset(out)


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    raw = json.loads(_read("entities_cues.json"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def cue(name: str) -> frozenset[str]:
    return cues()[name]
