"""Cleaning: labels for page furniture and the outlet, by general page shapes."""

from aleppo_cli.clean import clean
from tests.conftest import seed_text


def labels(text):
    c = clean(text)
    return [(s.label, text[s.start:s.end]) for s in c.segments], c


def test_invented_page_gets_every_label():
    page = (
        "Subscribe to our newsletter\n\n"
        "Flood waters rise across the northern valley\n\n"
        "By Jane Roe and Omar Haddad\n\n"
        "CAIRO (Reuters) — Flood waters rose on Tuesday, officials said.\n\n"
        "Residents wade through a street in Minya. JOHN DOE / AFP - Getty Images\n\n"
        "Related: Dams under strain after record rain\n\n"
        "Rescue teams searched through the night.\n\n"
        "Stranded villagers wait for boats 1:45\n\n"
        "Bloomberg News contributed to this report.\n\n"
        "Filed under:\n"
    )
    got, c = labels(page)
    assert got == [
        ("boilerplate", "Subscribe to our newsletter"),
        ("title", "Flood waters rise across the northern valley"),
        ("byline", "By Jane Roe and Omar Haddad"),
        ("dateline", "CAIRO (Reuters) —"),
        ("body", "Flood waters rose on Tuesday, officials said."),
        ("caption", "Residents wade through a street in Minya. JOHN DOE / AFP - Getty Images"),
        ("related", "Related: Dams under strain after record rain"),
        ("body", "Rescue teams searched through the night."),
        ("related", "Stranded villagers wait for boats 1:45"),
        ("byline", "Bloomberg News contributed to this report."),
        ("boilerplate", "Filed under:"),
    ]
    assert c.title == "Flood waters rise across the northern valley"
    assert (c.outlet, c.outlet_rule) == ("Reuters", "dateline")


def test_source_line_beats_contributor_credit():
    page = "Storm hits coast towns hard\n\nUpdated / Source: Reuters\n\nWinds rose.\n\n" \
           "The Associated Press contributed.\n"
    assert clean(page).outlet == "Reuters"


def test_masthead_line_names_outlet():
    page = "The Guardian International edition\n\nMinisters met in the capital on Friday.\n"
    c = clean(page)
    assert c.outlet == "The Guardian"
    assert c.segments[0].label == "boilerplate"


def test_segments_cover_lines_without_losing_text():
    text = seed_text("004")
    c = clean(text)
    covered = "".join(text[s.start:s.end] for s in c.segments)
    assert "".join(text.split()) == "".join(covered.split())


# Titles and outlets of the five seeds, checked by hand against the articles.
def test_seed_titles_and_outlets():
    expected = {
        "000": (None, "Reuters"),  # no headline in the text; "Source: Reuters" line
        "001": ("Rebels driven from 98 per cent of Aleppo, says Syrian military", None),
        "002": ("Pro-Assad Troops Capture 10 Aleppo Neighborhoods: Russia", None),
        "003": ("Syrian army takes Aleppo districts amid bombardment", "Reuters"),
        "004": ("Syrian forces push Aleppo rebels to brink as city nears \u2018total collapse\u2019",
                "The Washington Post"),
    }
    for prefix, (title, outlet) in expected.items():
        c = clean(seed_text(prefix))
        assert (c.title, c.outlet) == (title, outlet), prefix


def test_seed_furniture_is_labelled():
    got, _ = labels(seed_text("002"))
    related = [t for label, t in got if label == "related"]
    assert "FROM NOV. 26: Some Syrians Now Envy the Dead 2:38" in related
    assert any(t.startswith("Related: 7-Year-Old") for t in related)
    captions = [t for label, t in got if label == "caption"]
    assert any(t.endswith("GEORGE OURFALIAN / AFP - Getty Images") for t in captions)
    got, _ = labels(seed_text("001"))
    assert ("dateline", "BEIRUT \u2014") in got


def test_phrases_in_is_case_blind_and_keeps_unicode_lowering():
    from aleppo_cli.clean import _phrases_in
    phrases = ("sign up for", "on facebook")
    assert _phrases_in("SIGN UP FOR our newsletter", phrases) == ("sign up for",)
    assert _phrases_in("Café news On Facebook", phrases) == ("on facebook",)
    # the Kelvin sign lower-cases to an ASCII "k": str.lower() finds the phrase
    assert _phrases_in("on faceboo\u212a", phrases) == ("on facebook",)
    assert _phrases_in("nothing here", phrases) == ()
