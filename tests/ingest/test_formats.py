"""Multi-article inputs (JSONL, CSV, RSS/Atom, WARC), globs and URLs, one record per article."""

import functools
import http.server
import io
import shutil
import threading
from pathlib import Path

import pytest

from chronicle import errors
from chronicle.corpus import Corpus
from chronicle.ingest import iter_paths
from chronicle.ingest.formats import file_records, parse_fields, url_record
from tests.conftest import EXAMPLES, FIXTURES

CORPUS = FIXTURES / "corpus"
COUP_TEXT = (EXAMPLES / "kazakhstan-coup-attempt.txt").read_text()


def loaded(path, fields=None):
    out = []
    for r in file_records(path, parse_fields(fields)):
        if isinstance(r, errors.ChronicleError):
            out.append(r)
        else:
            try:
                out.append(r.load())
            except errors.ChronicleError as exc:
                out.append(exc)
    return out


def test_jsonl_records_have_their_own_sources_and_errors():
    first, second, bad, empty = loaded(CORPUS / "articles.jsonl")
    assert first.source == "https://news.example/almaty-curfew"
    assert (first.title, first.outlet, first.published) == ("Curfew declared in Almaty", "Example News", "2022-01-05")
    assert second.source.endswith("articles.jsonl#2") and second.published == "2022-01-04"
    assert isinstance(bad, errors.InputError) and bad.source.endswith("#3") and "not a JSON object" in bad.reason
    assert isinstance(empty, errors.InputError) and "no text in field 'text'" in empty.reason


def test_csv_with_a_field_mapping():
    (raw,) = loaded(CORPUS / "articles.csv", "url=link,title=headline,text=body,published=date")
    assert raw.source == "https://news.example/zhanaozen"
    assert raw.title == "Rally in Zhanaozen" and raw.published == "2022-01-02"
    assert raw.body.startswith("Thousands of people rallied")
    with pytest.raises(errors.ConfigError, match="bad field mapping"):
        parse_fields("body")


def test_rss_and_atom_entries():
    item, empty = loaded(CORPUS / "feed.rss")
    assert item.source == "https://steppe.example/government-resigns" and item.outlet == "Steppe Wire"
    assert item.published == "2022-01-05" and "\n\nHe declared a state of emergency" in item.body
    assert isinstance(empty, errors.InputError)
    (entry,) = loaded(CORPUS / "feed.atom")
    assert entry.source == "https://atom.example/troops" and entry.published == "2022-01-06"


def write_warc(path: Path, pages: dict[str, bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        for url, (ctype, body) in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc_gz_html_responses_only(tmp_path):
    page = (EXAMPLES / "tokayev-fire-without-warning.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, {"https://caspian.example/tokayev": ("text/html; charset=utf-8", page),
                      "https://caspian.example/logo.png": ("image/png", b"\x89PNG....")})
    (raw,) = loaded(path)
    assert raw.source == "https://caspian.example/tokayev" and raw.format == "html"
    assert raw.title.startswith("Tokayev authorises troops")


def test_damaged_warc_is_one_error(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    found = loaded(path)
    assert found and all(isinstance(f, errors.InputError) for f in found)


def test_globs_and_directories(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(CORPUS / "feed.rss", tmp_path / "a" / "feed.rss")
    shutil.copy(EXAMPLES / "nazarbayev-pensioner.txt", tmp_path / "a" / "n.txt")
    assert sorted(p.name for p in iter_paths([tmp_path])) == ["feed.rss", "n.txt"]
    assert [p.name for p in iter_paths([str(tmp_path / "**" / "*.txt")])] == ["n.txt"]
    (nothing,) = iter_paths([str(tmp_path / "*.pdf")])
    assert isinstance(nothing, errors.InputError) and "no files match" in nothing.reason


@pytest.fixture
def server(tmp_path):
    (tmp_path / "article.html").write_bytes((EXAMPLES / "tokayev-fire-without-warning.html").read_bytes())
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_url_is_fetched_read_and_not_fetched_again(server, tmp_path):
    raw = url_record(f"{server}/article.html", timeout=5).load()
    assert raw.title.startswith("Tokayev authorises troops")
    corpus = Corpus(f"sqlite:///{tmp_path / 'c.db'}")
    report = corpus.ingest([f"{server}/article.html", f"{server}/missing.html"], timeout=5)
    assert report.stored == [f"{server}/article.html"]
    (failed,) = report.failed
    assert failed.source == f"{server}/missing.html" and "cannot fetch" in failed.reason
    again = corpus.ingest([f"{server}/article.html"], timeout=5)
    assert again.unchanged == [f"{server}/article.html"] and again.stored == []


def test_ingest_mixed_corpus_twice(tmp_path):
    corpus = Corpus(f"sqlite:///{tmp_path / 'c.db'}")
    inputs = [CORPUS / "articles.jsonl", CORPUS / "feed.rss", CORPUS / "feed.atom"]
    first = corpus.ingest(inputs)
    assert len(first.stored) == 4  # 2 JSONL records, 1 RSS item, 1 Atom entry
    assert len(first.failed) == 3  # the bad JSONL line, the empty JSONL text, the empty RSS item
    again = corpus.ingest(inputs)
    assert again.stored == [] and len(again.unchanged) == 4
    assert corpus.store.count() == 4
