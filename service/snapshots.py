"""Checkpoints of the embedded store that the query workers open, one per store generation.

Why: pyoxigraph documents opening a store read-only while another process writes it as undefined
behaviour, and it is. A worker that opened the live directory while the service's own store was
compacting (right after a bulk load, or after enough writes) either failed to open ("No such file
... .sst") or ran a 0.8 s named query for 10 s and grew to 4 GB before the time limit killed it
(measured at 1M triples). A RocksDB checkpoint (`Store.backup`) is a consistent copy made of hard
links to the immutable table files: 20-35 ms at 1M, no extra disk until the live store compacts
those files away. Nothing ever writes a checkpoint, so opening it read-only is defined behaviour.

The checkpoints live in `<store>/councilkg-snapshots/` (inside the store directory, so hard links
never cross file systems; RocksDB ignores sub-directories). A checkpoint is deleted once it is
neither the current one nor open under a running query; the directory is emptied at start-up
(left over from a process that was killed) and when the service stops.
"""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

from graph.errors import StoreError
from graph.store.embedded import EmbeddedStore

DIR_NAME = "councilkg-snapshots"


class Snapshots:
    """The checkpoints of one embedded store on disk; `current(generation)` is the one to query."""

    def __init__(self, store: EmbeddedStore) -> None:
        assert store.path is not None, "an in-memory store has no files to checkpoint"
        self.store = store
        self.root = store.path / DIR_NAME
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._current: Path | None = None
        self._made = 0
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def latest(self) -> Path | None:
        """The checkpoint made last (None before the first)."""
        return self._current

    @property
    def generation(self) -> int | None:
        """The store generation of `latest`."""
        return self._generation

    def current(self, generation: int) -> Path:
        """The checkpoint of the store as of `generation`, made now if the last one is older.
        Blocking (a memtable flush and hard links): call it from a thread, not the event loop."""
        with self._lock:
            if self._generation == generation and self._current is not None:
                return self._current
            self._made += 1
            target = self.root / f"{generation:06d}-{self._made}"
            self.root.mkdir(exist_ok=True)
            try:
                self.store.oxigraph.backup(str(target))
            except (OSError, RuntimeError) as e:
                shutil.rmtree(target, ignore_errors=True)
                raise StoreError(f"cannot make a read-only checkpoint of the store in {self.root}: {e}; "
                                 "check the free disk space and that the directory is writable") from e
            self._generation, self._current = generation, target
            return target

    def prune(self, in_use: set[str]) -> bool:
        """Delete every checkpoint that is not the current one and not in `in_use` (paths). Never
        waits (it runs on the event loop): while a checkpoint is being made it does nothing and
        says so (False), and the caller tries again later."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            keep = {str(self._current)} | in_use
            try:
                entries = list(self.root.iterdir())
            except FileNotFoundError:
                return True
            for entry in entries:
                if str(entry) not in keep:
                    shutil.rmtree(entry, ignore_errors=True)
            return True
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._generation = self._current = None
            shutil.rmtree(self.root, ignore_errors=True)
