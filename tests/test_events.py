"""Per-document event extraction on small hand-written sentences.

Timexes and mentions are hand-made stand-ins with only the attributes the event
stage reads, so these tests do not depend on the temporal and entity stages.
"""

from __future__ import annotations


from aleppo_cli.events import date_of_value, find_events, trigger_index
from aleppo_cli.models import Segment
from aleppo_cli.text import split_sentences
from tests.fakes import M, T


def tx(text: str, phrase: str, value: str, type_: str = "DATE", nth: int = 0) -> T:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return T(start, start + len(phrase), phrase, type_, value)


def mn(text: str, phrase: str, type_: str = "LOC", entity: str | None = None) -> M:
    start = text.index(phrase)
    return M(start, start + len(phrase), phrase, type_, entity)


def run(text, timexes=(), mentions=(), published="2016-03-08", segments=()):
    return find_events(text, split_sentences(text), segments, timexes, mentions, published=published)


def only(events, trigger):
    found = [e for e in events if e.trigger.lower() == trigger.lower()]
    assert len(found) == 1, [(e.trigger, e.summary) for e in events]
    return found[0]


def test_clause_time_dates_the_event():
    text = "Rebels seized the town of Kafr Nabl on Sunday after heavy fighting."
    ev = only(run(text, [tx(text, "Sunday", "2016-03-06")], [mn(text, "Kafr Nabl")]), "seized")
    assert (ev.date, ev.precision, ev.time_source) == ("2016-03-06", "day", "clause")
    assert ev.cls == "CONFLICT" and ev.kind == "takeover"
    assert [p.text for p in ev.places] == ["Kafr Nabl"]
    assert ev.modality == "asserted"
    assert ev.confidence > 0.8
    assert ev.to_dict()["class"] == "CONFLICT"


def test_publication_date_when_nothing_dates_the_sentence():
    text = "Government troops recaptured the village of Tal Rifaat."
    ev = only(run(text, [], [mn(text, "Tal Rifaat")], published="2016-03-08"), "recaptured")
    assert (ev.date, ev.time_source) == ("2016-03-08", "published")
    assert ev.confidence < 0.5


def test_date_events_after_the_fact():
    # find_events without a publication date leaves the event undated; date_events fills it in
    from aleppo_cli.events import date_events
    text = "Government troops recaptured the village of Tal Rifaat."
    events = find_events(text, split_sentences(text), (), [], [mn(text, "Tal Rifaat")])
    assert events[0].date is None
    date_events(events, [], "2016-03-08")
    assert events[0].date == "2016-03-08" and events[0].time_source == "published"


def test_reporting_clause_time_is_the_sentence_time():
    text = "The army said on Monday that rebels had withdrawn from the town of Binnish."
    ev = only(run(text, [tx(text, "Monday", "2016-03-07")], [mn(text, "Binnish")]), "withdrawn")
    assert (ev.date, ev.time_source) == ("2016-03-07", "sentence")
    assert ev.modality == "claimed"
    assert ev.attribution == "The army"


def test_conditional_sentence_is_never_dated():
    text = "If the army captures the city of Idlib on Friday, the opposition will have lost its last stronghold."
    events = run(text, [tx(text, "Friday", "2016-03-11")], [mn(text, "Idlib")])
    assert events, "the capture is still found, but marked"
    assert all(e.modality == "hypothetical" and e.date is None for e in events)


def test_gerund_subject_with_would_is_hypothetical():
    text = "Capturing the rest of Homs would be the biggest victory for the government since 2012."
    events = run(text, [tx(text, "2012", "2012")], [mn(text, "Homs")])
    ev = only(events, "capturing")
    assert ev.modality == "hypothetical" and ev.date is None


def test_infinitive_after_attempt_is_not_a_fact():
    text = "After repeated attempts to retake Deir Hafer, the army shelled the town on Saturday."
    events = run(text, [tx(text, "Saturday", "2016-03-05")], [mn(text, "Deir Hafer")])
    assert only(events, "retake").modality == "hypothetical"
    shelled = only(events, "shelled")
    assert shelled.modality == "asserted" and shelled.date == "2016-03-05"


def test_negation():
    text = "Kurdish fighters did not capture the town of Manbij."
    ev = only(run(text, [], [mn(text, "Manbij")]), "capture")
    assert ev.modality == "negated" and ev.date is None


def test_denial_makes_the_event_disputed():
    text = "A rebel commander denied the report that Atareb had fallen."
    ev = only(run(text, [], [mn(text, "Atareb")]), "fallen")
    assert ev.modality == "disputed"
    assert ev.date == "2016-03-08"  # disputed events keep the date they are reported on


