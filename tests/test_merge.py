"""Cross-document merge: hand-written mini-articles, plus the seeds' design-card events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aleppo_cli.events import find_events
from aleppo_cli.merge import date_contains, dates_compatible, merge_events, same_copy
from aleppo_cli.text import split_sentences
from tests.fakes import M, T


def doc(doc_id, text, times=(), places=(), published="2016-03-08", outlet=None, entities=None):
    timexes = []
    for phrase, value in times:
        i = text.index(phrase)
        timexes.append(T(i, i + len(phrase), phrase, "DATE", value))
    mentions = []
    for phrase in places:
        i = text.index(phrase)
        mentions.append(M(i, i + len(phrase), phrase, "LOC", (entities or {}).get(phrase)))
    events = find_events(text, split_sentences(text), (), timexes, mentions, published=published)
    return (doc_id, outlet, text, events)


def test_date_compatibility():
    assert date_contains("2016-11", "2016-11-26")
    assert date_contains("2016", "2016-11-26")
    assert date_contains("2016-W47", "2016-11-26")  # a Saturday in ISO week 47
    assert date_contains("2012-SU", "2012-07")
    assert not dates_compatible("2016-11-26", "2016-11-27")
    assert not dates_compatible("2016-10", "2016-11-26")
    assert dates_compatible("2016-11-26", "2016-11")


def test_same_capture_in_two_spellings_merges():
    a = doc("a", "Government forces captured the Sheikh Maqsoud district on Monday.",
            [("Monday", "2016-03-07")], ["Sheikh Maqsoud"], outlet="Outlet A")
    b = doc("b", "Troops took Sheik Maksoud on Monday after days of shelling.",
            [("Monday", "2016-03-07")], ["Sheik Maksoud"], outlet="Outlet B")
    merged = merge_events([a, b])
    captures = [m for m in merged if m.kind == "takeover"]
    assert len(captures) == 1
    m = captures[0]
    assert (m.date, m.source_count, m.independent_source_count) == ("2016-03-07", 2, 2)
    assert {s.doc_id for s in m.sources} == {"a", "b"}


def test_entity_ids_decide_over_spelling():
    ents = {"Sheikh Maqsoud": "LOC:sheikh-maqsoud", "the district": None}
    a = doc("a", "Troops captured Sheikh Maqsoud on Monday.", [("Monday", "2016-03-07")],
            ["Sheikh Maqsoud"], entities=ents)
    b = doc("b", "Troops captured Ashrafieh on Monday.", [("Monday", "2016-03-07")],
            ["Ashrafieh"], entities={"Ashrafieh": "LOC:sheikh-maqsoud"})
    assert len([m for m in merge_events([a, b]) if m.kind == "takeover"]) == 1


def test_different_days_do_not_merge():
    a = doc("a", "Troops captured Sheikh Maqsoud on Monday.", [("Monday", "2016-03-07")], ["Sheikh Maqsoud"])
    b = doc("b", "Troops captured Sheikh Maqsoud on Tuesday.", [("Tuesday", "2016-03-08")], ["Sheikh Maqsoud"])
    assert len(merge_events([a, b])) == 2


def test_different_places_do_not_merge():
    a = doc("a", "Troops captured Sheikh Maqsoud on Monday.", [("Monday", "2016-03-07")], ["Sheikh Maqsoud"])
    b = doc("b", "Troops captured Bustan al-Basha on Monday.", [("Monday", "2016-03-07")], ["Bustan al-Basha"])
    assert len(merge_events([a, b])) == 2


def test_month_joins_the_day_inside_it():
    a = doc("a", "The offensive began on Nov. 26 with heavy air strikes.", [("Nov. 26", "2016-11-26")],
            published="2016-12-12")
    b = doc("b", "Thousands have fled since the offensive began last month.", [("last month", "2016-11")],
            published="2016-12-12")
    merged = [m for m in merge_events([a, b]) if m.kind == "offensive"]
    assert len(merged) == 1
    assert (merged[0].date, merged[0].precision, merged[0].source_count) == ("2016-11-26", "day", 2)


def test_wire_copy_is_one_independent_source():
    text = "Rebels shelled the Hamdaniya district on Monday, killing four people, a monitoring group said."
    a = doc("a", text, [("Monday", "2016-03-07")], ["Hamdaniya"], outlet="Outlet A")
    b = doc("b", "UPDATE: " + text, [("Monday", "2016-03-07")], ["Hamdaniya"], outlet="Outlet B")
    c = doc("c", "Shells fired by rebels hit Hamdaniya on Monday, residents told our reporter.",
            [("Monday", "2016-03-07")], ["Hamdaniya"], outlet="Outlet C")
    merged = [m for m in merge_events([a, b, c]) if m.kind == "attack"]
    assert len(merged) == 1
    assert merged[0].source_count == 3
    assert merged[0].independent_source_count == 2


def test_same_copy():
    assert same_copy("Rebels shelled the district on Monday, killing four.",
                     "Rebels shelled the district on Monday, killing four people.")
    assert not same_copy("Rebels shelled the district on Monday.", "The army retook the town on Monday.")


def test_independent_sources_of_a_large_event():
    # More sentences than the pairwise shortcut takes, so the shingle index decides.
    from aleppo_cli.merge import Source, independent_sources
    wire = "Government troops captured the old market district on Monday after a week of heavy shelling, officials said."
    own = [
        "The district fell on Monday, residents told us by phone.",
        "Soldiers raised a flag over the market on Monday evening.",
        "Hundreds of families fled north as the troops advanced.",
        "A spokesman for the rebels said the fighters had withdrawn to save lives.",
        "Aid groups warned that food and fuel were running out in the city.",
        "The army said engineers were clearing mines from the streets.",
        "Witnesses described columns of smoke over the old quarter.",
        "The last hospital in the area closed its doors a day earlier.",
        "Local officials counted at least forty dead in the fighting.",
        "State television showed soldiers walking through empty streets.",
        "The United Nations called for safe passage for civilians.",
        "Opposition activists said the shelling had continued overnight.",
    ]
    sources = [Source(f"own{i}", f"Outlet {i}", (0, 1), (0, 1), None, text) for i, text in enumerate(own)]
    # the same wire copy in two papers (one of them reworded a little), and two stories of Outlet 3
    sources.append(Source("wire-a", "Paper A", (0, 1), (0, 1), None, wire))
    sources.append(Source("wire-b", "Paper B", (0, 1), (0, 1), None,
                          wire.replace("officials said", "officials told reporters")))
    sources.append(Source("own3-again", "outlet 3", (0, 1), (0, 1), None,
                          "Fighting went on in the southern suburbs on Monday night."))
    assert len({s.doc_id for s in sources}) == 15
    assert independent_sources(sources) == 13  # 12 own stories (Outlet 3 twice) + one wire story


def test_hypothetical_and_negated_events_are_left_out():
    a = doc("a", "If the army captures Manbij on Friday, the war will change. Kurds did not capture Jarablus.",
            [("Friday", "2016-03-11")], ["Manbij", "Jarablus"])
    assert merge_events([a]) == []


def test_disputed_flag_survives_the_merge():
    a = doc("a", "State media said troops captured the Sakhour district on Monday.",
            [("Monday", "2016-03-07")], ["Sakhour"], published="2016-03-07")
    b = doc("b", "A rebel official denied the report that Sakhour had fallen.", [], ["Sakhour"],
            published="2016-03-07")
    merged = [m for m in merge_events([a, b]) if m.kind == "takeover"]
    assert len(merged) == 1 and merged[0].disputed


def test_ids_are_stable():
    def corpus():
        return [doc("a", "Troops captured Sheikh Maqsoud on Monday. Jets struck Anadan on Tuesday.",
                    [("Monday", "2016-03-07"), ("Tuesday", "2016-03-08")], ["Sheikh Maqsoud", "Anadan"]),
                doc("b", "Troops captured Sheikh Maqsoud on Monday.", [("Monday", "2016-03-07")],
                    ["Sheikh Maqsoud"])]
    first = [m.id for m in merge_events(corpus())]
    second = [m.id for m in merge_events(list(reversed(corpus())))]
    assert sorted(first) == sorted(second)
    assert len(set(first)) == len(first)
    assert all(i.startswith("ev-") for i in first)


# --------------------------------------------------------------------------- seeds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# True publication dates of the seed articles (the temporal stage infers them from the text).
SEED_DATES = {"000": "2016-12-12", "001": "2016-12-12", "002": "2016-11-28", "003": "2016-12-12",
              "004": "2016-12-12"}


@pytest.fixture(scope="module")
def seed_merged():
    temporal = pytest.importorskip("aleppo_cli.temporal")
    clean = pytest.importorskip("aleppo_cli.clean")
    entities = pytest.importorskip("aleppo_cli.entities")
    from aleppo_cli.events import link_entities
    docs, mentions, doc_entities = [], [], []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pub = SEED_DATES[path.name[:3]]
        timexes = temporal.tag(text, dt.date.fromisoformat(pub))
        sentences = split_sentences(text)
        segments = clean.clean(text).segments
        ments = entities.find_mentions(text, sentences, segments)
        events = find_events(text, sentences, segments, timexes, ments, published=pub)
        docs.append((path.name[:3], None, text, events))
        mentions.append(ments)
        doc_entities.append(entities.DocEntities(path.name[:3], text, ments))
    entities.resolve_entities(doc_entities, entities.load_aliases())
    for (_doc_id, _outlet, _text, events), ments in zip(docs, mentions):
        link_entities(events, ments)
    return docs, merge_events(docs)


def _matching(merged, words, date=None):
    out = []
    for m in merged:
        if m.caption_only:
            continue
        texts = " ".join(s.sentence_text for s in m.sources).lower()
        if any(w.lower() in texts for w in words) and (date is None or m.date == date):
            out.append(m)
    return out


def test_seed_offensive_began_on_nov_26(seed_merged):
    _docs, merged = seed_merged
    found = [m for m in merged if m.kind == "offensive" and m.date.startswith("2016-11")]
    assert len(found) == 1
    assert found[0].date == "2016-11-26"
    assert found[0].source_count == 2


def test_seed_hanano_captured_on_nov_26(seed_merged):
    _docs, merged = seed_merged
    found = [m for m in _matching(merged, ["Hanano"]) if m.kind == "takeover"]
    assert [m.date for m in found] == ["2016-11-26"]


def test_seed_palmyra_merged_from_every_article(seed_merged):
    _docs, merged = seed_merged
    found = [m for m in _matching(merged, ["Palmyra"]) if m.kind == "takeover"]
    assert [m.date for m in found] == ["2016-12-11"]
    assert {s.doc_id for s in found[0].sources} == {"000", "003", "004"}


def test_seed_sheikh_saeed_merged_from_four_articles(seed_merged):
    _docs, merged = seed_merged
    found = [m for m in _matching(merged, ["Sheikh Saeed", "Sheik Saeed", "Sheikh Said"], "2016-12-12")
             if m.kind == "takeover" and any(("Sheik" in s.sentence_text[s.event.trigger_start - s.sentence[0]:]
                                              ) for s in m.sources)]
    assert found
    best = max(found, key=lambda m: m.source_count)
    assert {s.doc_id for s in best.sources} >= {"000", "001", "003", "004"}


def test_seed_no_event_dated_from_a_conditional(seed_merged):
    docs, merged = seed_merged
    for _doc_id, _outlet, text, events in docs:
        for ev in events:
            sentence = text[ev.sentence[0]:ev.sentence[1]]
            if sentence.startswith("If ") or " would be the biggest victory" in sentence:
                if ev.start <= sentence.find("would") + ev.sentence[0] <= ev.end or sentence.startswith("If "):
                    assert ev.date is None, (ev.trigger, sentence)


def test_seed_background_years(seed_merged):
    _docs, merged = seed_merged
    years = {m.date for m in merged if m.precision == "year"}
    assert {"2011", "2012"} <= years


def test_typed_ids_of_two_spellings_still_match():
    # one spelling resolved as a place, the other (read as "Sheik" + name) as a person
    a = doc("a", "Troops captured Sheikh Maqsoud on Monday.", [("Monday", "2016-03-07")], ["Sheikh Maqsoud"],
            entities={"Sheikh Maqsoud": "loc:sheikh-maqsoud"})
    b = doc("b", "Troops captured Sheik Maqsoud on Monday.", [("Monday", "2016-03-07")], ["Sheik Maqsoud"],
            entities={"Sheik Maqsoud": "person:sheik-maqsoud"})
    assert len([m for m in merge_events([a, b]) if m.kind == "takeover"]) == 1
