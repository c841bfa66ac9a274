"""Site-wide web behavior: sessions, security headers, error pages, template helpers."""

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, current_app, g, render_template, request, session
from flask_babel import format_decimal, get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.routing import IntegerConverter, ValidationError

from ctdppeia import audit, keyset, limits, unavailable, words
from ctdppeia.extensions import login_manager
from ctdppeia.hooks import hooks
from ctdppeia.i18n import (
    LANGUAGE_NAMES,
    current_language,
    format_day,
    format_moment,
    gettext_in,
)
from ctdppeia.mail import mail_enabled
from ctdppeia.models import Role
from ctdppeia.notices import nav_notice_count
from ctdppeia.questionnaire.markdown import render_markdown
from ctdppeia.templatehooks import template_hook
from ctdppeia.translatable import N_
from ctdppeia.waiting import waiting_for

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


def add_nav(app: Flask, endpoint: str, label: str | LazyString, *roles: Role) -> None:
    """A link in the main navigation for the given roles (once per endpoint)."""
    items = hooks(app).nav_items
    if all(item[0] != endpoint for item in items):
        items.append((endpoint, label, frozenset(roles)))


def add_public_link(app: Flask, endpoint: str, label: str) -> None:
    """A page anyone may open without signing in, listed on the sign-in page."""
    links = hooks(app).public_links
    if (endpoint, label) not in links:
        links.append((endpoint, label))


def public_links() -> list[tuple[str, str]]:
    return list(hooks().public_links)


def main_nav() -> list[tuple[str, str | LazyString]]:
    """The navigation links the signed-in user's role may follow."""
    if not current_user.is_authenticated:
        return []
    items = hooks().nav_items
    return [(endpoint, label) for endpoint, label, roles in items if current_user.role in roles]


# Pages no browser or proxy may keep a copy of, even for a signed-out visitor.
NO_STORE_ENDPOINTS = frozenset({"documents.verify", "password_reset.choose"})
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = HSTS
    # is_anonymous reads no column: after a commit, is_authenticated would load the account
    # again (a query and a connection) only to set this header.
    signed_in_page = not current_user.is_anonymous and request.endpoint != "static"
    if signed_in_page or request.endpoint in NO_STORE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def keep_session_alive() -> None:
    """Sessions expire after SESSION_IDLE_MINUTES without a request (the cookie is renewed
    on each)."""
    session.permanent = True


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a whole number up to MAX_ID. A larger one is not found (404),
    where PostgreSQL would refuse it beyond 32 bits and SQLite beyond 64 bits (a 500)."""

    def __init__(self, url_map: Any, fixed_digits: int = 0, min: int | None = None) -> None:
        super().__init__(url_map, fixed_digits, min, limits.MAX_ID, signed=False)

    def to_python(self, value: str) -> int:
        if len(value) > len(str(limits.MAX_ID)):  # also spares int() a huge string
            raise ValidationError()
        return super().to_python(value)


TEXT_QUERY_ARGS = frozenset({"q", "next"})  # query values that are text, even when all digits
_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*")


def check_query_values() -> None:
    """Refuse (400) query values no list or filter can use: NUL, or a number out of range
    (`?page=` above MAX_PAGE, any other number above MAX_ID). NUL in the path is not found."""
    if "\x00" in request.path:
        abort(404)
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            abort(400)
        if _out_of_range(key, value):
            abort(400)


def _out_of_range(key: str, value: str) -> bool:
    """Whether a query value is a whole number larger than its key allows."""
    if key in TEXT_QUERY_ARGS or not _WHOLE_NUMBER.fullmatch(value):
        return False
    limit = limits.MAX_PAGE if key == "page" else limits.MAX_ID
    digits = value.strip().lstrip("+-")
    return len(digits) > len(str(limit)) or int(digits) > limit


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


def broken_page_key(error: keyset.PageKeyError) -> tuple[str, int]:
    """400 for an ``older`` or ``newer`` value a list did not make, saying what to do."""
    page = render_template(
        "errors/error.html",
        code=400,
        title=gettext("That page of the list does not exist"),
        advice=gettext(
            "The link asks for a page of the list that this site did not make. Go back to "
            "the list and use its own links to move between pages."
        ),
    )
    return page, 400


def untrusted_host(error: SecurityError) -> tuple[str, int, dict[str, str]]:
    """400 for a Host header outside TRUSTED_HOSTS, in plain text: with no trusted host no
    page can be drawn, as every link on it would need one."""
    current_app.logger.warning("request refused: %s", error.description)
    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    return "This site does not answer to that host name.\n", 400, headers


def server_error(error: Exception) -> tuple[str, int]:
    unavailable.discard_session()
    title, advice = ERROR_TEXT[500]
    try:
        return render_template("errors/error.html", code=500, title=title, advice=advice), 500
    except unavailable.DATABASE_ERRORS:  # the layout asks who is signed in: draw it without
        unavailable.discard_session()
        g._login_user = login_manager.anonymous_user()
        return render_template("errors/error.html", code=500, title=title, advice=advice), 500


def format_datetime(value: datetime | None) -> str:
    """ "Dec 7, 2026, 1:36 PM EST" (see ctdppeia.words), in the page's language."""
    return format_moment(value)


