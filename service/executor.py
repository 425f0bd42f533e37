"""Running SPARQL queries for the service under the configured time and row limits.

FIRST VERSION: runs the query on the shared store in a thread. The SPARQL issue replaces the
inside with worker processes (so a query past its limit is really stopped); the interface stays.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

from graph.settings import Settings
from graph.store import QueryResult, Store


@dataclass
class QueryExecutor:
    settings: Settings
    store: Store

    @classmethod
    def start(cls, config: Settings, store: Store) -> QueryExecutor:
        return cls(config, store)

    async def run(self, sparql: str, *, default_graphs: list[str] | None = None,
                  named_graphs: list[str] | None = None) -> QueryResult:
        """The whole result of a query (for the API and pages, whose results are small)."""
        return await asyncio.to_thread(self.store.query, sparql, default_graphs=default_graphs,
                                       named_graphs=named_graphs)

    def store_changed(self) -> None:
        """Called after every write."""

    def close(self) -> None:
        """Stop the workers."""
