"""The remote store: the Store interface over a SPARQL 1.1 server's Query, Update and Graph Store
HTTP protocols, so the graph can live in Oxigraph server, Virtuoso, Fuseki or GraphDB.

`COUNCILKG_STORE=sparql+http://[user:password@]host:port/path` names the server; the engine profile
(graph.store.remote_engines) derives the endpoints and papers over the differences the rest of
councilkg would otherwise see: the default graph is made the union of the named graphs, the
engine's own system graphs are kept out of sight, and a time limit reaches engines that take one
per query. Every write appends the same store-version bump as the embedded store, in the same
request, so ETags and caches notice changes made through any councilkg process.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import CouncilKGError, InputError, QueryTimeout, StoreError
from graph.settings import Settings, settings
from graph.store.base import SelectResult, Store, graph_insert_update
from graph.store.embedded import META_GRAPH_KEY, VERSION_PREDICATE, rdf_format, version_update
from graph.store.remote_engines import Endpoints, Engine, endpoints, engine_for
from graph.store.terms import iri, to_rdflib
from graph.uris import named_graph

XSD = "http://www.w3.org/2001/XMLSchema#"
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
GRACE_SECONDS = 1.0
"""Extra time the HTTP client waits past the query limit, so an engine's own timeout reply wins."""
PASS_THROUGH_GRACE = (2.0, 0.25)
"""For engines given the limit with the query: 2 s + a quarter of the limit (Virtuoso overshoots its own
`timeout` by about half a second, more on a busy machine)."""
CHUNK = 1 << 16

_TOKENS = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*|[^<\"'#]+|.", re.S)
_FORM = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>|define\s+\S+\s+(?:<[^>]*>|\S+))\s*)*"
                   r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_CANCELLED = ("The SPARQL operation has been cancelled", "Virtuoso S1TAT")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (or "" when unclear): decides which result format to ask for,
    since some engines (Virtuoso) answer a CONSTRUCT with a results table when offered both."""
    text = "".join(" " if tok.startswith("#") else tok for tok in _TOKENS.findall(sparql[:20000]))
    m = _FORM.match(text)
    return m.group(1).upper() if m else ""


def _term(binding: dict[str, str]) -> Node:
    """A SPARQL JSON results binding as an rdflib term (also SPARQL 1.0's "typed-literal")."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if binding.get("xml:lang"):
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if not datatype or datatype == XSD + "string":
        return Literal(value)
    if datatype == XSD + "boolean" and value in ("0", "1"):  # Virtuoso writes booleans as 0/1 in JSON
        value = "true" if value == "1" else "false"
    return Literal(value, datatype=URIRef(datatype))


def _engine_message(response: httpx.Response) -> str:
    """The engine's error text without the query it echoes back (Virtuoso quotes the whole query)."""
    text = response.text.strip()
    text = text.split("\n\nSPARQL query:")[0].strip()
    return text[:2000] or f"HTTP {response.status_code}"


def _triples(data: bytes, content_type: str) -> Iterator[ox.Triple]:
    mime = (content_type or N_TRIPLES).split(";")[0].strip()
    if mime == "text/plain":  # Virtuoso's name for N-Triples
        mime = N_TRIPLES
    fmt = ox.RdfFormat.from_media_type(mime)
    if fmt is None:
        raise StoreError(f"the remote store answered with {mime!r}, which councilkg cannot read")
    for t in ox.parse(data, format=fmt):
        yield t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object)


