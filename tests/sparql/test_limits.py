"""Time limit (a runaway query is killed, others keep being served), row limit, streaming, ETags and
the result cache, and reads after writes, on a private server with small limits."""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph.settings import default_query_workers
from tests.conftest import LiveServer, build_store_for, free_port

pytestmark = pytest.mark.slow

TIMEOUT_S = 2
MAX_ROWS = 7
TOKEN = "sparql-tests-token-0123456789"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    port = free_port()
    path = build_store_for(f"http://127.0.0.1:{port}/", tmp_path_factory.mktemp("limited") / "store")
    server = LiveServer(path, port, {"COUNCILKG_QUERY_TIMEOUT": str(TIMEOUT_S), "COUNCILKG_MAX_ROWS": str(MAX_ROWS),
                                     "COUNCILKG_QUERY_WORKERS": "2",
                                     "COUNCILKG_WRITE_TOKENS": f"tester:{TOKEN}"}).start()
    yield server
    server.stop()


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return {p for p in found if alive(p)}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_runaway_query_is_killed_at_the_limit_while_others_are_served(limited) -> None:  # noqa: ANN001
    url = limited.url + "sparql"
    httpx.get(url, params={"query": "ASK { ?s ?p ?o }"})
    workers_before = children(limited.process.pid)
    assert len(workers_before) == 2
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = httpx.get(url, params={"query": CARTESIAN}, timeout=120)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    busy = [pid for pid in workers_before if cpu_seconds(pid) > 0] or list(workers_before)
    cheap_times = []
    for i in range(5):
        started = time.monotonic()
        r = httpx.get(url, params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ }} }} LIMIT {i + 1}"}, timeout=30)
        cheap_times.append(time.monotonic() - started)
        assert r.status_code == 200
    assert "response" not in outcome, "the runaway query should still be running"
    assert max(cheap_times) < 1.0, cheap_times
    thread.join(60)
    r = outcome["response"]
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert f"{TIMEOUT_S} s limit" in r.json()["detail"]
    assert TIMEOUT_S - 0.2 < outcome["seconds"] < TIMEOUT_S + 4
    # the worker that ran it is gone (SIGKILL), a fresh one replaces it, and no CPU work goes on
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and all(alive(p) for p in workers_before):
        time.sleep(0.1)
    killed = [p for p in workers_before if not alive(p)]
    assert len(killed) == 1 and (killed[0] in busy)
    while time.monotonic() < deadline and len(children(limited.process.pid)) < 2:
        time.sleep(0.1)
    workers_after = children(limited.process.pid)
    assert len(workers_after) == 2 and killed[0] not in workers_after
    spent = {p: cpu_seconds(p) for p in workers_after}
    time.sleep(1.0)
    assert all(cpu_seconds(p) - spent[p] < 0.3 for p in workers_after)
    assert httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_select_and_construct_are_cut_at_the_row_limit(limited) -> None:  # noqa: ANN001
    url = limited.url + "sparql"
    r = httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert (r.headers["x-sparql-truncated"], r.headers["x-sparql-rows"], r.headers["x-sparql-max-rows"]) \
        == ("true", str(MAX_ROWS), str(MAX_ROWS))
    r = httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert len(r.text.rstrip("\r\n").split("\r\n")) == 1 + MAX_ROWS
    r = httpx.get(url, params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS - 2}"})
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS - 2
    assert r.headers["x-sparql-truncated"] == "false"
    r = httpx.get(url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert len(r.text.strip().split("\n")) == MAX_ROWS and r.headers["x-sparql-truncated"] == "true"


def test_large_result_streams_whole(live_server, truth) -> None:  # noqa: ANN001
    with httpx.stream("GET", live_server.url + "sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"},
                      timeout=60) as r:
        assert r.status_code == 200
        assert r.headers.get("transfer-encoding") == "chunked" and "content-length" not in r.headers
        body = r.read()
    assert len(body) > 1 << 20
    assert len(json.loads(body)["results"]["bindings"]) == truth.count()


def test_etag_304_cache_and_a_write_invalidates_both(limited) -> None:  # noqa: ANN001
    url = limited.url + "sparql"
    graph = limited.url + "graph/sparql-test"
    query = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    first = httpx.get(url, params={"query": query})
    assert first.json()["results"]["bindings"] == []
    second = httpx.get(url, params={"query": query})
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert second.headers["etag"] == first.headers["etag"] and second.content == first.content
    assert httpx.get(url, params={"query": query, "format": "xml"}).headers["etag"] != first.headers["etag"]
    cached = httpx.get(url, params={"query": query}, headers={"If-None-Match": first.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""
    assert cached.headers["etag"] == first.headers["etag"]

    written = httpx.post(limited.url + "update", headers={"Authorization": f"Bearer {TOKEN}",
                                                          "Content-Type": "application/sparql-update"},
                         content=f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}#a> <{graph}#p> "written" }} }}')
    assert written.status_code == 200, written.text
    after = httpx.get(url, params={"query": query}, headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200 and after.headers["x-cache"] == "miss"
    assert after.headers["etag"] != first.headers["etag"]
    assert [b["o"]["value"] for b in after.json()["results"]["bindings"]] == ["written"]


def test_repeated_query_is_served_faster_from_the_cache(limited) -> None:  # noqa: ANN001
    url = limited.url + "sparql"
    query = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r } GROUP BY ?p ORDER BY DESC(?n)"
    with httpx.Client() as client:
        def timed(q: str) -> float:
            started = time.perf_counter()
            assert client.get(url, params={"query": q}).status_code == 200
            return time.perf_counter() - started
        uncached = sorted(timed(f"{query} # {i}") for i in range(5))[2]
        timed(query)
        hits = sorted(timed(query) for _ in range(5))[2]
    assert hits < uncached


def test_a_client_leaving_mid_stream_or_a_head_frees_the_worker(live_server) -> None:  # noqa: ANN001
    """The worker serializing a big result for a client that went away is stopped and replaced, so
    the pool never shrinks; the same for HEAD on a streamed result."""
    url = live_server.url + "sparql"
    big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    pool_size = default_query_workers()  # the live server runs with the default
    pid = live_server.process.pid

    def replaced(earlier: set[int]) -> set[int]:
        """The workers once one of `earlier` is gone and the pool is whole again."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (earlier <= children(pid) or len(children(pid)) < pool_size):
            time.sleep(0.1)
        now = children(pid)
        assert len(now) == pool_size and len(earlier - now) == 1, (earlier, now)
        return now

    before = children(pid)
    assert len(before) == pool_size
    with httpx.stream("GET", url, params={"query": big + " # leaves"}, timeout=30) as r:
        assert r.headers.get("transfer-encoding") == "chunked"
        next(r.iter_bytes())
    after_leaving = replaced(before)
    head = httpx.head(url, params={"query": big + " # head"}, timeout=30)
    assert head.status_code == 200 and head.content == b""
    replaced(after_leaving)
    for i in range(2 * pool_size):  # the replacements serve
        assert httpx.get(url, params={"query": f"ASK {{ ?s ?p ?o }} # {i}"}).json()["boolean"] is True
