"""External datasets over HTTP, CSV per class for spreadsheet users, and the DCAT catalogue record.

  GET    /datasets                 the external datasets (JSON: graph, triples, source, modified)
  PUT    /datasets?graph=URI       load one (writer token): an RDF body by Content-Type (Turtle,
                                   N-Triples, N-Quads, TriG, JSON-LD, RDF/XML), or application/json
                                   {"csv": "<table>", "mapping": {...}} for a CSV table; replaces the
                                   graph's content; 201 when the graph is new, 200 when replaced
  DELETE /datasets?graph=URI       remove one (writer token); 204
  GET    /exports                  the CSV exports (JSON index)
  GET    /exports/NAME.csv         one CSV per class, from the named query queries/export_NAME.rq
  GET    /catalog, /catalog.ttl    the DCAT record (Turtle; JSON-LD, N-Triples, RDF/XML by Accept)

/datasets is the dataset-level counterpart of the Graph Store Protocol at /rdf-graphs/service: it
adds the CSV mapping, the meta-graph record that VoID and DCAT show, and it refuses the project's
own graphs (documents, ontology, reference, meta), which stay under the pipeline's control. Every
write is one store transaction under the app's write lock; nothing is written on bad input.
"""
from __future__ import annotations

import csv
import io
import json

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from graph.errors import InputError, NotFound
from graph.external import check_graph, external_datasets, load_csv_text, load_rdf_bytes, unload_external
from graph.named_queries import get as named_query
from graph.store.base import SelectResult
from graph.uris import named_graph
from service.auth import require_writer
from service.conneg import DATA_FORMATS, TURTLE, content_type, documented, negotiate, serialize
from service.dcat_record import EXPORTS, catalog_graph
from service.state import state
from service.writes import locked_write

router = APIRouter()
MAX_DATASET_BYTES = 64 << 20
"""Largest external dataset accepted over HTTP (64 MiB); load bigger files with `councilkg load`."""
GRAPH_PARAM = Query(..., description="Named graph URI of the external dataset")


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_DATASET_BYTES:
            raise InputError(f"the dataset is larger than {MAX_DATASET_BYTES >> 20} MiB; load it with "
                             "`councilkg load FILE --graph URI` on the server instead")
        chunks.append(chunk)
    return b"".join(chunks)


@router.get("/datasets", summary="External datasets loaded next to the graph")
async def list_datasets(request: Request) -> JSONResponse:
    st = state(request)
    items = await run_in_threadpool(external_datasets, st.store)
    return JSONResponse({"datasets": [d.__dict__ for d in items]})


def _written_graphs(graph: str) -> tuple[str, str]:
    """What loading or removing a dataset changes: its graph and its record in the meta graph."""
    return graph, named_graph("meta")


@router.put("/datasets", summary="Load an external dataset into its own named graph (replaces it)")
async def put_dataset(request: Request, graph: str = GRAPH_PARAM,
                      writer: str = Depends(require_writer)) -> JSONResponse:
    st = state(request)
    graph = check_graph(graph)
    media = request.headers.get("content-type", "")
    data = await _body(request)
    if not data.strip():
        raise InputError("the request body is empty; send the dataset (e.g. Content-Type: text/turtle)")

    def write() -> tuple[bool, object]:
        existed = st.store.has_graph(graph)
        source = f"HTTP PUT by {writer}"
        if media.split(";")[0].strip().lower() == "application/json":
            try:
                body = json.loads(data)
            except ValueError as e:
                raise InputError(f"the JSON body does not parse: {e}") from e
            if not isinstance(body, dict) or not isinstance(body.get("csv"), str) or "mapping" not in body:
                raise InputError('a JSON body must be {"csv": "<the CSV text>", "mapping": {...}}')
            summary = load_csv_text(st.store, body["csv"], body["mapping"], graph, source)
        else:
            summary = load_rdf_bytes(st.store, data, media, graph, source)
        return existed, summary

    existed, summary = await locked_write(request, write, graphs=lambda _: _written_graphs(graph))
    return JSONResponse(summary.__dict__, status_code=200 if existed else 201)


@router.delete("/datasets", status_code=204, summary="Remove an external dataset")
async def delete_dataset(request: Request, graph: str = GRAPH_PARAM,
                         writer: str = Depends(require_writer)) -> Response:
    st = state(request)
    graph = check_graph(graph)
    await locked_write(request, lambda: unload_external(st.store, graph), graphs=lambda _: _written_graphs(graph))
    return Response(status_code=204)


@router.get("/exports", summary="CSV exports, one per class")
async def list_exports(request: Request) -> JSONResponse:
    root = str(request.base_url)
    return JSONResponse({"exports": [{"name": n, "title": t, "url": f"{root}exports/{n}.csv",
                                      "columns": [c.name for c in named_query(f"export_{n}").columns]}
                                     for n, t in EXPORTS.items()]})


def _cell(value: object) -> str:
    return "" if value is None else str(value)


@router.get("/exports/{name}.csv", summary="One class as CSV (stable columns: the named query's header)",
            response_class=Response, responses={200: {"description": "The class as CSV", "content": {"text/csv": {}}}})
async def export_csv(request: Request, name: str) -> Response:
    if name not in EXPORTS:
        raise NotFound(f"no export {name!r}; GET /exports lists them: {', '.join(EXPORTS)}")
    query = named_query(f"export_{name}")
    result = await state(request).executor.run(query.bind({}, lateral=state(request).store.supports_lateral))
    if not isinstance(result, SelectResult):
        raise InputError(f"export {name} is not a SELECT query")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = [c.name for c in query.columns]
    writer.writerow(columns)
    for row in result.rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}.csv"',
                             "Access-Control-Allow-Origin": "*"})


@router.get("/catalog", summary="DCAT catalogue record (by Accept)",
            **documented(DATA_FORMATS, "The DCAT record in the negotiated format"))
@router.get("/catalog.ttl", summary="DCAT catalogue record (Turtle)", **documented((TURTLE,), "The DCAT record"))
async def catalog(request: Request) -> Response:
    fmt = TURTLE if request.url.path.endswith(".ttl") else negotiate(request.headers.get("accept"), DATA_FORMATS)
    st = state(request)
    external = [(d.graph, d.triples, d.source, d.modified)
                for d in await run_in_threadpool(external_datasets, st.store)]
    g = await catalog_graph(st.executor, external)
    return Response(serialize(g, fmt), media_type=content_type(fmt),
                    headers={"Vary": "Accept", "Access-Control-Allow-Origin": "*"})
