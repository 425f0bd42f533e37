"""Query workers read checkpoints of the store, never the directory the service writes
(`service.snapshots`): one checkpoint per generation, older ones deleted once no running query holds
them, all of them gone when the service stops."""
from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from graph.settings import settings
from graph.store.embedded import EmbeddedStore
from service.executor import QueryExecutor
from service.snapshots import DIR_NAME, Snapshots
from tests.sparql.conftest import run_in_own_thread

pytestmark = pytest.mark.slow
PROBE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:test:g> { ?s ?p ?o } }"


def _insert(store: EmbeddedStore, n: int) -> None:
    store.update(f'INSERT DATA {{ GRAPH <urn:test:g> {{ <urn:test:s{n}> <urn:test:p> "{n}" }} }}')


def test_checkpoints_hold_the_generation_they_were_made_for(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    _insert(store, 0)
    snapshots = Snapshots(store)
    first = snapshots.current(0)
    assert snapshots.current(0) == first  # the same generation: no new checkpoint
    _insert(store, 1)
    second = snapshots.current(1)
    assert second != first and first.parent == second.parent == tmp_path / "store" / DIR_NAME
    import pyoxigraph as ox

    def count(path: Path) -> int:
        return int(next(iter(ox.Store.read_only(str(path)).query(PROBE)))["n"].value)

    assert (count(first), count(second)) == (1, 2)  # each as the store was when it was made
    snapshots.prune({str(first)})
    assert first.exists() and second.exists()  # held by a running query: kept
    snapshots.prune(set())
    assert not first.exists() and second.exists()  # the current one is always kept
    snapshots.close()
    assert not (tmp_path / "store" / DIR_NAME).exists()
    store.close()


def test_leftover_checkpoints_are_removed_at_start(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    leftover = tmp_path / "store" / DIR_NAME / "000007-1"
    leftover.mkdir(parents=True)
    (leftover / "CURRENT").write_text("from a process that was killed\n")
    Snapshots(store)
    assert not leftover.exists()
    store.close()


def test_workers_read_a_checkpoint_per_write_and_old_ones_go(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    _insert(store, 0)
    config = dataclasses.replace(settings(), query_timeout=5.0, query_workers=2)
    executor = QueryExecutor.start(config, store)
    root = tmp_path / "store" / DIR_NAME

    async def scenario() -> list[tuple[int, list[str]]]:
        seen = []
        try:
            for n in range(1, 4):
                rows = await executor.run(PROBE)
                seen.append((int(rows.rows[0]["n"]), sorted(p.name for p in root.iterdir())))
                _insert(store, n)
                executor.store_changed()
            # two queries at once on one generation share its checkpoint
            both = await asyncio.gather(executor.run(PROBE), executor.run(PROBE))
            seen.append((int(both[0].rows[0]["n"]), sorted(p.name for p in root.iterdir())))
            assert executor.pool is not None
            assert {w.snapshot for w in executor.pool._workers if w.snapshot} <= {str(root / seen[-1][1][0])}
        finally:
            executor.close()
        return seen

    seen = run_in_own_thread(scenario())
    assert [n for n, _ in seen] == [1, 2, 3, 4]  # every read sees the writes before it
    assert [len(names) for _, names in seen] == [1, 1, 1, 1]  # the older checkpoint went
    assert [names[0].split("-")[0] for _, names in seen] == ["000000", "000001", "000002", "000003"]
    assert not root.exists()  # closed: no checkpoint left next to the store
    store.close()
