"""Email preferences: each notice, a daily or weekly digest, or none. A digest groups the
period's notices by item, newest first, one email per person per period, in the person's
language, escaping what users typed; "none" sends nothing and keeps the notices in the app."""

from datetime import datetime, timedelta

from flask import Flask

from ctdppeia.config import DEVELOPMENT_BASE_URL
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import NoticeSetting, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices.core import Item, notify
from ctdppeia.notices.jobs import run_due
from tests.conftest import MakeUser
from tests.factories.board import comment, open_share
from tests.factories.people import as_user
from tests.mailsink import SmtpSink
from tests.notices.steps import choose, emails_to, html_of, notices_of, speaks, text_of

FIRST = Item("review:1", "Wages <script>x</script>", "/reviews/1/confirm")
SECOND = Item("review:2", "Bus routes", "/reviews/2/confirm")


def _notify(app: Flask, user: User, kind: str, item: Item, when: datetime) -> None:
    with app.app_context(), transaction():
        [notice] = notify([db.session.get_one(User, user.id)], kind, item)
        notice.created_at = when


def _next_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=5, second=0, microsecond=0) + timedelta(days=1)


def test_a_daily_digest_groups_by_item_newest_first_once(
    app: Flask, smtp_sink: SmtpSink, make_user: MakeUser
) -> None:
    approver = make_user(Role.APPROVER, agency="DSS")
    choose(app, approver, "daily")
    now = utcnow()
    _notify(app, approver, "review.submitted", FIRST, now + timedelta(seconds=1))
    _notify(app, approver, "review.submitted", SECOND, now + timedelta(seconds=2))
    _notify(app, approver, "ai.decided", FIRST, now + timedelta(seconds=3))
    assert smtp_sink.received == []  # nothing one by one
    with app.app_context():
        assert run_due(_next_day(now)).digests == 1
        assert run_due(_next_day(now) + timedelta(hours=3)).digests == 0
    [email] = emails_to(smtp_sink, approver)
    assert email["Subject"] == "Your daily notices: 3"
    body = text_of(email)
    first, second = body.index("Wages <script>x</script>"), body.index("Bus routes")
    assert first < second  # the item with the newest notice first
    group = body[first:second]
    assert group.index("The AI advisory group decided.") < group.index("A review waits")
    assert f"{DEVELOPMENT_BASE_URL}/reviews/1/confirm" in group
    html = html_of(email)
    assert "Wages &lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html


def test_a_weekly_digest_in_spanish(app: Flask, smtp_sink: SmtpSink, make_user: MakeUser) -> None:
    approver = make_user(Role.APPROVER, agency="DSS")
    choose(app, approver, "weekly")
    speaks(app, approver, "es")
    now = utcnow()
    _notify(app, approver, "review.submitted", SECOND, now + timedelta(seconds=1))
    monday = _next_day(now) + timedelta(days=(7 - now.weekday() - 1) % 7)
    assert monday.weekday() == 0
    with app.app_context():
        assert run_due(monday - timedelta(hours=1)).digests == 0  # the week is not over
        assert run_due(monday).digests == 1
    [email] = emails_to(smtp_sink, approver)
    assert email["Subject"] == "Sus avisos de la semana: 1"
    assert "Una revisión espera su aprobación." in text_of(email)


def test_none_sends_no_email_but_keeps_the_notices(
    app: Flask, smtp_sink: SmtpSink, make_user: MakeUser
) -> None:
    approver = make_user(Role.APPROVER, agency="DSS")
    choose(app, approver, "none")
    now = utcnow()
    _notify(app, approver, "review.submitted", FIRST, now)
    with app.app_context():
        run_due(_next_day(now) + timedelta(days=7))
    assert smtp_sink.received == []
    assert [n.kind for n in notices_of(app, approver)] == ["review.submitted"]


def test_each_notice_is_not_digested_again(
    app: Flask, smtp_sink: SmtpSink, make_user: MakeUser
) -> None:
    approver = make_user(Role.APPROVER, agency="DSS")
    now = utcnow()
    _notify(app, approver, "review.submitted", FIRST, now)
    choose(app, approver, "daily")  # after the notice was emailed on its own
    with app.app_context():
        assert run_due(_next_day(now)).digests == 0
    assert len(emails_to(smtp_sink, approver)) == 1


def test_a_board_member_digest_holds_the_boards_notices(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    choose(app, member, "daily")
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    data = {f"kind-{said}": "not-adopted", f"text-{said}": "We need them."}
    answered = as_user(app, reviewer).post(f"/reviews/{review_id}/board/answers", data=data)
    assert answered.status_code == 302
    assert emails_to(smtp_sink, member) == []
    with app.app_context():
        assert run_due(_next_day(utcnow())).digests >= 1
    [email] = emails_to(smtp_sink, member)
    body = text_of(email)
    assert "The reviewers answered your comment." in body
    assert f"/board/projects/{share_id}#comment-{said}" in body


def test_the_preference_page_saves_the_choice_and_says_what_to_fix(
    app: Flask, smtp_sink: SmtpSink, make_user: MakeUser
) -> None:
    person = make_user(Role.AI_REVIEWER, agency="DAS")
    client = as_user(app, person)
    page = client.get("/notices/settings").get_data(as_text=True)
    assert 'checked id="email_mode-0"' in page
    bad = client.post("/notices/settings", data={"email_mode": "hourly"})
    assert bad.status_code == 400 and "Not a valid choice" in bad.get_data(as_text=True)
    saved = client.post("/notices/settings", data={"email_mode": "weekly"})
    assert saved.status_code == 302
    assert 'checked id="email_mode-2"' in client.get("/notices/settings").get_data(as_text=True)
    assert "each week" in client.get("/notices").get_data(as_text=True)


def test_the_preference_form_needs_its_token(app: Flask, make_user: MakeUser) -> None:
    person = make_user(Role.REVIEWER, agency="DSS")
    client = as_user(app, person)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/notices/settings", data={"email_mode": "none"}).status_code == 400
    with app.app_context():
        assert db.session.query(NoticeSetting).count() == 0
