"""A CSV table as RDF through a small declared column mapping (YAML or JSON), so a StatsWales or
ONS download keyed by GSS code can be joined with the graph without writing code.

A mapping names a subject template, the class(es) of every row's subject, and per column a
predicate with either a datatype, a language tag or an IRI template; `constants` add the same
triple to every row, and `turtle` adds triples once (the dataset's own description). Example:

    subject: "http://example.org/obs/{area_code}"
    class: qb:Observation
    columns:
      area_code: {predicate: "sdmx-dimension:refArea",
                  iri: "http://statistics.data.gov.uk/id/statistical-geography/{value}"}
      spend: {predicate: "ex:spendPerHead", datatype: "xsd:decimal"}
    constants:
      - {predicate: "qb:dataSet", iri: "http://example.org/dataset/spend"}
    prefixes: {ex: "http://example.org/def/"}

Prefixed names may use the project's prefixes (graph.vocab.PREFIXES) and the mapping's own.
Every problem is an InputError that names the row and column, raised before anything is written.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import yaml

from graph.errors import InputError
from graph.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_TOP_KEYS = {"subject", "class", "columns", "constants", "prefixes", "turtle", "delimiter"}
_COLUMN_KEYS = {"predicate", "datatype", "lang", "iri"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


def _bool(v: str) -> str:
    if v.lower() in {"true", "1", "yes"}:
        return "true"
    if v.lower() in {"false", "0", "no"}:
        return "false"
    raise ValueError(v)


def _check(parse: Callable[[str], object]) -> Callable[[str], str]:
    def check(v: str) -> str:
        parse(v)
        return v
    return check


def _year(v: str) -> str:
    if not re.fullmatch(r"-?\d{4}", v):
        raise ValueError(v)
    return v


_LEXICAL: dict[str, Callable[[str], str]] = {
    XSD + "integer": lambda v: str(int(v.replace(",", ""))),
    XSD + "decimal": lambda v: str(Decimal(v.replace(",", ""))),
    XSD + "double": lambda v: repr(float(v.replace(",", ""))),
    XSD + "boolean": _bool,
    XSD + "date": _check(dt.date.fromisoformat),
    XSD + "dateTime": _check(dt.datetime.fromisoformat),
    XSD + "gYear": _year,
    XSD + "string": lambda v: v,
}


@dataclass(frozen=True)
class Column:
    name: str
    predicate: ox.NamedNode
    datatype: str | None = None
    lang: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class Mapping:
    subject: str
    classes: tuple[ox.NamedNode, ...]
    columns: tuple[Column, ...]
    constants: tuple[tuple[ox.NamedNode, ox.NamedNode | ox.Literal], ...]
    prefixes: dict[str, str]
    turtle: str
    delimiter: str


def read_mapping(path: Path) -> Mapping:
    """The mapping file (YAML, or JSON by its .json suffix) checked and with names expanded."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read the mapping file {path}: {e.strerror}") from e
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as e:
        raise InputError(f"the mapping file {path} does not parse: {e}") from e
    return parse_mapping(raw, str(path))


def parse_mapping(raw: object, where: str = "the mapping") -> Mapping:
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a mapping with keys subject, class, columns (see README)")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    for key in ("subject", "columns"):
        if key not in raw:
            raise InputError(f"{where} needs '{key}' (see the example in README, section Open-government data)")
    prefixes = {**PREFIXES, **{str(k): str(v) for k, v in (raw.get("prefixes") or {}).items()}}

    def name(value: object, what: str) -> ox.NamedNode:
        return ox.NamedNode(expand(str(value), prefixes, f"{where}: {what}"))

    if not isinstance(raw["columns"], dict) or not raw["columns"]:
        raise InputError(f"{where}: 'columns' must map column names to {{predicate: ..., datatype: ...}}")
    columns = []
    for col, spec in raw["columns"].items():
        spec = {"predicate": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, dict) or "predicate" not in spec or set(spec) - _COLUMN_KEYS:
            raise InputError(f"{where}: column {col!r} needs a predicate and at most one of datatype, lang, iri")
        if sum(k in spec for k in ("datatype", "lang", "iri")) > 1:
            raise InputError(f"{where}: column {col!r} may have only one of datatype, lang, iri")
        datatype = expand(str(spec["datatype"]), prefixes, f"{where}: column {col!r}") if "datatype" in spec \
            else None
        if datatype and datatype.startswith(XSD) and datatype not in _LEXICAL:
            raise InputError(f"{where}: column {col!r}: datatype {datatype} is not supported; use one of "
                             f"{sorted(d.replace(XSD, 'xsd:') for d in _LEXICAL)}")
        columns.append(Column(str(col), name(spec["predicate"], f"column {col!r}"), datatype,
                              str(spec["lang"]) if "lang" in spec else None,
                              str(spec["iri"]) if "iri" in spec else None))
    classes = raw.get("class") or []
    classes = [classes] if isinstance(classes, str) else classes
    constants = []
    for c in raw.get("constants") or []:
        if not isinstance(c, dict) or "predicate" not in c or ("iri" in c) == ("value" in c):
            raise InputError(f"{where}: each constant needs a predicate and either iri or value")
        obj = name(c["iri"], "constant") if "iri" in c else ox.Literal(str(c["value"]))
        constants.append((name(c["predicate"], "constant"), obj))
    delimiter = str(raw.get("delimiter", ","))
    if len(delimiter) != 1:
        raise InputError(f"{where}: delimiter must be one character")
    return Mapping(str(raw["subject"]), tuple(name(c, "class") for c in classes), tuple(columns),
                   tuple(constants), prefixes, str(raw.get("turtle") or ""), delimiter)


