"""The store: documents and everything read from them, through SQLAlchemy (SQLite or PostgreSQL).

One document is written in one transaction, so a run killed midway leaves every document either
fully stored or absent, and a re-run completes the rest. A document is keyed by its content-derived
id; the raw bytes' hash lets a re-run skip an unchanged file before reading it again, and the clean
text's hash keeps an identical article from a second source from being stored twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

from sqlalchemy import (
    JSON, Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text, create_engine,
    delete, func, insert, select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from chronicle import errors
from chronicle.config import DEFAULT_DB
from chronicle.link.dedup import Fingerprint, is_near_duplicate
from chronicle.contract import (
    DateRange, Document, DocumentResult, Entity, Event, Published, Quantity, Quote,
    Removed, Time,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("raw_hash", String(64), index=True),
    Column("text_hash", String(64), index=True, nullable=False),
    Column("title", Text), Column("outlet", Text), Column("authors", JSON), Column("language", String(8)),
    Column("published_value", String(32)), Column("published_source", String(16)),
    Column("published_earliest", String(10)), Column("published_latest", String(10)),
    Column("text", Text, nullable=False), Column("removed", JSON),
    Column("ingested_at", DateTime(timezone=True)),
)


def _child(name: str, *columns: Column) -> Table:
    return Table(
        name, metadata,
        Column("document_id", String(40), primary_key=True),
        Column("id", String(16), primary_key=True),
        *columns,
    )


entities = _child(
    "entities", Column("type", String(16)), Column("name", Text), Column("aliases", JSON),
    Column("roles", JSON), Column("geo", JSON), Column("mentions", JSON),
)
times = _child(
    "times", Column("text", Text), Column("start", Integer), Column("end", Integer), Column("type", String(10)),
    Column("value", String(40)), Column("earliest", String(10)), Column("latest", String(10)),
)
quantities = _child(
    "quantities", Column("text", Text), Column("start", Integer), Column("end", Integer), Column("value", Float),
    Column("unit", Text), Column("approximate", Boolean), Column("sentence", JSON), Column("quote", String(16)),
)
quotes = _child(
    "quotes", Column("kind", String(10)), Column("text", Text), Column("start", Integer), Column("end", Integer),
    Column("speaker", String(16)), Column("cue", Text), Column("addressee", String(16)), Column("time", String(16)),
    Column("speaker_span", JSON), Column("cue_span", JSON),
)
events = _child(
    "events", Column("position", Integer), Column("type", String(12)), Column("mode", Text),
    Column("summary", Text), Column("actors", JSON), Column("targets", JSON), Column("place", String(16)),
    Column("time", String(16)), Column("date_earliest", String(10), index=True),
    Column("date_latest", String(10)), Column("quantities", JSON), Column("reported_by", String(16)),
    Column("modality", String(10)), Column("evidence", JSON),
)
CHILDREN = (entities, times, quantities, quotes, events)

# Dedup (chronicle/link/dedup.py): each stored document's body fingerprint and its LSH band keys
# (the blocking index for near-copies), and every copy found, linked to the stored twin.
fingerprints = Table(
    "fingerprints", metadata,
    Column("document_id", String(40), primary_key=True),
    Column("body_hash", String(64), index=True, nullable=False),
    Column("signature", JSON, nullable=False),
)
minhash_bands = Table(
    "minhash_bands", metadata,
    Column("band", String(24), primary_key=True),
    Column("document_id", String(40), primary_key=True),
)
duplicates = Table(
    "duplicates", metadata,
    Column("source", Text, primary_key=True),
    Column("raw_hash", String(64)),
    Column("document_id", String(40), index=True, nullable=False),
    Column("kind", String(8), nullable=False),  # exact | near
    Column("similarity", Float),
    Column("title", Text),
    Column("found_at", DateTime(timezone=True)),
)

# The layout the tables above describe, as a fingerprint of their names and columns; a store
# written with another layout is refused with a clear message instead of failing on a column.
meta = Table("chronicle_meta", metadata, Column("key", String(32), primary_key=True), Column("value", Text))
LAYOUT = hashlib.sha1(
    "|".join(f"{t.name}.{c.name}:{c.type}" for t in metadata.sorted_tables if t is not meta for c in t.columns).encode()
).hexdigest()[:12]


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass
class Added:
    """What :meth:`Store.add` did with one document."""

    status: str  # "stored", "exists" (same document) or "duplicate" (same text from another source)
    document_id: str


class Store:
    """A chronicle database. ``Store("sqlite:///chronicle.db")`` creates the tables if needed."""

    def __init__(self, url: str = DEFAULT_DB) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url, future=True)
            metadata.create_all(self.engine)
            self._check_layout()
        except (ArgumentError, OperationalError, SQLAlchemyError, ImportError) as exc:
            raise errors.StoreError(url, f"cannot open the store: {_first_line(exc)}") from None

    def _check_layout(self) -> None:
        with self.engine.begin() as conn:
            found = conn.execute(select(meta.c.value).where(meta.c.key == "layout")).scalar()
            if found is None:
                if conn.execute(select(func.count()).select_from(documents)).scalar_one():
                    found = "unknown"
                else:
                    conn.execute(insert(meta), [{"key": "layout", "value": LAYOUT}])
                    return
            if found != LAYOUT:
                raise errors.StoreError(
                    self.url, f"the store was written by another version of chronicle (layout {found}, "
                    f"this one writes {LAYOUT}); ingest into a new store"
                )

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------------------

    def has_raw(self, source: str, raw_hash: str | None = None) -> str | None:
        """The id of a document already read (or linked as a copy) from these exact bytes at this
        source, if any; with no hash, from this source whatever its bytes (a URL not fetched again)."""
        with self.engine.connect() as conn:
            for table, col in ((documents, documents.c.id), (duplicates, duplicates.c.document_id)):
                query = select(col).where(table.c.source == source)
                if raw_hash is not None:
                    query = query.where(table.c.raw_hash == raw_hash)
                row = conn.execute(query).first()
                if row:
                    return row[0]
        return None

    def find_copy(self, fp: Fingerprint) -> tuple[str, str, float] | None:
        """The stored document ``fp`` copies: ``(id, "exact"|"near", similarity)``, or None.

        Candidates are the documents sharing an LSH band with ``fp`` (blocking), so the cost grows
        with the number of near copies, not with the corpus."""
        with self.engine.connect() as conn:
            row = conn.execute(select(fingerprints.c.document_id).where(fingerprints.c.body_hash == fp.body_hash)).first()
            if row:
                return row[0], "exact", 1.0
            candidates = conn.execute(
                select(fingerprints.c.document_id, fingerprints.c.signature).where(
                    fingerprints.c.document_id.in_(
                        select(minhash_bands.c.document_id).where(minhash_bands.c.band.in_(fp.bands))))
            ).all()
        best = max(((fp.similarity(sig), doc_id) for doc_id, sig in candidates), default=None)
        if best and is_near_duplicate(best[0]):
            return best[1], "near", round(best[0], 3)
        return None

    def add_duplicate(self, source: str, raw_hash: str | None, document_id: str, kind: str,
                      similarity: float, title: str | None = None) -> None:
        """Link a copy to its stored twin (once per source)."""
        with self.engine.begin() as conn:
            conn.execute(delete(duplicates).where(duplicates.c.source == source))
            conn.execute(insert(duplicates), [{
                "source": source, "raw_hash": raw_hash, "document_id": document_id, "kind": kind,
                "similarity": similarity, "title": title, "found_at": datetime.now(timezone.utc)}])

    def copies(self, document_id: str | None = None) -> list[dict]:
        """The copies linked to stored documents (to one, when given)."""
        query = select(duplicates).order_by(duplicates.c.document_id, duplicates.c.source)
        if document_id:
            query = query.where(duplicates.c.document_id == document_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def add(self, result: DocumentResult, raw_hash: str | None = None, fp: Fingerprint | None = None) -> Added:
        """Store one document and all its parts in one transaction; never twice."""
        doc = result.document
        text_hash = sha256(doc.text)
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(documents.c.id).where(documents.c.id == doc.id)).first():
                    return Added("exists", doc.id)
                twin = conn.execute(select(documents.c.id).where(documents.c.text_hash == text_hash)).first()
                if twin:
                    return Added("duplicate", twin[0])
                conn.execute(insert(documents), [_document_row(doc, raw_hash, text_hash)])
                for table, rows in _child_rows(result).items():
                    if rows:
                        conn.execute(insert(table), rows)
                if fp is not None:
                    conn.execute(insert(fingerprints), [{"document_id": doc.id, "body_hash": fp.body_hash,
                                                         "signature": fp.signature}])
                    conn.execute(insert(minhash_bands), [{"band": b, "document_id": doc.id} for b in set(fp.bands)])
        except SQLAlchemyError as exc:
            raise errors.StoreError(self.url, f"cannot write document {doc.source}: {_first_line(exc)}") from None
        return Added("stored", doc.id)

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()

    def document_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(documents.c.id).order_by(documents.c.ingested_at, documents.c.id))]

    def document(self, document_id: str) -> DocumentResult | None:
        """A stored document read back in the contract's shape."""
        return next(self._read(documents.c.id == document_id), None)

    def documents(self) -> Iterator[DocumentResult]:
        """Every stored document, in ingest order; each table is read once, not once per document."""
        return self._read(None)

    def _read(self, where) -> Iterator[DocumentResult]:
        with self.engine.connect() as conn:
            query = select(documents).order_by(documents.c.ingested_at, documents.c.id)
            rows = [dict(r) for r in conn.execute(query if where is None else query.where(where)).mappings()]
            parts: dict[str, dict[str, list[dict]]] = {}
            for table in CHILDREN:
                child = select(table).order_by(table.c.document_id, table.c.id)
                if where is not None:
                    child = child.where(table.c.document_id.in_([r["id"] for r in rows]))
                by_doc = parts[table.name] = {}
                for r in conn.execute(child).mappings():
                    by_doc.setdefault(r["document_id"], []).append(dict(r))
        for row in rows:
            yield _result(row, {name: by_doc.get(row["id"], []) for name, by_doc in parts.items()})


