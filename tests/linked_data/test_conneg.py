"""Content negotiation rules (unit level: the rules themselves; the live tests check the headers)."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from graph.errors import NotAcceptable
from service.conneg import HTML, JSONLD, NTRIPLES, RDFXML, TURTLE, negotiate, serialize, split_suffix

RDFLIB_DEFAULT = ("application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
                  "application/n-quads, application/trix, application/trig")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize("accept,expected", [
    (None, TURTLE), ("", TURTLE), ("*/*", TURTLE),
    (RDFLIB_DEFAULT, TURTLE),  # ties go to the server's order
    (FIREFOX, HTML),
    ("application/ld+json", JSONLD), ("application/json", JSONLD),
    ("text/plain, */*;q=0.1", NTRIPLES),  # what rdflib sends for format="nt"
    ("application/rdf+xml", RDFXML),
    ("text/turtle;q=0.5, application/n-triples", NTRIPLES),
    ("text/*", TURTLE), ("application/*;q=0.9, text/html;q=0.1", JSONLD),
])
def test_negotiate(accept: str | None, expected: object) -> None:
    assert negotiate(accept) is expected


@pytest.mark.parametrize("accept", ["image/png", "application/sparql-results+json", "text/turtle;q=0"])
def test_nothing_acceptable(accept: str) -> None:
    with pytest.raises(NotAcceptable, match="text/turtle"):
        negotiate(accept)


def test_suffixes() -> None:
    assert split_suffix("council/x.ttl") == ("council/x", TURTLE)
    assert split_suffix("council/x.jsonld") == ("council/x", JSONLD)
    assert split_suffix("council/x") == ("council/x", None)
    assert split_suffix("document/abc/evidence/0.1") == ("document/abc/evidence/0.1", None)
    assert split_suffix(".ttl") == (".ttl", None)


def test_rdfxml_of_an_unwritable_predicate_is_406_not_500() -> None:
    g = Graph()
    g.add((URIRef("http://example.org/a"), URIRef("http://example.org/p/123"), Literal("x")))
    with pytest.raises(NotAcceptable, match="text/turtle"):
        serialize(g, RDFXML)
    assert b"http://example.org/p/123" in serialize(g, NTRIPLES)
