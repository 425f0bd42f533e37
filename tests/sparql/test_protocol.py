"""The W3C SPARQL 1.1 Protocol query tests that apply to a read-only endpoint, one test each, named
after the W3C test (https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/), run against
the sample corpus' document graphs instead of the W3C data files."""
from __future__ import annotations

import httpx
import pytest

from tests.sparql.conftest import SAMPLE_DOCUMENTS

pytestmark = pytest.mark.slow

COUNT_DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
NAMED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def endpoint(server) -> str:  # noqa: ANN001
    return server.url + "sparql"


def docs(server, truth) -> list[str]:  # noqa: ANN001
    graphs = truth.graphs(server.url + "graph/document/")
    assert len(graphs) == len(SAMPLE_DOCUMENTS)
    return graphs


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def column(response: httpx.Response, var: str) -> list[str]:
    assert response.status_code == 200, response.text
    return [b[var]["value"] for b in response.json()["results"]["bindings"]]


def test_w3c_query_get(live_server, truth) -> None:  # noqa: ANN001
    r = httpx.get(endpoint(live_server), params={"query": NAMED})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert column(r, "g") == truth.graphs()


def test_w3c_query_post_form(live_server, truth) -> None:  # noqa: ANN001
    r = httpx.post(endpoint(live_server), data={"query": NAMED})
    assert column(r, "g") == truth.graphs()


def test_w3c_query_post_direct(live_server, truth) -> None:  # noqa: ANN001
    r = httpx.post(endpoint(live_server), content=NAMED.encode(),
                   headers={"Content-Type": "application/sparql-query"})
    assert column(r, "g") == truth.graphs()


def test_w3c_query_dataset_default_graph(live_server, truth) -> None:  # noqa: ANN001
    g = docs(live_server, truth)[0]
    r = httpx.get(endpoint(live_server), params={"query": COUNT_DISTINCT, "default-graph-uri": g})
    assert count(r) == len(truth.triples(g))


def test_w3c_query_dataset_default_graphs_get(live_server, truth) -> None:  # noqa: ANN001
    g1, g2 = docs(live_server, truth)[:2]
    r = httpx.get(endpoint(live_server), params=[("query", COUNT_DISTINCT), ("default-graph-uri", g1),
                                                 ("default-graph-uri", g2)])
    assert count(r) == len(truth.triples(g1) | truth.triples(g2))


def test_w3c_query_dataset_default_graphs_post(live_server, truth) -> None:  # noqa: ANN001
    g1, g2 = docs(live_server, truth)[1:3]
    r = httpx.post(endpoint(live_server), data={"query": COUNT_DISTINCT, "default-graph-uri": [g1, g2]})
    assert count(r) == len(truth.triples(g1) | truth.triples(g2))


def test_w3c_query_dataset_named_graphs_get(live_server, truth) -> None:  # noqa: ANN001
    g1, g2 = docs(live_server, truth)[2:4]
    r = httpx.get(endpoint(live_server), params=[("query", NAMED), ("named-graph-uri", g1),
                                                 ("named-graph-uri", g2)])
    assert column(r, "g") == sorted([g1, g2])
    # only named graphs given: the default graph is empty
    r = httpx.get(endpoint(live_server), params=[("query", COUNT_DISTINCT), ("named-graph-uri", g1)])
    assert count(r) == 0


def test_w3c_query_dataset_named_graphs_post(live_server, truth) -> None:  # noqa: ANN001
    g1, g2 = docs(live_server, truth)[3:5]
    r = httpx.post(endpoint(live_server), data={"query": NAMED, "named-graph-uri": [g1, g2]})
    assert column(r, "g") == sorted([g1, g2])


