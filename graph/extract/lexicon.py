"""The extractor's data: lexicon files under `ontology/lexicon/` and the reference tables under
`ontology/reference/` (councils, inspectorates, parties, governments, role titles).

Read once per process. Keeping this knowledge in data files means adding a council, an
inspectorate, a role title or a funding verb is a data change, not a code change.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ConfigError
from graph.paths import ONTOLOGY_DIR

LEXICON_DIR = ONTOLOGY_DIR / "lexicon"
REFERENCE_DIR = ONTOLOGY_DIR / "reference"


def _yaml(name: str) -> Any:
    path = LEXICON_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"lexicon file {path} cannot be read: {e}") from e


def _csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    except OSError as e:
        raise ConfigError(f"data file {path} cannot be read: {e}") from e


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def norm(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: the form lexicon lookups use."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class CouncilRef:
    name: str
    short_names: tuple[str, ...]
    country: str


@dataclass(frozen=True)
class InspectorateRef:
    key: str
    name: str
    aliases: tuple[str, ...]
    successor: str | None
    country: str


@dataclass
class Lexicon:
    honorifics: list[dict[str, Any]]
    pronouns: dict[str, list[str]]
    forenames: frozenset[str]
    nicknames: dict[str, set[str]]
    roles: dict[str, Any]
    role_aliases: dict[str, str]
    services: dict[str, Any]
    bodies: dict[str, Any]
    inspections: dict[str, Any]
    funding: dict[str, Any]
    dates: dict[str, Any]
    councils: list[CouncilRef]
    inspectorates: list[InspectorateRef]
    parties: dict[str, str]
    """Lower-case party name or alias -> canonical short name ('welsh conservatives' -> 'Conservative')."""
    organisations: list[dict[str, str]] = field(default_factory=list)
    tensions: dict[str, Any] = field(default_factory=dict)
    """Words of the soft-tension rules: references back, relative anchors, deadlines, recent completion."""

    def service_index(self) -> dict[str, str]:
        """Lower-case variant -> canonical service name."""
        out: dict[str, str] = {}
        for s in self.services["services"]:
            for v in s.get("variants", []):
                out[norm(v)] = s["name"]
                if "children's" in v:
                    out[norm(v).replace("children's", "childrens")] = s["name"]
        return out

    def service_parent(self, name: str) -> str | None:
        return next((s.get("parent") for s in self.services["services"] if s["name"] == name), None)

    def same_forename(self, a: str, b: str) -> bool:
        """Whether two forenames can name the same person (equal, or a nickname of the other)."""
        a, b = a.lower().rstrip("."), b.lower().rstrip(".")
        if a == b:
            return True
        if len(a) == 1 or len(b) == 1:  # an initial
            return a[0] == b[0]
        fa, fb = self.nicknames.get(a, set()) | {a}, self.nicknames.get(b, set()) | {b}
        return bool(fa & fb)


@functools.cache
def lexicon() -> Lexicon:
    hon = _yaml("honorifics.yaml")
    nick: dict[str, set[str]] = {}
    for row in _csv(LEXICON_DIR / "nicknames.csv"):
        short, formal = row["short"].lower(), row["formal"].lower()
        nick.setdefault(short, set()).add(formal)
        nick.setdefault(formal, set()).add(formal)
    forenames = {line.strip() for line in (LEXICON_DIR / "forenames.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")}
    forenames |= {r["short"] for r in _csv(LEXICON_DIR / "nicknames.csv")}
    forenames |= {r["formal"] for r in _csv(LEXICON_DIR / "nicknames.csv")}
    role_aliases: dict[str, str] = {}
    for r in _csv(REFERENCE_DIR / "role_titles.csv"):
        role_aliases[norm(r["title"])] = r["title"]
        for a in split(r["aliases"]):
            if len(a) > 4:  # 'Cllr', 'CEO', 'DCS' stand for titles only next to a name
                role_aliases.setdefault(norm(a), r["title"])
    councils = [CouncilRef(r["name"], tuple(split(r["short_names"])), r["country"])
                for r in _csv(REFERENCE_DIR / "councils.csv")]
    insp = [InspectorateRef(r["key"], r["name"], tuple(split(r["aliases"])), r["former_name_of"] or None,
                            r["jurisdiction"]) for r in _csv(REFERENCE_DIR / "inspectorates.csv")]
    parties: dict[str, str] = {}
    for r in _csv(REFERENCE_DIR / "parties.csv"):
        short = split(r["aliases"])[0] if r["kind"] == "party" and split(r["aliases"]) else r["name"]
        for a in [r["name"], *split(r["aliases"])]:
            parties[a.lower()] = short
    return Lexicon(
        honorifics=hon["honorifics"], pronouns=hon["pronouns"], forenames=frozenset(forenames),
        nicknames=nick, roles=_yaml("roles.yaml"), role_aliases=role_aliases, services=_yaml("services.yaml"),
        bodies=_yaml("bodies.yaml"), inspections=_yaml("inspections.yaml"), funding=_yaml("funding.yaml"),
        dates=_yaml("dates.yaml"), councils=councils, inspectorates=insp, parties=parties,
        organisations=_csv(REFERENCE_DIR / "organisations.csv"), tensions=_yaml("tensions.yaml"))


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[\s\u00a0]+").replace("'", "['\u2019]") for p in parts)
