"""Shared helpers for the SPARQL endpoint tests: expected values computed straight from the store
files (pyoxigraph read-only), independently of the service."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
import pytest

from graph.store.terms import to_rdflib
from tests.conftest import PROJECT_ROOT

T = TypeVar("T")


def run_in_own_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: other tests (Playwright's sync API) may leave an event loop
    running in the main thread, where asyncio.run refuses to start."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as e:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = e

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


SAMPLE_DOCUMENTS = sorted(p for p in (PROJECT_ROOT / "documents").iterdir() if p.suffix in (".txt", ".html"))


def document_graph_query(base: str) -> str:
    return ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), \"{base}graph/document/\")) }}")


class Truth:
    """Answers read from the store directory by pyoxigraph itself, for comparison."""

    def __init__(self, path: Path) -> None:
        self.store = ox.Store.read_only(str(path))

    def graphs(self, prefix: str = "") -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if g.value.startswith(prefix))

    def triples_nt(self, graph: str) -> set[tuple[str, str, str]]:
        """The graph's triples as N-Triples term strings (pyoxigraph's own writing)."""
        return {(str(q.subject), str(q.predicate), str(q.object))
                for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}

    def triples(self, graph: str) -> set[tuple]:
        """The graph's triples as rdflib terms, to compare with what rdflib parsed."""
        return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}

    def count(self) -> int:
        return len(self.store)


@pytest.fixture(scope="session")
def truth(live_server) -> Truth:  # noqa: ANN001
    return Truth(live_server.store)
