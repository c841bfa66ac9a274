"""The read-only API, /api/v1: the public AI inventory without sign-in, and an agency's
reviews and requests with an agency token (see docs/api.md)."""

from flask import Flask
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from ctdppeia import keyset, web


def init_app(app: Flask) -> None:
    from ctdppeia.api import problems, token_pages, views
    from ctdppeia.extensions import csrf

    csrf.exempt(views.bp)  # it has GET routes only; nothing it answers changes anything
    app.register_blueprint(views.bp)
    app.register_blueprint(token_pages.bp)

    def http_error(error: HTTPException) -> ResponseReturnValue:
        if problems.is_api_request():
            return problems.from_http_error(error)
        return web.error_page(error)

    def server_error(error: Exception) -> ResponseReturnValue:
        if problems.is_api_request():
            return problems.problem(500)
        return web.server_error(error)

    def page_key(error: keyset.PageKeyError) -> ResponseReturnValue:
        if problems.is_api_request():
            return problems.problem(400, "This cursor was not made by this API.")
        return web.broken_page_key(error)

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(500, server_error)
    app.register_error_handler(keyset.PageKeyError, page_key)
