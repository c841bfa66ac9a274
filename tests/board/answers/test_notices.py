"""Notices in the app: one per answered comment, the count in the navigation, read on visit."""

from flask import Flask

from ctdppeia.models import Role, User
from tests.conftest import MakeUser
from tests.factories.board import comment, open_share
from tests.factories.people import as_user


def test_each_commenter_gets_a_notice_counted_in_the_navigation(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    first = comment(app, share_id, member, "One.")
    second = comment(app, share_id, member, "Two.")
    third = comment(app, share_id, member2, "Three.")
    as_user(app, reviewer).post(
        f"/reviews/{review_id}/board/answers",
        data={
            f"kind-{first}": "not-adopted",
            f"text-{first}": "No.",
            f"kind-{second}": "out-of-scope",
            f"text-{second}": "Not here.",
            f"kind-{third}": "partly-changed",
            f"text-{third}": "Some.",
        },
    )
    client = as_user(app, member)
    home = client.get("/").text
    assert 'href="/notices"' in home
    assert '<span class="count">2<span class="visually-hidden"> new</span></span>' in home
    page = client.get("/notices").text
    assert page.count("The reviewers answered your comment.") == 2
    assert page.count("<strong>New:</strong>") == 2
    assert f"/board/projects/{share_id}#comment-{first}" in page
    assert f"#comment-{second}" in page and f"#comment-{third}" not in page
    assert 'class="count"' not in client.get("/").text  # read once the page was opened
    again = client.get("/notices").text
    assert "<strong>New:</strong>" not in again and "answered your comment" in again
    other = as_user(app, member2)
    assert '<span class="count">1<span' in other.get("/").text


def test_every_role_has_notices(app: Flask, make_user: MakeUser) -> None:
    for role in Role:
        client = as_user(app, make_user(role))
        assert client.get("/notices").status_code == 200
        assert "You have no notices." in client.get("/notices").text
        assert 'href="/notices"' in client.get("/").text


def test_staff_are_told_of_new_comments_on_their_review(
    app: Flask, make_user: MakeUser, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    bystander = make_user(Role.REVIEWER, agency="DSS")
    board = as_user(app, member)
    posted = board.post(
        f"/board/projects/{share_id}/comments", data={"body": "Drop the names.", "concern": ""}
    )
    assert posted.status_code == 302
    client = as_user(app, reviewer)
    assert '<span class="count">1<span' in client.get("/").text
    page = client.get("/notices").text
    assert "A board member commented on a review you work on." in page
    assert f"/reviews/{review_id}/board/answers?comment=" in page
    assert 'class="count"' not in as_user(app, bystander).get("/").text
    assert 'class="count"' not in board.get("/").text  # no notice of one's own comment
