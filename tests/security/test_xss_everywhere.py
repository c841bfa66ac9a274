"""Hostile text in every free-text field, on every page, in every signed PDF and email.

The demo data is built through the application's own services while a hook adds the corpus
(`tests/security/xss_corpus.py`) to every free-text field as it is written: requests, answers
to text questions, flag responses, decisions, analyses' titles and group names, board
summaries, comments, replies and responses, concern acknowledgments, AI use cases, tier
reasons, obligations, the advisory group's rationales and conditions, the published inventory,
user and agency names. Then every page each role can reach (following the links from the home
page, and the public pages signed out) is read as a browser would, and the signed PDFs and
the emails are read as text. Analysis group names also go in by a CSV upload and by the form.
"""

import io
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import String, event, select
from sqlalchemy.orm import Session

from ctdppeia.demo import DEMO_ACCOUNTS, DEMO_DOMAIN, seed_demo
from ctdppeia.extensions import db
from ctdppeia.limits import TEXT_ANSWER
from ctdppeia.mail import render_email, send_mail
from ctdppeia.models import (
    Agency,
    AICondition,
    AIConflict,
    AIDecision,
    AIRecommendation,
    AISubcommitteeRecommendation,
    AIUseCase,
    BoardComment,
    BoardCommentRevision,
    BoardConcernAck,
    BoardResponse,
    BoardShare,
    DataRequest,
    FlagResponse,
    InventoryEntryVersion,
    OutcomeAnalysis,
    OutcomeGroup,
    PresumptionRebuttal,
    Review,
    ReviewAction,
    ReviewAnswer,
    ReviewDecision,
    ReviewDocument,
    ReviewObligation,
    TierOverride,
    User,
)
from tests.mailsink import SmtpSink
from tests.security.xss_corpus import EVALUATED, LITERAL, PAYLOADS, markup_problems

FREE_TEXT: dict[type, tuple[str, ...]] = {
    Agency: ("name",),
    User: ("name",),
    DataRequest: ("title", "requesting_org", "contact_name", "purpose", "datasets"),
    FlagResponse: ("text",),
    ReviewDecision: ("conditions", "rationale", "return_comment"),
    OutcomeAnalysis: ("title", "outcome_label"),
    OutcomeGroup: ("label",),
    BoardShare: ("summary", "summary_es"),
    BoardComment: ("body", "hidden_reason"),
    BoardCommentRevision: ("body",),
    BoardResponse: ("text",),
    BoardConcernAck: ("note",),
    AIUseCase: ("name", "vendor", "description", "intended_use", "hosting_other"),
    TierOverride: ("reason",),
    PresumptionRebuttal: ("decided_by", "reason"),
    ReviewObligation: ("explanation",),
    AIRecommendation: ("rationale",),
    AISubcommitteeRecommendation: ("rationale",),
    AIDecision: ("basis",),
    AIConflict: ("reason",),
    AICondition: ("text", "owner_name", "evidence"),
    ReviewAction: ("title", "owner_name", "drop_reason", "evidence"),
}
# Lines of a list (one dataset or data element a line) get one payload each.
ONE_A_LINE = {(DataRequest, "data_elements")}
SKIP_LINKS = re.compile(r"^/(static/|logout)|\.(pdf|csv|json)$")
MAX_PAGES_PER_ROLE = 250


def _with_payloads(text: str, limit: int | None) -> str:
    """`text` followed by as many payloads as the column holds."""
    if "XSS-" in text:
        return text
    for payload in PAYLOADS:
        longer = f"{text} {payload}"
        if limit is not None and len(longer) > limit:
            break
        text = longer
    return text


def _limit(model: type, column: str) -> int | None:
    kind = model.__table__.columns[column].type  # type: ignore[attr-defined]
    return kind.length if isinstance(kind, String) else None


def _add_corpus(session: Session, _context: Any, _instances: Any) -> None:
    for obj in [*session.new, *session.dirty]:
        for column in FREE_TEXT.get(type(obj), ()):
            value = getattr(obj, column)
            if isinstance(value, str) and value.strip():
                setattr(obj, column, _with_payloads(value, _limit(type(obj), column)))
        if isinstance(obj, DataRequest) and obj.data_elements and "XSS-" not in obj.data_elements:
            obj.data_elements = "\n".join([obj.data_elements, *PAYLOADS])
        if isinstance(obj, ReviewAnswer) and isinstance(obj.value, str) and " " in obj.value:
            obj.value = _with_payloads(obj.value, TEXT_ANSWER)  # a text answer (slugs: no space)
        if isinstance(obj, InventoryEntryVersion):
            obj.fields = {
                key: _with_payloads(value, None)
                if isinstance(value, str) and " " in value
                else value
                for key, value in obj.fields.items()
            }


@pytest.fixture
def hostile_demo(app: Flask) -> Iterator[str]:
    """The demo data with the corpus in every free-text field; yields the demo password."""
    event.listen(Session, "before_flush", _add_corpus)
    try:
        with app.app_context():
            password = seed_demo().password
            assert password
    finally:
        event.remove(Session, "before_flush", _add_corpus)
    yield password


def _sign_in(client: FlaskClient, slug: str, password: str) -> None:
    response = client.post("/login", data={"email": f"{slug}@{DEMO_DOMAIN}", "password": password})
    assert response.status_code == 302, slug


