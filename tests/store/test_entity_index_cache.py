"""The entity index cache (graph.entity_index) and its file next to the store
(graph.entity_index_file).

In memory: after a document is added, the index folded in from the new graph alone is exactly the
index recomputed from the whole store, and any other write (a removal) makes it recompute. On disk:
a restarted process reads the index from the file instead of re-running `entity_index.rq`, and gets
exactly the recomputed index; a file that no longer matches the store (a CLI write, a raw write
that bypassed councilkg, another base URI or query) or that does not parse is never used, and is
replaced by a correct one; read-only openers (the service's query workers) never write it.
"""
from __future__ import annotations

import json
import threading
from collections import defaultdict
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph import entity_index
from graph.entity_index import index_source, known_entities
from graph.entity_index_file import FILE_NAME
from graph.facts import KnownEntity
from graph.facts_export import select
from graph.pipeline import ingest, remove
from graph.read import read_text
from graph.store.embedded import EmbeddedStore
from graph.uris import entity, key_of
from tests.conftest import run_cli

ARTICLE = """Council names new director

12/03/2021 @ 09:00

Gwynedd Council has appointed Rhian Price as its new director of social services.

Cllr Dafydd Meredith, the cabinet member for adult services, welcomed the appointment.
"""
SECOND_ARTICLE = """Director sets out plans

02/06/2021 @ 10:00

Rhian Price, the director of social services at Gwynedd Council, set out plans for home care.
"""
PLAIN_QUERY = """PREFIX ckg: <{vocab}>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?entity ?kind ?label ?isName ?council ?reference WHERE {{
  VALUES (?type ?kind) {{
    (ckg:Council "council") (ckg:Department "department") (ckg:Inspectorate "inspectorate")
    (ckg:Body "body") (ckg:Person "person")
  }}
  GRAPH ?g {{
    ?entity a ?type .
    {{ ?entity schema:name ?label BIND(true AS ?isName) }}
    UNION {{ ?entity skos:altLabel ?label BIND(false AS ?isName) }}
    UNION {{ ?entity ckg:council ?council }}
    UNION {{ ?entity org:hasMembership/org:organization ?council . ?council a ckg:Council }}
    UNION {{ ?entity org:hasMembership/org:organization/ckg:council ?council }}
  }}
  BIND(EXISTS {{ GRAPH ?g {{ ?entity prov:wasDerivedFrom ?ds . ?ds a ckg:ReferenceDataset }} }} AS ?reference)
}}"""
"""What `entity_index.rq` means, written plainly (property paths, the Council check as a pattern):
the named query is written for Oxigraph's planner, and must give exactly these rows."""
TOKENS = "writer:writer-token-0123"
WRITER = {"Authorization": "Bearer writer-token-0123"}


def recomputed(store: EmbeddedStore) -> list[KnownEntity]:
    """The index straight from the query over the whole store (through the Store interface, rdflib
    terms): neither the in-memory cache nor the file."""
    acc: dict = defaultdict(entity_index._Acc)
    entity_index._fold(acc, select(store, "entity_index"))
    return entity_index._entities(acc)


def reopened(path: Path, *, read_only: bool = False) -> EmbeddedStore:
    """The store as a new process sees it: opened again, nothing in memory."""
    entity_index._CACHE.clear()
    return EmbeddedStore(path, read_only=read_only)


def header(path: Path) -> dict:
    return json.loads((path / FILE_NAME).read_text(encoding="utf-8").splitlines()[0])


def lines(path: Path) -> int:
    return len((path / FILE_NAME).read_text(encoding="utf-8").splitlines())


