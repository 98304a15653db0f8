"""Inputs that hold many articles (datasets, feeds, web archives) and articles fetched by URL.

A corpus arrives as crawls (WARC), dataset dumps (JSONL, CSV), feeds (RSS/Atom) and lists of
links as often as one file per article. Each is cut here into :class:`Record` s, one per article,
each with its own source (``file.jsonl#3``, or the record's URL when it has one) and a digest of
its own bytes, so that a re-run skips a record already stored before reading it, exactly as it
skips an unchanged file. A record is only turned into a :class:`RawDocument` when ``load`` is
called, and files are read record by record (``warcio``, ``csv`` and line iteration stream), so
memory stays flat however large the dump.

Libraries: warcio (Apache-2.0) for WARC/WARC.gz, feedparser (BSD) for RSS/Atom, trafilatura's
downloader (with our timeout) for URLs; CSV and JSONL through the standard library.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlparse

from chronicle import errors
from chronicle.store import sha256 as digest  # a record's digest is the store's raw hash

# What a dataset's columns are called unless ``fields`` says otherwise.
DEFAULT_FIELDS = {"url": "url", "title": "title", "text": "text", "published": "published", "outlet": "outlet"}
DATASET_SUFFIXES = (".jsonl", ".ndjson", ".csv")
FEED_SUFFIXES = (".rss", ".atom")
WARC_SUFFIXES = (".warc", ".warc.gz")
DEFAULT_TIMEOUT = 20  # seconds for one URL
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Record:
    """One article-sized unit of an input, not yet read: its source, its bytes' digest, a loader."""

    source: str
    digest: str
    load: Callable[[], "RawDocument"]  # noqa: F821 - chronicle.ingest.RawDocument


def kind_of(path: Path) -> str | None:
    """``warc``, ``dataset`` or ``feed`` for a multi-article file, None for one article a file."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(DATASET_SUFFIXES):
        return "dataset"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    return None


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def parse_fields(spec: str | dict | None) -> dict[str, str]:
    """``"text=body,published=date"`` (or a dict) over the default field names."""
    fields = dict(DEFAULT_FIELDS)
    if not spec:
        return fields
    pairs = spec.items() if isinstance(spec, dict) else (p.split("=", 1) for p in spec.split(",") if p.strip())
    for pair in pairs:
        if len(pair) != 2 or pair[0].strip() not in DEFAULT_FIELDS:
            raise errors.ConfigError(None, f"bad field mapping {spec!r}: give OURS=THEIRS pairs, OURS one of "
                                           f"{', '.join(DEFAULT_FIELDS)}")
        fields[pair[0].strip()] = pair[1].strip()
    return fields


# -- datasets ------------------------------------------------------------------------------


def dataset_records(path: Path, fields: dict[str, str]) -> Iterator[Record | errors.InputError]:
    """One record per JSONL line or CSV row; a bad line is an error in its place, not the file's."""
    rows = _csv_rows(path) if path.name.lower().endswith(".csv") else _jsonl_rows(path)
    for n, row in rows:
        source = f"{path}#{n}"
        if isinstance(row, errors.InputError):
            yield row
            continue
        url = row.get(fields["url"])
        if isinstance(url, str) and is_url(url.strip()):
            source = url.strip()
        yield Record(source, digest(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)),
                     lambda row=row, source=source: _from_fields(row, source, fields))


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict | errors.InputError]]:
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, errors.InputError(f"{path}#{n}", f"not a JSON object ({exc.msg})")
                continue
            yield n, row if isinstance(row, dict) else errors.InputError(f"{path}#{n}", "not a JSON object")


def _csv_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with _open_text(path) as f:
        yield from enumerate(csv.DictReader(f), 1)


def _open_text(path: Path):
    try:
        return open(path, encoding="utf-8-sig", newline="" if path.suffix.lower() == ".csv" else None)
    except OSError as exc:
        raise errors.InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _from_fields(row: dict, source: str, fields: dict[str, str]):
    from chronicle.ingest import RawDocument, load_bytes

    text = row.get(fields["text"])
    if not isinstance(text, str) or not text.strip():
        raise errors.InputError(source, f"no text in field '{fields['text']}' (map another with --fields text=NAME)")
    raw = load_bytes(text.encode("utf-8"), source)
    title, outlet = _str(row.get(fields["title"])), _str(row.get(fields["outlet"]))
    published = iso_date(row.get(fields["published"]))
    return RawDocument(source=source, body=raw.body, format=raw.format, title=title or raw.title,
                       outlet=outlet or raw.outlet, authors=raw.authors, published=published or raw.published,
                       removed=raw.removed)


