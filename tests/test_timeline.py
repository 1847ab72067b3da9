"""Timeline filters and the ranking of dates, on hand-written mini-corpora."""

from __future__ import annotations


import pytest

from aleppo_cli.events import find_events, link_entities
from aleppo_cli.merge import merge_events
from aleppo_cli.text import split_sentences
from aleppo_cli.timeline import (date_references, filter_timeline, period_bounds, rank_dates,
                                 timeline_key)
from tests.fakes import M, T


def tx(text, phrase, value, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(phrase, i + 1)
    return T(i, i + len(phrase), phrase, "DATE", value)


def mn(text, phrase, type_="LOC", entity=None):
    i = text.index(phrase)
    return M(i, i + len(phrase), phrase, type_, entity)


def make(doc_id, text, times, mentions, published, section_caption=False):
    from aleppo_cli.models import Segment
    segments = [Segment("caption", 0, len(text), "test")] if section_caption else []
    timexes = [tx(text, *t) for t in times]
    ments = [mn(text, *m) if isinstance(m, tuple) else mn(text, m) for m in mentions]
    events = find_events(text, split_sentences(text), segments, timexes, ments, published=published)
    return (doc_id, None, text, events), (doc_id, published, text, timexes)


@pytest.fixture()
def corpus():
    a, da = make("a", "Rebels captured Tal Abyad on Monday. The city was founded in 1900.",
                 [("Monday", "2016-03-07")], ["Tal Abyad"], "2016-03-08")
    b, db = make("b", "Kurdish fighters took Tal Abyad on Monday after a week of clashes.",
                 [("Monday", "2016-03-07")], ["Tal Abyad", ("Kurdish", "NORP")], "2016-03-09")
    c, dc = make("c", "Jets bombed Raqqa on March 2, killing 12 people.",
                 [("March 2", "2016-03-02")], ["Raqqa"], "2016-03-09")
    d, dd = make("d", "Fighters advance into Manbij on Sunday.", [("Sunday", "2016-03-06")], ["Manbij"],
                 "2016-03-07", section_caption=True)
    e, de = make("e", "The siege of Manbij has lasted since January.", [("January", "2016-01")], ["Manbij"],
                 "2016-03-09")
    return [a, b, c, d, e], [da, db, dc, dd, de]


def test_period_bounds():
    assert [str(x) for x in period_bounds("2016-02")] == ["2016-02-01", "2016-02-29"]
    assert [str(x) for x in period_bounds("2016-W49")] == ["2016-12-05", "2016-12-11"]
    assert [str(x) for x in period_bounds("2016")] == ["2016-01-01", "2016-12-31"]
    assert [str(x) for x in period_bounds("2012-SU")] == ["2012-06-01", "2012-08-31"]
    assert period_bounds("PAST_REF") is None


def test_default_timeline_is_chronological_without_captions(corpus):
    docs, _ = corpus
    tl = filter_timeline(merge_events(docs))
    assert [m.date for m in tl] == ["2016-01", "2016-03-02", "2016-03-07"]
    assert tl[-1].source_count == 2
    assert tl == sorted(tl, key=timeline_key)


def test_include_captions(corpus):
    docs, _ = corpus
    tl = filter_timeline(merge_events(docs), include_captions=True)
    assert "2016-03-06" in [m.date for m in tl]


def test_filters(corpus):
    docs, _ = corpus
    merged = merge_events(docs)
    assert [m.date for m in filter_timeline(merged, date_from="2016-03-03")] == ["2016-03-07"]
    assert [m.date for m in filter_timeline(merged, date_to="2016-02")] == ["2016-01"]
    assert [m.date for m in filter_timeline(merged, place="tal abyad")] == ["2016-03-07"]
    assert [m.date for m in filter_timeline(merged, place="Tel Abyad")] == ["2016-03-07"]  # spelling
    assert [m.date for m in filter_timeline(merged, entity="Kurdish")] == ["2016-03-07"]
    assert [m.date for m in filter_timeline(merged, cls="conflict", min_sources=2)] == ["2016-03-07"]
    assert [m.date for m in filter_timeline(merged, source="c")] == ["2016-03-02"]
    assert [m.date for m in filter_timeline(merged, top=1)] == ["2016-03-07"]
    with pytest.raises(ValueError):
        filter_timeline(merged, date_from="last week")


def test_entity_ids_after_resolution(corpus):
    docs, _ = corpus
    doc_id, outlet, text, events = docs[2]
    link_entities(events, [M(text.index("Raqqa"), text.index("Raqqa") + 5, "Raqqa", "LOC", "LOC:raqqa")])
    merged = merge_events(docs)
    assert [m.date for m in filter_timeline(merged, place="LOC:raqqa")] == ["2016-03-02"]


def test_rank_dates_days_first(corpus):
    docs, dated = corpus
    rows = rank_dates(merge_events(docs), dated)
    days = [r for r in rows if r["precision"] == "day"]
    assert days[0]["date"] == "2016-03-07"  # two articles refer back to it
    assert {r["precision"] for r in rows[len(days):]} <= {"month", "year", "week", "season"}
    assert all(set(r) >= {"date", "precision", "score", "events", "sources"} for r in rows)
    caption_day = [r for r in rows if r["date"] == "2016-03-06"]
    assert all(r["events"] == 0 for r in caption_day)  # its only event is in a caption
    assert [r["date"] for r in rows if r["precision"] == "month"] == ["2016-01"]


def test_widget_dates_are_furniture():
    # the same "Posted February 11, 2013 RETWEET" line in articles published weeks apart
    docs = []
    for i, pub in enumerate(["2011-03-01", "2011-03-20", "2011-04-15", "2011-05-02"]):
        text = f"Rebels held the town on Monday. 6:28 pm ET February 11, 2013 RETWEET Quiz number {i}"
        docs.append((f"d{i}", pub, text, [tx(text, "February 11, 2013", "2013-02-11")]))
    refs, _same, _pub = date_references(docs)
    assert "2013-02-11" not in refs


def test_posting_timestamps_and_future_dates_are_not_references():
    text = "Great work. July 1, 2011 at 7:11 pm | Reply. Talks are set for July 9."
    docs = [("x", "2011-07-02", text, [tx(text, "July 1, 2011", "2011-07-01"), tx(text, "July 9", "2011-07-09")])]
    refs, _same, _pub = date_references(docs)
    assert refs == {}


def test_repeated_wire_date_is_not_furniture_when_published_together():
    docs = []
    for i in range(4):
        text = "The council voted on March 17 to impose a no-fly zone."
        docs.append((f"w{i}", "2011-03-18", text, [tx(text, "March 17", "2011-03-17")]))
    refs, _same, _pub = date_references(docs)
    assert len(refs["2011-03-17"]) == 4


def test_doc_records_are_accepted():
    from aleppo_cli.models import DocRecord, PublishedDate
    text = "Rebels captured Tal Abyad on Monday."
    timexes = [tx(text, "Monday", "2016-03-07")]
    events = find_events(text, split_sentences(text), [], timexes, [mn(text, "Tal Abyad")], published="2016-03-09")
    rec = DocRecord(id="r1", text=text, title=None, source="Outlet",
                    published=PublishedDate("2016-03-09", "day", "metadata", 1.0), segments=[],
                    sentences=split_sentences(text), timexes=timexes, events=events)
    merged = merge_events([rec])
    assert [m.date for m in merged] == ["2016-03-07"]
    assert merged[0].sources[0].outlet == "Outlet"
    rows = rank_dates(merged, [rec])
    assert rows[0]["date"] == "2016-03-07" and rows[0]["references"] == 1


def test_caption_dates_are_not_references():
    from aleppo_cli.models import Segment
    text = "A boy in Aleppo on July 9, 2016. (Getty Images)\n\nRebels captured Tal Abyad on March 3."
    segs = [Segment("caption", 0, text.index("\n"), "t"), Segment("body", text.index("Rebels"), len(text), "t")]
    docs = [("x", "2016-12-12", text, [tx(text, "July 9, 2016", "2016-07-09"), tx(text, "March 3", "2016-03-03")], segs)]
    refs, _same, _pub = date_references(docs)
    assert set(refs) == {"2016-03-03"}


def test_retrospective_references_outweigh_next_day_reporting():
    # Two articles recalling March 1 two weeks on say more about it than three next-day
    # reports of March 10 (the day-after news cycle follows every day).
    docs = []
    for i in range(2):
        text = f"The uprising began on March 1 in the port city. Report {i}."
        docs.append((f"late{i}", "2016-03-15", text, [tx(text, "March 1", "2016-03-01")]))
    for i in range(3):
        text = f"Shelling hit the port city on Thursday. Report {i}."
        docs.append((f"next{i}", "2016-03-11", text, [tx(text, "Thursday", "2016-03-10")]))
    rows = rank_dates([], docs)
    assert [r["date"] for r in rows[:2]] == ["2016-03-01", "2016-03-10"]
    assert rows[0]["references"] == 2 and rows[1]["references"] == 3


def test_background_dates_years_back_do_not_swamp_the_story():
    # "since the September 1, 1969 coup" recalled by two articles is background; three
    # articles recalling a siege day ten days on are the story.
    docs = []
    for i in range(2):
        text = f"He has ruled since the coup of September 1, 1969. Note {i}."
        docs.append((f"bg{i}", "2011-03-20", text, [tx(text, "September 1, 1969", "1969-09-01")]))
    for i in range(3):
        text = f"The siege began on March 10 and has not let up. Report {i}."
        docs.append((f"st{i}", "2011-03-20", text, [tx(text, "March 10", "2011-03-10")]))
    rows = rank_dates([], docs)
    assert rows[0]["date"] == "2011-03-10"


def test_the_day_itself_counts_when_coverage_ends_there():
    # five same-day reports of Monday's fall (the corpus ends that day) against one
    # article recalling a day two weeks back
    docs = []
    for i in range(5):
        text = f"The city fell to government troops on Monday. Report {i}."
        docs.append((f"d{i}", "2016-12-12", text, [tx(text, "Monday", "2016-12-12")]))
    text = "The offensive began on Nov. 28 and moved fast."
    docs.append(("old", "2016-12-12", text, [tx(text, "Nov. 28", "2016-11-28")]))
    rows = rank_dates([], docs)
    assert [r["date"] for r in rows[:2]] == ["2016-12-12", "2016-11-28"]
    assert rows[0]["same_day"] == 5 and rows[0]["references"] == 0
