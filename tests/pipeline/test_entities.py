"""Entities as a reader of the example article sees them."""

import pytest

import chronicle
from tests.conftest import entity_named

PEOPLE = {
    "Berik Assylov": {"Berik Assylov", "Assylov"},
    "Karim Massimov": {"Karim Massimov", "Massimov"},
    "Murat Bektanov": {"Murat Bektanov"},
    "Kassym-Jomart Tokayev": {"Kassym-Jomart Tokayev"},
}


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_each_person_is_one_entity_with_all_name_mentions(coup, name):
    person = entity_named(coup, name)
    assert person.type == "person"
    text = coup.document.text
    forms = {text[m.start:m.end] for m in person.mentions}
    assert forms == PEOPLE[name]
    # every occurrence of the surname in the text is a mention of this one entity
    surname = name.split()[-1]
    starts = {m.start + m.end - m.start - len(surname) for m in person.mentions}
    occurrences = {i for i in range(len(text)) if text.startswith(surname, i)}
    assert occurrences <= starts


def test_assylov_mentions(coup):
    assylov = entity_named(coup, "Berik Assylov")
    assert assylov.aliases == ["Assylov"]
    assert len(assylov.mentions) == 4  # "Berik Assylov" and three "Assylov"


@pytest.mark.parametrize("name", ["Majilis", "National Security Committee"])
def test_institutions_are_organizations(coup, name):
    assert entity_named(coup, name).type == "organization"


@pytest.mark.parametrize(
    "name", ["Kazakhstan", "Almaty", "Taldykorgan", "Zhanaozen", "Mangystau", "Russia", "Belarus", "Armenia", "Tajikistan"]
)
def test_places(coup, name):
    assert entity_named(coup, name).type == "place"


def test_no_entity_crosses_a_line_or_is_a_demonym(coup):
    for e in coup.entities:
        assert "\n" not in e.name
        assert e.name not in ("Kazakh", "Kazakhstan’s Prosecutor General")


def test_title_before_name_makes_a_person():
    r = chronicle.extract_text("Talks stalled.\n\nKazakh President Kassym-Jomart Tokayev turned to a Russia-led military bloc for help.")
    assert entity_named(r, "Kassym-Jomart Tokayev").type == "person"
    assert all(e.name != "Kazakh" for e in r.entities)


def test_surname_joins_the_closest_full_name_before_it():
    r = chronicle.extract_text(
        "Talks stalled.\n\nPresident Ilham Aliyev met his son Heydar Aliyev in Baku on Monday. "
        "Later, Heydar Aliyev spoke. Aliyev said the meeting went well."
    )
    people = [e for e in r.entities if e.type == "person"]
    assert {e.name for e in people} == {"Ilham Aliyev", "Heydar Aliyev"}
    heydar = entity_named(r, "Heydar Aliyev")
    assert "Aliyev" in heydar.aliases


def test_place_name_before_a_place_noun():
    r = chronicle.extract_text("Unrest spread.\n\nProtests broke out in the Zhanaozen city of the Mangystau region.")
    assert entity_named(r, "Zhanaozen").type == "place"


# -- roles ---------------------------------------------------------------------------------------

EXAMPLE_ROLES = {
    "Berik Assylov": ("Prosecutor General", "Kazakhstan", False),
    "Karim Massimov": ("internal security chief", None, True),
    "Murat Bektanov": ("Defense Minister", None, True),
    "Kassym-Jomart Tokayev": ("President", "Kazakhstan", False),
}


@pytest.mark.parametrize("name", sorted(EXAMPLE_ROLES))
def test_example_roles(coup, name):
    title, of, former = EXAMPLE_ROLES[name]
    person = entity_named(coup, name)
    names = {e.id: e.name for e in coup.entities}
    assert [(r.title, names.get(r.of), r.former) for r in person.roles] == [(title, of, former)]


def roles_of(text: str, name: str):
    r = chronicle.extract_text("Headline here\n\n" + text)
    names = {e.id: e.name for e in r.entities}
    return [(role.title, names.get(role.of), role.former) for role in entity_named(r, name).roles]


def test_role_possessive_country_owns_the_office():
    assert roles_of("Kyrgyzstan's Foreign Minister Jeenbek Kulubaev flew to Kyrgyzstan's capital.",
                    "Jeenbek Kulubaev") == [("Foreign Minister", "Kyrgyzstan", False)]


def test_role_demonym_points_to_the_country_when_named():
    assert roles_of("Uzbek President Shavkat Mirziyoyev visited Uzbekistan's south.",
                    "Shavkat Mirziyoyev") == [("President", "Uzbekistan", False)]


def test_role_demonym_without_the_country_has_no_of():
    assert roles_of("Uzbek President Shavkat Mirziyoyev spoke.", "Shavkat Mirziyoyev") == [("President", None, False)]


