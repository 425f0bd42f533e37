"""SPARQL 1.1 Update (both protocol forms) and the Graph Store Protocol on a real server, and the
planner that bounds an update to the graphs it names."""
from __future__ import annotations

import httpx
import pytest

from graph.errors import InputError
from graph.validated_writes import MAX_GRAPHS, UpdateRefused, plan_update
from tests.writes.conftest import ALICE, DOCS, Writer

G = "http://example.org/graph/"
SPARQL_UPDATE = {"Content-Type": "application/sparql-update", **ALICE}


# ---------------------------------------------------------------- planner (no server)
@pytest.mark.parametrize(("update", "writes", "reads"), [
    (f"INSERT DATA {{ GRAPH <{G}a> {{ <x:s> <x:p> 1 }} }}", {f"{G}a"}, set()),
    (f"DELETE DATA {{ GRAPH <{G}a> {{ <x:s> <x:p> -1.5 }} }} ; INSERT DATA {{ GRAPH <{G}b> {{ <x:s> <x:p> 2 }} }}",
     {f"{G}a", f"{G}b"}, set()),
    (f"WITH <{G}a> DELETE {{ ?s ?p ?o }} INSERT {{ GRAPH <{G}b> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o "
     f"OPTIONAL {{ GRAPH <{G}c> {{ ?s ?q ?r }} }} }}", {f"{G}a", f"{G}b"}, {f"{G}a", f"{G}c"}),
    (f"INSERT {{ GRAPH <{G}a> {{ ?s ?p ?o }} }} USING NAMED <{G}b> USING NAMED <{G}c> "
     f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {f"{G}a"}, {f"{G}b", f"{G}c"}),
    (f"DELETE WHERE {{ GRAPH <{G}a> {{ ?s <x:p> ?o }} }}", {f"{G}a"}, set()),
    (f"MOVE <{G}a> TO <{G}b> ; COPY <{G}c> TO <{G}d> ; DROP SILENT GRAPH <{G}e> ; CREATE GRAPH <{G}f>",
     {f"{G}a", f"{G}b", f"{G}d", f"{G}e", f"{G}f"}, {f"{G}a", f"{G}c"}),
])
def test_plan_names_the_graphs(update: str, writes: set[str], reads: set[str]) -> None:
    plan = plan_update(update)
    assert plan.writes == writes and plan.reads == reads


