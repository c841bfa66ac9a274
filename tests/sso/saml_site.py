"""The test SAML identity provider's own pages, for a real browser: its sign-in page (reading
the app's request) and the page that posts its signed response back to the app."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.sso.saml_idp import IdentityProvider

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


class IdentityProviderSite:
    """`/sso`: the sign-in form for the request in the query; POST: the response, posted by a
    form to the app's assertion consumer service."""

    def __init__(self, idp: IdentityProvider, people: dict[str, dict[str, list[str]]]) -> None:
        self.idp = idp
        self.people = people

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path != "/sso":
            return Response("Not found", 404)(environ, start_response)
        if request.method == "GET":
            response = self._sign_in_page(request.query_string.decode())
        else:
            response = self._post_back(request.form)
        return response(environ, start_response)

    def _sign_in_page(self, query: str) -> Response:
        body = (
            '<form method="post" action="/sso">'
            f'<input type="hidden" name="query" value="{escape(query)}">'
            '<label>Account <input name="account"></label> '
            '<label>Password <input name="password" type="password"></label> '
            '<button type="submit">Sign in</button></form>'
        )
        return Response(PAGE.format(title="Sign in to the test directory", body=body), 200,
                        mimetype="text/html")  # fmt: skip

    def _post_back(self, form: Any) -> Response:
        person = self.people.get(form.get("account", ""))
        if person is None:
            return Response(
                PAGE.format(title="No such account", body=""), 401, mimetype="text/html"
            )
        url = f"{self.idp.base}/sso?{form['query']}"
        saml_response = self.idp.respond(url, person, form["account"])
        acs = self.idp.acs_of(url)
        body = (
            f'<form method="post" action="{escape(acs)}">'
            f'<input type="hidden" name="SAMLResponse" value="{escape(saml_response)}">'
            '<button type="submit">Continue</button></form>'
        )
        return Response(PAGE.format(title="Signed in", body=body), 200, mimetype="text/html")


@contextmanager
def serving(site: IdentityProviderSite, port: int) -> Iterator[None]:
    server = make_server("127.0.0.1", port, site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join(timeout=10)
