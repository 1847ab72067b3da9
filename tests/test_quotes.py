"""Quotes and speakers on sentences written for these tests, and on the seeds."""

from pathlib import Path

import pytest

from aleppo_cli.quotes import Quote, find_quotes
from aleppo_cli.text import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def quotes(text, direct=None):
    qs = find_quotes(text, split_sentences(text))
    return [q for q in qs if direct is None or q.direct == direct]


def speaker_mention(text, q):
    return text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None


def test_quote_after_attribution_with_name():
    t = '"The bridge will open next week," said Maria Lopez, the city engineer.'
    [q] = quotes(t, direct=True)
    assert q.text == "The bridge will open next week,"
    assert t[q.start:q.end] == q.text
    assert q.speaker == "Maria Lopez" and speaker_mention(t, q) == "Maria Lopez"
    assert q.cue == "said" and q.speaker_kind == "name"


def test_pronoun_resolves_to_last_speaker_and_keeps_its_own_span():
    t = ('Lieutenant Colonel Omar Haddad said the convoy had left at dawn.\n\n'
         '"We expect no delays," he told reporters.')
    [q] = quotes(t, direct=True)
    assert speaker_mention(t, q) == "he"
    assert q.speaker == "Omar Haddad"
    assert q.speaker_kind == "pronoun"
    assert t[q.antecedent_start:q.antecedent_end] == "Omar Haddad"


def test_pronoun_walks_back_over_an_organisation_subject_to_a_person():
    t = ("Omar Haddad visited the camp on Monday. Later the Norwegian Refugee Council delivered tents.\n\n"
         "Hospital Council officials counted the wounded.\n\n"
         '"We need more tents," he said.')
    [q] = quotes(t, direct=True)
    assert speaker_mention(t, q) == "he"
    assert q.speaker == "Omar Haddad"
    assert t[q.antecedent_start:q.antecedent_end] == "Omar Haddad"


def test_pronoun_gender_skips_an_organisation():
    t = ('Peter Novak, a spokesman, said talks would resume. The Foreign Ministry said it was '
         'ready.\n\n"Nothing has been signed yet," he said.')
    q = [q for q in quotes(t, direct=True)][0]
    assert q.speaker == "Peter Novak"


def test_split_quote_is_one_quote_with_the_outer_span():
    t = '"The water is gone," she said. "We are drinking from the river now."'
    [q] = quotes(t, direct=True)
    assert q.text.startswith("The water is gone,") and q.text.endswith("river now.")
    assert speaker_mention(t, q) == "she"


def test_partial_quote_inside_sentence_takes_the_verb_subject():
    t = 'A hospital director called the shortage "catastrophic" on Tuesday.'
    [q] = quotes(t, direct=True)
    assert q.text == "catastrophic"
    assert q.speaker == "A hospital director" and q.speaker_kind == "description"
    assert q.cue == "called"


def test_unnamed_speaker_keeps_description_and_is_not_given_a_nearby_name():
    t = ('Prime Minister Jonas Berg visited the port on Monday. "The strikes will continue," a senior '
         'army officer said.')
    [q] = quotes(t, direct=True)
    assert q.speaker == "a senior army officer"
    assert q.speaker_kind == "description"
    assert q.antecedent_start is None


def test_gave_his_name_as_introduction_names_the_speaker():
    t = '"We have nothing left," said one farmer, who gave his name as Yusuf Demir.'
    [q] = quotes(t, direct=True)
    assert q.speaker == "Yusuf Demir" and q.speaker_kind == "name"


def test_surname_later_resolves_to_full_name():
    t = ('"We sleep in the car," said Hana Kovacs, a teacher.\n\n'
         '"It is cold at night," Kovacs said.')
    qs = quotes(t, direct=True)
    assert [q.speaker for q in qs] == ["Hana Kovacs", "Hana Kovacs"]
    assert speaker_mention(t, qs[1]) == "Kovacs"


