"""The events stage: PLOVER events, their arguments, modality, who says so, dates and the chronology."""

from __future__ import annotations

import dataclasses

import pytest

import chronicle
from chronicle.contract import DateRange, Event, Span
from chronicle.pipeline.chronology import order
from chronicle.pipeline import events as events_stage
from chronicle.values import plover

PUBLISHED = "2023-03-17"  # a Friday


def read(text: str, published: str | None = PUBLISHED):
    return chronicle.extract_text(text, published=published)


def names(result, ids):
    by_id = {e.id: e.name for e in result.entities}
    return [by_id[i] for i in ids]


def name(result, eid):
    return names(result, [eid])[0] if eid else None


def only(result, type_):
    found = [v for v in result.events if v.type == type_]
    assert len(found) == 1, f"expected one {type_}, got {[(v.type, v.summary) for v in result.events]}"
    return found[0]


# -- the ontology as data -----------------------------------------------------------------------


def test_every_trigger_names_a_type_and_mode_that_exist():
    onto = plover.ontology()
    assert len(onto.types) == 16
    assert set(onto.types) == set(Event.model_fields["type"].annotation.__args__)
    for trig in onto.triggers:
        assert trig.type in onto.types
        assert trig.mode is None or trig.mode in onto.types[trig.type].modes
    assert plover.validate(onto) == []


def test_validation_reports_a_trigger_with_an_unknown_mode():
    onto = plover.ontology()
    broken = dataclasses.replace(onto, triggers=onto.triggers + (plover.Trigger(id="x", type="PROTEST", mode="picnic", verbs=("x",)),))
    assert any("has no mode 'picnic'" in p for p in plover.validate(broken))


def test_cameo_roots():
    onto = plover.ontology()
    assert onto.cameo_root("PROTEST", "demo") == "14"
    assert onto.cameo_root("ASSAULT", "firearms") == "19"
    assert onto.cameo_root("ASSAULT", "abduct") == "18"
    assert onto.cameo_root("ASSAULT", "unconventional") == "20"
    assert onto.cameo_root("ACCUSE", "investigate") == "09"
    assert onto.cameo_root("ACCUSE", "allege") == "11"
    assert onto.cameo_root("REQUEST", "assist", ["turn-to-for-help"]) == "02"
    assert onto.cameo_root("REQUEST") == "10"
    assert all(onto.cameo_root(t) for t in onto.types)


def test_acled_sub_events():
    onto = plover.ontology()
    assert onto.acled("PROTEST", "demo").case == "PEACE_PROTEST"
    assert onto.acled("PROTEST", "riot").case == "VIOL_DEMONSTR"
    assert onto.acled("ASSAULT", "heavy-weapons", ["aerial"]).case == "AIR_STRIKE"
    assert onto.acled("ASSAULT", "firearms", ["firearm"], ["armed_group"], ["civilian"]).case == "ATTACK"
    assert onto.acled("ASSAULT", "firearms", ["firearm"], ["state_force"], ["protester"]).case == "FORCE_AGAINST_PROTEST"
    assert onto.acled("COERCE", "arrest", ["arrest"]).case == "ARREST"
    assert onto.acled("COERCE", "confiscate", ["regain-territory"], ["state_force"]).case == "GOV_REGAINS_TERIT"
    assert onto.acled("ACCUSE", "allege") is None  # a statement is not an ACLED event


# -- the example article (the "done when") ------------------------------------------------


