"""How a remote store URL and the COUNCILKG_REMOTE_* settings become endpoints, credentials and engine
behaviour; how query forms are told apart; how an update is planned for engines that need GSP inserts."""
from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, URIRef

from graph.errors import ConfigError
from graph.settings import settings
from graph.store.base import graph_insert_update
from graph.store.remote import RemoteStore, plan_update, query_form
from graph.store.remote_engines import ENGINES, endpoints, engine_for


@pytest.mark.parametrize("url, engine, query, update, gsp", [
    ("sparql+http://127.0.0.1:7878", "oxigraph", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store"),
    ("sparql+http://h:8890/sparql", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql",
     "http://h:8890/sparql-graph-crud"),
    ("sparql+http://dba:secret@h:8890/sparql", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql-auth",
     "http://h:8890/sparql-graph-crud-auth"),
    ("sparql+https://h:3030/councils/", "fuseki", "https://h:3030/councils/query",
     "https://h:3030/councils/update", "https://h:3030/councils/data"),
    ("sparql+http://h:7200/repositories/ckg", "graphdb", "http://h:7200/repositories/ckg",
     "http://h:7200/repositories/ckg/statements", "http://h:7200/repositories/ckg/rdf-graphs/service"),
])
def test_endpoints_default_from_the_store_url(url: str, engine: str, query: str, update: str, gsp: str) -> None:
    guessed = engine_for("auto", httpx.URL(url[len("sparql+"):]).path)
    profile = ENGINES[engine]
    if engine != "fuseki":  # a Fuseki dataset path looks like Oxigraph's root: it is named, not guessed
        assert guessed.name == engine
    got = endpoints(url, profile)
    assert (got.query, got.update, got.gsp) == (query, update, gsp)


def test_credentials_come_from_the_url_or_the_settings() -> None:
    got = endpoints("sparql+http://ann:p%40ss@h:1/sparql", ENGINES["virtuoso"])
    assert (got.user, got.password) == ("ann", "p@ss")
    got = endpoints("sparql+http://h:1/sparql", ENGINES["virtuoso"], user="bob", password="pw")
    assert (got.user, got.password, got.update) == ("bob", "pw", "http://h:1/sparql-auth")
    assert endpoints("sparql+http://h:1", ENGINES["oxigraph"], query_url="http://q/x").query == "http://q/x"


def test_a_generic_engine_needs_every_url_and_bad_urls_say_how_to_fix_them() -> None:
    with pytest.raises(ConfigError, match="COUNCILKG_REMOTE_QUERY_URL"):
        endpoints("sparql+http://h:1/x", ENGINES["generic"])
    got = endpoints("sparql+http://h:1/x", ENGINES["generic"], query_url="http://h:1/q", update_url="http://h:1/u",
                    gsp_url="http://h:1/g")
    assert (got.query, got.update, got.gsp) == ("http://h:1/q", "http://h:1/u", "http://h:1/g")
    with pytest.raises(ConfigError, match="sparql\\+http://host:port/path"):
        endpoints("http://h:1/x", ENGINES["oxigraph"])
    with pytest.raises(ConfigError, match="unknown remote engine"):
        engine_for("blazegraph", "/")


def test_settings_reach_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCILKG_STORE", "sparql+http://127.0.0.1:9/sparql")
    monkeypatch.setenv("COUNCILKG_REMOTE_USER", "dba")
    monkeypatch.setenv("COUNCILKG_REMOTE_PASSWORD", "dba")
    monkeypatch.setenv("COUNCILKG_REMOTE_AUTH", "basic")
    monkeypatch.setenv("COUNCILKG_QUERY_TIMEOUT", "4")
    monkeypatch.setenv("COUNCILKG_REMOTE_SYSTEM_GRAPHS", "http://sys/a, http://sys/b")
    settings.cache_clear()
    try:
        from graph.store import open_store
        store = open_store()
        assert isinstance(store, RemoteStore)
        assert store.engine.name == "virtuoso" and store.engine.auth == "basic"
        assert store.engine.system_graphs == ("http://sys/a", "http://sys/b")
        assert store.urls.update == "http://127.0.0.1:9/sparql-auth" and store.query_timeout == 4
        assert isinstance(store._client.auth, httpx.BasicAuth)
        store.close()
        monkeypatch.setenv("COUNCILKG_REMOTE_ENGINE", "sesame")
        settings.cache_clear()
        with pytest.raises(ConfigError, match="COUNCILKG_REMOTE_ENGINE"):
            settings()
    finally:
        settings.cache_clear()


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("# summary: a <weird> 'comment' CONSTRUCT\nPREFIX ex: <http://e/#x>\nBASE <http://b/>\nask {}", "ASK"),
    ("PREFIX : <http://e/> CONSTRUCT { ?s :p ?o } WHERE { ?s :p ?o }", "CONSTRUCT"),
    ("define input:inference 'x' DESCRIBE <http://e/a>", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", ""),
])
def test_query_form(text: str, form: str) -> None:
    assert query_form(text) == form


def test_plan_update_sends_graph_contents_by_gsp_in_order() -> None:
    g = Graph()
    g.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal("a ;\nmulti-line value")))
    text = "DROP SILENT GRAPH <http://e/old> ;\n" + graph_insert_update({"http://e/g": g})
    assert plan_update(text, False) == [("update", text)]
    steps = plan_update(text, True)
    assert [s[0] for s in steps] == ["update", "http://e/g"]
    assert steps[0][1] == "DROP SILENT GRAPH <http://e/old> ;\nDROP SILENT GRAPH <http://e/g>"
    assert set(Graph().parse(data=steps[1][1], format="nt")) == set(g)
    user = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 'x' } } ;\nCLEAR GRAPH <http://e/h>"
    assert plan_update(user, True) == [("update", user)]


def test_open_store_applies_the_settings_it_is_given() -> None:
    from dataclasses import replace

    from graph.store import open_store

    config = replace(settings(), store="sparql+http://127.0.0.1:9/ds", remote_engine="fuseki", query_timeout=3)
    store = open_store(config)
    assert isinstance(store, RemoteStore)
    assert (store.engine.name, store.query_timeout, store.urls.query) == ("fuseki", 3, "http://127.0.0.1:9/ds/query")
    store.close()
