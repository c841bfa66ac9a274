"""A request id for every request, and one log line when it ends.

The id is the balancer's ``X-Request-Id`` when it sent a sane one (8 to 64 letters, digits,
``-``, ``_``, ``.`` or ``:``), else a new random one. It is returned in the response's
``X-Request-Id`` header, shown on error pages, and carried by every log line of the request,
so an operator can find what happened to one person's click. The line for the request
(``ctdppeia.request``, INFO) gives its route, status, duration in milliseconds, and the
signed-in account and its agency when the request loaded them.
"""

import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request
from sqlalchemy import inspect

HEADER = "X-Request-Id"
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

log = logging.getLogger("ctdppeia.request")


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if SANE_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    if "request_id" not in g:  # a request refused before any before_request hook ran
        _start()
    response.headers[HEADER] = g.request_id
    seconds = time.perf_counter() - g.request_started
    log.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "route": route(),
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            **_account(),
        },
    )
    return response


def route() -> str:
    """The route's rule (``/reviews/<int:review_id>``), never the path with its ids; a path
    that matched no route is ``unmatched``."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def _account() -> dict[str, Any]:
    """The signed-in account's id and agency id, if this request loaded them (read without
    asking the database: the request may have failed because it did not answer)."""
    state = inspect(g.get("_login_user"), raiseerr=False)  # None: no one, or signed out
    if state is None:
        return {}
    loaded = state.dict  # never `is_authenticated`: after a commit it would load the row again
    return {"user_id": loaded.get("id"), "agency_id": loaded.get("agency_id")}
