"""Going through a check-your-answers page (ctdppeia.checkpage) in HTTP tests: post the form,
read the check page's hidden fields, post them back with the page's button."""

import html
import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """The hidden fields of a check page's form, in order (the CSRF token left out)."""
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in HIDDEN.findall(page)
        if name != "csrf_token"
    ]


def check_page(client: FlaskClient, url: str, data: dict[str, Any]) -> TestResponse:
    """POST the form; the answer is the check page (or the form again, with its errors)."""
    return client.post(url, data=data)


def confirm(client: FlaskClient, url: str, page: TestResponse, step: str) -> TestResponse:
    """Press the check page's button (`step`: "record", "publish")."""
    fields = hidden_fields(page.get_data(as_text=True))
    return client.post(url, data=MultiDict([*fields, ("step", step)]))


def through_check(client: FlaskClient, url: str, data: dict[str, Any], step: str) -> TestResponse:
    """The form, then the check page's button; the form's own answer when it has no check
    page (its errors, a refusal, nothing changed)."""
    first = check_page(client, url, data)
    if first.status_code != 200 or 'name="check_token"' not in first.get_data(as_text=True):
        return first
    return confirm(client, url, first, step)
