"""The loop closed where residents look: the agency's answer under each comment (project page,
staff thread), notices that name the project and land on the answer, the board's home listing
answers first; and the loop measured: answered, median days, target, overdue."""

from datetime import timedelta

from flask import Flask

from ctdppeia.board import loop
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, Role, User
from ctdppeia.models.timestamps import utcnow
from tests.conftest import MakeUser
from tests.factories.board import comment, open_share
from tests.factories.people import as_user

ANSWER = "We will show county totals only."


def _answer(
    app: Flask, reviewer: User, review_id: int, comment_id: int, text: str = ANSWER
) -> None:
    response = as_user(app, reviewer).post(
        f"/reviews/{review_id}/board/answers",
        data={f"kind-{comment_id}": "not-adopted", f"text-{comment_id}": text},
    )
    assert response.status_code == 302, response.text


def _age(app: Flask, comment_id: int, days: float) -> None:
    """Move a comment back in time, as if written `days` ago (answer it afterwards)."""
    with app.app_context():
        found = db.session.get(BoardComment, comment_id)
        assert found is not None
        found.created_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_the_answer_shows_under_its_comment_where_the_notice_leads(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Who will see the names?")
    other = comment(app, share_id, member, "And the addresses?")
    _answer(app, reviewer, review_id, said)
    client = as_user(app, member)
    notices = client.get("/notices").text
    assert "Wages and child care</span>: The reviewers answered your comment." in notices
    assert f'href="/board/projects/{share_id}#comment-{said}"' in notices
    page = client.get(f"/board/projects/{share_id}").text
    item = page[page.index(f'id="comment-{said}"') : page.index(f'id="comment-{other}"')]
    assert item.index("Who will see the names?") < item.index("The agency answered: Not adopted")
    assert ANSWER in item
    rest = page[page.index(f'id="comment-{other}"') :]
    assert "The agency has not answered yet." in rest.split("</li>")[0]
    staff = as_user(app, reviewer).get(f"/reviews/{review_id}").text  # the staff's thread too
    assert "The agency answered: Not adopted" in staff and ANSWER in staff


def test_the_board_home_lists_answers_first(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Mine.")
    client = as_user(app, member)
    client.get(f"/board/projects/{share_id}")  # a visit: nothing is new after it
    assert "Nothing new." in client.get("/board/").text
    comment(app, share_id, member2, "Someone else's comment.")
    _answer(app, reviewer, review_id, said)
    home = client.get("/board/").text
    news = home[home.index("New since your last visit") : home.index("Open for comments")]
    assert "the agency answered 1 of your comments." in news
    client.get(f"/board/projects/{share_id}")
    assert "the agency answered" not in client.get("/board/").text  # seen now


def test_figures_and_the_target(app: Flask, reviewer: User, review_id: int, member: User) -> None:
    share_id = open_share(app, reviewer, review_id)
    quick = comment(app, share_id, member, "Quick.")
    slow = comment(app, share_id, member, "Slow.")
    waiting = comment(app, share_id, member, "Waiting.")
    fresh = comment(app, share_id, member, "Fresh.")
    _age(app, quick, 2)
    _age(app, slow, 6)
    for said in (quick, slow):
        _answer(app, reviewer, review_id, said)
    _age(app, waiting, 20)
    _age(app, fresh, 3)
    with app.app_context():
        from ctdppeia.models import BoardShare

        share = db.session.get(BoardShare, share_id)
        (project,) = loop.project_loops([share])  # type: ignore[list-item]
        assert project.figures.comments == 4 and project.figures.answered == 2
        assert project.figures.median_days == 4.0  # 2 and 6 days
        assert project.figures.overdue == 1 and project.figures.target_days == 14
        approver = db.session.get(User, reviewer.id)
        overdue = loop.overdue_board_answers(approver)  # type: ignore[arg-type]
        assert [item.comment.id for item in overdue] == [waiting]
        assert overdue[0].days == 20 and overdue[0].title == "Wages and child care"
    page = as_user(app, reviewer).get(f"/reviews/{review_id}").text
    assert "2 of 4 comments and replies answered." in page
    assert "Half were answered within 4.0 days (the median)." in page
    assert "1 overdue: waiting more than 14 days for an answer." in page
    assert f"comment={waiting}#comment-{waiting}" in page


def test_the_target_is_a_setting(app: Flask, reviewer: User, review_id: int, member: User) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Three days old.")
    _age(app, said, 3)
    app.config["BOARD_ANSWER_TARGET_DAYS"] = 2
    with app.app_context():
        user = db.session.get(User, reviewer.id)
        assert [item.comment.id for item in loop.overdue_board_answers(user)] == [said]  # type: ignore[arg-type]


def test_overdue_answers_are_only_for_the_owner_agency(
    app: Flask, make_user: MakeUser, reviewer: User, approver: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Old.")
    _age(app, said, 30)
    stranger = make_user(Role.APPROVER, agency="DOT")
    with app.app_context():
        for user, expected in ((approver, [said]), (stranger, []), (member, [])):
            found = loop.overdue_board_answers(db.session.get(User, user.id))  # type: ignore[arg-type]
            assert [item.comment.id for item in found] == expected
    other_reviewer = make_user(Role.REVIEWER, agency="DOT")
    assert as_user(app, other_reviewer).get(f"/reviews/{review_id}").status_code == 404


def test_the_public_page_shows_figures_and_only_signed_projects(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Private until signed.", show_name=True)
    _answer(app, reviewer, review_id, said)
    visitor = app.test_client()
    index = visitor.get("/you-said-we-did")
    assert index.status_code == 200
    assert "How fast each agency answers" in index.text
    assert "Department of Social Services" in index.text or "DSS" in index.text
    assert "Wages and child care" not in index.text  # not signed yet
    assert "Private until signed." not in index.text
    assert visitor.get(f"/you-said-we-did/{share_id}").status_code == 404
    assert visitor.get("/you-said-we-did/9999").status_code == 404
    assert 'href="/you-said-we-did"' in visitor.get("/login").text


def test_the_approvers_home_page_lists_the_overdue_answers(
    app: Flask, make_user: MakeUser, reviewer: User, approver: User, review_id: int, member: User
) -> None:
    from tests.waiting_page import panel

    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Old.")
    _age(app, said, 30)
    comment(app, share_id, member, "Recent.")  # within the target: not overdue
    label = "Board comments past the answer target"
    group = panel(as_user(app, approver))[label]
    assert (group.total, group.overdue) == (1, 1)
    assert group.titles == ["Wages and child care"]  # one item per review, since its oldest
    assert group.links == [f"/reviews/{review_id}/board/answers"]
    assert group.overdue_titles == ["Wages and child care"]
    for other in (make_user(Role.APPROVER, agency="DOT"), reviewer):
        assert label not in panel(as_user(app, other))  # another agency; not an approver