def test_role_former_with_modifiers_and_a_portfolio_word():
    assert roles_of("Former Interior Minister Yerlan Turgumbayev was questioned.",
                    "Yerlan Turgumbayev") == [("Interior Minister", None, True)]
    assert roles_of("The orders came from former deputy security chief Anuar Sadykulov.",
                    "Anuar Sadykulov") == [("deputy security chief", None, True)]


def test_role_ex_prefix():
    assert roles_of("Ex-president Almazbek Atambayev left Bishkek.", "Almazbek Atambayev") == [("president", None, True)]


def test_role_apposition_head_of_an_institution():
    assert roles_of("Daniyar Sadykov, the head of the Supreme Court, resigned on Monday.",
                    "Daniyar Sadykov") == [("head", "Supreme Court", False)]


def test_role_apposition_with_a_possessive_owner():
    assert roles_of("Berik Assylov, Kazakhstan's prosecutor general, spoke in Kazakhstan on Monday.",
                    "Berik Assylov") == [("prosecutor general", "Kazakhstan", False)]


def test_role_institution_before_the_title():
    assert roles_of("Interpol chief Jurgen Stock arrived in Lyon.", "Jurgen Stock") == [("chief", "Interpol", False)]


def test_courtesy_title_is_no_role():
    assert roles_of("Mr Bolat Nazarov spoke to reporters.", "Bolat Nazarov") == []


# -- types: institutions, described alliances, groups -------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("The Majilis passed the bill on Friday.", "Majilis"),
        ("Kazakhstan's Supreme Court upheld the verdict.", "Supreme Court"),
        ("The Interior Ministry said the roads were closed.", "Interior Ministry"),
        ("Officers of the National Security Committee were arrested.", "National Security Committee"),
    ],
)
def test_institutions_are_organizations_in_my_sentences(text, name):
    r = chronicle.extract_text("Headline here\n\n" + text)
    assert entity_named(r, name).type == "organization"


def test_described_alliance_is_the_alliance(coup):
    csto = entity_named(coup, "Collective Security Treaty Organization")
    assert csto.type == "organization"
    assert coup.document.text[csto.mentions[0].start:csto.mentions[0].end] == "Russia-led military bloc"


def test_alias_and_acronym_merge_into_one_entity():
    r = chronicle.extract_text("Headline here\n\nTokayev asked a Russian-led security alliance for help. The CSTO sent troops.")
    csto = entity_named(r, "Collective Security Treaty Organization")
    assert sorted(csto.aliases) == ["CSTO", "Russian-led security alliance"]


def test_groups_that_act_or_are_acted_on(coup):
    groups = {e.name for e in coup.entities if e.type == "group"}
    assert "crime rings" in groups
    assert "peacekeepers from Russia, Belarus, Armenia, and Tajikistan" in groups


def test_group_nouns_outside_verb_arguments_are_not_entities():
    r = chronicle.extract_text("Headline here\n\nProtesters clashed with police. The protesters' demands were not met.")
    groups = [e for e in r.entities if e.type == "group"]
    assert [g.name for g in groups] == ["Protesters"]
    assert len(groups[0].mentions) == 1  # the possessive "protesters'" is no argument


def test_a_count_of_a_group_is_the_group():
    r = chronicle.extract_text("Headline here\n\nPolice detained dozens of demonstrators in Tbilisi.")
    assert entity_named(r, "demonstrators").type == "group"


# -- places --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, country, kind",
    [("Kazakhstan", "KZ", "country"), ("Almaty", "KZ", "city"), ("Taldykorgan", "KZ", "city"),
     ("Zhanaozen", "KZ", "city"), ("Mangystau", "KZ", "region"), ("Russia", "RU", "country"),
     ("Belarus", "BY", "country"), ("Armenia", "AM", "country"), ("Tajikistan", "TJ", "country")],
)
def test_example_places_have_coordinates(coup, name, country, kind):
    geo = entity_named(coup, name).geo
    assert geo is not None and (geo.country, geo.kind) == (country, kind)
    assert -90 <= geo.lat <= 90 and -180 <= geo.lon <= 180


def test_spelling_variants_reach_the_same_coordinates():
    a = chronicle.extract_text("Headline here\n\nRiots spread from Janaozen to Taldyqorghan and the Mangistau region.")
    b = chronicle.extract_text("Headline here\n\nRiots spread from Zhanaozen to Taldykorgan and the Mangystau region.")
    geo = lambda r: sorted((e.geo.lat, e.geo.lon) for e in r.entities if e.type == "place")  # noqa: E731
    assert geo(a) == geo(b) and len(geo(a)) == 3


def test_ambiguous_name_prefers_the_article_country():
    r = chronicle.extract_text("Headline here\n\nProtesters marched in Atlanta, Georgia, and across the United States.")
    assert entity_named(r, "Georgia").geo.country == "US"
    r = chronicle.extract_text("Headline here\n\nProtesters marched in Tbilisi, Georgia, near Russia.")
    assert entity_named(r, "Georgia").geo.country == "GE"
