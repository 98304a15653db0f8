"""The output contract (``shared/CONTRACT.md``, version 1) as typed models.

Every stage, the store, the CLI and the tests import these types from here and nowhere else, so
the contract is defined once. The JSON Schema in ``docs/schema/document.schema.json`` is generated
from :class:`DocumentResult` (``python -m chronicle.contract``) and a test keeps the two in step.
The contract only grows: add optional fields, never rename.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "chronicle.document/1"
TIMELINE_SCHEMA_ID = "chronicle.timeline/1"
ENTITIES_SCHEMA_ID = "chronicle.entities/1"
QUOTES_SCHEMA_ID = "chronicle.quotes/1"
CLAIMS_SCHEMA_ID = "chronicle.claims/1"

PublishedSource = Literal["given", "metadata", "inferred", "unknown"]
RemovedReason = Literal["boilerplate", "duplicate", "caption", "credit", "link"]
EntityType = Literal["person", "organization", "place", "group", "other"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
QuoteKind = Literal["direct", "indirect"]
Modality = Literal["asserted", "reported", "negated", "uncertain"]
GeoKind = Literal["country", "region", "city", "other"]
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


class _Model(BaseModel):
    # In the schema every field is required: output always carries every key, null when unknown.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Span(_Model):
    """A character range in ``document.text``, end exclusive."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Published(_Model):
    value: Optional[str] = None
    source: PublishedSource = "unknown"
    earliest: Optional[str] = None
    latest: Optional[str] = None


class Removed(_Model):
    text: str
    reason: RemovedReason


class Document(_Model):
    id: str
    source: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    authors: list[str] = Field(default_factory=list)
    language: str = "en"
    published: Published = Field(default_factory=Published)
    text: str
    removed: list[Removed] = Field(default_factory=list)


class Role(_Model):
    title: str
    of: Optional[str] = None
    former: bool = False


class Geo(_Model):
    lat: float
    lon: float
    country: Optional[str] = None
    kind: GeoKind = "other"


class Entity(_Model):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    geo: Optional[Geo] = None
    mentions: list[Span] = Field(default_factory=list)


class Time(_Model):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: TimeType
    value: Optional[str] = None
    earliest: Optional[str] = None
    latest: Optional[str] = None


class Quantity(_Model):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: Optional[float] = None
    unit: Optional[str] = None
    approximate: bool = False
    # Added by the quotes issue (#5): the sentence the figure is stated in, and the quote holding
    # it when a source states it (null when the outlet states it itself).
    sentence: Optional[Span] = None
    quote: Optional[str] = None


class Quote(_Model):
    id: str
    kind: QuoteKind
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    speaker: Optional[str] = None
    cue: Optional[str] = None
    addressee: Optional[str] = None
    time: Optional[str] = None
    # Added by the quotes issue (#5): where the text names the speaker at this quote (the cue's
    # subject: a name, a pronoun, a description) and where the cue words are.
    speaker_span: Optional[Span] = None
    cue_span: Optional[Span] = None


class DateRange(_Model):
    earliest: Optional[str] = None
    latest: Optional[str] = None


class Event(_Model):
    id: str
    type: PloverType
    mode: Optional[str] = None
    summary: str
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    place: Optional[str] = None
    time: Optional[str] = None
    date: DateRange = Field(default_factory=DateRange)
    quantities: list[str] = Field(default_factory=list)
    reported_by: Optional[str] = None
    modality: Modality = "asserted"
    evidence: list[Span] = Field(default_factory=list)


class DocumentResult(_Model):
    """What ``chronicle extract`` prints for one document."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_serialization_defaults_required=True)

    schema_: Literal["chronicle.document/1"] = Field(default=SCHEMA_ID, alias="schema")
    document: Document
    entities: list[Entity] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    chronology: list[str] = Field(default_factory=list)

    def to_dict(self) -> dict:
        return self.model_dump(by_alias=True, mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "schema" / "document.schema.json"


def json_schema() -> dict:
    """The JSON Schema of one document's output, as committed in ``docs/schema``."""
    schema = DocumentResult.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://chronicle.invalid/schema/document.schema.json"
    schema["title"] = "chronicle.document/1"
    return schema


if __name__ == "__main__":  # regenerate the committed schema
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    print(SCHEMA_PATH)
