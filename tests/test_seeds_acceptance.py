"""The built-in seeds through the real commands: what the issues ask to see.

Expected values were checked by hand against the five articles in seeds/.
"""

import json

import pytest
from typer.testing import CliRunner

from aleppo_cli.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def cache_file(tmp_path_factory):
    return str(tmp_path_factory.mktemp("cache") / "extract.sqlite")


def run_json(cache_file, *args):
    result = runner.invoke(app, [*args, "--json", "--cache", cache_file])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_seed_gets_its_day(cache_file):
    # 002 is the Nov 28 report (Hanano taken "on Saturday", after "NOV. 26");
    # the other four report Monday Dec 12 (003 states 12/12/2016 in its lead).
    docs = {d["id"][:3]: d["published"] for d in run_json(cache_file, "docs")}
    assert {k: v["value"] for k, v in docs.items()} == {
        "000": "2016-12-12", "001": "2016-12-12", "002": "2016-11-28",
        "003": "2016-12-12", "004": "2016-12-12"}
    assert all(v["precision"] == "day" for v in docs.values())
    assert docs["003"]["method"].startswith("text:")
    assert docs["004"]["method"].startswith("corpus:")


def test_both_spellings_find_the_observatory_head(cache_file):
    a = run_json(cache_file, "who", "Rami Abdulrahman")
    b = run_json(cache_file, "who", "rami abdurrahman")
    assert a["id"] == b["id"] and a["type"] == "PERSON"
    assert a["documents"] == 3
    assert any(r["affiliation"] == "Syrian Observatory for Human Rights" for r in a["roles"])
    assert any("total collapse" in q["text"] for q in a["quotes"])


def test_assad_is_in_all_five(cache_file):
    data = run_json(cache_file, "who", "Assad")
    assert data["name"] == "Bashar al-Assad"
    assert data["documents"] == 5


def test_typo_tolerant_lookup_and_unknown_name(cache_file):
    assert run_json(cache_file, "who", "Rami Abdulrahmn")["name"] == "Rami Abdurrahman"
    result = runner.invoke(app, ["who", "Xqzzy Plorf", "--cache", cache_file])
    assert result.exit_code == 1
    assert result.stderr.startswith("aleppo: error: no entity")


def test_places_are_locations_and_one_district_has_three_spellings(cache_file):
    rows = run_json(cache_file, "entities", "--type", "LOC")
    names = {r["name"] for r in rows}
    assert {"Aleppo", "Palmyra", "Idlib", "Damascus", "Geneva"} <= names
    district = next(r for r in rows if r["name"].startswith("Sheikh Sa"))
    assert {"Sheik Saeed", "Sheikh Said"} <= set(district["aliases"]) | {district["name"]}
    people = {r["name"] for r in run_json(cache_file, "entities", "--type", "PERSON")}
    for place in ("Sheikh Saeed", "Hanano", "Fardous", "Sakhour", "Saliheen", "Sukkari"):
        assert not any(place in p for p in people)


def test_disputed_share_of_eastern_aleppo(cache_file):
    rows = run_json(cache_file, "claims", "--disputed")
    values = {(r["value"], r["doc"][:3]) for r in rows}
    assert (98.0, "001") in values  # the military: 98 per cent
    assert (93.0, "001") in values  # the Observatory: rebels still hold around 7 per cent
    assert (90.0, "004") in values  # the Post: no more than a tenth
    assert len({r["group"] for r in rows}) == 1


def test_quotes_by_speaker_and_doc(cache_file):
    rows = run_json(cache_file, "quotes", "--speaker", "Rami Abdurrahman", "--direct")
    assert rows and all(r["direct"] for r in rows)
    assert any("total collapse" in r["text"] for r in rows)
    rows = run_json(cache_file, "quotes", "--doc", "003_48d7ccc0d0fb070f")
    assert rows and {r["doc"] for r in rows} == {"003_48d7ccc0d0fb070f"}


def test_show_event_and_unknown_event(cache_file):
    events = run_json(cache_file, "timeline")
    first = events[0]
    shown = run_json(cache_file, "show", first["id"])
    assert shown["id"] == first["id"] and shown["sources"]
    result = runner.invoke(app, ["show", "ev-nothing", "--cache", cache_file])
    assert result.exit_code == 1


def test_dates_json_rows(cache_file):
    rows = run_json(cache_file, "dates", "--top", "3")
    assert rows[0]["precision"] == "day"
    assert {"date", "precision", "score", "events", "sources"} <= set(rows[0])


def test_cache_info_counts_records(cache_file):
    info = run_json(cache_file, "cache", "info")
    assert info["records"] >= 5


def test_unnamed_speaker_keeps_its_description(cache_file):
    # 003: "... overnight," said a Reuters journalist -- a person, not the agency
    rows = run_json(cache_file, "quotes", "--doc", "003_48d7ccc0d0fb070f", "--direct")
    quote = next(r for r in rows if r["text"].startswith("The bombardment did not stop"))
    assert quote["speaker"] == "a Reuters journalist"
    assert quote["entity"] is None


def test_repeated_headline_is_not_a_second_claim(cache_file):
    # 001 prints its headline twice ("Rebels driven from 98 per cent ...") before the body
    rows = run_json(cache_file, "claims", "--disputed")
    from_001 = [r for r in rows if r["doc"].startswith("001") and r["value"] == 98.0]
    assert len(from_001) == 2  # the headline once, the lead once


def test_photo_credit_names_are_furniture_not_entities(cache_file):
    # "GEORGE OURFALIAN / AFP - Getty Images" lines are captions in four seeds
    names = {r["name"] for r in run_json(cache_file, "entities")}
    assert "Getty Images" not in names
    orgs = {r["name"] for r in run_json(cache_file, "entities", "--type", "ORG")}
    assert "Getty Images" in orgs  # still there when asked for by type