def expand(value: str, prefixes: dict[str, str], where: str) -> str:
    """A prefixed name (qb:Observation) or an absolute IRI, as an absolute IRI."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        value = prefixes[prefix] + local
    elif not (sep and (local.startswith("//") or prefix in {"urn", "mailto", "tag"})):
        raise InputError(f"{where}: {value!r} is neither an absolute IRI nor a name with a known prefix; "
                         "declare the prefix under 'prefixes:'")
    if not _IRI.fullmatch(value):
        raise InputError(f"{where}: {value!r} is not a valid IRI")
    return value


def _fill(template: str, values: dict[str, str], where: str) -> ox.NamedNode:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            raise InputError(f"{where}: the template {template!r} names {{{key}}}, which is not a column")
        if not values[key]:
            raise InputError(f"{where}: column {key!r} is empty but the template {template!r} needs it")
        return quote(values[key], safe="-._~")
    iri = _PLACEHOLDER.sub(sub, template)
    if not _IRI.fullmatch(iri):
        raise InputError(f"{where}: {iri!r} (from the template {template!r}) is not a valid IRI")
    return ox.NamedNode(iri)


def _literal(col: Column, value: str, where: str) -> ox.Literal:
    if col.lang:
        return ox.Literal(value, language=col.lang)
    if col.datatype is None:
        return ox.Literal(value)
    lexical = _LEXICAL.get(col.datatype)
    if lexical is not None:
        try:
            value = lexical(value)
        except (ValueError, InvalidOperation):
            short = col.datatype.replace(XSD, "xsd:")
            raise InputError(f"{where}: {value!r} is not a valid {short}; fix the cell or the column's "
                             "datatype in the mapping") from None
    return ox.Literal(value, datatype=ox.NamedNode(col.datatype))


def csv_triples(data: str, mapping: Mapping, base_iri: str) -> list[ox.Triple]:
    """Every row's triples, plus the mapping's `turtle` block; InputError on the first bad cell."""
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")), delimiter=mapping.delimiter)
    header = reader.fieldnames or []
    missing = [c.name for c in mapping.columns if c.name not in header]
    if missing:
        raise InputError(f"the CSV has no column(s) {missing}; its header is {header}")
    triples: list[ox.Triple] = []
    for n, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        where = f"CSV line {n}"
        subject = _fill(mapping.subject, values, where)
        triples.extend(ox.Triple(subject, RDF_TYPE, c) for c in mapping.classes)
        triples.extend(ox.Triple(subject, p, o) for p, o in mapping.constants)
        for col in mapping.columns:
            value = values.get(col.name, "")
            if not value:
                continue
            cell = f"{where}, column {col.name!r}"
            obj = _fill(col.iri, {**values, "value": value}, cell) if col.iri else _literal(col, value, cell)
            triples.append(ox.Triple(subject, col.predicate, obj))
    if not triples:
        raise InputError("the CSV has a header but no rows; nothing to load")
    if mapping.turtle.strip():
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in mapping.prefixes.items())
        try:
            triples.extend(q.triple for q in ox.parse((head + mapping.turtle).encode("utf-8"),
                                                      format=ox.RdfFormat.TURTLE, base_iri=base_iri))
        except SyntaxError as e:
            raise InputError(f"the mapping's turtle block does not parse: {e}") from e
    return triples


__all__ = ["Mapping", "read_mapping", "parse_mapping", "csv_triples", "expand"]
