"""Word lists for the temporal tagger, loaded once from ``data/temporal_words.json``.

Data is kept apart from code (as dateparser does) so that a new month spelling or
holiday is a data edit, not a code change.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    raw = resources.files("aleppo_cli.data").joinpath("temporal_words.json").read_text("utf-8")
    return json.loads(raw)


def months() -> dict[str, int]:
    return words()["months"]


def weekdays() -> dict[str, int]:
    return words()["weekdays"]


def numbers() -> dict[str, float | None]:
    return words()["numbers"]


def ordinals() -> dict[str, int]:
    return words()["ordinals"]


def seasons() -> dict[str, str]:
    return words()["seasons"]


def parts_of_day() -> dict[str, str]:
    return words()["parts_of_day"]


@lru_cache(maxsize=1)
def units() -> dict[str, tuple[str, bool]]:  # (callers only read it)
    return {k: (v[0], v[1]) for k, v in words()["units"].items()}


def holidays() -> dict[str, str]:
    return words()["holidays"]


def alternation(items, *, longest_first: bool = True) -> str:
    """A regex alternation of literal words, longest first so the longest wins."""
    seq = sorted(set(items), key=len, reverse=True) if longest_first else list(items)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in seq)


_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SPACES = re.compile(r"\s+")
_DECIMAL = re.compile(r"(\d+(?:\.\d+)?)(?: (\d)/(\d))?")
_AND_A_HALF = re.compile(r"(\d+) and a half|(\w+) and a half")
_HYPHEN_OR_SPACE = re.compile(r"[- ]")


def number_value(s: str) -> float | None:
    """Value of a number phrase: digits, "2 1/2", "two", "twenty-four", "a few" (None = vague).

    Raises KeyError when the phrase is not a number we know.
    """
    s = _SPACES.sub(" ", s.strip().lower())
    m = _DECIMAL.fullmatch(s)
    if m:
        v = float(m.group(1))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return v
    m = _AND_A_HALF.fullmatch(s)
    if m:
        base = number_value(m.group(1) or m.group(2))
        return None if base is None else base + 0.5
    table = numbers()
    if s in table:
        return table[s]
    parts = _HYPHEN_OR_SPACE.split(s)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in table and table[parts[1]]:
        return _TENS[parts[0]] + table[parts[1]]
    raise KeyError(s)


@lru_cache(maxsize=1)
def generic_now_nouns() -> frozenset[str]:
    return frozenset(words()["generic_now_nouns"])


@lru_cache(maxsize=1)
def age_nouns() -> frozenset[str]:
    return frozenset(words()["age_nouns"])
