"""The agency's draft of its inventory entry: the AI reviewers hear of a new draft once (not at
each save, and again after a version handles it), never another agency, a board member, the
author or a member with a conflict; the link opens the draft; the email follows the reader's
language and preference; "Waiting for you" lists a draft an AI reviewer may publish now."""

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from ctdppeia.config import DEVELOPMENT_BASE_URL
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Notice, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices.jobs import run_due
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories.inventory import entry_form
from tests.factories.use_cases import CaseFactory, add_decision, as_member, undecided_review
from tests.mailsink import SmtpSink
from tests.notices.steps import choose, emails_to, html_of, notices_of, speaks, text_of
from tests.waiting_page import panel

WORDS = (
    "The agency saved a draft of its entry in the public AI inventory. An AI reviewer checks "
    "it and publishes it."
)
DRAFTS = "AI inventory drafts waiting to be published"


def _entry(**changes: Any) -> dict[str, Any]:
    """The draft form as the owner agency posts it (complete, so it may be published too)."""
    return entry_form(**{"revision": "0", **changes})


def _save(client: FlaskClient, use_case_id: int, **changes: Any) -> None:
    url = f"/ai-use-cases/{use_case_id}/inventory/draft"
    response = client.post(url, data=_entry(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)


def _path(use_case_id: int) -> str:
    return f"/ai-use-cases/{use_case_id}/inventory/draft"


def _conflict(client: FlaskClient, case: tuple[int, int]) -> None:
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "My team built it."}).status_code == 302


def _approve(app: Flask, use_case_id: int, chair: User) -> None:
    with app.app_context():
        add_decision(use_case_id, chair.id)


def test_a_new_draft_is_told_to_the_ai_reviewers_but_no_one_else(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp_sink: SmtpSink,
    make_case: CaseFactory, members: dict[str, User], owner: User, make_user: MakeUser,
) -> None:  # fmt: skip
    approver = make_user(Role.APPROVER, agency="DSS")  # the agency that wrote it
    elsewhere = make_user(Role.REVIEWER, agency="DCF")
    board = make_user(Role.BOARD, agency="DSS")
    case = make_case(tier="low")
    as_member(auth, members["ben"])
    _conflict(client, case)
    _approve(app, case[0], members["chair"])
    as_member(auth, owner)
    _save(client, case[0])
    for name in ("chair", "sub", "ana"):
        [notice] = notices_of(app, members[name], "inventory.draft")
        assert notice.path == _path(case[0])
        assert notice.title == "Benefits chatbot"
        [email] = emails_to(smtp_sink, members[name])
        assert WORDS in text_of(email)
        assert f"{DEVELOPMENT_BASE_URL}{_path(case[0])}" in text_of(email)
        assert f"{DEVELOPMENT_BASE_URL}{_path(case[0])}" in html_of(email)
    assert notices_of(app, members["ben"]) == []  # declared a conflict
    assert emails_to(smtp_sink, members["ben"]) == []
    for nobody in (owner, approver, elsewhere, board):
        assert notices_of(app, nobody) == [] and emails_to(smtp_sink, nobody) == []


def test_one_notice_per_draft_until_a_version_is_published_from_it(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], owner: User,
) -> None:  # fmt: skip
    case = make_case(tier="low")
    _approve(app, case[0], members["chair"])
    as_member(auth, owner)
    _save(client, case[0])
    _save(client, case[0], revision="1", vendor="Acme AI Inc.")
    _save(client, case[0], revision="2", vendor="Acme AI Incorporated")
    assert len(notices_of(app, members["ana"], "inventory.draft")) == 1
    as_member(auth, members["chair"])
    published = through_check(client, f"/ai-use-cases/{case[0]}/inventory", _entry(), "publish")
    assert published.status_code == 302, published.get_data(as_text=True)
    as_member(auth, owner)
    _save(client, case[0], revision="0", vendor="Acme AI, a new vendor name")  # the next draft
    assert len(notices_of(app, members["ana"], "inventory.draft")) == 2
    assert len(notices_of(app, members["chair"], "inventory.draft")) == 2


