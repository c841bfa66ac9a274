"""The public inventory, signed out: the list and its filters, the entry page, its history, the
overdue mark, and nothing unpublished or internal."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.inventory.fields import BY_KEY, CONTENT, LABELS
from ctdppeia.models import Role
from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _signed_out(auth: AuthActions) -> None:
    auth.logout()


@pytest.fixture
def three_systems(
    make_use_case: MakeUseCase, publish: Publish, auth: AuthActions, fixed_clock: Clock
) -> dict[str, int]:
    """A DSS chatbot (low, pilot), a DOL fraud score (high, approved, not in use yet), and an
    unpublished DSS case; signed out afterwards."""
    chatbot = make_use_case(name="Benefits chatbot")
    fraud = make_use_case(agency="DOL", name="Fraud score")
    hidden = make_use_case(name="Secret pilot", vendor="Hidden Vendor Inc")
    publish(chatbot)
    publish(
        fraud,
        name="Fraud score",
        vendor="Pinpoint",
        development_stage="pre_deployment",
        risk_tier="high",
        decision_role="informs",
        personal_data="yes",
    )
    _signed_out(auth)
    return {"chatbot": chatbot, "fraud": fraud, "hidden": hidden}


def test_the_list_shows_every_published_system_and_nothing_else(
    client: FlaskClient, three_systems: dict[str, int]
) -> None:
    page = client.get("/ai-inventory").get_data(as_text=True)
    assert "Benefits chatbot" in page and "Fraud score" in page
    assert "CT-DSS-0001" in page and "CT-DOL-0001" in page
    assert "Secret pilot" not in page and "Hidden Vendor" not in page
    assert "2 systems" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("agency=DOL", "Fraud score", "Benefits chatbot"),
        ("agency=dss", "Benefits chatbot", "Fraud score"),
        ("status=approved", "Fraud score", "Benefits chatbot"),
        ("status=pilot", "Benefits chatbot", "Fraud score"),
        ("tier=low", "Benefits chatbot", "Fraud score"),
        ("tier=high&agency=DOL&status=approved", "Fraud score", "Benefits chatbot"),
    ],
)
def test_filters(
    client: FlaskClient, three_systems: dict[str, int], query: str, shown: str, hidden: str
) -> None:
    page = client.get(f"/ai-inventory?{query}").get_data(as_text=True)
    items = page.split('class="inventory-list"')[1]
    assert shown in items and hidden not in items


def test_the_filter_form_is_a_labelled_get_form(
    client: FlaskClient, three_systems: dict[str, int]
) -> None:
    page = client.get("/ai-inventory?tier=high").get_data(as_text=True)
    form = page.split('role="search"')[1].split("</form>")[0]
    assert 'method="get"' in page.split('role="search"')[0][-200:]
    for name in ("agency", "year", "status", "tier"):
        assert f'<label class="label" for="filter-{name}">' in form
        assert f'name="{name}"' in form
    assert '<option value="high" selected>' in form
    assert "No system matches" in client.get("/ai-inventory?tier=medium").get_data(as_text=True)


def test_the_download_note_reads_as_two_sentences(
    client: FlaskClient, three_systems: dict[str, int]
) -> None:
    page = client.get("/ai-inventory").get_data(as_text=True)
    assert "not only the ones shown above. One row or entry a system" in page


def test_unknown_filter_values_are_ignored_and_a_year_without_inventory_is_404(
    client: FlaskClient, three_systems: dict[str, int]
) -> None:
    assert "2 systems" in client.get("/ai-inventory?status=bogus&tier=x").get_data(as_text=True)
    assert client.get("/ai-inventory?year=1999").status_code == 404
    assert client.get("/ai-inventory?year=abc").status_code == 404
    assert client.get("/ai-inventory?year=2026").status_code == 404  # not over yet


def test_the_entry_page_shows_every_field(
    client: FlaskClient, three_systems: dict[str, int]
) -> None:
    page = client.get("/ai-inventory/CT-DOL-0001").get_data(as_text=True)
    for key in CONTENT:
        if key != "withheld" and not BY_KEY[key].spanish_of:  # shown in their fields' place
            assert f"<dt>{LABELS[key]}</dt>" in page, key
    assert "Pinpoint" in page
    assert "Informs people&#39;s decisions" in page
    assert "February 15, 2029" in page  # next review
    assert "Review overdue" not in page


def test_overdue_mark_when_the_next_review_date_has_passed(
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    auth: AuthActions,
    fixed_clock: Clock,
) -> None:
    publish(make_use_case(), decision_date="2025-01-10", next_review_date="2026-02-28")
    _signed_out(auth)
    assert "Review overdue" in client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert "Review overdue" in client.get("/ai-inventory").get_data(as_text=True)
    fixed_clock.set(2026, 2, 28, 12, 0)  # due today: not overdue yet
    assert "Review overdue" not in client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)


def test_the_history_lists_every_version_and_what_changed(
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    auth: AuthActions,
    fixed_clock: Clock,
) -> None:
    use_case_id = make_use_case()
    publish(use_case_id, risk_tier="low")
    fixed_clock.set(2026, 6, 1, 15, 0)
    publish(
        use_case_id,
        risk_tier="medium",
        development_stage="pre_deployment",
        change_note="Approved for use statewide.",
    )
    _signed_out(auth)
    page = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    history = page.split('id="history-heading"')[1]
    assert history.index("Version 2, Jun 1, 2026, 11:00 AM EDT") < history.index(
        "Version 1, Mar 1, 2026, 10:00 AM EST"
    )
    assert "Approved for use statewide." in history
    assert "Changed: Status, Risk tier, Development stage." in history
    assert "First published in the inventory." in history


def test_unpublished_and_unknown_ids_answer_404_signed_out(
    client: FlaskClient, three_systems: dict[str, int]
) -> None:
    hidden = three_systems["hidden"]
    probes = [
        "CT-DSS-0002",  # the id the unpublished case would get next
        "CT-DSS-0000",
        "CT-DOT-0001",
        f"CT-DSS-{hidden:04d}",
        str(hidden),
        "ct-dss-0001",
        "CT-DSS-0001x",
        "%3Cscript%3E",
    ]
    for probe in probes:
        assert client.get(f"/ai-inventory/{probe}").status_code == 404, probe
    for path in ("/ai-inventory.json", "/ai-inventory.csv"):
        body = client.get(path).get_data(as_text=True)
        assert "Secret pilot" not in body and "Hidden Vendor" not in body
    assert client.get(f"/ai-use-cases/{hidden}/inventory").status_code == 302  # sign in first


def test_no_internal_field_appears(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    auth: AuthActions,
    publisher: object,
) -> None:
    use_case_id = make_use_case(hosting="other", hosting_other="Internal host XYZ-42")
    publish(use_case_id)
    _signed_out(auth)
    for path in ("/ai-inventory", "/ai-inventory/CT-DSS-0001", "/ai-inventory.json"):
        body = client.get(path).get_data(as_text=True)
        assert "Internal host XYZ-42" not in body
        assert publisher.name not in body and publisher.email not in body  # type: ignore[attr-defined]
        assert not re.search(r"use_case_id|created_by|published_by", body)


def test_every_public_field_is_escaped(
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    auth: AuthActions,
) -> None:
    text_fields = [
        "name",
        "vendor",
        "capabilities_and_uses",
        "risk_tier_basis",
        "ai_technique",
        "data_used",
        "human_oversight",
        "how_to_appeal",
        "public_contact",
        "change_note",
    ]
    use_case_id = make_use_case()
    typed = {key: f"{key} {XSS}" for key in text_fields}
    typed["public_contact"] = '<script>alert("x")</script>@ct.gov'  # an email address, still
    response = publish(use_case_id, **typed)
    assert response.status_code == 302
    _signed_out(auth)
    for path in ("/ai-inventory", "/ai-inventory/CT-DSS-0001"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    entry = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    for key in text_fields:
        if key != "public_contact":
            assert f"{key} &lt;script&gt;" in entry, key
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@ct.gov" in entry


def test_linked_from_the_sign_in_page_and_the_navigation(
    client: FlaskClient, auth: AuthActions
) -> None:
    login = client.get("/login").get_data(as_text=True)
    links = login.split("Without an account")[1]
    assert links.index("Check a review PDF") < links.index('href="/ai-inventory">AI inventory')
    for role in (Role.BOARD, Role.REVIEWER, Role.AI_REVIEWER):
        auth.login(role)
        nav = client.get("/").get_data(as_text=True).split('aria-label="Main"')[1]
        assert 'href="/ai-inventory">AI inventory</a>' in nav.split("</nav>")[0], role
        auth.logout()