def test_according_to_gives_attribution():
    text = "Jets struck a market in Maarat al-Numan on Tuesday, according to Reuters."
    ev = only(run(text, [tx(text, "Tuesday", "2016-03-08")], [mn(text, "Maarat al-Numan"),
                                                              mn(text, "Reuters", "ORG")]), "struck")
    assert ev.attribution == "Reuters"
    assert ev.modality == "claimed"
    assert ev.date == "2016-03-08"


def test_since_dates_when_a_situation_began():
    text = "The district of Bustan al-Qasr has been held by rebels since 2013."
    ev = only(run(text, [tx(text, "2013", "2013")], [mn(text, "Bustan al-Qasr")]), "held")
    assert (ev.date, ev.precision, ev.since) == ("2013", "year", True)


def test_a_situation_without_since_is_no_event():
    text = "Rebels hold the district of Bustan al-Qasr."
    assert run(text, [], [mn(text, "Bustan al-Qasr")]) == []


def test_since_does_not_date_a_happening():
    text = "Troops captured the Masaken district on Saturday, the first time they had entered it since 2012."
    events = run(text, [tx(text, "Saturday", "2016-03-05"), tx(text, "2012", "2012")],
                 [mn(text, "Masaken")])
    assert only(events, "captured").date == "2016-03-05"


def test_aspectual_verb_takes_the_class_of_its_noun():
    text = "The offensive, which began on March 2, has displaced thousands."
    events = run(text, [tx(text, "March 2", "2016-03-02")])
    assert len(events) == 1
    ev = events[0]
    assert (ev.trigger, ev.cls, ev.date) == ("offensive", "CONFLICT", "2016-03-02")
    assert ev.summary.startswith("The offensive")
    assert "began on March 2" in ev.summary


def test_bare_war_noun_is_no_event_but_dated_start_is():
    text = "Nearly six years of war have left the city in ruins. The war began in 2011."
    events = run(text, [tx(text, "2011", "2011")])
    assert [(e.trigger, e.date, e.precision) for e in events] == [("war", "2011", "year")]


def test_a_day_after_dates_the_earlier_event():
    text = ("The army shelled the suburb of Douma on Tuesday, a day after the rebels' capture of "
            "Harasta.")
    events = run(text, [tx(text, "Tuesday", "2016-03-08")], [mn(text, "Douma"), mn(text, "Harasta")])
    capture = only(events, "capture")
    assert (capture.date, capture.time_source) == ("2016-03-07", "relative")
    assert only(events, "shelled").date == "2016-03-08"


def test_duration_does_not_date_an_event():
    text = "Civilians fled the eastern districts over the past two weeks."
    ev = only(run(text, [tx(text, "the past two weeks", "P2W", "DURATION")]), "fled")
    assert ev.time_source == "published"


def test_caption_and_boilerplate_sections():
    text = "Fighters advance into Tadef on Sunday.\n\nSign up to get breaking news on attacks."
    first_end = text.index("\n")
    segments = [Segment("caption", 0, first_end, "test"), Segment("boilerplate", first_end + 2, len(text), "test")]
    events = run(text, [tx(text, "Sunday", "2016-03-06")], [mn(text, "Tadef")], segments=segments)
    assert [(e.trigger, e.section) for e in events] == [("advance", "caption")]


def test_two_events_in_one_sentence():
    text = "Rebels captured Kafr Hamra and killed five soldiers on Wednesday."
    events = run(text, [tx(text, "Wednesday", "2016-03-02")], [mn(text, "Kafr Hamra")])
    assert [e.trigger for e in events] == ["captured", "killed"]
    assert all(e.date == "2016-03-02" for e in events)


def test_summary_is_short_and_from_the_clause():
    text = ("Earlier on Monday, Syrian troops and allied militiamen from three neighbouring countries and "
            "several smaller groups captured Jabal Bdro, a large hilltop neighbourhood in the east of the city.")
    ev = only(run(text, [tx(text, "Monday", "2016-03-07")], [mn(text, "Jabal Bdro")]), "captured")
    assert len(ev.summary) <= 100
    assert "captured Jabal Bdro" in ev.summary
    assert ev.summary.startswith("Syrian troops")


def test_names_are_not_verbs():
    text = "The Free Syrian Army said its fighters were holding their positions."
    assert [e.trigger for e in run(text)] == []


def test_possessive_makes_a_noun():
    text = "Raqqa's fall would end the group's hold on the east."
    events = run(text, [], [mn(text, "Raqqa")])
    assert all(e.date is None for e in events)


def test_date_of_value_precisions():
    assert date_of_value("2016-12-12TNI") == ("2016-12-12", "day")
    assert date_of_value("2016-W49") == ("2016-W49", "week")
    assert date_of_value("2016-11") == ("2016-11", "month")
    assert date_of_value("2012-SU") == ("2012-SU", "season")
    assert date_of_value("2011") == ("2011", "year")
    assert date_of_value("PAST_REF") is None
    assert date_of_value("XXXX-XX-XX") is None
    assert date_of_value("P2W") is None


