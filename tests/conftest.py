"""Shared fixtures: the bundled example articles and what chronicle reads from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chronicle

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COUP = EXAMPLES / "kazakhstan-coup-attempt.txt"


@pytest.fixture(scope="session")
def coup():
    """The example article read with the publication date the issues use."""
    return chronicle.extract(COUP, published="2023-03-17")


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads((ROOT / "docs" / "schema" / "document.schema.json").read_text())


def entity_named(result, name):
    found = [e for e in result.entities if e.name == name]
    assert len(found) == 1, f"expected one entity named {name!r}, got {[e.name for e in result.entities]}"
    return found[0]
