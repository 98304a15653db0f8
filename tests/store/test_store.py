"""The store keeps each document once, whole, and reads it back in the contract's shape."""

import shutil

import pytest

import chronicle
from chronicle import errors
from chronicle.corpus import Corpus
from chronicle.store import Store
from tests.conftest import COUP, EXAMPLES


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def corpus_dir(tmp_path):
    d = tmp_path / "articles"
    shutil.copytree(EXAMPLES, d)
    return d


def test_ingest_twice_stores_once(db, corpus_dir):
    corpus = Corpus(db)
    first = corpus.ingest([corpus_dir])
    assert len(first.stored) == 4 and first.ok
    again = corpus.ingest([corpus_dir])
    assert again.stored == [] and len(again.unchanged) == 4
    assert corpus.store.count() == 4


def test_round_trip_equals_extract(db):
    corpus = Corpus(db)
    corpus.ingest([COUP], published="2023-03-17")
    stored = next(corpus.documents())
    assert stored.to_dict() == chronicle.extract(COUP, published="2023-03-17").to_dict()


def test_same_text_from_another_path_is_a_duplicate(db, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(COUP.read_bytes())
    corpus = Corpus(db)
    corpus.ingest([COUP])
    report = corpus.ingest([copy])
    assert report.stored == [] and len(report.duplicates) == 1
    assert corpus.store.count() == 1


def test_bad_files_are_reported_and_good_ones_stored(db, corpus_dir):
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    corpus = Corpus(db)
    report = corpus.ingest([corpus_dir, corpus_dir / "missing.txt"])
    assert len(report.stored) == 4
    reasons = sorted(e.line() for e in report.failed)
    assert any("empty.txt: the file is empty" in r for r in reasons)
    assert any("image.txt: binary file" in r for r in reasons)
    assert any("missing.txt: no such file or directory" in r for r in reasons)


def test_a_run_killed_midway_is_completed_by_a_rerun(db, corpus_dir, monkeypatch):
    corpus = Corpus(db)
    real_add = corpus.store.add
    calls = {"n": 0}

    def add_then_die(result, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C while the third document was written
        return real_add(result, *args)

    monkeypatch.setattr(corpus.store, "add", add_then_die)
    with pytest.raises(KeyboardInterrupt):
        corpus.ingest([corpus_dir])
    assert corpus.store.count() == 2
    monkeypatch.setattr(corpus.store, "add", real_add)
    report = corpus.ingest([corpus_dir])
    assert len(report.stored) == 2 and len(report.unchanged) == 2
    assert corpus.store.count() == 4


def test_failed_transaction_leaves_no_partial_document(db):
    store = Store(db)
    result = chronicle.extract(COUP)
    broken = result.model_copy(deep=True)
    broken.entities[1].id = broken.entities[0].id  # duplicate primary key: the insert fails midway
    with pytest.raises(errors.StoreError):
        store.add(broken)
    assert store.count() == 0
    assert store.add(result).status == "stored"


def test_timeline_shape(db):
    corpus = Corpus(db)
    corpus.ingest([COUP], published="2023-03-17")
    data = corpus.timeline()
    assert data["schema"] == "chronicle.timeline/1"
    stored = next(corpus.documents())
    assert len(data["events"]) == len(stored.events)
    names = {e.name for e in stored.entities}
    for event in data["events"]:
        assert all(a in names for a in event["actors"] + event["targets"])
        assert event["place"] is None or event["place"] in names
        (source,) = event["sources"]
        assert source["document"] == stored.document.id and source["published"] == "2023-03-17"
        original = next(v for v in stored.events if v.id == event["id"])
        for span in original.evidence:
            assert stored.document.text[span.start:span.end] in source["evidence"]
    dates = [e["date"]["earliest"] for e in data["events"] if e["date"]["earliest"]]
    assert dates == sorted(dates)


def test_timeline_filters(db):
    corpus = Corpus(db)
    corpus.ingest([COUP], published="2023-03-17")
    everything = corpus.timeline()["events"]
    since = corpus.timeline(since="2023-01-01")["events"]
    assert all((e["date"]["latest"] or e["date"]["earliest"]) >= "2023-01-01" for e in since)
    until = corpus.timeline(until="2022-12-31")["events"]
    assert all(e["date"]["earliest"] <= "2022-12-31" for e in until)
    assert len(since) + len(until) <= len(everything)
    for e in corpus.timeline(entity="Assylov")["events"]:
        assert "Berik Assylov" in [*e["actors"], *e["targets"], e["reported_by"]]


def test_bad_store_url_is_a_clear_error(tmp_path):
    with pytest.raises(errors.StoreError, match="cannot open the store"):
        Store("nosuchdb://x")


def test_store_of_another_layout_is_refused(db):
    from sqlalchemy import update

    from chronicle.store import meta

    store = Store(db)
    with store.engine.begin() as conn:
        conn.execute(update(meta).where(meta.c.key == "layout").values(value="0ld"))
    store.close()
    with pytest.raises(errors.StoreError, match="written by another version of chronicle"):
        Store(db)