def test_the_example_chronology(coup):
    events = {v.id: v for v in coup.events}
    chron = [events[i] for i in coup.chronology]

    protest = next(v for v in chron if v.type == "PROTEST")
    assert name(coup, protest.place) == "Zhanaozen"
    assert (protest.date.earliest, protest.date.latest) == ("2022-01-02", "2022-01-02")

    clashes = next(v for v in chron if v.type == "ASSAULT" and "clashes" in v.summary.lower())
    assert "police" in clashes.summary

    request = next(v for v in chron if v.type == "REQUEST")
    assert names(coup, request.actors) == ["Kassym-Jomart Tokayev"]
    assert request.targets, "the Russia-led military bloc is the one asked"
    assert "Russia" not in names(coup, request.targets)

    arrival = next(v for v in chron if v.type in ("AID", "MOBILIZE") and "arrived" in v.summary)
    assert arrival.date.earliest == "2022-01-02"  # the narrative goes on from the protests

    accuse = next(v for v in chron if v.type == "ACCUSE" and "coup attempt" in v.summary)
    assert names(coup, accuse.actors) == ["Berik Assylov"]
    assert (accuse.date.earliest, accuse.date.latest) == ("2023-03-16", "2023-03-16")
    assert accuse.reported_by is None and accuse.modality == "asserted"

    trials = [v for v in chron if v.type == "COERCE"]
    targets = {n for v in trials for n in names(coup, v.targets)}
    assert {"Karim Massimov", "Murat Bektanov"} <= targets
    for trial in trials:
        assert trial.modality == "reported" and name(coup, trial.reported_by) == "Berik Assylov"

    position = {v.id: i for i, v in enumerate(chron)}
    assert position[protest.id] < position[clashes.id] < position[request.id] < position[arrival.id] < position[accuse.id]


def test_the_example_protest_is_one_event_with_both_mentions(coup):
    protests = [v for v in coup.events if v.type == "PROTEST"]
    assert len(protests) == 1
    assert len(protests[0].evidence) == 2  # "the protests which erupted ... in January 2022" too


def test_evidence_and_summaries_come_from_the_text(coup):
    text = coup.document.text
    for v in coup.events:
        assert v.evidence
        sentence = " ".join(text[s.start:s.end] for s in v.evidence)
        words = [w.strip(",.") for w in v.summary.split()]
        assert all(w.lower() in sentence.lower() for w in words if w), v.summary


def test_the_example_matches_the_schema(coup, schema):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(coup.to_dict(), schema)


# -- several events in a sentence ---------------------------------------------------------------


def test_several_events_in_one_sentence():
    r = read("On January 2, protesters rallied in Zhanaozen, which later turned into clashes with police, "
             "and the government imposed a state of emergency.")
    types = [v.type for v in r.events]
    assert types.count("PROTEST") == 1 and "ASSAULT" in types and "COERCE" in types
    clashes = only(r, "ASSAULT")
    assert clashes.date.earliest == "2023-01-02" and clashes.date.latest is None  # "later": on or after


def test_coordinated_events_share_the_subject():
    r = read("Gunmen stormed a police station in Kabul on Friday and abducted two officers.")
    assert [v.mode for v in r.events if v.type == "ASSAULT"] == [None, "abduct"]
    abduction = next(v for v in r.events if v.mode == "abduct")
    assert names(r, abduction.actors) == names(r, r.events[0].actors)


# -- modality -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, modality",
    [
        ("Police in Almaty arrested 40 protesters on Monday.", "asserted"),
        ("Police in Almaty did not arrest the protesters on Monday.", "negated"),
        ("No protests were held in Minsk on Sunday.", "negated"),
        ("Russian troops may have shelled the village on Tuesday.", "uncertain"),
        ("Rebels allegedly attacked a convoy near Goma.", "uncertain"),
        ("The government plans to impose a curfew in Bishkek.", "uncertain"),
        ("The interior minister said police arrested 40 people in Tbilisi on Sunday.", "reported"),
    ],
)
def test_modality(text, modality):
    r = read(text)
    assert len(r.events) == 1, [(v.type, v.summary) for v in r.events]
    assert r.events[0].modality == modality


# -- reported events and statements ------------------------------------------------------------


def test_reported_event_names_its_speaker():
    r = read("Berik Assylov said that police detained Karim Massimov in Astana.")
    arrest = only(r, "COERCE")
    assert arrest.modality == "reported"
    assert name(r, arrest.reported_by) == "Berik Assylov"
    assert names(r, arrest.targets) == ["Karim Massimov"]


def test_reported_event_in_a_direct_quote():
    r = read('"Police arrested 40 protesters in Almaty," Berik Assylov told reporters on Thursday.')
    arrest = only(r, "COERCE")
    assert arrest.modality == "reported" and name(r, arrest.reported_by) == "Berik Assylov"
    assert arrest.date.earliest is None  # the arrests are not dated by the day they were reported


