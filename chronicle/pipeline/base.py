"""What a stage is: a named unit that reads some fields of a :class:`Reading` and fills others.

Stages register under a name (as spaCy's ``@Language.factory``), so a pipeline is a list of names
plus :class:`chronicle.config.Settings`; a later stage replaces an earlier one by registering a
class under the same name. ``needs`` and ``gives`` are checked when the pipeline is built, so a
pipeline that would run a stage before its input exists fails at once with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Callable, ClassVar, Iterable, Iterator

from chronicle.contract import Document, Entity, Event, Quantity, Quote, Time

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from chronicle.config import Settings
    from chronicle.ingest import RawDocument


@dataclass
class Reading:
    """One document on its way through the pipeline; each stage fills its own fields."""

    raw: "RawDocument"
    published: date | None = None  # given by the caller; wins over anything found in the source
    document: Document | None = None  # clean
    doc: "Doc | None" = None  # nlp
    entities: list[Entity] = field(default_factory=list)
    # Token index -> id of the entity the token refers to: every token of a name mention (entities)
    # and, once resolved, pronouns and descriptions ("he", "the prosecutor general") (coreference).
    refers: dict[int, str] = field(default_factory=dict)
    times: list[Time] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    chronology: list[str] = field(default_factory=list)


class Stage:
    """Base of every stage. Subclasses set ``name``, ``needs``, ``gives`` and ``__call__``."""

    name: ClassVar[str] = ""
    needs: ClassVar[tuple[str, ...]] = ()
    gives: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: "Settings", **options: object) -> None:
        self.settings = settings
        self.options = options

    def __call__(self, reading: Reading) -> Reading:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, readings: Iterable[Reading]) -> Iterator[Reading]:
        """Process a batch; stages with a cheaper batch path (spaCy's ``nlp.pipe``) override this."""
        for reading in readings:
            yield self(reading)


STAGES: dict[str, type[Stage]] = {}


def register(name: str) -> Callable[[type[Stage]], type[Stage]]:
    """Register a stage class under ``name``; a later registration replaces the earlier one."""

    def wrap(cls: type[Stage]) -> type[Stage]:
        cls.name = name
        STAGES[name] = cls
        return cls

    return wrap
