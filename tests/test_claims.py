"""Quantity claims, their claimants and cross-document grouping."""

from pathlib import Path

from aleppo_cli.claims import Claim, _spread, _spread_pairs, find_claims, group_claims
from aleppo_cli.quotes import find_quotes
from aleppo_cli.text import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def claims(text):
    s = split_sentences(text)
    return find_claims(text, s, find_quotes(text, s))


def test_percent_held_by_government_with_claimant():
    t = "The army said on Tuesday that government forces now control 80 percent of northern Valdora."
    [c] = claims(t)
    assert c.value == 80.0 and c.unit == "percent"
    assert c.base == "northern Valdora"
    assert c.measure == "share of northern Valdora held by government"
    assert c.claimant == "The army"
    assert t[c.start:c.end] == "80 percent"


def test_share_held_by_rebels_is_stored_from_the_government_side():
    t = "A monitoring group said the rebels still control around 15 per cent of northern Valdora."
    [c] = claims(t)
    assert c.raw_value == 15.0 and c.raw_side == "rebels"
    assert c.value == 85.0 and c.side == "government"
    assert c.hedge == "about"


def test_loss_verb_gives_the_complement():
    t = "Rebels were driven from 60 per cent of the town of Marsh, a general said."
    [c] = claims(t)
    assert c.value == 60.0 and c.side == "government"
    assert c.claimant == "a general"


def test_fraction_with_upper_bound_hedge():
    t = "By nightfall, rebels controlled no more than a quarter of the Valdora districts."
    [c] = claims(t)
    assert c.raw_value == 25.0 and c.value == 75.0
    assert c.hedge_text == "no more than"
    assert c.hedge == "at_least"  # rebels <= 25 means government >= 75
    assert c.claimant is None  # the article's own voice


def test_counts_with_units_and_hedges():
    t = ("The ministry said more than 2,400 buildings and 12 neighbourhoods were taken. "
         "It said the area still held by the militants is no more than 3 square miles.")
    cs = claims(t)
    by_text = {c.text: c for c in cs}
    assert by_text["more than 2,400 buildings"].value == 2400.0
    assert by_text["more than 2,400 buildings"].hedge == "above"
    assert by_text["12 neighbourhoods"].unit == "neighbourhoods"
    area = [c for c in cs if c.unit == "square miles"][0]
    assert area.value == 3.0 and area.hedge == "at_most"
    assert area.measure == "area (square miles) held by rebels"
    assert area.claimant == "The ministry"  # "It" resolves to the ministry


def test_number_words_and_ages_and_one_of_the():
    t = "Three hundred people fled. A 63-year-old man stayed. One of the largest districts fell."
    cs = claims(t)
    assert [c.value for c in cs] == [300.0]


def test_grouping_complements_and_dispute():
    a = claims("The army said government forces control 95 percent of eastern Valdora.")[0]
    b = claims("An activist group said rebels still hold about 12 per cent of eastern Valdora.")[0]
    c = claims("By Monday, rebels controlled no more than a tenth of the eastern Valdora neighbourhoods.")[0]
    d = claims("Troops took 40 percent of Valdora's formerly rebel-held districts, officials said.")[0]
    groups = group_claims([("a", a), ("b", b), ("c", c), ("d", d)])
    main = [g for g in groups if len(g.claims) == 3]
    assert len(main) == 1
    g = main[0]
    assert g.disputed  # 95 vs 88 (100 - 12)
    assert {doc for doc, _ in g.claims} == {"a", "b", "c"}
    other = [g for g in groups if g.claims[0][0] == "d"][0]
    assert len(other.claims) == 1 and not other.disputed


def test_close_values_are_not_disputed_and_bounds_are_respected():
    a = claims("The army said government forces control 95 percent of eastern Valdora.")[0]
    b = claims("A monitor said rebels hold 4 per cent of eastern Valdora.")[0]
    c = claims("Rebels controlled no more than a tenth of eastern Valdora.")[0]
    [g] = group_claims([("a", a), ("b", b), ("c", c)])
    assert not g.disputed  # 95 vs 96, and both leave rebels under a tenth


def test_claims_dated_apart_are_not_compared():
    a = claims("The army said government forces control 30 percent of eastern Valdora.")[0]
    b = claims("The army said government forces control 95 percent of eastern Valdora.")[0]
    a.date, b.date = "2016-11-28", "2016-12-12"
    groups = group_claims([("a", a), ("b", b)])
    assert len(groups) == 2 and not any(g.disputed for g in groups)


def test_to_dict():
    [c] = claims("Officials said 70 percent of the city was held by the army.")
    assert isinstance(c, Claim)
    d = c.to_dict()
    for k in ("value", "unit", "measure", "start", "end", "text", "claimant", "rule", "sentence_start"):
        assert k in d
    g = group_claims([("x", c)])[0].to_dict()
    assert g["claims"][0]["doc"] == "x"


