"""The ontology and the reference data, as the named graphs `graph/ontology` and `graph/reference`.

Both are built from files under `ontology/` for the configured base URI, so the vocabulary lives at
{base}def/ and reference entities at {base}id/...: `councilkg.ttl` is written with relative IRIs and
parsed with the base as its public ID; the CSV files (councils, inspectorates, parties, other
organisations, role titles) become RDF here. Adding a council or an inspectorate is a data change.

Reference entities get the same keys the extractor mints (`council/<slug of name>`,
`inspectorate/<key>`, `party/<key>`, organisations.csv's own keys), so a document graph that names
them and the reference graph describe the same URI.
"""
from __future__ import annotations

import copy
import csv
import functools
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from graph.errors import ConfigError
from graph.paths import ONTOLOGY_DIR
from graph.uris import base, entity, named_graph, slug, vocab_ns
from graph.vocab import CKG, ONS, ORG, PREFIXES, SDO, WD

REFERENCE_DIR = ONTOLOGY_DIR / "reference"
ONTOLOGY_FILE = ONTOLOGY_DIR / "councilkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"


def _rows(name: str) -> list[dict[str, str]]:
    path = REFERENCE_DIR / name
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    except OSError as e:
        raise ConfigError(f"reference data file {path} cannot be read: {e}") from e


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def parse_relative(path: Path, fmt: str = "turtle") -> Graph:
    """A Turtle file written with relative IRIs, resolved against the configured base."""
    g = Graph()
    try:
        g.parse(path, format=fmt, publicID=base())
    except (OSError, SyntaxError, ValueError) as e:
        raise ConfigError(f"{path} does not parse: {e}") from e
    return g


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


# ---------------------------------------------------------------- ontology graph
@functools.cache
def _ontology(base_uri: str) -> Graph:
    g = _bind(parse_relative(ONTOLOGY_FILE))
    scheme = CKG.RoleTitles
    for row in _rows("role_titles.csv"):
        concept = role_concept(row["title"])
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, RDF.type, ORG.Role))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.prefLabel, Literal(row["title"], lang="en")))
        for alias in _split(row["aliases"]):
            g.add((concept, SKOS.altLabel, Literal(alias, lang="en")))
        if row["broader"]:
            g.add((concept, SKOS.broader, role_concept(row["broader"])))
        else:
            g.add((concept, SKOS.topConceptOf, scheme))
        if row["source"]:
            g.add((concept, SKOS.definition, Literal(row["source"], lang="en")))
    return g


def ontology_graph() -> Graph:
    """The OWL ontology with its SKOS concept schemes, for the configured base (a private copy)."""
    return copy.deepcopy(_ontology(base()))


def role_concept(title: str) -> URIRef:
    """The SKOS concept (an org:Role) of a role title: {base}def/role/<slug>."""
    return URIRef(f"{vocab_ns()}role/{slug(title)}")


def inspection_kind(kind: str) -> URIRef:
    """The SKOS concept of an inspection kind: {base}def/inspection-kind/<slug>."""
    return URIRef(f"{vocab_ns()}inspection-kind/{slug(kind)}")


def finding_type(kind: str) -> URIRef:
    return URIRef(f"{vocab_ns()}finding-type/{kind}")


@dataclass(frozen=True)
class Hierarchy:
    """Super-classes and super-properties of every term the ontology aligns (transitively)."""

    classes: dict[URIRef, frozenset[URIRef]]
    properties: dict[URIRef, frozenset[URIRef]]


