"""The ``events`` stage: PLOVER-typed events. Filled by the events issue (#6); until then none.

Registered now so that the pipeline, the contract and the store carry events end to end; an empty
list is the honest output of a stage not yet built.
"""

from __future__ import annotations

from chronicle.pipeline.base import Reading, Stage, register


@register("events")
class Events(Stage):
    needs = ("doc", "entities", "times", "quantities", "quotes")
    gives = ("events",)

    def __call__(self, reading: Reading) -> Reading:
        reading.events = []
        return reading
