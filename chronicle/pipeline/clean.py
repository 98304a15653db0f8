"""The ``clean`` stage: remove what scrapers keep inside an article, and say what went.

Page-level extractors (trafilatura, readability, a scraper's CSS selector) return the article's
block, but inside it remain loaders ("Loading..."), link lines ("READ MORE: ..."), photo credits
("Reuters Archive"), captions printed twice, share prompts and stray site tokens. We judge each
line (a scraped paragraph) on its own shape and on its neighbours, with the patterns kept as data
in ``chronicle/data/boilerplate.toml``. Every removed line goes to ``document.removed`` with its
reason, so nothing disappears silently; a line that reads as a body sentence is never removed by
a pattern, only as an exact repeat.

Repeats: a page often prints a caption or standfirst twice in a row, or a whole run of the
article's paragraphs again (a teaser block, a second rendering); those go. But a line that
recurs with other text between its copies is structure (an interview's recurring question, a
table header, the same list item under two products, a meal plan's "Eat every 2-3 hours") and
stays. Word counts treat scripts written without spaces (Chinese, Japanese) by character, so
their sentences are not mistaken for short fragments.
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

_SENTENCE_END = re.compile(r"[.!?…。！？｡][\"'”’)\]」』）]*$")
# Ideographs and kana: scripts written without spaces between words (Hangul uses spaces).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# A line ending like this continues into the next one ("Dear reader,"): not a stray fragment.
_CONTINUES = re.compile(r"[,;:]$")
_LIST_ITEM = re.compile(r"^(?:[-*•·|]|\d+[.)])\s")
# A dateline on its own line ("BAAR, SWITZERLAND", "WASHINGTON, D.C."): where the report was filed.
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]+,(?: [A-Z][\w.'’ -]*)+$")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONNECTORS = {"of", "via", "/", "|", "-", "–", "(", ")", "©", "file", "photo", "photos", "archive", "archives"}
# Stray fragments at the edges of a scrape: at most this many words and no sentence punctuation.
FRAGMENT_MAX_WORDS = 4
# A run of more edge fragments than this is an info block (address, prices, a schedule), kept.
FRAGMENT_MAX_RUN = 2
# Repeats shorter than this are left alone ("Trials" may head two sections).
DUPLICATE_MIN_WORDS = 4
# Non-adjacent repeats go only as a run of at least this many consecutive repeated sentences.
DUPLICATE_RUN = 3


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

    # Exact repeats (a caption printed twice, a standfirst repeated under the photo, a block of
    # paragraphs printed again): keep the first copy; captions stay removed as captions.
    kept = [i for i in range(len(lines)) if i not in reasons]
    for i in _repeats([lines[i] for i in kept]):
        reasons[kept[i]] = "duplicate"

    # Stray fragments before the first and after the last sentence ("Route 6", "Share", a kicker);
    # a longer run of short lines at an edge is an info block (address, ticket prices) and stays.
    kept = [i for i in range(len(lines)) if i not in reasons]
    for order in (kept, list(reversed(kept))):
        run = []
        for i in order:
            if not _is_fragment(lines[i]):
                break
            run.append(i)
        if len(run) <= FRAGMENT_MAX_RUN:
            for i in run:
                reasons[i] = "boilerplate"

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
    """Words on the line; in scripts written without spaces, about two characters make a word."""
    return len(line.split()) + len(_UNSPACED.findall(line)) // 2


def _repeats(lines: list[str]) -> set[int]:
    """Indexes of repeated lines to drop: a copy right after its original (only removed lines
    between them), or a line inside a run of ``DUPLICATE_RUN`` or more consecutive sentences
    that repeats an earlier run in the same order. A line recurring alone is structure, kept."""
    keys = [line.casefold() if _words(line) >= DUPLICATE_MIN_WORDS else None for line in lines]
    out: set[int] = set()
    for p in range(1, len(keys)):
        if keys[p] is not None and keys[p] == keys[p - 1]:
            out.add(p)
    # Runs are read over the lines long enough to compare; short ones ("-", "Share") are skipped.
    long = [i for i, k in enumerate(keys) if k is not None]
    sentences = [keys[i] if _reads_as_sentence(lines[i]) else None for i in long]
    seen: dict[str, list[int]] = {}
    for p, key in enumerate(sentences):
        if key is None:
            continue
        for q in seen.get(key, []):
            n = 0
            while p + n < len(sentences) and q + n < p and sentences[p + n] is not None \
                    and sentences[p + n] == sentences[q + n]:
                n += 1
            if n >= DUPLICATE_RUN:
                out.update(long[p : p + n])
                break
        seen.setdefault(key, []).append(p)
    return out


def _reads_as_sentence(line: str) -> bool:
    """Prose, not a list item or a table row: ends like a sentence."""
    return not _LIST_ITEM.match(line) and _SENTENCE_END.search(line) is not None


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
    if _words(line) > FRAGMENT_MAX_WORDS or _SENTENCE_END.search(line):
        return False
    return not _CONTINUES.search(line) and not _DATELINE.match(line)


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
