"""Addresses of the site's pages as seen from outside: in emails, in PDFs, in published files.

Always PUBLIC_BASE_URL followed by the page's path, never the Host header of the request that
led to them, so a request with a forged Host cannot put another site's address in an email or
a signed PDF. PUBLIC_BASE_URL is required in production and defaults to DEVELOPMENT_BASE_URL
on a development machine (ctdppeia.config).
"""

from collections.abc import Mapping
from typing import Any

from flask import current_app


def public_url(
    endpoint: str, values: Mapping[str, Any] | None = None, anchor: str | None = None
) -> str:
    """The address of `endpoint` (with `values`, and `#anchor`) under PUBLIC_BASE_URL."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    path = current_app.url_map.bind("localhost").build(endpoint, dict(values or {}))
    return base + path + (f"#{anchor}" if anchor else "")
