"""A second engine of another family: Virtuoso (Debian's virtuoso-opensource), started here in a temp
directory. The sample corpus is built into it with `councilkg build`, its facts must equal the embedded
store's, and the store interface's behaviour (and Virtuoso's documented quirks) is checked.

Runs when COUNCILKG_TEST_VIRTUOSO=1 (`bash run.sh test` sets it); skipped otherwise, since starting Virtuoso
takes a few seconds and the build over it some more."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.errors import InputError, QueryTimeout, StoreError
from graph.store.base import SelectResult
from graph.store.remote import RemoteStore
from tests.store.conftest import remote_store
from tests.store.conftest import run_cli_patient as run_cli

pytestmark = pytest.mark.skipif(os.environ.get("COUNCILKG_TEST_VIRTUOSO") != "1",
                                reason="Virtuoso tests run with COUNCILKG_TEST_VIRTUOSO=1 (as `bash run.sh test` does)")

EX = "http://example.org/"
TEST_GRAPHS = [EX + "v/one", EX + "v/two", EX + "v/slow", EX + "v/atomic"]


@pytest.fixture(scope="module")
def url(virtuoso_url: str) -> str:
    return virtuoso_url


@pytest.fixture()
def store(url: str) -> Iterator[RemoteStore]:
    s = remote_store(url, "virtuoso")
    s.remove_graphs(TEST_GRAPHS)
    yield s
    s.remove_graphs(TEST_GRAPHS)
    s.close()


@pytest.fixture(scope="module")
def built(url: str) -> str:
    result = run_cli("build", store=url)
    assert result.returncode == 0, result.stderr
    return url


def test_build_validate_and_facts_equal_the_embedded_store(built: str, embedded_facts: dict) -> None:
    validated = run_cli("validate", store=built)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    documents = len(embedded_facts["documents"])
    assert f"{documents} of {documents} document graphs conform" in validated.stdout
    facts = run_cli("facts", store=built)
    assert facts.returncode == 0, facts.stderr
    assert json.loads(facts.stdout) == embedded_facts


def test_named_graphs_hide_virtuosos_own_graphs(built: str, store: RemoteStore) -> None:
    names = store.named_graphs()
    assert not any("openlinksw" in g or g.startswith("http://www.w3.org/ns/ldp") for g in names)
    assert sum("/graph/document/" in g for g in names) == len(json.loads(run_cli("facts", store=built).stdout)[
        "documents"])


def test_query_forms_union_default_graph_and_literal_forms(store: RemoteStore) -> None:
    store.load(f"""@prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:c ex:name "Example Council", "Cyngor Enghraifft"@cy ; ex:on "2021-03-15"^^xsd:date ;
             ex:month "2021-03"^^xsd:gYearMonth ; ex:flag true ; ex:where [ ex:town "Exampleton" ] .""",
               "text/turtle", EX + "v/one")
    store.update(f"INSERT DATA {{ GRAPH <{EX}v/two> {{ <{EX}c> <{EX}leader> <{EX}ann> }} }}")
    join = store.query(f"PREFIX ex: <{EX}> SELECT ?town ?l WHERE {{ ?c ex:where/ex:town ?town ; ex:leader ?l }}")
    assert isinstance(join, SelectResult)
    assert [(str(r["town"]), str(r["l"])) for r in join.rows] == [("Exampleton", EX + "ann")]
    row = store.query(f"PREFIX ex: <{EX}> SELECT ?on ?m ?f WHERE {{ ex:c ex:on ?on ; ex:month ?m ; ex:flag ?f }}"
                      ).rows[0]
    assert row == {"on": Literal("2021-03-15", datatype=XSD.date), "m": Literal("2021-03", datatype=XSD.gYearMonth),
                   "f": Literal("true", datatype=XSD.boolean)}  # Virtuoso's JSON says "1"; the store normalises
    names = set(store.query(f"SELECT ?n WHERE {{ <{EX}c> <{EX}name> ?n }}").column("n"))
    assert names == {Literal("Example Council"), Literal("Cyngor Enghraifft", lang="cy")}
    assert store.query(f"ASK {{ <{EX}c> <{EX}leader> ?l }}") is True
    g = store.query(f"CONSTRUCT {{ ?l <{EX}leads> ?c }} WHERE {{ ?c <{EX}leader> ?l }}")
    assert isinstance(g, Graph) and set(g) == {(URIRef(EX + "ann"), URIRef(EX + "leads"), URIRef(EX + "c"))}
    assert store.query(f"SELECT ?l WHERE {{ ?c <{EX}leader> ?l }}", default_graphs=[EX + "v/one"]).rows == []


def test_blank_nodes_through_replace_graphs_and_graph_read(store: RemoteStore) -> None:
    g = Graph()
    node = BNode()
    g.add((URIRef(EX + "c"), URIRef(EX + "where"), node))
    g.add((node, URIRef(EX + "town"), Literal("Exampleton")))
    store.replace_graphs({EX + "v/one": g})  # INSERT DATA would be refused: written as INSERT {..} WHERE {}
    assert isomorphic(store.graph(EX + "v/one"), g)


def test_version_and_a_half_applied_update(store: RemoteStore) -> None:
    """Virtuoso applies a multi-operation request one operation at a time: a failing second operation
    leaves the first applied. The store bumps the version first too, so caches still see a change."""
    store.update(f"CREATE GRAPH <{EX}v/atomic>")
    before = store.version()
    with pytest.raises(StoreError, match="explicitly created before"):
        store.update(f"INSERT DATA {{ GRAPH <{EX}v/two> {{ <{EX}x> <{EX}y> <{EX}z> }} }} ; "
                     f"CREATE GRAPH <{EX}v/atomic>")
    assert store.version() != before
    assert store.query(f"ASK {{ GRAPH <{EX}v/two> {{ <{EX}x> <{EX}y> <{EX}z> }} }}") is True  # the quirk


def test_malformed_query_and_update_are_input_errors(store: RemoteStore) -> None:
    with pytest.raises(InputError, match="malformed SPARQL query: Virtuoso 37000 Error SP030"):
        store.query("SELECT ?x WHERE { ?x ")
    before = store.version()
    with pytest.raises(InputError, match="malformed SPARQL update"):
        store.update(f"INSERT DATA {{ GRAPH <{EX}v/two> {{ <{EX}a> <{EX}b> ")
    assert store.version() == before  # a syntax error applies nothing


def test_time_limit_passes_through_to_virtuoso(store: RemoteStore, url: str) -> None:
    """Virtuoso's `timeout` parameter makes it stop and return *partial* results flagged by the
    X-SQL-State: S1TAT header; the store turns that into QueryTimeout instead of a wrong answer."""
    lines = " ".join(f"<{EX}s{i}> <{EX}p> {i} ." for i in range(300))
    store.update(f"INSERT DATA {{ GRAPH <{EX}v/slow> {{ {lines} }} }}")
    quick = remote_store(url, "virtuoso", query_timeout=1)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="remote store stopped the query at its 1 s time limit"):
        # four-way product of 300 triples (8e9 rows): minutes on any machine, so only the limit stops it
        quick.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}v/slow> "
                    "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } "
                    "FILTER(STR(?c) = STR(?i) && ?a != ?g && STR(?f) != STR(?l)) }")
    assert time.monotonic() - started < 1 + 2.25 + 3  # limit + the client's grace + a margin
    quick.close()


def test_cli_export_round_trips(built: str, tmp_path: Path) -> None:
    out = tmp_path / "dump.nq"
    assert run_cli("export", "--format", "nquads", "-o", str(out), store=built).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "openlinksw" not in text
    assert "/graph/document/" in text and "/graph/reference>" in text


def test_wrong_or_missing_credentials_are_a_clear_store_error(virtuoso_url: str) -> None:
    wrong = remote_store(virtuoso_url.replace("dba:dba@", "dba:wrong@"), "virtuoso")
    with pytest.raises(StoreError, match="refused the update"):
        wrong.update(f"INSERT DATA {{ GRAPH <{EX}v/two> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
    anonymous = remote_store(virtuoso_url.replace("dba:dba@", ""), "virtuoso")
    assert anonymous.urls.update.endswith("/sparql")  # no credentials: the public endpoint, which refuses
    with pytest.raises(StoreError, match="refused the update"):
        anonymous.update(f"INSERT DATA {{ GRAPH <{EX}v/two> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
    assert anonymous.query(f"ASK {{ <{EX}a> <{EX}b> <{EX}c> }}") is False  # reads need none
    wrong.close()
    anonymous.close()


NAMED_ON_BOTH = [("inspections", {"council": "council/powys-county-council"}, "inspection"),
                 ("meetings", {"council": "council/bridgend-county-borough-council"}, "meeting"),
                 ("council_timeline", {"council": "council/powys-county-council"}, "event"),
                 ("post_holders", {"role": "Director of Social Services", "on": "2019-01-01"}, "person"),
                 ("funding_totals", {"council": "council/powys-county-council"}, "recipient")]


@pytest.mark.parametrize(("name", "params", "column"), NAMED_ON_BOTH)
def test_named_queries_without_lateral_answer_as_on_the_embedded_store(built: str, built_store: Path, name: str,
                                                                       params: dict[str, str], column: str) -> None:
    """Virtuoso has no LATERAL: the named queries reach it written with plain OPTIONALs
    (graph.named_queries.inline_lateral) and must find what the embedded store finds."""
    import shutil
    import tempfile

    from graph.named_queries import get, run_named
    from graph.store.embedded import EmbeddedStore

    remote = remote_store(built, "virtuoso")
    assert not remote.supports_lateral
    assert "LATERAL" in get(name).text
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(built_store, Path(tmp) / "s")
        local = EmbeddedStore(Path(tmp) / "s", read_only=True)
        try:
            expected = run_named(local, name, params)
        finally:
            local.close()
    try:
        found = run_named(remote, name, params)
    finally:
        remote.close()
    assert found.variables == expected.variables
    assert expected.rows, f"{name} finds nothing on the sample corpus: the comparison would prove nothing"
    assert sorted(str(r.get(column)) for r in found.rows) == sorted(str(r.get(column)) for r in expected.rows)