def _links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'<a\s[^>]*href="([^"]+)"', html):
        url = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(url)
        local = not parts.scheme and not parts.netloc and url.startswith("/")
        if local and not SKIP_LINKS.search(parts.path):
            found.append(url)
    return found


def _crawl(client: FlaskClient, start: str) -> dict[str, str]:
    """Every page reachable from `start` by links (up to MAX_PAGES_PER_ROLE): url -> HTML."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages[url] = response.get_data(as_text=True)
        for link in _links(pages[url]):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def _problems(pages: dict[str, str]) -> dict[str, list[str]]:
    found = {url: markup_problems(html) for url, html in pages.items()}
    return {url: problems for url, problems in found.items() if problems}


def _open_review(app: Flask) -> int:
    with app.app_context():
        query = select(Review.id).where(
            Review.subject_kind == "data-request", Review.confirmed_at.is_(None)
        )
        found = db.session.scalars(query).first()
        assert found is not None
        return found


def _analyses_by_form_and_csv(client: FlaskClient, review_id: int) -> str:
    """The reviewer saves group names from the corpus through the form and as a CSV file."""
    options = {"direction": "favourable", "reference_method": "best"}
    rows = {}
    for i, payload in enumerate(PAYLOADS[:5]):
        rows |= {f"groups-{i}-group": payload, f"groups-{i}-total": "100"}
        rows[f"groups-{i}-outcome"] = str(10 + i)
    typed = {"title": PAYLOADS[0], "outcome_label": PAYLOADS[1], **options, **rows}
    response = client.post(f"/reviews/{review_id}/analyses/new", data=typed | {"save": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    quoted = [p.replace('"', '""') for p in PAYLOADS]
    lines = "".join(f'"{p}",100,{10 + i}\r\n' for i, p in enumerate(quoted))
    upload = io.BytesIO(("group,total,outcome\r\n" + lines).encode())
    data = {"title": PAYLOADS[2], "outcome_label": PAYLOADS[3], **options}
    response = client.post(
        f"/reviews/{review_id}/analyses/upload",
        data=data | {"file": (upload, "groups.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return f"/reviews/{review_id}/analyses"


def test_no_payload_becomes_markup_on_any_page(
    app: Flask, client: FlaskClient, hostile_demo: str
) -> None:
    pages: dict[str, str] = {}
    for slug, *_rest in DEMO_ACCOUNTS:
        _sign_in(client, slug, hostile_demo)
        if slug == "reviewer":
            _analyses_by_form_and_csv(client, _open_review(app))
        pages |= {f"{slug} {url}": html for url, html in _crawl(client, "/").items()}
        client.post("/logout")
    pages |= {f"signed out {url}": html for url, html in _crawl(client, "/login").items()}
    assert len(pages) > 60
    shown = "\n".join(pages.values())
    for marker in ("XSS-1", "XSS-2", "XSS-4", "XSS-11", "XSS-15"):
        assert marker in shown, marker  # the payloads did reach the pages, as text
    found = _problems(pages)
    assert found == {}, sorted({problem for problems in found.values() for problem in problems})


def test_the_signed_pdfs_hold_the_payloads_as_text(app: Flask, hostile_demo: str) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with app.app_context():
        documents = db.session.scalars(select(ReviewDocument)).all()
        assert documents
        for document in documents:
            text = subprocess.run(
                ["pdftotext", "-layout", "-", "-"],
                input=document.pdf,
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
            flat = " ".join(text.split())
            for payload in LITERAL:
                assert payload in flat, (document.review_id, payload)
            assert EVALUATED not in flat


@pytest.mark.parametrize("payload", PAYLOADS)
def test_emails_escape_the_html_part_and_keep_the_text(
    app: Flask, smtp_sink: SmtpSink, payload: str
) -> None:
    with app.app_context():
        email = render_email("en", "test_message", name=payload)
        assert send_mail("a@example.gov", email.subject, email.text, email.html)
    [message] = smtp_sink.messages
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert markup_problems(html) == []
    assert payload in text


def test_the_notice_emails_hold_the_payloads_as_text(
    app: Flask, smtp_sink: SmtpSink, hostile_demo: str
) -> None:
    """The demo's notices (board comments, replies and answers) go out by email while it is
    built: names, project titles and comments from the corpus stay text, add no header and no
    recipient; an email with an HTML part (the workflow's notices) has every payload escaped."""
    messages = smtp_sink.messages
    assert messages, "the demo sends notice emails when email is on"
    accounts = {f"{slug}@{DEMO_DOMAIN}" for slug, *_rest in DEMO_ACCOUNTS}
    bodies = []
    for message in messages:
        assert message["Bcc"] is None and message["Cc"] is None
        [to] = message["To"].addresses
        assert to.addr_spec in accounts
        assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
        plain = message
        if message.is_multipart():
            html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
            assert markup_problems(html) == []
            plain = message.get_body(("plain",))  # type: ignore[assignment]
        assert plain.get_content_type() == "text/plain"
        bodies.append(plain.get_content())
    text = "\n".join(bodies)
    assert "XSS-" in text  # the corpus did reach the emails, as it was typed
    for payload in LITERAL:
        assert payload in text, payload
    assert EVALUATED not in text