class RemoteStore(Store):
    """A SPARQL 1.1 server as the store. Thread-safe: one pooled HTTP client shared by all calls."""

    def __init__(self, urls: Endpoints, engine: Engine, *, query_timeout: float = 10.0,
                 update_timeout: float = 300.0) -> None:
        self.urls = urls
        self.engine = engine
        self.supports_lateral = engine.lateral
        self.query_timeout = query_timeout
        self.update_timeout = update_timeout
        auth: httpx.Auth | None = None
        if urls.user:
            auth = (httpx.DigestAuth if engine.auth == "digest" else httpx.BasicAuth)(urls.user, urls.password)
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(update_timeout, connect=10.0),
                                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=8))

    @classmethod
    def from_url(cls, url: str, config: Settings | None = None) -> RemoteStore:
        """The store at `sparql+http(s)://...`, with the COUNCILKG_REMOTE_* settings applied."""
        config = config or settings()
        path = httpx.URL(url[len("sparql+"):]).path if url.startswith("sparql+") else ""
        engine = engine_for(config.remote_engine, path, config.remote_system_graphs, config.remote_auth)
        urls = endpoints(url, engine, query_url=config.remote_query_url, update_url=config.remote_update_url,
                         gsp_url=config.remote_gsp_url, user=config.remote_user, password=config.remote_password)
        return cls(urls, engine, query_timeout=config.query_timeout, update_timeout=config.remote_update_timeout)

    # ---------------------------------------------------------------- HTTP
    def _unreachable(self, url: str, e: Exception) -> StoreError:
        return StoreError(f"cannot reach the remote store at {url}: {e}; check that the server is running and "
                          "COUNCILKG_STORE (or COUNCILKG_REMOTE_*_URL) points at it")

    def _check(self, response: httpx.Response, what: str) -> None:
        """Raise the councilkg error for a failed response (the body has been read)."""
        if response.is_success:
            return
        message = _engine_message(response)
        if any(m in message for m in _CANCELLED):
            raise QueryTimeout(f"the remote store stopped the {what} at its time limit: {message}")
        if response.status_code == 400:
            raise InputError(f"malformed SPARQL {what}: {message}")
        if response.status_code in (401, 403) or "SECURITY" in message:
            raise StoreError(f"the remote store refused the {what} ({message}); give credentials allowed to "
                             "write (COUNCILKG_REMOTE_USER/PASSWORD or user:password@ in COUNCILKG_STORE)")
        raise StoreError(f"the remote store failed the {what} (HTTP {response.status_code}): {message}")

    def _read(self, method: str, url: str, *, deadline: float | None, what: str, missing_ok: bool = False,
              **kwargs: Any) -> tuple[bytes, httpx.Response]:
        """One request, its body read in chunks under an overall deadline (engines stream results, so a
        per-read timeout alone would let a slow trickle run on). With `missing_ok`, a 404 is an empty body."""
        limit = self.query_timeout
        started = time.monotonic()
        try:
            read_timeout = None if deadline is None else max(0.1, deadline - started)
            timeout = httpx.Timeout(read_timeout or self.update_timeout, connect=10.0)
            with self._client.stream(method, url, timeout=timeout, **kwargs) as response:
                if response.headers.get("x-sql-state") == "S1TAT":  # Virtuoso: partial "anytime" result
                    raise QueryTimeout(f"the remote store stopped the {what} at its {limit:g} s time limit "
                                       "(COUNCILKG_QUERY_TIMEOUT); make it more selective or add a LIMIT")
                if missing_ok and response.status_code == 404:
                    return b"", response
                if not response.is_success:
                    response.read()
                    self._check(response, what)
                body = bytearray()
                for chunk in response.iter_bytes(CHUNK):
                    body.extend(chunk)
                    if deadline is not None and time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline passed")
                data = bytes(body)
        except httpx.ConnectError as e:
            raise self._unreachable(url, e) from e
        except httpx.TimeoutException as e:
            if isinstance(e, httpx.ConnectTimeout):
                raise self._unreachable(url, e) from e
            if deadline is None:
                outcome = "; it may or may not have applied" if what in ("update", "load") else ""
                raise StoreError(f"the remote store did not finish the {what} within {self.update_timeout:g} s "
                                 f"(COUNCILKG_REMOTE_UPDATE_TIMEOUT){outcome}") from e
            raise QueryTimeout(f"the {what} ran longer than {limit:g} s (COUNCILKG_QUERY_TIMEOUT); make it more "
                               "selective or add a LIMIT") from e
        except httpx.HTTPError as e:
            raise StoreError(f"the remote store at {url} failed: {e}") from e
        return data, response

    # ---------------------------------------------------------------- reads
    def _dataset_params(self, sparql: str, default_graphs: list[str] | None,
                        named_graphs: list[str] | None) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {}
        if default_graphs:
            params["default-graph-uri"] = list(default_graphs)
        elif named_graphs and "union-default-graph" in self.engine.union_params:
            # Oxigraph server refuses union-default-graph next to named-graph-uri: name the union's graphs
            params["default-graph-uri"] = self.named_graphs() or ["urn:councilkg:no-graph"]
        else:
            params.update(self.engine.union_params)
        if named_graphs:
            params["named-graph-uri"] = list(named_graphs)
        if self.engine.timeout_param:
            params[self.engine.timeout_param] = str(int(self.query_timeout * self.engine.timeout_unit))
        return sparql, params

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> SelectResult | bool | Graph:
        form = query_form(sparql)
        accept = {"SELECT": RESULTS_JSON, "ASK": RESULTS_JSON, "CONSTRUCT": N_TRIPLES, "DESCRIBE": N_TRIPLES}.get(
            form, f"{RESULTS_JSON}, {N_TRIPLES};q=0.9, text/turtle;q=0.8")
        text, params = self._dataset_params(sparql, default_graphs, named_graphs)
        grace = GRACE_SECONDS
        if self.engine.timeout_param:
            grace = PASS_THROUGH_GRACE[0] + PASS_THROUGH_GRACE[1] * self.query_timeout
        deadline = time.monotonic() + self.query_timeout + grace
        data, response = self._read("POST", self.urls.query, deadline=deadline, what="query",
                                    data={"query": text, **params}, headers={"Accept": accept})
        content_type = response.headers.get("content-type", "")
        if "json" in content_type and "ld+json" not in content_type:
            return self._parse_results(data)
        try:
            g = Graph()
            for t in _triples(data, content_type):
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        except SyntaxError as e:
            raise self._incomplete(data, e) from e
        return g

    def _incomplete(self, data: bytes, e: Exception) -> CouncilKGError:
        tail = data[-300:].decode("utf-8", "replace")
        if any(m in tail for m in _CANCELLED):  # Oxigraph server: 200, then the stream is cut at its timeout
            return QueryTimeout("the remote store stopped the query at its time limit (oxigraph serve "
                                "--timeout-s); make it more selective or add a LIMIT")
        return StoreError(f"the remote store sent an unreadable result ({e}): ...{tail}")

    def _parse_results(self, data: bytes) -> SelectResult | bool:
        import json

        try:
            doc = json.loads(data)
        except ValueError as e:
            raise self._incomplete(data, e) from e
        if "boolean" in doc:
            return bool(doc["boolean"])
        variables = list(doc.get("head", {}).get("vars", []))
        rows = [{k: _term(v) for k, v in b.items()} for b in doc.get("results", {}).get("bindings", [])]
        return SelectResult(variables, rows)

    def named_graphs(self) -> list[str]:
        result = self.query(self.engine.graph_list_query)
        assert isinstance(result, SelectResult)
        hidden = set(self.engine.system_graphs)
        return sorted({str(g) for g in result.column("g") if isinstance(g, URIRef) and str(g) not in hidden})

    def _gsp_get(self, name: str, accept: str) -> tuple[bytes, str] | None:
        data, response = self._read("GET", self.urls.gsp, deadline=None, what="graph read", missing_ok=True,
                                    params={"graph": name}, headers={"Accept": accept})
        if response.status_code == 404:
            return None
        return data, response.headers.get("content-type", accept)

    def graph(self, name: str) -> Graph:
        g = Graph()
        got = self._gsp_get(name, N_TRIPLES)
        if got is not None:
            for t in _triples(*got):
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def dump(self, mime_type: str) -> Iterator[bytes]:
        fmt = rdf_format(mime_type)
        if fmt not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            raise InputError(f"a dump is N-Quads or TriG, not {mime_type}")
        if self.engine.dataset_dump:
            yield from self._stream_dataset(fmt)
            return
        for name in self.named_graphs():
            got = self._gsp_get(name, N_TRIPLES)
            if got is None:
                continue
            graph = ox.NamedNode(name)
            quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in _triples(*got)]
            data = ox.serialize(quads, format=fmt) or b""
            for i in range(0, len(data), CHUNK):
                yield data[i:i + CHUNK]

    def _stream_dataset(self, fmt: ox.RdfFormat) -> Iterator[bytes]:
        """The whole dataset straight from the engine (Oxigraph: GSP GET without a graph), chunk by chunk."""
        try:
            with self._client.stream("GET", self.urls.gsp, headers={"Accept": fmt.media_type},
                                     timeout=httpx.Timeout(self.update_timeout, connect=10.0)) as response:
                if not response.is_success:
                    response.read()
                    self._check(response, "dump")
                yield from response.iter_bytes(CHUNK)
        except httpx.TransportError as e:
            raise self._unreachable(self.urls.gsp, e) from e

    def version(self) -> str:
        meta = iri(named_graph(META_GRAPH_KEY))
        result = self.query(f"SELECT ?v WHERE {{ GRAPH {meta} {{ {meta} <{VERSION_PREDICATE}> ?v }} }} LIMIT 1")
        assert isinstance(result, SelectResult)
        values = result.column("v")
        return str(values[0]) if values else "empty"

    # ---------------------------------------------------------------- writes
    def update(self, sparql: str) -> None:
        """One SPARQL Update request with the version bump appended (and, on engines that do not apply a
        request atomically, also prepended, so a half-applied request still changes the version).
        On engines with `gsp_inserts` (Virtuoso), graph contents go as Graph Store POSTs in between."""
        steps = plan_update(sparql.strip(), self.engine.gsp_inserts) if sparql.strip() else []
        if steps and steps[-1][0] == "update":
            steps[-1] = ("update", f"{steps[-1][1]} ;\n{version_update()}")
        else:
            steps.append(("update", version_update()))
        if not self.engine.atomic_updates and sparql.strip():
            if steps[0][0] == "update":
                steps[0] = ("update", f"{version_update()} ;\n{steps[0][1]}")
            else:
                steps.insert(0, ("update", version_update()))
        for kind, payload in steps:
            if kind == "update":
                self._read("POST", self.urls.update, deadline=None, what="update", data={"update": payload},
                           headers={"Accept": f"{RESULTS_JSON}, text/plain;q=0.5, */*;q=0.1"})
            else:
                self._post_triples(kind, payload.encode("utf-8"))

    def _post_triples(self, graph: str, ntriples: bytes) -> None:
        self._read("POST", self.urls.gsp, deadline=None, what="load", params={"graph": graph}, content=ntriples,
                   headers={"Content-Type": "text/turtle; charset=utf-8"})

    def load(self, data: bytes | str, mime_type: str, graph: str) -> None:
        """Parse here (a clear error for bad data, and one format every engine takes), then GSP POST as
        N-Triples: blank nodes stay blank, whatever the engine's INSERT DATA allows."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        fmt = rdf_format(mime_type)
        try:
            triples = [t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object)
                       for t in ox.parse(raw, format=fmt)]
        except SyntaxError as e:
            raise InputError(f"the {mime_type} data does not parse: {e}") from e
        iri(graph)
        self._post_triples(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        self.update("")

    def replace_graphs(self, graphs: dict[str, Graph]) -> None:
        if graphs:
            self.update(graph_insert_update(graphs) if self.engine.gsp_inserts else replace_update(graphs))

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        names = list(graphs)
        if names:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {iri(g)}" for g in names))

    def clear(self) -> None:
        """Remove councilkg's data; on engines with system graphs, only the other graphs are dropped."""
        names = self.named_graphs()
        drops = " ;\n".join(f"DROP SILENT GRAPH {iri(g)}" for g in names)
        if not self.engine.system_graphs:
            drops = "DROP SILENT ALL"
        if drops:
            self._read("POST", self.urls.update, deadline=None, what="update", data={"update": drops})

    def close(self) -> None:
        self._client.close()



