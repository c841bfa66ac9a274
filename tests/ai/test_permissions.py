"""Who may see and change AI use cases and their reviews, route by route: another agency's
staff and board members get 404, an AI reviewer of any agency may see and review, only the
owner agency changes the use case, and only its approver confirms the review."""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.reviews import version_of
from tests.factories.use_cases import form_data, new_use_case, start_ai_review


@pytest.fixture
def world(app: Flask, reviewer: User) -> Iterator[tuple[int, int]]:
    use_case_id = new_use_case(app, reviewer)
    review_id = start_ai_review(app, reviewer, use_case_id)
    yield use_case_id, review_id


def reads(use_case_id: int, review_id: int) -> list[str]:
    return [
        f"/ai-use-cases/{use_case_id}",
        f"/ai-use-cases/{use_case_id}/edit",
        f"/ai-use-cases/reviews/{review_id}/tier",
        f"/reviews/{review_id}",
        f"/reviews/{review_id}/summary",
        f"/reviews/{review_id}/sections/intake",
        f"/reviews/{review_id}/review.pdf",
        f"/reviews/start/ai-use-case/{use_case_id}",
    ]


def writes(use_case_id: int, review_id: int) -> list[tuple[str, dict[str, str]]]:
    return [
        (f"/ai-use-cases/{use_case_id}/edit", form_data(name="Changed", version="1")),
        (f"/ai-use-cases/reviews/{review_id}/tier", {"tier": "high", "reason": "Because."}),
        (f"/ai-use-cases/reviews/{review_id}/obligations", {}),
        (f"/reviews/{review_id}/sections/intake", {"version": "1", "q_I4": "no"}),
        (f"/reviews/start/ai-use-case/{use_case_id}", {"questionnaire": "responsible-ai"}),
    ]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.APPROVER])
def test_another_agencys_staff_get_404_everywhere(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_user: MakeUser,
    world: tuple[int, int],
    role: Role,
) -> None:
    auth.login(make_user(role, agency="DOL"))
    for url in reads(*world):
        assert client.get(url).status_code == 404, url
    for url, data in writes(*world):
        assert client.post(url, data=data).status_code == 404, url
    assert "BenefitsHelp" not in client.get("/ai-use-cases/").get_data(as_text=True)


def test_a_board_member_gets_404_on_every_use_case_page(
    app: Flask, client: FlaskClient, auth: AuthActions, world: tuple[int, int]
) -> None:
    auth.login(Role.BOARD)
    use_case_id, review_id = world
    for url in reads(use_case_id, review_id)[:3]:
        assert client.get(url).status_code == 404, url
    for url, data in writes(use_case_id, review_id)[:3]:
        assert client.post(url, data=data).status_code == 404, url
    # The list, the proposal form and the review engine's pages: refused by the role rule,
    # which answers 404 to a board member (nothing unshared exists for them).
    assert client.get("/ai-use-cases/").status_code == 404
    assert client.get("/ai-use-cases/new").status_code == 404
    for url in reads(use_case_id, review_id)[3:]:
        assert client.get(url).status_code == 404, url


def test_an_ai_reviewer_of_any_agency_sees_and_reviews_but_does_not_change_the_intake(
    app: Flask, client: FlaskClient, auth: AuthActions, ai_reviewer: User, world: tuple[int, int]
) -> None:
    use_case_id, review_id = world
    auth.login(ai_reviewer)  # of DAS; the use case is DSS's
    assert "BenefitsHelp chat" in client.get("/ai-use-cases/").get_data(as_text=True)
    for url in reads(use_case_id, review_id):
        expected = 403 if url.endswith("/edit") else 200
        assert client.get(url).status_code == expected, url
    edit, tier, _, section, start = writes(use_case_id, review_id)
    assert client.post(*edit[:1], data=edit[1]).status_code == 403
    assert client.post(tier[0], data=tier[1]).status_code == 302
    version = str(version_of(app, review_id))
    assert client.post(section[0], data={**section[1], "version": version}).status_code == 302
    assert client.post(start[0], data=start[1]).status_code == 302
    assert client.get("/ai-use-cases/new").status_code == 403  # proposes nothing
    with app.app_context():
        assert db.session.get(AIUseCase, use_case_id).name == "BenefitsHelp chat"


def test_an_admin_reads_everything_and_changes_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, world: tuple[int, int]
) -> None:
    use_case_id, review_id = world
    auth.login(Role.ADMIN, agency="OPM")
    for url in reads(use_case_id, review_id):
        if "/edit" in url or "/start/" in url:
            continue
        expected = 302 if "/sections/" in url else 200  # a reader is sent to the summary
        assert client.get(url).status_code == expected, url
    assert client.get(f"/ai-use-cases/{use_case_id}/edit").status_code == 403
    tier = writes(use_case_id, review_id)[1]
    assert client.post(tier[0], data=tier[1]).status_code == 403


def test_only_the_owner_agencys_approver_confirms(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    ai_reviewer: User,
    approver: User,
    world: tuple[int, int],
) -> None:
    from ctdppeia.ai.tier import Obligation, save_obligations
    from ctdppeia.reviews import permissions, workflow

    _, review_id = world
    with app.app_context():
        review = db.session.get(Review, review_id)
        user = db.session.get(User, ai_reviewer.id)
        assert permissions.decide_refusal(user, review) is not None
        owner_approver = db.session.get(User, approver.id)
        assert permissions.decide_refusal(owner_approver, review) is None
        # Obligations of another tier than the review's are ignored, never stored.
        save_obligations(user, review, [Obligation("Not an obligation", True, "")])
        assert workflow.submission_problems(review)  # the review is far from done


def test_the_tier_page_of_a_data_request_review_is_not_found(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    from tests.factories.requests import new_request
    from tests.factories.reviews import start_review

    request_id = new_request(app, reviewer)
    review_id = start_review(app, reviewer, request_id, "dppeia")
    auth.login(reviewer)
    assert client.get(f"/ai-use-cases/reviews/{review_id}/tier").status_code == 404
    assert client.get("/ai-use-cases/new?from_request=99999999999").status_code == 400
    assert client.get("/ai-use-cases/new?from_request=0").status_code == 404
