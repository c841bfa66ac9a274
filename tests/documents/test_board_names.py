"""Names as each board member chose, in every public artefact: a member who consented is named,
one who did not, and one who took their name off before signing, show as "Board member" in
the project page, the signed PDF (pdftotext), the public record and "you said, we did"."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.board.answers import AnswerInput, answer_comments, to_answer
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, Review, ReviewDocument, Role, User
from ctdppeia.reviews import workflow
from tests.conftest import MakeUser
from tests.documents.conftest import Made
from tests.factories.board import close_period, open_share
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.people import as_user
from tests.factories.reviews import confirm, fill_review

CONSENTS, PRIVATE, WITHDREW = "Ana Consents", "Ben Private", "Cy Withdrew"


def _post(client: FlaskClient, share_id: int, body: str, named: bool) -> int:
    data = {"body": body, "concern": "", **({"show_name": "y"} if named else {})}
    response = client.post(f"/board/projects/{share_id}/comments", data=data)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("comment-", 1)[1])


def _answer_all_and_sign(app: Flask, made: Made, share_id: int) -> None:
    close_period(app, share_id)
    with app.app_context():
        review = db.session.get(Review, made.review_id)
        actor = db.session.get(User, made.reviewer.id)
        items = [AnswerInput(c.id, "not-adopted", "Names stay inside.") for c in to_answer(review)]
        answer_comments(actor, review, items)  # type: ignore[arg-type]
        workflow.submit_review(actor, review, "approve-with-conditions", "Delete by 2029.", "Ok.")  # type: ignore[arg-type]
    confirm(app, made.approver, made.review_id)


@needs_pdftotext
def test_each_member_appears_as_they_chose_everywhere(
    app: Flask, make_user: MakeUser, in_progress: Made
) -> None:
    fill_review(app, in_progress.reviewer, in_progress.review_id, hear_board=False)
    share_id = open_share(app, in_progress.reviewer, in_progress.review_id)
    people = {
        name: make_user(Role.BOARD, agency="OPM", name=name)
        for name in (CONSENTS, PRIVATE, WITHDREW)
    }
    clients = {name: as_user(app, user) for name, user in people.items()}
    _post(clients[CONSENTS], share_id, "I agree to show my name.", named=True)
    _post(clients[PRIVATE], share_id, "Please keep my name out.", named=False)
    taken_back = _post(
        clients[WITHDREW], share_id, "I showed my name, then changed my mind.", named=True
    )
    assert clients[WITHDREW].post(f"/board/comments/{taken_back}/name").status_code == 302

    observer = as_user(app, make_user(Role.BOARD, agency="OPM", name="Dee Reader"))
    page = observer.get(f"/board/projects/{share_id}").text
    assert f"{CONSENTS}</strong>" in page
    assert PRIVATE not in page and WITHDREW not in page and page.count("Board member</strong>") == 2

    _answer_all_and_sign(app, in_progress, share_id)
    with app.app_context():
        document = db.session.scalars(
            db.select(ReviewDocument).where(ReviewDocument.review_id == in_progress.review_id)
        ).one()
        pdf, digest = document.pdf, document.record_digest
    text = pdf_text(pdf)
    assert CONSENTS in text and PRIVATE not in text and WITHDREW not in text
    assert "I agree to show my name." in text and "Please keep my name out." in text
    assert text.count("Board member") >= 2

    visitor = app.test_client()
    record = visitor.get(f"/records/{digest}").text
    assert f"{CONSENTS}," in record and PRIVATE not in record and WITHDREW not in record
    assert record.count("Board member,") == 2
    public = visitor.get(f"/you-said-we-did/{share_id}")
    assert public.status_code == 200
    assert CONSENTS in public.text and PRIVATE not in public.text and WITHDREW not in public.text
    assert "Names stay inside." in public.text
    assert "Child care subsidies and parents" in visitor.get("/you-said-we-did").text

    # Once signed, the record is frozen: the name can no longer be taken off.
    with app.app_context():
        named = db.session.scalars(
            db.select(BoardComment.id).where(BoardComment.show_name.is_(True))
        ).one()
    refused = clients[CONSENTS].post(f"/board/comments/{named}/name")
    assert refused.status_code == 409
    assert "The review is signed" in refused.text
