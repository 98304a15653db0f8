"""The time stage: each kind of expression with the value it must get, tense, anchoring, inference.

Sentences are run through the ``nlp`` and ``times`` stages directly (the spaCy model loads once
per session), so the clean stage's judgement of short lines does not enter these tests. The DCT
used throughout, 2023-03-17, is a Friday.
"""

from __future__ import annotations

from datetime import date

import pytest

import chronicle
from chronicle.config import Settings
from chronicle.contract import Document, Published
from chronicle.pipeline.base import STAGES, Reading
from chronicle.values import timex

DCT = "2023-03-17"


@pytest.fixture(scope="module")
def stages():
    settings = Settings()
    return STAGES["nlp"](settings), STAGES["times"](settings)


def read(stages, text: str, published: str | None = DCT) -> Reading:
    nlp, times = stages
    reading = Reading(raw=None)
    pub = Published(value=published, source="given", earliest=published, latest=published) if published else Published()
    reading.document = Document(id="test", source="test", text=text, published=pub)
    return times(nlp(reading))


def values(stages, text: str, published: str | None = DCT) -> dict[str, str | None]:
    return {t.text: t.value for t in read(stages, text, published).times}


def one(stages, text: str, expression: str, published: str | None = DCT):
    found = [t for t in read(stages, text, published).times if t.text == expression]
    assert found, f"{expression!r} not found in {[t.text for t in read(stages, text, published).times]}"
    return found[0]


# ----------------------------------------------------------------------------- absolute and partial dates

@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("The protests began on January 2, 2022 in Zhanaozen.", "January 2, 2022", "2022-01-02"),
        ("The protests began on 2 Jan 2022 in Zhanaozen.", "2 Jan 2022", "2022-01-02"),
        ("The protests began on 2022-01-02 in Zhanaozen.", "2022-01-02", "2022-01-02"),
        ("It happened on Sunday, January 2, 2022, in the west.", "Sunday, January 2, 2022", "2022-01-02"),
        ("The unrest of January 2022 shook the country.", "January 2022", "2022-01"),
        ("The law was passed in 2021 by parliament.", "2021", "2021"),
        ("The plant was built in mid-2012 near the border.", "mid-2012", "2012"),
        ("The season started in early December and ended late.", "early December", "2022-12"),
        ("The climbers reached the summit in 1957-58, officials said.", "1957", "1957"),
        ("The climbers reached the summit in 1957-58, officials said.", "58", "1958"),
    ],
)
def test_absolute_and_partial_dates(stages, sentence, expression, value):
    assert one(stages, sentence, expression).value == value


def test_a_year_range_is_two_years(stages):
    assert values(stages, "The pandemic of 2009-2010 killed 348 children.") == {"2009": "2009", "2010": "2010"}


def test_bounds_are_the_calendar_days_covered(stages):
    t = one(stages, "The unrest of January 2022 shook the country.", "January 2022")
    assert (t.earliest, t.latest) == ("2022-01-01", "2022-01-31")
    early = one(stages, "The season started in early December and ended late.", "early December")
    assert (early.earliest, early.latest) == ("2022-12-01", "2022-12-10")  # the first third


def test_numbers_that_count_are_not_years(stages):
    assert values(stages, "Police seized 2000 guns and 1500 rounds of ammunition.") == {}


def test_an_impossible_date_is_not_a_date(stages):
    assert "February 30, 2022" not in values(stages, "The vote was set for February 30, 2022 by mistake.")


# ----------------------------------------------------------------------------- tense decides direction

def test_past_tense_weekday_is_the_last_one(stages):
    assert one(stages, "Assylov told parliament on Thursday that it was a coup.", "Thursday").value == "2023-03-16"


def test_future_tense_weekday_is_the_next_one(stages):
    assert one(stages, "The committee will meet on Thursday to vote.", "Thursday").value == "2023-03-23"


