"""The native JSON writer for SELECT results (service.results.native_json) against the writer from
the terms (service.results.solutions): same bindings, and the same exact cut at the row limit,
whatever the batch size and however awkward the terms."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from service import results

XSD = "http://www.w3.org/2001/XMLSchema#"
TERMS = [
    ox.Literal('new\nline\ttab "quote" back\\slash\rreturn'), ox.Literal(""), ox.Literal("héllo ☃ 𝄞"),
    ox.Literal("Cyngor", language="cy"), ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("1.5", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("TRUE", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("2019-06", datatype=ox.NamedNode(XSD + "gYearMonth")),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt")), ox.NamedNode("http://example.org/a?b=c&d=%3C#é"),
    ox.BlankNode("b0"), ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                                  ox.Literal("o")),
]
QUERIES = [
    "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT ?s ?unbound ?o WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT * WHERE { }",
    "SELECT * WHERE { FILTER(false) }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
]


class Sink:
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, piece: bytes) -> int:
        self.data += piece
        return len(piece)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, term in enumerate(TERMS):
        s.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i:02d}"), ox.NamedNode("http://example.org/p"), term))
    return s


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("max_rows", [None, 0, 1, 5, len(TERMS) - 1, len(TERMS), len(TERMS) + 1])
@pytest.mark.parametrize("batch_bytes", [1, 60, 1 << 20])
def test_native_json_has_the_bindings_and_the_cut_of_the_term_writer(store, query, max_rows, batch_bytes) -> None:  # noqa: ANN001
    total = len(list(store.query(query)))
    expected_stats: dict = {}
    expected = json.loads(b"".join(results.solutions(store.query(query), "json", max_rows, expected_stats)))
    stats: dict = {}
    out = Sink()
    results.native_json(store.query(query), max_rows, stats, out, batch_bytes=batch_bytes)
    got = json.loads(bytes(out.data))
    assert got == expected
    cut = total if max_rows is None else min(total, max_rows)
    assert stats == expected_stats == {"rows": cut, "truncated": max_rows is not None and total > max_rows}
    assert len(got["results"]["bindings"]) == cut
