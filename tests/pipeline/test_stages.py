"""Times: the helpers of the time stage (the quantities stage and numbers: test_quantities.py)."""

import pytest

from chronicle.pipeline.times import bounds, normalize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("January 2, 2022", ("DATE", "2022-01-02")),
        ("2 Jan 2022", ("DATE", "2022-01-02")),
        ("2022-01-02", ("DATE", "2022-01-02")),
        ("January 2022", ("DATE", "2022-01")),
        ("2021", ("DATE", "2021")),
        ("two days", ("DURATION", "P2D")),
        ("three decades", ("DURATION", "P30Y")),
        ("Thursday", ("DATE", "XXXX-WXX-4")),  # no DCT: underspecified, never guessed
        ("January 2 last year", ("DATE", None)),
        ("February 30, 2022", (None, None)),
    ],
)
def test_time_values_without_a_publication_date(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, tense, expected",
    [
        ("Thursday", -1, ("DATE", "2023-03-16")),
        ("Thursday", 1, ("DATE", "2023-03-23")),
        ("January 2 last year", 0, ("DATE", "2022-01-02")),
        ("last year", 0, ("DATE", "2022")),
    ],
)
def test_time_values_against_a_publication_date(text, tense, expected):
    assert normalize(text, "2023-03-17", tense) == expected


def test_bounds():
    assert bounds("2022-02") == ("2022-02-01", "2022-02-28")
    assert bounds("2022") == ("2022-01-01", "2022-12-31")
    assert bounds(None) == (None, None)


def test_times_of_the_example(coup):
    values = {t.text: t.value for t in coup.times}
    assert values["January 2022"] == "2022-01"
    assert values["two days"] == "P2D"
    assert values["Thursday"] == "2023-03-16"  # past tense: the Thursday before the DCT