@pytest.mark.parametrize(("update", "words"), [
    ("DELETE WHERE { GRAPH ?g { ?s <x:p> ?o } }", "GRAPH ?g"),
    (f"INSERT {{ GRAPH ?g {{ ?s <x:p> 1 }} }} WHERE {{ GRAPH <{G}a> {{ ?s ?p ?o }} }}", "GRAPH ?g"),
    (f"INSERT {{ GRAPH <{G}a> {{ ?s <x:p> 1 }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "every graph"),
    ("INSERT DATA { <x:s> <x:p> 1 }", "default graph"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "default graph"),
    ("CLEAR ALL", "ALL"), ("DROP NAMED", "NAMED"), ("CLEAR DEFAULT", "default graph"),
    (f"COPY DEFAULT TO <{G}a>", "default graph"),
    (f"LOAD <http://example.org/data.ttl> INTO GRAPH <{G}a>", "LOAD"),
    (f"INSERT {{ GRAPH <{G}a> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <http://example.org/sparql> {{ ?s ?p ?o }} }}",
     "SERVICE"),
    (" ; ".join(f"DROP SILENT GRAPH <{G}{i}>" for i in range(MAX_GRAPHS + 1)), "split it"),
])
def test_plan_refuses_unbounded_updates(update: str, words: str) -> None:
    with pytest.raises(UpdateRefused) as e:
        plan_update(update)
    assert words in str(e.value)


def test_plan_refuses_malformed_updates() -> None:
    for bad in ("INSERT DATA { GRAPH <x:g> { <x:s> <x:p> }", "SELECT * WHERE { ?s ?p ?o }", "", "DROP GRAPH"):
        with pytest.raises(InputError) as e:
            plan_update(bad)
        assert "SPARQL" in str(e.value) or "no operation" in str(e.value)


# ---------------------------------------------------------------- on a server
@pytest.mark.slow
def test_update_both_forms_and_validation_before_commit(writer: Writer) -> None:
    doc = httpx.post(writer.url + "documents", headers={"Content-Type": "text/plain", **ALICE}, timeout=60,
                     content=(DOCS / "119_lancashire_ofsted.txt").read_bytes()).json()
    graph = doc["graph"]

    def amounts() -> list[str]:
        nt = httpx.get(writer.url + "rdf-graphs/service", params={"graph": graph}, timeout=30,
                       headers={"Accept": "application/n-triples"}).text
        return sorted(line.split(" ", 2)[2] for line in nt.splitlines() if "<https://schema.org/value>" in line)

    before = amounts()
    assert before, "the Lancashire document states funding"
    def change(value: str) -> str:
        return ("PREFIX schema: <https://schema.org/> "
                f"DELETE {{ GRAPH <{graph}> {{ ?a schema:value ?v }} }} "
                f"INSERT {{ GRAPH <{graph}> {{ ?a schema:value {value} }} }} "
                f"WHERE {{ GRAPH <{graph}> {{ ?a a schema:MonetaryAmount ; schema:value ?v }} }}")

    bad = httpx.post(writer.url + "update", headers=SPARQL_UPDATE, content=change("-1.0"), timeout=60)
    assert bad.status_code == 422 and "cannot be negative" in bad.json()["report"]
    assert amounts() == before
    ok = httpx.post(writer.url + "update", headers=ALICE, data={"update": change("12.5")}, timeout=60)
    assert ok.status_code == 200, ok.text
    assert list(ok.json()["graphs"]) == [graph] and ok.json()["created"] == []
    assert amounts() == ['"12.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .'] * len(before)


@pytest.mark.slow
def test_graph_store_protocol(writer: Writer) -> None:
    gsp = writer.url + "rdf-graphs/service"
    g = {"graph": f"{G}notes"}
    ttl = {"Content-Type": "text/turtle", **ALICE}
    assert httpx.get(gsp, params=g, timeout=30).status_code == 404
    r = httpx.put(gsp, params=g, headers=ttl, content=b"<x:a> <x:b> \"one\" .", timeout=30)
    assert r.status_code == 201
    r = httpx.put(gsp, params=g, headers=ttl, content=b"<x:a> <x:b> \"two\" .", timeout=30)
    assert r.status_code == 204
    r = httpx.post(gsp, params=g, headers={"Content-Type": "application/n-triples", **ALICE}, timeout=30,
                   content=b"<x:a> <x:c> \"three\" .\n")
    assert r.status_code == 204
    nt = httpx.get(gsp, params=g, headers={"Accept": "application/n-triples"}, timeout=30).text
    assert sorted(nt.split("\n")) == sorted(['<x:a> <x:b> "two" .', '<x:a> <x:c> "three" .', ""])
    head = httpx.head(gsp, params=g, timeout=30)
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/turtle")
    jsonld = httpx.get(gsp, params=g, headers={"Accept": "application/ld+json"}, timeout=30)
    assert jsonld.headers["content-type"].startswith("application/ld+json") and "three" in jsonld.text
    bad = httpx.post(gsp, params=g, headers=ttl, timeout=30, content=(
        b"<x:m> a <https://schema.org/MonetaryAmount> ; <https://schema.org/value> -1.0 ; "
        b"<https://schema.org/currency> \"GBP\" ."))
    assert bad.status_code == 422
    assert httpx.get(gsp, params=g, headers={"Accept": "application/n-triples"}, timeout=30).text == nt
    assert httpx.delete(gsp, params=g, headers=ALICE, timeout=30).status_code == 204
    assert httpx.delete(gsp, params=g, headers=ALICE, timeout=30).status_code == 404
    assert httpx.get(gsp, params=g, timeout=30).status_code == 404
