"""The authorization matrix: every route's permission is declared here and checked for every role.

A new route fails this test until its permission is added to ACCESS, so no route ships without
a decision about who may use it. For each endpoint and method the test asks as a signed-out
visitor (public routes answer, others send to the sign-in page) and as every role (a role not
listed gets 403 (a board member 404); a listed role never gets that or the sign-in page).

These are role rules. The object rules (a data-holder agency reads a request and its reviews
but every write answers 403; an unrelated agency gets 404; who may decide a review) are checked
route by route in `tests/test_object_access.py`, on top of this matrix.
"""

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role, User
from tests.conftest import MakeUser, put_session

PUBLIC = "public"
ALL = frozenset(Role)
STAFF = frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMIN})
AUTHORS = frozenset({Role.REVIEWER, Role.APPROVER})
ADMIN = frozenset({Role.ADMIN})
REVIEW_READERS = frozenset({Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN})
REVIEW_WRITERS = frozenset({Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER})
REVIEW_APPROVERS = frozenset({Role.APPROVER, Role.AI_REVIEWER})
BOARD = frozenset({Role.BOARD})
# AI use cases: a board member is refused (404) by the role rule like every unshared page.
AI_LISTERS = REVIEW_READERS
AI_READERS = REVIEW_READERS
AI_AUTHORS = AUTHORS
AI_WRITERS = REVIEW_WRITERS

