"""Bad input: each request gets a clear 4xx problem+json, and the whole store is unchanged
(SHA-256 of its sorted N-Quads before and after, taken with the server stopped)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.writes.conftest import ALICE, DOCS, Writer

pytestmark = pytest.mark.slow
MAX_DOC = 200_000
MAX_QUERY = 5_000


@pytest.fixture(scope="module")
def small_limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writer]:
    w = Writer(tmp_path_factory.mktemp("limits"), env={"COUNCILKG_MAX_DOCUMENT_BYTES": str(MAX_DOC),
                                                        "COUNCILKG_MAX_QUERY_BYTES": str(MAX_QUERY)})
    yield w
    w.server.stop()


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


OVER_EVERY_GRAPH = ("PREFIX schema: <https://schema.org/> DELETE { GRAPH ?g { ?a schema:value ?v } } "
                    "INSERT { GRAPH ?g { ?a schema:value -5.0 } } WHERE { GRAPH ?g { ?a schema:value ?v } }")


def _cases(url: str, graph: str) -> list[tuple[str, str, str, dict, object, int, str]]:
    """(label, method, path, headers, body, expected status, words the message must contain)."""
    text = {"Content-Type": "text/plain", **ALICE}
    js = {"Content-Type": "application/json", **ALICE}
    upd = {"Content-Type": "application/sparql-update", **ALICE}
    negative = ("PREFIX schema: <https://schema.org/> "
                f"DELETE {{ GRAPH <{graph}> {{ ?a schema:value ?v }} }} "
                f"INSERT {{ GRAPH <{graph}> {{ ?a schema:value -5.0 }} }} "
                f"WHERE {{ GRAPH <{graph}> {{ ?a a schema:MonetaryAmount ; schema:value ?v }} }}")
    return [
        ("empty body", "POST", "documents", text, b"", 400, "empty"),
        ("blank body", "POST", "documents", text, b"  \n\t ", 400, "empty"),
        ("binary", "POST", "documents", text, bytes(range(256)) * 4, 400, "UTF-8"),
        ("latin-1 text", "POST", "documents", text, "Cyngor Sir Ynys Môn café".encode("latin-1"), 400, "UTF-8"),
        ("NUL bytes", "POST", "documents", text, b"abc\x00def ghi", 400, "binary"),
        ("over the size limit", "POST", "documents", text,
         _doc("101_ceredigion_ciw.txt").encode() * (MAX_DOC // 1000), 413, "limit"),
        ("malformed JSON", "POST", "documents", js, b'{"text": "abc', 400, "not valid JSON"),
        ("JSON without text", "POST", "documents", js, json.dumps({"headline": "x"}).encode(), 400, '"text"'),
        ("JSON unknown key", "POST", "documents", js,
         json.dumps({"text": _doc("106_wrexham_conference.txt"), "colour": "red"}).encode(), 400, "colour"),
        ("published not a date", "POST", "documents", js,
         json.dumps({"text": _doc("106_wrexham_conference.txt"), "published": "last Tuesday"}).encode(), 400,
         "ISO date"),
        ("metadata not a string", "POST", "documents", js,
         json.dumps({"text": _doc("106_wrexham_conference.txt"), "author": 42}).encode(), 400, "author"),
        ("url not a URL", "POST", "documents", js,
         json.dumps({"text": _doc("106_wrexham_conference.txt"), "url": "javascript:alert(1)"}).encode(), 400,
         "http(s) URL"),
        ("unknown content type", "POST", "documents", {"Content-Type": "application/pdf", **ALICE}, b"%PDF-1.4",
         415, "text/plain"),
        ("no content type", "POST", "documents", ALICE, b"hello there", 415, "Content-Type"),
        ("charset not UTF-8", "POST", "documents", {"Content-Type": "text/plain; charset=iso-8859-1", **ALICE},
         b"hello", 415, "UTF-8"),
        ("SHACL violation: negative amount", "POST", "update", upd, negative.encode(), 422,
         "an amount of money cannot be negative"),
        ("malformed SPARQL update", "POST", "update", upd, b"INSERT DATA { GRAPH <x:g> { <x:a> <x:b> ", 400,
         "malformed"),
        ("update over every graph", "POST", "update", upd, OVER_EVERY_GRAPH.encode(), 400, "GRAPH ?g"),
        ("update of the default graph", "POST", "update", upd, b"INSERT DATA { <x:a> <x:b> <x:c> }", 400,
         "default graph"),
        ("update over the query limit", "POST", "update", upd,
         ("INSERT DATA { GRAPH <x:g> { " + "<x:a> <x:b> <x:c> . " * 400 + "} }").encode(), 413, "limit"),
        ("update form without update", "POST", "update",
         {"Content-Type": "application/x-www-form-urlencoded", **ALICE}, b"query=ASK%7B%7D", 400, "'update'"),
        ("update wrong type", "POST", "update", {"Content-Type": "text/plain", **ALICE}, b"CLEAR ALL", 415,
         "application/sparql-update"),
        ("LOAD", "POST", "update", upd, b"LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <x:g>", 400, "LOAD"),
        ("graph store: bad Turtle", "PUT", "rdf-graphs/service?graph=x:g",
         {"Content-Type": "text/turtle", **ALICE}, b"<x:a> <x:b> .", 400, "does not parse"),
        ("graph store: SHACL violation", "PUT", "rdf-graphs/service?graph=x:g",
         {"Content-Type": "text/turtle", **ALICE},
         b"<x:m> a <https://schema.org/MonetaryAmount> ; <https://schema.org/value> -3.0 ; "
         b"<https://schema.org/currency> \"GBP\" .", 422, "negative"),
        ("graph store: default graph", "PUT", "rdf-graphs/service?default",
         {"Content-Type": "text/turtle", **ALICE}, b"<x:a> <x:b> <x:c> .", 400, "read-only"),
        ("graph store: not an IRI", "PUT", "rdf-graphs/service?graph=not%20an%20iri",
         {"Content-Type": "text/turtle", **ALICE}, b"<x:a> <x:b> <x:c> .", 400, "IRI"),
        ("graph store: store's own graph", "DELETE", f"rdf-graphs/service?graph={url}graph/meta", ALICE, None,
         400, "kept by the store"),
        ("delete unknown document", "DELETE", "documents/0000000000000000", ALICE, None, 404, "no document"),
        ("bad document id", "DELETE", "documents/..%2Fmeta", ALICE, None, 404, ""),
    ]


def test_every_bad_input_is_a_clear_4xx_and_the_store_is_unchanged(small_limits: Writer) -> None:
    url = small_limits.url
    graph = httpx.post(url + "documents", headers={"Content-Type": "text/plain", **ALICE}, timeout=60,
                       content=(DOCS / "110_sandwell_cqc.txt").read_bytes()).json()["graph"]
    before = small_limits.digest()
    failures = []
    for label, method, path, headers, body, status, words in _cases(url, graph):
        r = httpx.request(method, url + path, headers=headers, content=body, timeout=60)
        ok = r.status_code == status
        if r.status_code != 404 or words:
            ok = ok and r.headers.get("content-type", "").startswith("application/problem+json") \
                and words in r.json()["detail"] + r.json().get("report", "") and len(r.json()["detail"]) > 20
        if not ok:
            failures.append(f"{label}: {r.status_code} {r.text[:300]}")
    assert not failures, "\n".join(failures)
    assert small_limits.digest() == before


def test_long_sparql_query_string_is_refused(small_limits: Writer) -> None:
    """A GET query over COUNCILKG_MAX_QUERY_BYTES is a 4xx (the SPARQL endpoint applies the limit)."""
    query = "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"" + "x" * (MAX_QUERY + 10) + "\") }"
    r = httpx.get(small_limits.url + "sparql", params={"query": query}, timeout=60)
    assert 400 <= r.status_code < 500, r.status_code


def test_limits_are_the_configured_ones(small_limits: Writer, tmp_path: Path) -> None:
    """Just under the document limit is accepted; the 413 above is about size, not content."""
    text = (DOCS / "112_swansea_html.html").read_text(encoding="utf-8")
    assert len(text.encode()) < MAX_DOC
    r = httpx.post(small_limits.url + "documents", params={"name": "swansea.html"}, timeout=60,
                   headers={"Content-Type": "text/html", **ALICE}, content=text.encode())
    assert r.status_code == 201, r.text
