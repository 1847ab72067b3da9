"""Build large synthetic news corpora from the seed articles, for benchmarks.

Every article is a seed article (sometimes followed by the body of a second
one, for longer features) with its names, places, numbers and dates replaced:

* capitalised words that are not common English words, month or weekday names
  or demonyms become other names: first names from the first-name list, the
  rest surnames or place names.  Replacements are drawn with a Zipf-like skew
  from a fixed cast, so some names recur across many articles (as in real
  coverage of one story) while most are rare; within one article the same
  word always gets the same replacement;
* years move with the article's publication year, month and weekday names
  shift by a random amount, other numbers are redrawn with the same number of
  digits (one- and two-digit numbers stay between 1 and 28, so dates stay valid).

No two articles are equal, so the cache cannot deduplicate them.  The word
lists come from ``aleppo_cli/data/`` (derived from public name and place
lists), so nothing here is specific to the seeds.

    python bench/make_corpus.py --sizes 1000 10000 --out bench/out

writes ``bench/out/corpus-1000.jsonl`` (``{"id", "text", "published"?}`` per
line) and ``corpus-1000.json`` (a manifest: counts and the most frequent
names, which the benchmark uses for ``aleppo who``).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "aleppo_cli" / "data"
SEEDS = ROOT / "seeds"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CAST = {"first": 400, "surname": 3000, "place": 1500}  # names in play per corpus

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)*\b")
_NUMBER = re.compile(r"\b\d+\b")
_YEAR = re.compile(r"^(19|20)\d\d$")


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


class Names:
    """The corpus cast, and a Zipf-like draw from it."""

    def __init__(self, rng: random.Random):
        self.common = {w.lower() for w in _lines("entities_common_words.txt")}
        self.common.update(w.lower() for w in _lines("entities_demonyms.txt"))
        self.first_names = set(_lines("entities_first_names.txt"))
        places = [line.split("\t") for line in _lines("entities_places.tsv")]
        places = [p[0] for p in sorted(places, key=lambda p: -int(p[2]) if p[2].isdigit() else 0)
                  if p[0].isalpha() and p[0][:1].isupper()]
        pools = {
            "first": [n for n in _lines("entities_first_names.txt") if n.isalpha()],
            "surname": [n for n in _lines("entities_surnames.txt") if n.isalpha()],
            "place": places,
        }
        self.cast = {kind: rng.sample(pools[kind][:size * 4], size) for kind, size in CAST.items()}
        self.weights = {kind: list(itertools.accumulate(1 / (rank + 1) ** 0.9
                                                        for rank in range(len(names))))
                        for kind, names in self.cast.items()}

    def draw(self, kind: str, rng: random.Random) -> str:
        cum = self.weights[kind]
        return self.cast[kind][bisect.bisect(cum, rng.random() * cum[-1]) % len(cum)]

    def most_frequent(self, kind: str) -> str:
        return self.cast[kind][0]


def article(seed_texts: list[str], names: Names, rng: random.Random, published: dt.date) -> str:
    text = rng.choice(seed_texts)
    if rng.random() < 0.3:  # a longer feature: add the body of another article
        other = rng.choice(seed_texts).split("\n\n")
        text = text.rstrip("\n") + "\n\n" + "\n\n".join(other[len(other) // 3:])
    return substitute(text, names, rng, published)


def substitute(text: str, names: Names, rng: random.Random, published: dt.date) -> str:
    base_year = _main_year(text) or published.year
    month_shift, day_shift = rng.randrange(12), rng.randrange(7)
    mapping: dict[str, str] = {}

    def name(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in MONTHS:
            return MONTHS[(MONTHS.index(word) + month_shift) % 12]
        if word in WEEKDAYS:
            return WEEKDAYS[(WEEKDAYS.index(word) + day_shift) % 7]
        if word.lower() in names.common:
            return word
        if word not in mapping:
            kind = "first" if word in names.first_names else rng.choice(("surname", "place"))
            mapping[word] = names.draw(kind, rng)
        return mapping[word]

    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        if _YEAR.match(digits):
            return str(published.year + int(digits) - base_year)
        if len(digits) <= 2:
            return str(rng.randint(1, 28))
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    return _NUMBER.sub(number, _CAPITALISED.sub(name, text))


def _main_year(text: str) -> int | None:
    years = Counter(int(y) for y in _NUMBER.findall(text) if _YEAR.match(y))
    return years.most_common(1)[0][0] if years else None


def build(size: int, out_dir: Path, seed: int = 1) -> Path:
    rng = random.Random(seed * 1_000_003 + size)
    names = Names(rng)
    seed_texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"corpus-{size}.jsonl"
    words = 0
    start = dt.date(2010, 1, 1)
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(size):
            published = start + dt.timedelta(days=rng.randrange(15 * 365))
            text = article(seed_texts, names, rng, published)
            words += len(text.split())
            record = {"id": f"bench-{n:06d}", "text": text}
            if rng.random() < 0.5:  # half carry metadata dates, half must be dated from the text
                record["published"] = published.isoformat()
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    manifest = {
        "articles": size, "words": words, "path": str(path),
        "frequent_names": {kind: names.most_frequent(kind) for kind in CAST},
    }
    (out_dir / f"corpus-{size}.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in args.sizes:
        path = build(size, args.out, args.seed)
        manifest = json.loads((args.out / f"corpus-{size}.json").read_text())
        print(f"{path}: {size} articles, {manifest['words']:,} words")


if __name__ == "__main__":
    main()
