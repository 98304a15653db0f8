"""The ``chronicle`` command: a thin shell over the library (``chronicle.extract``, ``Corpus``)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chronicle import errors, render
from chronicle.config import DEFAULT_DB

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News articles in, an evidence-linked chronology out.",
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


PUBLISHED = typer.Option(None, "--published", help="Publication date YYYY-MM-DD; wins over the page's own.")
DB = typer.Option(DEFAULT_DB, "--db", help="Store URL: sqlite:///file.db or postgresql://...")


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Article files: plain text or HTML."),
    published: Optional[str] = PUBLISHED,
    format: Format = typer.Option(Format.json, "--format", "-f", help="json, jsonl (one object a line) or text."),
) -> None:
    """Read articles and print what was found, in the contract's shape (or as text)."""
    from chronicle import extract as read

    results, failed = [], 0
    for path in paths:
        try:
            results.append(read(path, published=published))
        except errors.ChronicleError as exc:
            failed += 1
            _error(exc)
    if format is Format.text:
        for result in results:
            out.print(render.document(result))
    elif format is Format.jsonl or len(paths) > 1:
        for result in results:
            print(result.to_json(indent=None))
    elif results:
        print(results[0].to_json())
    if failed:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories (read recursively), quoted globs, URLs; "
                                                "HTML, text, WARC(.gz), JSONL, CSV, RSS/Atom."),
    db: str = DB,
    published: Optional[str] = PUBLISHED,
    fields: Optional[str] = typer.Option(None, "--fields", help="Dataset columns when not url,title,text,"
                                          "published,outlet: e.g. text=body,published=date."),
    timeout: int = typer.Option(20, "--timeout", help="Seconds to wait for one URL."),
) -> None:
    """Read articles into the store; re-running stores nothing twice and completes a killed run.
    Copies of a stored article (exact or near: syndicated wire copies) are linked to it, not read."""
    from chronicle.corpus import Corpus, count_inputs

    corpus = Corpus(db)
    total = count_inputs(paths)
    columns = (TextColumn("[bold]reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=total)
        report = corpus.ingest(paths, published=published, fields=fields, timeout=timeout,
                               progress=lambda source: bar.update(task, advance=1, description=_short(source)))
    for exc in report.failed:
        _error(exc)
    for source, twin in report.duplicates:
        err.print(f"{source}: a copy of stored document {twin}; linked, not read again", highlight=False)
    err.print(
        f"{len(report.stored)} stored, {len(report.unchanged)} already stored, "
        f"{len(report.duplicates)} duplicates, {len(report.failed)} failed "
        f"({corpus.store.count()} documents in {db})",
        highlight=False,
    )
    corpus.close()
    if report.failed:
        raise typer.Exit(1)


@app.command()
def timeline(
    db: str = DB,
    entity: Optional[str] = typer.Option(None, "--entity", help="Only events involving this actor (any spelling)."),
    type: Optional[str] = typer.Option(None, "--type", help="Only events of this PLOVER type (PROTEST, ASSAULT...)."),
    place: Optional[str] = typer.Option(None, "--place", help="Only events in this place (a country includes its cities)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events on or before YYYY-MM-DD."),
    min_sources: int = typer.Option(1, "--min-sources", help="Only events told by at least this many articles."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
) -> None:
    """Print the merged chronology: one entry per event, with every source that tells it."""
    from chronicle import parse_date

    for value in (since, until):
        parse_date(value)
    _query(db, "timeline", format, render.timeline, entity=entity, since=since, until=until, type=type,
           place=place, min_sources=min_sources)


@app.command()
def entities(
    db: str = DB,
    type: Optional[str] = typer.Option(None, "--type", help="person, organization, place, group or other."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
) -> None:
    """Print the actors of the stored articles (spelling variants resolved), most widely reported first."""
    _query(db, "entities", format, render.entities, type=type)


@app.command()
def quotes(
    db: str = DB,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only quotes by this actor (any spelling)."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
) -> None:
    """Print who said what across the stored articles, each with its source."""
    _query(db, "quotes", format, render.quotes, speaker=speaker)


@app.command()
def claims(
    db: str = DB,
    disagree: bool = typer.Option(False, "--disagree", help="Only figures that sources state differently."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
) -> None:
    """Print the figures sources state (death tolls, detentions, missing weapons) side by side."""
    _query(db, "claims", format, render.claims, disagree=disagree)


def _query(db: str, method: str, format: Format, text, **filters) -> None:
    """Run one of :class:`Corpus`'s queries and print its result as text or JSON."""
    from chronicle.corpus import Corpus

    corpus = Corpus(db)
    try:
        data = getattr(corpus, method)(**filters)
    finally:
        corpus.close()
    _print(data, format, text)


def _print(data: dict, format: Format, text) -> None:
    if format is Format.text:
        out.print(text(data))
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2 if format is Format.json else None))


def _short(source: str) -> str:
    return source if source.startswith(("http://", "https://")) else Path(source).name


def _error(exc: errors.ChronicleError) -> None:
    err.print(f"chronicle: error: {exc.line()}", highlight=False, markup=False, soft_wrap=True)


def main() -> None:
    """Entry point: user errors as one line on stderr and a non-zero exit, never a traceback."""
    try:
        app()
    except errors.ChronicleError as exc:
        _error(exc)
        sys.exit(2)
