"""A written determination that set aside a presumption of high impact is kept in the public
inventory entry: the form starts with it, publishing refuses an entry that drops who decided,
and the public page shows it."""

import json
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.ai.rebuttal import record_rebuttal
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, User
from tests.checkpages import through_check
from tests.factories.inventory import Decide, MakeUseCase, entry_form
from tests.inventory.test_facts import _review

CASE_FILE = Path(__file__).resolve().parents[1] / "questionnaire" / "cases"
CASE = json.loads(
    (CASE_FILE / "rai-snap-renewal-prefill-rebuttal.json").read_text(encoding="utf-8")
)
OFFICIAL = CASE["rebuttal"]["decided_by"]


def test_the_entry_keeps_the_written_determination(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publisher: User, decide: Decide
) -> None:
    use_case_id = make_use_case(decided=None)
    _review(app, use_case_id, publisher, CASE["answers"])
    with app.test_request_context():
        review = db.session.query(Review).filter_by(subject_id=use_case_id).one()
        actor = db.session.get(User, publisher.id)
        record_rebuttal(actor, review, OFFICIAL, CASE["rebuttal"]["reason"])
    decide(use_case_id)

    url = f"/ai-use-cases/{use_case_id}/inventory"
    form = re.sub(r"\s+", " ", client.get(url).get_data(as_text=True))
    assert '<option selected value="medium">' in form
    assert "Medium because the system informs significant decisions" in form
    assert f"written determination of {OFFICIAL}" in form

    dropped = client.post(url, data=entry_form(risk_tier="medium", risk_tier_basis="Safe."))
    assert dropped.status_code == 422
    page = dropped.get_data(as_text=True)
    assert "Keep the written determination that set aside the presumption" in page
    assert "Safe." in page  # what was typed comes back

    basis = f"Medium. The presumption was set aside by {OFFICIAL}: workers check every value."
    kept = through_check(
        client, url, entry_form(risk_tier="medium", risk_tier_basis=basis), "publish"
    )
    assert kept.status_code == 302
    with app.app_context():
        public_id = db.session.get(AIUseCase, use_case_id).public_id
    public = client.get(f"/ai-inventory/{public_id}").get_data(as_text=True)
    assert OFFICIAL in public and "workers check every value" in public
