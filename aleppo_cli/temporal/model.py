"""The Timex record: one temporal expression, its symbolic form and its value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

UNRESOLVED = "XXXX-XX-XX"


@dataclass(slots=True)
class Timex:
    """A TIMEX3-style temporal expression found in ``text[start:end]``.

    ``kind``/``args`` are the symbolic form found without any publication date
    (e.g. kind ``weekday`` args ``(1, None, "TMO")`` for "Monday morning"), so
    that ``resolve_timexes`` can recompute ``value`` for another date.
    ``tense`` is the tense of the clause around the expression ("past",
    "future" or ""), which decides which way bare weekdays and months go.
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value; UNRESOLVED until resolved for relative kinds
    rule: str  # which pattern found it
    # what the value was resolved against: "dct"; "timex:<start>" (another expression of the
    # text); "discourse" (the period under discussion, for "a year earlier", "the 1988 period");
    # "none" (absolute); None (not resolved: no publication date)
    anchor: str | None = None
    kind: str = "abs"  # symbolic kind: abs, date, weekday, day_rel, unit_rel, ...
    args: tuple = ()
    tense: str = ""
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, ...

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "rule": self.rule,
            "anchor": self.anchor,
        }
        if self.kind != "abs":
            out["symbolic"] = {"kind": self.kind, "args": list(self.args), "tense": self.tense}
        if self.mod:
            out["mod"] = self.mod
        return out

    def with_value(self, value: str, anchor: str | None) -> "Timex":
        # (what dataclasses.replace does, without its field-by-field introspection)
        return type(self)(self.start, self.end, self.text, self.type, value, self.rule, anchor,
                          self.kind, self.args, self.tense, self.mod)
