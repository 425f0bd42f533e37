"""The facts in the store, one record per document, in the schema of the gold file
(`../shared/gold/seeds.yaml`): what `councilkg facts` prints and `score_facts.py` scores.

Everything comes from the store through the named SPARQL queries `queries/facts_*.rq` (run with
`Store.query`), so the export tests the whole chain (extraction, RDF, store), not the extractor's
memory. Python only groups the rows by document graph and shapes them into records.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib.term import Node

from graph.errors import ConfigError, StoreError
from graph.named_queries import inline_lateral
from graph.paths import QUERIES_DIR
from graph.store.base import SelectResult, Store
from graph.uris import base, vocab_ns

_PREFIX = re.compile(r"(?im)^(\s*PREFIX\s+(ckg|id):\s*)<[^>]*>")


@functools.cache
def _query_text(name: str) -> str:
    path = QUERIES_DIR / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"named query {path} cannot be read: {e}") from e


def load_query(name: str) -> str:
    """The text of `queries/<name>.rq` with its `ckg:` and `id:` PREFIX lines rebound to the
    configured base ({base}def/, {base}id/), so the files can be written for the default base."""
    targets = {"ckg": vocab_ns(), "id": base() + "id/"}
    return _PREFIX.sub(lambda m: f"{m.group(1)}<{targets[m.group(2).lower()]}>", _query_text(name))


def select(store: Store, name: str) -> list[dict[str, Node]]:
    text = load_query(name)
    result = store.query(text if store.supports_lateral else inline_lateral(text))
    if not isinstance(result, SelectResult):
        raise StoreError(f"query {name} did not return a table of results")
    return result.rows


def _s(row: dict[str, Node], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _amount(value: str) -> int | float | str:
    try:
        d = Decimal(value)
    except InvalidOperation:
        return value
    return int(d) if d == d.to_integral_value() else float(d)


def _ordered(items: dict[str, Any]) -> list[Any]:
    return [items[k] for k in sorted(items, key=lambda k: (str(items[k].get("name", "")), k))]


def facts_records(store: Store) -> list[dict[str, Any]]:
    """One record per document graph, sorted by source file name."""
    docs: dict[str, dict[str, Any]] = {}
    for row in select(store, "facts_documents"):
        docs[str(row["g"])] = {
            "document": _s(row, "source"),
            "meta": {"headline": _s(row, "headline"), "published": _s(row, "published"),
                     "publisher": _s(row, "publisher"), "author": _s(row, "author")},
            "councils": {}, "departments": {}, "inspectorates": {}, "people": {},
            "inspections": {}, "funding_events": {}, "meetings": {},
        }
    aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in select(store, "facts_aliases"):
        aliases[str(row["g"]), str(row["entity"])].append(str(row["alias"]))

    for row in select(store, "facts_organisations"):
        g, ent = str(row["g"]), str(row["entity"])
        if g not in docs:
            continue
        kind = str(row["kind"])
        rec: dict[str, Any] = {"name": str(row["name"]), "aliases": sorted(aliases[g, ent])}
        if kind == "department":
            rec["council"] = _s(row, "council")
        docs[g][{"council": "councils", "department": "departments", "inspectorate": "inspectorates"}[kind]][ent] = rec

    for row in select(store, "facts_people"):
        g, ent = str(row["g"]), str(row["person"])
        if g in docs:
            docs[g]["people"][ent] = {"name": str(row["name"]), "aliases": sorted(aliases[g, ent]), "roles": [],
                                      "party": _s(row, "party"), "ward": _s(row, "ward")}
    for row in select(store, "facts_roles"):
        g, ent = str(row["g"]), str(row["person"])
        person = docs.get(g, {}).get("people", {}).get(ent)
        if person is not None:
            person["roles"].append({"role": _s(row, "role"), "organisation": _s(row, "organisation"),
                                    "start": _s(row, "start"), "end": _s(row, "end")})

    for row in select(store, "facts_inspections"):
        g = str(row["g"])
        if g in docs:
            docs[g]["inspections"][str(row["inspection"])] = {
                "inspector": _s(row, "inspector"), "inspected": _s(row, "inspected"),
                "council": _s(row, "council"), "date": _s(row, "date"), "kind": _s(row, "kind"),
                "outcome": _s(row, "outcome")}
    for row in select(store, "facts_funding"):
        g = str(row["g"])
        if g in docs:
            docs[g]["funding_events"][str(row["funding"])] = {
                "amount": _amount(str(row["amount"])), "currency": _s(row, "currency"),
                "recipient": _s(row, "recipient"), "council": _s(row, "council"), "date": _s(row, "date"),
                "cumulative": str(row["cumulative"]).lower() == "true"}
    for row in select(store, "facts_meetings"):
        g = str(row["g"])
        if g in docs:
            docs[g]["meetings"][str(row["meeting"])] = {
                "body": _s(row, "body"), "council": _s(row, "council"), "date": _s(row, "date"),
                "status": _s(row, "status")}

    records = []
    for rec in docs.values():
        for key in ("councils", "departments", "inspectorates", "people"):
            rec[key] = _ordered(rec[key])
        for person in rec["people"]:
            person["roles"].sort(key=lambda r: (r["role"] or "", r["organisation"] or ""))
        for key, order in (("inspections", "date"), ("funding_events", "date"), ("meetings", "date")):
            rec[key] = [rec[key][k] for k in sorted(rec[key], key=lambda k, o=order: (rec[key][k][o] or "", k))]
        records.append(rec)
    return sorted(records, key=lambda r: r["document"] or "")


__all__ = ["facts_records", "load_query", "select"]
