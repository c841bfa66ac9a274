"""The confirmation pages after the reviewer submits (and signs) and after the approver signs:
reached by the form's redirect, bookmarkable, checked like every review page, naming exactly
who the app told (ctdppeia.notices.audience) and what happens next."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.documents.services import stored_document
from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.notices.audience import CONFIRMED, SUBMITTED, register_audience, told_of
from tests.conftest import AuthActions, MakeUser
from tests.documents.conftest import Made, stored_pdf
from tests.factories.reviews import fill_review, set_aside_all

SUBMIT = {"rationale": "The safeguards hold.", "declaration": "y"}


def test_submitting_ends_on_the_submitted_page(
    app: Flask, client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    fill_review(app, in_progress.reviewer, in_progress.review_id)
    auth.login(in_progress.reviewer)
    url = f"/reviews/{in_progress.review_id}"
    form = client.post(f"{url}/submit", data={**SUBMIT, "recommendation": "approve"})
    assert form.status_code == 302 and form.headers["Location"].endswith(f"{url}/submitted")
    page = client.get(form.headers["Location"]).get_data(as_text=True)
    assert "Review submitted for approval" in page
    assert f"Review {in_progress.review_id}" in page  # the reference
    assert "You signed the review and sent it for approval." in page
    assert "What happens next" in page
    assert "An approver of Department of Social Services reads the review." in page
    # The page names exactly whom the submission's notice went to: the agency's approver.
    assert f"{in_progress.approver.name}, DSS: a notice in the app" in page
    assert in_progress.reviewer.name + ", DSS: a notice" not in page


def test_the_submitted_page_names_exactly_who_the_notices_tell(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made, make_user: MakeUser
) -> None:
    other = make_user(Role.APPROVER, agency="DSS", name="Ada Quiet")
    gone = make_user(Role.APPROVER, agency="DSS", name="Bo Gone")
    with app.app_context():
        db.session.get_one(User, gone.id).active = False
        db.session.commit()
    told_ids = {submitted.approver.id, gone.id}
    register_audience(
        app,
        SUBMITTED,
        lambda review: db.session.scalars(db.select(User).where(User.id.in_(told_ids))),
    )
    auth.login(submitted.reviewer)
    page = client.get(f"/reviews/{submitted.review_id}/submitted").get_data(as_text=True)
    assert f"{submitted.approver.name}, DSS: a notice in the app" in page
    assert other.name not in page  # not told
    assert gone.name not in page  # inactive: never told
    with app.test_request_context():
        review = db.session.get(Review, submitted.review_id)
        assert [t.user.id for t in told_of(SUBMITTED, review)] == [submitted.approver.id]
        assert told_of(CONFIRMED, review) == []


def test_the_submitted_page_is_refused_to_who_may_not_read_the_review(
    client: FlaskClient, auth: AuthActions, submitted: Made, make_user: MakeUser
) -> None:
    url = f"/reviews/{submitted.review_id}/submitted"
    auth.login(make_user(Role.REVIEWER, agency="DOL"))  # another agency
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(make_user(Role.BOARD, agency="OPM"))
    assert client.get(url).status_code == 404
    auth.logout()
    assert client.get(url).status_code == 302  # signed out: to the sign-in page


def test_no_submitted_page_before_the_submission(
    client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    auth.login(in_progress.reviewer)
    assert client.get(f"/reviews/{in_progress.review_id}/submitted").status_code == 404
    assert client.get(f"/reviews/{in_progress.review_id}/signed").status_code == 404


def test_signing_ends_on_the_signed_page_with_the_record_digest(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    auth.login(submitted.approver)
    url = f"/reviews/{submitted.review_id}"
    form = {"declaration": "y", "step": "sign", **set_aside_all(app, submitted.review_id)}
    signed = client.post(f"{url}/confirm", data=form)
    assert signed.status_code == 302 and signed.headers["Location"].endswith(f"{url}/signed")
    page = client.get(signed.headers["Location"]).get_data(as_text=True)
    assert "Review signed and locked" in page
    with app.app_context():
        document = stored_document(db.session.get_one(Review, submitted.review_id))
        assert document is not None and document.record_digest in page
    assert stored_pdf(app, submitted.review_id)
    assert f"{url}/review.pdf" in page
    # The decision's notice went to who worked on the review, not to the approver who signed.
    assert f"{submitted.reviewer.name}, DSS: a notice in the app" in page
    assert f"{submitted.approver.name}, DSS: a notice" not in page
    assert "The review is locked. Nothing in it can change." in page


def test_the_signed_page_is_for_readers_of_the_review_only(
    client: FlaskClient, auth: AuthActions, locked: Made, make_user: MakeUser
) -> None:
    url = f"/reviews/{locked.review_id}/signed"
    auth.login(locked.reviewer)
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login(make_user(Role.APPROVER, agency="DOL"))  # another agency's approver
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(make_user(Role.BOARD, agency="OPM"))
    assert client.get(url).status_code == 404


def test_the_summary_changes_each_answer_and_submits_after_the_answers(
    app: Flask, client: FlaskClient, auth: AuthActions, in_progress: Made
) -> None:
    fill_review(app, in_progress.reviewer, in_progress.review_id)
    auth.login(in_progress.reviewer)
    rid = in_progress.review_id
    page = client.get(f"/reviews/{rid}/summary").get_data(as_text=True)
    # One Change link per question asked, to that question in its section.
    assert f'href="/reviews/{rid}/sections/planning#question-P1">Change' in page
    changes = page.count('<dd class="answer-change">')
    asked = page.count('<div class="answer-row"') - page.count("Not applicable (not asked)")
    assert changes == asked > 10
    last_answer = page.rindex('<dd class="answer-change">')
    declaration = page.index('name="declaration"')
    button = page.index("Sign and submit for approval</button>")
    assert last_answer < declaration < button
    assert f'action="/reviews/{rid}/submit"' in page


def test_the_summary_offers_no_change_once_submitted(
    client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    auth.login(submitted.reviewer)
    page = client.get(f"/reviews/{submitted.review_id}/summary").get_data(as_text=True)
    assert "answer-change" not in page and 'name="declaration"' not in page


def test_the_confirmation_pages_speak_the_readers_language(
    client: FlaskClient, auth: AuthActions, locked: Made, make_user: MakeUser
) -> None:
    auth.login(locked.reviewer)
    url = f"/reviews/{locked.review_id}"
    headers = {"Accept-Language": "es-US"}
    signed = client.get(f"{url}/signed", headers=headers).get_data(as_text=True)
    assert '<html lang="es">' in signed
    assert "Revisión firmada y cerrada" in signed and "A quién se avisó" in signed
    submitted = client.get(f"{url}/submitted", headers=headers).get_data(as_text=True)
    assert "Revisión enviada para aprobar" in submitted
    assert "Después, un aprobador firmó la revisión. Está cerrada." in submitted
