"""The check's budget: a signed file with more form fields (flat, under /Kids, nested, in a
loop) or more revisions than the budget is not checked, and says what is over; a signed review
within it is checked as before (third security test, fault 1)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from ctdppeia.pdf import verify_pdf
from ctdppeia.pdf.budget import Budget, count_fields
from ctdppeia.pdf.keys import SigningIdentity
from ctdppeia.pdf.verify import OVER_BUDGET, SIGNED

from . import crafted

SMALL = Budget(fields=4, revisions=6)  # the review has 2 fields and 4 revisions

ATTACKS: dict[str, Callable[[bytes], bytes]] = {
    "extra fields": lambda data: crafted.extra_fields(data, 5),
    "fields under /Kids": lambda data: crafted.fields_under_kids(data, 5),
    "fields nested deep": lambda data: crafted.nested_fields(data, 5),
    "a /Kids loop": crafted.kids_loop,
}


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_fields_pointing_at_one_signature_are_not_checked(
    signed: bytes, identity: SigningIdentity, attack: str
) -> None:
    data = ATTACKS[attack](signed)
    report = verify_pdf(data, [identity.certificate], SMALL)
    assert report.kind == OVER_BUDGET and not report.ok and not report.signatures
    assert report.error == "more than 4 form fields in revision 5 (at most 4 are checked)"


@pytest.mark.parametrize("attack", ["extra fields", "fields under /Kids", "fields nested deep"])
def test_each_crafted_file_really_adds_signatures(signed: bytes, attack: str) -> None:
    """Without the budget, pyHanko would validate 5 more signatures in each crafted file."""
    reader = PdfFileReader(io.BytesIO(ATTACKS[attack](signed)))
    assert len(reader.embedded_regular_signatures) == 7


def test_many_revisions_are_not_checked(signed: bytes, identity: SigningIdentity) -> None:
    report = verify_pdf(crafted.many_revisions(signed, 3), [identity.certificate], SMALL)
    assert report.kind == OVER_BUDGET and not report.ok
    assert report.error == "7 revisions (at most 6 are checked)"


def test_the_default_budget_refuses_the_reported_file(
    signed: bytes, identity: SigningIdentity
) -> None:
    """The reported shape (one signature, many fields pointing at it) with the defaults."""
    report = verify_pdf(crafted.extra_fields(signed, 40), [identity.certificate])
    assert report.kind == OVER_BUDGET


def test_a_review_exactly_at_the_budget_is_checked(
    signed: bytes, identity: SigningIdentity
) -> None:
    assert verify_pdf(signed, [identity.certificate], Budget(fields=2, revisions=4)).ok
    assert verify_pdf(signed, [identity.certificate]).ok
    over = verify_pdf(signed, [identity.certificate], Budget(fields=1, revisions=4))
    assert over.kind == OVER_BUDGET
    assert verify_pdf(signed, [identity.certificate], Budget(fields=2, revisions=3)).kind == (
        OVER_BUDGET
    )


def test_fields_within_the_budget_are_still_checked(
    signed: bytes, identity: SigningIdentity
) -> None:
    """Two extra fields pointing at the signature: checked, and not valid as a whole."""
    report = verify_pdf(crafted.extra_fields(signed, 2), [identity.certificate], SMALL)
    assert report.kind == SIGNED and not report.ok


def test_a_loop_is_counted_up_to_the_limit_only(signed: bytes) -> None:
    root = PdfFileReader(io.BytesIO(crafted.kids_loop(signed))).root
    assert count_fields(root, 50) == 50
