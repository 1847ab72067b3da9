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
