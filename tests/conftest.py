"""Fixtures shared by every test area: a store built from the sample corpus, and the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of an embedded store holding the sample corpus, built once and closed (copy it
    with `store_copy` before opening it read-write or serving it)."""
    from graph.pipeline import build
    from graph.store.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("sample") / "store"
    store = EmbeddedStore(path)
    try:
        build(store)
    finally:
        store.close()
    return path


@pytest.fixture()
def store_copy(built_store: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store for one test."""
    target = tmp_path / "store"
    shutil.copytree(built_store, target)
    return target


def run_cli(*args: str, store: Path | str, env: dict[str, str] | None = None,
            input_text: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `councilkg ARGS` in a fresh process against the given store."""
    full_env = {**os.environ, "COUNCILKG_STORE": str(store), **(env or {})}
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True, text=True,
                          env=full_env, cwd=PROJECT_ROOT, input=input_text, timeout=timeout)
