"""Each signed PDF prints the audit log's chain head at signing, on its sign-off page."""

from flask import Flask
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent
from tests.documents.conftest import Made, needs_pdftotext, pdf_text


@needs_pdftotext
def test_signed_pdf_prints_the_chain_head_at_signing(
    app: Flask, signed_pdf: bytes, locked: Made
) -> None:
    with app.app_context():
        signed = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "review.pdf_signed")
            .order_by(AuditEvent.id)
        ).first()
        assert signed is not None
        before = db.session.get(AuditEvent, signed.id - 1)
        assert before is not None
    text_of_pdf = pdf_text(signed_pdf)
    assert f"Audit log chain head: event {before.id}, SHA-256 {before.hash}." in text_of_pdf
