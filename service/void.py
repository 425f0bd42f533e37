"""The dataset description (VoID + DCAT) computed from the store: counts, partitions, subsets, links.

Counting rules (README "Linked data" states them too):
  - void:triples of the whole dataset counts distinct triples of the union of all named graphs (a
    triple two documents state counts once); a subset's void:triples counts its graph's triples, so
    the subsets add up to the number of quads in the dumps.
  - void:entities counts distinct subjects under void:uriSpace ({base}id/).
  - void:classPartition gives, per class, the distinct subjects typed with it; void:propertyPartition
    the distinct triples per property.
  - void:subset per kind of named graph: the source documents (with one subset per document graph),
    the ontology, the reference data, the service's meta graph, and each external dataset (any
    other named graph, e.g. loaded with `councilkg load`).
Nodes of the description are hash IRIs of the VoID document ({base}.well-known/void#...), so the
description has no blank nodes and the same store gives the same description.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from graph.pipeline import is_document_graph
from graph.store.base import SelectResult
from graph.uris import base, named_graph, short_hash
from graph.vocab import PREFIXES
from service.executor import QueryExecutor

VOID_PATH = ".well-known/void"
DUMPS = {"nq": ("application/n-quads", "N-Quads", "http://www.w3.org/ns/formats/N-Quads"),
         "trig": ("application/trig", "TriG", "http://www.w3.org/ns/formats/TriG")}
"""Dump suffix -> (media type, name, W3C format IRI); served at /dumps/councilkg.<suffix>.gz."""
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
RIGHTS = ("The extracted data, annotations, ontology and reference data are published under CC BY 4.0. "
          "The quoted source texts (schema:text, oa:exact) remain the copyright of their publishers and are "
          "included to show where each fact came from.")
IANA = "http://www.iana.org/assignments/media-types/"

_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_TOTALS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"""
_ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n)
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{space}")) }}"""
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = """SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }
GROUP BY ?p ORDER BY ?p"""


@dataclass(frozen=True)
class GraphKind:
    key: str
    title: str


DOCUMENTS = GraphKind("documents", "Source documents: one named graph per document, every fact with its sentence")
ONTOLOGY = GraphKind("ontology", "The councilkg ontology and its SKOS concept schemes")
REFERENCE = GraphKind("reference", "Reference data: councils, areas (ONS GSS codes), inspectorates, parties")
META = GraphKind("meta", "Service metadata (the store version)")
EXTERNAL = GraphKind("external", "External dataset loaded into its own named graph")


def graph_kind(name: str) -> GraphKind:
    """Which kind of named graph this is (anything the pipeline does not write is external)."""
    if is_document_graph(name):
        return DOCUMENTS
    return {named_graph("ontology"): ONTOLOGY, named_graph("reference"): REFERENCE,
            named_graph("meta"): META}.get(name, EXTERNAL)


def void_url() -> str:
    return base() + VOID_PATH


def node(fragment: str) -> URIRef:
    """A node of the description: a hash IRI of the VoID document."""
    return URIRef(f"{void_url()}#{fragment}")


def dump_url(suffix: str) -> URIRef:
    return URIRef(f"{base()}dumps/councilkg.{suffix}.gz")


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _rows(result: object) -> list[dict]:
    return result.rows if isinstance(result, SelectResult) else []


