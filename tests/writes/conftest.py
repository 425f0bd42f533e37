"""Fixtures for the write tests: private servers with write tokens, a store digest, the documents.

A digest is the SHA-256 of the store's sorted N-Quads, taken with `councilkg export` while no
server holds the store, so "nothing was written" is checked on the whole store, byte for byte.
"""
from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT_ROOT, LiveServer, build_store_for, free_port, run_cli

TOKENS = "alice:alice-token-0123,bob:bob-token-4567"
ALICE = {"Authorization": "Bearer alice-token-0123"}
BOB = {"Authorization": "Bearer bob-token-4567"}
DOCS = PROJECT_ROOT / "tests" / "data" / "documents"
GOLD = PROJECT_ROOT / "tests" / "data" / "gold" / "own.yaml"


def nquads(store: Path) -> list[str]:
    """The store's quads as sorted N-Quads lines (no server may hold the store)."""
    result = run_cli("export", "--format", "nquads", store=store)
    assert result.returncode == 0, result.stderr
    return sorted(line for line in result.stdout.splitlines() if line.strip())


def digest(store: Path) -> str:
    return hashlib.sha256("\n".join(nquads(store)).encode("utf-8")).hexdigest()


def graph_lines(lines: list[str], graph: str) -> list[str]:
    """The N-Quads lines of one named graph, without the graph term (as N-Triples)."""
    suffix = f" <{graph}> ."
    return sorted(line[: -len(suffix)] + " ." for line in lines if line.endswith(suffix))


def gold(name: str) -> dict:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return next(d for d in data["documents"] if d["document"] == name)


class Writer:
    """A private server with write tokens over a sample-corpus store, restartable around digests."""

    def __init__(self, tmp: Path, env: dict[str, str] | None = None) -> None:
        port = free_port()
        self.pristine = build_store_for(f"http://127.0.0.1:{port}/", tmp / "pristine")
        store = tmp / "store"
        shutil.copytree(self.pristine, store)
        self.server = LiveServer(store, port, {"COUNCILKG_WRITE_TOKENS": TOKENS, **(env or {})}).start()

    @property
    def url(self) -> str:
        return self.server.url

    def reference_copy(self, target: Path) -> Path:
        """A copy of the store as built, before any write (for clean CLI ingests to compare with)."""
        shutil.copytree(self.pristine, target)
        return target

    def digest(self) -> str:
        """Stop, digest the whole store, start again."""
        self.server.stop()
        try:
            return digest(self.server.store)
        finally:
            self.server.start()


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writer]:
    w = Writer(tmp_path_factory.mktemp("writer"))
    yield w
    w.server.stop()