def _result(row: dict, parts: dict[str, list[dict]]) -> DocumentResult:
    """One document's rows in the contract's shape."""
    evs = sorted(parts["events"], key=lambda r: r["position"])
    return DocumentResult(
        document=_document(row),
        entities=[Entity(**_strip(r)) for r in _natural(parts["entities"])],
        times=[Time(**_strip(r)) for r in _natural(parts["times"])],
        quantities=[Quantity(**_strip(r)) for r in _natural(parts["quantities"])],
        quotes=[Quote(**_strip(r)) for r in _natural(parts["quotes"])],
        events=[_event(r) for r in _natural(parts["events"])],
        chronology=[r["id"] for r in evs],
    )


def _document_row(doc: Document, raw_hash: str | None, text_hash: str) -> dict:
    return {
        "id": doc.id, "source": doc.source, "raw_hash": raw_hash, "text_hash": text_hash,
        "title": doc.title, "outlet": doc.outlet, "authors": doc.authors, "language": doc.language,
        "published_value": doc.published.value, "published_source": doc.published.source,
        "published_earliest": doc.published.earliest, "published_latest": doc.published.latest,
        "text": doc.text, "removed": [r.model_dump() for r in doc.removed],
        "ingested_at": datetime.now(timezone.utc),
    }


def _child_rows(result: DocumentResult) -> dict[Table, list[dict]]:
    doc_id = result.document.id
    position = {event_id: i for i, event_id in enumerate(result.chronology)}

    def rows(items, **extra):
        return [{"document_id": doc_id, **item.model_dump(mode="json"), **extra} for item in items]

    event_rows = []
    for event in result.events:
        row = event.model_dump(mode="json")
        date = row.pop("date")
        row.update(document_id=doc_id, position=position.get(event.id, len(position)),
                   date_earliest=date["earliest"], date_latest=date["latest"])
        event_rows.append(row)
    return {
        entities: rows(result.entities), times: rows(result.times), quantities: rows(result.quantities),
        quotes: rows(result.quotes), events: event_rows,
    }


def _document(row) -> Document:
    return Document(
        id=row["id"], source=row["source"], title=row["title"], outlet=row["outlet"],
        authors=row["authors"] or [], language=row["language"] or "en",
        published=Published(value=row["published_value"], source=row["published_source"] or "unknown",
                            earliest=row["published_earliest"], latest=row["published_latest"]),
        text=row["text"], removed=[Removed(**r) for r in row["removed"] or []],
    )


def _strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("document_id", "position")}


def _event(row: dict) -> Event:
    row = _strip(row)
    row["date"] = DateRange(earliest=row.pop("date_earliest"), latest=row.pop("date_latest"))
    return Event(**row)


def _natural(rows: list[dict]) -> list[dict]:
    """Rows in id order as the document numbered them (e2 before e10)."""
    return sorted(rows, key=lambda r: (len(r["id"]), r["id"]))


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
