"""Check your answers before a step that cannot be undone (the GOV.UK pattern).

The form's first POST shows a check page: what will be recorded, with the typed input carried
in hidden fields and a signed token. Only a POST that carries a token made by a check page, for
this user, this object, exactly this input and the state the page showed, takes the step:

* no token, or one for other input, other person or other object: "missing" (show the check);
* the object's state changed since the page was shown: "stale" (show the new check page).

A token is signed with the app's secret key, so it cannot be made without a check page.
"""

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

# The form fields that are not the person's input.
NOT_INPUT = frozenset({"csrf_token", "check_token", "step"})
SALT = "ctdppeia.check-page"
OK, MISSING, STALE = "ok", "missing", "stale"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def digest(value: Any) -> str:
    """The SHA-256 of a value's canonical JSON (dates and other values as text)."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def carried(form: Any) -> list[tuple[str, str]]:
    """The person's input from a submitted form (a MultiDict), in order, line breaks as LF:
    the check page carries these in hidden fields, and their digest is what was checked."""
    pairs = form.items(multi=True)
    return [(key, _lines(value)) for key, value in pairs if key not in NOT_INPUT]


def _lines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _claims(step: str, user_id: int, object_id: int, given: Iterable[tuple[str, str]]) -> dict:
    return {"step": step, "user": user_id, "object": object_id, "input": digest(sorted(given))}


def issue(step: str, user_id: int, object_id: int, given: list[tuple[str, str]], state: str) -> str:
    """The token a check page carries: this step, person, object, input and state."""
    return _serializer().dumps({**_claims(step, user_id, object_id, given), "state": state})


def verdict(
    token: str | None,
    step: str,
    user_id: int,
    object_id: int,
    given: list[tuple[str, str]],
    state: str,
) -> str:
    """OK when `token` was made by a check page for exactly this; else MISSING or STALE."""
    if not token:
        return MISSING
    try:
        claims = _serializer().loads(token)
    except BadSignature:
        return MISSING
    if not isinstance(claims, dict) or claims.get("state") is None:
        return MISSING
    if {key: claims.get(key) for key in ("step", "user", "object", "input")} != _claims(
        step, user_id, object_id, given
    ):
        return MISSING
    return OK if claims["state"] == state else STALE
