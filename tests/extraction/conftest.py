"""Helpers for extraction tests: build a document from text, extract, score with the shared scorer."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from graph.extract import extract
from graph.facts import DocumentFacts
from graph.read import read_text
from tests.conftest import SHARED_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCORER = SHARED_DIR / "tools" / "score_facts.py"


def facts_of(text: str, published: str | None = "2021-06-04", name: str = "doc.txt") -> DocumentFacts:
    """Extract the facts of a small document written in the test."""
    meta = {"published": published} if published else {}
    return extract(read_text(text, name, meta))


@pytest.fixture(scope="session")
def scorer():
    """The shared scorer module (../shared/tools/score_facts.py), imported by path."""
    if not SCORER.exists():
        pytest.fail(f"shared scorer not found at {SCORER}")
    spec = importlib.util.spec_from_file_location("score_facts", SCORER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault("score_facts", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
