"""Merged timeline, claims and quotes over the bundled examples and small written articles."""

import json

import pytest

from chronicle.corpus import Corpus
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    c = Corpus(f"sqlite:///{tmp_path_factory.mktemp('c') / 'c.db'}")
    c.ingest([EXAMPLES])
    return c


def test_start_of_the_unrest_is_one_entry_with_four_sources(corpus):
    (start,) = [e for e in corpus.timeline(type="PROTEST")["events"] if e["corroboration"] >= 3]
    assert start["date"] == {"earliest": "2022-01-02", "latest": "2022-01-02"}
    assert start["place"] == "Zhanaozen" and len(start["sources"]) == 4
    assert all(s["evidence"] and s["title"] for s in start["sources"])
    assert corpus.timeline(min_sources=2)["events"][0]["corroboration"] >= 2
    assert all(e["type"] == "PROTEST" for e in corpus.timeline(type="protest")["events"])
    assert corpus.timeline(place="Kazakhstan", min_sources=4)["events"] == [start]


def test_two_protests_in_two_cities_on_one_day_stay_apart(tmp_path):
    c = Corpus(f"sqlite:///{tmp_path / 'c.db'}")
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"text": "Thousands of people protested in Aktobe on January 4, 2022 against fuel prices.", "published": "2022-01-05"},
        {"text": "Hundreds of people protested in Shymkent on January 4, 2022 over gas prices.", "published": "2022-01-05"},
        {"text": "On January 4, 2022, thousands of people protested in Aktobe, the regional capital.", "published": "2022-01-06"},
    ]) + "\n")
    c.ingest([tmp_path / "a.jsonl"])
    protests = c.timeline(type="PROTEST")["events"]
    assert sorted((e["place"], e["corroboration"]) for e in protests) == [("Aktobe", 2), ("Shymkent", 1)]
    assert [e["place"] for e in c.timeline(place="Shymkent")["events"]] == ["Shymkent"]


def test_claims_lay_differing_death_tolls_side_by_side(corpus):
    claims = corpus.claims(disagree=True)["claims"]
    killed = next(c for c in claims if c["about"] == "people killed")
    assert {v["value"] for v in killed["values"]} >= {238, 26} and killed["disagree"]
    assert all(v["source"]["evidence"] and v["source"]["document"] for v in killed["values"])
    assert all(c["disagree"] for c in claims)
    assert any(not c["disagree"] for c in corpus.claims()["claims"])


def test_quotes_and_entities_by_name(corpus):
    quotes = corpus.quotes()["quotes"]
    assert quotes and any(q["speaker"] == "Berik Assylov" for q in quotes)
    assert all(q["source"]["title"] for q in quotes)
    assert all(q["speaker"] == "Berik Assylov" for q in corpus.quotes(speaker="Asylov")["quotes"])
    tokayev = next(e for e in corpus.entities()["entities"] if e["name"] == "Kassym-Jomart Tokayev")
    assert tokayev["documents"] == 4 and tokayev["roles"][0]["title"] == "President"
