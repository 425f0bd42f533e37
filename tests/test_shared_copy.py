"""The suite reads the workplace's shared material (seeds, gold facts, questions, scorer) from its
copy in tests/data/shared, so it runs the same on any checkout. Where ../shared exists beside the
checkout, the copy must be identical to it (a changed gold file must be copied in, not drifted from)."""
from __future__ import annotations

import pytest

from graph.paths import SAMPLE_DOCUMENTS_DIR
from tests.conftest import PROJECT_ROOT, SHARED_DIR

ORIGINAL = PROJECT_ROOT.parent / "shared"
COPIED = ["gold/seeds.yaml", "gold/questions.md", "tools/score_facts.py", "reference/welsh_councils.csv",
          *[f"seeds/{p.name}" for p in sorted((SHARED_DIR / "seeds").iterdir())]]


def test_the_copy_holds_every_file_the_tests_read() -> None:
    assert len(COPIED) == 9
    assert all((SHARED_DIR / name).is_file() for name in COPIED)


def test_the_sample_corpus_is_the_five_seed_texts() -> None:
    seeds = {p.name: p.read_bytes() for p in (SHARED_DIR / "seeds").iterdir()}
    shipped = {p.name: p.read_bytes() for p in SAMPLE_DOCUMENTS_DIR.iterdir() if p.suffix == ".txt"}
    assert shipped == seeds


@pytest.mark.skipif(not ORIGINAL.is_dir(), reason="no ../shared beside this checkout to compare with")
@pytest.mark.parametrize("name", COPIED)
def test_the_copy_is_identical_to_shared(name: str) -> None:
    assert (SHARED_DIR / name).read_bytes() == (ORIGINAL / name).read_bytes()
