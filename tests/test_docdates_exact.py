"""What the fast paths of cross-document dating rely on (``aleppo_cli.docdates``)."""

import math
from itertools import combinations

from aleppo_cli.docdates import _exact, _weekdays

NOTHING_IGNORED = ([], [])


def test_weekdays_found_in_any_case_but_only_as_words():
    text = "Troops moved in on MONDAY; by tuesday night Sundays were quiet. Fridayx."
    assert _weekdays(text, NOTHING_IGNORED) == {"monday", "tuesday"}


def test_weekdays_in_ignored_segments_are_left_out():
    text = "Photo: smoke on Sunday.\nThe rebels left on Monday."
    caption_end = text.index("\n")
    assert _weekdays(text, ([0], [caption_end])) == {"monday"}


def test_weekday_offsets_stay_right_when_lowering_changes_the_length():
    # "İ".lower() is two characters: offsets in the lowered text would shift by one per
    # "İ", and the caption's Sunday would seem to lie outside it.
    text = "İİİİ Sunday.\nThe convoy left İzmir on Wednesday."
    caption_end = text.index("\n")
    assert _weekdays(text, ([0], [caption_end])) == {"wednesday"}


def test_weekdays_with_letters_that_only_the_case_blind_regex_folds():
    # dotless i and long s match "i" and "s" case-blind, and lower() leaves them as they are
    assert _weekdays("It ended on Frıday.", NOTHING_IGNORED) == {"frıday"}
    assert _weekdays("It ended on ſunday.", NOTHING_IGNORED) == {"ſunday"}


def test_exact_sums_round_like_fsum():
    weights = {f"n{i}": w for i, w in enumerate(
        [math.log(1 + 10000 / c) for c in (1, 2, 3, 7, 50, 999, 1000)] + [0.1, 0.2, 0.3, 1e-17])}
    units, unit = _exact(weights)
    names = sorted(weights)
    for k in range(1, 5):
        for subset in combinations(names, k):
            assert sum(units[n] for n in subset) / unit == math.fsum(weights[n] for n in subset)
    # the union's total as both sides' totals less the shared ones
    a, b = {"n0", "n1", "n7", "n9"}, {"n1", "n7", "n8"}
    total = sum(units[n] for n in a) + sum(units[n] for n in b) - sum(units[n] for n in a & b)
    assert total / unit == math.fsum(weights[n] for n in a | b)