def test_the_dct_weekday_said_in_the_past_is_the_dct(stages):
    assert one(stages, "The minister resigned on Friday after the vote.", "Friday").value == DCT


def test_month_names_follow_tense(stages):
    assert one(stages, "The talks collapsed in June after a week.", "June").value == "2022-06"
    assert one(stages, "The talks will resume in June in Geneva.", "June").value == "2023-06"


def test_present_perfect_is_not_past(stages):
    # "has been postponed until Saturday": the perfect speaks of now, so the nearest Saturday
    t = one(stages, "The match has been postponed until 15:00 GMT Saturday due to snow.", "15:00 GMT Saturday")
    assert (t.type, t.value) == ("TIME", "2023-03-18T15:00")


# ----------------------------------------------------------------------------- relative to the DCT

@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("Prices rose sharply last year in the capital.", "last year", "2022"),
        ("Elections are due next year in the country.", "next year", "2024"),
        ("The ministers met this week in Astana.", "this week", "2023-W11"),
        ("Six deaths were reported last week by officials.", "last week", "2023-W10"),
        ("Output fell last month in the region.", "last month", "2023-02"),
        ("The strike started earlier this month in the ports.", "earlier this month", "2023-03"),
        ("He resigned last Friday after the report.", "last Friday", "2023-03-10"),
        ("He will resign next Friday after the report.", "next Friday", "2023-03-24"),
        ("The dam broke last July after the rains.", "last July", "2022-07"),
        ("The fires spread last summer across the south.", "last summer", "2022-SU"),
        ("On January 2 last year, massive protests broke out.", "January 2 last year", "2022-01-02"),
        ("The party was founded four years ago in Almaty.", "four years ago", "2019"),
        ("The party was founded two days ago in Almaty.", "two days ago", "2023-03-15"),
        ("The party was founded a week ago in Almaty.", "a week ago", "2023-W10"),
        ("He left the country yesterday with his family.", "yesterday", "2023-03-16"),
        ("He will leave the country tomorrow with his family.", "tomorrow", "2023-03-18"),
        ("The government currently controls the airport.", "currently", "PRESENT_REF"),
        ("Sales have dropped recently in the region.", "recently", "PAST_REF"),
        ("The company expects profits in the first quarter of next year.", "the first quarter of next year", "2024-Q1"),
        ("Revenue rose in the first quarter of 2013, the bank said.", "the first quarter of 2013", "2013-Q1"),
        ("The cases peaked by the end of last year, doctors said.", "the end of last year", "2022"),
    ],
)
def test_relative_to_the_publication_date(stages, sentence, expression, value):
    assert one(stages, sentence, expression).value == value


# ----------------------------------------------------------------------------- narrative anchoring

def test_later_anchors_to_the_last_date_mentioned(stages):
    text = "The protests began on January 2, 2022 in Zhanaozen. Two days later, troops arrived in Almaty."
    assert one(stages, text, "Two days later").value == "2022-01-04"


def test_the_following_day_anchors_to_the_narrative(stages):
    text = "The rally took place on May 5, 2021. The following day, police detained its organisers."
    assert one(stages, text, "The following day").value == "2021-05-06"


def test_a_bare_month_takes_the_year_of_its_earlier_mention(stages):
    text = ("The protests which erupted in January 2022 were a coup attempt, he said. "
            "The tragedy of January has deeply affected our country.")
    assert values(stages, text)["January"] == "2022-01"


def test_a_bare_month_follows_a_narrative_year(stages):
    text = "The company was founded in May 2010 in Texas. In August, it opened a second plant."
    assert values(stages, text)["August"] == "2010-08"


def test_later_without_an_anchor_stays_null(stages):
    assert one(stages, "Two days later, troops arrived in Almaty.", "Two days later").value is None


def test_later_than_is_a_duration(stages):
    t = one(stages, "The season started about a month earlier than usual this time.", "a month")
    assert (t.type, t.value) == ("DURATION", "P1M")