def format_date(value: date | None) -> str:
    """ "December 7, 2026" (see ctdppeia.words), in the page's language."""
    return format_day(value)


def shown_word(code: str | None, table: Mapping[str, str]) -> str:
    """The filter `word`: the words for `code` in a `ctdppeia.words` table, in the page's
    language (`{{ tier | word(words.RATING) }}`)."""
    return gettext(words.word(table, code))


def shown_flag_count(counts: Mapping[str, int], gaps: int = 0) -> str:
    """`ctdppeia.words.flag_count_text` in the page's language."""
    return words.flag_count_text(counts, gaps, get_translations())


def render_markdown_filter(text: str | None) -> Markup:
    # Safe: render_markdown sanitizes its HTML with an allowlist (nh3).
    return Markup(render_markdown(text or ""))  # nosec B704


def url_for_page(page: int) -> str:
    """The current URL with another page number, keeping the search and filters."""
    args: dict[str, Any] = request.args.to_dict()
    args["page"] = page
    return f"{request.path}?{urlencode(args)}"


def url_for_key(direction: str, key: str) -> str:
    """The current URL with a keyset page key ("older" or "newer", see ctdppeia.keyset),
    keeping the search and filters."""
    args: dict[str, Any] = request.args.to_dict()
    args.pop("older", None)
    args.pop("newer", None)
    args.pop("page", None)
    args[direction] = key
    return f"{request.path}?{urlencode(args)}"


def frame_globals() -> dict[str, Any]:
    """What every page may call, whichever feature it belongs to: the frame's language, dates,
    words, links and navigation. A feature's own helpers reach its own templates through its
    blueprint's context processor or its template hook's values, never from here (the list is
    in docs/architecture.md, "Template hooks"; tests/test_app_hooks.py holds it)."""
    return {
        "current_language": current_language,
        "language_names": LANGUAGE_NAMES,
        "gettext_in": gettext_in,  # a sentence in the other language, on the language page
        "N_": N_,
        "words": words,
        "flag_count_text": shown_flag_count,
        "url_for_page": url_for_page,
        "url_for_key": url_for_key,
        "main_nav": main_nav,
        "public_links": public_links,
        "nav_notice_count": nav_notice_count,
        "mail_enabled": mail_enabled,  # before a page promises an email
        "waiting_for": waiting_for,
        "template_hook": template_hook,
    }


def frame_filters() -> dict[str, Any]:
    """How every page formats moments, days, numbers, markdown and stored codes."""
    return {
        "datetime": format_datetime,
        "date": format_date,
        "decimal": format_decimal,  # 2.5 days, 2,5 días
        "markdown": render_markdown_filter,
        "when": words.when,
        "word": shown_word,
        "shown_events": audit.present,  # who acted, as the reader may see
    }


def register_frame_helpers(app: Flask) -> None:
    """The one place that adds to every template's names."""
    app.jinja_env.globals.update(frame_globals())
    app.jinja_env.filters.update(frame_filters())
    app.context_processor(request_values)


def request_values() -> dict[str, Any]:
    """The request's id, for the error page (see request_log)."""
    return {"request_id": g.get("request_id")}


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to see that page.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.url_map.converters["int"] = IdConverter  # before any blueprint adds its routes
    app.before_request(check_query_values)
    app.before_request(keep_session_alive)
    app.after_request(security_headers)
    app.register_error_handler(HTTPException, error_page)
    app.register_error_handler(SecurityError, untrusted_host)  # TRUSTED_HOSTS
    app.register_error_handler(keyset.PageKeyError, broken_page_key)
    app.register_error_handler(500, server_error)
    unavailable.init_app(app)  # 503 when the database does not answer
    register_frame_helpers(app)
    add_nav(app, "auth.home", _l("Home"), *Role)
    add_nav(app, "requests.index", _l("Data requests"), Role.REVIEWER, Role.APPROVER, Role.ADMIN)
    add_nav(app, "admin.index", _l("Administration"), Role.ADMIN)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
