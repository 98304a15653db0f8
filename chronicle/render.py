"""Readable summaries for people (``--format text``): what was read, with where it came from."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chronicle.contract import DocumentResult


def document(result: DocumentResult) -> Group:
    doc = result.document
    published = doc.published.value or "unknown"
    if doc.published.source not in ("unknown", "given") and doc.published.value:
        published += f" (from the page's {doc.published.source})"
    head = Text.assemble(
        (doc.title or "(no title)", "bold"), "\n",
        (f"{doc.source} · outlet: {doc.outlet or 'unknown'} · published: {published}", "dim"), "\n",
        (f"{len(doc.text.split())} words kept, {len(doc.removed)} pieces removed", "dim"),
    )
    parts = [Panel(head, expand=False)]

    ents = Table(title="Entities", show_lines=False, title_justify="left")
    names = {e.id: e.name for e in result.entities}
    for col in ("id", "type", "name", "role", "also written", "mentions"):
        # A name cut over two lines is not findable: long ones (groups) end in an ellipsis instead.
        ents.add_column(col, no_wrap=col not in ("also written", "role"), max_width=30 if col == "name" else None)
    for e in result.entities:
        ents.add_row(e.id, e.type, e.name, "; ".join(_role(r, names) for r in e.roles),
                     ", ".join(e.aliases), str(len(e.mentions)))
    parts.append(ents)

    if result.times:
        times = Table(title="Time expressions", title_justify="left")
        for col in ("text", "type", "value", "earliest", "latest"):
            times.add_column(col)
        for t in result.times:
            times.add_row(t.text, t.type, t.value or "-", t.earliest or "-", t.latest or "-")
        parts.append(times)

    if result.quantities:
        qs = Table(title="Quantities", title_justify="left")
        for col in ("text", "value", "unit", "approximate"):
            qs.add_column(col)
        for q in result.quantities:
            qs.add_row(q.text, f"{q.value:g}" if q.value is not None else "-", q.unit or "-", "yes" if q.approximate else "")
        parts.append(qs)

    if result.quotes:
        qt = Table(title="Quotes", title_justify="left")
        for col in ("speaker", "kind", "text"):
            qt.add_column(col)
        for q in result.quotes:
            qt.add_row(names.get(q.speaker or "", "?"), q.kind, q.text)
        parts.append(qt)

    chron = Table(title="Chronology", title_justify="left")
    for col in ("date", "type", "summary"):
        chron.add_column(col)
    events = {v.id: v for v in result.events}
    for vid in result.chronology:
        v = events[vid]
        chron.add_row(date_label(v.date.earliest, v.date.latest), v.type, v.summary)
    if not result.chronology:
        chron.add_row("-", "-", "no events found")
    parts.append(chron)

    if doc.removed:
        rm = Table(title="Removed from the scraped text", title_justify="left")
        rm.add_column("reason")
        rm.add_column("text")
        for r in doc.removed:
            rm.add_row(r.reason, r.text if len(r.text) < 100 else r.text[:97] + "...")
        parts.append(rm)
    return Group(*parts)


def _role(role, names: dict[str, str]) -> str:
    text = ("former " if role.former else "") + role.title
    return f"{text} of {names[role.of]}" if role.of in names else text


def date_label(earliest: str | None, latest: str | None) -> str:
    """"2022-01-02", "2022-01-01..2022-01-31", "2022-01-02 or later", or "undated"."""
    if earliest is None:
        return f"by {latest}" if latest else "undated"
    if latest is None:
        return f"{earliest} or later"
    return earliest if earliest == latest else f"{earliest}..{latest}"


def timeline(data: dict) -> Group:
    table = Table(title=f"Timeline: {len(data['events'])} events", title_justify="left")
    for col in ("date", "type", "summary", "place", "sources"):
        table.add_column(col)
    for e in data["events"]:
        sources = "\n".join(f"• {s['title'] or s['document']} ({s['published'] or 'undated'})" for s in e["sources"])
        n = e.get("corroboration", len(e["sources"]))
        table.add_row(date_label(e["date"]["earliest"], e["date"]["latest"]), e["type"], e["summary"],
                      e.get("place") or "", f"{n} source{'s' if n != 1 else ''}\n{sources}")
    if not data["events"]:
        table.add_row("-", "-", "no events stored", "-")
    return Group(table)


def entities(data: dict) -> Table:
    table = Table(title=f"Entities across the store: {len(data['entities'])}", title_justify="left")
    for col in ("name", "type", "also written", "documents", "mentions"):
        table.add_column(col)
    for e in data["entities"]:
        table.add_row(e["name"], e["type"], ", ".join(e["aliases"]), str(e["documents"]), str(e["mentions"]))
    return table


def claims(data: dict) -> Table:
    table = Table(title=f"Figures stated: {len(data['claims'])}", title_justify="left", show_lines=True)
    for col in ("about", "value", "as stated", "source", "disagree"):
        table.add_column(col)
    for c in data["claims"]:
        for i, v in enumerate(c["values"]):
            s = v["source"]
            table.add_row(c["about"] if i == 0 else "", ("~" if v["approximate"] else "") + f"{v['value']:g}",
                          v.get("text") or "", f"{s['title'] or s['document']} ({s['published'] or 'undated'})",
                          ("yes" if c["disagree"] else "") if i == 0 else "")
    if not data["claims"]:
        table.add_row("-", "-", "-", "no figures stated", "-")
    return table


def quotes(data: dict) -> Table:
    table = Table(title=f"Quotes: {len(data['quotes'])}", title_justify="left")
    for col in ("speaker", "kind", "text", "source"):
        table.add_column(col)
    for q in data["quotes"]:
        s = q["source"]
        table.add_row(q["speaker"] or "?", q["kind"], q["text"], f"{s['title'] or s['document']} ({s['published'] or 'undated'})")
    return table