# ----------------------------------------------------------------------------- durations, sets, times of day

@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("The city stayed in the grip of bandits for two days.", "two days", "P2D"),
        ("The worst season in a decade ended.", "a decade", "P10Y"),
        ("The war lasted three decades in all.", "three decades", "P30Y"),
        ("Several days passed before the rescue.", "Several days", "PXD"),
        ("Prices rose over the past two years in the city.", "the past two years", "P2Y"),
        ("Rates will stay low for the next few months.", "the next few months", "PXM"),
        ("The loan runs for 2 1/2 years at most.", "2 1/2 years", "P2.5Y"),
        ("A four-week closure of the towers begins soon.", "four-week", "P4W"),
        ("The meeting lasted an hour before the break.", "an hour", "PT1H"),
        ("The rebels held the town for years before the truce.", "years", "PXY"),
    ],
)
def test_durations(stages, sentence, expression, value):
    t = one(stages, sentence, expression)
    assert (t.type, t.value, t.earliest) == ("DURATION", value, None)


def test_an_age_is_not_a_duration(stages):
    assert values(stages, "The 22-year-old was arrested, and children aged 6 months were treated.") == {}


@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("The council meets every Friday in the town hall.", "every Friday", "XXXX-WXX-5"),
        ("Protesters gathered every morning outside the court.", "every morning", "XXXX-XX-XXTMO"),
        ("The report is published daily by the ministry.", "daily", "P1D"),
        ("The board meets twice a week in the capital.", "twice a week", "P1W"),
        ("The market is closed on Sundays in the town.", "Sundays", "XXXX-WXX-7"),
    ],
)
def test_sets(stages, sentence, expression, value):
    t = one(stages, sentence, expression)
    assert (t.type, t.value) == ("SET", value)


@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("The blast happened on Friday afternoon near the station.", "Friday afternoon", "2023-03-17TAF"),
        ("The curfew starts tonight in the capital.", "tonight", "2023-03-17TNI"),
        ("Shots were heard last night in the capital.", "last night", "2023-03-16TNI"),
        ("The vote on March 20, 2023 closes at 8 p.m. in the capital.", "8 p.m.", "2023-03-20T20:00"),
        ("The polls will close at 8 p.m. across the country.", "8 p.m.", "XXXX-XX-XXT20:00"),
    ],
)
def test_times_of_day(stages, sentence, expression, value):
    t = one(stages, sentence, expression)
    assert (t.type, t.value) == ("TIME", value)


@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("The town grew fast in the 1990s after the war.", "the 1990s", "199"),
        ("The town grew fast in the '90s after the war.", "the '90s", "199"),
        ("It was the bloodiest war of the 20th century in Europe.", "the 20th century", "19"),
        ("The river flooded in spring 2012 after the thaw.", "spring 2012", "2012-SP"),
        ("The river flooded in the summer of 2012 after the storms.", "the summer of 2012", "2012-SU"),
    ],
)
def test_decades_centuries_seasons(stages, sentence, expression, value):
    assert one(stages, sentence, expression).value == value


# ----------------------------------------------------------------------------- unknown DCT

@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("Assylov told parliament on Thursday that it was a coup.", "Thursday", "XXXX-WXX-4"),
        ("The talks collapsed in June after a week.", "June", "XXXX-06"),
        ("The talks collapsed on June 2 after a week.", "June 2", "XXXX-06-02"),
        ("Prices rose sharply last year in the capital.", "last year", None),
        ("The party was founded two days ago in Almaty.", "two days ago", None),
        ("He left the country yesterday with his family.", "yesterday", None),
        ("The unrest of January 2022 shook the country.", "January 2022", "2022-01"),
    ],
)
def test_unknown_dct_leaves_values_underspecified(stages, sentence, expression, value):
    t = one(stages, sentence, expression, published=None)
    assert t.value == value
    if value is None or "X" in value:
        assert (t.earliest, t.latest) == (None, None)


