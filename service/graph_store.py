"""The SPARQL 1.1 Graph Store HTTP Protocol for named graphs (/rdf-graphs/service): GET and HEAD
are open reads served by the query executor; PUT (replace), POST (merge) and DELETE need a write
token and are validated with SHACL before commit (graph.validated_writes). `?default` names the
default graph, the read-only union of the named graphs. Included by service.writes' router.
"""
from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from graph.errors import InputError, NotFound
from service.auth import require_writer
from service.state import state
from service.writes import _ERRORS, RDF_TYPES, _text_body, locked_write, media_type, read_body

router = APIRouter(tags=["writes"])

_GSP_PATH = "/rdf-graphs/service"
_SERIALISE = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
              "application/rdf+xml": "xml"}


def _target(graph: str | None, default: str | None, writing: bool) -> str | None:
    """The graph IRI a Graph Store request names (None: the default graph)."""
    from graph.validated_writes import check_graph_iri

    if (graph is None) == (default is None):
        raise InputError("name exactly one graph: ?graph=<IRI> or ?default")
    if graph is None:
        if writing:
            raise InputError("the default graph is the read-only union of the named graphs; "
                             "write to a named graph with ?graph=<IRI>")
        return None
    return check_graph_iri(graph)


def _accept(request: Request) -> str:
    accept = request.headers.get("accept", "")
    for part in accept.split(","):
        kind = part.split(";")[0].strip().lower()
        if kind in _SERIALISE:
            return kind
    return "text/turtle"


_GRAPH_CONTENT = {"description": "the graph", "content": {t: {"schema": {"type": "string"}} for t in _SERIALISE}}


_READ = {"response_class": Response,
         "responses": {200: _GRAPH_CONTENT, **{k: _ERRORS[k] for k in (400, 404, 422, 503)}}}


@router.head(_GSP_PATH, operation_id="gsp_head", summary="Graph Store Protocol: does a named graph exist",
             **_READ)  # type: ignore[arg-type]
@router.get(_GSP_PATH, operation_id="gsp_get",
            summary="Graph Store Protocol: read a named graph (or ?default, the union of all)",
            **_READ)  # type: ignore[arg-type]
async def gsp_get(request: Request, graph: str | None = Query(None, description="the named graph's IRI"),
                  default: str | None = Query(None, description="present: the default graph")) -> Response:
    """Served by the query executor (worker processes, under the query time limit, streamed), so
    reading a large graph costs a reader what any query costs."""
    from graph.store.terms import iri

    name = _target(graph, default, writing=False)
    st = state(request)
    kind = _accept(request)
    if name is not None and not await run_in_threadpool(st.store.has_graph, name):
        raise NotFound(f"there is no graph {name}; SPARQL `SELECT DISTINCT ?g {{ GRAPH ?g {{}} }}` lists them")
    if request.method == "HEAD":
        return Response(b"", media_type=kind)
    where = "?s ?p ?o" if name is None else f"GRAPH {iri(name)} {{ ?s ?p ?o }}"
    pieces = st.executor.stream(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", kind)
    try:
        first = await pieces.__anext__()  # errors (time limit) come before the first piece, as problems
    except StopAsyncIteration:
        first = b""

    async def body() -> AsyncIterator[bytes]:
        yield first
        async for piece in pieces:
            yield piece

    return StreamingResponse(body(), media_type=kind)


async def _gsp_write(request: Request, graph: str | None, default: str | None, merge: bool) -> Response:
    from graph.validated_writes import parse_rdf, put_graph

    st = state(request)
    name = _target(graph, default, writing=True)
    assert name is not None
    kind = media_type(request, RDF_TYPES)
    body = await read_body(request, st.settings.max_document_bytes)
    g = await run_in_threadpool(parse_rdf, body, kind, name)
    result = await locked_write(request, lambda: put_graph(st.store, name, g, merge=merge), graphs=lambda _: (name,))
    return Response(status_code=201 if result.created else 204)


_GSP_WRITE = {"dependencies": [Depends(require_writer)], "response_class": Response,
              "responses": {201: {"description": "graph created"}, 204: {"description": "graph written"}, **_ERRORS},
              "openapi_extra": _text_body(RDF_TYPES)}


@router.put(_GSP_PATH, status_code=204, summary="Graph Store Protocol: replace a named graph (validated)",
            **_GSP_WRITE)  # type: ignore[arg-type]
async def gsp_put(request: Request, graph: str | None = Query(None), default: str | None = Query(None)) -> Response:
    return await _gsp_write(request, graph, default, merge=False)


@router.post(_GSP_PATH, status_code=204, summary="Graph Store Protocol: add triples to a named graph (validated)",
             **_GSP_WRITE)  # type: ignore[arg-type]
async def gsp_post(request: Request, graph: str | None = Query(None), default: str | None = Query(None)) -> Response:
    return await _gsp_write(request, graph, default, merge=True)


@router.delete(_GSP_PATH, status_code=204, dependencies=[Depends(require_writer)], response_class=Response,
               responses={204: {"description": "graph removed"}, **_ERRORS},
               summary="Graph Store Protocol: remove a named graph")
async def gsp_delete(request: Request, graph: str | None = Query(None),
                     default: str | None = Query(None)) -> Response:
    from graph.validated_writes import delete_graph

    st = state(request)
    name = _target(graph, default, writing=True)
    assert name is not None
    await locked_write(request, lambda: delete_graph(st.store, name), graphs=lambda _: (name,))
    return Response(status_code=204)