def test_quote_spanning_paragraphs_continues():
    t = ('Mayor Ana Ruiz said: "The first phase is finished.\n\n'
         '"The second phase starts in spring."\n\nOther news followed.')
    qs = quotes(t, direct=True)
    assert len(qs) == 1
    assert "second phase" in qs[0].text and qs[0].speaker == "Ana Ruiz"


def test_straight_and_curly_marks():
    t = 'He said “we are ready.” Then Tom Hall said "so are we."'
    qs = quotes(t, direct=True)
    assert [q.text for q in qs] == ["we are ready.", "so are we."]
    assert qs[1].speaker == "Tom Hall"


def test_scare_quote_without_speaker_is_not_a_quote():
    t = 'The so-called "peace dividend" never arrived.'
    assert quotes(t, direct=True) == []


def test_definite_description_resolves_to_named_organisation():
    t = ('The Health Ministry said 40 people were hurt.\n\n'
         '"Hospitals are full," the ministry said in a statement.')
    [q] = quotes(t, direct=True)
    assert speaker_mention(t, q) == "the ministry"
    assert q.speaker == "The Health Ministry"


def test_definite_description_resolves_to_the_nearest_earlier_name():
    t = ('The Health Ministry said 40 people were hurt in the blast near the old market.\n\n'
         'The Interior Ministry said the roads into the city were closed until further notice.\n\n'
         '"Hospitals are full," the ministry said in a statement.')
    [q] = quotes(t, direct=True)
    assert speaker_mention(t, q) == "the ministry"
    assert q.speaker == "The Interior Ministry"
    assert t[q.antecedent_start:q.antecedent_end] == "The Interior Ministry"


def test_indirect_statements():
    t = ('Officials said that the road was closed. According to the Red Cross, 200 families fled. '
         'The storm destroyed 30 homes, the governor said.')
    ind = quotes(t, direct=False)
    by_speaker = {q.speaker: q.text for q in ind}
    assert by_speaker["Officials"] == "the road was closed"
    assert by_speaker["the Red Cross"] == "200 families fled"
    assert by_speaker["the governor"] == "The storm destroyed 30 homes"


def test_told_skips_the_listener():
    t = 'Sara Malik told Reuters the border would reopen soon.'
    [q] = quotes(t, direct=False)
    assert q.text == "the border would reopen soon" and q.speaker == "Sara Malik"


def test_time_near_cue_is_kept():
    t = 'The army said Monday that it had taken the hill.'
    [q] = quotes(t, direct=False)
    assert q.time_text == "Monday" and t[q.time_start:q.time_end] == "Monday"


def test_to_dict_has_the_contract_fields():
    [q] = quotes('"Yes," said Ann Lee.')
    d = q.to_dict()
    for k in ("start", "end", "text", "direct", "speaker", "speaker_start", "speaker_end", "cue", "rule"):
        assert k in d
    assert isinstance(q, Quote)


def test_works_with_entity_mentions():
    class M:
        def __init__(self, start, end, text, type):
            self.start, self.end, self.text, self.type = start, end, text, type

    t = '"It is over," said Dana White of the monitoring group.'
    s = t.index("Dana White")
    qs = find_quotes(t, split_sentences(t), [M(s, s + 10, "Dana White", "PERSON")])
    assert qs[0].speaker == "Dana White"


# --- seeds -----------------------------------------------------------------


