"""Fixtures for the linked-data tests: the session's live server and an oracle over its store.

The oracle opens the live server's store directory READ-ONLY with pyoxigraph in the test process,
so expected values come from the store itself by a path the service does not use (no HTTP, no
service code), and the tests compare what the service answers with what the store holds.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from graph.store.terms import to_rdflib
from tests.conftest import LiveServer


@dataclass
class Oracle:
    store: ox.Store
    base: str

    def select(self, query: str) -> list[dict]:
        """Rows of a SELECT over the union of all named graphs, as rdflib terms."""
        solutions = self.store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]

    def quads(self) -> list[tuple]:
        return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
                for q in self.store.quads_for_pattern(None, None, None, None)
                if isinstance(q.graph_name, ox.NamedNode)]

    def triples_of(self, subject: str | None = None, obj: str | None = None) -> set[tuple]:
        s = ox.NamedNode(subject) if subject else None
        o = ox.NamedNode(obj) if obj else None
        return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                for q in self.store.quads_for_pattern(s, None, o, None)}


@pytest.fixture(scope="session")
def oracle(live_server: LiveServer) -> Iterator[Oracle]:
    store = ox.Store.read_only(str(live_server.store))
    yield Oracle(store, live_server.url)
    del store
