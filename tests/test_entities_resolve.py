"""Resolution, similarity, roles, aliases and lookup on sentences written for them."""

import json

import pytest

from aleppo_cli.entities import (AliasError, DocEntities, find_mentions, find_roles, load_aliases, lookup,
                                 resolve_entities)
from aleppo_cli.entities.lookup import forms_of
from aleppo_cli.entities.similarity import names_fit, normalise, similar, similar_pairs
from aleppo_cli.text import split_sentences


def doc(doc_id, text):
    sents = split_sentences(text)
    ms = find_mentions(text, sents)
    return DocEntities(doc_id, text, ms, find_roles(text, sents, ms))


@pytest.mark.parametrize("a,b", [
    ("Abdurrahman", "Abdulrahman"), ("Sheikh Saeed", "Sheik Saeed"), ("Sheikh Saeed", "Sheikh Said"),
    ("Fardous", "al-Fardous"), ("Mohammed Nasser", "Muhammad Nasser"), ("Abdullah", "Abdallah"),
])
def test_transliteration_variants_match(a, b):
    assert similar(normalise(a), normalise(b))


@pytest.mark.parametrize("a,b", [
    ("Mohammed Ali", "Mahmoud Ali"), ("Iran", "Iraq"), ("Austria", "Australia"), ("Sudan", "Sedan"),
    # one word differs beyond a spelling: a long shared rest does not make one name
    ("Homs Relief Committee", "Hama Relief Committee"), ("Adina Karimova Haddad", "Alisha Karimova Haddad"),
])
def test_different_names_do_not_match(a, b):
    assert not similar(normalise(a), normalise(b))


def test_appositive_role_with_affiliation_through_based():
    d = doc("a", "Karim Haddad, head of the Paris-based Levant Monitoring Group, said 40 died.")
    [fact] = d.roles
    assert (fact.role, fact.affiliation, fact.rule) == ("head", "Levant Monitoring Group", "appositive")


def test_role_nearest_the_organisation_in_longest_form():
    d = doc("a", "Nadia Farouk, the pen name of a legal adviser to the Homs Bar Association, spoke.")
    [fact] = d.roles
    assert (fact.role, fact.affiliation) == ("legal adviser", "Homs Bar Association")


def test_title_premodifier_role_with_organisation_before_it():
    d = doc("a", "U.N. Special Envoy Lars Eriksen arrived in Amman.")
    [fact] = d.roles
    assert (fact.role, fact.affiliation, fact.rule) == ("Special Envoy", "U.N.", "title-premodifier")


def test_who_heads_clause():
    d = doc("a", "Salim Idris, who heads the Hama Doctors Union, appealed for help.")
    [fact] = d.roles
    assert (fact.role, fact.affiliation) == ("head", "Hama Doctors Union")


def test_cross_document_resolution_of_spellings_surnames_and_aliases():
    docs = [
        doc("d1", "President Omar Khalil al-Nasser spoke in Homs. Nasser said the Sheikh Marwan district fell."),
        doc("d2", "Troops took Sheik Marwan district, officials said. ISIS fighters fled to Raqqa city."),
        doc("d3", "Shelling by Nasser's forces hit Shaikh Marwan neighbourhood. Islamic State denied it."),
        doc("d4", "Analysts said al-Nasser would not attend."),
    ]
    ents = resolve_entities(docs, load_aliases())
    by_id = {e.id: e for e in ents}
    nasser = next(e for e in ents if e.type == "PERSON" and "Nasser" in e.name)
    assert nasser.docs == ["d1", "d3", "d4"]
    assert nasser.roles[0][0] == "President"
    marwan = [e for e in ents if "marwan" in e.id]
    assert len(marwan) == 1 and marwan[0].type == "LOC" and marwan[0].docs == ["d1", "d2", "d3"]
    assert by_id["org:islamic-state"].docs == ["d2", "d3"]
    for d in docs:
        assert all(m.entity for m in d.mentions)


def test_ids_do_not_depend_on_document_order():
    a = doc("a", "Rania Aziz, a doctor, fled Homs.")
    b = doc("b", "Aziz said Homs was quiet.")
    ids1 = {e.id for e in resolve_entities([a, b], load_aliases())}
    a, b = doc("a", a.text), doc("b", b.text)
    ids2 = {e.id for e in resolve_entities([b, a], load_aliases())}
    assert ids1 == ids2 and "person:rania-aziz" in ids1


def test_mentions_and_roles_do_not_depend_on_document_order():
    texts = {"a": "Rania Aziz, a doctor, fled Homs.",
             "b": "Rania Aziz, head of the Homs Relief Committee, spoke in Homs."}

    def run(order):
        ents = resolve_entities([doc(i, texts[i]) for i in order], load_aliases())
        return {e.id: (e.mentions, e.roles) for e in ents}

    first = run("ab")
    assert [r[0] for r in first["person:rania-aziz"][1]] == ["doctor", "head"]
    assert run("ba") == first


def test_place_short_form_joins_longer_place_in_document():
    d = doc("a", "Shelling hit the Masakin Jadida district. Residents of Jadida fled on foot.")
    ents = resolve_entities([d], load_aliases())
    loc = [e for e in ents if e.type == "LOC"]
    assert len(loc) == 1 and set(loc[0].aliases) == {"Masakin Jadida", "Jadida"}


def test_user_alias_file_extends_table(tmp_path):
    extra = tmp_path / "more.json"
    extra.write_text(json.dumps({"entities": [{"name": "Hama Doctors Union", "type": "ORG", "aliases": ["HDU"]}]}))
    table = load_aliases(str(extra))
    assert table.find("HDU").name == "Hama Doctors Union"
    assert table.find("isis").name == "Islamic State"  # shipped entries stay


