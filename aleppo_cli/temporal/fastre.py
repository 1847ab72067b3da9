"""Compile a regex into an equivalent one that Python's regex engine runs faster.

The tagger's rules are long case-insensitive alternations of words ("last|this|next|...").
Python's engine tries each alternative of such a list in turn, and under ``re.I`` it cannot
reject one by its first letter without entering it.  ``compile`` rewrites the parsed pattern
so that it matches exactly the same strings, with the same groups, in the same order:

- a case-insensitive ASCII letter becomes the set of the characters ``re.I`` lets it match
  (``k`` -> ``[kK\\u212a]``: the Kelvin sign folds to ``k``), so that the flag is no longer
  needed; any other case-insensitive item keeps the flag in a scoped group ``(?i:...)``;
- alternatives that start with the same character set are grouped behind it (a prefix
  tree: ``day|days|dawn`` -> ``d(?:a(?:y(?:s|)...)``), in their own order.  Only
  alternatives whose first character sets are identical or disjoint are regrouped, so at
  any place the alternatives that can match are still tried in the original order.  A
  short alternation that opens an alternative is first multiplied out
  (``(?:a|b)c`` -> ``ac|bc``: the same tries in the same order).

The result works on the engine's parse tree (``re._parser``), an internal of CPython; when
that is not what this code expects, ``compile`` falls back to ``re.compile``, which gives the
same matches, only slower.
"""

from __future__ import annotations

import re

try:  # CPython 3.11+
    import re._compiler as _compiler
    import re._parser as _parser
    from re._constants import (ANY, ASSERT, ASSERT_NOT, AT, ATOMIC_GROUP, BRANCH, CATEGORY,
                               GROUPREF_EXISTS, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NOT_LITERAL,
                               POSSESSIVE_REPEAT, SUBPATTERN)
except ImportError:  # pragma: no cover - another Python: plain compile
    _parser = None

_I = re.IGNORECASE
# Characters outside ASCII that re.I (Unicode) matches to an ASCII letter.
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


class _Unsupported(Exception):
    pass


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    """``re.compile(pattern, flags)``, rewritten to run faster (same matches and groups)."""
    if _parser is None:
        return re.compile(pattern, flags)
    try:
        tree = _parser.parse(pattern, flags)
        all_flags = tree.state.flags
        new = _rewrite(tree, all_flags)
        new.state.flags = all_flags & ~_I
        return _compiler.compile(new, flags & ~_I)
    except (_Unsupported, AttributeError, TypeError, ValueError, AssertionError):
        return re.compile(pattern, flags)


def _letter_set(code: int) -> list[int] | None:
    ch = chr(code)
    if not (ch.isascii() and ch.isalpha()):
        return None
    low = ch.lower()
    return sorted({ord(c) for c in low + low.upper() + _FOLDS.get(low, "")})


def _scoped_ignorecase(state, item) -> tuple:
    return (SUBPATTERN, (None, _I, 0, _parser.SubPattern(state, [item])))


def _rewrite(sub, flags: int):
    out = []
    state = sub.state
    for op, av in sub.data:
        folded = flags & _I
        if op is LITERAL and folded and _compiler._sre.unicode_iscased(av):
            chars = _letter_set(av)
            out.append((IN, [(LITERAL, c) for c in chars]) if chars else _scoped_ignorecase(state, (op, av)))
        elif op is NOT_LITERAL and folded and _compiler._sre.unicode_iscased(av):
            out.append(_scoped_ignorecase(state, (op, av)))
        elif op is IN and folded:
            out.append(_fold_set(state, av))
        elif op is BRANCH:
            out.extend(_branch(state, [_rewrite(b, flags) for b in av[1]]))
        elif op is SUBPATTERN:
            group, add, drop, p = av
            inner = _compiler._combine_flags(flags, add, drop)
            out.append((op, (group, add & ~_I, drop & ~_I, _rewrite(p, inner))))
        elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            lo, hi, p = av
            out.append((op, (lo, hi, _rewrite(p, flags))))
        elif op in (ASSERT, ASSERT_NOT):
            direction, p = av
            out.append((op, (direction, _rewrite(p, flags))))
        elif op is ATOMIC_GROUP:
            out.append((op, _rewrite(av, flags)))
        elif op is GROUPREF_EXISTS:
            cond, yes, no = av
            out.append((op, (cond, _rewrite(yes, flags), _rewrite(no, flags) if no else no)))
        elif op in (AT, ANY, CATEGORY, LITERAL, NOT_LITERAL, IN):
            out.append((op, av))
        else:
            raise _Unsupported(op)  # back-references and the like: leave the pattern alone
    return _parser.SubPattern(state, out)


