"""Publishing passes through a check page showing the public entry as the public will see it:
only the check page's own POST publishes, a check page made stale by another publication or a
new decision is refused with the new preview, and a confirmation page follows."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ctdppeia.extensions import db
from ctdppeia.models import InventoryEntryVersion, Role, User
from tests.checkpages import confirm, hidden_fields, through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories.inventory import Clock, Decide, MakeUseCase, entry_form


def _url(use_case_id: int, tail: str = "") -> str:
    return f"/ai-use-cases/{use_case_id}/inventory{tail}"


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(InventoryEntryVersion.id))) or 0


def test_the_form_shows_the_public_entry_and_publishes_nothing(
    app: Flask, client: FlaskClient, publisher: User, make_use_case: MakeUseCase,
    fixed_clock: Clock,
) -> None:  # fmt: skip
    use_case_id = make_use_case()
    form = entry_form(human_oversight="Staff read <script>x</script> every week.")
    check = client.post(_url(use_case_id), data=form)
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and _count(app) == 0
    assert "Check the entry before you publish it" in page
    assert "This is the entry the public will see." in page
    assert '<h3 lang="en">Benefits chatbot</h3>' in page  # the entry's own layout
    assert 'CT-DSS-0001 · <span lang="en">Department of Social Services</span> · Pilot' in page
    assert "Staff read &lt;script&gt;x&lt;/script&gt; every week." in page
    assert "Its ID is given when you publish." in page
    change = _url(use_case_id, "/change")
    for key in ("name", "vendor", "human_oversight", "decision_date", "public_contact"):
        assert f'formaction="{change}#{key}"' in page
    assert f'formaction="{change}#public_id"' not in page  # the inventory sets it
    assert 'name="step" value="publish"' in page


def test_only_the_check_pages_post_publishes_then_the_confirmation_page(
    app: Flask, client: FlaskClient, publisher: User, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    url = _url(use_case_id)
    forged = client.post(url, data={**entry_form(), "step": "publish", "check_token": "x"})
    assert forged.status_code == 200 and "Check the entry" in forged.get_data(as_text=True)
    assert client.post(url, data={**entry_form(), "step": "publish"}).status_code == 200
    check = client.post(url, data=entry_form())
    fields = MultiDict(hidden_fields(check.get_data(as_text=True)))
    fields["name"], fields["step"] = "Another name", "publish"
    assert client.post(url, data=fields).status_code == 200  # other input: checked again
    assert _count(app) == 0
    published = confirm(client, url, check, "publish")
    assert published.status_code == 302
    assert published.headers["Location"].endswith(_url(use_case_id, "/versions/1/published"))
    page = client.get(published.headers["Location"]).get_data(as_text=True)
    assert "Published in the public AI inventory" in page
    assert "CT-DSS-0001, version 1" in page
    assert 'href="/ai-inventory/CT-DSS-0001"' in page
    assert "No one yet. The app sends no notice about this step." in page
    assert "What happens next" in page
    with app.app_context():
        version = db.session.scalars(select(InventoryEntryVersion)).one()
        assert version.fields["name"] == "Benefits chatbot"


def test_a_second_version_says_what_changed(
    client: FlaskClient, publisher: User, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    assert through_check(client, _url(use_case_id), entry_form(), "publish").status_code == 302
    check = client.post(_url(use_case_id), data=entry_form(development_stage="pre_deployment"))
    page = check.get_data(as_text=True)
    assert "Publishing adds version 2." in page and "Changed: Status, Development stage." in page


def test_a_stale_check_page_is_refused_with_the_new_preview(
    app: Flask, client: FlaskClient, auth: AuthActions, publisher: User,
    make_use_case: MakeUseCase, make_user: MakeUser, decide: Decide,
) -> None:  # fmt: skip
    use_case_id = make_use_case()
    check = client.post(_url(use_case_id), data=entry_form())
    auth.logout()
    auth.login(make_user(Role.AI_REVIEWER, agency="DOL"))  # a colleague publishes meanwhile
    colleague = through_check(client, _url(use_case_id), entry_form(vendor="Acme"), "publish")
    assert colleague.status_code == 302
    auth.logout()
    auth.login(publisher)
    stale = confirm(client, _url(use_case_id), check, "publish")
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409 and _count(app) == 1
    assert "Something changed while you were checking" in page
    assert "Publishing adds version 2." in page and "Changed: Vendor." in page
    assert confirm(client, _url(use_case_id), stale, "publish").status_code == 302
    assert _count(app) == 2
    # A new decision (a re-assessment) also makes a check page stale.
    again = client.post(_url(use_case_id), data=entry_form(development_stage="pre_deployment"))
    decide(use_case_id, "approve")
    assert confirm(client, _url(use_case_id), again, "publish").status_code == 409
    assert _count(app) == 2


def test_change_goes_back_to_the_form_with_everything_typed(
    client: FlaskClient, publisher: User, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    check = client.post(_url(use_case_id), data=entry_form(data_used="Typed data, kept"))
    fields = MultiDict(hidden_fields(check.get_data(as_text=True)))
    back = client.post(_url(use_case_id, "/change"), data=fields)
    page = back.get_data(as_text=True)
    assert back.status_code == 200 and "Typed data, kept" in page
    assert f'action="{_url(use_case_id)}"' in page  # the form posts to the check again


def test_who_is_refused_the_publish_pages(
    app: Flask, client: FlaskClient, auth: AuthActions, publisher: User,
    make_use_case: MakeUseCase, make_user: MakeUser,
) -> None:  # fmt: skip
    use_case_id = make_use_case()
    assert through_check(client, _url(use_case_id), entry_form(), "publish").status_code == 302
    published = _url(use_case_id, "/versions/1/published")
    assert client.get(published).status_code == 200
    assert client.get(_url(use_case_id, "/versions/2/published")).status_code == 404
    assert client.get(_url(999, "/versions/1/published")).status_code == 404
    for role, agency, code in ((Role.REVIEWER, "DSS", 403), (Role.APPROVER, "DOL", 403),
                               (Role.BOARD, "OPM", 404)):  # fmt: skip
        auth.logout()
        auth.login(make_user(role, agency=agency))
        assert client.get(published).status_code == code
        assert client.post(_url(use_case_id), data=entry_form()).status_code == code
        assert client.post(_url(use_case_id, "/change"), data=entry_form()).status_code == code
    assert _count(app) == 1


def test_no_check_page_while_publishing_is_refused(
    app: Flask, client: FlaskClient, publisher: User, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case(decided="do-not-approve")
    refused = client.post(_url(use_case_id), data=entry_form())
    assert refused.status_code == 409 and 'name="check_token"' not in refused.get_data(as_text=True)
    assert _count(app) == 0