def test_lexicon_inflections():
    index = trigger_index()
    assert any(e.lemma == "retake" for e in index["retook"])
    assert any(e.lemma == "flee" for e in index["fled"])
    assert "sentence" not in index or all(e.pos == "noun" for e in index.get("sentence", ()))


def test_overnight_is_the_night_ending_on_the_reported_day():
    # a TIMEX3 night value names the night that starts on that day; "overnight" in a paper of
    # the 8th is the night of the 7th, and what it reports happened by the 8th
    text = "Rebels lost Tal Shghaib in overnight fighting."
    ev = only(run(text, [tx(text, "overnight", "2016-03-07TNI", "TIME")], [mn(text, "Tal Shghaib")]), "lost")
    assert ev.date == "2016-03-08"


def test_two_step_dating_with_the_real_temporal_stage():
    # extraction sees unresolved timexes (no publication date yet); date_events gets them resolved
    import datetime as dt
    from pathlib import Path

    from aleppo_cli.events import date_events
    temporal = __import__("pytest").importorskip("aleppo_cli.temporal")
    text = (Path(__file__).resolve().parent.parent / "seeds" / "002_3d25cd4ee88c7fcd.txt").read_text("utf-8")
    sentences = split_sentences(text)
    raw = temporal.find_timexes(text)
    events = find_events(text, sentences, (), raw, None)
    assert all(e.date is None for e in events)
    resolved = temporal.resolve_timexes(text, raw, dt.date(2016, 11, 28))
    date_events(events, resolved, "2016-11-28")
    one_shot = find_events(text, sentences, (), resolved, None, published="2016-11-28")
    assert [(e.trigger, e.date, e.time_source) for e in events] == \
        [(e.trigger, e.date, e.time_source) for e in one_shot]
    hanano = [e for e in events if e.trigger == "captured" and "Hanano" in e.summary]
    assert [e.date for e in hanano] == ["2016-11-26"]


def test_headline_with_says_at_the_end():
    text = "Rebels driven from most of Homs, says army"
    ev = only(run(text, [], [mn(text, "Homs")]), "driven")
    assert ev.attribution == "army" and ev.modality == "claimed"
    assert ev.summary == "Rebels driven from most of Homs"


def test_summary_drops_the_closing_attribution():
    text = "Rebels pulled out of Zabadani on Monday, a rebel official said."
    ev = only(run(text, [tx(text, "Monday", "2016-03-07")], [mn(text, "Zabadani")]), "pulled out")
    assert ev.summary == "Rebels pulled out of Zabadani on Monday"
    assert ev.attribution == "a rebel official"


def test_source_of_a_coordinated_reporting_verb():
    text = "The former minister, Musa Kusa, fled to London and told officials he had resigned."
    ev = only(run(text, [], [mn(text, "London")]), "fled")
    assert ev.attribution is None and ev.modality == "asserted"  # the flight is the writer's fact


def test_feared_events_have_not_happened():
    text = "Families sheltered in basements in Dael, fearing airstrikes."
    ev = only(run(text, [], [mn(text, "Dael")]), "airstrikes")
    assert ev.modality == "hypothetical" and ev.date is None


def test_relative_clause_summary_names_its_antecedent():
    text = "Troops entered the district of Bustan al-Qasr, which has been held by rebels since 2013."
    events = run(text, [tx(text, "2013", "2013")], [mn(text, "Bustan al-Qasr")])
    held = only(events, "held")
    assert held.summary.startswith("Bustan al-Qasr has been held")
    assert held.date == "2013"


def test_and_before_a_new_subject_with_a_modal_starts_a_clause():
    text = "Homs has been contested since 2012 and a rebel defeat there would be a turning point."
    events = run(text, [tx(text, "2012", "2012")], [mn(text, "Homs")])
    held = only(events, "contested")
    assert held.date == "2012" and "turning point" not in held.summary


def _with_quotes(text, mentions=(), published="2016-03-08"):
    from aleppo_cli.quotes import find_quotes
    sentences = split_sentences(text)
    quotes = find_quotes(text, sentences, list(mentions) or None)
    return find_events(text, sentences, (), [], mentions, published=published, quotes=quotes)


def test_coordinated_participles_after_those_are_one_subject():
    # "Those killed and wounded" is the subject of "are left", not two events
    text = "“Those killed and wounded are left on the streets,” Ahmad Karim said."
    events = run(text)
    assert [e.summary for e in events] == ["Those killed and wounded are left on the streets"]
    assert events[0].attribution == "Ahmad Karim" and events[0].modality == "claimed"


