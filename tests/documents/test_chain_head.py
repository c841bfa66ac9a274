"""Each signed PDF prints the audit log's chain head at signing, on its sign-off page."""

import re

from flask import Flask
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent
from tests.documents.conftest import Made
from tests.factories.pdfs import needs_pdftotext, pdf_text


@needs_pdftotext
def test_signed_pdf_prints_the_chain_head_at_signing(
    app: Flask, signed_pdf: bytes, locked: Made
) -> None:
    found = re.search(
        r"Audit log chain head: event (\d+), SHA-256 ([0-9a-f]{64})\.", pdf_text(signed_pdf)
    )
    assert found is not None
    number, printed_hash = int(found.group(1)), found.group(2)
    with app.app_context():
        head = db.session.get(AuditEvent, number)
        confirmed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "review.confirmed")
        ).first()
        assert head is not None and confirmed is not None
        # the newest event when signing began: the confirmation is written after it
        assert head.hash == printed_hash
        assert head.id < confirmed.id
        later = select(AuditEvent.id).where(AuditEvent.id > head.id, AuditEvent.id < confirmed.id)
        assert db.session.scalars(later).all() == []
