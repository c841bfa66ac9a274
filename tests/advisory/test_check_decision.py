"""The chair's decision passes through a check page: the form's POST shows exactly what will be
recorded, only the check page's own POST records, a check page made stale by a vote or a
conflict is refused with the new check, and a confirmation page follows."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ctdppeia.extensions import db
from ctdppeia.models import AICondition, AIDecision, Role, User
from tests.checkpages import confirm, hidden_fields
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import DUE, CaseFactory, as_member, vote

FORM = {
    "outcome": "approve-with-conditions",
    "basis": "The review answers the risks.\r\nThe votes agree.",
    "conditions-0-text": "Publish the appeal route <b>first</b>.",
    "conditions-0-owner": "DSS AI office",
    "conditions-0-due_on": DUE,
}


def _voted(client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
           members: dict[str, User]) -> tuple[int, int]:  # fmt: skip
    case = make_case(tier="low")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    return case


def _url(case: tuple[int, int], tail: str = "decision") -> str:
    return f"/ai-use-cases/{case[0]}/advisory/{case[1]}/{tail}"


def _decisions(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AIDecision.id))) or 0


def test_the_form_shows_what_will_be_recorded_and_records_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User],
) -> None:  # fmt: skip
    case = _voted(client, auth, make_case, members)
    check = client.post(_url(case), data=FORM)
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and _decisions(app) == 0
    assert "Check the decision before you record it" in page
    assert "Approve with conditions" in page
    assert "The review answers the risks.\nThe votes agree." in page
    assert "Publish the appeal route &lt;b&gt;first&lt;/b&gt;." in page  # escaped
    assert "DSS AI office" in page
    assert "3 of 4 members voted. It needs 3 votes." in page
    assert "Next review by" in page and "Chair Person" in page
    change = _url(case, "decision/change")
    for anchor in ("outcome", "basis", "conditions-0-text", "conditions-0-owner",
                   "conditions-0-due_on"):  # fmt: skip
        assert f'formaction="{change}#{anchor}"' in page
    carried = dict(hidden_fields(page))
    assert carried["basis"] == "The review answers the risks.\nThe votes agree."
    assert carried["conditions-0-text"] == FORM["conditions-0-text"]
    assert 'name="step" value="record"' in page


def test_only_the_check_pages_post_records_then_the_confirmation_page(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User],
) -> None:  # fmt: skip
    case = _voted(client, auth, make_case, members)
    # Straight from the form, claiming to be the check page: the check page again.
    forged = client.post(_url(case), data={**FORM, "step": "record", "check_token": "made-up"})
    assert forged.status_code == 200 and "Check the decision" in forged.get_data(as_text=True)
    assert client.post(_url(case), data={**FORM, "step": "record"}).status_code == 200
    check = client.post(_url(case), data=FORM)
    # The check page's token does not carry other input: changed basis, shown to check again.
    fields = MultiDict(hidden_fields(check.get_data(as_text=True)))
    fields["basis"], fields["step"] = "Another basis.", "record"
    other = client.post(_url(case), data=fields)
    assert other.status_code == 200 and "Another basis." in other.get_data(as_text=True)
    assert _decisions(app) == 0
    recorded = confirm(client, _url(case), check, "record")
    assert recorded.status_code == 302
    assert recorded.headers["Location"].endswith(_url(case, "decided"))
    with app.app_context():
        decision = db.session.scalars(select(AIDecision)).one()
        assert decision.basis == "The review answers the risks.\nThe votes agree."
        [condition] = db.session.scalars(select(AICondition)).all()
        assert (condition.owner_name, condition.due_on.isoformat()) == ("DSS AI office", DUE)
    page = client.get(recorded.headers["Location"]).get_data(as_text=True)
    assert "Decision recorded: Approve with conditions" in page
    assert f"Review {case[1]} of Benefits chatbot" in page
    # The decision's notice went to the agency's approvers (and who submitted the review).
    told = page.split('id="told"')[1].split("What happens next")[0]
    assert "DSS: a notice in the app" in told and "No one" not in told
    assert "An approver of Department of Social Services confirms and signs the review." in page
    # Pressing the check page's button again records nothing more.
    assert confirm(client, _url(case), check, "record").status_code in (403, 409)
    assert _decisions(app) == 1


def test_a_stale_check_page_is_refused_with_the_new_check(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User],
) -> None:  # fmt: skip
    case = _voted(client, auth, make_case, members)
    check = client.post(_url(case), data=FORM)
    as_member(auth, members["sub"])
    assert vote(client, case, "do-not-approve", "Not yet.") == 302  # a vote meanwhile
    as_member(auth, members["chair"])
    stale = confirm(client, _url(case), check, "record")
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409 and _decisions(app) == 0
    assert "Something changed while you were checking" in page
    assert "4 of 4 members voted." in page  # the new state
    assert "The review answers the risks." in page  # the input kept
    assert confirm(client, _url(case), stale, "record").status_code == 302
    assert _decisions(app) == 1


def test_another_chair_cannot_use_the_check_page(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], make_user: MakeUser,
) -> None:  # fmt: skip
    case = _voted(client, auth, make_case, members)
    check = client.post(_url(case), data=FORM)
    as_member(auth, make_user(Role.AI_REVIEWER, agency="DOL", ai_chair=True))
    again = confirm(client, _url(case), check, "record")
    assert again.status_code == 200 and "Check the decision" in again.get_data(as_text=True)
    assert _decisions(app) == 0


def test_change_goes_back_to_the_form_with_everything_typed(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    case = _voted(client, auth, make_case, members)
    check = client.post(_url(case), data=FORM)
    fields = MultiDict(hidden_fields(check.get_data(as_text=True)))
    back = client.post(_url(case, "decision/change"), data=fields)
    page = back.get_data(as_text=True)
    assert back.status_code == 200
    assert (
        'checked id="outcome-1"' in page
        or 'id="outcome-1" name="outcome" type="radio" value="approve-with-conditions" checked'
        in page
    )
    assert "The review answers the risks.\nThe votes agree.</textarea>" in page
    assert 'value="DSS AI office"' in page and f'value="{DUE}"' in page
    assert "Continue to check the decision" in page


def test_who_is_refused_the_decisions_pages(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], make_user: MakeUser,
) -> None:  # fmt: skip
    case = _voted(client, auth, make_case, members)
    conflict = client.post(_url(case, "conflict"), data={"reason": "Former employer."})
    assert conflict.status_code == 302
    for tail in ("decision", "decision/change"):  # a chair with a conflict
        assert client.post(_url(case, tail), data=FORM).status_code == 403
    as_member(auth, members["ana"])  # a member who is no chair
    assert client.post(_url(case), data=FORM).status_code == 403
    as_member(auth, make_user(Role.BOARD, agency="OPM"))
    assert client.post(_url(case), data=FORM).status_code == 404
    as_member(auth, members["sub"])
    assert vote(client, case) == 302  # the conflict took the chair's vote out of the quorum
    other_chair = make_user(Role.AI_REVIEWER, agency="DOL", ai_chair=True)
    as_member(auth, other_chair)
    assert (
        confirm(client, _url(case), client.post(_url(case), data=FORM), "record").status_code == 302
    )
    decided = _url(case, "decided")
    assert client.get(decided).status_code == 200
    as_member(auth, make_user(Role.REVIEWER, agency="DOL"))  # another agency's staff
    assert client.get(decided).status_code == 404
    as_member(auth, make_user(Role.BOARD, agency="OPM"))
    assert client.get(decided).status_code == 404
    as_member(auth, members["chair"])  # the conflicted chair may read the outcome
    assert client.get(decided).status_code == 200


def test_no_decided_page_before_the_decision(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    case = _voted(client, auth, make_case, members)
    assert client.get(_url(case, "decided")).status_code == 404