def test_the_link_opens_the_draft_for_the_ai_reviewer(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], owner: User,
) -> None:  # fmt: skip
    case = make_case(tier="low")
    as_member(auth, owner)
    _save(client, case[0], capabilities_and_uses="Finds the right benefits form.")
    [notice] = notices_of(app, members["sub"], "inventory.draft")
    as_member(auth, members["sub"])
    page = client.get(notice.path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "draft inventory entry</h1>" in text and "Draft saved by Owner Reviewer" in text
    assert "Finds the right benefits form." in text
    assert f'href="/ai-use-cases/{case[0]}/inventory"' in text  # the way to publish it


def test_a_spanish_reader_gets_the_email_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp_sink: SmtpSink,
    make_case: CaseFactory, members: dict[str, User], owner: User,
) -> None:  # fmt: skip
    speaks(app, members["ana"], "es")
    case = make_case(tier="low")
    as_member(auth, owner)
    _save(client, case[0])
    [email] = emails_to(smtp_sink, members["ana"])
    spanish = (
        "La agencia guardó un borrador de su entrada en el registro público de IA. Un "
        "revisor de IA lo revisa y lo publica."
    )
    assert spanish in text_of(email) and spanish in email["Subject"]
    assert WORDS not in text_of(email)
    [english] = emails_to(smtp_sink, members["chair"])
    assert WORDS in text_of(english)


def _made_at(app: Flask, use_case_id: int, when: Any) -> None:
    with app.app_context():
        key = f"inventory-draft:{use_case_id}"
        db.session.execute(update(Notice).where(Notice.item_key == key).values(created_at=when))
        db.session.commit()


def test_a_daily_digest_groups_the_drafts_and_none_sends_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp_sink: SmtpSink,
    make_case: CaseFactory, members: dict[str, User], owner: User,
) -> None:  # fmt: skip
    choose(app, members["chair"], "daily")
    choose(app, members["sub"], "none")
    first, second = make_case(tier="low"), make_case(tier="low")
    with app.app_context():
        db.session.execute(
            update(AIUseCase).where(AIUseCase.id == second[0]).values(name="Pothole counter")
        )
        db.session.commit()
    as_member(auth, owner)
    _save(client, first[0])
    _save(client, second[0])
    now = utcnow()
    _made_at(app, first[0], now + timedelta(seconds=1))
    _made_at(app, second[0], now + timedelta(seconds=2))
    assert emails_to(smtp_sink, members["chair"]) == []  # nothing one by one
    assert len(notices_of(app, members["sub"], "inventory.draft")) == 2  # kept in the app
    next_day = now.replace(hour=0, minute=5, second=0, microsecond=0) + timedelta(days=1)
    with app.app_context():
        assert run_due(next_day).digests == 1  # the chair's; "none" sends nothing
    assert emails_to(smtp_sink, members["sub"]) == []
    [digest] = emails_to(smtp_sink, members["chair"])
    assert digest["Subject"] == "Your daily notices: 2"
    body = text_of(digest)
    newer, older = body.index("Pothole counter"), body.index("Benefits chatbot")
    assert newer < older  # the item with the newest notice first
    assert f"{DEVELOPMENT_BASE_URL}{_path(second[0])}" in body[newer:older]
    assert f"{DEVELOPMENT_BASE_URL}{_path(first[0])}" in body[older:]
    assert body.count(WORDS) == 2


def test_waiting_for_you_lists_a_draft_the_ai_reviewer_may_publish_now(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], owner: User,
) -> None:  # fmt: skip
    case = make_case(tier="low")
    as_member(auth, members["ben"])
    _conflict(client, case)
    as_member(auth, owner)
    _save(client, case[0])
    assert DRAFTS not in panel(client)  # the agency's own staff publish nothing
    as_member(auth, members["ana"])
    assert DRAFTS not in panel(client)  # no decision yet: nothing to publish
    _approve(app, case[0], members["chair"])
    mine = panel(client)[DRAFTS]
    assert mine.total == 1 and mine.titles == ["Benefits chatbot"]
    assert mine.links == [_path(case[0])]
    as_member(auth, members["ben"])
    assert DRAFTS not in panel(client)  # declared a conflict
    as_member(auth, members["chair"])
    published = through_check(client, f"/ai-use-cases/{case[0]}/inventory", _entry(), "publish")
    assert published.status_code == 302
    assert DRAFTS not in panel(client)  # handled: a version was published from it


def test_a_draft_waits_while_the_latest_decision_approves_the_use_case(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], owner: User,
) -> None:  # fmt: skip
    case = make_case(tier="low")
    _approve(app, case[0], members["chair"])
    as_member(auth, owner)
    _save(client, case[0])
    as_member(auth, members["sub"])
    assert panel(client)[DRAFTS].total == 1
    with app.app_context():  # a re-assessment starts: the approval in force still counts
        undecided_review(db.session.get_one(AIUseCase, case[0]))
        db.session.commit()
    assert panel(client)[DRAFTS].total == 1
    with app.app_context():  # the re-assessment's decision does not approve it
        add_decision(case[0], members["chair"].id, "do-not-approve")
    assert DRAFTS not in panel(client)
    refused = client.get(f"/ai-use-cases/{case[0]}/inventory").get_data(as_text=True)
    assert "Do not approve" in refused  # the publish page refuses it too
