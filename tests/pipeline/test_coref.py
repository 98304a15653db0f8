"""The coref stage: pronouns, titles alone and bare surnames in ``reading.refers``."""

from __future__ import annotations

import pytest

from chronicle.config import Settings
from chronicle.ingest import load_bytes, load_path
from chronicle.pipeline import Pipeline, Reading
from tests.conftest import COUP

STAGES = ("clean", "nlp", "entities", "coref")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Settings(stages=STAGES))


def read(pipeline, raw) -> Reading:
    reading = Reading(raw=raw)
    for stage in pipeline.stages:
        reading = stage(reading)
    return reading


def links(pipeline, body: str) -> dict[str, str]:
    """'word@n' (the n-th occurrence of a word, from 0) -> name of the entity it refers to."""
    reading = read(pipeline, load_bytes(("Headline here\n\n" + body).encode(), "t.txt"))
    names = {e.id: e.name for e in reading.entities}
    seen: dict[str, int] = {}
    out = {}
    for token in reading.doc:
        n = seen.get(token.text, 0)
        seen[token.text] = n + 1
        if token.i in reading.refers:
            out[f"{token.text}@{n}"] = names[reading.refers[token.i]]
    return out


@pytest.fixture(scope="module")
def coup_reading(pipeline):
    return read(pipeline, load_path(COUP))


def _token(reading, text: str, after: str):
    doc = reading.doc
    base = doc.text.index(after)
    return next(t for t in doc if t.idx >= base and t.text == text)


@pytest.mark.parametrize(
    "text, after",
    [
        ("He", "He also said that on the orders"),
        ("he", "he said, adding that Massimov"),
        ("he", "he also said."),
    ],
)
def test_the_example_speaker_pronouns_are_assylov(coup_reading, text, after):
    token = _token(coup_reading, text, after)
    assylov = next(e for e in coup_reading.entities if e.name == "Berik Assylov")
    assert coup_reading.refers.get(token.i) == assylov.id


def test_entity_tokens_keep_their_links(coup_reading):
    massimov = next(e for e in coup_reading.entities if e.name == "Karim Massimov")
    token = _token(coup_reading, "Massimov", "Massimov is on trial")
    assert coup_reading.refers[token.i] == massimov.id


def test_she_and_her_follow_a_gendered_surname(pipeline):
    found = links(pipeline, "Maria Zakharova spoke on Monday. She said the talks had failed, and her deputy agreed.")
    assert found["She@0"] == "Maria Zakharova" and found["her@0"] == "Maria Zakharova"


def test_gender_picks_between_two_people(pipeline):
    found = links(pipeline, "Anna Petrova met John Smith in Astana. She said the talks had failed.")
    assert found["She@0"] == "Anna Petrova"


def test_object_pronoun_is_not_the_subject_of_its_verb(pipeline):
    found = links(pipeline, "Ilham Aliyev met Vladimir Putin in Baku. Aliyev thanked him for the visit.")
    assert found["him@0"] == "Vladimir Putin"


def test_ambiguous_pronoun_stays_unresolved(pipeline):
    found = links(pipeline, "Karim Massimov was arrested in January. Tokayev accused him of treason, and he denied it.")
    assert "he@0" not in found


def test_he_said_continues_the_last_speaker_across_a_quote(pipeline):
    found = links(
        pipeline,
        "Berik Assylov spoke to parliament. \u201cThe operation was planned. It was a coup,\u201d Assylov said.\n\n"
        "He added that Karim Massimov had ordered the guards away.\n\n"
        "\u201cNo measures were taken. Guns were lost,\u201d he said, adding that Massimov is on trial.",
    )
    assert found["He@0"] == "Berik Assylov"
    assert found["he@0"] == "Berik Assylov"


def test_plural_pronoun_prefers_a_common_noun_and_links_nothing(pipeline):
    found = links(pipeline, "The protests spread to Almaty. Their organizers were arrested.")
    assert "Their@0" not in found


def test_pleonastic_it_is_never_linked(pipeline):
    found = links(pipeline, "Berik Assylov met the Majilis. It was a coup attempt, Assylov said.")
    assert "It@0" not in found


def test_no_antecedent_no_link(pipeline):
    found = links(pipeline, "He said the talks had failed. Almaty was calm.")
    assert "He@0" not in found


# -- titles alone and surnames -------------------------------------------------------------------


def test_title_alone_in_the_lede_is_the_holder_named_later(coup_reading):
    token = _token(coup_reading, "prosecutor", "prosecutor general.")
    assylov = next(e for e in coup_reading.entities if e.name == "Berik Assylov")
    assert coup_reading.refers.get(token.i) == assylov.id


def test_title_alone_matches_a_role_title(pipeline):
    found = links(
        pipeline,
        "Former internal security chief Karim Massimov was arrested on Friday. Prosecutors said the "
        "former security chief had ordered officers to leave their posts.",
    )
    assert found["security@1"] == "Karim Massimov" and found["chief@1"] == "Karim Massimov"


def test_title_alone_does_not_take_a_contradicting_role(pipeline):
    found = links(pipeline, "Defense Minister Ruslan Zhaksylykov visited the troops. The president praised the army.")
    assert "president@0" not in found


def test_office_without_a_holder_goes_to_the_story_subject(pipeline):
    found = links(pipeline, "Kassym-Jomart Tokayev addressed the nation on Friday. The president said he had ordered troops to fire.")
    assert found["president@0"] == "Kassym-Jomart Tokayev" and found["he@0"] == "Kassym-Jomart Tokayev"


def test_an_unnamed_person_competes_for_he(pipeline):
    found = links(pipeline, "Ivan Sokolov was sentenced on Thursday. Sokolov's lawyer said he would appeal.")
    assert "lawyer@0" not in found and "he@0" not in found


def test_bare_surname_the_ner_missed_joins_its_person(pipeline):
    reading = read(pipeline, load_bytes(
        "Headline here\n\nBerik Assylov spoke on Thursday. Reporters asked whether Assylov would resign.".encode(), "t.txt"))
    assylov = next(e for e in reading.entities if e.name == "Berik Assylov")
    occurrences = [t.i for t in reading.doc if t.text == "Assylov"]
    assert all(reading.refers.get(i) == assylov.id for i in occurrences)
