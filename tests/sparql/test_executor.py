"""The executor in-process, as the JSON API and pages use it: `run` gives exactly what
`EmbeddedStore.query` gives, reads after `store_changed` see the write, and the time limit holds."""
from __future__ import annotations

import dataclasses

import pytest
from rdflib.compare import to_isomorphic

from graph.errors import InputError, QueryTimeout
from graph.settings import settings
from graph.store.embedded import EmbeddedStore
from service.executor import QueryExecutor
from tests.sparql.conftest import run_in_own_thread

pytestmark = pytest.mark.slow

QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label",
    "SELECT ?s ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?s } FILTER(isLiteral(?o)) } ORDER BY ?s ?o LIMIT 200",
    "ASK { ?s a ?t }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <http://www.w3.org/ns/org#Organization> ; ?p ?o }",
]


def test_run_equals_the_store_and_sees_writes_after_store_changed(store_copy) -> None:  # noqa: ANN001
    store = EmbeddedStore(store_copy)
    config = dataclasses.replace(settings(), query_timeout=2.0, query_workers=2)
    executor = QueryExecutor.start(config, store)

    async def scenario() -> None:
        try:
            await checks()
        finally:
            executor.close()  # inside the loop, as the service's lifespan does

    async def checks() -> None:
        for query in QUERIES:
            expected, got = store.query(query), await executor.run(query)
            if isinstance(expected, bool):
                assert got is expected
            elif hasattr(expected, "rows"):
                assert (got.variables, got.rows) == (expected.variables, expected.rows)
            else:
                assert to_isomorphic(got) == to_isomorphic(expected)
        graph = store.named_graphs()[0]
        dg = await executor.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[graph])
        assert int(dg.rows[0]["n"]) == len(store.graph(graph))
        probe = "ASK { <urn:test:a> <urn:test:p> \"written\" }"
        assert await executor.run(probe) is False
        store.update("INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:p> \"written\" } }")
        executor.store_changed()
        assert await executor.run(probe) is True
        with pytest.raises(InputError, match="error at 1:"):
            await executor.run("SELECT * WHERE { ?s ?p }")
        with pytest.raises(QueryTimeout):
            await executor.run("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert executor.pool is not None and len(executor.pool.killed) == 1
        assert await executor.run("ASK { ?s ?p ?o }") is True

    try:
        run_in_own_thread(scenario())
    finally:
        store.close()
