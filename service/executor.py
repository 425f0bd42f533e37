"""Running SPARQL queries for the service under the configured time and row limits.

pyoxigraph has no query timeout (oxigraph issue 1926), so over the embedded store every query runs
in a pool of worker processes (`service.worker_pool`), each reading a checkpoint of the store
(`service.snapshots`: never the live directory, which the service writes); one that overruns
COUNCILKG_QUERY_TIMEOUT is SIGKILLed and replaced, and the client gets QueryTimeout.
`store_changed()` bumps a generation number: the next query gets a checkpoint of that generation
(made then, 20-35 ms at 1M triples) and its worker opens it, so a read after a write sees it.
Results are serialized in the worker and come back in chunks: `open()` returns once the first
chunks are in (so errors still become proper HTTP responses) and the rest streams.

Other stores (a remote SPARQL server, an in-memory store) run `store.query` in a thread under the
same limit; a remote engine also gets the limit from its own configuration.

Complete results up to CACHE_ENTRY_BYTES are kept in a small LRU cache keyed by the query, its
dataset, the format and the store version; any write empties it. The same inputs give the ETag.
"""
from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import marshal
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef

from graph.errors import InputError, QueryTimeout, StoreError
from graph.settings import Settings
from graph.store import QueryResult, SelectResult, Store
from graph.store.embedded import EmbeddedStore
from graph.store.terms import to_oxigraph
from graph.vocab import PREFIXES
from service import results
from service.query_text import looks_like_update, names_dataset
from service.snapshots import Snapshots
from service.worker_pool import WorkerDied, WorkerPool

log = logging.getLogger("councilkg.executor")


class _DiedBeforeAnswer(Exception):
    """The worker exited before sending the first frame of its answer."""

