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
