"""Namespaces used in the graph: the standard vocabularies we reuse, and our own terms (CKG).

Our vocabulary lives under the configured base ({base}def/) so that its terms resolve on the
running service; `ontology/councilkg.ttl` writes them as relative IRIs against that base.
"""
from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

from graph.uris import vocab_ns

CKG = Namespace(vocab_ns())
ORG = Namespace("http://www.w3.org/ns/org#")
SDO = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
QB = Namespace("http://purl.org/linked-data/cube#")
WD = Namespace("http://www.wikidata.org/entity/")
ONS = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")

PREFIXES: dict[str, str] = {
    "ckg": str(CKG), "org": str(ORG), "schema": str(SDO), "oa": str(OA), "prov": str(PROV),
    "dcterms": str(DCTERMS), "foaf": str(FOAF), "skos": str(SKOS), "time": str(TIME),
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "sh": str(SH),
    "void": str(VOID), "dcat": str(DCAT), "sd": str(SD), "qb": str(QB), "wd": str(WD), "ons": str(ONS),
}

__all__ = ["CKG", "ORG", "SDO", "OA", "SH", "SD", "QB", "WD", "ONS", "PROV", "DCTERMS", "FOAF", "SKOS",
           "TIME", "RDF", "RDFS", "OWL", "XSD", "VOID", "DCAT", "PREFIXES"]