ACCESS: dict[str, str | frozenset[Role]] = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "health.readyz": PUBLIC,
    "metrics.metrics": PUBLIC,  # to METRICS_ALLOWED_ADDRESSES only (tests/test_logs.py)
    "auth.login": PUBLIC,
    "auth.second_step": PUBLIC,  # the code after the password (tests/mfa)
    "sso.start": PUBLIC,  # signing in with the state directory (tests/sso; 404 without one)
    "sso.callback": PUBLIC,
    "saml.metadata": PUBLIC,  # SAML 2.0 sign-in (tests/sso; 404 without an identity provider)
    "saml.start": PUBLIC,
    "saml.acs": PUBLIC,
    "saml.slo": PUBLIC,
    # "Forgot your password?": asked and used without an account (tests/auth/test_forgot.py).
    "password_reset.ask": PUBLIC,
    "password_reset.choose": PUBLIC,
    "auth.home": ALL,
    "auth.logout": ALL,
    "auth.change_password": ALL,
    "account.language": ALL,
    "account.choose_language": PUBLIC,  # the header's buttons before signing in
    # Two-step sign-in of one's own account; an administrator resets another's.
    "mfa.status": ALL,
    "mfa.setup": ALL,
    "mfa.turn_off": ALL,
    "mfa.renew": ALL,
    "admin.reset_two_step": ADMIN,
    "requests.index": STAFF,
    "requests.new": AUTHORS,
    "requests.show": STAFF,
    "requests.edit": AUTHORS,
    "admin.index": ADMIN,
    "admin.users": ADMIN,
    "admin.new_user": ADMIN,
    "admin.edit_user": ADMIN,
    "admin.reset_password": ADMIN,
    # Reviews: read by staff and AI reviewers, changed by those who answer, decided by approvers.
    "reviews.index": REVIEW_READERS,
    "reviews.start": REVIEW_WRITERS,
    "reviews.about": REVIEW_READERS,
    "reviews.show": REVIEW_READERS,
    "reviews.section": REVIEW_READERS,
    "reviews.save": REVIEW_WRITERS,
    "reviews.visibility": REVIEW_WRITERS,
    "reviews.draft": REVIEW_WRITERS,
    "reviews.keep_signed_in": REVIEW_WRITERS,
    "reviews.respond": REVIEW_WRITERS,
    "reviews.summary": REVIEW_READERS,
    "reviews.submit": REVIEW_WRITERS,
    "reviews.confirm": REVIEW_APPROVERS,
    "reviews.send_back": REVIEW_APPROVERS,
    # The confirmation pages after submitting and signing: whoever may read the review.
    "reviews.submitted": REVIEW_READERS,
    "reviews.signed": REVIEW_READERS,
    # "Signing...": the approver who signed watches the job (anyone else: 404).
    "reviews.signing": REVIEW_APPROVERS,
    "reviews.amend": REVIEW_WRITERS,
    # Review PDFs and their JSON records: whoever may read the review downloads them; anyone may
    # check a PDF.
    "documents.review_pdf": REVIEW_READERS,
    "documents.review_json": REVIEW_READERS,
    "documents.verify": PUBLIC,
    "documents.authority_pem": PUBLIC,
    "documents.authority_crt": PUBLIC,
    # The accessible version of a signed record: anyone who holds its digest.
    "documents.record": PUBLIC,
    # The JSON Schema of the signed record: public, like the inventory's.
    "documents.record_schema": PUBLIC,
    # Outcome analyses on a review: read like the review, changed by those who answer it.
    "analyses.index": REVIEW_READERS,
    "analyses.show": REVIEW_READERS,
    "analyses.new": REVIEW_WRITERS,
    "analyses.edit": REVIEW_WRITERS,
    "analyses.upload": REVIEW_WRITERS,
    "analyses.delete": REVIEW_WRITERS,
    "analyses.template": REVIEW_READERS,
    # Answers to the Resident Advisory Board: the owner agency's staff answer (object check),
    # readers of the review read "you said, we did", board members read their project's page,
    # administrators moderate; notices for the board and the staff who answer it.
    "board_answers.answer": frozenset({Role.REVIEWER, Role.APPROVER}),
    "board_answers.review_you_said": REVIEW_READERS,
    "board_answers.you_said": frozenset({Role.BOARD}),
    "board_answers.public_index": PUBLIC,
    "board_answers.public_project": PUBLIC,
    "board_answers.moderation_list": ADMIN,
    "board_answers.hide": ADMIN,
    "board_answers.reveal": ADMIN,
    "notices.index": ALL,
    "notices.settings": ALL,
    # The Resident Advisory Board: board members read shared projects and comment; the owner
    # agency's reviewers and approvers share a review with them.
    "board.home": BOARD,
    "board.project": BOARD,
    "board.comment": BOARD,
    "board.reply": BOARD,
    "board.edit": BOARD,
    "board.withdraw_name": BOARD,
    "board.share": AUTHORS,
    # AI use cases: the list, proposing, a use case's page and changes, its review's risk tier.
    "ai.index": AI_LISTERS,
    "ai.new": AUTHORS,
    "ai.show": AI_READERS,
    "ai.edit": AI_AUTHORS,
    "ai.tier": AI_READERS,
    "ai.record_tier": AI_WRITERS,
    "ai.record_rebuttal": AI_WRITERS,
    "ai.withdraw_rebuttal": AI_WRITERS,
    "ai.obligations": AI_WRITERS,
    # The AI advisory group: every signed-in role but the board reaches the routes; the object
    # checks answer 404 to other agencies, 403 to those who may read but not act
    # (tests/advisory).
    "advisory.show": ALL - BOARD,
    "advisory.conflict": ALL - BOARD,
    "advisory.recommend": ALL - BOARD,
    "advisory.subcommittee": ALL - BOARD,
    "advisory.decide": ALL - BOARD,
    "advisory.change_decision": ALL - BOARD,
    "advisory.decided": ALL - BOARD,
    "advisory.close_condition": ALL - BOARD,
    "advisory.correct_condition": ALL - BOARD,
    "advisory.reassess": ALL - BOARD,
    "advisory.due": frozenset({Role.AI_REVIEWER, Role.ADMIN}),
    # The public AI inventory: anyone reads it; AI reviewers publish and retire entries.
    "inventory.index": PUBLIC,
    "inventory.entry": PUBLIC,
    "inventory.current_csv": PUBLIC,
    "inventory.current_json": PUBLIC,
    "inventory.year_csv": PUBLIC,
    "inventory.year_json": PUBLIC,
    "inventory.schema": PUBLIC,
    # ... and in other standards' formats, with their specifications.
    "inventory.omb_csv": PUBLIC,
    "inventory.omb_columns": PUBLIC,
    "inventory.atrs_tier_1": PUBLIC,
    "inventory.atrs_tier_1_schema": PUBLIC,
    "inventory.atrs_tier_2": PUBLIC,
    "inventory.atrs_tier_2_schema": PUBLIC,
    "inventory.algoritmeregister": PUBLIC,
    "inventory.algoritmeregister_schema": PUBLIC,
    "inventory.publish": frozenset({Role.AI_REVIEWER}),
    "inventory.retire": frozenset({Role.AI_REVIEWER}),
    # Action plans: the owning agency's staff change them; whoever sees the review reads them.
    "actions.new": AUTHORS,
    "actions.show": REVIEW_READERS,
    "actions.edit": AUTHORS,
    "actions.index": AUTHORS,
    "actions.export_csv": STAFF,
    "inventory.change": frozenset({Role.AI_REVIEWER}),
    "inventory.published": frozenset({Role.AI_REVIEWER}),
    # The owner agency drafts its entry; AI reviewers and administrators read the draft (object
    # rules: tests/inventory/test_drafts.py).
    "inventory.draft": AI_READERS,
    "inventory.save_draft": AI_AUTHORS,
    # A review's exchange file and editable copies: whoever reads the review (tests/exchange).
    "exchange.export_json": REVIEW_READERS,
    "exchange.copy_docx": REVIEW_READERS,
    "exchange.copy_odt": REVIEW_READERS,
    "exchange.schema": PUBLIC,
    "exchange.import_file": REVIEW_READERS,  # then the subject's answerers and admins
    # The read-only API: no session; the agency's data asks for a token (tests/api).
    "api.openapi": PUBLIC,
    "api.inventory": PUBLIC,
    "api.inventory_entry": PUBLIC,
    "api.inventory_years": PUBLIC,
    "api.inventory_year": PUBLIC,
    "api.reviews": PUBLIC,
    "api.review": PUBLIC,
    "api.requests_list": PUBLIC,
    "api.request_detail": PUBLIC,
    "api_tokens.index": frozenset({Role.APPROVER, Role.ADMIN}),
    "api_tokens.revoke": frozenset({Role.APPROVER, Role.ADMIN}),
    # OMB M-25-21's minimum practices of a use case: the owner agency keeps them (object rules:
    # tests/practices); the advisory group and administrators read them.
    "practices.index": AI_READERS,
    "practices.edit": AI_AUTHORS,
}

