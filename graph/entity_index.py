"""The entities already in the store, for resolving a new document against them.

`known_entities` runs the named query `queries/entity_index.rq` and folds its rows into one
`KnownEntity` per URI: its key, kind, a canonical name (the reference data's when there is one,
else the longest name any document uses), every other name and alias, and its council (for a
person, the council most of their posts are in). Entity
resolution (`graph.resolve.resolve_against`) then gives a new document's mentions the keys the
graph already has.

Reading every entity of the store is the cost of adding a document that grows with the store, so
the folded index is kept per store version in memory, a document graph that is only added is folded
in (`note_added_graph`), and for the embedded store the index is persisted next to it
(`graph.entity_index_file`), so a restarted process reads it instead of re-running the query.
`warm` does that reading (or the first computation) ahead of the first write, e.g. in a background
thread at `serve` start-up; a write that arrives earlier waits for it (one lock), never sees half an
index. The remote store keeps the in-memory cache only (its first write after a start recomputes).
"""
from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import entity_index_file as index_file
from graph.facts import KnownEntity
from graph.facts_export import load_query
from graph.store.base import SelectResult, Store
from graph.uris import base, key_of

log = logging.getLogger("councilkg.entity_index")

_KIND_ORDER = ("council", "inspectorate", "department", "body", "person")
COMPACT_AFTER_LINES = 1000
"""Appended adds after which the file is rewritten as one header (reading 1000 short lines is cheap)."""


@dataclass
class _Acc:
    kinds: set[str] = field(default_factory=set)
    reference_names: set[str] = field(default_factory=set)
    names: dict[str, int] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    councils: dict[str, int] = field(default_factory=dict)

    def entry(self) -> dict[str, Any]:
        return {"k": sorted(self.kinds), "r": sorted(self.reference_names), "n": self.names,
                "a": sorted(self.aliases), "c": self.councils}

    @classmethod
    def from_entry(cls, e: dict[str, Any]) -> _Acc:
        """Raises KeyError/TypeError/ValueError on an entry of the wrong shape (a corrupt file)."""
        acc = cls({str(k) for k in e["k"]}, {str(r) for r in e["r"]}, {str(n): int(c) for n, c in e["n"].items()},
                  {str(a) for a in e["a"]}, {str(k): int(c) for k, c in e["c"].items()})
        acc.check()
        return acc

    def check(self) -> None:
        """Raises ValueError unless the kinds are known ones (what `known_entities` relies on)."""
        if not self.kinds or not self.kinds <= set(_KIND_ORDER):
            raise ValueError(f"kinds {sorted(self.kinds)} are not among {_KIND_ORDER}")


@dataclass
class _Index:
    version: str
    quads: int | None
    """The store's quad count at `version` (embedded store), to check the file against."""
    acc: dict[str, _Acc]
    source: str
    """How this process got it: "query" (computed from the store) or "file" (read from disk)."""
    file_version: str | None = None
    """The store version the file on disk ends at, when it holds this index (else None)."""
    file_lines: int = 0
    built: dict[str, KnownEntity | None] = field(default_factory=dict)
    """`KnownEntity` per key, made once and remade only for the keys an added graph touched:
    making all of them for every add grew with the store (40 ms at 1M)."""
    listing: list[KnownEntity] | None = None

    def entities(self) -> list[KnownEntity]:
        if self.listing is None:
            for key in self.acc.keys() - self.built.keys():
                self.built[key] = _entity(key, self.acc[key])
            self.listing = [e for _, e in sorted(self.built.items()) if e is not None]
        return self.listing

    def fold(self, rows: list[dict[str, str]]) -> None:
        _fold(self.acc, rows)
        for row in rows:
            if (key := key_of(str(row["entity"]))) is not None:
                self.built.pop(key, None)
        self.listing = None


