"""A confirmed AI review is locked: its recorded tier and obligations cannot change, through
the pages or in the database, and its signed PDF carries the tier."""

import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from ctdppeia.extensions import db
from ctdppeia.models import PresumptionRebuttal, Review, ReviewObligation, TierOverride, User


@pytest.fixture
def confirmed(app: Flask, seeded_demo: str) -> tuple[int, str]:
    """The demo's AI review that the advisory group decided and the demo approver confirmed
    (and the demo password)."""
    with app.app_context():
        query = select(Review).where(Review.subject_kind == "ai-use-case")
        review = next(r for r in db.session.scalars(query) if r.status == "locked")
        assert review.confirmed_by.email == "approver@demo.ct.gov"
        return review.id, seeded_demo.split("password for all of them: ")[1].strip()


def test_the_database_refuses_changes_to_a_locked_tier(
    app: Flask, confirmed: tuple[int, str]
) -> None:
    review_id, _ = confirmed
    with app.app_context():
        reviewer = db.session.scalar(select(User).where(User.email == "reviewer@demo.ct.gov"))
        statements = [
            update(ReviewObligation)
            .where(ReviewObligation.review_id == review_id)
            .values(done=True),
            insert(TierOverride).values(
                review_id=review_id,
                computed_tier="medium",
                tier="low",
                reason="Too late.",
                created_by_id=reviewer.id,
                created_at=db.func.now(),
            ),
            insert(PresumptionRebuttal).values(
                review_id=review_id,
                decided_by="An official",
                reason="Too late.",
                flag_ids=[],
                tier_before="medium",
                tier_after="low",
                created_by_id=reviewer.id,
                created_at=db.func.now(),
            ),
        ]
        for statement in statements:
            with pytest.raises(DBAPIError, match="review is locked"):
                db.session.execute(statement)
            db.session.rollback()
        rows = db.session.scalars(
            select(ReviewObligation).where(ReviewObligation.review_id == review_id)
        ).all()
        assert rows and not any(row.done for row in rows)


def test_the_pages_refuse_and_the_signed_pdf_carries_the_tier(
    app: Flask, client: FlaskClient, confirmed: tuple[int, str], tmp_path: Path
) -> None:
    review_id, password = confirmed
    login = {"email": "reviewer@demo.ct.gov", "password": password}
    assert client.post("/login", data=login).status_code == 302
    url = f"/ai-use-cases/reviews/{review_id}/tier"
    assert client.post(url, data={"tier": "low", "reason": "Late."}).status_code == 409
    page = client.get(url).get_data(as_text=True)
    assert "The tier can no longer change" in page and "Record the tier" not in page
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(client.get(f"/reviews/{review_id}/review.pdf").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Risk tier from the rules: Medium risk" in flat
    assert "Planned before launch; the owner is the DSS AI lead." in flat


def test_the_database_refuses_a_determination_without_who_or_why(
    app: Flask, confirmed: tuple[int, str]
) -> None:
    """The record of a written determination needs the official and the reason, whatever
    writes it (the services check first, and the form before them)."""
    with app.app_context():
        reviewer = db.session.scalar(select(User).where(User.email == "reviewer@demo.ct.gov"))
        open_review = next(
            r
            for r in db.session.scalars(select(Review).where(Review.subject_kind == "ai-use-case"))
            if r.status == "in-progress"
            and not db.session.scalar(
                select(PresumptionRebuttal).where(PresumptionRebuttal.review_id == r.id)
            )
        )
        for decided_by, reason in (("  ", "Workers check every value."), ("A deputy", " ")):
            statement = insert(PresumptionRebuttal).values(
                review_id=open_review.id,
                decided_by=decided_by,
                reason=reason,
                flag_ids=["presumed-benefits-services"],
                tier_before="high",
                tier_after="medium",
                created_by_id=reviewer.id,
                created_at=db.func.now(),
            )
            with pytest.raises(DBAPIError):
                db.session.execute(statement)
            db.session.rollback()
