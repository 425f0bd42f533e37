"""(being written)"""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter()


@router.get("/sparql", include_in_schema=False)
async def sparql_get(request: Request, query: str) -> JSONResponse:  # replaced by the SPARQL issue
    from service.state import state
    result = await state(request).executor.run(query)
    return JSONResponse({"head": {}, "boolean": result})
