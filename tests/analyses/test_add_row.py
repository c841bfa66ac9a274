""" "Add a row" brings the reader back to the new row, with its first cell focused."""

from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.analyses.conftest import ROWS, form_data
from tests.conftest import AuthActions


def test_the_form_returns_to_the_new_row(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    url = f"/reviews/{review_id}/analyses/new"
    first = client.get(url).get_data(as_text=True)
    assert 'id="new-row"' not in first and "autofocus" not in first
    data = form_data(ROWS[:2])
    data["add_row"] = "1"
    page = client.post(url, data=data).get_data(as_text=True)
    assert page.count('id="new-row"') == 1
    row = page.split('id="new-row"')[1].split("</tr>")[0]
    assert '<label class="visually-hidden" for="groups-2-group">Row 3, group</label>' in row
    group_input = row.split('name="groups-2-total"')[0].rsplit("<input", 1)[0]
    assert "autofocus" in group_input.rsplit("<input", 1)[1]
    assert page.count("autofocus") == 1


def test_removing_a_row_focuses_nothing(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = form_data(ROWS)
    data["remove_row"] = "0"
    page = client.post(f"/reviews/{review_id}/analyses/new", data=data).get_data(as_text=True)
    assert 'id="new-row"' not in page and "autofocus" not in page
