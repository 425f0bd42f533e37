"""Errors as `application/problem+json` (RFC 9457): the project's exception types become
responses with a status, a title and a detail that tells the user what to do next."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import CouncilKGError

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response; `extra` members (e.g. a SHACL report) are added to the body."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(CouncilKGError)
    async def _councilkg(request: Request, exc: CouncilKGError) -> JSONResponse:
        extra: dict[str, Any] = {}
        report = getattr(exc, "report_text", "")
        if report:
            extra["report"] = report
        return problem(exc.http_status, exc.title, str(exc), **extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = problem(exc.status_code, _TITLES.get(exc.status_code, "Error"), str(exc.detail))
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Invalid parameters", f"fix these parameters and try again: {where}", errors=errors)


_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 406: "Not acceptable", 413: "Payload too large",
           415: "Unsupported media type", 422: "Unprocessable content", 503: "Service unavailable"}
