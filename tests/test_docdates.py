"""Cross-document publication dates."""

from dataclasses import dataclass

from aleppo_cli.docdates import infer_from_corpus
from aleppo_cli.models import DocRecord, PublishedDate, Segment


@dataclass
class M:  # a mention as the entity stage gives it
    start: int
    end: int
    text: str
    type: str


@dataclass
class T:  # a timex as the temporal stage gives it
    start: int
    end: int
    value: str
    type: str = "DATE"
    anchor: str = "none"


def record(doc_id, text, names, published=None, timexes=()):
    mentions = []
    for name in names:
        i = text.index(name)
        mentions.append(M(i, i + len(name), name, "LOC"))
    pub = published or PublishedDate(None, None, "unknown", 0.0, [])
    return DocRecord(doc_id, text, None, None, pub, [Segment("body", 0, len(text), "text")],
                     [(0, len(text))], entities=mentions, timexes=list(timexes))


DATED = PublishedDate("2019-03-04", "day", "metadata", 1.0, [])


def test_undated_article_takes_the_date_of_the_one_reporting_the_same_events():
    a = record("a", "Troops took Karta and Velm on Monday, near Osso.", ["Karta", "Velm", "Osso"], DATED)
    b = record("b", "On Monday Karta fell; Velm followed. Osso is next.", ["Karta", "Velm", "Osso"])
    c = record("c", "Floods hit Pellan and Drusk.", ["Pellan", "Drusk"],
               PublishedDate("2019-05-01", "day", "metadata", 1.0, []))
    infer_from_corpus([a, b, c])
    assert b.published.value == "2019-03-04"
    assert b.published.method == "corpus:same-events"
    assert "a" in b.published.evidence[-1]


def test_unrelated_article_stays_undated():
    a = record("a", "Troops took Karta and Velm.", ["Karta", "Velm"], DATED)
    b = record("b", "Floods hit Pellan and Drusk.", ["Pellan", "Drusk"])
    infer_from_corpus([a, b])
    assert b.published.value is None


def test_date_before_what_the_article_itself_mentions_is_not_lent():
    a = record("a", "Troops took Karta and Velm.", ["Karta", "Velm"], DATED)
    text = "Karta and Velm fell after the March 10, 2019 attack."
    b = record("b", text, ["Karta", "Velm"], timexes=[T(text.index("March"), text.index(" attack"), "2019-03-10")])
    infer_from_corpus([a, b])
    assert b.published.value is None


def test_lent_dates_chain_with_lower_confidence():
    a = record("a", "Karta and Velm and Osso fell.", ["Karta", "Velm", "Osso"], DATED)
    b = record("b", "Karta, Velm, Osso, Tamm and Rell fell.", ["Karta", "Velm", "Osso", "Tamm", "Rell"])
    c = record("c", "Tamm and Rell: the aftermath.", ["Tamm", "Rell"])  # shares nothing with a
    infer_from_corpus([a, b, c])
    assert b.published.value == c.published.value == "2019-03-04"
    assert "b (dated" in c.published.evidence[-1]
    assert c.published.confidence < b.published.confidence


def test_corpus_results_do_not_depend_on_pythons_string_hashing():
    """Sets of names iterate in an order that changes with PYTHONHASHSEED; dates, their
    evidence, entities and merged events must not."""
    from tests.conftest import run_cli

    def outputs(seed: str) -> list[bytes]:
        env = {"PYTHONHASHSEED": seed}
        return [run_cli(*cmd, "--no-cache", "--json", env=env).stdout
                for cmd in (["docs"], ["entities"], ["timeline", "--all"])]

    first = outputs("1")
    assert all(first)
    assert outputs("2") == first
