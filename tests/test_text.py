"""Sentence splitting on news abbreviations."""

import pytest

from aleppo_cli.text import paragraphs, split_sentences


def sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. Army arrived. Troops left.", ["The U.S. Army arrived.", "Troops left."]),
    ("Talks were held in the U.S. The next day they ended.",
     ["Talks were held in the U.S.", "The next day they ended."]),
    ("The U.N. Security Council met on Dec. 12 to vote.",
     ["The U.N. Security Council met on Dec. 12 to vote."]),
    ("Lt. Gen. Zaid Hamad spoke. He left.", ["Lt. Gen. Zaid Hamad spoke.", "He left."]),
    ("It began on Nov. 26, officials said.", ["It began on Nov. 26, officials said."]),
    ("\"We will stay,\" he said. \"Never.\" She agreed.",
     ["\"We will stay,\" he said.", "\"Never.\"", "She agreed."]),
    ("Shares rose 2.5 percent. Bonds fell.", ["Shares rose 2.5 percent.", "Bonds fell."]),
    ("Mr. Smith met Dr. Jones at 5 p.m. on Monday.",
     ["Mr. Smith met Dr. Jones at 5 p.m. on Monday."]),
    ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
])
def test_abbreviations_do_not_split(text, expected):
    assert sents(text) == expected


def test_paragraphs_are_hard_boundaries_and_broken_lines_are_joined():
    text = "A headline without a stop\n\nBody begins here and the anti-\nwar camp grew. Next.\n"
    assert sents(text) == ["A headline without a stop",
                           "Body begins here and the anti-\nwar camp grew.", "Next."]


def test_offsets_index_the_original_text():
    text = "  First one.  Second one.\r\n\r\nThird."
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip()
    assert sents(text) == ["First one.", "Second one.", "Third."]
    assert [text[s:e] for s, e in paragraphs(text)] == ["First one.  Second one.", "Third."]