_INSERT_DATA = re.compile(r"INSERT DATA \{ GRAPH (<[^>\s]*>) \{\n(.*)\n\} \}", re.S)


def plan_update(text: str, gsp_inserts: bool) -> list[tuple[str, str]]:
    """The update as steps: ("update", SPARQL text) or (graph IRI, N-Triples for a Graph Store POST).

    Without `gsp_inserts` it is one step, the text as given. With it, councilkg's own INSERT DATA form
    (base.graph_insert_update: `INSERT DATA { GRAPH <g> {` newline, N-Triples, newline `} }`) becomes a
    POST of those triples; the operations around it stay SPARQL, in order."""
    if not gsp_inserts:
        return [("update", text)]
    steps: list[tuple[str, str]] = []
    pending: list[str] = []
    for op in text.split(" ;\n"):
        m = _INSERT_DATA.fullmatch(op.strip())
        if m is None:
            pending.append(op)
            continue
        if pending:
            steps.append(("update", " ;\n".join(pending)))
            pending = []
        steps.append((m.group(1)[1:-1], m.group(2)))
    if pending:
        steps.append(("update", " ;\n".join(pending)))
    return steps


def replace_update(graphs: dict[str, Graph]) -> str:
    """Like base.graph_insert_update, but graphs holding blank nodes are written with INSERT {..} WHERE {}:
    Virtuoso refuses blank nodes in INSERT DATA, and a template's blank nodes are fresh on every engine."""
    parts = []
    for name, g in graphs.items():
        parts.append(f"DROP SILENT GRAPH {iri(name)}")
        body = g.serialize(format="nt")
        if not body.strip():
            continue
        has_bnodes = any(isinstance(t, BNode) for triple in g for t in triple)
        if has_bnodes:
            parts.append(f"INSERT {{ GRAPH {iri(name)} {{\n{body}\n}} }} WHERE {{ }}")
        else:
            parts.append(f"INSERT DATA {{ GRAPH {iri(name)} {{\n{body}\n}} }}")
    return " ;\n".join(parts)


__all__ = ["RemoteStore", "query_form", "replace_update", "plan_update"]
