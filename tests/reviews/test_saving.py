"""Saving a section: answers, audit events and flag state in one transaction; no lost work
when two people save the same review."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, ReviewAnswer, ReviewFlagState, Role, User
from ctdppeia.reviews import services
from ctdppeia.reviews.errors import InvalidAnswers, SaveConflict
from tests.conftest import PASSWORD, AuthActions, MakeUser
from tests.factories.reviews import post_section, save, version_of


def _events(app: Flask, review_id: int, action: str) -> list[AuditEvent]:
    with app.app_context():
        events = [e for e in audit.history(("review", review_id)) if e.action == action]
        for event in events:
            _ = event.actor
            db.session.expunge(event)
        return events


def _state(app: Flask, review_id: int) -> dict[str, object]:
    """Everything a save may change, for before/after comparisons."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        answers = db.session.scalars(
            select(ReviewAnswer).where(ReviewAnswer.review_id == review_id)
        )
        flags = db.session.scalars(
            select(ReviewFlagState).where(ReviewFlagState.review_id == review_id)
        )
        return {
            "version": review.version,
            "completed": list(review.completed_sections),
            "answers": {a.question_id: a.value for a in answers},
            "flags": {f.flag_id: f.cleared_at is None for f in flags},
            "events": db.session.scalar(select(db.func.count()).select_from(AuditEvent)),
        }


def test_each_changed_answer_has_an_audit_event(app: Flask, reviewer: User, review_id: int) -> None:
    save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "no", "B4": ""})
    save(app, reviewer, review_id, "basics", {"B1": "university", "B2": "no", "B4": ""})
    events = _events(app, review_id, "review.answer_changed")
    assert [e.changes for e in reversed(events)] == [
        {"B1": [None, "A state agency"]},
        {"B2": [None, "No"]},
        {"B1": ["A state agency", "A university"]},
    ]
    assert all(e.actor.name == "Rosa Reviewer" and e.scope_type == "review" for e in events)
    assert all(e.at is not None for e in events)


def test_a_save_records_the_new_flag_state(app: Flask, reviewer: User, review_id: int) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})
    assert _state(app, review_id)["flags"] == {"names": True, "names-kept": True}
    raised = _events(app, review_id, "review.flag_raised")
    assert {e.summary for e in raised} == {
        "Flag raised (medium): Names are included",
        "Flag raised (high): Names stay in the data",
    }
    save(app, reviewer, review_id, "basics", {"B2": "no"})
    assert _state(app, review_id)["flags"] == {"names": False, "names-kept": False}
    cleared = _events(app, review_id, "review.flag_cleared")
    assert len(cleared) == 2


def test_a_save_that_keeps_the_same_flags_leaves_their_state_alone(
    app: Flask, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})
    raised_before = _events(app, review_id, "review.flag_raised")
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no", "B4": "More words."})
    assert _state(app, review_id)["flags"] == {"names": True, "names-kept": True}
    assert len(_events(app, review_id, "review.flag_raised")) == len(raised_before)
    assert _events(app, review_id, "review.flag_cleared") == []
    # A different set, even one sharing a flag, is written: "names" stays, "names-kept" clears.
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "yes"})
    assert _state(app, review_id)["flags"] == {"names": True, "names-kept": False}
    cleared = _events(app, review_id, "review.flag_cleared")
    assert [e.summary for e in cleared] == ["Flag no longer raised: Names stay in the data"]


def test_the_stored_flag_state_matches_the_live_flags(
    app: Flask, reviewer: User, review_id: int
) -> None:
    from ctdppeia.reviews.flags import review_flags

    save(app, reviewer, review_id, "details", {"D1": 3, "D3": ["race"]})
    with app.app_context():
        live = {flag.id for flag in review_flags(db.session.get(Review, review_id))}
    stored = {key for key, raised in _state(app, review_id)["flags"].items() if raised}
    assert live == stored == {"small-cells"}


