"""Comments and summaries are escaped and sanitised wherever staff or the board read them."""

import re
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.board.conftest import share
from tests.conftest import AuthActions

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    '<a href="javascript:alert(1)">a link</a>',
    "![img](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '"><script>alert(1)</script>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example"><button>go</button></form>',
    "[x](vbscript:msgbox(1))",
]
FORBIDDEN_TAGS = {"iframe", "style", "svg", "img", "object", "embed"}
SAFE_URL = re.compile(r"^(https?:|mailto:|/|#)", re.I)


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_clean(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        values = dict(attrs)
        assert tag not in FORBIDDEN_TAGS, tag
        if tag == "script":
            assert (values.get("src") or "").startswith("/static/"), attrs
        if tag == "form":
            assert not (values.get("action") or "").startswith("http"), attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name != "style", (tag, value)
            if name in ("href", "src", "action") and value:
                assert SAFE_URL.match(value.strip()), (tag, name, value)


def test_payloads_never_reach_a_page_as_markup(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    corpus = "\n\n".join(PAYLOADS)
    share_id = share(app, reviewer, review_id, summary=corpus)
    auth.login(member)
    for payload in PAYLOADS:
        response = client.post(
            f"/board/projects/{share_id}/comments",
            data={"body": payload, "concern": "", "show_name": "y"},
        )
        assert response.status_code == 302
    first = client.get(f"/board/projects/{share_id}").get_data(as_text=True)
    comment_id = re.search(r'id="comment-(\d+)"', first).group(1)  # type: ignore[union-attr]
    client.post(f"/board/comments/{comment_id}/replies", data={"body": corpus})
    client.post(f"/board/comments/{comment_id}/edit", data={"body": corpus, "concern": ""})
    pages = [
        client.get(f"/board/projects/{share_id}").get_data(as_text=True),
        client.get(f"/board/comments/{comment_id}/edit").get_data(as_text=True),
        client.get("/board/").get_data(as_text=True),
    ]
    auth.logout()
    auth.login(reviewer)
    pages += [
        client.get(f"/reviews/{review_id}").get_data(as_text=True),
        client.get(f"/reviews/{review_id}/summary").get_data(as_text=True),
        client.get(f"/reviews/{review_id}/board").get_data(as_text=True),
    ]
    for html in pages:
        _assert_clean(html)
    assert "a link" in pages[0]  # the text stays, only the markup goes
