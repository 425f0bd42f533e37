"""The Store interface, run on the embedded store and on a RemoteStore over a real Oxigraph server:
load, every query form, the union default graph, atomic updates, named graphs, dumps, versions, errors."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.errors import InputError, QueryTimeout, StoreError
from graph.store.base import SelectResult, Store
from graph.store.remote import RemoteStore
from tests.store.conftest import remote_store
from tests.store.servers import start_oxigraph

EX = "http://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"
TURTLE = f"""@prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:council ex:name "Example Borough Council" , "Cyngor Bwrdeistref Enghraifft"@cy ;
    ex:founded "1996-04-01"^^xsd:date ; ex:month "2021-03"^^xsd:gYearMonth ; ex:budget 12.5 ;
    ex:seats 42 ; ex:unitary true ; ex:address [ ex:town "Exampleton" ] .
"""
TRIPLES_G2 = f"<{EX}council> <{EX}leader> <{EX}person/ann> . <{EX}person/ann> <{EX}name> \"Ann Example\" ."


def triples_of(store: Store, name: str) -> set:
    return {t for t in store.graph(name) if not any(isinstance(x, BNode) for x in t)}


@pytest.fixture()
def loaded(store: Store) -> Store:
    store.load(TURTLE, "text/turtle", G1)
    store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ {TRIPLES_G2} }} }}")
    return store


def test_load_keeps_every_literal_form_and_blank_nodes(loaded: Store) -> None:
    expected = Graph().parse(data=TURTLE, format="turtle")
    assert isomorphic(loaded.graph(G1), expected)
    council = URIRef(EX + "council")
    assert set(loaded.graph(G1).objects(council, URIRef(EX + "name"))) == {
        Literal("Example Borough Council"), Literal("Cyngor Bwrdeistref Enghraifft", lang="cy")}
    assert len(loaded.graph(EX + "graph/missing")) == 0


def test_named_graphs_lists_ours_and_the_meta_graph(loaded: Store) -> None:
    names = loaded.named_graphs()
    assert [g for g in names if g.startswith(EX)] == [G1, G2]
    assert all(g.startswith(EX) or g.endswith("/graph/meta") for g in names)


def test_select_with_unbound_optional_and_typed_values(loaded: Store) -> None:
    result = loaded.query(f"""PREFIX ex: <{EX}>
        SELECT ?p ?leader WHERE {{ ex:council ?p ?o OPTIONAL {{ ex:council ex:leader ?leader FILTER(?p = ex:seats) }} }}
        ORDER BY ?p""")
    assert isinstance(result, SelectResult)
    assert result.variables == ["p", "leader"]
    with_leader = [r for r in result.rows if "leader" in r]
    assert [(str(r["p"]), str(r["leader"])) for r in with_leader] == [(EX + "seats", EX + "person/ann")]
    values = loaded.query(f"PREFIX ex: <{EX}> SELECT ?d ?m ?b ?s ?u WHERE {{ ex:council ex:founded ?d ; "
                          "ex:month ?m ; ex:budget ?b ; ex:seats ?s ; ex:unitary ?u }").rows[0]
    assert values == {"d": Literal("1996-04-01", datatype=XSD.date), "m": Literal("2021-03", datatype=XSD.gYearMonth),
                      "b": Literal("12.5", datatype=XSD.decimal), "s": Literal("42", datatype=XSD.integer),
                      "u": Literal("true", datatype=XSD.boolean)}


def test_ask_construct_and_describe(loaded: Store) -> None:
    assert loaded.query(f"ASK {{ <{EX}person/ann> ?p ?o }}") is True
    assert loaded.query(f"# a comment first\nPREFIX ex: <{EX}>\nASK {{ ex:nobody ?p ?o }}") is False
    g = loaded.query(f"PREFIX ex: <{EX}> CONSTRUCT {{ ?c ex:ledBy ?p }} WHERE {{ ?c ex:leader ?p }}")
    assert isinstance(g, Graph)
    assert set(g) == {(URIRef(EX + "council"), URIRef(EX + "ledBy"), URIRef(EX + "person/ann"))}
    d = loaded.query(f"DESCRIBE <{EX}person/ann>")
    assert isinstance(d, Graph)
    assert (URIRef(EX + "person/ann"), URIRef(EX + "name"), Literal("Ann Example")) in d


def test_default_graph_is_the_union_and_datasets_narrow_it(loaded: Store) -> None:
    join = f"PREFIX ex: <{EX}> SELECT ?town ?leader WHERE {{ ?c ex:address/ex:town ?town ; ex:leader ?leader }}"
    assert [(str(r["town"]), str(r["leader"])) for r in loaded.query(join).rows] == [
        ("Exampleton", EX + "person/ann")]
    assert loaded.query(join, default_graphs=[G1]).rows == []
    per_graph = loaded.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                             named_graphs=[G2])
    assert [(str(r["g"]), int(r["n"])) for r in per_graph.rows] == [(G2, 2)]


def test_update_is_one_transaction(loaded: Store) -> None:
    if isinstance(loaded, RemoteStore) and not loaded.engine.atomic_updates:
        pytest.skip("Virtuoso applies a request's operations one by one (README: Remote stores); "
                    "test_virtuoso.py checks what the store does about it")
    before, version = triples_of(loaded, G2), loaded.version()
    with pytest.raises((StoreError, RuntimeError)):  # the embedded store lets pyoxigraph's error through
        loaded.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX}x> <{EX}y> <{EX}z> }} }} ; CREATE GRAPH <{G1}>")
    assert triples_of(loaded, G2) == before
    assert loaded.version() == version


def test_replace_and_remove_graphs(loaded: Store) -> None:
    g = Graph()
    g.add((URIRef(EX + "council"), URIRef(EX + "name"), Literal("Renamed Council")))
    g.add((BNode(), URIRef(EX + "note"), Literal("a blank subject")))
    loaded.replace_graphs({G2: g, EX + "graph/three": Graph()})
    assert isomorphic(loaded.graph(G2), g)
    assert EX + "graph/three" not in loaded.named_graphs()
    loaded.remove_graphs([G1, EX + "graph/never-there"])
    assert [n for n in loaded.named_graphs() if n.startswith(EX)] == [G2]


@pytest.mark.parametrize("mime, fmt", [("application/n-quads", ox.RdfFormat.N_QUADS),
                                       ("application/trig", ox.RdfFormat.TRIG)])
def test_dump_round_trips_through_a_fresh_store(loaded: Store, mime: str, fmt: ox.RdfFormat) -> None:
    chunks = list(loaded.dump(mime))
    assert all(isinstance(c, bytes) for c in chunks)
    copy = ox.Store()
    copy.load(b"".join(chunks), format=fmt)
    for name in (G1, G2):
        got = Graph()
        from graph.store.terms import to_rdflib
        for q in copy.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            got.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        assert isomorphic(got, loaded.graph(name)), name


def test_version_changes_with_every_write_and_only_then(store: Store) -> None:
    seen = [store.version()]
    store.load(TURTLE, "text/turtle", G1)
    seen.append(store.version())
    assert store.version() == seen[-1]  # reading does not change it
    store.query("SELECT * WHERE { ?s ?p ?o }")
    assert store.version() == seen[-1]
    store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ {TRIPLES_G2} }} }}")
    seen.append(store.version())
    store.replace_graphs({G2: Graph()})
    seen.append(store.version())
    store.remove_graphs([G1])
    seen.append(store.version())
    assert len(set(seen)) == len(seen) == 5


def test_malformed_query_and_update_are_input_errors(loaded: Store) -> None:
    before, version = triples_of(loaded, G2), loaded.version()
    with pytest.raises(InputError, match="malformed SPARQL query"):
        loaded.query("SELECT ?x WHERE { ?x ")
    with pytest.raises(InputError, match="malformed SPARQL update"):
        loaded.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX}a> <{EX}b> ")
    with pytest.raises(InputError, match="does not parse"):
        loaded.load("<not turtle", "text/turtle", G2)
    with pytest.raises(InputError, match="unsupported RDF media type"):
        loaded.load("x", "text/csv", G2)
    assert triples_of(loaded, G2) == before and loaded.version() == version


def test_clear_empties_the_store(loaded: Store) -> None:
    loaded.clear()
    assert loaded.named_graphs() == []
    assert loaded.query(f"ASK {{ <{EX}council> ?p ?o }}") is False
    assert loaded.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{EX}')) }}") is False


# ---------------------------------------------------------------- remote only
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = STR(?i) && ?a != ?g) }"
"""27 million combinations over 300 triples: seconds of work, which Oxigraph's --timeout-s does interrupt."""


