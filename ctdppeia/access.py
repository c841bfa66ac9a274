"""Who may call each route.

Every view declares its rule with ``@public`` or ``@roles(...)``. A request hook enforces the
rule before the view runs, and refuses (404) any endpoint that declares nothing, so a route can
never ship without its permission decided. Object-level checks (may this user see *this*
request?) stay in the views and services: they answer 404 for what a user may not see.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, abort, current_app, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ctdppeia.models import Role

F = TypeVar("F", bound=Callable[..., object])

ALL_ROLES: frozenset[Role] = frozenset(Role)
AGENCY_STAFF: frozenset[Role] = frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMIN})


@dataclass(frozen=True)
class AccessRule:
    """`allowed` is None for a public route, else the roles that may call it."""

    allowed: frozenset[Role] | None

    @property
    def is_public(self) -> bool:
        return self.allowed is None


def public(view: F) -> F:
    """Anyone, signed in or not, may call this view."""
    # the view function carries its rule, which rule_for reads back
    view.access_rule = AccessRule(None)  # type: ignore[attr-defined]
    return view


def roles(*allowed: Role | frozenset[Role]) -> Callable[[F], F]:
    """Only signed-in users with one of these roles may call this view."""
    flat: set[Role] = set()
    for item in allowed:
        flat.update(item if isinstance(item, frozenset) else {item})

    def decorate(view: F) -> F:
        # the view function carries its rule, which rule_for reads back
        view.access_rule = AccessRule(frozenset(flat))  # type: ignore[attr-defined]
        return view

    return decorate


def rule_for(app: Flask, endpoint: str) -> AccessRule | None:
    if endpoint == "static":
        return AccessRule(None)
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def enforce_access_rule() -> ResponseReturnValue | None:
    """before_request hook: sign-in redirect, 403 for a wrong role (404 for a board member),
    404 for no declaration."""
    if request.endpoint is None:
        return None  # routing failed; the 404/405 handler answers
    rule = rule_for(current_app, request.endpoint)
    if rule is None:
        current_app.logger.error("route %s declares no access rule", request.endpoint)
        abort(404)
    if rule.allowed is None:  # public
        return None
    if not current_user.is_authenticated:
        # Flask-Login sets login_manager on the app at run time, unknown to Flask's types
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if current_user.role not in rule.allowed:
        current_app.logger.warning(
            "access refused: account %s (%s) to %s %s",
            current_user.id,
            current_user.role.value,
            request.method,
            request.endpoint,
        )
        # Board members may see only what is shared with them: the rest of the app does not
        # exist for them (404), so walking ids or routes tells them nothing.
        abort(404 if current_user.role is Role.BOARD else 403)
    return None


def init_app(app: Flask) -> None:
    app.before_request(enforce_access_rule)