# Public, but only once the password was right: without it, they send to the sign-in page.
AFTER_THE_PASSWORD = {"auth.second_step"}

# Builders of the objects route arguments point at: name -> function(app, users) -> value.
URL_VALUES: dict[str, Callable[[Flask, dict[Role, User]], object]] = {}


def url_value(name: str) -> Callable[[Callable[[Flask, dict[Role, User]], object]], object]:
    def register(builder: Callable[[Flask, dict[Role, User]], object]) -> object:
        URL_VALUES[name] = builder
        return builder

    return register


@url_value("filename")
def _static_file(app: Flask, users: dict[Role, User]) -> object:
    return "css/site.css"


@url_value("digest")
def _digest(app: Flask, users: dict[Role, User]) -> object:
    return "0" * 64


@url_value("questionnaire_id")
def _questionnaire(app: Flask, users: dict[Role, User]) -> object:
    return "dppeia"


@url_value("user_id")
def _account(app: Flask, users: dict[Role, User]) -> object:
    return users[Role.REVIEWER].id


@url_value("request_id")
def _data_request(app: Flask, users: dict[Role, User]) -> object:
    from ctdppeia.requests.services import create_request

    with app.app_context():
        reviewer = db.session.get(User, users[Role.REVIEWER].id)
        created = create_request(
            reviewer,
            {
                "title": "Matrix",
                "requesting_org": "Org",
                "contact_name": "C",
                "contact_email": "c@example.gov",
                "requester_type": "university",
                "purpose": "Test",
            },
            [],
        )
        return created.id


@url_value("use_case_id")
def _ai_use_case(app: Flask, users: dict[Role, User]) -> object:
    from ctdppeia.ai.services import create_use_case

    with app.app_context():
        reviewer = db.session.get(User, users[Role.REVIEWER].id)
        fields = {"name": "Matrix AI", "vendor": "V", "description": "D", "intended_use": "U"}
        fields |= {"stage": "pilot", "hosting": "agency"}
        return create_use_case(reviewer, fields, []).id


@url_value("ai_case_id")
def _ai_case(app: Flask, users: dict[Role, User]) -> object:
    """An AI use case of the reviewer's agency (its review is the matrix's DPPEIA review, so
    the advisory routes that name both answer 404: the role rule is what is tested here)."""
    from tests.factories.stored import stored_use_case

    with app.app_context():
        reviewer = db.session.get_one(User, users[Role.REVIEWER].id)
        use_case = stored_use_case(reviewer.agency_id, reviewer.id, name="Matrix AI")
        db.session.commit()
        return use_case.id


@url_value("condition_id")
def _ai_condition(app: Flask, users: dict[Role, User]) -> object:
    return 999_999  # none: 404 for every role that passes the role rule


