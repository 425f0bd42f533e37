"""The entities already in the store, for resolving a new document against them.

`known_entities` runs the named query `queries/entity_index.rq` and folds its rows into one
`KnownEntity` per URI: its key, kind, a canonical name (the reference data's when there is one,
else the longest name any document uses), every other name and alias, and its council (for a
person, the council most of their posts are in). Entity
resolution (`graph.resolve.resolve_against`) then gives a new document's mentions the keys the
graph already has.
"""
from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.facts import KnownEntity
from graph.facts_export import select
from graph.store.base import Store
from graph.uris import key_of

_KIND_ORDER = ("council", "inspectorate", "department", "body", "person")


@dataclass
class _Acc:
    kinds: set[str] = field(default_factory=set)
    reference_names: set[str] = field(default_factory=set)
    names: dict[str, int] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    councils: dict[str, int] = field(default_factory=dict)


def _canonical(acc: _Acc) -> str:
    if acc.reference_names:
        return sorted(acc.reference_names)[0]
    # the most complete form: longest, then most used, then alphabetical (deterministic)
    return sorted(acc.names, key=lambda n: (-len(n), -acc.names[n], n))[0]


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""store -> (store version, accumulators): re-reading every entity of the store was 95% of the time
of adding one document (bench/ profile), growing with the store; rows of `entity_index.rq` are per
graph, so a document graph that is only ADDED is folded in (`note_added_graph`) instead."""


def _accumulators(store: Store) -> dict[str, _Acc]:
    version = store.version()
    hit = _CACHE.get(store)
    if hit is not None and hit[0] == version:
        return hit[1]
    acc: dict[str, _Acc] = defaultdict(_Acc)
    _fold(acc, select(store, "entity_index"))
    if version != "empty":  # a store without a version cannot tell a later change
        _CACHE[store] = (version, acc)
    return acc


def note_added_graph(store: Store, graph: str, version_before: str) -> None:
    """After a write that only added the new graph `graph` to a store at `version_before`: fold that
    graph's rows into the cached index (embedded store only; anything else recomputes next time)."""
    from graph.store.embedded import EmbeddedStore

    hit = _CACHE.get(store)
    if hit is None or hit[0] != version_before or not isinstance(store, EmbeddedStore):
        _CACHE.pop(store, None)
        return
    from graph.facts_export import load_query

    rows = store.query(load_query("entity_index"), named_graphs=[graph])
    _fold(hit[1], rows.rows)  # type: ignore[union-attr]
    _CACHE[store] = (store.version(), hit[1])


def known_entities(store: Store) -> list[KnownEntity]:
    """Every council, department, inspectorate, body and person in the store, sorted by key."""
    acc = _accumulators(store)
    out = []
    for key, a in sorted(acc.items()):
        if not a.names:
            continue
        name = _canonical(a)
        kind = next(k for k in _KIND_ORDER if k in a.kinds)
        aliases = tuple(sorted((set(a.names) | a.aliases) - {name}))
        council = sorted(a.councils, key=lambda c: (-a.councils[c], c))[0] if a.councils else None
        out.append(KnownEntity(key=key, kind=kind, name=name, aliases=aliases, council=council))  # type: ignore[arg-type]
    return out


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


__all__ = ["known_entities", "note_added_graph"]
