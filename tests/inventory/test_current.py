"""Today's version of each published system (``InventoryCurrent``): moved by every publication
and retirement, and what the public list, its filters and the files read."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select, update

from ctdppeia.extensions import db
from ctdppeia.inventory import register
from ctdppeia.models import Agency, InventoryCurrent, InventoryEntryVersion
from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish


def pointers(app: Flask) -> dict[int, tuple[object, ...]]:
    """Each system's row: (public id, version, published at, agency, status, tier)."""
    with app.app_context():
        rows = db.session.execute(
            select(InventoryCurrent, InventoryEntryVersion).join(
                InventoryEntryVersion, InventoryEntryVersion.id == InventoryCurrent.version_id
            )
        )
        return {
            current.use_case_id: (
                version.public_id,
                version.version,
                current.published_at,
                current.agency_code,
                current.agency_name,
                current.status,
                current.risk_tier,
            )
            for current, version in rows
        }


def test_each_publication_moves_the_system_to_its_new_version(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    first, other = make_use_case(), make_use_case(agency="DOL", name="Fraud score")
    assert pointers(app) == {}
    publish(first)
    first_at = fixed_clock.moment
    dss = ("DSS", "Department of Social Services")
    assert pointers(app) == {first: ("CT-DSS-0001", 1, first_at, *dss, "pilot", "low")}
    fixed_clock.set(2026, 4, 1, 9, 0)
    publish(first, risk_tier="medium", change_note="Re-assessed")
    publish(other, name="Fraud score", development_stage="pre_deployment", risk_tier="high")
    fixed_clock.set(2026, 5, 1, 9, 0)
    retired = client.post(f"/ai-use-cases/{first}/inventory/retire", data={"note": "Replaced."})
    assert retired.status_code == 302
    found = pointers(app)
    assert found[first] == ("CT-DSS-0001", 3, fixed_clock.moment, *dss, "retired", "medium")
    assert found[other][:2] == ("CT-DOL-0001", 1)
    assert found[other][5:] == ("approved", "high")
    assert len(found) == 2


def test_a_refused_publication_leaves_today_s_version_alone(
    app: Flask, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    publish(use_case_id)
    before = pointers(app)
    refused = publish(use_case_id, risk_tier="medium", name="  ")
    assert refused.status_code == 422
    publish(use_case_id)  # nothing changed: no new version
    assert pointers(app) == before


def test_the_list_and_its_filters_follow_the_newest_version(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    chatbot = make_use_case()
    publish(chatbot)
    with app.app_context():
        db.session.execute(
            update(Agency).where(Agency.code == "DSS").values(name="Department of Benefits")
        )
        db.session.commit()
    fixed_clock.set(2026, 4, 1, 9, 0)
    publish(chatbot, risk_tier="high", change_note="Re-assessed")
    auth.logout()
    assert "Benefits chatbot" in client.get("/ai-inventory?tier=high").get_data(as_text=True)
    assert "Benefits chatbot" not in client.get("/ai-inventory?tier=low").get_data(as_text=True)
    page = client.get("/ai-inventory").get_data(as_text=True)
    assert '<option value="DSS">Department of Benefits</option>' in page
    assert "Department of Social Services" not in page
    assert "1 system" in page


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL the app runs inside the block."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        seen.append(" ".join(sql.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_the_list_reads_today_s_versions_without_grouping_every_version(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_use_case: MakeUseCase,
    publish: Publish,
) -> None:
    publish(make_use_case())
    auth.logout()
    with statements(app) as seen:
        page = client.get("/ai-inventory?agency=DSS").get_data(as_text=True)
    assert "CT-DSS-0001" in page
    assert not [sql for sql in seen if "GROUP BY" in sql]
    reading = [sql for sql in seen if "inventory_entry_version.fields" in sql]
    assert reading and all("JOIN inventory_current" in sql for sql in reading)
    agencies = [sql for sql in seen if "agency_name" in sql and "DISTINCT" in sql]
    assert agencies and all("inventory_entry_version" not in sql for sql in agencies)


def test_a_past_moment_still_finds_the_version_of_that_moment(
    app: Flask, make_use_case: MakeUseCase, publish: Publish, fixed_clock: Clock
) -> None:
    use_case_id = make_use_case()
    publish(use_case_id)
    first_at = fixed_clock.moment
    fixed_clock.set(2027, 2, 1, 9, 0)
    publish(use_case_id, risk_tier="medium", change_note="Re-assessed")
    with app.app_context():
        then = register.latest_versions(fixed_clock.moment)
        now = register.latest_versions()
        assert [(v.version, v.published_at) for v in then] == [(1, first_at)]
        assert [v.version for v in now] == [2]