def test_a_statement_is_an_event_dated_when_it_was_made():
    r = read("Berik Assylov told parliament on Thursday that the unrest was a coup attempt.")
    accuse = only(r, "ACCUSE")
    assert names(r, accuse.actors) == ["Berik Assylov"]
    assert accuse.date.earliest == "2023-03-16"
    assert accuse.modality == "asserted" and accuse.reported_by is None


# -- precision rules ----------------------------------------------------------------------------


def test_a_trial_for_a_past_shooting_is_a_trial_not_a_new_shooting():
    r = read("A man went on trial in Oslo on Monday for the 2011 shooting that killed 77 people.")
    assert [v.type for v in r.events] == ["COERCE"]
    trial = r.events[0]
    assert name(r, trial.place) == "Oslo" and trial.date.earliest == "2023-03-13"


def test_the_place_is_where_the_sentence_says_it_happened():
    r = read("Protesters from Kazakhstan and Russia rallied in Almaty on Saturday.")
    protest = only(r, "PROTEST")
    assert name(r, protest.place) == "Almaty"


def test_the_most_specific_place():
    r = read("Protests broke out in Kazakhstan on January 2 in the Zhanaozen city of the Mangystau region.")
    assert name(r, only(r, "PROTEST").place) == "Zhanaozen"


def test_no_publication_date_by_default():
    r = read("Police detained Karim Massimov.")
    arrest = only(r, "COERCE")
    assert arrest.date.earliest is None and arrest.date.latest is None


def test_an_event_told_later_keeps_the_date_it_happened():
    r = read("On January 2 last year, protests broke out in Zhanaozen.")
    protest = only(r, "PROTEST")
    assert protest.date.earliest == "2022-01-02"


def test_harm_joins_the_attack_it_belongs_to():
    r = read("An air strike hit a market in Idlib on Monday, killing 12 civilians.")
    assert [v.type for v in r.events] == ["ASSAULT"]
    strike = r.events[0]
    assert strike.mode == "heavy-weapons"
    assert strike.quantities  # "12 civilians"


def test_an_accident_is_not_an_attack():
    r = read("Two people died in a car crash in Almaty on Monday.")
    assert r.events == []


# -- chronology ----------------------------------------------------------------------------------


def _event(vid, earliest, start):
    return Event(id=vid, type="PROTEST", summary="x", date=DateRange(earliest=earliest, latest=earliest),
                 evidence=[Span(start=start, end=start + 1)])


def test_chronology_orders_by_date_then_text_with_undated_last():
    events = [_event("v1", None, 0), _event("v2", "2023-03-16", 10), _event("v3", "2022-01-02", 20),
              _event("v4", "2022-01-02", 5)]
    assert order(events) == ["v4", "v3", "v2", "v1"]


# -- ACLED for a whole text, and the cost of the matcher ------------------------------------------


def _found(text):
    from chronicle.pipeline.base import Reading
    from chronicle.contract import Document

    reading = Reading(raw=None, document=Document(id="t", source="t", text=text))
    for stage in chronicle.get_pipeline().stages:
        if stage.name in ("clean", "events", "chronology"):
            continue
        reading = stage(reading)
    return events_stage.find(reading)


@pytest.mark.parametrize(
    "text, case",
    [
        ("Police fired tear gas to disperse protesters in Jakarta on Tuesday, injuring dozens.", "FORCE_AGAINST_PROTEST"),
        ("Thousands of protesters rallied peacefully in Tbilisi on Thursday.", "PEACE_PROTEST"),
        ("Syrian government forces recaptured the village of Kafr Nabl from rebels on Monday.", "GOV_REGAINS_TERIT"),
        ("A suicide bomber blew himself up at a market in Baghdad, killing 12 people.", "SUIC_BOMB"),
        ("Police seized a cache of weapons and explosives in Kandahar.", "DISR_WEAP"),
    ],
)
def test_primary_acled_sub_event(text, case):
    mapped = events_stage.primary_acled(_found(text))
    assert mapped is not None and mapped.case == case


