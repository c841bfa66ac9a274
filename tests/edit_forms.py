"""Two people with the same edit form open, in HTTP tests of edit conflicts (a review's
section, an AI use case, an outcome analysis): each signs in and opens the page, and keeps
what it carried in hidden inputs, the version and one fingerprint per part, to post back."""

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.factories.people import as_user

FINGERPRINT = re.compile(r'name="(base_\w+)" value="(\w+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


@dataclass(frozen=True)
class Editor:
    """A person signed in with the edit page open: their client and what the page carried."""

    client: FlaskClient
    opened: dict[str, str]


def fingerprints(page: str) -> dict[str, str]:
    """The fingerprint of each part the page carries (``base_<part>``: fingerprint)."""
    return dict(FINGERPRINT.findall(page))


def carried(page: str, *parts: str) -> dict[str, str]:
    """The version and the fingerprints the page carries; `parts`: the ``base_`` names it must
    carry among them."""
    version = VERSION.search(page)
    bases = fingerprints(page)
    assert version is not None and set(parts) <= set(bases), (parts, bases)
    return {**bases, "version": version.group(1)}


def open_by_two(
    app: Flask, first: User, second: User, url: str, *parts: str
) -> tuple[Editor, Editor]:
    """`first`, then `second`, sign in and open the edit page at `url` (nothing saved yet);
    `parts`: as for ``carried``."""
    editors = []
    for user in (first, second):
        client = as_user(app, user)
        editors.append(Editor(client, carried(client.get(url).get_data(as_text=True), *parts)))
    return editors[0], editors[1]