PREFETCH_BYTES = 1 << 20
"""Result bytes gathered before the response starts; smaller results are sent (and cached) whole."""
CACHE_ENTRY_BYTES = 1 << 20
CACHE_TOTAL_BYTES = 64 << 20
CACHE_ENTRIES = 512
REMOTE_VERSION_TTL = 1.0
"""Seconds a remote store's version is trusted (other clients may write to a remote engine)."""
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class ResultStream:
    """A query's result in one serialization: the first chunks, and the rest when not `complete`."""

    kind: str
    """select, ask or graph."""
    fmt: str
    header: dict
    chunks: list[bytes]
    complete: bool
    rows: int | None = None
    truncated: bool | None = None
    """Known when complete: whether rows were cut at the row limit."""
    cached: bool = False
    rest: AsyncIterator[bytes] | None = None
    abandon: Callable[[], None] | None = None
    """Stops the worker unless the rest was read to its end (also run when the stream is dropped)."""

    async def body(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        if self.rest is not None:
            async for chunk in self.rest:
                yield chunk

    async def aclose(self) -> None:
        """Give up on the rest (stops the worker)."""
        if self.rest is not None:
            await self.rest.aclose()  # type: ignore[attr-defined]
        if self.abandon is not None:
            self.abandon()


@dataclass
class _Cached:
    kind: str
    fmt: str
    header: dict
    chunks: list[bytes]
    rows: int | None
    truncated: bool | None
    size: int


class ResultCache:
    """Bounded LRU of complete results; thread-safe because writers may call `clear` from threads."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple, _Cached] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Cached | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: _Cached) -> None:
        if entry.size > CACHE_ENTRY_BYTES:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old.size
            self._entries[key] = entry
            self._size += entry.size
            while self._entries and (self._size > CACHE_TOTAL_BYTES or len(self._entries) > CACHE_ENTRIES):
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._entries)


@dataclass
class QueryExecutor:
    settings: Settings
    store: Store
    pool: WorkerPool | None = None
    cache: ResultCache = field(default_factory=ResultCache)
    generation: int = 0
    _version: str | None = None
    _version_at: float = 0.0

    @classmethod
    def start(cls, config: Settings, store: Store) -> QueryExecutor:
        """An executor for the store: worker processes over an embedded store directory, a thread
        otherwise. Workers start now when called inside the event loop (the service's lifespan),
        else on the first query."""
        pool = None
        if isinstance(store, EmbeddedStore) and store.path is not None:
            snapshots = Snapshots(store)
            snapshots.current(0)  # the first checkpoint now: the first query does not wait for it
            pool = WorkerPool(str(store.path), config.query_workers, PREFIXES, snapshots)
        executor = cls(config, store, pool)
        if pool is not None:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                pass
            else:
                pool.ensure_started()
        return executor

    # ---------------------------------------------------------------- versions, ETags, cache
    async def version(self) -> str:
        """The store version, re-read only after a write (embedded) or after a second (remote)."""
        now = time.monotonic()
        if self._version is None or (self.pool is None and now - self._version_at > REMOTE_VERSION_TTL):
            if self.pool is None:
                self._version = await asyncio.to_thread(self.store.version)
            else:
                self._version = self.store.version()
            self._version_at = now
        return self._version

    @staticmethod
    def _key(sparql: str, fmt: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
             max_rows: int | None, version: str) -> tuple:
        return (sparql, fmt, tuple(default_graphs or ()), tuple(named_graphs or ()), max_rows, version)

    async def etag(self, sparql: str, fmt: str, default_graphs: list[str] | None = None,
                   named_graphs: list[str] | None = None) -> str:
        """A weak ETag for the response to this query in this format at the current store version."""
        key = self._key(sparql, fmt, default_graphs, named_graphs, self.settings.max_rows, await self.version())
        return 'W/"' + hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest() + '"'

    def store_changed(self) -> None:
        """Called after every write: workers reopen the store, the cache and the version are dropped."""
        self.generation += 1
        self._version = None
        self.cache.clear()

    # ---------------------------------------------------------------- queries
    async def open(self, sparql: str, fmt: str, default_graphs: list[str] | None = None,
                   named_graphs: list[str] | None = None, *, max_rows: int | None = -1) -> ResultStream:
        """Start a query whose result is serialized as `fmt` (a key of service.negotiation); returns
        when the first PREFETCH_BYTES (or all) of it are in. `max_rows` -1 means the configured limit,
        None no limit. Raises InputError (malformed query), QueryTimeout, StoreError."""
        if max_rows == -1:
            max_rows = self.settings.max_rows
        version = await self.version()
        key = self._key(sparql, fmt, default_graphs, named_graphs, max_rows, version)
        hit = self.cache.get(key)
        if hit is not None:
            return ResultStream(hit.kind, hit.fmt, hit.header, hit.chunks, True, hit.rows, hit.truncated, cached=True)
        if self.pool is None:
            stream = await self._in_thread(sparql, fmt, default_graphs, named_graphs, max_rows)
        else:
            stream = await self._in_worker(sparql, fmt, default_graphs, named_graphs, max_rows)
        if stream.complete:
            size = sum(len(c) for c in stream.chunks)
            self.cache.put(key, _Cached(stream.kind, stream.fmt, stream.header, stream.chunks, stream.rows,
                                        stream.truncated, size))
        return stream

    async def stream(self, sparql: str, fmt: str, default_graphs: list[str] | None = None,
                     named_graphs: list[str] | None = None) -> AsyncIterator[bytes]:
        """The serialized result as bytes pieces (errors are raised before the first piece). `fmt` is a
        format key of service.negotiation ("json", "turtle", ...) or its media type."""
        from service.negotiation import BY_KEY
        if fmt not in BY_KEY:
            fmt = next((f.key for f in BY_KEY.values() if f.media_type == fmt), fmt)
        if fmt not in BY_KEY:
            raise InputError(f"unknown result format {fmt!r}; use one of {', '.join(BY_KEY)}")
        result = await self.open(sparql, fmt, default_graphs, named_graphs)
        async for chunk in result.body():
            yield chunk

    async def run(self, sparql: str, *, default_graphs: list[str] | None = None,
                  named_graphs: list[str] | None = None) -> QueryResult:
        """The whole result of a query (for the API and pages, whose results are small), not cut at
        the row limit but under the time limit."""
        if self.pool is None:
            return await self._thread_query(sparql, default_graphs, named_graphs)
        result = await self.open(sparql, "raw", default_graphs, named_graphs, max_rows=None)
        if not result.complete:
            chunks = list(result.chunks)
            async for chunk in result.rest:  # type: ignore[union-attr]
                chunks.append(chunk)
        else:
            chunks = result.chunks
        if result.kind == "ask":
            return bool(marshal.loads(chunks[0]))
        if result.kind == "select":
            variables = result.header["vars"]
            rows = [{variables[i]: _rdflib(t) for i, t in enumerate(row) if t is not None}
                    for chunk in chunks for row in marshal.loads(chunk)]
            return SelectResult(variables, rows)
        g = Graph()
        for chunk in chunks:
            for s, p, o in marshal.loads(chunk):
                g.add((_rdflib(s), _rdflib(p), _rdflib(o)))
        return g

    # ---------------------------------------------------------------- worker processes
    def _timeout_error(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran longer than the {self.settings.query_timeout:g} s limit "
                            "(COUNCILKG_QUERY_TIMEOUT) and was stopped; make it more selective (bind more "
                            "variables, add a LIMIT, put required patterns before OPTIONAL and FILTER)")

    def _worker_error(self, payload: bytes, sparql: str) -> Exception:
        error = json.loads(payload)
        return _error(error["error"], error["message"], sparql)

    async def _in_worker(self, sparql: str, fmt: str, default_graphs: list[str] | None,
                         named_graphs: list[str] | None, max_rows: int | None) -> ResultStream:
        """One retry on a fresh worker when a worker dies before answering anything (queries are
        read-only, so running one again is safe)."""
        try:
            return await self._in_worker_once(sparql, fmt, default_graphs, named_graphs, max_rows)
        except _DiedBeforeAnswer as e:
            log.warning("query worker died before answering (%s); running the query on another worker", e)
            try:
                return await self._in_worker_once(sparql, fmt, default_graphs, named_graphs, max_rows)
            except _DiedBeforeAnswer as again:
                raise WorkerDied(str(again)) from again

    async def _in_worker_once(self, sparql: str, fmt: str, default_graphs: list[str] | None,
                              named_graphs: list[str] | None, max_rows: int | None) -> ResultStream:
        assert self.pool is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.query_timeout
        worker = await self.pool.acquire(self.settings.query_timeout)
        try:
            # taken once the worker is ours, and noted on it before the next await: a checkpoint
            # is only deleted when no busy worker holds it
            worker.snapshot = snapshot = await self._snapshot()
        except BaseException:
            self.pool.release(worker)
            raise
        request = {"q": sparql, "dg": default_graphs, "ng": named_graphs, "fmt": fmt, "max": max_rows,
                   "path": snapshot, "protocol": fmt != "raw",
                   "from": not default_graphs and not named_graphs and names_dataset(sparql)}
        handed_on = False
        try:
            async with asyncio.timeout_at(deadline):
                try:
                    await worker.send(request)
                    kind, payload = await worker.frame()
                except (WorkerDied, ConnectionError) as e:
                    raise _DiedBeforeAnswer(str(e)) from e
                if kind == b"R":  # the whole answer in one frame (service.query_worker)
                    self.pool.release(worker)
                    handed_on = True
                    size = int.from_bytes(payload[:4], "big")
                    header = json.loads(payload[4:4 + size])
                    body = payload[4 + size:]
                    return ResultStream(header["kind"], header["fmt"], header, [body] if body else [], True,
                                        header["rows"], header["truncated"])
                if kind == b"E":
                    self.pool.release(worker)
                    handed_on = True
                    raise self._worker_error(payload, sparql)
                header = json.loads(payload)
                chunks: list[bytes] = []
                size = 0
                while size < PREFETCH_BYTES or fmt == "raw":
                    kind, payload = await worker.frame()
                    if kind == b"D":
                        chunks.append(payload)
                        size += len(payload)
                    elif kind == b"Z":
                        self.pool.release(worker)
                        handed_on = True
                        end = json.loads(payload)
                        return ResultStream(header["kind"], header["fmt"], header, chunks, True,
                                            end["rows"], end["truncated"])
                    else:
                        self.pool.release(worker)
                        handed_on = True
                        raise self._worker_error(payload, sparql)
            handed_on = True
            status = {"done": False}
            pool = self.pool

            def abandon() -> None:
                if not status["done"]:
                    status["done"] = True
                    pool.discard(worker)

            stream = ResultStream(header["kind"], header["fmt"], header, chunks, False,
                                  rest=self._rest(worker, deadline, sparql, status), abandon=abandon)
            weakref.finalize(stream, abandon)  # a response that never read the rest must not keep the worker
            return stream
        except TimeoutError:
            self.pool.discard(worker, timed_out=True)
            handed_on = True
            raise self._timeout_error() from None
        finally:
            if not handed_on:
                self.pool.discard(worker)

    async def _rest(self, worker, deadline: float, sparql: str,  # type: ignore[no-untyped-def]
                    status: dict) -> AsyncIterator[bytes]:
        """The remaining chunks; the worker goes back to the pool only after a clean end."""
        assert self.pool is not None
        finished = False
        try:
            async with asyncio.timeout_at(deadline):
                while True:
                    kind, payload = await worker.frame()
                    if kind == b"D":
                        yield payload
                    elif kind == b"Z":
                        finished = True
                        self.pool.release(worker)
                        return
                    else:
                        finished = True
                        self.pool.release(worker)
                        raise self._worker_error(payload, sparql)
        except TimeoutError:
            finished = True
            self.pool.discard(worker, timed_out=True)
            raise self._timeout_error() from None
        finally:
            if not finished and not status["done"]:
                self.pool.discard(worker)
            status["done"] = True

    # ---------------------------------------------------------------- other stores: a thread
    async def _thread_query(self, sparql: str, default_graphs: list[str] | None,
                            named_graphs: list[str] | None) -> QueryResult:
        try:
            return await asyncio.wait_for(asyncio.to_thread(self.store.query, sparql, default_graphs=default_graphs,
                                                            named_graphs=named_graphs),
                                          self.settings.query_timeout)
        except TimeoutError:
            raise self._timeout_error() from None
        except InputError as e:
            raise _error("syntax", str(e), sparql) from e

    async def _in_thread(self, sparql: str, fmt: str, default_graphs: list[str] | None,
                         named_graphs: list[str] | None, max_rows: int | None) -> ResultStream:
        result = await self._thread_query(sparql, default_graphs, named_graphs)
        stats: dict = {"rows": 0, "truncated": False}
        if isinstance(result, bool):
            fmt = fmt if fmt in results.RESULT_KEYS else "json"
            return ResultStream("ask", fmt, {"kind": "ask", "fmt": fmt}, [results.boolean(result, fmt)], True, 0,
                                False)
        if isinstance(result, SelectResult):
            fmt = fmt if fmt in results.RESULT_KEYS else "json"
            chunks = list(results.solutions(_OxSolutions(result), fmt, max_rows, stats))
            return ResultStream("select", fmt, {"kind": "select", "fmt": fmt, "vars": result.variables}, chunks,
                                True, stats["rows"], stats["truncated"])
        fmt = fmt if fmt in results.GRAPH_RDF_FORMATS else "turtle"
        triples = (_ox_triple(t) for t in result)
        out = io.BytesIO()
        results.write_graph(results.capped(triples, max_rows, stats), fmt, out, PREFIXES)
        return ResultStream("graph", fmt, {"kind": "graph", "fmt": fmt}, [out.getvalue()], True, stats["rows"],
                            stats["truncated"])

    def close(self) -> None:
        """Stop the workers and delete their checkpoints."""
        if self.pool is not None:
            self.pool.close()
            if self.pool.snapshots is not None:
                self.pool.snapshots.close()

    async def _snapshot(self) -> str:
        """The path of the checkpoint of the current generation (made in a thread if it is new)."""
        assert self.pool is not None and self.pool.snapshots is not None
        snapshots, generation = self.pool.snapshots, self.generation
        latest = snapshots.latest
        if latest is None or snapshots.generation != generation:
            latest = await asyncio.to_thread(snapshots.current, generation)
            self.pool.snapshot_changed()
        return str(latest)


def _error(kind: str, message: str, sparql: str) -> Exception:
    if kind == "syntax":
        if looks_like_update(sparql):
            return InputError("this is a SPARQL Update; /sparql only answers queries: send updates to "
                              "POST /update with a write token (Authorization: Bearer ...)")
        message = message.removeprefix("malformed SPARQL query: ")
        return InputError(f"malformed SPARQL query: {message}; fix the query and send it again")
    if kind == "eval":
        return InputError(f"the query could not be evaluated: {message}")
    return StoreError(f"the store could not be read: {message}")


def _rdflib(t: tuple):  # type: ignore[no-untyped-def]
    """A worker's term tuple as the rdflib term (same mapping as graph.store.terms.to_rdflib)."""
    if t[0] == 0:
        return URIRef(t[1])
    if t[0] == 1:
        return BNode(t[1])
    if t[0] == 2:
        if t[3]:
            return Literal(t[1], lang=t[3])
        return Literal(t[1]) if t[2] == _XSD_STRING else Literal(t[1], datatype=URIRef(t[2]))
    raise TypeError("RDF 1.2 triple terms are not supported by rdflib results")


def _ox_triple(t: tuple):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox
    return ox.Triple(to_oxigraph(t[0]), to_oxigraph(t[1]), to_oxigraph(t[2]))


class _OxSolutions:
    """A SelectResult (rdflib terms) shaped like pyoxigraph's QuerySolutions, for results.solutions."""

    def __init__(self, result: SelectResult) -> None:
        import pyoxigraph as ox
        self.variables = [ox.Variable(v) for v in result.variables]
        self._rows = [[to_oxigraph(row[v]) if v in row else None for v in result.variables] for row in result.rows]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._rows)
