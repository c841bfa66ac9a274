"""The one validator before publishing: a batch of dirty entries is refused with every problem
named by entry and field, none missed and none invented; the publish form refuses an entry
with the validator's messages and saves nothing."""

from flask import Flask
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.inventory import linkcheck, validator
from ctdppeia.inventory.fields import LABELS
from ctdppeia.models import InventoryEntryVersion
from tests.factories.inventory import MakeUseCase, Publish
from tests.inventory import dirty_entries, seeded


def _check(app: Flask) -> list[validator.Problem]:
    with app.test_request_context():
        return validator.validate(
            dirty_entries.ENTRIES,
            owners=dirty_entries.OWNERS,
            base_url=dirty_entries.BASE,
            resolves=linkcheck.resolves,
        )


def test_the_dirty_entries_are_refused_with_every_problem_and_no_other(app: Flask) -> None:
    found = _check(app)
    assert {(p.row, p.field, p.code) for p in found} == dirty_entries.PROBLEMS
    links = [p.message for p in found if p.code == "link"]
    assert len(links) == len(dirty_entries.BROKEN_LINKS)
    for link, message in zip(dirty_entries.BROKEN_LINKS, links, strict=True):
        assert link in message
    marks = " ".join(p.message for p in found if p.code == "redaction")
    assert all(mark in marks for mark in dirty_entries.REDACTION_MARKS[5])
    for problem in found:
        assert problem.described().startswith(f"Entry {problem.row + 1}, ")
        assert validator.label_of(problem.field) in problem.described()
        assert problem.field.removeprefix("withhold_") in LABELS


def test_the_messages_say_what_to_do(app: Flask) -> None:
    messages = {(p.row, p.field, p.code): p.message for p in _check(app)}
    assert messages[(1, "development_stage", "blank")] == (
        "Choose the development stage of the system."
    )
    assert "also the ID of entry 7" in messages[(5, "public_id", "duplicate_id")]
    assert "never used again" in messages[(7, "public_id", "reused_id")]
    assert messages[(8, "development_stage", "enum")] == (
        "“Deployed” is not one of: pre_deployment, pilot, deployed, retired."
    )
    length = messages[(9, "capabilities_and_uses", "length")]
    assert "350 characters (351 now)" in length and "description_short" in length
    assert "ai.help@ct.gov" in messages[(11, "public_contact", "format")]
    assert messages[(13, "risk_accepted_by", "blank")].startswith("Name the official who")
    assert messages[(14, "withhold_name", "withheld")] == "This field cannot be withheld."
    assert messages[(14, "withhold_vendor", "length")] == (
        "Shorten the reason to 190 characters or fewer."
    )
    assert "Fernández Huerta" in messages[(14, "capabilities_and_uses_es", "reading")]


def test_clean_entries_pass() -> None:
    assert validator.validate(seeded.records(30), base_url=dirty_entries.BASE) == []


def _published(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(InventoryEntryVersion)) or 0


def test_publishing_is_refused_until_the_validator_passes(
    app: Flask, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    response = publish(
        use_case_id,
        capabilities_and_uses="Answers questions. " * 20,
        human_oversight="Staff [REDACTED] read a sample.",
        how_to_appeal="See /ai-inventory/CT-DSS-0999 for the process.",
        public_contact="the help desk",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Shorten it to 350 characters (379 now)" in page
    assert "Remove the leftover redaction mark &#34;[REDACTED]&#34;" in page or (
        "Remove the leftover redaction mark “[REDACTED]”" in page
    )
    assert "The link /ai-inventory/CT-DSS-0999 leads to no public page here." in page
    assert "Give an email address, such as ai.help@ct.gov." in page
    assert _published(app) == 0
    assert publish(use_case_id, how_to_appeal="See /ai-inventory.").status_code == 302
    assert _published(app) == 1