def test_summary_is_never_a_bare_participle_subject():
    # the subject's clause ends at a dash or a quotation edge; the predicate comes later
    text = "Those killed -- at least 20 -- were mostly civilians."
    assert only(run(text), "killed").summary == "Those killed were mostly civilians"
    text = "“Those wounded,” he said, “were taken to a field hospital.”"
    assert only(run(text), "wounded").summary == "Those wounded were taken to a field hospital"


def test_events_inside_a_quote_are_claims_by_its_speaker():
    # the second quoted sentence has no reporting verb of its own
    text = "Colonel Ahmad Saleh spoke by telephone. He said: “We captured the airport. The rebels fled to the hills.”"
    events = _with_quotes(text, [mn(text, "Ahmad Saleh", "PERSON")])
    fled = only(events, "fled")
    assert fled.modality == "claimed" and fled.attribution == "Ahmad Saleh"
    assert "quoted" in fled.rule
    captured = only(events, "captured")
    assert captured.modality == "claimed" and captured.attribution == "Ahmad Saleh"


def test_second_part_of_a_split_quote_is_claimed():
    text = "“Our fighters retook the bridge,” said Omar Haddad, a rebel commander. “Then the army shelled the hospital.”"
    events = _with_quotes(text, [mn(text, "Omar Haddad", "PERSON")])
    shelled = only(events, "shelled")
    assert shelled.modality == "claimed" and shelled.attribution == "Omar Haddad"


def test_quoted_event_without_known_speaker_is_still_claimed():
    # without the quote stage, the quotation marks alone make it someone's words
    text = "The statement ended there. “The rebels fled to the hills.”"
    ev = only(run(text), "fled")
    assert ev.modality == "claimed" and ev.attribution is None


def test_events_outside_quotes_stay_asserted():
    text = "Rebels shelled the base. “It is a disaster,” a doctor said of the “liberated” zone."
    ev = only(_with_quotes(text), "shelled")
    assert ev.modality == "asserted" and ev.attribution is None


def test_noun_event_summary_takes_its_relative_clause():
    text = "The UN resolution, which passed on Thursday, allows member states to protect civilians."
    ev = only(run(text, [tx(text, "Thursday", "2016-03-03")], [mn(text, "UN", "ORG")]), "resolution")
    assert ev.summary == "The UN resolution, which passed on Thursday"


def test_plural_nouns_spelled_like_reporting_verbs_are_no_source():
    # "member states", "reports of shelling" are nouns, not "X states" / "X reports"
    text = "The UN resolution, which passed on Thursday, allows member states to protect civilians."
    ev = only(run(text, [tx(text, "Thursday", "2016-03-03")], [mn(text, "UN", "ORG")]), "resolution")
    assert ev.attribution is None and ev.modality == "asserted"
    text = "Rebels captured the town of Kafr Nabl despite reports of heavy shelling."
    ev = only(run(text, [], [mn(text, "Kafr Nabl")]), "captured")
    assert ev.attribution is None and ev.modality == "asserted"
    text = "The ministry states that troops captured Kafr Nabl."
    assert only(run(text, [], [mn(text, "Kafr Nabl")]), "captured").attribution == "The ministry"


# --- word reading at the edges (the tokeniser reads the document once; these pin its edge cases)


def test_capitalised_word_after_an_apostrophe_is_no_contracted_would():
    # "'Day" is a quoted word, not "'d" (would): the storming is asserted, not hypothetical
    text = "Protesters at 'Day of Rage' marches stormed the police station in Benghazi."
    ev = only(run(text), "stormed")
    assert ev.modality == "asserted"


def test_dash_and_semicolon_cut_clauses_with_their_own_events():
    text = ("Rebels shelled the airport -- government troops then retook the town; "
            "the army later shelled the hills.")
    events = run(text)
    assert [(e.trigger, text[e.start:e.end]) for e in events] == [
        ("shelled", "Rebels shelled the airport"),
        ("retook", "government troops then retook the town"),
        ("shelled", "the army later shelled the hills"),
    ]


def test_sentence_edge_inside_a_word_starts_the_clause_at_the_edge():
    # a sentence span that cuts a word: the sentence is read from its own first character
    text = "The army recaptured Aleppo on Tuesday."
    events = find_events(text, [(0, 5), (5, len(text))], published="2016-03-08")
    assert [(e.trigger, e.start, e.sentence) for e in events] == [("recaptured", 5, (5, len(text)))]


def test_kelvin_sign_does_not_shift_offsets():
    # U+212A lower-cases to ASCII "k": offsets must still point into the original text
    text = "The \u212aurdish fighters captured the town."
    ev = only(run(text), "captured")
    assert text[ev.trigger_start:ev.trigger_end] == "captured"
