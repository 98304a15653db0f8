"""The pipeline as a list of named stages that later work can replace."""

import pytest

from chronicle import errors
from chronicle.config import Settings
from chronicle.ingest import load_bytes
from chronicle.pipeline import STAGES, Pipeline, Stage, register
from chronicle.pipeline.chronology import order
from chronicle.contract import DateRange, Event, Span

ARTICLE = b"Protests in Almaty\n\nPolice detained 40 people in Almaty on January 5, 2022, officials said."


def test_default_stage_order():
    assert Pipeline().names == ["clean", "nlp", "entities", "coref", "times", "quantities", "quotes", "events", "chronology"]


def test_unknown_stage_is_a_config_error():
    with pytest.raises(errors.ConfigError, match="unknown stage 'nope'"):
        Pipeline(Settings(stages=("clean", "nope")))


def test_stage_before_its_input_is_a_config_error():
    with pytest.raises(errors.ConfigError, match="needs doc"):
        Pipeline(Settings(stages=("clean", "entities", "nlp")))


def test_a_stage_can_be_replaced_by_name():
    original = STAGES["quotes"]
    try:
        @register("quotes")
        class NoisyQuotes(Stage):
            needs = ("doc",)
            gives = ("quotes",)

            def __call__(self, reading):
                reading.quotes = []
                reading.document.title = "replaced"
                return reading

        result = Pipeline().read(load_bytes(ARTICLE, "a.txt"))
        assert result.document.title == "replaced"
    finally:
        STAGES["quotes"] = original


def test_a_shorter_pipeline_runs():
    result = Pipeline(Settings(stages=("clean", "nlp", "entities"))).read(load_bytes(ARTICLE, "a.txt"))
    assert [(e.name, e.type) for e in result.entities] == [("Almaty", "place"), ("officials", "group")]
    assert result.times == [] and result.events == []


def test_read_many_isolates_a_bad_document():
    good = load_bytes(ARTICLE, "good.txt")
    junk_only = load_bytes(b"Some headline here\n\nLoading...\n\nAdvertisement\n", "junk.txt")
    results = list(Pipeline(Settings(batch_size=8)).read_many([good, junk_only, good]))
    assert [type(r).__name__ for _, r in results] == ["DocumentResult", "InputError", "DocumentResult"]
    assert "no article text left" in results[1][1].reason


def test_chronology_orders_by_date_then_text():
    def ev(i, day, start):
        return Event(id=i, type="PROTEST", summary=i, date=DateRange(earliest=day, latest=day),
                     evidence=[Span(start=start, end=start + 1)])
    events = [ev("v1", None, 0), ev("v2", "2022-01-05", 50), ev("v3", "2022-01-02", 90), ev("v4", "2022-01-05", 10)]
    assert order(events) == ["v3", "v4", "v2", "v1"]
