"""Expected values for page tests, taken from the gold facts of the sample corpus (never from a run)."""
from __future__ import annotations

import functools
from typing import Any

import yaml

from tests.conftest import SHARED_DIR

GOLD = SHARED_DIR / "gold" / "seeds.yaml"


@functools.cache
def gold() -> dict[str, Any]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def documents() -> list[dict[str, Any]]:
    return gold()["documents"]


def people_with_dated_roles() -> list[tuple[str, list[str], str]]:
    """(name, aliases, council) of each person with a role that has a start date at a council."""
    out = []
    for d in documents():
        councils = {c["name"] for c in d.get("councils", [])}
        for p in d.get("people", []):
            for r in p.get("roles", []):
                if r.get("start") and r.get("organisation") in councils:
                    out.append((p["name"], p.get("aliases", []), r["organisation"]))
    return out


def dated_inspections() -> dict[str, set[str]]:
    """council name -> dates of the inspections documents report there."""
    out: dict[str, set[str]] = {}
    for d in documents():
        for i in d.get("inspections", []):
            if i.get("date") and i.get("council"):
                out.setdefault(i["council"], set()).add(i["date"])
    return out


def funding_amounts() -> dict[str, set[int]]:
    """council name -> amounts of the funding events reported for it."""
    out: dict[str, set[int]] = {}
    for d in documents():
        for f in d.get("funding_events", []):
            out.setdefault(f["council"], set()).add(int(f["amount"]))
    return out


def money(amount: int) -> str:
    """How the pages write an amount in pounds: 6000000 -> '£6m'."""
    return f"£{amount / 1_000_000:g}m" if amount >= 1_000_000 else f"£{amount:,}"


def inspectorate_names() -> dict[str, str]:
    """Any name or alias of an inspectorate (ontology/reference/inspectorates.csv) -> its full name."""
    import csv

    from tests.conftest import PROJECT_ROOT

    out = {}
    with open(PROJECT_ROOT / "ontology" / "reference" / "inspectorates.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for alias in [row["name"], *filter(None, row["aliases"].split(";"))]:
                out[alias] = row["name"]
    return out


def dated_inspection_records() -> list[tuple[str, str, str]]:
    """(council, date, inspectorate's full name) of each dated inspection the gold records."""
    names = inspectorate_names()
    return sorted({(i["council"], i["date"], names.get(i["inspector"], i["inspector"]))
                   for d in documents() for i in d.get("inspections", []) if i.get("date") and i.get("council")})


def post_starts() -> dict[str, tuple[set[str], set[str], str]]:
    """canonical person id -> (names and aliases, start dates any document gives, council) for
    people with a dated role at a council."""
    out: dict[str, tuple[set[str], set[str], str]] = {}
    for d in documents():
        councils = {c["name"] for c in d.get("councils", [])}
        for p in d.get("people", []):
            for r in p.get("roles", []):
                if r.get("start") and r.get("organisation") in councils:
                    names, starts, _ = out.setdefault(p.get("canonical_id") or p["name"], (set(), set(),
                                                                                             r["organisation"]))
                    names.update([p["name"], *p.get("aliases", [])])
                    starts.add(r["start"])
    return out