def _fold_set(state, items) -> tuple:
    """A character class under re.I: its letters spelled out, else the flag kept."""
    chars: list[int] = []
    for op, av in items:
        if op is not LITERAL:
            return _scoped_ignorecase(state, (IN, items))
        if _compiler._sre.unicode_iscased(av):
            letters = _letter_set(av)
            if letters is None:
                return _scoped_ignorecase(state, (IN, items))
            chars.extend(letters)
        else:
            chars.append(av)
    return (IN, [(LITERAL, c) for c in sorted(set(chars))])


def _distribute(state, alts: list) -> list:
    """``(?:a|b)c|d`` -> ``ac|bc|d`` (the same tries in the same order), for a short nested
    alternation at the start of an alternative, so that its first letters can be grouped."""
    out = []
    for alt in alts:
        if alt.data and alt.data[0][0] is BRANCH and len(alt.data[0][1][1]) <= 12 and len(alt.data) <= 4:
            rest = list(alt.data[1:])
            out.extend(_parser.SubPattern(state, list(sub.data) + rest) for sub in alt.data[0][1][1])
        else:
            out.append(alt)
    return out


def _first_chars(alt) -> frozenset[int] | None:
    """The characters the first item of an alternative matches, when it is one character."""
    if not alt.data:
        return None
    op, av = alt.data[0]
    if op is LITERAL:
        return frozenset((av,))
    if op is IN and all(o is LITERAL for o, _ in av):
        return frozenset(a for _, a in av)
    return None


def _branch(state, alts: list) -> list:
    """A BRANCH as a prefix tree (see the module docstring); returns the items to splice."""
    alts = _distribute(state, alts)
    firsts = [_first_chars(a) for a in alts]
    if len(alts) < 2 or any(f is None for f in firsts):
        return [(BRANCH, (None, alts))]
    groups: dict[frozenset[int], list] = {}
    for f, a in zip(firsts, alts):
        groups.setdefault(f, []).append(a)
    keys = list(groups)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a & b:
                return [(BRANCH, (None, alts))]  # overlapping first sets: keep the order as is
    if len(keys) == len(alts):
        return [(BRANCH, (None, alts))]  # nothing shared
    new_alts = []
    for key in keys:
        members = groups[key]
        if len(members) == 1:
            new_alts.append(members[0])
            continue
        head = members[0].data[0]
        rests = [_parser.SubPattern(state, m.data[1:]) for m in members]
        seq = [head] + _branch(state, rests) if any(r.data for r in rests) else [head]
        if not any(r.data for r in rests):
            # the same single character more than once: the first alternative wins
            seq = [head]
        new_alts.append(_parser.SubPattern(state, seq))
    if len(new_alts) == 1:
        return list(new_alts[0].data)
    return [(BRANCH, (None, new_alts))]


def finditer_after_gap(rx: re.Pattern, fx: re.Pattern, text: str, pos: int = 0,
                       endpos: int | None = None):
    """The matches of ``rx.finditer(text, pos, endpos)`` for a regex ``rx`` that only matches
    where a word character follows a non-word character (or the start of the text), found
    with ``fx``: the same regex with that non-word character consumed (``\\W`` + the rest).

    A regex that starts with a character class lets the engine skip the inside of words in
    C; each place ``fx`` finds is matched again with ``rx`` one character later, so the
    match objects are ``rx``'s own.  ``rx`` must not match the empty string."""
    end = len(text) if endpos is None else endpos
    if pos == 0:
        m = rx.match(text, 0, end)  # the start of the text: nothing before it to consume
        if m:
            yield m
            pos = m.end()
    while True:
        f = fx.search(text, pos - 1 if pos else 0, end)
        if f is None:
            return
        m = rx.match(text, f.start() + 1, end)
        yield m
        pos = m.end()
