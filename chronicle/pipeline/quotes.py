"""The ``quotes`` stage: who said what. Filled by the quotes issue (#5); until then it finds none.

It is registered so that the pipeline's shape is final and the contract always carries the list;
an empty list is the honest answer of a stage not yet built, never an invented quote.
"""

from __future__ import annotations

from chronicle.pipeline.base import Reading, Stage, register


@register("quotes")
class Quotes(Stage):
    needs = ("doc", "entities", "times")
    gives = ("quotes",)

    def __call__(self, reading: Reading) -> Reading:
        reading.quotes = []
        return reading
