"""A query worker process: runs SPARQL queries on a read-only view of the embedded store.

Started by `service.executor` as `python -m service.query_worker STORE_DIR PREFIXES_JSON`. Pyoxigraph
cannot interrupt a query (oxigraph issue 1926), so each query runs in a process the service can
SIGKILL at its time limit; a pool of them also lets queries use every core.

Protocol on stdin/stdout (stdout is kept for frames only; stray prints go to stderr):
  request   4-byte big-endian length + JSON {"q", "dg", "ng", "from", "protocol", "fmt", "max", "path"}
  response  frames of 1 type byte + 4-byte big-endian length + payload, either one frame
            R  4-byte header length + JSON {"kind", "fmt", ("vars"), "rows", "truncated"} + the whole
               serialized result                                 a result smaller than CHUNK
            or a stream
            H  JSON {"kind": select|ask|graph, "fmt": key}      once, first
            D  a piece of the serialized result                  zero or more
            Z  JSON {"rows": n, "truncated": bool}               last, on success
            E  JSON {"error": syntax|eval, "message": text}      last (or alone), on failure
Most answers are small and go as the single R frame: one write, one read and one JSON parse per
query instead of three frames (the pipe hop is a good part of a point lookup's time).
`path` is the store checkpoint to read (`service.snapshots`, one per store generation): when it differs
from the one the worker has open, the worker opens it first, so it sees every write committed
before the request. Workers never open the live store directory while the service writes it
(pyoxigraph: undefined behaviour). `fmt` "raw" returns marshalled term tuples for `executor.run`.
"""
from __future__ import annotations

import json
import marshal
import os
import struct
import sys

import pyoxigraph as ox

from service import results

CHUNK = 1 << 16


def raw_term(t: object) -> tuple | None:
    """A term as a marshal-able tuple: (0, iri), (1, bnode id), (2, lexical, datatype, lang), (3, s, p, o)."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return (0, t.value)
    if isinstance(t, ox.BlankNode):
        return (1, t.value)
    if isinstance(t, ox.Literal):
        return (2, t.value, t.datatype.value, t.language)
    return (3, raw_term(t.subject), raw_term(t.predicate), raw_term(t.object))


class Frames:
    """Buffered frame writer; also a binary file object (write/flush) for pyoxigraph's serializers.

    The header (`begin`) is held back until the result outgrows CHUNK: a result that never does
    goes out whole as one R frame at `finish`."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.out = bytearray()
        self.pending = bytearray()
        self.header: dict | None = None

    def begin(self, header: dict) -> None:
        self.header = header

    def _start_stream(self) -> None:
        if self.header is not None:
            self._frame(b"H", json.dumps(self.header).encode())
            self.header = None

    def _frame(self, kind: bytes, payload: bytes) -> None:
        self.out += kind + struct.pack(">I", len(payload)) + payload
        if len(self.out) >= CHUNK:
            self.send()

    def data(self, payload: bytes) -> None:
        """One D frame as it is (the raw format's marshalled batches)."""
        if self.pending:
            self._flush_pending()
        self._start_stream()
        self._frame(b"D", payload)

    def write(self, data: bytes) -> int:
        self.pending += data
        if len(self.pending) >= CHUNK:
            self._flush_pending()
        return len(data)

    def _flush_pending(self) -> None:
        self._start_stream()
        self._frame(b"D", bytes(self.pending))
        self.pending.clear()

    def flush(self) -> None:
        """Called by pyoxigraph's serializers; pieces are sent by size, not on every flush."""

    def finish(self, stats: dict) -> None:
        """The end of a successful answer: the whole result as one R frame, or the stream's Z."""
        if self.header is not None:
            head = json.dumps({**self.header, **stats}).encode()
            self._frame(b"R", struct.pack(">I", len(head)) + head + self.pending)
            self.header = None
        else:
            if self.pending:
                self._flush_pending()
            self._frame(b"Z", json.dumps(stats).encode())
        self.pending.clear()
        self.send()

    def fail(self, error: str, message: str) -> None:
        """The end of a failed answer: what was not sent yet is dropped, the E frame goes."""
        self.pending.clear()
        self.header = None
        self._frame(b"E", json.dumps({"error": error, "message": message}).encode())
        self.send()

    def send(self) -> None:
        with memoryview(self.out) as view:
            sent = 0
            while sent < len(view):
                sent += os.write(self.fd, view[sent:])
        self.out.clear()


