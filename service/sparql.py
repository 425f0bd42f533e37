"""The SPARQL 1.1 Protocol query endpoint, `/sparql` (read-only).

GET ?query=, POST application/x-www-form-urlencoded and POST application/sparql-query; the dataset
from default-graph-uri / named-graph-uri; results negotiated on Accept or `format`
(service.negotiation); errors as problem+json (400 malformed / missing / update, 413 too long,
415 wrong content type, 406 unservable format, 503 time limit). GET without a query answers the
SPARQL Service Description. CORS is answered here only, so the write routes never get it.
Queries run through the executor (worker processes under the time and row limits); small results
come whole with an ETag and are cached, large ones stream.
"""
from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from graph.errors import CouncilKGError, InputError, PayloadTooLarge, UnsupportedMediaType
from service import negotiation
from service.negotiation import GRAPH_FORMATS, RESULT_FORMATS
from service.problems import problem
from service.query_text import is_graph_query, looks_like_update
from service.service_description import service_description
from service.state import state

router = APIRouter(tags=["SPARQL"])

CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, X-SPARQL-Max-Rows, X-SPARQL-Truncated, X-SPARQL-Rows, X-Cache"}
UPDATE_HINT = ("/sparql only answers queries; send SPARQL Update to POST /update with a write token "
               "(Authorization: Bearer ...)")
QUERY_TYPES = "application/x-www-form-urlencoded or application/sparql-query"


def _parse_qs(raw: bytes, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(raw.decode("ascii", errors="strict") if raw.isascii() else raw.decode("utf-8"),
                        keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise InputError(f"the {where} is not valid UTF-8 ({e.reason}); percent-encode the query as UTF-8") from e


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) one longer than `limit` bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(_too_long(limit))
    data = bytearray()
    async for piece in request.stream():
        data += piece
        if len(data) > limit:
            raise PayloadTooLarge(_too_long(limit))
    return bytes(data)


def _too_long(limit: int) -> str:
    return (f"the query is longer than the {limit:,} byte limit (COUNCILKG_MAX_QUERY_BYTES); shorten it "
            "(e.g. move long VALUES lists into fewer, more selective patterns)")


async def _parameters(request: Request) -> dict[str, list[str]]:
    """The protocol parameters of a GET or POST request, with the query under "query"."""
    max_bytes = state(request).settings.max_query_bytes
    params = _parse_qs(request.scope.get("query_string", b""), "URL query string")
    if request.method in ("GET", "HEAD"):
        return params
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    charset = _charset(request.headers.get("content-type", ""))
    if media == "application/x-www-form-urlencoded":
        form = _parse_qs(await _body(request, 3 * max_bytes + 4096), "form body")
        for name, values in form.items():
            params.setdefault(name, []).extend(values)
        return params
    if media == "application/sparql-query":
        if charset not in (None, "utf-8", "utf8", "us-ascii"):
            raise UnsupportedMediaType(f"the query is sent as {charset}; send it as UTF-8 "
                                       "(Content-Type: application/sparql-query; charset=utf-8)")
        raw = await _body(request, max_bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"the query body is not valid UTF-8 ({e.reason}); send it as UTF-8") from e
        if "query" in params:
            raise InputError("send the query either in the body or in the URL, not both")
        params["query"] = [text]
        return params
    if media == "application/sparql-update":
        raise InputError(UPDATE_HINT)
    if not media:
        raise UnsupportedMediaType(f"the POST has no Content-Type; send the query as {QUERY_TYPES}")
    raise UnsupportedMediaType(f"cannot read a query sent as {media}; send it as {QUERY_TYPES}")


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise InputError(f"send one `{name}` parameter, not {len(values)}")
    return values[0] if values else None


@router.api_route("/sparql", methods=["GET", "HEAD", "POST"], summary="SPARQL 1.1 query endpoint",
                  response_class=Response,
                  responses={200: {"description": "Query results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE, and "
                                                  "the service description without a query), by Accept or format",
                                   "content": {f.media_type: {} for f in (*RESULT_FORMATS, *GRAPH_FORMATS)}}})
async def sparql_endpoint(request: Request) -> Response:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); without one, the service description.
    Errors are problem+json with the CORS headers too, so browser clients can read them."""
    try:
        return await _answer(request)
    except CouncilKGError as e:
        response = problem(e.http_status, e.title, str(e))
        response.headers.update(CORS)
        return response


async def _answer(request: Request) -> Response:
    app_state = state(request)
    params = await _parameters(request)
    if "update" in params:
        raise InputError(UPDATE_HINT)
    query = _one(params, "query")
    accept = request.headers.get("accept")
    format_values = list(dict.fromkeys(params.get("format") or []))  # SPARQLWrapper repeats it
    format_param = format_values[0] if format_values else None
    if query is None:
        if request.method == "POST":
            raise InputError("the request has no `query`; send one (GET /sparql?query=... or POST "
                             f"{QUERY_TYPES})")
        fmt = negotiation.choose(GRAPH_FORMATS, accept, format_param)
        body = await asyncio.to_thread(service_description, app_state.settings, app_state.store, fmt.key)
        return Response(b"" if request.method == "HEAD" else body, media_type=fmt.content_type,
                        headers={**CORS, "Vary": "Accept"})
    if not query.strip():
        raise InputError("the `query` is empty; send a SPARQL query, e.g. ASK { ?s ?p ?o }")
    if len(query.encode("utf-8")) > app_state.settings.max_query_bytes:
        raise PayloadTooLarge(_too_long(app_state.settings.max_query_bytes))
    if looks_like_update(query):
        raise InputError(UPDATE_HINT)
    fmt = negotiation.choose(GRAPH_FORMATS if is_graph_query(query) else RESULT_FORMATS, accept, format_param)
    default_graphs = params.get("default-graph-uri") or None
    named_graphs = params.get("named-graph-uri") or None

    executor = app_state.executor
    etag = await executor.etag(query, fmt.key, default_graphs, named_graphs)
    headers = {**CORS, "Vary": "Accept", "ETag": etag, "Cache-Control": "no-cache",
               "X-SPARQL-Max-Rows": str(app_state.settings.max_rows)}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    result = await executor.open(query, fmt.key, default_graphs, named_graphs)
    media = negotiation.BY_KEY[result.fmt].content_type
    if result.complete:
        headers["X-SPARQL-Truncated"] = "true" if result.truncated else "false"
        if result.kind == "select" and result.rows is not None:
            headers["X-SPARQL-Rows"] = str(result.rows)
        headers["X-Cache"] = "hit" if result.cached else "miss"
        body = b"".join(result.chunks)
        return Response(b"" if request.method == "HEAD" else body, media_type=media, headers=headers)
    if request.method == "HEAD":
        await result.aclose()
        return Response(b"", media_type=media, headers=headers)
    return StreamingResponse(result.body(), media_type=media, headers=headers)


@router.options("/sparql", include_in_schema=False)
async def sparql_options() -> Response:
    """CORS preflight and the methods this endpoint answers."""
    return Response(status_code=204, headers={
        **CORS, "Allow": "GET, HEAD, POST, OPTIONS",
        "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
        "Access-Control-Max-Age": "86400"})
