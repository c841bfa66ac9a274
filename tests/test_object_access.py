"""Object-level access: who may see and who may change one request, its reviews and analyses.

`test_access_matrix.py` checks the role rule of every route; this file checks the rules of
`ctdppeia.requests.permissions` for one DSS request that names DOL as a data holder. Every route
that changes a request, a review or an analysis is tried by a DOL reviewer and a DOL approver
(they may read, so they get 403) and by staff of DOT, an agency with no part in it (they may
not even see it, so they get 404, or 403 where their role is refused before any object is
looked at). Nothing they try may change anything.
"""

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.admin import services as accounts
from ctdppeia.analyses.services import AnalysisInput, create_analysis
from ctdppeia.disparity import GroupCount
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, DataRequest, Review, Role, User
from ctdppeia.reviews import workflow
from tests.conftest import PASSWORD, MakeUser
from tests.factories.requests import new_request
from tests.factories.reviews import FULL_BASICS, complete_review, save, start_review, version_of
from tests.test_access_matrix import ACCESS

REQUEST_FORM = {
    "title": "Hijacked",
    "requesting_org": "Attacker",
    "contact_name": "Mallory",
    "contact_email": "mallory@example.gov",
    "requester_type": "other",
    "purpose": "Take it over.",
}
DECISION = {"recommendation": "approve", "conditions": "", "rationale": "Looks fine."}
TABLE = {
    "title": "Changed",
    "outcome_label": "Approved",
    "direction": "favourable",
    "reference_method": "best",
    "groups-0-group": "A",
    "groups-0-total": "100",
    "groups-0-outcome": "50",
    "groups-1-group": "B",
    "groups-1-total": "100",
    "groups-1-outcome": "10",
}


class World:
    """One DSS request naming DOL as a data holder, with an open review (one flag raised), a
    submitted review, and an outcome analysis; staff of DSS, DOL and DOT."""

    def __init__(self, app: Flask, make_user: MakeUser) -> None:
        self.app = app
        self.owner = make_user(Role.REVIEWER, agency="DSS", name="Owner Reviewer")
        self.owner_approver = make_user(Role.APPROVER, agency="DSS", name="Owner Approver")
        self.holder = make_user(Role.REVIEWER, agency="DOL", name="Holder Reviewer")
        self.holder_approver = make_user(Role.APPROVER, agency="DOL", name="Holder Approver")
        self.outsider = make_user(Role.REVIEWER, agency="DOT", name="Outside Reviewer")
        self.outsider_approver = make_user(Role.APPROVER, agency="DOT", name="Outside Approver")
        self.request_id = new_request(app, self.owner, "Wages and child care")
        with app.app_context():
            data_request = db.session.get(DataRequest, self.request_id)
            data_request.data_holders = [accounts.agency_by_code("DOL")]
            db.session.commit()
        self.review_id = start_review(app, self.owner, self.request_id)
        save(app, self.owner, self.review_id, "basics", {"B2": "yes"})  # raises "names"
        self.submitted_id = start_review(app, self.owner, self.request_id)
        complete_review(app, self.owner, self.submitted_id)
        with app.app_context():
            actor = db.session.get(User, self.owner.id)
            review = db.session.get(Review, self.submitted_id)
            workflow.submit_review(actor, review, "approve", "", "Fine.")
            groups = (GroupCount("A", 100, 50), GroupCount("B", 100, 40))
            data = AnalysisInput("Matrix", "Approved", "favourable", "best", None, groups)
            review = db.session.get(Review, self.review_id)
            self.analysis_id = create_analysis(actor, review, data).id

    def writes(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        """(endpoint, method, url, form) for every route that changes something."""
        r, s, a = self.request_id, self.review_id, self.submitted_id
        one = f"/reviews/{s}/analyses/{self.analysis_id}"
        version = version_of(self.app, s)
        holders = [self._agency_id("DOL"), self._agency_id("DOT")]
        form = {**REQUEST_FORM, "data_holders": holders, "version": "1"}
        return [
            ("requests.edit", "GET", f"/requests/{r}/edit", {}),
            ("requests.edit", "POST", f"/requests/{r}/edit", form),
            ("reviews.start", "GET", f"/reviews/start/data-request/{r}", {}),
            ("reviews.start", "POST", f"/reviews/start/data-request/{r}",
             {"questionnaire": "mini"}),
            ("reviews.save", "POST", f"/reviews/{s}/sections/basics",
             {"version": str(version), "q_B1": "university"}),
            ("reviews.draft", "POST", f"/reviews/{s}/sections/basics/draft",
             {"version": str(version), "q_B1": "university"}),
            ("reviews.visibility", "POST", f"/reviews/{s}/sections/basics/visibility", {}),
            ("reviews.respond", "GET", f"/reviews/{s}/flags/names", {}),
            ("reviews.respond", "POST", f"/reviews/{s}/flags/names",
             {"kind": "accepted-risk", "text": "Fine by us."}),
            ("reviews.submit", "GET", f"/reviews/{s}/submit", {}),
            ("reviews.submit", "POST", f"/reviews/{s}/submit", DECISION),
            ("reviews.amend", "POST", f"/reviews/{s}/amend", {}),
            ("reviews.confirm", "POST", f"/reviews/{a}/confirm", {}),
            ("reviews.send_back", "POST", f"/reviews/{a}/send-back", {"comment": "No."}),
            ("analyses.new", "GET", f"/reviews/{s}/analyses/new", {}),
            ("analyses.new", "POST", f"/reviews/{s}/analyses/new", TABLE),
            ("analyses.edit", "GET", f"{one}/edit", {}),
            ("analyses.edit", "POST", f"{one}/edit", {**TABLE, "version": "1"}),
            ("analyses.upload", "GET", f"/reviews/{s}/analyses/upload", {}),
            ("analyses.upload", "POST", f"/reviews/{s}/analyses/upload", {}),
            ("analyses.upload", "POST", f"{one}/upload", {}),
            ("analyses.delete", "GET", f"{one}/delete", {}),
            ("analyses.delete", "POST", f"{one}/delete", {"confirm": "1"}),
        ]  # fmt: skip

    def _agency_id(self, code: str) -> int:
        with self.app.app_context():
            return accounts.agency_by_code(code).id


@pytest.fixture
def world(app: Flask, qdir: Path, make_user: MakeUser) -> World:
    return World(app, make_user)


def _client(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _state(app: Flask) -> tuple[int, str, list[str]]:
    """What an attempt could have changed: the audit log, the title, the data holders."""
    with app.app_context():
        events = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        data_request = db.session.scalars(select(DataRequest)).one()
        return events, data_request.title, [a.code for a in data_request.data_holders]


def test_every_write_route_is_tried(app: Flask, world: World) -> None:
    """A new route that changes a request, a review or an analysis must join `writes`."""
    tried = {endpoint for endpoint, *_ in world.writes()}
    changing = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or set())
        and rule.endpoint.split(".")[0] in ("requests", "reviews", "analyses")
        and "<" in rule.rule  # about one object; requests.new creates one's own
    }
    assert changing - tried == set()


