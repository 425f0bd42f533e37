"""The small set of exception types the project raises.

Each carries a message that tells the user what to do next. The HTTP layer maps them to
`application/problem+json` responses (status in `http_status`); the CLI prints them as one
`councilkg: error: ...` line and exits with `exit_code`.
"""
from __future__ import annotations


class CouncilKGError(Exception):
    """Base class: a failure the user can act on."""

    http_status = 500
    exit_code = 1
    title = "Internal error"


class ConfigError(CouncilKGError):
    """A setting (environment variable, option) has a value that cannot work."""

    http_status = 500
    exit_code = 2
    title = "Configuration error"


class InputError(CouncilKGError):
    """Input the user gave is malformed: bad document, bad query, bad parameter."""

    http_status = 400
    exit_code = 2
    title = "Bad input"


class UnsupportedMediaType(InputError):
    http_status = 415
    title = "Unsupported media type"


class PayloadTooLarge(InputError):
    """A body or query text over its configured limit (COUNCILKG_MAX_DOCUMENT_BYTES, _MAX_QUERY_BYTES)."""

    http_status = 413
    title = "Payload too large"


class Conflict(InputError):
    """The write contradicts what is stored (the same content under another document id)."""

    http_status = 409
    title = "Conflict"


class NotAcceptable(InputError):
    http_status = 406
    title = "Not acceptable"


class NotFound(CouncilKGError):
    http_status = 404
    exit_code = 1
    title = "Not found"


class ValidationFailed(CouncilKGError):
    """Data that would leave the graph invalid under the SHACL shapes; carries the report."""

    http_status = 422
    exit_code = 1
    title = "SHACL validation failed"

    def __init__(self, message: str, report_text: str = "", report_turtle: str = "") -> None:
        super().__init__(message)
        self.report_text = report_text
        self.report_turtle = report_turtle


class QueryTimeout(CouncilKGError):
    http_status = 503
    exit_code = 1
    title = "Query time limit reached"


class StoreError(CouncilKGError):
    """The store could not be opened, read or written."""

    http_status = 503
    exit_code = 1
    title = "Store unavailable"
