"""The table form: rows added and removed without JavaScript, every problem shown with its row
and column, what was typed kept, nothing saved until the table is right."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, User
from tests.analyses.conftest import ROWS, analysis_ids, form_data, post_table, stored_rows
from tests.conftest import AuthActions


def test_new_form_offers_empty_rows_and_the_omb_suggestions(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/analyses/new").get_data(as_text=True)
    assert 'name="groups-2-group"' in page and 'name="groups-3-group"' not in page
    assert '<datalist id="group-suggestions">' in page
    assert '<option value="Middle Eastern or North African">' in page
    assert 'list="group-suggestions"' in page
    assert 'name="add_row"' in page and 'name="remove_row" value="0"' in page
    assert "Row 1, group" in page  # every cell has a label


def test_add_a_row_keeps_what_was_typed_and_saves_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = form_data(ROWS[:2], title="Typed title")
    data["add_row"] = "1"
    response = client.post(f"/reviews/{review_id}/analyses/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="groups-2-group"' in page and 'name="groups-3-group"' not in page
    assert 'value="Typed title"' in page and 'value="Black or African American"' in page
    assert 'value="150"' in page
    assert "There is a problem" not in page
    assert stored_rows(app) == (0, 0)


def test_remove_a_row_takes_out_that_row_only(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    data = form_data(ROWS)
    data["remove_row"] = "1"
    response = client.post(f"/reviews/{review_id}/analyses/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="White"' in page and 'value="Asian"' in page
    assert "Black or African American" not in page.split("<datalist")[0].split("<form")[-1]
    assert page.count('name="remove_row"') == 2
    assert stored_rows(app) == (0, 0)


def test_remove_then_save_saves_the_remaining_rows(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    rows = [*ROWS, ("Hispanic or Latino", "100", "50")]
    data = form_data(rows)
    del data["groups-2-group"], data["groups-2-total"], data["groups-2-outcome"]  # removed
    response = client.post(f"/reviews/{review_id}/analyses/new", data=data)
    assert response.status_code == 302
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_ids(app, review_id)[0])
        assert [g.label for g in analysis.groups] == [
            "White",
            "Black or African American",
            "Hispanic or Latino",
        ]
        assert [g.position for g in analysis.groups] == [0, 1, 2]


def test_every_problem_is_listed_with_row_and_column_and_input_is_kept(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    rows = [
        ("White", "200", "120"),
        ("", "10", "5"),  # row 2: no name
        ("White", "abc", "-3"),  # row 3: repeated name, not a number, negative
        ("Asian", "10", "12"),  # row 4: outcome larger than total
        ("", "", ""),  # row 5: blank, left out
        ("Other", "12.5", ""),  # row 6: not whole, empty outcome
    ]
    response = post_table(client, review_id, rows, title="", direction="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem. Nothing was saved." in page
    for text in (
        "Give the analysis a title.",
        "Say whether the outcome is good or bad.",
        "Row 2, column group: The group name is empty.",
        "Row 3, column group: &#39;White&#39; repeats the group on row 1.",
        "Row 3, column total: &#39;abc&#39; is not a number.",
        "Row 3, column outcome: &#39;-3&#39; is negative; a count cannot be below 0.",
        "Row 4, column outcome: The outcome count (12) is larger than the total (10).",
        "Row 6, column total: &#39;12.5&#39; is not a whole number.",
        "Row 6, column outcome: The outcome count is empty.",
    ):
        assert text in page, text
    assert "Row 5, column" not in page
    assert 'href="#groups-2-total"' in page  # each message links to its cell
    assert 'aria-invalid="true"' in page
    assert 'value="abc"' in page and 'value="-3"' in page and 'value="12.5"' in page
    assert stored_rows(app) == (0, 0)


def test_fewer_than_two_groups_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    response = post_table(client, review_id, ROWS[:1])
    assert response.status_code == 422
    assert "At least two groups are needed to compare; found 1." in response.get_data(as_text=True)
    assert stored_rows(app) == (0, 0)


def test_a_named_reference_must_be_in_the_table(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    response = post_table(client, review_id, reference_method="named", reference_label="")
    assert response.status_code == 422
    assert "Type the name of the reference group" in response.get_data(as_text=True)
    response = post_table(client, review_id, reference_method="named", reference_label="Nobody")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is no group named &#39;Nobody&#39;" in page
    response = post_table(client, review_id, reference_method="named", reference_label="Asian")
    assert "too few people to report" in response.get_data(as_text=True)
    assert stored_rows(app) == (0, 0)


def test_a_named_reference_is_saved(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    response = post_table(
        client, review_id, reference_method="named", reference_label="black or african american"
    )
    assert response.status_code == 302
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_ids(app, review_id)[0])
        assert analysis.reference_method == "named"
        assert analysis.reference_label == "black or african american"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "reference: Black or African American" in page


def test_edit_shows_the_stored_table_and_saves_changes(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Benefit applications 2024"' in page and 'value="120"' in page
    rows = [("White", "200", "120"), ("Black or African American", "150", "100")]
    response = client.post(url, data=form_data(rows, direction="adverse", title="Denials"))
    assert response.status_code == 302
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        assert analysis.title == "Denials" and analysis.direction == "adverse"
        assert [(g.label, g.total, g.outcome) for g in analysis.groups] == [
            ("White", 200, 120),
            ("Black or African American", 150, 100),
        ]


def test_a_bad_edit_changes_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    post_table(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    response = client.post(url, data=form_data([("White", "5", "9"), ("Asian", "x", "1")]))
    assert response.status_code == 422
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        assert [g.label for g in analysis.groups] == [r[0] for r in ROWS]


def test_the_row_limit_stops_add_a_row(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    rows = [(f"Group {i}", "20", "10") for i in range(200)]
    data = form_data(rows)
    data["add_row"] = "1"
    page = client.post(f"/reviews/{review_id}/analyses/new", data=data).get_data(as_text=True)
    assert "The table already has 200 rows, the most allowed." in page
    assert 'name="groups-200-group"' not in page
    rows.append(("Group 200", "20", "10"))
    response = post_table(client, review_id, rows)
    assert response.status_code == 422
    assert "There are 201 groups; the limit is 200." in response.get_data(as_text=True)
    assert stored_rows(app) == (0, 0)
