"""Entity URIs resolve on the real server: /id/ -> 303 -> /doc/, in every format, with incoming
links, labels and the sentence each fact came from."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from tests.conftest import PROJECT_ROOT, LiveServer
from tests.linked_data.conftest import Oracle

OA = "http://www.w3.org/ns/oa#"
FORMATS = {  # suffix: (media type, rdflib parser)
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}


def entity_uris(oracle: Oracle) -> list[str]:
    """Every IRI under {base}id/ the store mentions, as subject or object."""
    rows = oracle.select(f"""SELECT DISTINCT ?u WHERE {{
        {{ ?u ?p ?o }} UNION {{ ?s ?p ?u }} FILTER(isIRI(?u) && STRSTARTS(STR(?u), "{oracle.base}id/")) }}""")
    return sorted(str(r["u"]) for r in rows)


def a_person_with_evidence(oracle: Oracle) -> str:
    rows = oracle.select(f"""SELECT ?p (COUNT(?ann) AS ?n) WHERE {{
        ?p a <{oracle.base}def/Person> ; <{oracle.base}def/evidence> ?ann }} GROUP BY ?p ORDER BY DESC(?n) ?p""")
    return str(rows[0]["p"])


def doc_url(uri: str, base: str) -> str:
    return base + "doc/" + uri[len(base + "id/"):]


def test_rdflib_follows_the_303_and_gets_turtle_with_the_entitys_triples(live_server: LiveServer,
                                                                         oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    first = httpx.get(uri)
    assert first.status_code == 303
    assert first.headers["location"] == doc_url(uri, live_server.url)
    g = Graph()
    g.parse(uri)  # rdflib's own Accept header, follows the redirect
    expected = oracle.triples_of(subject=uri)
    assert expected and expected <= set(g)
    final = httpx.get(uri, follow_redirects=True)
    assert final.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("rdflib_format", ["turtle", "json-ld", "xml", "nt"])
def test_rdflib_parse_with_each_format_follows_the_303(oracle: Oracle, rdflib_format: str) -> None:
    """rdflib sends its own Accept per format (text/plain for nt; for json-ld it follows the Link alternate)."""
    uri = a_person_with_evidence(oracle)
    g = Graph().parse(uri, format=rdflib_format)
    assert oracle.triples_of(subject=uri) <= set(g)


def test_every_entity_uri_in_the_store_resolves(live_server: LiveServer, oracle: Oracle) -> None:
    uris = entity_uris(oracle)
    assert len(uris) > 100  # the sample corpus mints a few hundred

    def resolve(client: httpx.Client, uri: str) -> tuple[str, int] | None:
        seen = client.get(uri)
        if seen.status_code != 303 or seen.headers.get("location") != doc_url(uri, live_server.url):
            return uri, seen.status_code
        doc = client.get(seen.headers["location"], headers={"Accept": "application/n-triples"})
        if doc.status_code != 200 or f"<{uri}> " not in doc.text:  # N-Triples: the URI is in some triple
            return uri, doc.status_code
        return None

    # Three clients at once: the server answers from two query worker processes.
    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(3) as pool:
        failures = [f for f in pool.map(lambda u: resolve(client, u), uris) if f is not None]
    assert failures == []


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_accept_and_suffix_give_the_same_description_in_each_format(live_server: LiveServer, oracle: Oracle,
                                                                    suffix: str) -> None:
    uri = a_person_with_evidence(oracle)
    doc = doc_url(uri, live_server.url)
    media_type, parser = FORMATS[suffix]
    reference = Graph().parse(data=httpx.get(doc + ".ttl").text, format="turtle")
    by_accept = httpx.get(doc, headers={"Accept": media_type})
    assert by_accept.status_code == 200
    assert by_accept.headers["content-type"].split(";")[0] == media_type
    assert by_accept.headers["vary"] == "Accept"
    assert by_accept.headers["content-location"] == f"{doc}.{suffix}"
    links = by_accept.headers["link"]
    for other, (other_type, _) in FORMATS.items():
        assert f'<{doc}.{other}>; rel="alternate"; type="{other_type}"' in links
    assert f'<{doc}.html>; rel="alternate"; type="text/html"' in links
    by_suffix = httpx.get(f"{doc}.{suffix}")
    assert by_suffix.status_code == 200
    assert by_suffix.headers["content-type"].split(";")[0] == media_type
    for response in (by_accept, by_suffix):
        parsed = Graph().parse(data=response.content, format=parser, publicID=doc)
        assert set(parsed) == set(reference)
    assert oracle.triples_of(subject=uri) <= set(reference)


def test_documents_carry_an_etag_and_answer_304(live_server: LiveServer, oracle: Oracle) -> None:
    doc = doc_url(a_person_with_evidence(oracle), live_server.url)
    for url, accept in ((doc, "text/turtle"), (doc, "application/ld+json"), (doc + ".nt", "*/*"),
                        (live_server.url + "def/", "text/turtle")):
        first = httpx.get(url, headers={"Accept": accept})
        etag = first.headers["etag"]
        again = httpx.get(url, headers={"Accept": accept, "If-None-Match": etag})
        assert (first.status_code, again.status_code, again.content) == (200, 304, b"")
    turtle = httpx.get(doc, headers={"Accept": "text/turtle"}).headers["etag"]
    assert httpx.get(doc, headers={"Accept": "application/n-triples"}).headers["etag"] != turtle


def test_html_by_accept_and_by_suffix(live_server: LiveServer, oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    doc = doc_url(uri, live_server.url)
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for response in (httpx.get(uri, headers={"Accept": browser}, follow_redirects=True), httpx.get(doc + ".html")):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "<html" in response.text


def test_jsonld_uses_the_served_context(live_server: LiveServer, oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    body = httpx.get(doc_url(uri, live_server.url) + ".jsonld").json()
    context = httpx.get(live_server.url + "context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    assert body["@context"] == context.json()["@context"]
    assert context.json()["@context"]["ckg"] == live_server.url + "def/"


def test_description_holds_incoming_links_and_labels_of_linked_things(live_server: LiveServer,
                                                                      oracle: Oracle) -> None:
    rows = oracle.select(f"""SELECT ?c (COUNT(?s) AS ?n) WHERE {{ ?c a <{oracle.base}def/Council> .
        ?s <{oracle.base}def/council> ?c }} GROUP BY ?c ORDER BY DESC(?n) ?c""")
    council = str(rows[0]["c"])
    incoming = oracle.triples_of(obj=council)
    assert len(incoming) >= 5
    g = Graph().parse(data=httpx.get(doc_url(council, live_server.url) + ".nt").text, format="nt")
    assert incoming <= set(g)
    labels = {t for s, _, _ in incoming for t in oracle.triples_of(subject=str(s)) if t[1] == RDFS.label}
    assert labels and labels <= set(g)  # each thing linking in is labelled (when the store labels it)


def test_provenance_gives_the_quote_from_the_source_document(live_server: LiveServer, oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    rows = oracle.select(f"""PREFIX oa: <{OA}> SELECT ?exact ?doc ?name WHERE {{
        <{uri}> <{oracle.base}def/evidence> ?ann . ?ann oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?q .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact . ?doc <{oracle.base}def/sourceName> ?name }}""")
    assert rows
    g = Graph().parse(data=httpx.get(doc_url(uri, live_server.url) + ".ttl").text, format="turtle")
    for row in rows:
        source_text = (PROJECT_ROOT / "documents" / str(row["name"])).read_text(encoding="utf-8")
        assert str(row["exact"]) in source_text  # the quote is the document's own sentence
        assert (None, URIRef(OA + "exact"), row["exact"]) in g
        assert (None, URIRef(OA + "hasSource"), row["doc"]) in g
        for headline in oracle.triples_of(subject=str(row["doc"])):
            if headline[1] == DCTERMS.title:
                assert headline in g


def test_unknown_uris_are_404(live_server: LiveServer) -> None:
    missing = live_server.url + "id/council/no-such-council-anywhere"
    seen = httpx.get(missing)
    assert seen.status_code == 404
    assert seen.headers["content-type"] == "application/problem+json"
    assert json.loads(seen.text)["status"] == 404
    doc = httpx.get(live_server.url + "doc/council/no-such-council-anywhere", headers={"Accept": "text/turtle"})
    assert doc.status_code == 404 and doc.headers["content-type"] == "application/problem+json"
    page = httpx.get(live_server.url + "doc/council/no-such-council-anywhere.html")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    browser = httpx.get(missing, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 404 and browser.headers["content-type"].startswith("text/html")


def test_unservable_accept_is_406(live_server: LiveServer, oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    response = httpx.get(doc_url(uri, live_server.url), headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["detail"]


def test_label_of_an_outgoing_link_is_present(live_server: LiveServer, oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    g = Graph().parse(data=httpx.get(doc_url(uri, live_server.url) + ".nt").text, format="nt")
    linked = {o for _, _, o in oracle.triples_of(subject=uri) if isinstance(o, URIRef)}
    expected = {t for o in linked for t in oracle.triples_of(subject=str(o)) if t[1] == RDFS.label}
    assert expected and expected <= set(g)
    assert all(isinstance(t[2], Literal) for t in expected)


def test_head_answers_like_get_without_a_body(live_server: LiveServer, oracle: Oracle) -> None:
    uri = a_person_with_evidence(oracle)
    seen = httpx.head(uri)
    assert seen.status_code == 303 and seen.headers["location"] == doc_url(uri, live_server.url)
    doc = httpx.head(doc_url(uri, live_server.url), headers={"Accept": "application/ld+json"})
    assert doc.status_code == 200 and doc.content == b""
    assert doc.headers["content-type"] == "application/ld+json" and doc.headers["vary"] == "Accept"
    assert httpx.head(live_server.url + "id/council/no-such-council-anywhere").status_code == 404


@pytest.mark.parametrize("suffix,media_type,parser", [("trig", "application/trig", "trig"),
                                                      ("nq", "application/n-quads", "nquads")])
def test_dataset_formats_put_each_fact_in_its_documents_graph(live_server: LiveServer, oracle: Oracle,
                                                              suffix: str, media_type: str, parser: str) -> None:
    uri = a_person_with_evidence(oracle)
    doc = doc_url(uri, live_server.url)
    reference = Graph().parse(data=httpx.get(doc + ".ttl").text, format="turtle")
    for response in (httpx.get(f"{doc}.{suffix}"), httpx.get(doc, headers={"Accept": media_type})):
        assert response.status_code == 200 and response.headers["content-type"] == media_type
        dataset = Dataset()
        dataset.parse(data=response.content, format=parser)
        quads = {(s, p, o, g.identifier if isinstance(g, Graph) else g) for s, p, o, g in dataset.quads()}
        expected = {q for q in oracle.quads() if str(q[0]) == uri}
        assert expected and expected <= quads  # each fact in the named graph of the document stating it
        assert {(s, p, o) for s, p, o, _ in quads} == set(reference)