def seed(name_prefix):
    [p] = [p for p in SEEDS.glob(name_prefix + "*.txt")]
    return p.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "prefix, quote_start, speaker",
    [
        ("000", "The battle in east Aleppo", "Zaid al-Saleh"),
        ("001", "Those killed and wounded", "Mohammed Abu Rajab"),
        ("001", "they are doing their best", "Bassam Haj Mustafa"),
        ("001", "This pushes us to fight", "Osama Abo Zayd"),
        ("001", "The situation is very, very critical", "Ibrahim al-Haj"),
        ("002", "It is stinging cold", "Mohammad Zein Khandaqani"),
        ("003", "The situation is extremely difficult", "Zakaria Malahifji"),
        ("003", "People run from one shelling", "Abu Amer Iqab"),
        ("004", "I am waiting to die", "Ameen al-Halabi"),
        ("004", "The battle of Aleppo has reached its end", "Rami Abdulrahman"),
        ("004", "They have been killing us", "Ahmed al-Shaer"),
        ("004", "Life in Aleppo has become a slow death", "Ahmed al-Shaer"),
    ],
)
def test_seed_named_speakers(prefix, quote_start, speaker):
    t = seed(prefix)
    found = [q for q in quotes(t, direct=True) if q.text.startswith(quote_start)]
    assert found, quote_start
    assert found[0].speaker == speaker


def test_seed_total_collapse_quote_contains_the_phrase():
    t = seed("004")
    [q] = [q for q in quotes(t, direct=True) if "total collapse" in q.text]
    assert q.speaker == "Rami Abdulrahman"


