"""When two written names are the same name: normalisation and a transliteration rule.

Arabic names reach English news in many spellings ("Abdullah" / "Abdallah",
"Sheikh Marwan" / "Sheik Marwan" / "Shaikh Marwan", "Nasser" / "al-Nasser").
The rule, tested in tests/test_entities_resolve.py:

* ``normalise``: accents and case folded, a leading "the" and the article
  particles (al-, el-, ...) dropped, hyphens made spaces, a possessive cut;
* ``skeleton``: each word without its vowels (the first letter kept), doubled
  letters collapsed, a final "h" after a consonant dropped ("Sheikh" = "Sheik");
* two names match when their normal forms are equal, or they have the same
  number of words and either the skeletons are equal with a character
  similarity of at least 75 (and a skeleton of four letters or more
  for a one-word name), or the similarity is at least 88 on names of six
  letters or more.  "Mohammed Ali" and "Mahmoud Ali" (70) stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_ARTICLES = ("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an")
_ARTICLE_PREFIX = re.compile(r"\b(?:" + "|".join(_ARTICLES) + r")[-‐‑ ](?=\w)", re.I)
_VOWELS = re.compile(r"(?<=.)[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("'s ", " ").removesuffix("'s").replace("'", "").replace("`", "")
    s = s.strip(" .,")
    if s.startswith("the "):
        s = s[4:]
    s = _ARTICLE_PREFIX.sub("", s)
    s = s.replace("-", " ").replace(".", "")
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=65536)
def skeleton(norm: str) -> str:
    out = []
    for word in norm.split():
        w = _DOUBLES.sub(r"\1", _VOWELS.sub("", word))
        if len(w) > 1 and w.endswith("h") and w[-2] not in "aeiouy":
            w = w[:-1]
        out.append(_DOUBLES.sub(r"\1", w))
    return " ".join(out)


def similar(a: str, b: str) -> bool:
    """Are two names (already ``normalise``d) spellings of one name?"""
    if a == b:
        return True
    if not a or not b or a.count(" ") != b.count(" ") or a[0] != b[0]:
        return False
    ratio = fuzz.ratio(a, b)
    sk = skeleton(a)
    # one short word ("Sudan"/"Sedan") is too little to go on
    if sk == skeleton(b) and len(sk.replace(" ", "")) >= (3 if " " in a else 4) and ratio >= 75:
        return True
    return ratio >= 88 and min(len(a), len(b)) >= 6


# --- all similar pairs of a list of names, without comparing every pair -------------
#
# ``similar`` holds for a pair only if (A) the skeletons are equal, or (B) the ratio is at
# least 88, i.e. the indel distance d (characters deleted plus inserted) is at most 12 % of
# the two lengths together.  (A) pairs share their skeleton: group by it.  (B) pairs share
# many letter pairs (bigrams): each deletion breaks at most two bigrams of a name and each
# insertion one, so names of la <= lb letters share at least
# (la - 2) - 1.5 d + (lb - la) / 2 bigrams after their common first letter (an equal first
# letter is always part of a best alignment).  Sharing t of n bigrams means sharing one of
# any n - t + 1 of them: the rarest ones, so that the names only common bigrams
# ("mohammed ...") leave out are not compared (prefix filtering, Bayardo, Ma and Srikant,
# "Scaling up all pairs similarity search", WWW 2007).  ``similar`` itself then checks
# every candidate, so the pairs are exactly those of comparing every pair.

_MAX_INDEL = 0.12  # ratio >= 88 <=> indel distance <= 0.12 * (len a + len b)
_MIN_RATIO_LEN = 6
_MIN_RATIO = 75  # neither (A) nor (B) holds below it


def _allowed(la: int, lb: int) -> int:
    """Largest indel distance with a ratio of 88 or more (a hair high: never too low)."""
    return int(_MAX_INDEL * (la + lb) + 1e-6)


def _shared(la: int, lb: int) -> int:
    """Fewest bigrams after the first letter that names of these lengths can share and
    still have a ratio of 88 or more (la <= lb)."""
    return -(-(la + lb - 4 - 3 * _allowed(la, lb)) // 2)


@lru_cache(maxsize=None)
def _prefix_lengths(n: int) -> tuple[int, int]:
    """How many of its rarest bigrams a name of ``n`` letters keeps: (against longer
    names, against shorter ones)."""
    longer = [_shared(n, lb) for lb in range(n, 2 * n) if lb - n <= _allowed(n, lb)]
    shorter = [_shared(la, n) for la in range(_MIN_RATIO_LEN, n + 1) if n - la <= _allowed(la, n)]
    grams = n - 2
    return grams - min(longer) + 1, grams - min(shorter) + 1


def _bigrams(name: str) -> list[str]:
    """The bigrams after the first letter, a repeated one numbered (``an``, ``an1``)."""
    seen: dict[str, int] = {}
    out = []
    for x in range(1, len(name) - 1):
        g = name[x:x + 2]
        n = seen.get(g, 0)
        seen[g] = n + 1
        out.append(f"{g}{n}" if n else g)
    return out


def similar_pairs(names: list[str]) -> list[tuple[int, int]]:
    """Every (i, j), i < j, with ``similar(names[i], names[j])``; names are distinct normal
    forms.  Near-linear in the number of names instead of quadratic."""
    pairs: set[tuple[int, int]] = set()
    # (A) equal skeletons
    by_skeleton: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        if name:
            by_skeleton.setdefault(skeleton(name), []).append(k)
    for ks in by_skeleton.values():
        for x in range(len(ks)):
            for y in range(x + 1, len(ks)):
                if similar(names[ks[x]], names[ks[y]]):
                    pairs.add((ks[x], ks[y]))
    # (B) a shared rare bigram; names indexed shortest first, each probed before it is added
    order = sorted((k for k, name in enumerate(names) if len(name) >= _MIN_RATIO_LEN),
                   key=lambda k: len(names[k]))
    grams = {k: _bigrams(names[k]) for k in order}
    freq: dict[str, int] = {}
    for gs in grams.values():
        for g in gs:
            freq[g] = freq.get(g, 0) + 1
    rarest = lambda g: (freq[g], g)  # noqa: E731
    groups: dict[tuple[str, int], dict[str, list[int]]] = {}
    ratio = fuzz.ratio
    for k in order:
        b = names[k]
        index = groups.setdefault((b[0], b.count(" ")), {})
        keep_longer, keep_shorter = _prefix_lengths(len(b))
        gs = sorted(grams[k], key=rarest)
        cands: set[int] = set()
        for g in gs[:keep_shorter]:
            cands.update(index.get(g, ()))
        for j in cands:
            # the C ratio first: most candidates fail it, and ``similar`` is slower
            if ratio(b, names[j], score_cutoff=_MIN_RATIO) and similar(names[j], b):
                pairs.add((j, k) if j < k else (k, j))
        for g in gs[:keep_longer]:
            index.setdefault(g, []).append(k)
    return sorted(pairs)
