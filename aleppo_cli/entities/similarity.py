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
  letters or more whose words pair up (each word with the same first letter and
  skeleton, or one letter changed, added, dropped or moved).  "Mohammed Ali" and
  "Mahmoud Ali" (70) stay apart, and so do "Homs Relief Committee" and "Hama Relief
  Committee": a long shared rest does not make one name of two.
* ``names_fit``: can two full names be one person's (spellings, or a middle name
  more or less); ``similar_pairs``: all similar pairs of a list without comparing
  every pair.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

_ARTICLES = ("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an")
_ARTICLE_PREFIX = re.compile(r"\b(?:" + "|".join(_ARTICLES) + r")[-‐‑ ](?=\w)", re.I)
_VOWELS = re.compile(r"(?<=.)[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    if name.isascii():  # most names: decomposing accents changes nothing
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("'s ", " ").removesuffix("'s").replace("'", "").replace("`", "")
    s = s.strip(" .,")
    if s.startswith("the "):
        s = s[4:]
    s = _ARTICLE_PREFIX.sub("", s)
    s = s.replace("-", " ").replace(".", "")
    return " ".join(s.split())


@lru_cache(maxsize=65536)
def skeleton(norm: str) -> str:
    return " ".join([_word_skeleton(word) for word in norm.split()])


@lru_cache(maxsize=1 << 17)
def _word_skeleton(word: str) -> str:
    # cached by word too: names share their words, and the regexes cost
    w = _DOUBLES.sub(r"\1", _VOWELS.sub("", word))
    if len(w) > 1 and w.endswith("h") and w[-2] not in "aeiouy":
        w = w[:-1]
    return _DOUBLES.sub(r"\1", w)


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
    return ratio >= 88 and min(len(a), len(b)) >= 6 and (" " not in a or _words_pair_up(a, b))


def _words_pair_up(a: str, b: str) -> bool:
    """Is each word of one name a spelling of the other's word at its place: the same
    first letter and skeleton, or one letter changed, added, dropped or moved by one place
    ("Homs Relief Committee" and "Hama Relief Committee" are two names)."""
    return all(x == y or x[0] == y[0] and (skeleton(x) == skeleton(y) or _one_letter(x, y))
               for x, y in zip(a.split(), b.split()))


def _one_letter(x: str, y: str) -> bool:
    return abs(len(x) - len(y)) <= 1 and Indel.distance(x, y, score_cutoff=2) <= 2


def names_fit(a: str, b: str) -> bool:
    """Can two full names (``normalise``d, two words or more) be one person's?  When they
    are spellings of one name, or have one first and one last name and a middle name more
    or less ("Omar Khalil Nasser" / "Omar Nasser"); "Rami Haddad" and "Salma Haddad" are
    two people."""
    if similar(a, b):
        return True
    wa, wb = a.split(), b.split()
    return len(wa) != len(wb) and similar(wa[0], wb[0]) and similar(wa[-1], wb[-1])


# --- all similar pairs of a list of names, without comparing every pair -------------
#
# ``similar`` holds for a pair only if (A) the skeletons are equal, or (B) the ratio is at
# least 88.  (A) pairs share their skeleton: group by it.  (B) pairs of names of several
# words pair up word by word (``_words_pair_up``): each name looks up the names made of
# spellings of its words (a word's spellings: same skeleton, or sharing a key among the
# word and its one-letter deletions).  (B) pairs of one word are within an indel distance
# d (characters deleted plus inserted) of 12 % of the two lengths together, so they share
# many letter pairs (bigrams): each deletion breaks at most two bigrams of a text and each
# insertion one, so texts x, y (|x| <= |y|) within distance d share at least
# |x| - 1 - 1.5 d + (|y| - |x|) / 2 bigrams.  Sharing t of n bigrams means sharing one of
# any n - t + 1 of them: the rarest ones (prefix filtering, Bayardo, Ma and Srikant,
# "Scaling up all pairs similarity search", WWW 2007).  The first letter, which similar
# names share and which is always part of a best alignment, is left out.  ``similar``
# itself checks every candidate, so the pairs are exactly those of comparing every pair
# (tests/test_entities_resolve.py checks this against comparing every pair).

_MAX_INDEL = 0.12  # ratio >= 88 <=> indel distance <= 0.12 * (len a + len b)
_MIN_RATIO_LEN = 6
_MIN_RATIO = 75  # neither (A) nor (B) holds below it
_LAST = "\x00"  # a token every text has, sorted last: texts too short to filter meet on it


def _allowed(la: int, lb: int) -> int:
    """Largest indel distance with a ratio of 88 or more (a hair high: never too low)."""
    return int(_MAX_INDEL * (la + lb) + 1e-6)


def _shared(la: int, lb: int, c: int) -> int:
    """Fewest bigrams that names of la <= lb letters with ``c`` letters in common left out
    can share and still have a ratio of 88 or more."""
    return -(-(la + lb - 2 * c - 2 - 3 * _allowed(la, lb)) // 2)


@lru_cache(maxsize=None)
def _prefix_lengths(n: int, c: int) -> tuple[int, int]:
    """How many of its rarest tokens (bigrams and ``_LAST``) a name of ``n`` letters with
    ``c`` left out keeps: (against longer names, against shorter ones)."""
    size = max(n - c - 1, 0) + 1
    longer = [_shared(n, lb, c) for lb in range(n, 2 * n + 2) if lb - n <= _allowed(n, lb)]
    shorter = [_shared(la, n, c) for la in range(_MIN_RATIO_LEN, n + 1) if n - la <= _allowed(la, n)]
    return size - max(min(longer), 0), size - max(min(shorter, default=size), 0)


def _bigrams(text: str) -> list[str]:
    """The bigrams of a text, a repeated one numbered (``an``, ``an1``)."""
    seen: dict[str, int] = {}
    out = []
    for x in range(len(text) - 1):
        g = text[x:x + 2]
        n = seen.get(g, 0)
        seen[g] = n + 1
        out.append(f"{g}{n}" if n else g)
    return out


def _ratio_pass(names: list[str], parts: list[tuple[int, tuple, str, int]],
                pairs: set[tuple[int, int]]) -> None:
    """Add to ``pairs`` the similar pairs among ``parts`` (name number, group, text
    compared, letters left out); only names of one group are compared."""
    grams = [_bigrams(text) for _, _, text, _ in parts]
    freq: dict[str, int] = {_LAST: len(parts) + 1}
    for gs in grams:
        for g in gs:
            freq[g] = freq.get(g, 0) + 1
    rarest = lambda g: (freq[g], g)  # noqa: E731
    index: dict[tuple, dict[str, list[int]]] = {}
    ratio, extract = fuzz.ratio, process.extract
    # shortest first, each probed before it is added
    for x in sorted(range(len(parts)), key=lambda x: len(names[parts[x][0]])):
        k, group, _, c = parts[x]
        b = names[k]
        keep_longer, keep_shorter = _prefix_lengths(len(b), c)
        gs = sorted(grams[x], key=rarest)
        gs.append(_LAST)
        postings = index.setdefault(group, {})
        cands: set[int] = set()
        for g in gs[:keep_shorter]:
            cands.update(postings.get(g, ()))
        if cands:
            js = list(cands)
            # the ratio in C first: most candidates fail it, and ``similar`` is slower
            for _, _, y in extract(b, [names[j] for j in js], scorer=ratio, score_cutoff=_MIN_RATIO,
                                   limit=None):
                j = js[y]
                if similar(names[j], b):
                    pairs.add((j, k) if j < k else (k, j))
        for g in gs[:keep_longer]:
            postings.setdefault(g, []).append(k)


def _word_pass(names: list[str], ks: list[int], pairs: set[tuple[int, int]]) -> None:
    """Add to ``pairs`` the similar pairs among names ``ks`` of several words: their words
    pair up (``_words_pair_up``), so only names made of spellings of each word are
    compared, looked up by their words."""
    vocab = {w for k in ks for w in names[k].split()}
    # a word and its one-letter deletions: words one letter apart share one of these
    near: dict[str, list[str]] = {}
    same_skeleton: dict[str, list[str]] = {}
    for w in vocab:
        for key in {w, *(w[:i] + w[i + 1:] for i in range(len(w)))}:
            near.setdefault(key, []).append(w)
        same_skeleton.setdefault(skeleton(w), []).append(w)
    spellings: dict[str, set[str]] = {}

    def spellings_of(w: str) -> set[str]:
        out = spellings.get(w)
        if out is None:
            out = {v for key in {w, *(w[:i] + w[i + 1:] for i in range(len(w)))}
                   for v in near[key] if v[0] == w[0]}
            out.update(same_skeleton[skeleton(w)])
            spellings[w] = out
        return out

    # the words after the first -> first word -> name; and every start of those
    by_rest: dict[tuple[str, ...], dict[str, int]] = {}
    starts: set[tuple[str, ...]] = set()
    for k in ks:
        ws = tuple(names[k].split())
        by_rest.setdefault(ws[1:], {})[ws[0]] = k
        starts.update(ws[1:i] for i in range(2, len(ws) + 1))
    for k in ks:
        ws = names[k].split()
        rests: list[tuple[str, ...]] = [()]
        for w in ws[1:]:
            rests = [r + (v,) for r in rests for v in spellings_of(w) if r + (v,) in starts]
        firsts = spellings_of(ws[0])
        for rest in rests:
            by_first = by_rest.get(rest)
            if by_first is None:  # the start of a longer name's words
                continue
            for first in firsts & by_first.keys() if len(firsts) < len(by_first) else by_first.keys() & firsts:
                j = by_first[first]
                if j > k and similar(names[k], names[j]):
                    pairs.add((k, j))


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
    # (B) one word: a shared rare bigram after the first letter
    long = [k for k, name in enumerate(names) if len(name) >= _MIN_RATIO_LEN]
    _ratio_pass(names, [(k, (names[k][0],), names[k][1:], 1) for k in long if " " not in names[k]], pairs)
    # (B) several words: word by word, spellings of each word
    _word_pass(names, [k for k in long if " " in names[k]], pairs)
    return sorted(pairs)