def _closure(g: Graph, links: tuple[URIRef, ...], symmetric: URIRef) -> dict[URIRef, frozenset[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = {}
    for link in links:
        for s, o in g.subject_objects(link):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                direct.setdefault(s, set()).add(o)
    for s, o in g.subject_objects(symmetric):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct.setdefault(s, set()).add(o)
            direct.setdefault(o, set()).add(s)
    result: dict[URIRef, frozenset[URIRef]] = {}
    for start in direct:
        seen: set[URIRef] = set()
        todo = list(direct[start])
        while todo:
            t = todo.pop()
            if t not in seen and t != start:
                seen.add(t)
                todo.extend(direct.get(t, ()))
        result[start] = frozenset(seen - {OWL.Thing, RDFS.Resource})
    return result


@functools.cache
def _hierarchy(base_uri: str) -> Hierarchy:
    g = _ontology(base_uri)
    return Hierarchy(_closure(g, (RDFS.subClassOf,), OWL.equivalentClass),
                     _closure(g, (RDFS.subPropertyOf,), OWL.equivalentProperty))


def hierarchy() -> Hierarchy:
    return _hierarchy(base())


def materialise(g: Graph) -> Graph:
    """Add every super-class and super-property the ontology gives for the graph's types and
    predicates, so that clients without a reasoner (schema.org-only, ORG-only) find the data."""
    h = hierarchy()
    extra = []
    for s, p, o in g:
        if p == RDF.type and o in h.classes:
            extra.extend((s, RDF.type, c) for c in h.classes[o])  # type: ignore[index]
        elif p in h.properties:
            extra.extend((s, q, o) for q in h.properties[p])  # type: ignore[index]
    for t in extra:
        g.add(t)
    return g


# ---------------------------------------------------------------- reference graph
def dataset(name: str) -> URIRef:
    """The reference dataset an entity is derived from: {base}id/dataset/<file stem>."""
    return URIRef(entity(f"dataset/{name}"))


def _dataset(g: Graph, name: str, title: str, sources: list[str]) -> URIRef:
    d = dataset(name)
    g.add((d, RDF.type, CKG.ReferenceDataset))
    g.add((d, DCTERMS.title, Literal(title)))
    g.add((d, RDFS.label, Literal(title)))
    g.add((d, DCTERMS.identifier, Literal(f"ontology/reference/{name}.csv")))
    for source in sources:
        g.add((d, DCTERMS.source, Literal(source)))
    return d


def _named(g: Graph, node: URIRef, name: str, aliases: list[str], agent: bool = True) -> None:
    g.add((node, RDFS.label, Literal(name)))
    g.add((node, SDO.name, Literal(name)))
    if agent:
        g.add((node, FOAF.name, Literal(name)))
    for alias in aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
        g.add((node, SDO.alternateName, Literal(alias)))


def council_key(name: str) -> str:
    return f"council/{slug(name)}"


def _councils(g: Graph) -> None:
    rows = _rows("councils.csv")
    d = _dataset(g, "councils", "Local councils with their areas, ONS GSS codes and Wikidata area items",
                 sorted({r["source_of_gss"] for r in rows} | {r["source_of_qid"] for r in rows}))
    for r in rows:
        council = URIRef(entity(council_key(r["name"])))
        area = URIRef(entity(f"area/{r['gss_code']}"))
        g.add((council, RDF.type, CKG.Council))
        _named(g, council, r["name"], _split(r["short_names"]))
        g.add((council, DCTERMS.spatial, area))
        g.add((council, SDO.areaServed, area))
        g.add((council, CKG.country, Literal(r["country"])))
        g.add((council, CKG.councilType, Literal(r["council_type"])))
        g.add((council, PROV.wasDerivedFrom, d))
        short = _split(r["short_names"])
        area_name = r.get("area_name") or (short[0] if short else r["name"])
        g.add((area, RDF.type, CKG.Area))
        # the area is named as a place ("Sandwell"); forms ending in "Council" name the body, not the area
        _named(g, area, area_name, [s for s in short if s != area_name and not s.endswith("Council")],
               agent=False)
        g.add((area, CKG.gssCode, Literal(r["gss_code"])))
        g.add((area, SKOS.exactMatch, ONS[r["gss_code"]]))
        g.add((area, DCTERMS.source, Literal(f"GSS code: {r['source_of_gss']}")))
        if r["area_wikidata"]:
            link = SKOS.exactMatch if r["qid_verified"] == "yes" else CKG.unverifiedMatch
            g.add((area, link, WD[r["area_wikidata"]]))
            g.add((area, DCTERMS.source, Literal(f"Wikidata item: {r['source_of_qid']}")))
        g.add((area, PROV.wasDerivedFrom, d))


def _instant(g: Graph, node: URIRef, iso_day: str, source: URIRef) -> URIRef:
    g.add((node, RDF.type, TIME.Instant))
    g.add((node, PROV.wasDerivedFrom, source))
    g.add((node, TIME.inXSDDate, Literal(iso_day, datatype=XSD.date)))
    g.add((node, CKG.precision, TIME.unitDay))
    return node


def _inspectorates(g: Graph) -> None:
    rows = _rows("inspectorates.csv")
    d = _dataset(g, "inspectorates", "Inspectorates and regulators of public services",
                 sorted({r["source"] for r in rows if r["source"]}))
    for r in rows:
        node = URIRef(entity(f"inspectorate/{r['key']}"))
        g.add((node, RDF.type, CKG.Inspectorate))
        _named(g, node, r["name"], _split(r["aliases"]))
        g.add((node, CKG.country, Literal(r["jurisdiction"])))
        g.add((node, PROV.wasDerivedFrom, d))
        if r["wikidata"]:
            g.add((node, SKOS.exactMatch, WD[r["wikidata"]]))
        if r["former_name_of"]:
            _renaming(g, node, URIRef(entity(f"inspectorate/{r['former_name_of']}")), r, d)


def _renaming(g: Graph, old: URIRef, new: URIRef, row: dict[str, str], d: URIRef) -> None:
    """CSSIW -> CIW: two organisations linked by an org:ChangeEvent with its date (W3C ORG)."""
    event = URIRef(f"{old}/renamed")
    g.add((event, RDF.type, ORG.ChangeEvent))
    g.add((event, RDF.type, PROV.Activity))
    g.add((event, RDFS.label, Literal(f"{row['name']} renamed")))
    g.add((event, ORG.originalOrganization, old))
    g.add((event, ORG.resultingOrganization, new))
    g.add((event, DCTERMS.description, Literal(row["source"])))
    g.add((event, PROV.wasDerivedFrom, d))
    g.add((old, ORG.changedBy, event))
    g.add((new, ORG.resultedFrom, event))
    if row.get("renamed_on"):
        g.add((event, CKG.date, _instant(g, URIRef(f"{event}/date"), row["renamed_on"], d)))


def party_rows() -> list[dict[str, str]]:
    return _rows("parties.csv")


@functools.cache
def _party_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for r in party_rows():
        for name in [r["name"], *_split(r["aliases"])]:
            index[slug(name)] = r["key"]
    return index


def party_key(name: str) -> str:
    """The key of a party or group as a source names it: the reference party when the name or an
    alias matches ('Welsh Conservatives' -> party/conservative), else party/<slug of the name>."""
    return f"party/{_party_index().get(slug(name), slug(name))}"


def _parties(g: Graph) -> None:
    rows = party_rows()
    d = _dataset(g, "parties", "Political parties and groups of councillors",
                 sorted({r["source"] for r in rows if r["source"]}))
    for r in rows:
        node = URIRef(entity(f"party/{r['key']}"))
        g.add((node, RDF.type, CKG.PoliticalParty))
        _named(g, node, r["name"], _split(r["aliases"]))
        g.add((node, PROV.wasDerivedFrom, d))
        if r["wikidata"]:
            g.add((node, SKOS.exactMatch, WD[r["wikidata"]]))


_ORG_CLASSES = {"government": CKG.Government, "inspectorate": CKG.Inspectorate, "council": CKG.Council}


def _organisations(g: Graph) -> None:
    rows = _rows("organisations.csv")
    d = _dataset(g, "organisations", "Other public bodies (governments)",
                 sorted({r["source"] for r in rows if r["source"]}))
    for r in rows:
        node = URIRef(entity(r["key"]))
        g.add((node, RDF.type, _ORG_CLASSES.get(r["kind"], CKG.Body)))
        _named(g, node, r["name"], _split(r["aliases"]))
        g.add((node, CKG.bodyKind, Literal(r["kind"])))
        g.add((node, CKG.country, Literal(r["country"])))
        g.add((node, PROV.wasDerivedFrom, d))
        if r["wikidata"]:
            g.add((node, SKOS.exactMatch, WD[r["wikidata"]]))


@functools.cache
def _reference(base_uri: str) -> Graph:
    g = _bind(Graph())
    _councils(g)
    _inspectorates(g)
    _parties(g)
    _organisations(g)
    return materialise(g)


def reference_graph() -> Graph:
    """Councils and their areas, inspectorates, parties, other bodies (a private copy)."""
    return copy.deepcopy(_reference(base()))


def reference_graphs() -> dict[str, Graph]:
    """{named graph URI: graph} for `graph/ontology` and `graph/reference`, ready for replace_graphs."""
    return {named_graph("ontology"): ontology_graph(), named_graph("reference"): reference_graph()}


# ---------------------------------------------------------------- JSON-LD context
def jsonld_context() -> dict:
    """The JSON-LD context for the configured base: ontology/context.jsonld with its `ckg` prefix
    (and `id`) rebound to {base}def/ and {base}id/."""
    try:
        template = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"{CONTEXT_FILE} cannot be read: {e}") from e
    ctx = template["@context"]
    ctx["ckg"] = vocab_ns()
    ctx["id"] = base() + "id/"
    ctx["@base"] = base()
    return template


__all__ = ["reference_graphs", "ontology_graph", "reference_graph", "materialise", "hierarchy",
           "jsonld_context", "role_concept", "inspection_kind", "finding_type", "party_key", "council_key",
           "dataset"]