def test_the_matcher_is_built_once_per_vocabulary():
    first = events_stage.matcher_for(_doc("Protests broke out."), plover.ontology())
    second = events_stage.matcher_for(_doc("Police arrested two men."), plover.ontology())
    assert first[0] is second[0]


def _doc(text):
    from chronicle.pipeline.nlp import load_model

    return load_model(chronicle.Settings().model)(text)


# -- manner, questions, tolls, removals, restatements (the bundled examples' errors, on other text) --


def test_without_warning_is_manner_not_an_event():
    r = read("Soldiers opened fire without warning on the crowd in Bishkek on Monday.")
    assert [v.type for v in r.events] == ["ASSAULT"]
    assert r.events[0].modality == "asserted"


def test_a_rhetorical_question_is_no_event():
    r = read('"What talks can there be with terrorists?" Sadyr Japarov said on Monday.')
    assert not [v for v in r.events if v.type == "CONSULT"]


def test_a_counted_toll_of_the_violence_reported_is_an_assault_with_its_count():
    r = read("Clashes broke out in Osh on Monday. The health ministry said 14 people had been killed and "
             "more than 500 people detained. Nine police officers have died, according to officials.")
    text = r.document.text
    figures = {q.id: text[q.start:q.end] for q in r.quantities}
    killed = [v for v in r.events if v.type == "ASSAULT" and "killed" in v.summary]
    assert len(killed) == 1 and killed[0].modality == "reported"
    assert any("14" in figures[q] for q in killed[0].quantities)
    detained = only(r, "COERCE")
    assert detained.mode == "arrest" and any("500" in figures[q] for q in detained.quantities)
    died = [v for v in r.events if v.type == "ASSAULT" and "died" in v.summary]
    assert len(died) == 1 and any("Nine" in figures[q] for q in died[0].quantities)
    assert died[0].modality == "reported" and name(r, died[0].reported_by) == "officials"


def test_a_toll_in_a_relative_clause_of_riots():
    r = read("Officials said the riots in which 40 people were killed began in Osh on May 3.")
    toll = only(r, "ASSAULT")
    assert toll.quantities and toll.actors == []


def test_a_death_with_another_cause_is_no_toll():
    r = read("Rebels attacked a village near Goma on Monday. Two people died in a car crash in Kinshasa.")
    assert [v.type for v in r.events] == ["ASSAULT"] and "attacked" in r.events[0].summary


def test_removal_from_office():
    r = read("Kamchybek Tashiev left the country. President Sadyr Japarov removed him as head of the "
             "security service on March 3.")
    removal = only(r, "SANCTION")
    assert removal.mode == "expel"
    assert names(r, removal.actors) == ["Sadyr Japarov"] and names(r, removal.targets) == ["Kamchybek Tashiev"]
    assert removal.date.earliest == "2023-03-03"


def test_dismissing_a_claim_is_no_removal():
    r = read("The prime minister dismissed the claims as propaganda on Monday.")
    assert not [v for v in r.events if v.type == "SANCTION"]


def test_protests_that_turned_into_riots_are_one_event():
    r = read("The minister spoke about the unrest of May, when demonstrations over water prices turned into "
             "riots in which 12 people were killed.")
    protests = [v for v in r.events if v.type == "PROTEST"]
    assert len(protests) == 1 and protests[0].mode == "riot"
    assert len([v for v in r.events if v.type == "ASSAULT"]) == 1


def test_the_object_of_a_blame_is_not_a_new_event():
    r = read("Governor Azamat Beishenov has blamed the violence on smugglers.")
    assert [v.type for v in r.events] == ["ACCUSE"]


def test_a_vote_and_its_figure_are_one_event_reported_by_the_commission():
    r = read("Voters in Kyrgyzstan have approved a new constitution, the Central Election Commission said on "
             "Monday.\n\nThe commission said 79% of those who voted on Sunday backed the amendments.")
    vote = only(r, "SUPPORT")
    assert name(r, vote.reported_by) == "Central Election Commission"
    assert vote.quantities and len(vote.evidence) == 2
