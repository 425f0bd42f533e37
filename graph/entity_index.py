"""The entities already in the store, for resolving a new document against them.

`known_entities` runs the named query `queries/entity_index.rq` and folds its rows into one
`KnownEntity` per URI: its key, kind, a canonical name (the reference data's when there is one,
else the longest name any document uses), every other name and alias, and its council (for a
person, the council most of their posts are in). Entity
resolution (`graph.resolve.resolve_against`) then gives a new document's mentions the keys the
graph already has.
"""
from __future__ import annotations

from collections import defaultdict
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


def known_entities(store: Store) -> list[KnownEntity]:
    """Every council, department, inspectorate, body and person in the store, sorted by key."""
    acc: dict[str, _Acc] = defaultdict(_Acc)
    for row in select(store, "entity_index"):
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


__all__ = ["known_entities"]
