"""Where to go after signing in: only ever a path on this site."""

from urllib.parse import unquote, urlsplit

from flask import url_for


def _has_control_character(text: str) -> bool:
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


def is_own_path(target: str) -> bool:
    """True when `target` is a path on this site and nothing a browser could read as another.

    Browsers drop tabs and newlines and treat a backslash like a slash, so `/\\t/evil.example`
    or `/\\\\evil.example` would lead away; an encoded `//` (`/%2F%2F`) can be decoded by a
    proxy. The target is checked as given and once decoded.
    """
    for form in (target, unquote(target)):
        if _has_control_character(form) or "\\" in form:
            return False
        if not form.startswith("/") or form.startswith("//"):
            return False
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return False
    return True


def safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site; anything else goes home."""
    if target and len(target) <= 2000 and is_own_path(target):
        return target
    return url_for("auth.home")
