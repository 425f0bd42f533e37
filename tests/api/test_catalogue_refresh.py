"""The resource API's catalogue after writes: refreshed graph by graph, and equal to one read whole.

The cache is given the graphs each write changed (as service.writes does); the test checks that it
then reads only those graphs, and that every table it assembles is exactly the table a fresh cache
reads from the whole store, after an added, a replaced and a removed document and a SPARQL update.
Over HTTP, a private server shows the same writes in /api listings at once.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.pipeline import ingest, remove
from graph.read import read_document as read_file
from graph.store.embedded import EmbeddedStore
from graph.uris import base, named_graph
from service.catalogue import QUERIES, CatalogueCache
from tests.conftest import PROJECT_ROOT

DOCS = PROJECT_ROOT / "tests" / "data" / "documents"
TOKEN = "writer-token-123456"
FIRST = DOCS / "101_ceredigion_ciw.txt"


def _runner(store: EmbeddedStore) -> tuple[Any, Any]:
    async def version() -> str:
        return store.version()

    async def run(text: str) -> Any:
        return store.query(text)
    return version, run


def _tables(cache: CatalogueCache, store: EmbeddedStore) -> dict[str, list[dict[str, str]]]:
    version, run = _runner(store)
    catalogue = asyncio.run(cache.get(version, run))
    return {name: [{k: str(v) for k, v in row.items()} for row in catalogue.tables[name]] for name in QUERIES}


def _fresh(store: EmbeddedStore) -> dict[str, list[dict[str, str]]]:
    return _tables(CatalogueCache(), store)


def _write(cache: CatalogueCache, graphs: list[str], work: Any) -> Any:
    write = cache.begin_write()
    try:
        return work()
    finally:
        cache.end_write(write, graphs)


def test_refresh_reads_only_the_written_graphs_and_equals_a_whole_read(store_copy: Path) -> None:
    store = EmbeddedStore(store_copy)
    try:
        cache = CatalogueCache()
        assert _tables(cache, store) == _fresh(store)
        assert (cache.full_reads, cache.graph_reads) == (1, 0)

        first, second = [p for p in sorted(DOCS.iterdir()) if p.suffix == ".txt"][:2]
        added = read_file(first)
        result = _write(cache, [named_graph(added.key)], lambda: ingest(store, added))
        tables = _tables(cache, store)
        assert (cache.full_reads, cache.graph_reads) == (1, 1)
        assert tables == _fresh(store)
        assert any(row["g"] == result.graph for row in tables["api_documents"])

        # the same key with other content (HTTP PUT), then a SPARQL update naming the graph
        other = read_file(second)
        _write(cache, [named_graph(added.key)], lambda: ingest(store, other, key=added.key))
        label = "A label written by an update"
        update = (f'INSERT DATA {{ GRAPH <{named_graph(added.key)}> {{ <{named_graph(added.key)}#x> '
                  f'a <{base()}def/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> "{label}" }} }}')
        _write(cache, [named_graph(added.key)], lambda: store.update(update))
        tables = _tables(cache, store)
        assert (cache.full_reads, cache.graph_reads) == (1, 2)  # two writes before one read: one refresh
        assert tables == _fresh(store)
        assert any(row.get("name") == label for row in tables["api_names"])

        _write(cache, [named_graph(added.key)], lambda: remove(store, added.key))
        tables = _tables(cache, store)
        assert tables == _fresh(store)
        assert not any(row["g"] == named_graph(added.key) for name in QUERIES for row in tables[name])
        assert cache.full_reads == 1
    finally:
        store.close()


def test_a_write_it_was_not_told_about_makes_it_read_everything(store_copy: Path) -> None:
    store = EmbeddedStore(store_copy)
    try:
        cache = CatalogueCache()
        _tables(cache, store)
        ingest(store, read_file(FIRST))  # no begin/end_write: another writer
        assert _tables(cache, store) == _fresh(store)
        assert (cache.full_reads, cache.graph_reads) == (2, 0)
        _write(cache, None, lambda: None)  # type: ignore[arg-type]  # a write that cannot say its graphs
        _tables(cache, store)
        assert cache.full_reads == 3
    finally:
        store.close()


def test_a_write_in_progress_is_not_half_seen(store_copy: Path) -> None:
    """While a write is in progress the cache keeps the state before it; once done, it reads it."""
    store = EmbeddedStore(store_copy)
    try:
        cache = CatalogueCache()
        before = _tables(cache, store)
        doc = read_file(FIRST)
        write = cache.begin_write()
        ingest(store, doc)  # committed, but the write has not said what it changed yet
        assert _tables(cache, store) == before
        cache.end_write(write, [named_graph(doc.key)])
        assert _tables(cache, store) == _fresh(store) != before
        assert cache.full_reads == 1
    finally:
        store.close()


@pytest.mark.parametrize("path", ["documents", "people"])
def test_writes_over_http_show_in_the_listings_at_once(server_factory: Any, path: str) -> None:
    server = server_factory(env={"COUNCILKG_WRITE_TOKENS": f"tester:{TOKEN}"})
    auth = {"Authorization": f"Bearer {TOKEN}"}
    doc = FIRST
    with httpx.Client(base_url=server.url, timeout=60) as client:
        before = client.get(f"/api/{path}", params={"limit": 500}).json()
        posted = client.post("/documents", params={"name": doc.name}, content=doc.read_bytes(),
                             headers={**auth, "Content-Type": "text/plain"})
        assert posted.status_code == 201, posted.text
        after = client.get(f"/api/{path}", params={"limit": 500}).json()
        assert after["total"] > before["total"]
        if path == "documents":
            assert posted.json()["document"] in {item["id"] for item in after["items"]}
        removed = client.delete(f"/documents/{posted.json()['id']}", headers=auth)
        assert removed.status_code == 200, removed.text
        again = client.get(f"/api/{path}", params={"limit": 500}).json()
        assert again["total"] == before["total"]
        assert {i["id"] for i in again["items"]} == {i["id"] for i in before["items"]}
