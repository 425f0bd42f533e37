"""Ontology terms resolve at their IRIs: /def/ (the whole ontology) and /def/{Term}."""
from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from tests.conftest import LiveServer
from tests.linked_data.conftest import Oracle
from tests.linked_data.test_dereference import FORMATS


def ontology_triples(oracle: Oracle) -> set[tuple]:
    rows = oracle.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{oracle.base}graph/ontology> {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], r["o"]) for r in rows}


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_the_whole_ontology_by_accept_and_by_file_name(live_server: LiveServer, oracle: Oracle, suffix: str) -> None:
    media_type, parser = FORMATS[suffix]
    expected = ontology_triples(oracle)
    assert (URIRef(live_server.url + "def/"), RDF.type, OWL.Ontology) in expected
    by_accept = httpx.get(live_server.url + "def/", headers={"Accept": media_type})
    assert by_accept.status_code == 200
    assert by_accept.headers["content-type"].split(";")[0] == media_type
    assert by_accept.headers["content-location"] == f"{live_server.url}def/councilkg.{suffix}"
    by_name = httpx.get(f"{live_server.url}def/councilkg.{suffix}")
    for response in (by_accept, by_name):
        assert set(Graph().parse(data=response.content, format=parser)) == expected


def test_a_class_term_resolves_with_200_and_its_ontology_triples(live_server: LiveServer, oracle: Oracle) -> None:
    classes = sorted(str(s) for s, p, o in ontology_triples(oracle)
                     if p == RDF.type and o == OWL.Class and str(s).startswith(live_server.url + "def/"))
    term = classes[0]
    response = httpx.get(term, headers={"Accept": "text/turtle"})
    assert response.status_code == 200  # terms answer 200 directly (README: Linked data)
    assert response.headers["content-location"] == term + ".ttl"
    g = Graph().parse(data=response.text, format="turtle")
    assert {t for t in ontology_triples(oracle) if str(t[0]) == term} <= set(g)
    page = httpx.get(term, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


def test_every_vocabulary_iri_in_the_store_resolves(live_server: LiveServer, oracle: Oracle) -> None:
    rows = oracle.select(f"""SELECT DISTINCT ?u WHERE {{ {{ ?u ?p ?o }} UNION {{ ?s ?u ?o }} UNION {{ ?s ?p ?u }}
        FILTER(isIRI(?u) && STRSTARTS(STR(?u), "{oracle.base}def/") && STR(?u) != "{oracle.base}def/") }}""")
    terms = sorted(str(r["u"]) for r in rows)
    assert len(terms) > 50
    with httpx.Client(timeout=30) as client:
        failures = [(t, r.status_code) for t in terms
                    if (r := client.get(t, headers={"Accept": "application/n-triples"})).status_code != 200]
    assert failures == []


def test_unknown_term_is_404(live_server: LiveServer) -> None:
    response = httpx.get(live_server.url + "def/NoSuchTermAnywhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
