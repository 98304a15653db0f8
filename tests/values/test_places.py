"""The place value type: keys, variants, disambiguation, distance."""

import tomllib
from importlib import resources

import pytest

from chronicle.values import places


@pytest.mark.parametrize(
    "a, b",
    [("Zhanaozen", "Janaozen"), ("Taldykorgan", "Taldyqorghan"), ("Mangystau", "Mangistau"),
     ("Mangistau", "Mangghystau"), ("Almaty", "ALMATY"), ("Qostanay", "Kostanay")],
)
def test_transliteration_variants_share_a_key(a, b):
    assert places.key(a) == places.key(b)


@pytest.mark.parametrize(
    "name, country, kind",
    [("Kazakhstan", "KZ", "country"), ("Almaty", "KZ", "city"), ("Taldyqorghan", "KZ", "city"),
     ("Janaozen", "KZ", "city"), ("Mangystau", "KZ", "region"), ("Mangistau region", "KZ", "region"),
     ("Nur-Sultan", "KZ", "city"), ("Russia", "RU", "country"), ("Britain", "GB", "country"),
     ("Washington", "US", "city"), ("Paris", "FR", "city")],
)
def test_resolve(name, country, kind):
    place = places.resolve(name)
    assert place is not None and (place.country, place.kind) == (country, kind)


def test_variants_of_one_place_reach_one_point():
    points = {(p.lat, p.lon) for p in map(places.resolve, ["Zhanaozen", "Janaozen", "Novy Uzen"])}
    assert len(points) == 1


def test_article_countries_decide_an_ambiguous_name():
    assert places.resolve("Georgia").country == "GE"
    assert places.resolve("Georgia", prefer={"US": 1.0}).country == "US"
    assert places.resolve("Birmingham").country == "GB"
    assert places.resolve("Birmingham", prefer={"US": 1.0}).country == "US"


def test_a_neighbouring_word_states_the_kind():
    assert places.resolve("Almaty").kind == "city"
    assert places.resolve("Almaty", hint="region").kind == "region"


def test_demonyms_are_their_countries():
    assert places.country_of_demonym("Kazakh").country == "KZ"
    assert places.country_of_demonym("Tajik").country == "TJ"
    assert places.country_of_demonym("American").country == "US"
    assert places.country_of_demonym("Protesters") is None


def test_unknown_name_is_none():
    assert places.resolve("Qwzxtplk") is None


def test_distance():
    almaty, astana = places.resolve("Almaty"), places.resolve("Astana")
    assert 950 < places.distance_km((almaty.lat, almaty.lon), (astana.lat, astana.lon)) < 1000
    assert places.distance_km((0, 0), (0, 0)) == 0


def test_every_variant_target_is_in_the_gazetteer():
    data = tomllib.loads(resources.files("chronicle.data").joinpath("place_variants.toml").read_text("utf-8"))
    missing = [v for v in set(data["variants"].values()) if places.resolve(v) is None]
    assert missing == []