def test_seed_every_double_quoted_stretch_is_found():
    for p in sorted(SEEDS.glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        found = quotes(t, direct=True)
        for opener in ("“", '"'):
            i = t.find(opener)
            while i >= 0:
                assert any(q.start - 1 <= i < q.end + 1 for q in found), (p.name, t[i:i + 40])
                i = t.find(opener, i + 1)
                # skip the matching close of a straight pair
                if opener == '"' and i >= 0:
                    i = t.find(opener, i + 1)


def test_seed_unnamed_sources_keep_descriptions():
    t = seed("003")
    by_text = {q.text[:20]: q for q in quotes(t, direct=True)}
    assert by_text["big collapse in terr"].speaker == "a Syrian military source"
    assert by_text["The bombardment did n"[:20]].speaker == "a Reuters journalist"


def test_quote_split_by_mid_sentence_attribution():
    t = '"If the rain stops," he said, "we will rebuild the bridge by May."'
    [q] = quotes(t, direct=True)
    assert q.text.startswith("If the rain stops,") and q.text.endswith("by May.")
    assert speaker_mention(t, q) == "he"


def test_curly_closing_mark_typed_as_opener():
    t = 'Readers wrote in.\n\n”The service was excellent.” ― Lina Park\n'
    [q] = quotes(t, direct=True)
    assert q.text == "The service was excellent."
    assert q.speaker == "Lina Park" and q.rule == "dash-signature"


def test_member_of_a_council_is_a_person_for_he():
    t = ('"The roads are closed," Karim Nasser, a member of the Medical Council, told reporters.\n\n'
         'He said that 20 clinics had shut.')
    [q] = quotes(t, direct=False)
    assert q.speaker == "Karim Nasser" and speaker_mention(t, q) == "He"


def test_organisation_apposition_takes_it():
    t = ('Helpline, a volunteer organization that runs shelters, said its vans were hit.\n\n'
         'It said 12 of its 40 staff were missing.')
    last = quotes(t, direct=False)[-1]
    assert speaker_mention(t, last) == "It" and last.speaker == "Helpline"


def test_main_clause_speaker_wins_over_embedded_pronoun():
    t = 'Judge Amy Chen said she remembers the witness being "nervous" that day.'
    [q] = quotes(t, direct=True)
    assert speaker_mention(t, q) == "Amy Chen" and q.cue == "said"


def test_hard_wrapped_quote_and_one_paragraph_a_line():
    wrapped = '"We will stay here until the end of the\nwinter," said Omar Said, a baker.'
    [q] = quotes(wrapped, direct=True)
    assert q.text.endswith("winter,") and q.speaker == "Omar Said"
    lines = 'He said: "The road is closed.\nMaria Ortiz said "we walked for days."'
    qs = quotes(lines, direct=True)
    assert [q.text for q in qs] == ["The road is closed.", "we walked for days."]
    assert qs[1].speaker == "Maria Ortiz"


def test_time_after_inverted_speaker_is_kept_apart():
    t = '"No deal yet," said Tom Fox late Sunday.'
    [q] = quotes(t, direct=True)
    assert q.speaker == "Tom Fox" and q.time_text == "late Sunday"
    t2 = '"We will win," he told reporters on Monday.'
    [q2] = quotes(t2, direct=True)
    assert q2.time_text == "on Monday" and t2[q2.time_start:q2.time_end] == "on Monday"


def test_name_apposed_to_a_description_is_the_speaker():
    t = '"We are ready," the spokesman, Ali Hassan, told AFP.'
    [q] = quotes(t, direct=True)
    assert q.speaker == "Ali Hassan" and q.speaker_kind == "name"
    t2 = 'One resident, 45, said the town was "empty now."'
    [q2] = quotes(t2, direct=True)
    assert q2.speaker == "One resident"


def test_indirect_statement_shapes():
    cases = {
        "The ministry said in a statement that the airport would reopen.": ("The ministry", "the airport would reopen"),
        "The official, who spoke on condition of anonymity, said the talks had failed.": ("The official", "the talks had failed"),
        "She wrote on Twitter that the vote was rigged.": ("She", "the vote was rigged"),
        "Rebels lost the town, says the army.": ("the army", "Rebels lost the town"),
        "The group denied that its fighters had shelled the market.": ("The group", "its fighters had shelled the market"),
    }
    for t, (speaker, content) in cases.items():
        [q] = quotes(t, direct=False)
        assert (q.speaker, q.text) == (speaker, content), t


def test_cue_lookup_by_window_matches_a_fresh_scan_of_the_window():
    # the per-document cue index must give what scanning the window itself gives,
    # also for windows that start or end inside a word or inside "according to"
    from aleppo_cli import quotes as qmod

    t = ('The minister said, according to aides, that he was told. "So-called talks," '
         'Hassan added; it was according tomorrow\'s plan, reports said.')
    cues = qmod._cues()

    def fresh(a, b):
        out = [c for m in qmod._WORD.finditer(t, a, b)
               if (c := qmod._cue_check(t, m.start(), m.end(), cues)) is not None]
        out += [(m.start(), m.end(), m.group(0), "according") for m in qmod._ACCORDING.finditer(t, a, b)]
        return sorted(out)

    index = qmod._Mentions(None, t)
    assert [c[2] for c in qmod._cue_at(t, 0, len(t), index)] == [
        "said", "according to", "added", "reports", "said"]
    for a in range(0, len(t) + 1, 3):
        for b in range(a, len(t) + 2):
            assert qmod._cue_at(t, a, b, index) == fresh(a, b), (a, b)


def test_token_character_test_agrees_with_the_token_regex():
    # _cue_at tests window edges with isalnum()/_TOKEN_PUNCT instead of _TOKEN_CHAR
    from aleppo_cli import quotes as qmod

    for code in range(0x10000):
        ch = chr(code)
        assert bool(qmod._TOKEN_CHAR.match(ch)) == (ch.isalnum() or ch in qmod._TOKEN_PUNCT), hex(code)


def test_paragraph_breaks_blank_lines_and_sentence_ends():
    from aleppo_cli.quotes import _paragraph_breaks
    assert _paragraph_breaks("A.\nB") == [(2, 3)]  # a line ending a sentence
    assert _paragraph_breaks("A\n\nB") == [(1, 3)]  # a blank line
    assert _paragraph_breaks("A \t\n  \nB") == [(3, 7)]  # a blank line of spaces
    assert _paragraph_breaks("the anti-\nwar camp") == []  # a hard-wrapped line
    assert _paragraph_breaks("He left. \n\nThen") == [(8, 10)]  # spaces, then the break
    assert _paragraph_breaks("“Go.”\nShe went") == [(5, 6)]
