"""The ``clean`` stage: remove what scrapers keep inside an article, and say what went.

Page-level extractors (trafilatura, readability, a scraper's CSS selector) return the article's
block, but inside it remain loaders ("Loading..."), link lines ("READ MORE: ..."), photo credits
("Reuters Archive"), captions printed twice, share prompts and stray site tokens. We judge each
line (a scraped paragraph) on its own shape and on its neighbours, with the patterns kept as data
in ``chronicle/data/boilerplate.toml``. Every removed line goes to ``document.removed`` with its
reason, so nothing disappears silently; a line that reads as a body sentence is never removed by
a pattern, only as an exact repeat.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from importlib import resources

from chronicle import errors
from chronicle.contract import Document, Published, Removed
from chronicle.ids import make_id
from chronicle.pipeline.base import Reading, Stage, register

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONNECTORS = {"of", "via", "/", "|", "-", "–", "(", ")", "©", "file", "photo", "photos", "archive", "archives"}
# Stray fragments at the edges of a scrape: at most this many words and no sentence punctuation.
FRAGMENT_MAX_WORDS = 4
# Repeats shorter than this are left alone ("Trials" may head two sections).
DUPLICATE_MIN_WORDS = 4


@dataclass(frozen=True)
class Patterns:
    max_words: int
    boilerplate: re.Pattern
    link: re.Pattern
    credit_label: re.Pattern
    credit_words: frozenset[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    data = tomllib.loads(resources.files("chronicle.data").joinpath("boilerplate.toml").read_text("utf-8"))

    def whole(alternatives: list[str]) -> re.Pattern:
        return re.compile(r"^(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")\W*$", re.I)

    return Patterns(
        max_words=data["max_words"],
        boilerplate=whole(data["boilerplate"]),
        link=whole(data["link"]),
        credit_label=re.compile(r"^\(?" + data["credit_label"], re.I),
        credit_words=frozenset(w.lower() for w in data["credit_words"]),
    )


def normalize(text: str) -> str:
    """NFC, one kind of newline, no non-breaking or zero-width spaces, no trailing blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_WS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def clean_body(body: str) -> tuple[str, list[tuple[str, str]]]:
    """Clean text (paragraphs joined by blank lines) and the removed lines with their reasons."""
    p = patterns()
    blocks = _blocks(normalize(body))
    lines = [line for block in blocks for line in block]
    reasons: dict[int, str] = {}

    # Captions: a line glued to a credit line under it (same block), or ending in an inline credit.
    index = 0
    for block in blocks:
        for j, line in enumerate(block):
            i = index + j
            kind = _classify(line, p)
            if kind:
                reasons[i] = kind
            elif j + 1 < len(block) and _classify(block[j + 1], p) == "credit" and _words(line) <= p.max_words:
                reasons[i] = "caption"
            elif _inline_credit(line, p):
                reasons[i] = "caption"
        index += len(block)

    # Exact repeats (a caption printed twice, a standfirst repeated under the photo): keep the
    # first copy that is not a caption; captions stay removed as captions.
    groups: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if _words(line) >= DUPLICATE_MIN_WORDS and reasons.get(i) in (None, "caption"):
            groups.setdefault(line.casefold(), []).append(i)
    for members in groups.values():
        body = [i for i in members if i not in reasons]
        for i in body[1:]:
            reasons[i] = "duplicate"

    # Stray fragments before the first and after the last sentence ("Route 6", "Share", a kicker).
    kept = [i for i in range(len(lines)) if i not in reasons]
    for order in (kept, list(reversed(kept))):
        for i in order:
            if _is_fragment(lines[i]):
                reasons[i] = "boilerplate"
            else:
                break

    text = "\n\n".join(line for i, line in enumerate(lines) if i not in reasons)
    removed = [(lines[i], reasons[i]) for i in sorted(reasons)]
    return text, removed


def _blocks(text: str) -> list[list[str]]:
    """Blocks of consecutive non-empty lines; a blank line ends a block."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _words(line: str) -> int:
    return len(line.split())


def _classify(line: str, p: Patterns) -> str | None:
    if _words(line) > p.max_words:
        return None
    if p.boilerplate.match(line):
        return "boilerplate"
    if p.link.match(line):
        return "link"
    if _is_credit(line, p):
        return "credit"
    return None


def _is_credit(line: str, p: Patterns) -> bool:
    if _words(line) > 10:
        return False
    if p.credit_label.match(line):
        return True
    tokens = [t for t in re.split(r"[\s/|]+", line.lower().strip("()[]. ")) if t]
    return bool(tokens) and all(t in p.credit_words for t in tokens) and any(t not in _CONNECTORS for t in tokens)


def _inline_credit(line: str, p: Patterns) -> bool:
    """"Soldiers on Republic Square. Photo: Reuters" — a caption with its credit on one line."""
    m = re.search(r"[.!?]\s+(\S.*)$", line)
    return bool(m) and _words(line) <= p.max_words and _is_credit(m.group(1), p) and p.credit_label.match(m.group(1)) is not None


def _is_fragment(line: str) -> bool:
    return _words(line) <= FRAGMENT_MAX_WORDS and not _SENTENCE_END.search(line)


@register("clean")
class Clean(Stage):
    """Raw article -> contract ``Document`` with clean text, removed pieces and publication date."""

    gives = ("document",)

    def __call__(self, reading: Reading) -> Reading:
        raw = reading.raw
        text, removed = clean_body(raw.body)
        if not text.strip():
            raise errors.InputError(raw.source, errors.NO_BODY)
        reading.document = Document(
            id=make_id("d", raw.source, text),
            source=raw.source,
            title=raw.title,
            outlet=raw.outlet,
            authors=raw.authors,
            published=_published(reading.published, raw.published),
            text=text,
            removed=[Removed(text=t, reason=r) for t, r in [*raw.removed, *removed]],
        )
        return reading


def _published(given: date | None, found: str | None) -> Published:
    """The caller's date wins over the page's own; without either the date stays unknown."""
    if given is not None:
        day = given.isoformat()
        return Published(value=day, source="given", earliest=day, latest=day)
    if found:
        return Published(value=found, source="metadata", earliest=found, latest=found)
    return Published()
