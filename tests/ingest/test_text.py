from datetime import date

import pytest

from chronicle.ingest import load_bytes
from chronicle.ingest.text import parse_dateline


def test_first_line_headline_becomes_title():
    raw = load_bytes(b"Protests spread to Almaty\n\nThousands marched on Tuesday.\n", "a.txt")
    assert raw.title == "Protests spread to Almaty"
    assert "Protests spread" not in raw.body


def test_first_line_sentence_is_not_a_title():
    raw = load_bytes(b"Thousands marched in Almaty on Tuesday against fuel prices.\n\nPolice watched.\n", "a.txt")
    assert raw.title is None
    assert raw.body.startswith("Thousands marched")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Updated: June 6, 2022 11:40 GMT", date(2022, 6, 6)),
        ("18 Jan 2022 · 16:05 GMT", date(2022, 1, 18)),
        ("Published 7 January 2022", date(2022, 1, 7)),
        ("2022-01-07", date(2022, 1, 7)),
        ("Friday 7 January 2022", date(2022, 1, 7)),
    ],
)
def test_dateline_gives_the_date(line, expected):
    assert parse_dateline(line) == expected


@pytest.mark.parametrize("line", ["Trials", "Voters approved the changes in 2022.", "In 2022 things happened"])
def test_sentences_are_not_datelines(line):
    assert parse_dateline(line) is None


def test_dateline_near_top_is_publication_date_and_removed():
    raw = load_bytes("Title here now\n\n18 Jan 2022 · 16:05 GMT\n\nBody sentence one.".encode(), "a.txt")
    assert raw.published == "2022-01-18"
    assert ("18 Jan 2022 · 16:05 GMT", "boilerplate") in raw.removed
    assert "16:05" not in raw.body