def _canonical(acc: _Acc) -> str:
    if acc.reference_names:
        return sorted(acc.reference_names)[0]
    # the most complete form: longest, then most used, then alphabetical (deterministic)
    return sorted(acc.names, key=lambda n: (-len(n), -acc.names[n], n))[0]


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""store -> _Index at one store version; rows of `entity_index.rq` are per graph, so a document
graph that is only ADDED is folded in (`note_added_graph`) instead of re-reading the store."""
_LOCK = threading.RLock()
"""Held while the index is read, computed or folded into: a write waits for a `warm` in progress."""


def _file_of(store: Store) -> tuple[Path | None, bool]:
    """The index file of an embedded store on disk, and whether this opener may write it."""
    from graph.store.embedded import EmbeddedStore

    if not isinstance(store, EmbeddedStore) or store.path is None:
        return None, False
    return index_file.path_for(store.path), not store.read_only


def _quads(store: Store) -> int | None:
    from graph.store.embedded import EmbeddedStore

    return len(store.oxigraph) if isinstance(store, EmbeddedStore) else None


def _rows(store: Store, graph: str | None = None) -> list[dict[str, str]]:
    """The rows of `entity_index.rq` (over one named graph, or all), as plain strings. Over the
    embedded store straight from pyoxigraph: making rdflib terms of every cell took half the time."""
    import pyoxigraph as ox

    from graph.store.embedded import EmbeddedStore

    sparql = load_query("entity_index")
    if not isinstance(store, EmbeddedStore):
        result = store.query(sparql, named_graphs=[graph] if graph else None)
        assert isinstance(result, SelectResult)
        return [{k: str(v) for k, v in row.items()} for row in result.rows]
    solutions = store.oxigraph.query(sparql, named_graphs=[ox.NamedNode(graph)] if graph else None)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: t.value for n in names if (t := sol[n]) is not None} for sol in solutions]


def _fingerprint() -> str:
    return index_file.fingerprint(base(), load_query("entity_index"))


def _index(store: Store) -> _Index:
    with _LOCK:
        version = store.version()
        hit = _CACHE.get(store)
        if hit is not None and hit.version == version:
            return hit
        path, writable = _file_of(store)
        quads = _quads(store)
        index = _read_file(path, version, quads) if path is not None and quads is not None else None
        if index is None:
            acc: dict[str, _Acc] = defaultdict(_Acc)
            _fold(acc, _rows(store))
            index = _Index(version, quads, acc, "query")
            if writable and version != "empty":
                _write(path, index)  # type: ignore[arg-type]
        if version != "empty":  # a store without a version cannot tell a later change
            _CACHE[store] = index
        return index


def _read_file(path: Path, version: str, quads: int) -> _Index | None:
    snap = index_file.read(path, fingerprint_=_fingerprint(), version=version, quads=quads)
    if snap is None:
        return None
    try:
        acc: dict[str, _Acc] = defaultdict(_Acc, {k: _Acc.from_entry(e) for k, e in snap.entries.items()})
        _fold(acc, snap.added_rows)
        for a in acc.values():
            a.check()
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        log.warning("entity index file %s ignored, the index is recomputed: corrupt entry (%s)", path, e)
        return None
    return _Index(version, quads, acc, "file", version, snap.lines)


def _write(path: Path, index: _Index) -> None:
    assert index.quads is not None
    try:
        index_file.write(path, fingerprint_=_fingerprint(), version=index.version, quads=index.quads,
                         entries={k: a.entry() for k, a in index.acc.items()})
    except OSError as e:  # the index is only a cache: a store that cannot hold it still works
        log.warning("entity index not persisted to %s: %s", path, e)
        index.file_version, index.file_lines = None, 0
        return
    index.file_version, index.file_lines = index.version, 1


def warm(store: Store) -> None:
    """Have the index ready for the next write (read from its file, or computed and persisted).
    Meant for a background thread: logs instead of raising."""
    started = time.perf_counter()
    try:
        with _LOCK:
            index = _index(store)
            index.entities()  # the first write would make them all otherwise
        log.info("entity index ready (%s, %d entities) in %.2fs", index.source, len(index.acc),
                 time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - a later write computes it again and reports its own error
        log.exception("entity index could not be prepared; the next write computes it")


def note_added_graph(store: Store, graph: str, version_before: str) -> None:
    """After a write that only added the new graph `graph` to a store at `version_before`: fold that
    graph's rows into the cached index and its file (embedded store only; anything else recomputes
    next time)."""
    import pyoxigraph as ox

    from graph.store.embedded import EmbeddedStore

    with _LOCK:
        hit: _Index | None = _CACHE.get(store)
        if hit is None or hit.version != version_before or not isinstance(store, EmbeddedStore):
            _CACHE.pop(store, None)
            return
        rows = _rows(store, graph)
        hit.fold(rows)
        hit.version = store.version()
        if hit.quads is not None:  # the graph is new and the version triple was replaced, not added
            hit.quads += sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        path, writable = _file_of(store)
        if not writable or path is None or hit.quads is None:
            return
        if hit.file_version != version_before or hit.file_lines >= COMPACT_AFTER_LINES:
            _write(path, hit)
            return
        try:
            index_file.append(path, version_before=version_before, version=hit.version, quads=hit.quads, rows=rows)
            hit.file_version, hit.file_lines = hit.version, hit.file_lines + 1
        except OSError as e:
            log.warning("entity index file %s not updated (it will be ignored as stale): %s", path, e)
            hit.file_version = None


def index_source(store: Store) -> str | None:
    """How this process got the store's current index ("query" or "file"), None when it has none."""
    hit = _CACHE.get(store)
    return hit.source if hit is not None and hit.version == store.version() else None


def known_entities(store: Store) -> list[KnownEntity]:
    """Every council, department, inspectorate, body and person in the store, sorted by key."""
    with _LOCK:
        return list(_index(store).entities())


def _entities(acc: dict[str, _Acc]) -> list[KnownEntity]:
    """The index as `known_entities` gives it, made from accumulators (all of them, in key order)."""
    return [e for key, a in sorted(acc.items()) if (e := _entity(key, a)) is not None]


def _entity(key: str, a: _Acc) -> KnownEntity | None:
    if not a.names:
        return None
    name = _canonical(a)
    kind = next(k for k in _KIND_ORDER if k in a.kinds)
    aliases = tuple(sorted((set(a.names) | a.aliases) - {name}))
    council = sorted(a.councils, key=lambda c: (-a.councils[c], c))[0] if a.councils else None
    return KnownEntity(key=key, kind=kind, name=name, aliases=aliases, council=council)  # type: ignore[arg-type]


def _fold(acc: dict[str, _Acc], rows: Iterable[dict]) -> None:
    """Add rows of `entity_index.rq` to the per-entity accumulators."""
    for row in rows:
        key = key_of(str(row["entity"]))
        if key is None:
            continue
        a = acc[key]
        a.kinds.add(str(row["kind"]))
        label = row.get("label")
        if label is not None:
            text = str(label)
            if str(row.get("isName", "")).lower() == "true":
                a.names[text] = a.names.get(text, 0) + 1
                if str(row.get("reference", "")).lower() == "true":
                    a.reference_names.add(text)
            else:
                a.aliases.add(text)
        council = row.get("council")
        if council is not None and (ckey := key_of(str(council))):
            a.councils[ckey] = a.councils.get(ckey, 0) + 1


__all__ = ["index_source", "known_entities", "note_added_graph", "warm"]