class NoQuery:
    """Fails the test if the whole-store query runs (only a new graph's rows may be queried)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = entity_index._rows

        def rows(store: EmbeddedStore, graph: str | None = None) -> list[dict[str, str]]:
            assert graph is not None, "entity_index.rq ran over the whole store"
            return real(store, graph)

        monkeypatch.setattr(entity_index, "_rows", rows)


def test_the_named_query_gives_exactly_the_rows_of_the_plain_query(store_copy: Path) -> None:
    from collections import Counter

    from graph.facts_export import load_query
    from graph.uris import vocab_ns

    store = reopened(store_copy)
    try:
        ingest(store, read_text(ARTICLE, "first.txt", {}))  # a person with a post: membership rows

        def rows(sparql: str) -> Counter:
            result = store.query(sparql)
            return Counter(tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.rows)

        named, plain = rows(load_query("entity_index")), rows(PLAIN_QUERY.format(vocab=vocab_ns()))
        assert named == plain
        assert sum(1 for r in plain for k, _ in r if k == "council") > 0  # the council branches are exercised
    finally:
        store.close()


def test_added_document_folds_into_the_cached_index(store_copy: Path) -> None:
    store = reopened(store_copy)
    try:
        before = known_entities(store)
        assert index_source(store) == "query"
        result = ingest(store, read_text(ARTICLE, "bench_cache_test.txt", {}))
        assert index_source(store) == "query"  # folded in by the ingest at the new version, not dropped
        cached = known_entities(store)
        assert cached == recomputed(store)
        assert len(cached) > len(before)  # the new people are in it
        remove(store, key_of(result.document))
        assert index_source(store) is None  # a removal is not folded: the next use recomputes
        assert known_entities(store) == recomputed(store)
        assert [e.key for e in known_entities(store)] == [e.key for e in before]
    finally:
        store.close()


def test_a_restarted_process_reads_the_index_from_the_file(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = reopened(store_copy)
    try:
        assert not (store_copy / FILE_NAME).exists()  # `build` does not write it; the first use does
        known_entities(store)
        assert header(store_copy)["version"] == store.version() and lines(store_copy) == 1
        first = ingest(store, read_text(ARTICLE, "first.txt", {}))
        assert lines(store_copy) == 2  # the add is one appended line, the header stays
    finally:
        store.close()

    store = reopened(store_copy)
    try:
        NoQuery(monkeypatch)
        from_file = known_entities(store)
        assert index_source(store) == "file"
        assert from_file == recomputed(store)
        person = next(e for e in from_file if e.name == "Rhian Price")
        assert entity(person.key) in first.entities
        # the restarted process resolves a new mention against the index it read
        second = ingest(store, read_text(SECOND_ARTICLE, "second.txt", {}))
        assert entity(person.key) in second.entities
        assert lines(store_copy) == 3 and known_entities(store) == recomputed(store)
    finally:
        store.close()


def test_a_file_left_behind_by_a_cli_write_is_stale_and_not_used(store_copy: Path) -> None:
    store = reopened(store_copy)
    try:
        result = ingest(store, read_text(ARTICLE, "first.txt", {}))
        written = header(store_copy)["version"]
    finally:
        store.close()
    out = run_cli("remove", result.document, store=store_copy)  # while "the service is down"
    assert out.returncode == 0, out.stderr

    store = reopened(store_copy)
    try:
        index = known_entities(store)
        assert index_source(store) == "query"
        assert index == recomputed(store)
        assert not any(e.name == "Rhian Price" for e in index)  # the file still has her; the store does not
        assert header(store_copy)["version"] == store.version() != written  # replaced by a correct file
    finally:
        store.close()


def test_a_write_that_bypassed_councilkg_is_detected_by_the_quad_count(store_copy: Path) -> None:
    store = reopened(store_copy)
    try:
        known_entities(store)
        base = entity("")
        g = ox.NamedNode(base.replace("/id/", "/graph/") + "document/raw")
        person = ox.NamedNode(base + "person/raw-writer")
        store.oxigraph.add(ox.Quad(person, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                   ox.NamedNode(base.replace("/id/", "/def/") + "Person"), g))
        store.oxigraph.add(ox.Quad(person, ox.NamedNode("https://schema.org/name"), ox.Literal("Raw Writer"), g))
        # the store version did not change: only the quad count tells the file is behind
    finally:
        store.close()
    store = reopened(store_copy)
    try:
        index = known_entities(store)
        assert index_source(store) == "query"
        assert "person/raw-writer" in {e.key for e in index}
        assert index == recomputed(store)
    finally:
        store.close()


CORRUPTIONS = {
    "not json": lambda text: "\x00\x01 not an index\n",
    "empty": lambda text: "",
    "torn last line": lambda text: text + '{"from": "',
    "unknown kind": lambda text: text.replace('"k":["person"]', '"k":["wizard"]', 1),
    "names not a mapping": lambda text: text.replace('"n":{', '"n":[{', 1).replace('},"a"', '}],"a"', 1),
    "another query": lambda text: text.replace('"fingerprint":"', '"fingerprint":"0', 1),
    "a broken chain": lambda text: text + json.dumps({"from": "elsewhere", "to": "x", "quads": 1, "rows": []}) + "\n",
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_file_is_ignored_and_replaced(store_copy: Path, corruption: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    store = reopened(store_copy)
    try:
        expected = known_entities(store)
    finally:
        store.close()
    file = store_copy / FILE_NAME
    good = file.read_text(encoding="utf-8")
    bad = CORRUPTIONS[corruption](good)
    assert bad != good
    file.write_text(bad, encoding="utf-8")

    store = reopened(store_copy)
    try:
        with caplog.at_level("WARNING", logger="councilkg.entity_index"):
            assert known_entities(store) == expected == recomputed(store)
        assert index_source(store) == "query"
        assert bad == "" or "ignored" in caplog.text
        assert file.read_text(encoding="utf-8") != bad and header(store_copy)["version"] == store.version()
    finally:
        store.close()


def test_a_read_only_opener_never_writes_the_file(store_copy: Path) -> None:
    store = reopened(store_copy, read_only=True)
    try:
        assert known_entities(store) == recomputed(store)
        assert not (store_copy / FILE_NAME).exists()
    finally:
        store.close()


def test_served_store_query_workers_never_write_it_and_a_restart_uses_it(server_factory) -> None:
    server = server_factory(env={"COUNCILKG_WRITE_TOKENS": TOKENS, "COUNCILKG_QUERY_WORKERS": "2"})
    file = server.store / FILE_NAME
    first = httpx.post(server.url + "documents", params={"name": "first.txt"}, content=ARTICLE.encode(),
                       headers={"Content-Type": "text/plain", **WRITER}, timeout=120)
    assert first.status_code == 201, first.text
    before = file.stat()
    text = file.read_text(encoding="utf-8")
    assert len(text.splitlines()) in (1, 2)  # written at start-up (+ the add) or by the add itself

    def queries() -> None:
        for n in range(5):
            r = httpx.get(server.url + "sparql", params={"query": f"SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }} # {n}"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
            assert r.status_code == 200

    threads = [threading.Thread(target=queries) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    after = file.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)

    server.stop()
    server.start()
    second = httpx.post(server.url + "documents", params={"name": "second.txt"}, content=SECOND_ARTICLE.encode(),
                        headers={"Content-Type": "text/plain", **WRITER}, timeout=120)
    assert second.status_code == 201, second.text
    # the restarted service appended to the file it found (a recomputed index would be a new header)
    assert file.read_text(encoding="utf-8").startswith(text) and file.stat().st_ino == before.st_ino
    assert len(file.read_text(encoding="utf-8").splitlines()) == len(text.splitlines()) + 1
    director = next(e for e in first.json()["entities"]["created"] if e.endswith("/person/rhian-price"))
    assert director in second.json()["entities"]["touched"]  # named again: resolved to the stored person


def test_a_write_during_the_start_up_warm_up_waits_for_it(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = reopened(store_copy)
    real, calls, started, release = entity_index._rows, [], threading.Event(), threading.Event()

    def slow_rows(store: EmbeddedStore, graph: str | None = None) -> list[dict[str, str]]:
        calls.append(graph)
        started.set()
        release.wait(30)  # the warm-up is still reading the store when the write comes
        return real(store, graph)

    monkeypatch.setattr(entity_index, "_rows", slow_rows)
    try:
        warming = threading.Thread(target=entity_index.warm, args=(store,))
        warming.start()
        assert started.wait(30)
        answer: list = []
        writer = threading.Thread(target=lambda: answer.append(known_entities(store)))
        writer.start()
        writer.join(0.5)
        assert writer.is_alive() and not answer  # waiting, not answering from half an index
        release.set()
        warming.join(30)
        writer.join(30)
        assert calls == [None]  # the index was read once, by the warm-up; the write used it
        assert answer == [recomputed(store)]
    finally:
        release.set()
        store.close()