# ----------------------------------------------------------------------------- the example article

def test_the_example_with_its_publication_date(coup):
    got = {t.text: t.value for t in coup.times}
    assert got["January 2022"] == "2022-01"
    assert got["Thursday"] == "2023-03-16"
    assert got["January 2 last year"] == "2022-01-02"
    assert got["two days"] == "P2D"
    assert got["January"] == "2022-01"  # "the tragedy of January": the narrative year, not 2023
    by_text = {t.text: t for t in coup.times}
    assert (by_text["January 2 last year"].earliest, by_text["January 2 last year"].latest) == ("2022-01-02",) * 2


def test_the_example_without_a_date_infers_2023():
    result = chronicle.extract("examples/kazakhstan-coup-attempt.txt")
    published = result.document.published
    assert published.source == "inferred"
    assert published.earliest >= "2023-01-01" and published.latest <= "2023-12-31"
    got = {t.text: t.value for t in result.times}
    assert got["January 2 last year"] == "2022-01-02"
    assert got["Thursday"] == "XXXX-WXX-4"  # the year is known, the week is not


def test_inference_needs_the_text_to_agree(stages):
    text = "The protests of January 2022 were a coup. On January 2 last year, protests broke out."
    reading = read(stages, text, published=None)
    assert reading.document.published.value == "2023"
    assert reading.document.published.source == "inferred"
    reading = read(stages, "Prices rose sharply last year in the capital.", published=None)
    assert reading.document.published.source == "unknown"


def test_a_given_date_is_never_replaced(stages):
    text = "The protests of January 2022 were a coup. On January 2 last year, protests broke out."
    reading = read(stages, text, published="2024-06-01")
    assert reading.document.published.value == "2024-06-01"
    assert {t.text: t.value for t in reading.times}["January 2 last year"] == "2023-01-02"


# ----------------------------------------------------------------------------- the value type

def test_timex_bounds():
    assert timex.bounds("2023-W11") == ("2023-03-13", "2023-03-19")
    assert timex.bounds("2023-W11-WE") == ("2023-03-18", "2023-03-19")
    assert timex.bounds("2023-Q1") == ("2023-01-01", "2023-03-31")
    assert timex.bounds("2023-WI") == ("2022-12-01", "2023-02-28")
    assert timex.bounds("199") == ("1990-01-01", "1999-12-31")
    assert timex.bounds("19") == ("1900-01-01", "1999-12-31")
    assert timex.bounds("2023-03-16TNI") == ("2023-03-16", "2023-03-16")
    assert timex.bounds("XXXX-01-02") == (None, None)
    assert timex.bounds("P2D") == (None, None)
    assert timex.bounds("PRESENT_REF", dct=date(2023, 3, 17)) == ("2023-03-17", "2023-03-17")
    assert timex.bounds("PAST_REF", dct=date(2023, 3, 17)) == (None, "2023-03-16")
    assert timex.bounds("2022-12", "END") == ("2022-12-22", "2022-12-31")


def test_timex_arithmetic():
    assert timex.weekday_on(date(2023, 3, 17), 4, -1) == date(2023, 3, 16)
    assert timex.weekday_on(date(2023, 3, 17), 4, 1) == date(2023, 3, 23)
    assert timex.weekday_on(date(2023, 3, 17), 5, 1) == date(2023, 3, 17)
    assert timex.year_of(date(2023, 3, 17), 7, None, -1) == 2022
    assert timex.year_of(date(2023, 3, 17), 7, None, 1) == 2023
    assert timex.at(date(2023, 3, 17), "W") == "2023-W11"
    assert timex.duration(1.5, "TH") == "PT1.5H"
    assert timex.duration(None, "M") == "PXM"
    assert timex.duration(3, "DE") == "P30Y"
