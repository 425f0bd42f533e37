"""The inline JSON-LD context of the resource API's responses.

Why inline: a client (or rdflib) can read a response as RDF without fetching anything else, and
the context stays in step with the keys of `service.models`. Keys map to the terms the graph
itself uses where there is one (ckg:council, ckg:inspector, prov:wasDerivedFrom, skos:altLabel,
...); `@vocab` is the councilkg vocabulary ({base}def/), so `type` values such as "Council" are
ckg:Council and any other key is a ckg: term. Lists are hydra:Collection pages.
"""
from __future__ import annotations

from typing import Any

from graph.uris import vocab_ns

HYDRA = "http://www.w3.org/ns/hydra/core#"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri, "@type": "@id"}


def context() -> dict[str, Any]:
    """The context for the configured base."""
    return {
        "@version": 1.1,
        "@vocab": vocab_ns(),
        "ckg": vocab_ns(),
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "prov": "http://www.w3.org/ns/prov#",
        "dcterms": "http://purl.org/dc/terms/",
        "org": "http://www.w3.org/ns/org#",
        "schema": "https://schema.org/",
        "oa": "http://www.w3.org/ns/oa#",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "hydra": HYDRA,
        "id": "@id",
        "type": "@type",
        "label": "rdfs:label",
        "key": "dcterms:identifier",
        "aliases": {"@id": "skos:altLabel", "@container": "@set"},
        "sources": {"@id": "prov:wasDerivedFrom", "@type": "@id", "@container": "@set"},
        "evidence": {"@id": "ckg:evidence", "@container": "@set"},
        "quote": "oa:exact",
        "position": "oa:start",
        "start": "ckg:startDate",
        "end": "ckg:endDate",
        "date": "dcterms:date",
        "published": "dcterms:issued",
        "source": _ref("oa:hasSource"),
        "council": _ref("ckg:council"),
        "councils": {"@id": "ckg:council", "@type": "@id", "@container": "@set"},
        "inspector": _ref("ckg:inspector"),
        "inspected": _ref("ckg:inspected"),
        "recipient": _ref("ckg:recipient"),
        "additional_to": _ref("ckg:additionalTo"),
        "result": _ref("ckg:result"),
        "body": _ref("ckg:body"),
        "party": _ref("ckg:party"),
        "ward": _ref("ckg:ward"),
        "part_of": _ref("ckg:partOf"),
        "person": _ref("org:member"),
        "post": _ref("ckg:post"),
        "organisation": _ref("org:organization"),
        "holders": {"@id": "org:heldBy", "@type": "@id", "@container": "@set"},
        "publisher": _ref("dcterms:publisher"),
        "author": _ref("dcterms:creator"),
        "area": _ref("dcterms:spatial"),
        "wikidata": _ref("skos:exactMatch"),
        "url": _ref("schema:url"),
        "honorific": "foaf:title",
        "headline": "dcterms:title",
        "source_name": "ckg:sourceName",
        "identifier": "dcterms:identifier",
        "gss_code": "ckg:gssCode",
        "council_type": "ckg:councilType",
        "body_kind": "ckg:bodyKind",
        "amount": "schema:value",
        "currency": "schema:currency",
        "qualifier": "ckg:qualifier",
        "cumulative": "ckg:cumulative",
        "title": "ckg:roleTitle",
        "business": {"@id": "dcterms:description", "@container": "@set"},
        "findings": {"@id": "ckg:finding", "@container": "@set"},
        "memberships": {"@id": "org:hasMembership", "@container": "@set"},
        "Collection": "hydra:Collection",
        "total": "hydra:totalItems",
        "items": {"@id": "hydra:member", "@container": "@set"},
        "entries": {"@id": "schema:event", "@container": "@set"},
        "departments": {"@id": "org:hasUnit", "@container": "@set"},
        "parts": {"@id": "org:hasUnit", "@container": "@set"},
        "bodies": {"@id": "org:hasSubOrganization", "@container": "@set"},
        "next": _ref("hydra:next"),
        "prev": _ref("hydra:previous"),
        "limit": "hydra:limit",
        "offset": "hydra:offset",
    }
