"""Open-government data over real HTTP: CSV exports per class, the DCAT catalogue record, clients
that know only schema.org or only ORG (+PROV), and external datasets loaded and removed through
/datasets with a writer token, listed in VoID and DCAT. Expected values come from the gold facts
and the reference data (tests/integration/gold.py)."""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import httpx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from tests.integration.gold import (
    councils,
    document_councils,
    funding_amounts,
    inspection_events,
    published_dates,
    reference_council,
)

ONS = "http://statistics.data.gov.uk/id/statistical-geography/"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "tester:0123456789abcdef"


def get_csv(url: str) -> tuple[list[str], list[dict[str, str]]]:
    r = httpx.get(url, timeout=60)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(r.text))
    return list(reader.fieldnames or []), list(reader)


def select(server_url: str, query: str) -> list[dict[str, str]]:
    r = httpx.get(server_url + "sparql", params={"query": query},
                  headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


# ---------------------------------------------------------------- CSV exports
def test_inspections_csv_has_one_row_per_gold_event(live_server) -> None:
    columns, rows = get_csv(live_server.url + "exports/inspections.csv")
    assert columns == ["inspection", "inspectorate", "council", "inspected", "kind", "date", "outcome", "documents"]
    expected = Counter(council for council, events in inspection_events().items() for _ in events)
    assert Counter(r["council"] for r in rows) == expected
    most = max(len(docs) for events in inspection_events().values() for docs in events)
    assert all(1 <= int(r["documents"]) <= most for r in rows)
    assert all(r["inspection"].startswith(live_server.url + "id/inspection/") for r in rows)


def test_councils_csv_has_every_reference_council_with_its_codes(live_server) -> None:
    columns, rows = get_csv(live_server.url + "exports/councils.csv")
    assert columns == ["council", "name", "gss_code", "ons_area", "wikidata_area", "wikidata_verified",
                       "council_type", "country", "documents"]
    assert len(rows) == len(councils())
    by_name = {r["name"]: r for r in rows}
    for ref in councils():
        row = by_name[ref["name"]]
        assert (row["gss_code"], row["ons_area"]) == (ref["gss_code"], ONS + ref["gss_code"])
        wikidata = f"http://www.wikidata.org/entity/{ref['area_wikidata']}" if ref["area_wikidata"] else ""
        assert row["wikidata_area"] == wikidata
        assert row["wikidata_verified"] == ({"yes": "true", "no": "false"}[ref["qid_verified"]] if wikidata else "")
    assert {n: int(r["documents"]) for n, r in by_name.items() if int(r["documents"])} == document_councils()


def test_funding_and_people_csv(live_server) -> None:
    columns, rows = get_csv(live_server.url + "exports/funding.csv")
    assert columns == ["funding", "amount", "currency", "recipient", "council", "date", "cumulative", "documents"]
    assert sorted((int(float(r["amount"])), r["council"]) for r in rows) == funding_amounts()
    assert {r["currency"] for r in rows} == {"GBP"}
    columns, rows = get_csv(live_server.url + "exports/people.csv")
    assert columns == ["person", "name", "roles", "party", "ward", "documents"]
    persons = select(live_server.url, "PREFIX schema: <https://schema.org/> "
                                      "SELECT DISTINCT ?p WHERE { ?p a schema:Person }")
    assert {r["person"] for r in rows} == {p["p"] for p in persons}
    from tests.integration.gold import gold
    directors = {p["name"] for d in gold()["documents"] for p in d.get("people", [])
                 for role in p.get("roles", []) if role.get("role") == "Director of Social Services"
                 and role.get("organisation") == "Powys County Council"}
    by_name = {r["name"]: r for r in rows}
    assert any(n in by_name and "Director of Social Services (Powys County Council)" in by_name[n]["roles"]
               for n in directors), directors


def test_unknown_export_is_404(live_server) -> None:
    r = httpx.get(live_server.url + "exports/nothing.csv", timeout=30)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert "GET /exports lists them" in r.json()["detail"]


# ---------------------------------------------------------------- DCAT
def test_the_catalogue_record_is_harvestable(live_server) -> None:
    r = httpx.get(live_server.url + "catalog.ttl", timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    base = live_server.url
    cat, ds = URIRef(base + "catalog"), URIRef(base + ".well-known/void#dataset")
    assert (cat, RDF.type, DCAT.Catalog) in g and (cat, DCAT.dataset, ds) in g
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert g.value(ds, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(ds, DCTERMS.publisher) is not None
    dates = published_dates()
    period = g.value(ds, DCTERMS.temporal)
    assert (g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)) == \
        (Literal(dates[0], datatype=XSD.date), Literal(dates[-1], datatype=XSD.date))
    assert set(g.objects(ds, DCTERMS.spatial)) == {URIRef(ONS + reference_council(c)["gss_code"])
                                                   for c in document_councils()}
    downloads = {str(g.value(d, DCAT.downloadURL)): str(g.value(d, DCAT.mediaType))
                 for d in g.objects(ds, DCAT.distribution)}
    for name in ("councils", "people", "inspections", "funding"):
        assert downloads[f"{base}exports/{name}.csv"].endswith("/text/csv")
        assert httpx.get(f"{base}exports/{name}.csv", timeout=60).status_code == 200
    for suffix in ("nq", "trig"):
        assert f"{base}dumps/councilkg.{suffix}.gz" in downloads
    service = g.value(cat, DCAT.service)
    assert (service, RDF.type, DCAT.DataService) in g
    endpoint = str(g.value(service, DCAT.endpointURL))
    assert httpx.get(endpoint, params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True
    jsonld = httpx.get(base + "catalog", headers={"Accept": "application/ld+json"}, timeout=60)
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g)


# ---------------------------------------------------------------- alignment
def test_a_schema_org_only_client_gets_councils_people_and_inspections(live_server) -> None:
    q = """PREFIX schema: <https://schema.org/>
    SELECT DISTINCT ?c WHERE { ?c a schema:GovernmentOrganization ; schema:areaServed/schema:name ?area }"""
    assert len(select(live_server.url, q)) == len(councils())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Open-government data"):]
    q = section[section.index("```sparql\n") + 10:]
    q = q[:q.index("```")]  # the README's schema.org-only query, as printed there
    rows = select(live_server.url, q)
    assert {r["council"]: int(r["inspections"]) for r in rows} == \
        {c: len(e) for c, e in inspection_events().items()}
    q = """PREFIX schema: <https://schema.org/>
    SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name ;
                                    schema:memberOf ?party . ?party a schema:PoliticalParty }"""
    from tests.integration.gold import gold
    with_party = {p["name"] for d in gold()["documents"] for p in d.get("people", []) if p.get("party")}
    assert {r["name"] for r in select(live_server.url, q)} == with_party


def test_an_org_only_client_gets_councils_people_and_inspections(live_server) -> None:
    q = """PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?council WHERE { ?unit org:unitOf ?c . ?c a org:FormalOrganization ; rdfs:label ?council }"""
    assert {r["council"] for r in select(live_server.url, q)} == set(document_councils())
    q = """PREFIX org: <http://www.w3.org/ns/org#>
    SELECT DISTINCT ?p WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?o .
                               ?o a org:FormalOrganization }"""
    assert select(live_server.url, q)
    q = """PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a prov:Activity ; prov:wasAssociatedWith ?o .
                                             ?o a org:FormalOrganization }"""
    assert int(select(live_server.url, q)[0]["n"]) == sum(len(e) for e in inspection_events().values())


# ---------------------------------------------------------------- /datasets
def test_datasets_over_http_with_a_writer_token(server_factory) -> None:
    server = server_factory(env={"COUNCILKG_WRITE_TOKENS": TOKEN})
    url, graph = server.url, "https://example.org/illustrative/graph/social-services-spend"
    auth = {"Authorization": "Bearer 0123456789abcdef"}
    body = (EXAMPLES / "social-services-spend-illustrative.ttl").read_bytes()
    ttl = {"Content-Type": "text/turtle"}
    assert httpx.put(url + "datasets", params={"graph": graph}, content=body, headers=ttl, timeout=60).status_code \
        == 401
    reserved = httpx.put(url + "datasets", params={"graph": url + "graph/reference"}, content=body,
                         headers={**ttl, **auth}, timeout=60)
    assert reserved.status_code == 400 and "one of the project's own graphs" in reserved.json()["detail"]
    bad = httpx.put(url + "datasets", params={"graph": graph}, content=b"<a> <b>", headers={**ttl, **auth},
                    timeout=60)
    assert bad.status_code == 400 and "does not parse" in bad.json()["detail"]
    assert httpx.get(url + "datasets", timeout=30).json() == {"datasets": []}

    created = httpx.put(url + "datasets", params={"graph": graph}, content=body, headers={**ttl, **auth}, timeout=60)
    assert created.status_code == 201, created.text
    assert created.json()["triples"] == 148
    mapping = (EXAMPLES / "social-services-spend-illustrative.mapping.yaml").read_text(encoding="utf-8")
    import yaml
    replaced = httpx.put(url + "datasets", params={"graph": graph}, headers=auth, timeout=60, json={
        "csv": (EXAMPLES / "social-services-spend-illustrative.csv").read_text(encoding="utf-8"),
        "mapping": yaml.safe_load(mapping)})
    assert replaced.status_code == 200 and replaced.json()["triples"] == 148
    [listed] = httpx.get(url + "datasets", timeout=30).json()["datasets"]
    assert (listed["graph"], listed["triples"], listed["source"]) == (graph, 148, "HTTP PUT by tester")

    void = Graph().parse(data=httpx.get(url + ".well-known/void", timeout=60).text, format="turtle")
    assert (URIRef(graph), RDF.type, VOID.Dataset) in void
    assert void.value(URIRef(graph), VOID.triples) == Literal(148)
    catalog = Graph().parse(data=httpx.get(url + "catalog.ttl", timeout=60).text, format="turtle")
    assert any(str(catalog.value(d, DCTERMS.identifier)) == graph
               for d in catalog.objects(URIRef(url + "catalog"), DCAT.dataset))
    q = """PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT DISTINCT ?c WHERE { ?obs sdmx-dimension:refArea ?ons . ?area skos:exactMatch ?ons .
                               ?c dcterms:spatial ?area }"""
    assert len(select(url, q)) == 22  # every Welsh council joins its observation

    assert httpx.delete(url + "datasets", params={"graph": graph}, timeout=30).status_code == 401
    assert httpx.delete(url + "datasets", params={"graph": graph}, headers=auth, timeout=30).status_code == 204
    assert httpx.delete(url + "datasets", params={"graph": graph}, headers=auth, timeout=30).status_code == 404
    assert httpx.get(url + "datasets", timeout=30).json() == {"datasets": []}
    assert select(url, q) == []
