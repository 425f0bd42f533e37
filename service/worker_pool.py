"""A pool of query worker processes (`service.query_worker`) driven from the asyncio loop.

Each worker runs one query at a time over pipes; the loop never blocks on them. A worker that
overruns its time limit, dies, or whose client went away mid-stream is SIGKILLed and replaced, so a
runaway query's CPU work really ends. Workers are bound to the event loop that started them; a new
loop (a second `asyncio.run` in a script) gets fresh workers.
"""
from __future__ import annotations

import asyncio
import json
import logging
import struct
import sys
from pathlib import Path

from graph.errors import QueryTimeout, StoreError
from service.snapshots import Snapshots

log = logging.getLogger("councilkg.workers")
PACKAGE_PARENT = Path(__file__).resolve().parent.parent


class WorkerDied(StoreError):
    """A worker process exited in the middle of a query."""


class Worker:
    """One worker process and its framed pipe protocol."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.pid = proc.pid
        self.snapshot: str | None = None
        """The store checkpoint of the query it runs (or ran last)."""

    async def send(self, request: dict) -> None:
        data = json.dumps(request).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(struct.pack(">I", len(data)) + data)
        await self.proc.stdin.drain()

    async def frame(self) -> tuple[bytes, bytes]:
        """The next (type, payload) frame."""
        assert self.proc.stdout is not None
        try:
            head = await self.proc.stdout.readexactly(5)
            size = struct.unpack(">I", head[1:])[0]
            payload = await self.proc.stdout.readexactly(size) if size else b""
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            raise WorkerDied(f"a query worker (pid {self.pid}) stopped in the middle of the query; "
                             "try again, and tell the operator if it keeps happening") from e
        return head[:1], payload

    def kill(self) -> None:
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        transport = getattr(self.proc, "_transport", None)
        if transport is not None:
            try:
                transport.close()  # release the pipes now, not when the loop is gone
            except RuntimeError:  # that loop is already closed; the process is killed all the same
                pass


class WorkerPool:
    def __init__(self, store_path: str, size: int, prefixes: dict[str, str],
                 snapshots: Snapshots | None = None) -> None:
        self.store_path = store_path
        self.size = size
        self.prefixes = prefixes
        self.snapshots = snapshots
        """The checkpoints the workers read; older ones are deleted once no running query holds them."""
        self._busy: set[Worker] = set()
        self._prune_pending = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: asyncio.Queue[Worker] | None = None
        self._workers: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self.killed: list[int] = []
        """Pids of workers killed at their time limit (most recent last), for logs and tests."""

    @property
    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._workers)

    def ensure_started(self) -> None:
        """Start the workers in the running loop (idempotent; call from inside the loop)."""
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        self._kill_all()
        self._loop, self._idle = loop, asyncio.Queue()
        for _ in range(self.size):
            self._spawn_soon()

    def _spawn_soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop any more (shutting down): nothing to replace
            return
        if loop is not self._loop:
            return
        task = loop.create_task(self._spawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _spawn(self) -> None:
        for attempt in range(3):
            try:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "service.query_worker", self.store_path, json.dumps(self.prefixes),
                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=str(PACKAGE_PARENT),
                    limit=1 << 20)
            except OSError as e:
                log.error("cannot start a query worker (attempt %d): %s", attempt + 1, e)
                await asyncio.sleep(1)
                continue
            worker = Worker(proc)
            self._workers.add(worker)
            assert self._idle is not None
            self._idle.put_nowait(worker)
            return

    async def acquire(self, timeout: float) -> Worker:
        self.ensure_started()
        assert self._idle is not None
        while True:
            try:
                worker = self._idle.get_nowait()  # the usual case: no timer to arm and cancel
            except asyncio.QueueEmpty:
                worker = None
            if worker is None:
                try:
                    async with asyncio.timeout(timeout):
                        worker = await self._idle.get()
                except TimeoutError:
                    raise QueryTimeout(f"all {self.size} query workers stayed busy for {timeout:g} s; try again "
                                       "shortly (COUNCILKG_QUERY_WORKERS sets how many queries run at once)"
                                       ) from None
            if worker.proc.returncode is None:
                self._busy.add(worker)
                return worker
            self.discard(worker)  # died while idle: replace it and wait for another

    def release(self, worker: Worker) -> None:
        self._busy.discard(worker)
        if self._idle is not None and worker in self._workers:
            self._idle.put_nowait(worker)
        self._prune()

    def snapshot_changed(self) -> None:
        """A newer checkpoint is current: delete the older ones as soon as no query reads them."""
        self._prune_pending = True
        self._prune()

    def _prune(self) -> None:
        if self.snapshots is None or not self._prune_pending:
            return
        in_use = {w.snapshot for w in self._busy if w.snapshot}
        if self.snapshots.prune(in_use):
            self._prune_pending = bool(in_use - {str(self.snapshots.latest)})

    def discard(self, worker: Worker, *, timed_out: bool = False) -> None:
        """SIGKILL a worker (its query's work ends with it) and start a replacement."""
        worker.kill()
        self._busy.discard(worker)
        if timed_out:
            self.killed.append(worker.pid)
            del self.killed[:-20]
        if worker in self._workers:
            self._workers.discard(worker)
            self._spawn_soon()
        self._prune()

    def _kill_all(self) -> None:
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
        self._busy.clear()

    def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._kill_all()
        self._loop = self._idle = None
