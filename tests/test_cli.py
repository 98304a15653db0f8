"""The command line, as a user runs it, including every kind of bad input."""

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from chronicle.cli import app
from chronicle.store import Store
from tests.conftest import COUP, EXAMPLES

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_extract_json_validates(schema):
    r = run("extract", COUP, "--published", "2023-03-17", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema)
    assert data["document"]["published"] == {"value": "2023-03-17", "source": "given",
                                              "earliest": "2023-03-17", "latest": "2023-03-17"}


def test_extract_jsonl_many(schema):
    r = run("extract", COUP, EXAMPLES / "tokayev-fire-without-warning.html", "--format", "jsonl")
    lines = r.stdout.strip().splitlines()
    assert r.exit_code == 0 and len(lines) == 2
    for line in lines:
        jsonschema.validate(json.loads(line), schema)


def test_extract_text_shows_entities():
    r = run("extract", COUP, "--format", "text")
    assert r.exit_code == 0
    for name in ("Berik Assylov", "Karim Massimov", "Murat Bektanov", "Kassym-Jomart Tokayev", "Majilis"):
        assert name in r.stdout


def test_bad_date_is_one_line():
    r = run("extract", COUP, "--published", "17/03/2023")
    assert r.exit_code != 0
    assert "is not a date in the form YYYY-MM-DD" in r.stderr


@pytest.fixture
def bad(tmp_path):
    files = {
        "empty.txt": b"",
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "nav.html": b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "nothing-here").mkdir()
    (tmp_path / "nothing-here" / "notes.odt").write_text("a,b\n")
    return tmp_path


@pytest.mark.parametrize(
    "name, reason",
    [
        ("missing.txt", "no such file or directory"),
        ("empty.txt", "the file is empty"),
        ("photo.txt", "binary file, not text"),
        ("nav.html", "no article text found on the page"),
    ],
)
def test_extract_bad_input(bad, name, reason):
    r = run("extract", bad / name)
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"chronicle: error: {bad / name}: {reason}")
    assert "Traceback" not in r.output


def test_non_utf8_file_is_read(tmp_path):
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Протесты в Алматы\n\nТысячи людей вышли на улицы в среду.".encode("cp1251"))
    r = run("extract", path, "--format", "json")
    assert r.exit_code == 0, r.output
    assert "Тысячи людей" in json.loads(r.stdout)["document"]["text"]


@pytest.mark.parametrize(
    "name, reason",
    [
        ("missing.txt", "no such file or directory"),
        ("nothing-here", "no articles found"),
        ("empty.txt", "the file is empty"),
        ("photo.txt", "binary file, not text"),
        ("nav.html", "no article text found on the page"),
    ],
)
def test_ingest_bad_input_keeps_the_store(bad, tmp_path, name, reason):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run("ingest", EXAMPLES, "--db", db).exit_code == 0
    before = sorted(Store(db).document_ids())
    r = run("ingest", bad / name, EXAMPLES, "--db", db)
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("chronicle: error:")]
    assert len(errors) == 1 and f"{bad / name}: {reason}" in errors[0]
    assert "Traceback" not in r.output
    assert sorted(Store(db).document_ids()) == before


def test_ingest_then_timeline(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    r = run("ingest", EXAMPLES, "--db", db)
    assert r.exit_code == 0
    assert "4 stored" in r.stderr
    r = run("ingest", EXAMPLES, "--db", db)
    assert "0 stored, 4 already stored" in r.stderr
    r = run("timeline", "--db", db, "--format", "json")
    data = json.loads(r.stdout)
    assert data["schema"] == "chronicle.timeline/1"
    assert {s["title"] for e in data["events"] for s in e["sources"]} <= {
        "Kazakh official: January 2022 protests were ‘coup attempt’",
        "Kazakhs vote to curb powers of presidency and Nazarbayev's status in referendum",
        "Nazarbayev breaks silence, says he is a 'pensioner' with no conflict in the elite",
        "Tokayev authorises troops to fire without warning as Almaty reels",
    }
    r = run("timeline", "--db", db)
    assert r.exit_code == 0 and "Timeline:" in r.stdout


def test_corpus_queries(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run("ingest", str(EXAMPLES), "--db", db).exit_code == 0
    r = run("timeline", "--db", db, "--min-sources", "2", "--type", "PROTEST", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["events"][0]["corroboration"] >= 2
    r = run("claims", "--db", db, "--disagree", "--format", "json")
    data = json.loads(r.stdout)
    assert data["schema"] == "chronicle.claims/1" and all(c["disagree"] for c in data["claims"])
    r = run("quotes", "--db", db, "--format", "json")
    assert json.loads(r.stdout)["schema"] == "chronicle.quotes/1"
    for command in ("claims", "quotes", "entities", "timeline"):
        assert run(command, "--db", db).exit_code == 0
    r = run("ingest", str(EXAMPLES / "*.txt"), "--db", db)
    assert "0 stored, 3 already stored" in r.stderr
