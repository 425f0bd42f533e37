"""The embedded store: Oxigraph through pyoxigraph, persistent in a data directory.

One process opens the directory read-write (the CLI command or the service). Every write goes
through `update`/`replace_graphs`/`remove_graphs`, each one transaction that also records a new
store version in the meta graph, so readers (ETags, caches, query workers) can tell it changed.
"""
from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import InputError, StoreError
from graph.store.base import SelectResult, Store, graph_insert_update
from graph.store.terms import iri, to_rdflib
from graph.uris import named_graph

META_GRAPH_KEY = "meta"
VERSION_PREDICATE = "http://purl.org/dc/terms/identifier"


def rdf_format(mime_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(mime_type.split(";")[0].strip())
    if fmt is None:
        raise InputError(f"unsupported RDF media type {mime_type!r}; use text/turtle, application/n-triples, "
                         "application/n-quads, application/trig, application/rdf+xml or application/ld+json")
    return fmt


def version_update() -> str:
    """SPARQL Update text that replaces the store version with a fresh one (appended to every write)."""
    meta = iri(named_graph(META_GRAPH_KEY))
    return (f"DELETE WHERE {{ GRAPH {meta} {{ {meta} <{VERSION_PREDICATE}> ?v }} }} ;\n"
            f"INSERT DATA {{ GRAPH {meta} {{ {meta} <{VERSION_PREDICATE}> \"{uuid.uuid4().hex}\" }} }}")


class EmbeddedStore(Store):
    """Oxigraph on disk (or in memory when `path` is None, for tests and scratch work)."""

    supports_lateral = True

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        """Opened read-only (a query worker): it must write nothing, files next to the store included."""
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:
            hint = ("another councilkg process (a running `serve`?) may hold it open; stop it or set "
                    "COUNCILKG_STORE to another directory") if "lock" in str(e).lower() else "check the path"
            raise StoreError(f"cannot open the store at {self.path}: {e}; {hint}") from e

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for the query workers and bulk loads."""
        return self._store

    # ---------------------------------------------------------------- reads
    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> SelectResult | bool | Graph:
        kwargs: dict = {}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(sparql, **kwargs)
        except SyntaxError as e:
            raise InputError(f"malformed SPARQL query: {e}") from e
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [{name: to_rdflib(sol[name]) for name in variables if sol[name] is not None}
                    for sol in result]
            return SelectResult(variables, rows)
        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, name: str) -> Graph:
        g = Graph()
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g

    def dump(self, mime_type: str) -> Iterator[bytes]:
        buf = io.BytesIO()
        self._store.dump(buf, format=rdf_format(mime_type))
        data = buf.getvalue()
        for i in range(0, len(data), 1 << 16):
            yield data[i:i + (1 << 16)]

    def version(self) -> str:
        meta = ox.NamedNode(named_graph(META_GRAPH_KEY))
        for q in self._store.quads_for_pattern(meta, ox.NamedNode(VERSION_PREDICATE), None, meta):
            return q.object.value
        return "empty"

    # ---------------------------------------------------------------- writes
    def update(self, sparql: str) -> None:
        try:
            self._store.update(" ;\n".join(p for p in (sparql.strip(), version_update()) if p))
        except SyntaxError as e:
            raise InputError(f"malformed SPARQL update: {e}") from e
        except OSError as e:
            raise StoreError(f"the store could not be written: {e}") from e

    def load(self, data: bytes | str, mime_type: str, graph: str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            self._store.load(raw, format=rdf_format(mime_type), to_graph=ox.NamedNode(graph))
        except SyntaxError as e:
            raise InputError(f"the {mime_type} data does not parse: {e}") from e
        self.update("")

    def replace_graphs(self, graphs: dict[str, Graph]) -> None:
        if graphs:
            self.update(graph_insert_update(graphs))

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        names = list(graphs)
        if names:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {iri(g)}" for g in names))

    def clear(self) -> None:
        self._store.clear()

    def close(self) -> None:
        try:
            if not self.read_only:  # pyoxigraph refuses to flush a read-only instance (RuntimeError)
                self._store.flush()
        except (OSError, AttributeError):
            pass
        del self._store
