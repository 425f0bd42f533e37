"""The narrow store interface: load, query, update, dump, named graphs.

Two implementations share it: the embedded Oxigraph store (`graph.store.embedded`, the default)
and a remote SPARQL 1.1 server (`graph.store.remote`). Everything above the store (build, ingest,
validation, the service) uses only this interface, so the two are interchangeable.

Query results cross the interface as rdflib terms: a `SelectResult` (variables and rows), a bool
for ASK, or an rdflib `Graph` for CONSTRUCT/DESCRIBE. Writes are SPARQL 1.1 Update text (one
call = one transaction), which both engines execute atomically.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Node

from graph.store.terms import iri


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Node]]
    """One dict per solution; unbound variables are absent."""

    def column(self, name: str) -> list[Node]:
        return [r[name] for r in self.rows if name in r]


QueryResult = SelectResult | bool | Graph


class Store(ABC):
    """A quad store with SPARQL 1.1. SPARQL's default graph is the union of all named graphs."""

    supports_lateral: bool = False
    """Whether the engine reads `LATERAL { ... }` (Oxigraph does); the named queries are written
    without it for engines that do not (graph.named_queries.inline_lateral)."""

    @abstractmethod
    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> QueryResult:
        """Run a query to completion. Raises InputError on a malformed query."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one transaction: all of it applies, or none."""

    @abstractmethod
    def load(self, data: bytes | str, mime_type: str, graph: str) -> None:
        """Add the triples of an RDF document (Turtle, N-Triples, RDF/XML, JSON-LD) to a named graph."""

    @abstractmethod
    def replace_graphs(self, graphs: dict[str, Graph]) -> None:
        """Replace each named graph's content with the given triples, all in one transaction."""

    @abstractmethod
    def remove_graphs(self, graphs: Iterable[str]) -> None:
        """Drop these named graphs in one transaction (missing ones are ignored)."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    def has_graph(self, name: str) -> bool:
        """Whether the named graph holds any triple: one ASK, where testing membership in
        `named_graphs()` lists every graph of the store."""
        return self.query(f"ASK {{ GRAPH {iri(name)} {{ ?s ?p ?o }} }}") is True

    @abstractmethod
    def graph(self, name: str) -> Graph:
        """The triples of one named graph (empty when it does not exist)."""

    @abstractmethod
    def dump(self, mime_type: str) -> Iterator[bytes]:
        """The whole dataset as N-Quads or TriG, in chunks."""

    @abstractmethod
    def clear(self) -> None:
        """Remove everything (used by `build`, which replaces the graph)."""

    @abstractmethod
    def version(self) -> str:
        """A token that changes whenever the store's content changes (for ETags and caches)."""

    def close(self) -> None:  # noqa: B027 - optional for implementations
        """Release the store (files, connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def graph_insert_update(graphs: dict[str, Graph]) -> str:
    """SPARQL Update text that replaces each named graph with the given triples."""
    parts = []
    for name, g in graphs.items():
        parts.append(f"DROP SILENT GRAPH {iri(name)}")
        body = g.serialize(format="nt")
        if body.strip():
            parts.append(f"INSERT DATA {{ GRAPH {iri(name)} {{\n{body}\n}} }}")
    return " ;\n".join(parts)
