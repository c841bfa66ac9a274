"""When the database does not answer: a page that says so (503), and a clean slate after it.

A connection the database dropped (a restart, a fail-over, an administrator ending sessions)
or one it cannot give (too busy, unreachable) raises ``OperationalError``, ``InterfaceError`` or
a pool ``TimeoutError``. The request's transaction is rolled back, so nothing is ever saved in
part, and the connection is discarded (SQLAlchemy drops the whole pool on a disconnect, and
``pool_pre_ping`` tests each connection before use), so the next request starts afresh.

The page is drawn in the site's layout without asking the database anything: it shows no
navigation and no account, as for a signed-out visitor.
"""

from flask import Flask, current_app, g, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ctdppeia.extensions import db, login_manager

DATABASE_ERRORS = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 5

TITLE = _l("The service is briefly unavailable")
ADVICE = _l(
    "The database did not answer in time. A change you were saving was either saved whole or "
    "not at all: wait a few seconds, reload the page to see which, and try again. If this goes "
    "on, tell your administrator."
)


def database_unavailable(error: Exception) -> tuple[str, int, list[tuple[str, str]]]:
    current_app.logger.error("the database did not answer: %s", error, exc_info=error)
    discard_session()
    g._login_user = login_manager.anonymous_user()  # who is signed in is not asked again
    page = render_template("errors/error.html", code=503, title=TITLE, advice=ADVICE)
    return page, 503, [("Retry-After", str(RETRY_AFTER_SECONDS))]


def discard_session() -> None:
    """Roll back the request's transaction; a connection that cannot even do that is dropped."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session().invalidate()  # the request's own session: the scoped proxy has no invalidate


def init_app(app: Flask) -> None:
    for error in DATABASE_ERRORS:
        app.register_error_handler(error, database_unavailable)