def _read_exact(fd: int, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        piece = os.read(fd, n - len(data))
        if not piece:
            return b""
        data += piece
    return bytes(data)


def _dataset(req: dict) -> dict:
    """pyoxigraph keyword arguments for the request's dataset.

    Protocol requests (SPARQL 1.1 Protocol section 2.1.4): default-graph-uri / named-graph-uri
    replace the dataset entirely (only named graphs given: an empty default graph); without them
    the query's FROM / FROM NAMED decide; without those, the default graph is the union of all
    graphs. Internal requests (`executor.run`) keep `EmbeddedStore.query`'s semantics exactly."""
    dg, ng = req.get("dg"), req.get("ng")
    kwargs: dict = {}
    if not req.get("protocol"):
        if dg:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dg]
        else:
            kwargs["use_default_graph_as_union"] = True
        if ng:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in ng]
        return kwargs
    if dg or ng:
        return {"default_graph": [ox.NamedNode(g) for g in dg or []],
                "named_graphs": [ox.NamedNode(g) for g in ng or []]}
    if req.get("from"):
        return {}
    return {"use_default_graph_as_union": True}


def answer(store: ox.Store, req: dict, out: Frames, prefixes: dict[str, str]) -> None:
    result = store.query(req["q"], **_dataset(req))
    fmt, max_rows, stats = req["fmt"], req.get("max"), {"rows": 0, "truncated": False}
    if isinstance(result, ox.QueryBoolean):
        out.begin({"kind": "ask", "fmt": fmt})
        if fmt == "raw":
            out.data(marshal.dumps(bool(result)))
        else:
            out.write(results.boolean(bool(result), fmt if fmt in results.RESULT_KEYS else "json"))
    elif isinstance(result, ox.QuerySolutions):
        if fmt not in results.RESULT_KEYS and fmt != "raw":
            fmt = "json"
        out.begin({"kind": "select", "fmt": fmt, "vars": [v.value for v in result.variables]})
        if fmt == "raw":
            width, batch = len(result.variables), []
            for solution in result:
                batch.append(tuple(raw_term(solution[i]) for i in range(width)))
                stats["rows"] += 1
                if len(batch) >= results.BATCH:
                    out.data(marshal.dumps(batch))
                    batch = []
            if batch:
                out.data(marshal.dumps(batch))
        elif fmt == "json":
            try:
                results.native_json(result, max_rows, stats, out)
            except Exception:
                if out.header is None:  # part of it has gone: the error goes to the client
                    raise
                out.pending.clear()  # nothing sent yet: the result again, written from the terms
                result = store.query(req["q"], **_dataset(req))
                for piece in results.solutions(result, fmt, max_rows, stats):
                    out.write(piece)
        else:
            for piece in results.solutions(result, fmt, max_rows, stats):
                out.write(piece)
    else:
        if fmt not in results.GRAPH_RDF_FORMATS and fmt != "raw":
            fmt = "turtle"
        out.begin({"kind": "graph", "fmt": fmt})
        if fmt == "raw":
            out.data(marshal.dumps([(raw_term(t.subject), raw_term(t.predicate), raw_term(t.object))
                                           for t in result]))
        else:
            results.write_graph(results.capped(result, max_rows, stats), fmt, out, prefixes)
    out.finish(stats)


def _storage_failure(e: Exception) -> bool:
    """Whether a failure while evaluating came from reading the files (the operator's problem, a
    503), not from the query (the user's, a 400)."""
    return isinstance(e, OSError) or (isinstance(e, RuntimeError) and any(
        word in str(e) for word in ("Corruption", "IO error")))


def main() -> None:
    path = sys.argv[1]
    prefixes = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    out_fd = os.dup(1)
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the frames
    store, opened = None, None
    while True:
        header = _read_exact(0, 4)
        if not header:
            return
        req = json.loads(_read_exact(0, struct.unpack(">I", header)[0]))
        out = Frames(out_fd)
        wanted = req.get("path") or path
        try:
            if store is None or wanted != opened:
                store = opened = None
                store = ox.Store.read_only(wanted)
                opened = wanted
        except (OSError, RuntimeError) as e:
            out.fail("store", str(e))
            continue
        try:
            answer(store, req, out, prefixes)
        except SyntaxError as e:
            out.fail("syntax", str(e))
        except Exception as e:  # noqa: BLE001 - every failure goes back to the client as a message
            out.fail("store" if _storage_failure(e) else "eval", f"{type(e).__name__}: {e}")


if __name__ == "__main__":
    main()
