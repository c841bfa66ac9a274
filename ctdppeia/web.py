"""Site-wide web behaviour: sessions, security headers, error pages, template helpers."""

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, render_template, request, session
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from ctdppeia.extensions import db, login_manager
from ctdppeia.i18n import N_
from ctdppeia.models import Role, User
from ctdppeia.questionnaire.markdown import render_markdown

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

ERROR_TEXT: dict[int, tuple[LazyString, LazyString]] = {
    400: (
        _l("Something in that request was not right"),
        _l("Go back, check what you entered, and try again."),
    ),
    403: (
        _l("You cannot do that"),
        _l("Your role does not allow this action. Ask an administrator if you need it."),
    ),
    404: (
        _l("Page not found"),
        _l("The page does not exist, or you do not have access to it."),
    ),
    405: (
        _l("That action is not available here"),
        _l("Go back and use the buttons on the page."),
    ),
    413: (_l("That file is too large"), _l("Choose a smaller file and try again.")),
    429: (_l("Too many attempts"), _l("Wait a minute, then try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Your last change may not have been saved. Try again in a moment."),
    ),
}


# (endpoint, label, roles that see it) — features add their entries with `add_nav`.
NAV_ITEMS: list[tuple[str, str | LazyString, frozenset[Role]]] = []


def add_nav(endpoint: str, label: str | LazyString, *roles: Role) -> None:
    if all(item[0] != endpoint for item in NAV_ITEMS):
        NAV_ITEMS.append((endpoint, label, frozenset(roles)))


PUBLIC_LINKS: list[tuple[str, str]] = []


def add_public_link(endpoint: str, label: str) -> None:
    """A page anyone may open without signing in, listed on the sign-in page."""
    if (endpoint, label) not in PUBLIC_LINKS:
        PUBLIC_LINKS.append((endpoint, label))


def public_links() -> list[tuple[str, str]]:
    return list(PUBLIC_LINKS)


def main_nav() -> list[tuple[str, str | LazyString]]:
    """The navigation links the signed-in user's role may follow."""
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, roles in NAV_ITEMS if current_user.role in roles]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if current_user.is_authenticated:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def keep_session_alive() -> None:
    """Sessions expire after SESSION_IDLE_MINUTES without a request (the cookie is renewed
    on each)."""
    session.permanent = True


def error_page(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]]:
    code = error.code or 500
    title, advice = ERROR_TEXT.get(code, (error.name, error.description or ""))
    if isinstance(error, CSRFError):
        title = gettext("Your form expired")
        advice = gettext(
            "The page was open too long or was sent twice. Go back, reload the page and try again."
        )
    # Keep what the error says in its headers: Allow on a 405, Retry-After on a 429.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    page = render_template("errors/error.html", code=code, title=title, advice=advice)
    return page, code, headers


def server_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()
    title, advice = ERROR_TEXT[500]
    return render_template("errors/error.html", code=500, title=title, advice=advice), 500


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%d %B %Y, %H:%M UTC").lstrip("0")


def format_date(value: date | None) -> str:
    return value.strftime("%d %B %Y").lstrip("0") if value else ""


def render_markdown_filter(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))  # safe: sanitised with an allowlist


def url_for_page(page: int) -> str:
    """The current URL with another page number, keeping the search and filters."""
    args: dict[str, Any] = request.args.to_dict()
    args["page"] = page
    return f"{request.path}?{urlencode(args)}"


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to see that page.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(keep_session_alive)
    app.after_request(security_headers)
    app.register_error_handler(HTTPException, error_page)
    app.register_error_handler(500, server_error)
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["markdown"] = render_markdown_filter
    app.jinja_env.globals["url_for_page"] = url_for_page
    app.jinja_env.globals["main_nav"] = main_nav
    app.jinja_env.globals["public_links"] = public_links
    add_nav("auth.home", _l("Home"), *Role)
    add_nav("requests.index", _l("Data requests"), Role.REVIEWER, Role.APPROVER, Role.ADMIN)
    add_nav("admin.index", _l("Administration"), Role.ADMIN)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