def test_a_failure_part_way_leaves_everything_as_it_was(
    app: Flask, reviewer: User, review_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(app, reviewer, review_id, "basics", {"B1": "agency"})
    before = _state(app, review_id)
    calls = []

    def failing_record(*args: object, **kwargs: object) -> None:
        calls.append(args)
        if len(calls) == 2:  # the first answer is written, then the log fails
            raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        save(app, reviewer, review_id, "basics", {"B1": "university", "B2": "yes", "B3": "no"})
    assert _state(app, review_id) == before


def test_a_failure_in_the_browser_keeps_the_previous_state(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    review_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save(app, reviewer, review_id, "details", {"D4": "Ana"})
    before = _state(app, review_id)
    auth.login(reviewer)

    def broken_flags(*args: object, **kwargs: object) -> None:
        raise RuntimeError("flag state could not be written")

    monkeypatch.setattr(services, "write_flag_state", broken_flags)
    with pytest.raises(RuntimeError):
        post_section(
            client,
            review_id,
            "details",
            {"D4": "Bo", "D1": "3", "action": "save"},
            before["version"],
        )
    assert _state(app, review_id) == before


def test_invalid_values_are_refused_by_the_service(
    app: Flask, reviewer: User, review_id: int
) -> None:
    with pytest.raises(InvalidAnswers) as caught:
        save(app, reviewer, review_id, "basics", {"B1": "nobody", "D1": 3})
    assert set(caught.value.errors) == {"B1", "D1"}


def test_a_save_against_an_older_version_is_refused(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colin Colleague")
    loaded = version_of(app, review_id)
    save(app, colleague, review_id, "basics", {"B1": "university"})
    before = _state(app, review_id)
    with pytest.raises(SaveConflict) as caught:
        save(app, reviewer, review_id, "basics", {"B1": "agency", "B4": "Mine"}, version=loaded)
    conflict = caught.value
    assert conflict.current_version == before["version"]
    assert [(i.question_id, i.theirs, i.yours, i.by) for i in conflict.items] == [
        ("B1", "A university", "A state agency", "Colin Colleague")
    ]
    assert _state(app, review_id) == before


def _client_for(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_two_people_saving_the_same_section(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colin Colleague")
    first, second = _client_for(app, reviewer), _client_for(app, colleague)
    loaded = version_of(app, review_id)
    assert first.get(f"/reviews/{review_id}/sections/basics").status_code == 200
    assert second.get(f"/reviews/{review_id}/sections/basics").status_code == 200
    saved = post_section(first, review_id, "basics", {"B1": "university", "action": "save"}, loaded)
    assert saved.status_code == 302
    before = _state(app, review_id)

    typed = {"B1": "agency", "B2": "unsure", "B4": "Text I typed", "action": "save"}
    refused = post_section(second, review_id, "basics", typed, loaded)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Someone else saved this review while you were working" in page
    assert "Rosa Reviewer saved changes" in page
    row = page[page.index("<caption>Answers on this page that changed meanwhile") :]
    row = row[: row.index("</table>")]
    assert "A university" in row and "A state agency" in row  # theirs and yours
    assert "Text I typed" in page  # everything typed is still in the form
    assert 'value="agency" checked' in page or 'checked id="answer-B1-0"' in page
    assert 'checked id="answer-B2-2"' in page
    assert f'name="version" type="hidden" value="{before["version"]}"' in page
    assert _state(app, review_id) == before  # nothing saved

    again = post_section(second, review_id, "basics", typed, before["version"])
    assert again.status_code == 302
    assert _state(app, review_id)["answers"]["B1"] == "agency"


def test_a_version_race_at_write_time_is_a_conflict(
    app: Flask,
    reviewer: User,
    make_user: MakeUser,
    review_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Someone saves between our version check and our write: the database's version check
    (UPDATE ... WHERE version = ?) refuses ours."""
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colin Colleague")
    real = services._write_answers

    def sneak_in(*args: object, **kwargs: object) -> None:
        with db.engine.begin() as other:
            other.execute(
                db.text("UPDATE review SET version = version + 1 WHERE id = :id"), {"id": review_id}
            )
        real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_answers", sneak_in)
    with pytest.raises(SaveConflict):
        save(app, colleague, review_id, "basics", {"B1": "agency"})
    assert _state(app, review_id)["answers"] == {}
