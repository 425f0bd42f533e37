"""Content negotiation (unit, then over HTTP), the endpoint's own errors, service description, CORS,
HEAD and OPTIONS."""
from __future__ import annotations

import httpx
import pytest
import rdflib

from graph.errors import InputError, NotAcceptable
from graph.vocab import SD
from service.negotiation import GRAPH_FORMATS, RESULT_FORMATS, choose, parse_accept


@pytest.mark.parametrize("accept, expected", [
    (None, "json"),
    ("", "json"),
    ("*/*", "json"),
    ("text/csv", "csv"),
    ("text/*", "csv"),
    ("text/tab-separated-values, text/csv;q=0.9", "tsv"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.5", "xml"),
    ("application/json", "json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "xml"),
    ("application/*;q=0.2, text/tab-separated-values;q=0.3", "tsv"),
])
def test_choose_results_format(accept, expected) -> None:  # noqa: ANN001
    assert choose(RESULT_FORMATS, accept).key == expected


@pytest.mark.parametrize("accept, expected", [
    (None, "turtle"),
    ("*/*", "turtle"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/rdf+xml;q=0.5, application/n-triples", "nt"),
    ("application/*", "nt"),
    ("application/n-quads;q=0.9, application/trig", "trig"),
    ("text/n3", "turtle"),
])
def test_choose_graph_format(accept, expected) -> None:  # noqa: ANN001
    assert choose(GRAPH_FORMATS, accept).key == expected


def test_format_parameter_wins_and_bad_ones_are_named() -> None:
    assert choose(RESULT_FORMATS, "text/csv", "tsv").key == "tsv"
    assert choose(GRAPH_FORMATS, None, "application/ld+json").key == "jsonld"
    assert choose(GRAPH_FORMATS, None, "json").key == "jsonld"
    assert choose(RESULT_FORMATS, None, "json").key == "json"
    with pytest.raises(NotAcceptable, match="csv"):
        choose(GRAPH_FORMATS, None, "csv")
    with pytest.raises(InputError, match="unknown format"):
        choose(RESULT_FORMATS, None, "yaml")
    with pytest.raises(NotAcceptable, match="text/csv"):
        choose(RESULT_FORMATS, "image/png")


def test_parse_accept_reads_q_values() -> None:
    assert parse_accept("a/b;q=0.3, c/d; level=1, junk, e/f;q=x") == [("a/b", 0.3), ("c/d", 1.0), ("e/f", 0.0)]


# ---------------------------------------------------------------- over HTTP
SELECT = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@pytest.mark.slow
@pytest.mark.parametrize("accept, fmt, media", [
    ("text/csv", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    (None, None, "application/sparql-results+json"),
    ("text/csv", "xml", "application/sparql-results+xml"),
    (None, "tsv", "text/tab-separated-values"),
])
def test_results_negotiated_over_http(live_server, truth, accept, fmt, media) -> None:  # noqa: ANN001
    params = {"query": SELECT, **({"format": fmt} if fmt else {})}
    r = httpx.get(live_server.url + "sparql", params=params, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    if media == "text/csv":
        assert r.text.split("\r\n")[1:-1] == truth.graphs()
    if media == "text/tab-separated-values":
        assert r.text.split("\n")[1:-1] == [f"<{g}>" for g in truth.graphs()]


@pytest.mark.slow
def test_406_lists_what_can_be_served(live_server) -> None:  # noqa: ANN001
    r = httpx.get(live_server.url + "sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.headers["content-type"] == "application/problem+json"
    for f in RESULT_FORMATS:
        assert f.media_type in r.json()["detail"]
    r = httpx.get(live_server.url + "sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                  headers={"Accept": "text/csv"})
    assert r.status_code == 406
    for f in GRAPH_FORMATS:
        assert f.media_type in r.json()["detail"]


@pytest.mark.slow
def test_errors_of_the_endpoint(live_server) -> None:  # noqa: ANN001
    url = live_server.url + "sparql"
    r = httpx.post(url, data={"default-graph-uri": "http://example.org/g"})
    assert r.status_code == 400 and "no `query`" in r.json()["detail"]
    r = httpx.get(url, params={"query": "  "})
    assert r.status_code == 400 and "empty" in r.json()["detail"]
    for update in ("INSERT DATA { <http://a> <http://b> <http://c> }",
                   "PREFIX ex: <http://example.org/#>\nDELETE WHERE { ?s ex:p ?o }"):
        r = httpx.post(url, data={"query": update})
        assert r.status_code == 400 and "POST /update" in r.json()["detail"], update
    r = httpx.post(url, content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 400 and "POST /update" in r.json()["detail"]
    limit = 100_000  # COUNCILKG_MAX_QUERY_BYTES default
    long_query = "ASK { ?s ?p ?o } #" + "x" * limit
    for response in (httpx.post(url, content=long_query.encode(), headers={"Content-Type": "application/sparql-query"}),
                     httpx.post(url, data={"query": long_query})):
        assert response.status_code == 413
        assert f"{limit:,} byte limit" in response.json()["detail"]
    r = httpx.get(url, params={"query": SELECT, "format": "yaml"})
    assert r.status_code == 400 and "unknown format" in r.json()["detail"]
    # the store is untouched by all of this
    r = httpx.get(url, params={"query": "ASK { <http://a> <http://b> <http://c> }"})
    assert r.json()["boolean"] is False


@pytest.mark.slow
def test_service_description(live_server, truth) -> None:  # noqa: ANN001
    r = httpx.get(live_server.url + "sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    service = rdflib.URIRef(live_server.url + "sparql")
    assert (service, rdflib.RDF.type, SD.Service) in g
    assert g.value(service, SD.endpoint) == service
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert {str(n) for n in g.objects(None, SD.name)} == set(truth.graphs())
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in set(g.objects(service, SD.resultFormat))
    r = httpx.get(live_server.url + "sparql", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=r.text, format="json-ld")) == len(g)


@pytest.mark.slow
def test_cors_head_and_options(live_server) -> None:  # noqa: ANN001
    url = live_server.url + "sparql"
    r = httpx.options(url, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "Content-Type" in r.headers["access-control-allow-headers"]
    get = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, headers={"Origin": "https://example.org"})
    assert get.headers["access-control-allow-origin"] == "*"
    assert "ETag" in get.headers["access-control-expose-headers"]
    head = httpx.head(url, params={"query": "ASK { ?s ?p ?o }"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == get.headers["content-type"]
    bad = httpx.get(url, params={"query": "ASK {"}, headers={"Origin": "https://example.org"})
    assert bad.status_code == 400 and bad.headers["access-control-allow-origin"] == "*"
    # the write routes get no CORS
    update = httpx.post(live_server.url + "update", content=b"CLEAR ALL",
                        headers={"Content-Type": "application/sparql-update", "Origin": "https://example.org"})
    assert update.status_code == 401
    assert "access-control-allow-origin" not in update.headers
