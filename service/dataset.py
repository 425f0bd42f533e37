"""The dataset as a whole: its VoID/DCAT description and its full dumps.

  GET /.well-known/void          VoID + DCAT (Turtle by default; JSON-LD, N-Triples, RDF/XML by Accept)
  GET /dumps/councilkg.nq.gz     every named graph as N-Quads, gzip, streamed
  GET /dumps/councilkg.trig.gz   the same as TriG

Both carry an ETag derived from the store version, so a harvester can poll cheaply
(If-None-Match -> 304). The description is computed once per store version and cached.
`void_graph(request)` is the reusable entry point (e.g. for a DCAT catalogue record elsewhere).
"""
from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator, Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from rdflib import Graph

from graph.errors import NotFound
from service.conneg import DATA_FORMATS, content_type, documented, negotiate, serialize
from service.state import state
from service.void import DUMPS, compute_void

router = APIRouter(tags=["dataset"])

_cache: dict[str, Graph] = {}
_serialized: dict[str, bytes] = {}
"""The VoID document's bytes by ETag (store version and format)."""
_cache_lock = asyncio.Lock()


async def _version(request: Request) -> str:
    return await asyncio.to_thread(state(request).store.version)


async def void_graph(request: Request) -> Graph:
    """The VoID + DCAT description of the store as it is now (a private copy: callers may add to it)."""
    version = await _version(request)
    async with _cache_lock:
        if version not in _cache:
            _cache.clear()
            _cache[version] = await compute_void(state(request).executor)
        cached = _cache[version]
    copy = Graph()
    for prefix, ns in cached.namespaces():
        copy.bind(prefix, ns, override=True)
    copy += cached
    return copy


def _not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match", "")
    return etag in [t.strip() for t in header.split(",")] or header.strip() == "*"


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], summary="VoID + DCAT dataset description",
                  **documented(DATA_FORMATS, "The dataset description in the negotiated format"))
async def void_document(request: Request) -> Response:
    fmt = negotiate(request.headers.get("accept"), DATA_FORMATS)
    etag = f'"void-{await _version(request)}-{fmt.suffix}"'
    headers = {"ETag": etag, "Vary": "Accept", "Access-Control-Allow-Origin": "*"}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    body = _serialized.get(etag)
    if body is None:
        body = serialize(await void_graph(request), fmt)
        if len(_serialized) > 16:  # old versions
            _serialized.clear()
        _serialized[etag] = body
    return Response(body, media_type=content_type(fmt), headers=headers)


async def _gzip(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """Compress the store's dump chunk by chunk, reading each chunk off the event loop."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: gzip container
    done = object()
    while True:
        chunk = await asyncio.to_thread(next, chunks, done)
        if chunk is done:
            break
        out = compressor.compress(chunk)  # type: ignore[arg-type]
        if out:
            yield out
    yield compressor.flush()


@router.api_route("/dumps/councilkg.{suffix}.gz", methods=["GET", "HEAD"], summary="Full dump, gzip-compressed",
                  response_class=Response, responses={200: {"description": "N-Quads or TriG, gzip-compressed",
                                                            "content": {"application/gzip": {}}}})
async def dump(request: Request, suffix: str) -> Response:
    if suffix not in DUMPS:
        raise NotFound(f"no dump councilkg.{suffix}.gz; the dumps are "
                       + ", ".join(f"/dumps/councilkg.{s}.gz" for s in DUMPS))
    media_type = DUMPS[suffix][0]
    etag = f'"dump-{await _version(request)}-{suffix}"'
    headers = {"ETag": etag, "Access-Control-Allow-Origin": "*",
               "Content-Disposition": f'attachment; filename="councilkg.{suffix}.gz"'}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        return Response(media_type="application/gzip", headers=headers)
    chunks = await asyncio.to_thread(state(request).store.dump, media_type)
    return StreamingResponse(_gzip(iter(chunks)), media_type="application/gzip", headers=headers)
