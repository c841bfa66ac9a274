"""Who may use the pages of the board's answers, object by object."""

from flask import Flask

from ctdppeia.models import Role, User
from tests.conftest import MakeUser
from tests.factories.board import comment, open_share
from tests.factories.people import as_user


def test_a_board_member_is_refused_every_staff_page(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "Mine.")
    client = as_user(app, member)
    for url in (
        f"/reviews/{review_id}/board/answers",
        f"/reviews/{review_id}/board/you-said-we-did",
        f"/reviews/{review_id}/summary",
        f"/reviews/{review_id}/submit",
        "/board/moderation",
        f"/board/comments/{cid}/hide",
    ):
        assert client.get(url).status_code == 404, url  # nothing unshared exists for them
    data = {f"kind-{cid}": "not-adopted", f"text-{cid}": "Nope."}
    assert client.post(f"/reviews/{review_id}/board/answers", data=data).status_code == 404
    assert client.post(f"/reviews/{review_id}/confirm").status_code == 404
    assert client.get(f"/board/projects/{share_id}/you-said-we-did").status_code == 200


def test_other_agencies_learn_nothing_and_data_holders_only_read(
    app: Flask, make_user: MakeUser, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "Mine.")
    stranger = as_user(app, make_user(Role.REVIEWER, agency="DOL"))
    for url in (
        f"/reviews/{review_id}/board/answers",
        f"/reviews/{review_id}/board/you-said-we-did",
    ):
        assert stranger.get(url).status_code == 404, url
    staff = as_user(app, make_user(Role.REVIEWER, agency="DSS"))
    page = staff.get(f"/reviews/{review_id}/board/answers").text
    assert "Mine." in page
    assert cid > 0