def test_seeds_share_of_eastern_aleppo_is_one_disputed_group():
    pairs = []
    for p in sorted(SEEDS.glob("*.txt")):
        for c in claims(p.read_text(encoding="utf-8")):
            pairs.append((p.stem, c))
    groups = [g for g in group_claims(pairs) if g.disputed]
    [g] = [g for g in groups if any(c.raw_value == 7.0 for _, c in g.claims)]
    texts = {(doc[:3], c.text) for doc, c in g.claims}
    assert ("001", "around 7 per cent") in texts
    assert ("004", "no more than a tenth") in texts
    assert any(t.startswith("98 per") for _, t in texts)
    claimants = {c.claimant for _, c in g.claims}
    assert "Rami Abdurrahman" in claimants
    assert any(x and "military" in x for x in claimants)
    # "nearly 30 percent of Aleppo's formerly rebel-held neighborhoods" has another base
    assert not any(c.raw_value == 30.0 for _, c in g.claims)


def test_counts_need_dates_and_shared_names_to_be_disputed():
    a = claims("The Red Crescent said 3,000 people have fled Valdora since Saturday.")[0]
    b = claims("Officials at the Red Crescent said 9,000 people have fled Valdora.")[0]
    c = claims("In Marsh, 9,000 people have fled, the mayor said.")[0]
    assert a.measure == b.measure == "people: have fled"
    [g_ab] = [g for g in group_claims([("a", a), ("b", b)])]
    assert not g_ab.disputed  # no dates: a count may be from another day
    a.date, b.date, c.date = "2016-12-10", "2016-12-11", "2016-12-11"
    groups = group_claims([("a", a), ("b", b), ("c", c)])
    [g] = [g for g in groups if len(g.claims) == 2]
    assert g.disputed and {d for d, _ in g.claims} == {"a", "b"}  # "Marsh" is another place


def test_share_without_a_holder_is_not_disputed():
    a = claims("The fund owns 15% of the shares outstanding.")[0]
    b = claims("The partners hold about 38% of the shares outstanding.")[0]
    assert not any(g.disputed for g in group_claims([("a", a), ("b", b)]))


def _bare(value, hedge=None, unit="percent"):
    return ("x", Claim(value=value, unit=unit, measure="m", side=None, raw_value=value, raw_side=None,
                       hedge=hedge, hedge_text=None, start=0, end=0, text="", sentence_start=0,
                       sentence_end=0, claimant=None, claimant_start=None, claimant_end=None,
                       cue=None, rule="test"))


def test_spread_of_a_large_group_honours_bounds():
    # points 95 and 88 differ by 7; "at least 80" fits every value
    group = [_bare(95.0), _bare(88.0), _bare(80.0, "at_least"), _bare(90.0, "at_most")]
    assert _spread(group) == 7.0  # "at most 90" is off by 5 only
    group.append(_bare(85.0, "below"))
    assert _spread(group) == 10.0  # 95 against "below 85"
    assert _spread(group) == _spread_pairs([c for _, c in group])


def test_spread_of_counts_is_relative():
    group = [_bare(100.0, unit="people"), _bare(150.0, unit="people"),
             _bare(120.0, "above", unit="people")]
    assert abs(_spread(group) - 50 / 150) < 1e-12  # 100 vs 150; "more than 120" vs 100 is 20/120
    group.append(_bare(400.0, "at_most", unit="people"))  # fits every value
    assert abs(_spread(group) - 50 / 150) < 1e-12
    group.append(_bare(90.0, unit="people"))
    assert abs(_spread(group) - 60 / 150) < 1e-12  # 90 vs 150; "more than 120" vs 90 is 30/120
    assert _spread(group) == _spread_pairs([c for _, c in group])


def test_claims_start_at_hedges_and_all_in_any_case():
    [c] = claims("The hospital lost all eight of its ambulances.")
    assert c.text == "all eight of its ambulances" and c.value == 8.0 and c.unit == "ambulances"
    [c] = claims("MORE THAN 2,400 buildings were destroyed, officials said.")
    assert c.text == "MORE THAN 2,400 buildings" and c.hedge == "above"
    [c] = claims("Nearly two-thirds of the city was held by the army.")
    assert c.text == "Nearly two-thirds" and c.value == 66.667 and c.hedge == "below"
    assert c.measure == "share of city held by government"


def test_letters_that_ignorecase_folds_do_not_change_other_claims():
    # the Kelvin sign (and dotless i, long s) make the finder take its slow path
    t = "Officials said 40 percent of Valdora was held by the army."
    plain = [c.to_dict() for c in claims(t)]
    assert len(plain) == 1
    assert [c.to_dict() for c in claims(t + " It was 300 \u212a there.")] == plain


def test_counts_group_by_two_shared_names():
    def count(doc, names):
        d, c = _bare(100.0, unit="people")
        c.anchors = sorted(names)
        return doc, c
    a = count("a", ["Marsh", "Valdora"])
    b = count("b", ["Marsh", "Valdora"])  # the same names as a
    c = count("c", ["Marsh", "Valdora", "Zed"])
    d = count("d", ["Valdora"])  # one name: never joins
    e = count("e", ["Zed", "Valdora"])  # shares "Valdora" and "Zed" with c only
    f = count("f", ["Marsh", "Quill"])  # shares one name only
    groups = group_claims([a, b, c, d, e, f])
    assert sorted(sorted(doc for doc, _ in g.claims) for g in groups) == [
        ["a", "b", "c", "e"], ["d"], ["f"]]
    assert all(g.spread == 0.0 and not g.disputed for g in groups)