@url_value("action_id")
def _action(app: Flask, users: dict[Role, User]) -> object:
    return 999_999  # none: 404 for every role that passes the role rule


@url_value("agency_code")
def _agency_code(app: Flask, users: dict[Role, User]) -> object:
    return "DSS"


@url_value("token_id")
def _api_token(app: Flask, users: dict[Role, User]) -> object:
    return 999_999  # none: 404 for every role that passes the role rule


@url_value("number")
def _inventory_version(app: Flask, users: dict[Role, User]) -> object:
    return 1  # none published: 404 for every role that passes the role rule


@url_value("key")
def _practice_key(app: Flask, users: dict[Role, User]) -> object:
    return "testing"


@url_value("kind")
def _subject_kind(app: Flask, users: dict[Role, User]) -> object:
    return "data-request"


@url_value("subject_id")
def _subject(app: Flask, users: dict[Role, User]) -> object:
    return _data_request(app, users)


def _matrix_review(app: Flask, users: dict[Role, User]) -> int:
    """One DPPEIA review of a DSS request, shared by the review URL builders."""
    from ctdppeia.reviews import services
    from ctdppeia.reviews.registry import questionnaires
    from ctdppeia.reviews.subjects import adapter_for

    if "matrix_review" not in app.extensions:
        request_id = _data_request(app, users)
        with app.app_context():
            reviewer = db.session.get(User, users[Role.REVIEWER].id)
            subject = db.session.get(DataRequest, request_id)
            questionnaire = questionnaires().offered("data-request")[0]
            review = services.start_review(
                reviewer, adapter_for("data-request"), subject, questionnaire
            )
            app.extensions["matrix_review"] = (review.id, questionnaire.sections[0].id)
    return int(app.extensions["matrix_review"][0])


@url_value("review_id")
def _review(app: Flask, users: dict[Role, User]) -> object:
    return _matrix_review(app, users)


@url_value("job_id")
def _job(app: Flask, users: dict[Role, User]) -> object:
    return f"sign-review-{_matrix_review(app, users)}-1-1-0"


@url_value("section_id")
def _section(app: Flask, users: dict[Role, User]) -> object:
    _matrix_review(app, users)
    return app.extensions["matrix_review"][1]


@url_value("flag_id")
def _flag(app: Flask, users: dict[Role, User]) -> object:
    """A flag raised on the review (a new review raises the flags of unanswered questions)."""
    from ctdppeia.models import Review
    from ctdppeia.reviews.flags import review_flags

    review_id = _matrix_review(app, users)
    with app.app_context():
        flags = review_flags(db.session.get(Review, review_id))
        return flags[0].id if flags else "no-flag-raised"


@url_value("analysis_id")
def _analysis(app: Flask, users: dict[Role, User]) -> object:
    """An outcome analysis on the matrix review."""
    from ctdppeia.analyses.services import AnalysisInput, create_analysis
    from ctdppeia.disparity import GroupCount
    from ctdppeia.models import Review

    review_id = _matrix_review(app, users)
    with app.app_context():
        reviewer = db.session.get(User, users[Role.REVIEWER].id)
        groups = (GroupCount("A", 100, 50), GroupCount("B", 100, 40))
        data = AnalysisInput("Matrix", "Approved", "favourable", "best", None, groups)
        return create_analysis(reviewer, db.session.get(Review, review_id), data).id


def _matrix_share(app: Flask, users: dict[Role, User]) -> tuple[int, int]:
    """The matrix review shared with the board, open for comments, with one comment by the
    matrix board member: (share id, comment id)."""
    from datetime import timedelta

    from ctdppeia.board import period, services
    from ctdppeia.models import Review

    if "matrix_share" not in app.extensions:
        review_id = _matrix_review(app, users)
        with app.app_context():
            reviewer = db.session.get(User, users[Role.REVIEWER].id)
            member = db.session.get(User, users[Role.BOARD].id)
            review = db.session.get(Review, review_id)
            today = period.today()
            share = services.share_review(
                reviewer, review, "A summary.", None, today, today + timedelta(days=20)
            )
            said = services.post_comment(member, share, services.CommentInput("Hello.", False))
            app.extensions["matrix_share"] = (share.id, said.id)
    return app.extensions["matrix_share"]  # type: ignore[no-any-return]


@url_value("share_id")
def _share(app: Flask, users: dict[Role, User]) -> object:
    return _matrix_share(app, users)[0]