def test_w3c_query_dataset_full(live_server, truth) -> None:  # noqa: ANN001
    g1, g2, g3 = docs(live_server, truth)[:3]
    query = ("SELECT ?kind (COUNT(*) AS ?n) WHERE { { { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } "
             "BIND(\"d\" AS ?kind) } UNION { { SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } } "
             "BIND(\"n\" AS ?kind) } } GROUP BY ?kind")
    r = httpx.get(endpoint(live_server), params=[("query", query), ("default-graph-uri", g1),
                                                 ("named-graph-uri", g2), ("named-graph-uri", g3)])
    assert r.status_code == 200, r.text
    rows = {b["kind"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    assert rows == {"d": len(truth.triples(g1)), "n": 2}


def test_w3c_query_multiple_dataset(live_server, truth) -> None:  # noqa: ANN001
    """A dataset in the protocol request overrides the query's FROM."""
    g1, g2 = docs(live_server, truth)[:2]
    query = f"SELECT (COUNT(*) AS ?n) FROM <{g2}> WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o }} }}"
    assert count(httpx.get(endpoint(live_server), params={"query": query, "default-graph-uri": g1})) \
        == len(truth.triples(g1))
    # without a protocol dataset the query's FROM decides
    assert count(httpx.get(endpoint(live_server), params={"query": query})) == len(truth.triples(g2))


@pytest.mark.parametrize("name, query, accept, expected", [
    ("select", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
     "application/sparql-results+xml, application/sparql-results+json, text/csv;q=0.5",
     {"application/sparql-results+xml", "application/sparql-results+json"}),
    ("ask", "ASK { ?s ?p ?o }", "application/sparql-results+json, application/sparql-results+xml",
     {"application/sparql-results+xml", "application/sparql-results+json"}),
    ("describe", "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 1",
     "application/rdf+xml, text/turtle, application/n-triples", {"application/rdf+xml", "text/turtle",
                                                                 "application/n-triples"}),
    ("construct", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
     "application/rdf+xml, text/turtle", {"application/rdf+xml", "text/turtle"}),
])
def test_w3c_query_content_type(live_server, name, query, accept, expected) -> None:  # noqa: ANN001
    """query_content_type_select / _ask / _describe / _construct."""
    r = httpx.post(endpoint(live_server), data={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] in expected


def test_w3c_bad_query_method(live_server) -> None:  # noqa: ANN001
    r = httpx.put(endpoint(live_server), data={"query": "ASK {}"})
    assert r.status_code == 405
    assert r.headers["content-type"] == "application/problem+json"


def test_w3c_bad_multiple_queries(live_server) -> None:  # noqa: ANN001
    r = httpx.get(endpoint(live_server), params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400
    assert "one `query`" in r.json()["detail"]


def test_w3c_bad_query_wrong_media_type(live_server) -> None:  # noqa: ANN001
    r = httpx.post(endpoint(live_server), content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert "application/sparql-query" in r.json()["detail"]


def test_w3c_bad_query_missing_form_type(live_server) -> None:  # noqa: ANN001
    r = httpx.post(endpoint(live_server), content=b"query=ASK%20%7B%7D")
    assert r.status_code == 415
    assert "no Content-Type" in r.json()["detail"]


def test_w3c_bad_query_missing_direct_type(live_server) -> None:  # noqa: ANN001
    r = httpx.post(endpoint(live_server), content=b"ASK {}")
    assert r.status_code == 415


def test_w3c_bad_query_non_utf8(live_server) -> None:  # noqa: ANN001
    r = httpx.post(endpoint(live_server), content="ASK { ?s ?p \"ü\" }".encode("utf-16"),
                   headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415
    assert "UTF-8" in r.json()["detail"]
    # undeclared but not UTF-8
    r = httpx.post(endpoint(live_server), content="ASK { ?s ?p \"ü\" }".encode("utf-16"),
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert "UTF-8" in r.json()["detail"]


def test_w3c_bad_query_syntax(live_server) -> None:  # noqa: ANN001
    r = httpx.get(endpoint(live_server), params={"query": "ASK {\n  ?s ?p \n"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "malformed SPARQL query: error at 3:" in r.json()["detail"]


def test_w3c_bad_update_get(live_server) -> None:  # noqa: ANN001
    r = httpx.get(endpoint(live_server), params={"update": "CLEAR ALL"})
    assert r.status_code == 400
    assert "POST /update" in r.json()["detail"]
