"""The DCAT catalogue record a data portal harvests (/catalog.ttl): what the dataset is, who publishes
it under which licence, what time and places it covers, and where to get it (the gzip dumps, the
SPARQL endpoint as a dcat:DataService, the CSV exports per class), plus one dcat:Dataset per
external dataset loaded next to it.

It describes the same dataset node as the VoID description ({base}.well-known/void#dataset, with
rdfs:seeAlso to it), so a harvester that reads both merges them instead of seeing two datasets.
Temporal coverage is the span of the documents' publication dates; spatial coverage is the ONS
statistical-geography URI of every council area the documents mention. Both come from the store.
"""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from graph.uris import base
from graph.vocab import PREFIXES
from service.executor import QueryExecutor
from service.void import DATA_LICENSE, DUMPS, IANA, RIGHTS, VOID_PATH, dump_url

EXPORTS = {
    "councils": "Councils with their areas' ONS GSS codes and Wikidata items",
    "people": "People named in the documents, with their posts, party and ward",
    "inspections": "Inspections, visits and conferences by inspectorates, with kind, date and outcome",
    "funding": "Funding events: amount, currency, recipient, council, date",
}
"""CSV export name -> title; each is the named query queries/export_<name>.rq at /exports/<name>.csv."""

_TEMPORAL = """PREFIX ckg: <{ns}>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT (MIN(?d) AS ?start) (MAX(?d) AS ?end) WHERE {{
  ?doc ckg:published/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?v BIND(STR(?v) AS ?d) }}"""
_SPATIAL = """PREFIX ckg: <{ns}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?ons WHERE {{
  GRAPH ?g {{ ?c a ckg:Council . ?d ckg:sourceName ?name }}
  ?c dcterms:spatial/skos:exactMatch ?ons FILTER(STRSTARTS(STR(?ons), "http://statistics.data.gov.uk/"))
}} ORDER BY ?ons"""


def catalog_url() -> URIRef:
    return URIRef(f"{base()}catalog")


def dataset_node() -> URIRef:
    """The dataset's IRI, shared with the VoID description."""
    return URIRef(f"{base()}{VOID_PATH}#dataset")


def export_url(name: str) -> URIRef:
    return URIRef(f"{base()}exports/{name}.csv")


def _date(value: str) -> Literal:
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=kind)


async def catalog_graph(executor: QueryExecutor, external: list[tuple[str, int, str | None, str | None]]) -> Graph:
    """The catalogue record; `external` is (graph, triples, source, modified) per external dataset."""
    g = Graph()
    for prefix in ("dcat", "dcterms", "foaf", "rdfs", "xsd"):
        g.bind(prefix, PREFIXES[prefix])
    root, cat, ds = URIRef(base()), catalog_url(), dataset_node()
    publisher = URIRef(f"{base()}catalog#publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("The operator of this councilkg service")))
    g.add((publisher, FOAF.homepage, root))

    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("councilkg catalogue", lang="en")))
    g.add((cat, DCTERMS.description, Literal("Datasets of this councilkg service: the knowledge graph of local "
                                             "councils' public services, and the external datasets loaded "
                                             "next to it.", lang="en")))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, DCTERMS.license, DATA_LICENSE))
    g.add((cat, FOAF.homepage, root))
    g.add((cat, RDFS.seeAlso, URIRef(f"{base()}{VOID_PATH}")))
    g.add((cat, DCAT.dataset, ds))

    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("councilkg: councils, inspections and funding of public services", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Facts extracted from local-democracy news and council minutes about councils, their departments and "
        "officials, inspections by inspectorates (Care Inspectorate Wales, Ofsted, CQC) and funding events, each "
        "with the sentence it came from; councils link through their areas to ONS GSS codes and Wikidata.",
        lang="en")))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCTERMS.license, DATA_LICENSE))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    g.add((ds, DCAT.landingPage, root))
    g.add((ds, RDFS.seeAlso, URIRef(f"{base()}{VOID_PATH}")))
    for word in ("local government", "social services", "inspections", "councils", "public funding"):
        g.add((ds, DCAT.keyword, Literal(word, lang="en")))
    await _coverage(g, ds, executor)

    service = URIRef(f"{base()}{VOID_PATH}#sparql")
    g.add((cat, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(f"{base()}sparql")))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCAT.servesDataset, ds))
    for suffix, (media, name, fmt) in DUMPS.items():
        dist = URIRef(f"{base()}catalog#dump-{suffix}")
        _distribution(g, ds, dist, f"Full dump ({name}, gzip)", dump_url(suffix), media)
        g.add((dist, DCTERMS.format, URIRef(fmt)))
        g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    for name, title in EXPORTS.items():
        _distribution(g, ds, URIRef(f"{base()}catalog#csv-{name}"), f"{title} (CSV)", export_url(name), "text/csv")
    for i, (graph, triples, source, modified) in enumerate(external):
        _external(g, cat, URIRef(f"{base()}catalog#external-{i + 1}"), graph, triples, source, modified)
    return g


def _distribution(g: Graph, ds: URIRef, dist: URIRef, title: str, url: URIRef, media: str) -> None:
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(title, lang="en")))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
    g.add((dist, DCTERMS.license, DATA_LICENSE))


def _external(g: Graph, cat: URIRef, node: URIRef, graph: str, triples: int, source: str | None,
              modified: str | None) -> None:
    """An external dataset: its own dcat:Dataset, reachable through the SPARQL endpoint by graph name."""
    g.add((cat, DCAT.dataset, node))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(graph)))
    g.add((node, DCTERMS.title, Literal(f"External dataset {source or graph}", lang="en")))
    g.add((node, DCTERMS.description, Literal(
        f"Loaded into the named graph <{graph}> ({triples} triples); query it at {base()}sparql with "
        f"GRAPH <{graph}>. Its licence is its publisher's.", lang="en")))
    if source:
        g.add((node, DCTERMS.source, Literal(source)))
    if modified:
        g.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))


async def _coverage(g: Graph, ds: URIRef, executor: QueryExecutor) -> None:
    ns = PREFIXES["ckg"]
    rows = (await executor.run(_TEMPORAL.format(ns=ns))).rows  # type: ignore[union-attr]
    if rows and "start" in rows[0]:
        period = URIRef(f"{base()}catalog#temporal")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, _date(str(rows[0]["start"]))))
        g.add((period, DCAT.endDate, _date(str(rows[0]["end"]))))
    for row in (await executor.run(_SPATIAL.format(ns=ns))).rows:  # type: ignore[union-attr]
        g.add((ds, DCTERMS.spatial, row["ons"]))