def test_bad_alias_file_names_file_and_entry(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"entities": [{"name": "X", "type": "TEAM"}]}))
    with pytest.raises(AliasError, match="bad.json: entry 0"):
        load_aliases(str(bad))


def test_lookup_alias_variant_part_typo_and_unknown():
    docs = [doc("a", "Rami Haddad, head of the Homs Relief Committee, spoke. Haddad said 12 died."),
            doc("b", "Rami Hadad said the Homs Relief Committee had no fuel.")]
    ents = resolve_entities(docs, load_aliases())
    assert lookup(ents, "rami haddad").entity.docs == ["a", "b"]
    assert lookup(ents, "Rami Hadad").entity.name == "Rami Haddad"
    assert lookup(ents, "Haddad").status == "found"
    assert lookup(ents, "Homs Releif Committee").entity.type == "ORG"
    res = lookup(ents, "Qwerty Zxcv")
    assert res.status == "not found"
    # a caller's prebuilt forms (a stored index keeps them) give the same answers
    forms = forms_of(ents)
    for name in ("rami haddad", "Rami Hadad", "Haddad", "Homs Releif Committee", "Qwerty Zxcv"):
        assert lookup(ents, name, forms).to_dict() == lookup(ents, name).to_dict()


def test_lookup_typo_step_wants_the_whole_name_close_not_a_name_inside_the_query():
    from aleppo_cli.entities import Entity

    def person(name, n):
        return Entity(f"PERSON:{name.lower()}", name, "PERSON", [name],
                      [("a", i, i + len(name)) for i in range(n)], ["a"], [])

    ents = [person("Asha", 3), person("Asha Patel", 2)]
    # "asha" sits inside "bashar al assad" (a partial match scored 90), not a misspelling.
    res = lookup(ents, "Bashar al-Assad")
    assert res.status == "not found", res.to_dict()
    assert lookup(ents, "Asha Patell").entity.name == "Asha Patel"  # a real typo still works


def test_similar_pairs_finds_exactly_the_pairs_of_comparing_all():
    # spellings of one name, names sharing a first name, lengths 6 to 30, and short names
    names = ["mohammed nasser", "muhammad nasser", "mohamed nasser", "mohammed naser", "mohammed nassar",
             "mahmoud nasser", "mohammed ali", "mahmoud ali", "mohammad ali", "abdurrahman", "abdulrahman",
             "abdelrahman", "abdullah", "abdallah", "abdalla", "sheikh saeed", "sheik saeed", "shaikh said",
             "sheikh said", "sheikh maqsoud", "sheikh maksoud", "rami haddad", "rami hadad", "rami hamad",
             "rami hammoud", "rania aziz", "rania azizi", "iran", "iraq", "sudan", "sedan", "austria",
             "australia", "homs relief committee", "homs releif committee", "hama relief committee",
             "levant monitoring group", "levant monitoring groups", "omar khalil nasser", "omar khalid nasser",
             "aleppo", "alepo", "halab", "damascus", "damascas", "idlib", "idleb", "kafr hamra", "kfar hamra"]
    pairs = {(names[i], names[j]) for i, j in similar_pairs(names)}
    expected = {(a, b) for i, a in enumerate(names) for b in names[i + 1:] if similar(a, b)}
    assert pairs == expected
    assert ("mohammed nasser", "muhammad nasser") in pairs and ("abdullah", "abdallah") in pairs
    assert ("rami haddad", "rami hamad") not in pairs
    assert ("homs relief committee", "hama relief committee") not in pairs


def test_full_names_fit_when_spellings_or_a_middle_name_more():
    assert names_fit("omar khalil nasser", "omar nasser")
    assert names_fit("mohammed nasser", "muhammad nasser")
    assert not names_fit("rami haddad", "salma haddad")
    assert not names_fit("omar khalil nasser", "ahmed nasser")


def test_a_shared_surname_does_not_join_two_people_across_documents():
    docs = [doc("a", "Rami Haddad, a doctor, spoke in Homs. Haddad said 12 people died."),
            doc("b", "Salma Haddad, a teacher, fled Homs. Haddad said the school was hit."),
            doc("c", "Rami Haddad said the hospital had no fuel. Haddad said it would close."),
            doc("d", "Haddad said the clinic closed.")]
    ents = resolve_entities(docs, load_aliases())
    people = {e.name: e.docs for e in ents if e.type == "PERSON"}
    # the surname alone (d) goes to the one mentioned most
    assert people == {"Rami Haddad": ["a", "c", "d"], "Salma Haddad": ["b"]}


def test_two_full_names_sharing_a_surname_in_one_document_stay_two_people():
    d = doc("a", "Bashar al-Assad took power in 2000. Assad promised reforms. His father Hafez al-Assad "
                 "ruled for 30 years. Assad died that year.")
    ents = resolve_entities([d], load_aliases())
    people = {e.name: [d.text[s:e] for _, s, e in e.mentions] for e in ents if e.type == "PERSON"}
    # each "Assad" goes with the full name before it
    assert people == {"Bashar al-Assad": ["Bashar al-Assad", "Assad"], "Hafez al-Assad": ["Hafez al-Assad", "Assad"]}


def test_package_lookup_stays_the_function_once_its_module_is_imported():
    import subprocess
    import sys

    code = ("import aleppo_cli.entities.lookup, aleppo_cli.entities.similarity\n"
            "from aleppo_cli.entities import lookup\n"
            "assert callable(lookup), lookup\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
