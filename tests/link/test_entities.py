"""One actor across articles under spelling and transliteration variants; namesakes stay apart."""

from chronicle.contract import Entity, Role
from chronicle.link.entities import Resolver, entity_items, name_key


def person(i, name, aliases=(), roles=()):
    return Entity(id=f"e{i}", type="person", name=name, aliases=list(aliases), roles=list(roles))


def test_keys_meet_across_transliterations():
    for a, b in [("Massimov", "Masimov"), ("Assylov", "Asylov"), ("Tokayev", "Tokaev"), ("Nazarbayev", "Nazarbaev")]:
        assert name_key(a) == name_key(b)


def test_variants_resolve_with_roles_and_sources():
    r = Resolver()
    r.add_document("d1", "2022-01-07", [person(1, "Karim Massimov", ["Massimov"], [Role(title="security chief")]),
                                        person(2, "Kassym-Jomart Tokayev")])
    r.add_document("d2", "2023-03-17", [person(1, "Karim Masimov", [], [Role(title="security chief", former=True)]),
                                        person(2, "Tokaev"), Entity(id="e3", type="organization", name="Masimov")])
    r.add_document("d3", "2022-01-18", [person(1, "Askar Masimov"), person(2, "Nursultan Nazarbaev")])
    items = {i["name"]: i for i in entity_items(r, {})}
    karim = items["Karim Massimov"]
    assert set(karim["aliases"]) == {"Massimov", "Karim Masimov"} and karim["documents"] == 2
    assert [(x["former"], x["sources"]) for x in karim["roles"]] == [(False, ["d1"]), (True, ["d2"])]
    assert karim["roles"][1]["first_seen"] == "2023-03-17"
    assert items["Kassym-Jomart Tokayev"]["aliases"] == ["Tokaev"]
    assert "Askar Masimov" in items  # another first name: another person
    assert any(i["type"] == "organization" and i["name"] == "Masimov" for i in items.values())  # same type required


def test_bare_surname_with_two_namesakes_stays_apart():
    r = Resolver()
    r.add_document("d1", None, [person(1, "Karim Massimov")])
    r.add_document("d2", None, [person(1, "Askar Massimov")])
    r.add_document("d3", None, [person(1, "Massimov")])
    assert len({r.actor(d, "e1") for d in ("d1", "d2", "d3")}) == 3


def test_numbers_in_names_tell_actors_apart():
    from chronicle.link.entities import name_words

    assert name_words("Boeing 777") != name_words("Boeing 787")
    assert name_words("Airbus A380") == name_words("Airbus A380")
    assert name_words("Tokayev") == name_words("Tokaev")