async def compute_void(executor: QueryExecutor) -> Graph:
    """The VoID + DCAT description of what the store holds now."""
    per_graph = {str(r["g"]): int(r["n"]) for r in _rows(await executor.run(_PER_GRAPH))}
    totals = _rows(await executor.run(_TOTALS))
    space = base() + "id/"
    entities = _rows(await executor.run(_ENTITIES.format(space=space)))
    classes = [(r["c"], int(r["n"])) for r in _rows(await executor.run(_CLASSES)) if isinstance(r.get("c"), URIRef)]
    properties = [(r["p"], int(r["n"])) for r in _rows(await executor.run(_PROPERTIES))]

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    ds = node("dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("councilkg", lang="en")))
    g.add((ds, RDFS.label, Literal("councilkg", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "How local councils run their public services: councils, departments, officials, inspections and "
        "funding events extracted from local-democracy news and council minutes, each fact with the "
        "sentence it came from.", lang="en")))
    g.add((ds, DCTERMS.license, DATA_LICENSE))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    g.add((ds, FOAF.homepage, URIRef(base())))
    g.add((ds, DCAT.landingPage, URIRef(base())))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base() + "sparql")))
    g.add((ds, VOID.uriSpace, Literal(space)))
    g.add((ds, VOID.uriRegexPattern, Literal(f"^{space}")))
    for keyword in ("local government", "councils", "social services", "inspections", "public funding"):
        g.add((ds, DCAT.keyword, Literal(keyword, lang="en")))
    row = totals[0] if totals else {}
    g.add((ds, VOID.triples, _int(int(row.get("triples", 0)))))
    g.add((ds, VOID.distinctSubjects, _int(int(row.get("subjects", 0)))))
    g.add((ds, VOID.distinctObjects, _int(int(row.get("objects", 0)))))
    g.add((ds, VOID.entities, _int(int(entities[0]["n"]) if entities else 0)))
    g.add((ds, VOID.classes, _int(len(classes))))
    g.add((ds, VOID.properties, _int(len(properties))))
    g.add((ds, VOID.documents, _int(sum(1 for name in per_graph if graph_kind(name) is DOCUMENTS))))

    for cls, count in classes:
        part = node(f"class-{short_hash(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, _int(count)))
    for prop, count in properties:
        part = node(f"property-{short_hash(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, _int(count)))
    used = {str(t) for t, _ in classes} | {str(t) for t, _ in properties}
    for ns in sorted(set(PREFIXES.values())):
        if any(t.startswith(ns) for t in used):
            g.add((ds, VOID.vocabulary, URIRef(ns)))

    _subsets(g, ds, per_graph)
    _distributions(g, ds)
    return g


def _subsets(g: Graph, ds: URIRef, per_graph: dict[str, int]) -> None:
    documents = node("documents")
    document_graphs = {name: n for name, n in per_graph.items() if graph_kind(name) is DOCUMENTS}
    if document_graphs:
        g.add((ds, VOID.subset, documents))
        g.add((documents, RDF.type, VOID.Dataset))
        g.add((documents, DCTERMS.title, Literal(DOCUMENTS.title, lang="en")))
        g.add((documents, VOID.triples, _int(sum(document_graphs.values()))))
        g.add((documents, VOID.documents, _int(len(document_graphs))))
    for name, count in sorted(per_graph.items()):
        kind = graph_kind(name)
        subset = URIRef(name)
        g.add((documents if kind is DOCUMENTS else ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, _int(count)))
        if kind is not DOCUMENTS:
            g.add((subset, DCTERMS.title, Literal(kind.title if kind is not EXTERNAL else f"{kind.title}: {name}",
                                                  lang="en")))


def _distributions(g: Graph, ds: URIRef) -> None:
    catalog, service = node("catalog"), node("sparql")
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("councilkg catalogue", lang="en")))
    g.add((catalog, FOAF.homepage, URIRef(base())))
    g.add((catalog, DCTERMS.license, DATA_LICENSE))
    g.add((catalog, DCAT.dataset, ds))
    g.add((catalog, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("councilkg SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(base() + "sparql")))
    g.add((service, DCAT.endpointDescription, URIRef(base() + "sparql")))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCAT.servesDataset, ds))
    access = node("distribution-sparql")
    g.add((ds, DCAT.distribution, access))
    g.add((access, RDF.type, DCAT.Distribution))
    g.add((access, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((access, DCAT.accessURL, URIRef(base() + "sparql")))
    g.add((access, DCAT.accessService, service))
    g.add((access, DCTERMS.license, DATA_LICENSE))
    for suffix, (media_type, name, format_iri) in DUMPS.items():
        url = dump_url(suffix)
        dist = node(f"dump-{suffix}")
        g.add((ds, VOID.dataDump, url))
        g.add((ds, VOID.feature, URIRef(format_iri)))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"Full dump, {name}, gzip", lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        g.add((dist, DCTERMS.format, URIRef(format_iri)))
        g.add((dist, DCTERMS.license, DATA_LICENSE))


__all__ = ["compute_void", "graph_kind", "void_url", "dump_url", "node", "DUMPS", "DATA_LICENSE", "GraphKind",
           "DOCUMENTS", "ONTOLOGY", "REFERENCE", "META", "EXTERNAL"]