def _str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def iso_date(value) -> str | None:
    """A dataset's or feed's date (ISO, RFC 822, a struct_time) as YYYY-MM-DD, else None."""
    if value is None or value == "":
        return None
    if hasattr(value, "tm_year"):
        return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(str(value)).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


# -- feeds ---------------------------------------------------------------------------------


def feed_records(path: Path) -> Iterator[Record | errors.InputError]:
    """One record per RSS/Atom entry with a body (content, else summary)."""
    import feedparser

    try:
        data = path.read_bytes()
    except OSError as exc:
        yield errors.InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        yield errors.InputError(str(path), "no feed entries found (not RSS or Atom?)")
        return
    outlet = _str(feed.feed.get("title"))
    for n, entry in enumerate(feed.entries, 1):
        source = entry.get("link") if is_url(entry.get("link") or "") else f"{path}#{n}"
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        yield Record(source, digest(json.dumps([entry.get("title"), body, entry.get("published")])),
                     lambda e=entry, s=source, b=body: _from_entry(e, s, b, outlet))


def _from_entry(entry, source: str, body: str, outlet: str | None):
    from chronicle.ingest import RawDocument

    text = html_to_text(body) if "<" in body else body.strip()
    if not text:
        raise errors.InputError(source, "the feed entry has no text")
    authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    return RawDocument(source=source, body=text, format="text", title=_str(entry.get("title")), outlet=outlet,
                       authors=authors, published=iso_date(entry.get("published_parsed") or entry.get("updated_parsed")))


def html_to_text(fragment: str) -> str:
    """A feed's HTML snippet as paragraphs (one per block element), the shape the clean stage reads."""
    import lxml.html

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    blocks = [el.text_content().strip() for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else root.text_content().strip()


# -- web archives --------------------------------------------------------------------------


def warc_records(path: Path) -> Iterator[Record | errors.InputError]:
    """One record per HTML response (or resource) in a WARC or WARC.gz file, named by its URL."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield errors.InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        try:
            for n, rec in enumerate(ArchiveIterator(stream), 1):
                if rec.rec_type not in ("response", "resource"):
                    continue
                ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers
                         else rec.rec_headers.get_header("Content-Type")) or ""
                if rec.http_headers and not rec.http_headers.get_statuscode().startswith("2"):
                    continue
                if "html" not in ctype and "text/plain" not in ctype:
                    continue
                data = rec.content_stream().read()
                source = rec.rec_headers.get_header("WARC-Target-URI") or f"{path}#{n}"
                fmt = "html" if "html" in ctype else "text"
                yield Record(source, digest(data), lambda d=data, s=source, f=fmt: _load(d, s, f))
        except Exception as exc:  # warcio raises plain exceptions on a damaged archive
            yield errors.InputError(str(path), f"damaged WARC file: {exc}")


def _load(data: bytes, source: str, fmt: str | None):
    from chronicle.ingest import load_bytes

    return load_bytes(data, source, fmt)


# -- URLs ----------------------------------------------------------------------------------


def fetch(url: str, timeout: int = DEFAULT_TIMEOUT) -> bytes:
    """The page at ``url`` through trafilatura's downloader, or an :class:`errors.InputError`."""
    from trafilatura.downloads import fetch_response
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(int(timeout)))
    config.set("DEFAULT", "MAX_REDIRECTS", "5")
    # trafilatura refuses non-public addresses (SSRF protection); a URL the user names on their own
    # machine (a local archive server, the tests' server) is not that risk, so loopback is allowed.
    if urlparse(url).hostname in LOOPBACK:
        config.set("DEFAULT", "SSRF_PROTECTION", "off")
    try:
        response = fetch_response(url, config=config)
    except Exception as exc:  # urllib3/pycurl errors of every kind: unreachable is unreachable
        raise errors.InputError(url, f"cannot fetch: {exc}") from None
    if response is None or not response.data:
        raise errors.InputError(url, "cannot fetch: no answer or an empty page")
    if response.status and not 200 <= response.status < 300:
        raise errors.InputError(url, f"cannot fetch: HTTP status {response.status}")
    return response.data


def url_record(url: str, timeout: int = DEFAULT_TIMEOUT) -> Record:
    data = fetch(url, timeout)
    return Record(url, digest(data), lambda: _load(data, url, None))


def file_records(path: Path, fields: dict[str, str]) -> Iterator[Record | errors.InputError]:
    """The records of a multi-article file, by its kind (see :func:`kind_of`)."""
    kind = kind_of(path)
    if kind == "warc":
        yield from warc_records(path)
    elif kind == "dataset":
        yield from dataset_records(path, fields)
    elif kind == "feed":
        yield from feed_records(path)


__all__ = ["Record", "DEFAULT_FIELDS", "parse_fields", "file_records", "url_record", "kind_of", "is_url",
           "fetch", "html_to_text", "iso_date"]