def _many(store: Store) -> None:
    lines = " ".join(f"<{EX}s{i}> <{EX}p> {i} ." for i in range(300))
    store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ {lines} }} }}")


SHORT_ENGINE_LIMIT_S = 3


@pytest.fixture(scope="module")
def short_limit_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server started with --timeout-s 3, holding 300 triples."""
    server = start_oxigraph(tmp_path_factory.mktemp("short"), timeout_s=SHORT_ENGINE_LIMIT_S)
    url = f"sparql+http://127.0.0.1:{server.port}"
    with remote_store(url) as s:
        _many(s)
    yield url
    server.stop()


def test_client_time_limit_raises_query_timeout(short_limit_url: str) -> None:
    quick = remote_store(short_limit_url, query_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"ran longer than 0.5 s \(COUNCILKG_QUERY_TIMEOUT\)"):
        quick.query(SLOW)
    assert time.monotonic() - started < 0.5 + 1.0 + 1.5  # limit + grace + a generous margin
    quick.close()


def test_engine_time_limit_passes_through_as_query_timeout(short_limit_url: str) -> None:
    """The server runs with --timeout-s 3 and the store allows 20 s: the engine's own stop arrives first."""
    patient = remote_store(short_limit_url, query_timeout=20)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="remote store stopped the query at its time limit"):
        patient.query(SLOW)
    assert SHORT_ENGINE_LIMIT_S - 0.5 < time.monotonic() - started < 20
    patient.close()


def test_an_unreachable_server_is_a_store_error() -> None:
    from tests.conftest import free_port

    dead = remote_store(f"sparql+http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach the remote store"):
        dead.query("ASK {}")
    with pytest.raises(StoreError, match="cannot reach the remote store"):
        dead.update("CLEAR DEFAULT")
