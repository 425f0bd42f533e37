"""Expected values for the integration tests, derived from the gold facts of the sample corpus and
the reference data (never copied from a run)."""
from __future__ import annotations

import csv
import functools
import re

import yaml

from tests.conftest import PROJECT_ROOT

GOLD = PROJECT_ROOT / "tests" / "data" / "shared" / "gold" / "seeds.yaml"
COUNCILS_CSV = PROJECT_ROOT / "ontology" / "reference" / "councils.csv"


@functools.cache
def gold() -> dict:
    path = GOLD if GOLD.exists() else PROJECT_ROOT.parent / "shared" / "gold" / "seeds.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def councils() -> list[dict[str, str]]:
    with COUNCILS_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def reference_council(name: str) -> dict[str, str]:
    """The reference row of a council as the gold names it (full name or short name)."""
    return next(r for r in councils() if name in {r["name"], *r["short_names"].split(";")})


def inspection_events() -> dict[str, list[set[str]]]:
    """Reference council name -> its distinct inspection events, each as the set of documents that
    report it (gold records that are 'Same event as' one another are one event)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    records = {}
    for doc in gold()["documents"]:
        for i in doc.get("inspections", []):
            records[i["id"]] = (doc["document"], i["council"])
            note = i.get("note") or ""
            same = note.split("Same event as", 1)[1] if "Same event as" in note else ""
            for other in re.findall(r"\d{3}-I\d+", same):
                parent[find(other)] = find(i["id"])
    events: dict[str, dict[str, set[str]]] = {}
    for ident, (document, council) in records.items():
        name = reference_council(council)["name"]
        events.setdefault(name, {}).setdefault(find(ident), set()).add(document)
    return {council: list(by_event.values()) for council, by_event in events.items()}


def published_dates() -> list[str]:
    return sorted(str(d["meta"]["published"]) for d in gold()["documents"] if d["meta"].get("published"))


def funding_amounts() -> list[tuple[int, str]]:
    return sorted((int(f["amount"]), reference_council(f["council"])["name"])
                  for d in gold()["documents"] for f in d.get("funding_events", []))


def document_councils() -> dict[str, int]:
    """Reference council name -> number of gold documents that name it."""
    out: dict[str, int] = {}
    for d in gold()["documents"]:
        for c in {reference_council(c["name"])["name"] for c in d.get("councils", [])}:
            out[c] = out.get(c, 0) + 1
    return out
