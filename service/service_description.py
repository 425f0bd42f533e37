"""The SPARQL 1.1 Service Description of /sparql (answered on GET without a query).

Built with rdflib from the settings and the store's named graphs, so it always states the limits
and formats actually in force."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.settings import Settings
from graph.store import Store
from graph.vocab import SD

FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG")
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml", "nquads": "nquads",
                  "trig": "trig"}


def description_graph(config: Settings, store: Store) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    g.bind("dcterms", DCTERMS)
    endpoint = URIRef(config.base_uri + "sparql")
    service = endpoint
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, URIRef(FORMATS + name)))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    g.add((service, DCTERMS.title, Literal("councilkg SPARQL endpoint", lang="en")))
    g.add((service, RDFS.comment, Literal(
        f"Read-only. Each query may run {config.query_timeout:g} s (COUNCILKG_QUERY_TIMEOUT); SELECT results "
        f"and graph results are cut at {config.max_rows} rows or triples (COUNCILKG_MAX_ROWS, header "
        f"X-SPARQL-Truncated); queries may be {config.max_query_bytes} bytes long. The default graph is the "
        "union of all named graphs. Updates go to POST /update with a write token.", lang="en")))
    dataset, default_graph = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    for name in store.named_graphs():
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
    return g


def service_description(config: Settings, store: Store, fmt: str) -> bytes:
    """The description serialized in a graph format key of service.negotiation."""
    data = description_graph(config, store).serialize(format=RDFLIB_FORMATS[fmt])
    return data.encode("utf-8") if isinstance(data, str) else data
