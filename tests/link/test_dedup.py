"""Copies of a stored article (exact or syndicated near copies) are linked to it, not read again."""

import json

from chronicle.corpus import Corpus
from chronicle.link.dedup import fingerprint, jaccard
from chronicle.store import duplicates
from tests.conftest import COUP, EXAMPLES

TEXT = COUP.read_text()
# A wire copy: another headline, another site's junk, one sentence edited, the last one cut.
COPY = ("Kazakhstan says January unrest was a coup attempt\n\nAdvertisement\n\n"
        + TEXT.split("\n", 1)[1].replace("Assylov further said", "the prosecutor further said").rsplit("Route 6", 1)[0]
        + "\n\nShare this article")


def test_estimate_follows_exact_jaccard():
    other = (EXAMPLES / "nazarbayev-pensioner.txt").read_text()
    a, b, c = fingerprint(TEXT), fingerprint(COPY), fingerprint(other)
    assert abs(a.similarity(b.signature) - jaccard(TEXT, COPY)) < 0.12
    assert a.similarity(b.signature) >= 0.8 and a.similarity(c.signature) < 0.2
    assert set(a.bands) & set(b.bands) and not set(a.bands) & set(c.bands)


def test_near_and_exact_copies_are_linked_not_read(tmp_path):
    (tmp_path / "wire-copy.txt").write_text(COPY)
    (tmp_path / "dataset.jsonl").write_text(json.dumps({"url": "https://mirror.example/coup", "text": TEXT}) + "\n")
    corpus = Corpus(f"sqlite:///{tmp_path / 'c.db'}")
    first = corpus.ingest([COUP])
    (stored_id,) = corpus.store.document_ids()
    report = corpus.ingest([tmp_path / "wire-copy.txt", tmp_path / "dataset.jsonl", EXAMPLES / "nazarbayev-pensioner.txt"])
    assert first.stored == [str(COUP)]
    assert sorted(report.duplicates) == sorted([(str(tmp_path / "wire-copy.txt"), stored_id),
                                                ("https://mirror.example/coup", stored_id)])
    assert report.stored == [str(EXAMPLES / "nazarbayev-pensioner.txt")]
    kinds = {c["source"]: (c["kind"], c["document_id"]) for c in corpus.store.copies()}
    assert kinds["https://mirror.example/coup"] == ("exact", stored_id)
    assert kinds[str(tmp_path / "wire-copy.txt")][0] == "near"
    again = corpus.ingest([tmp_path / "wire-copy.txt", tmp_path / "dataset.jsonl"])
    assert again.duplicates == [] and len(again.unchanged) == 2
    assert corpus.store.count() == 2


def test_copies_within_one_run(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.txt").write_text(COPY)
    corpus = Corpus(f"sqlite:///{tmp_path / 'c.db'}")
    report = corpus.ingest([tmp_path])
    assert report.stored == [str(tmp_path / "a.txt")]
    assert [s for s, _ in report.duplicates] == [str(tmp_path / "b.txt")]
    with corpus.store.engine.connect() as conn:
        assert conn.execute(duplicates.select()).first().document_id == corpus.store.document_ids()[0]