@url_value("comment_id")
def _comment(app: Flask, users: dict[Role, User]) -> object:
    return _matrix_share(app, users)[1]


@url_value("public_id")
def _inventory_id(app: Flask, users: dict[Role, User]) -> object:
    return "CT-DSS-0001"


@url_value("token")
def _reset_token(app: Flask, users: dict[Role, User]) -> object:
    return "not-a-token"


@url_value("year")
def _inventory_year(app: Flask, users: dict[Role, User]) -> object:
    return 2025


def _rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route, HEAD and OPTIONS aside."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return found


def test_every_endpoint_is_declared(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - ACCESS.keys()) == [], "declare these routes in ACCESS"
    assert sorted(ACCESS.keys() - endpoints) == [], "these declared routes no longer exist"


def test_declaration_matches_the_code(app: Flask) -> None:
    from ctdppeia.access import rule_for

    for endpoint, expected in ACCESS.items():
        rule = rule_for(app, endpoint)
        assert rule is not None, endpoint
        if expected == PUBLIC:
            assert rule.is_public, endpoint
        else:
            assert rule.allowed == expected, endpoint


@pytest.fixture
def users(make_user: MakeUser) -> dict[Role, User]:
    return {role: make_user(role, agency="DSS") for role in Role}


def _url(app: Flask, rule: str, users: dict[Role, User], cache: dict[str, object]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in cache:
            assert name in URL_VALUES, f"add a URL_VALUES builder for <{name}>"
            cache[name] = URL_VALUES[name](app, users)
        return str(cache[name])

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", fill, rule)


def _as(client: FlaskClient, user: User | None) -> None:
    put_session(client, user)


def test_matrix(app: Flask, client: FlaskClient, users: dict[Role, User]) -> None:
    cache: dict[str, object] = {}
    failures = []
    for endpoint, method, rule in _rules(app):
        url = _url(app, rule, users, cache)
        declared = ACCESS[endpoint]
        _as(client, None)
        anonymous = client.open(url, method=method)
        anonymous.close()
        if declared == PUBLIC:
            if _sent_to_login(anonymous) and endpoint not in AFTER_THE_PASSWORD:
                failures.append(f"{method} {url}: public but asks to sign in")
            continue
        if not _sent_to_login(anonymous):
            failures.append(f"{method} {url}: signed out got {anonymous.status_code}")
        for role, user in users.items():
            _as(client, user)
            response = client.open(url, method=method)
            response.close()
            code = response.status_code
            allowed = role in declared
            refused = 404 if role is Role.BOARD else 403  # the board sees only what is shared
            if allowed and code == refused:
                failures.append(f"{method} {url}: {role.value} is allowed but got {code}")
            if not allowed and code != refused:
                failures.append(f"{method} {url}: {role.value} is not allowed but got {code}")
    assert failures == []


def _sent_to_login(response: object) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_each_role_gets_the_pages_it_may_use(
    app: Flask, client: FlaskClient, users: dict[Role, User]
) -> None:
    """Allowed means served: every page without arguments answers 200 to each role it lists,
    and every role has at least one such page."""
    served: dict[Role, list[str]] = {role: [] for role in Role}
    for endpoint, method, rule in _rules(app):
        declared = ACCESS[endpoint]
        if method != "GET" or "<" in rule or declared == PUBLIC:
            continue
        for role in declared:
            _as(client, users[role])
            response = client.get(rule)
            response.close()
            assert response.status_code == 200, f"{rule} as {role.value}: {response.status_code}"
            served[role].append(rule)
    assert [role for role, pages in served.items() if not pages] == []


def test_undeclared_route_is_refused(app: Flask, client: FlaskClient) -> None:
    @app.route("/undeclared-test-route")
    def undeclared() -> str:
        return "should never be served"

    assert client.get("/undeclared-test-route").status_code == 404


def test_data_requests_from_other_agencies_answer_404(
    app: Flask, client: FlaskClient, users: dict[Role, User], make_user: MakeUser
) -> None:
    request_id = URL_VALUES["request_id"](app, users)
    outsider = make_user(Role.REVIEWER, agency="DOT")
    _as(client, outsider)
    assert client.get(f"/requests/{request_id}").status_code == 404
    assert client.get(f"/requests/{request_id}/edit").status_code == 404
    assert client.post(f"/requests/{request_id}/edit", data={"title": "x"}).status_code == 404
    with app.app_context():
        assert db.session.get(DataRequest, request_id).title == "Matrix"
