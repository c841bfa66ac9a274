"""Errors of the API as RFC 9457 problem details (``application/problem+json``).

Every error under ``/api/`` answers with a problem object: ``type`` (``about:blank``, so the
``title`` is the HTTP status's own phrase), ``status``, ``detail`` in words a developer can act
on, and ``instance`` (the path asked for). Errors elsewhere keep the site's HTML pages.
"""

from http import HTTPStatus
from typing import Any

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

PROBLEM = "application/problem+json"
API_PREFIX = "/api/"

DETAILS: dict[int, str] = {
    400: "The request is not valid.",
    401: "This needs an agency token.",
    403: "This token may not read this.",
    404: "Nothing is here, or this token may not read it.",
    405: "This method is not allowed here; the API only reads (GET).",
    429: "Too many requests. Wait, then try again.",
    500: "Something went wrong on the server.",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int, detail: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DETAILS.get(status, HTTPStatus(status).description),
        "instance": request.path,
        **extra,
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM)
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


def from_http_error(error: HTTPException) -> Response:
    """An HTTP error as a problem, keeping its Allow and Retry-After headers."""
    code = error.code or 500
    kept = {
        key: value
        for key, value in error.get_headers()
        if key.lower() in ("allow", "retry-after", "www-authenticate")
    }
    detail = getattr(error, "problem_detail", None)
    if code == 429:
        detail = f"Too many requests: the limit is {error.description}. Wait, then try again."
    return problem(code, detail, kept)
