"""Every error a user can meet, in one place (as spaCy's ``errors.py``).

A :class:`ChronicleError` names the input it is about and says what went wrong in one line;
the CLI prints ``chronicle: PATH: reason`` and exits non-zero. Anything else escaping the
library is a bug and keeps its traceback.
"""

from __future__ import annotations


class ChronicleError(Exception):
    """A problem with the user's input or setup, explained in one line."""

    def __init__(self, source: str | None, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason


class InputError(ChronicleError):
    """The input cannot be read as an article."""


class StoreError(ChronicleError):
    """The store cannot be opened or written."""


class ConfigError(ChronicleError):
    """A setting or stage name is wrong, or the language model is missing."""


# Reasons, worded once so that tests and docs can quote them.
MISSING = "no such file or directory"
EMPTY = "the file is empty"
BINARY = "binary file, not text (chronicle reads plain text and HTML articles)"
UNDECODABLE = "cannot decode the file as text in any known encoding"
NO_ARTICLES = "no articles found (looked for {suffixes})"
NO_ARTICLE_TEXT = "no article text found on the page"
NO_BODY = "no article text left after removing boilerplate"
UNSUPPORTED = "unsupported file type '{suffix}' (supported: {suffixes})"
