"""Uploading a CSV table: every bad file is refused with all its problems listed by row and
column, nothing is saved, and the options typed are kept; good files in UTF-8, UTF-8 with a
byte-order mark and Windows-1252 are read."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, User
from tests.analyses.conftest import analysis_ids, stored_rows, upload
from tests.conftest import AuthActions

GOOD = "group,total,outcome\r\nWhite,200,120\r\nBlack or African American,150,45\r\n"


@pytest.fixture(autouse=True)
def _signed_in(auth: AuthActions, reviewer: User) -> None:
    auth.login(reviewer)


BAD_FILES = [
    pytest.param(
        b"group,total\nA,10\nB,20\n",
        [
            "Row 1: The first row must name the columns group, total and outcome: "
            "&#39;outcome&#39; is missing."
        ],
        id="missing column",
    ),
    pytest.param(
        b"group,total,outcome,notes\nA,20,10,x\nB,20,10,y\n",
        [
            "Row 1: The first row must name the columns group, total and outcome: "
            "&#39;notes&#39; (column 4) is not one of them."
        ],
        id="extra column",
    ),
    pytest.param(
        b"group,total,outcome\nA,20,10\nB,twenty,10\n",
        ["Row 3, column total: &#39;twenty&#39; is not a number."],
        id="not a number",
    ),
    pytest.param(
        b"group,total,outcome\nA,20,10\nB,-20,10\n",
        ["Row 3, column total: &#39;-20&#39; is negative; a count cannot be below 0."],
        id="negative count",
    ),
    pytest.param(
        b"group,total,outcome\nA,20,10\nB,20,21\n",
        ["Row 3, column outcome: The outcome count (21) is larger than the total (20)."],
        id="outcome above total",
    ),
    pytest.param(
        b"group,total,outcome\nA,20,10\na ,20,10\n",
        ["Row 3, column group: &#39;a&#39; repeats the group on row 2."],
        id="duplicated group",
    ),
    pytest.param(
        b"group,total,outcome\nA,20,10\n,20,10\n",
        ["Row 3, column group: The group name is empty."],
        id="empty group",
    ),
    pytest.param(
        b"group,total,outcome\nA,20,10\n",
        ["At least two groups are needed to compare; found 1."],
        id="one group",
    ),
    pytest.param(
        ("group,total,outcome\n" + "".join(f"G{i},20,10\n" for i in range(201))).encode(),
        ["There are 201 groups; the limit is 200."],
        id="too many rows",
    ),
    pytest.param(
        b"group,total,outcome\n" + b"A,20,10\n" * 150_000,
        ["The file is larger than 1 MB"],
        id="over 1 MB",
    ),
    pytest.param(
        "group,total,outcome\nA,20,10\nB,20,10\n".encode("utf-16"),
        ["The file is UTF-16 text. Save it as CSV (UTF-8) and upload it again."],
        id="utf-16",
    ),
    pytest.param(
        b"group,total,outcome\nA\x81,20,10\nB,20,10\n",
        ["The text is neither UTF-8 nor Windows-1252. Save it as CSV (UTF-8)."],
        id="wrong encoding",
    ),
    pytest.param(b"", ["The file is empty."], id="empty file"),
    pytest.param(b"\r\n\r\n", ["The file is empty."], id="blank lines only"),
]


@pytest.mark.parametrize(("content", "messages"), BAD_FILES)
def test_bad_files_are_refused_with_every_problem(
    app: Flask, client: FlaskClient, review_id: int, content: bytes, messages: list[str]
) -> None:
    response = upload(client, review_id, content, title="My upload", outcome_label="Hired")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem. Nothing was saved." in page
    for message in messages:
        assert message in page, message
    assert 'value="My upload"' in page and 'value="Hired"' in page  # the options are kept
    assert 'value="favourable" checked' in page or 'checked id="direction-0"' in page
    assert stored_rows(app) == (0, 0)


def test_all_problems_of_a_file_are_listed_at_once(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    content = b"group,total,outcome\nA,x,1\n,20,30\nA,-1,0\n"
    page = upload(client, review_id, content).get_data(as_text=True)
    for message in (
        "Row 2, column total: &#39;x&#39; is not a number.",
        "Row 3, column group: The group name is empty.",
        "Row 3, column outcome: The outcome count (30) is larger than the total (20).",
        "Row 4, column group: &#39;A&#39; repeats the group on row 2.",
        "Row 4, column total: &#39;-1&#39; is negative",
    ):
        assert message in page, message
    assert stored_rows(app) == (0, 0)


def test_no_file_chosen(app: Flask, client: FlaskClient, review_id: int) -> None:
    response = client.post(
        f"/reviews/{review_id}/analyses/upload",
        data={"title": "T", "outcome_label": "O", "direction": "favourable",
              "reference_method": "best"},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 422
    assert "Choose a CSV file to upload." in response.get_data(as_text=True)
    assert stored_rows(app) == (0, 0)


def test_missing_options_are_reported_and_nothing_saved(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    response = upload(client, review_id, GOOD.encode(), title="", outcome_label="")
    page = response.get_data(as_text=True)
    assert "Give the analysis a title." in page and "Say what the outcome is." in page
    assert stored_rows(app) == (0, 0)


@pytest.mark.parametrize(
    ("content", "label"),
    [
        pytest.param(GOOD.replace("White", "Américain").encode("utf-8"), "Américain", id="utf-8"),
        pytest.param(
            b"\xef\xbb\xbf" + GOOD.replace("White", "Américain").encode("utf-8"),
            "Américain",
            id="utf-8 with BOM",
        ),
        pytest.param(
            GOOD.replace("White", "Américain \u2013 Québec").encode("cp1252"),
            "Américain \u2013 Québec",
            id="windows-1252",
        ),
    ],
)
def test_good_files_are_saved(
    app: Flask, client: FlaskClient, review_id: int, content: bytes, label: str
) -> None:
    response = upload(client, review_id, content)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_ids(app, review_id)[0])
        assert [(g.label, g.total, g.outcome) for g in analysis.groups] == [
            (label, 200, 120),
            ("Black or African American", 150, 45),
        ]
        assert analysis.title == "Benefit applications 2024"


def test_upload_replaces_the_table_of_an_existing_analysis(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    upload(client, review_id, GOOD.encode())
    (analysis_id,) = analysis_ids(app, review_id)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/upload"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Benefit applications 2024"' in page  # the options are filled in
    content = b"group,total,outcome\nX,50,25\nY,60,30\nZ,70,35\n"
    response = upload(client, review_id, content, analysis_id=analysis_id, title="Replaced",
                      reference_method="largest")  # fmt: skip
    assert response.status_code == 302
    assert analysis_ids(app, review_id) == [analysis_id]
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        assert [g.label for g in analysis.groups] == ["X", "Y", "Z"]
        assert analysis.reference_method == "largest"


def test_the_template_csv_downloads(client: FlaskClient) -> None:
    response = client.get("/analyses/template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "group,total,outcome"
    assert "Middle Eastern or North African,," in lines
    assert len(lines) == 8


def test_the_upload_page_links_the_template(client: FlaskClient, review_id: int) -> None:
    page = client.get(f"/reviews/{review_id}/analyses/upload").get_data(as_text=True)
    assert 'href="/analyses/template.csv"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_file_of_bad_rows_lists_fifty_problems_and_counts_the_rest(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    content = b"group,total,outcome\n" + b"x,-1,a\n" * 149_000  # just under 1 MB
    response = upload(client, review_id, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There are 149,000 groups; the limit is 200." in page
    assert "… and 446,950 more problems." in page
    assert page.count("is negative; a count cannot be below 0.") < 50
    assert len(page) < 100_000  # was 33 MB
    assert stored_rows(app) == (0, 0)


def test_a_wrong_header_is_reported_once(app: Flask, client: FlaskClient, review_id: int) -> None:
    content = ("name,total,outcome\n" + "".join(f"G{i},20,1\n" for i in range(150))).encode()
    page = upload(client, review_id, content).get_data(as_text=True)
    assert page.count("The first row must name the columns") == 1
    assert "is missing" in page and page.count("is missing") == 1
