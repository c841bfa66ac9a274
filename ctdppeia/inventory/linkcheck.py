"""Whether a link in an entry's text to this site leads to a public page: the address must
match a route anyone may open and, for a page about one thing (an inventory entry, a signed
record), that thing must exist. The validator (``inventory.validator``) calls ``resolves``."""

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from ctdppeia.access import rule_for


def _entry_exists(args: Mapping[str, Any]) -> bool:
    from ctdppeia.inventory.register import versions_of

    return bool(versions_of(str(args["public_id"])))


def _record_exists(args: Mapping[str, Any]) -> bool:
    from ctdppeia.documents.services import document_by_digest

    document = document_by_digest(str(args["digest"]))
    return document is not None and bool(document.snapshot_json)


EXISTS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "inventory.entry": _entry_exists,
    "documents.record": _record_exists,
}


def base_url() -> str:
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")


def resolves(link: str, redirects: int = 1) -> bool:
    """Whether ``link`` (a path, or an address under PUBLIC_BASE_URL) opens a public page."""
    base = base_url()
    path = urlsplit(link[len(base) :] if link.startswith(base) else link).path or "/"
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(path, method="GET")
    except RequestRedirect as moved:
        return redirects > 0 and resolves(urlsplit(moved.new_url).path, redirects - 1)
    except HTTPException:
        return False
    rule = rule_for(current_app, endpoint)
    if rule is None or not rule.is_public:
        return False
    exists = EXISTS.get(endpoint)
    return exists is None or exists(args)