@pytest.mark.parametrize("who", ["holder", "holder_approver"])
def test_data_holder_agency_reads_but_every_write_is_refused(
    app: Flask, world: World, who: str
) -> None:
    client = _client(app, getattr(world, who))
    before = _state(app)
    review = f"/reviews/{world.review_id}"
    reads = (f"{review}/summary", f"{review}/analyses", f"{review}/review.json")
    for url in (f"/requests/{world.request_id}", review, *reads):
        assert client.get(url).status_code == 200, url
    failures = []
    for endpoint, method, url, form in world.writes():
        code = client.open(url, method=method, data=form).status_code
        if code != 403:
            failures.append(f"{method} {url} ({endpoint}): {code}")
    assert failures == []
    assert _state(app) == before


@pytest.mark.parametrize("who", ["outsider", "outsider_approver"])
def test_an_unrelated_agency_sees_nothing(app: Flask, world: World, who: str) -> None:
    user = getattr(world, who)
    client = _client(app, user)
    before = _state(app)
    assert client.get(f"/requests/{world.request_id}").status_code == 404
    assert client.get(f"/reviews/{world.review_id}").status_code == 404
    for record in ("review.pdf", "review.json"):
        for review_id in (world.review_id, world.submitted_id):
            assert client.get(f"/reviews/{review_id}/{record}").status_code == 404
    failures = []
    for endpoint, method, url, form in world.writes():
        expected = 404 if user.role in ACCESS[endpoint] else 403  # the role rule comes first
        code = client.open(url, method=method, data=form).status_code
        if code != expected:
            failures.append(f"{method} {url} ({endpoint}): {code}, not {expected}")
    assert failures == []
    assert _state(app) == before


def test_the_owner_agency_may_change_its_request(app: Flask, world: World) -> None:
    for user in (world.owner, world.owner_approver):
        client = _client(app, user)
        form = {
            **REQUEST_FORM,
            "title": f"By {user.name}",
            "data_holders": [world._agency_id("DOL")],
        }
        form["version"] = str(_request_version(app, world.request_id))
        assert client.post(f"/requests/{world.request_id}/edit", data=form).status_code == 302
        assert _state(app)[1] == f"By {user.name}"


def _request_version(app: Flask, request_id: int) -> int:
    with app.app_context():
        return db.session.get(DataRequest, request_id).version


def test_the_reported_attack_is_refused(app: Flask, world: World) -> None:
    """A DOL reviewer tried to retitle the DSS request, add DOT as a data holder, answer and
    submit the DSS review; then the DSS approver would have confirmed it."""
    attacker = _client(app, world.holder)
    form = {**REQUEST_FORM, "data_holders": [world._agency_id("DOL"), world._agency_id("DOT")]}
    assert attacker.post(f"/requests/{world.request_id}/edit", data=form).status_code == 403
    assert _state(app)[1:] == ("Wages and child care", ["DOL"])
    dot = _client(app, world.outsider)
    assert dot.get(f"/requests/{world.request_id}").status_code == 404  # no access granted

    review = world.review_id
    answers = {
        "version": str(version_of(app, review)),
        **{f"q_{k}": v for k, v in FULL_BASICS.items()},
    }
    assert attacker.post(f"/reviews/{review}/sections/basics", data=answers).status_code == 403
    assert attacker.post(f"/reviews/{review}/submit", data=DECISION).status_code == 403
    with app.app_context():
        assert db.session.get(Review, review).status == "in-progress"

    approver = _client(app, world.owner_approver)
    confirmed = approver.post(f"/reviews/{review}/confirm")
    assert confirmed.status_code == 409  # nothing was submitted, so nothing can be confirmed
    with app.app_context():
        assert db.session.get(Review, review).confirmed_at is None
