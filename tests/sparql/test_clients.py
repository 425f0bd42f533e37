"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against a real server, in every format;
expected values come from the documents and from the store read directly."""
from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, XML, SPARQLWrapper

from tests.sparql.conftest import SAMPLE_DOCUMENTS, document_graph_query

pytestmark = pytest.mark.slow


def wrapper(server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:  # noqa: ANN001
    sw = SPARQLWrapper(server.url + "sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


def graph_of(server, truth, key_index: int = 0) -> str:  # noqa: ANN001
    return truth.graphs(server.url + "graph/document/")[key_index]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json_counts_the_document_graphs(live_server, method) -> None:  # noqa: ANN001
    result = wrapper(live_server, document_graph_query(live_server.url), JSON, method).query().convert()
    assert result["head"]["vars"] == ["n"]
    assert int(result["results"]["bindings"][0]["n"]["value"]) == len(SAMPLE_DOCUMENTS) == 5


def test_sparqlwrapper_select_xml(live_server) -> None:  # noqa: ANN001
    doc = wrapper(live_server, document_graph_query(live_server.url), XML).query().convert()
    values = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert values == [str(len(SAMPLE_DOCUMENTS))]


def test_sparqlwrapper_select_csv_lists_every_document_graph(live_server, truth) -> None:  # noqa: ANN001
    query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
             f"FILTER(STRSTARTS(STR(?g), \"{live_server.url}graph/document/\")) }} ORDER BY ?g")
    text = wrapper(live_server, query, CSV).query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["g"]
    assert [r[0] for r in rows[1:]] == truth.graphs(live_server.url + "graph/document/")


def test_sparqlwrapper_select_tsv_has_the_triples_of_one_graph(live_server, truth) -> None:  # noqa: ANN001
    graph = graph_of(live_server, truth)
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    text = wrapper(live_server, query, TSV).query().convert().decode("utf-8")
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "?s\t?p\t?o"
    assert {tuple(line.split("\t")) for line in lines[1:]} == truth.triples_nt(graph)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(live_server, truth, fmt) -> None:  # noqa: ANN001
    graph = graph_of(live_server, truth)
    yes = wrapper(live_server, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", fmt).query().convert()
    no = wrapper(live_server, f"ASK {{ GRAPH <{graph}-missing> {{ ?s ?p ?o }} }}", fmt).query().convert()
    if fmt == JSON:
        assert (yes["boolean"], no["boolean"]) == (True, False)
    else:
        assert [d.getElementsByTagName("boolean")[0].firstChild.data for d in (yes, no)] == ["true", "false"]


@pytest.mark.parametrize("fmt", [TURTLE, XML, JSONLD, N3])
def test_sparqlwrapper_construct_gives_the_graph(live_server, truth, fmt) -> None:  # noqa: ANN001
    graph = graph_of(live_server, truth, 1)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    result = wrapper(live_server, query, fmt).query().convert()
    if not isinstance(result, rdflib.Graph):
        result = rdflib.Graph().parse(data=result, format={TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}[fmt])
    assert set(result) == truth.triples(graph)


def test_sparqlwrapper_describe(live_server, truth) -> None:  # noqa: ANN001
    graph = graph_of(live_server, truth, 2)
    subject = sorted({str(s) for s, _, _ in truth.triples(graph) if isinstance(s, rdflib.URIRef)})[0]
    g = wrapper(live_server, f"DESCRIBE <{subject}>", TURTLE).query().convert()
    if not isinstance(g, rdflib.Graph):
        g = rdflib.Graph().parse(data=g, format="turtle")
    assert len(g) > 0
    assert {str(s) for s in g.subjects()} >= {subject}


def test_rdflib_sparqlstore_select_and_construct(live_server, truth) -> None:  # noqa: ANN001
    store = SPARQLStore(live_server.url + "sparql", returnFormat="json")
    rows = list(store.query(document_graph_query(live_server.url)))
    assert int(rows[0][0]) == len(SAMPLE_DOCUMENTS)
    graph = graph_of(live_server, truth, 3)
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    g = SPARQLStore(live_server.url + "sparql").query(construct).graph  # default returnFormat: xml
    assert set(g) == truth.triples(graph)
    xml_store = SPARQLStore(live_server.url + "sparql", returnFormat="xml", method="POST_FORM")
    assert int(list(xml_store.query(document_graph_query(live_server.url)))[0][0]) == len(SAMPLE_DOCUMENTS)


def test_rdflib_graph_over_sparqlstore_counts_the_union(live_server, truth) -> None:  # noqa: ANN001
    g = rdflib.Graph(SPARQLStore(live_server.url + "sparql"))
    rows = list(g.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"))
    union = {(q.subject, q.predicate, q.object) for q in truth.store.quads_for_pattern(None, None, None, None)}
    assert int(rows[0][0]) == len(union)


def test_every_graph_format_parses_to_the_same_triples(live_server, truth) -> None:  # noqa: ANN001
    import httpx
    graph = graph_of(live_server, truth, 4)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for media, parser in [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                          ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                          ("application/n-quads", "nquads"), ("application/trig", "trig")]:
        r = httpx.get(live_server.url + "sparql", params={"query": query}, headers={"Accept": media})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        if parser in ("nquads", "trig"):
            ds = rdflib.Dataset()
            ds.parse(data=r.text, format=parser)
            got = {(s, p, o) for s, p, o, _ in ds.quads()}
        else:
            got = set(rdflib.Graph().parse(data=r.text, format=parser))
        assert got == truth.triples(graph), media


def test_every_results_format_has_the_same_rows(live_server, truth) -> None:  # noqa: ANN001
    import httpx
    graph = graph_of(live_server, truth, 0)
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    expected = truth.triples(graph)
    r = httpx.get(live_server.url + "sparql", params={"query": query, "format": "json"})
    rows = json.loads(r.text)["results"]["bindings"]
    assert len(rows) == len(expected) == int(r.headers["x-sparql-rows"])
    result = rdflib.query.Result.parse(io.BytesIO(httpx.get(live_server.url + "sparql", params={"query": query},
                                                            headers={"Accept": "application/sparql-results+xml"}
                                                            ).content), format="xml")
    assert {(s, p, o) for s, p, o in result} == expected
