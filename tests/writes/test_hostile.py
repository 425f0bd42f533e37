"""Hostile queries (cartesian products, huge regexes, deep property paths) are stopped at the time
limit, while a cheap query from another client keeps answering within its usual latency."""
from __future__ import annotations

import statistics
import threading
import time

import httpx
import pytest

pytestmark = pytest.mark.slow
TIMEOUT = 4.0
ALTERNATIVES = "|".join(f"(a|b|c)*{i}x(y|z)+{i}" for i in range(1500))
HOSTILE = {
    "cartesian product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "huge regex over a product": ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
                                  f"FILTER(REGEX(CONCAT(STR(?c), STR(?f)), \"{ALTERNATIVES}\", \"i\")) }}"),
    "deep property path": "SELECT (COUNT(*) AS ?n) WHERE { ?s (!<urn:x:none>|^!<urn:x:none>)* ?o . ?o ?p ?z }",
    "path over a product": "SELECT (COUNT(*) AS ?n) WHERE { ?s (!<urn:x:none>)*/(!<urn:x:none>)* ?o . ?x ?y ?z }",
}
CHEAP = "SELECT ?g WHERE { GRAPH ?g { } } LIMIT 3"


def _cheap(url: str) -> float:
    t0 = time.monotonic()
    r = httpx.get(url + "sparql", params={"query": CHEAP}, timeout=30,
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return time.monotonic() - t0


def test_hostile_queries_stop_at_the_limit_and_cheap_ones_still_answer(server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory(env={"COUNCILKG_QUERY_TIMEOUT": str(TIMEOUT), "COUNCILKG_QUERY_WORKERS": "2"})
    baseline = statistics.median(_cheap(server.url) for _ in range(7))
    bound = min(TIMEOUT * 0.75, max(1.5, 10 * baseline))

    latencies: list[float] = []
    stop = threading.Event()

    def other_client() -> None:
        while not stop.is_set():
            latencies.append(_cheap(server.url))
            time.sleep(0.1)

    client = threading.Thread(target=other_client)
    client.start()
    outcomes = {}
    try:
        for name, query in HOSTILE.items():
            t0 = time.monotonic()
            r = httpx.post(server.url + "sparql", data={"query": query}, timeout=TIMEOUT * 6,
                           headers={"Accept": "application/sparql-results+json"})
            took = time.monotonic() - t0
            outcomes[name] = (r.status_code, round(took, 2))
            assert r.status_code == 503, (name, r.status_code, r.text[:200])
            assert "time limit" in r.json()["title"].lower() or "limit" in r.json()["detail"]
            assert TIMEOUT * 0.8 <= took <= TIMEOUT + 8, (name, took)
    finally:
        stop.set()
        client.join(60)
    assert len(latencies) >= 10
    assert max(latencies) <= bound, (f"cheap query latencies {sorted(latencies)[-5:]} over {bound:.2f}s "
                                     f"(baseline {baseline:.3f}s); hostile: {outcomes}")
    assert _cheap(server.url) <= bound
