"""The result of a check in plain words, for the page and the command line alike."""

from dataclasses import dataclass

from ctdppeia.documents.checking import Check
from ctdppeia.pdf import SignatureReport
from ctdppeia.pdf.verify import EMPTY, NO_SIGNATURES, NOT_A_PDF, OVER_BUDGET, STOPPED, UNREADABLE
from ctdppeia.translatable import N_
from ctdppeia.web import format_date, format_datetime

Rows = list[tuple[str, str]]
DIGEST_LABEL = "Record digest (SHA-256 of the review record)"

NOT_CHECKED = {
    EMPTY: (
        "The file is empty.",
        "The file you chose has no content. Choose the review PDF again.",
    ),
    NOT_A_PDF: (
        "This is not a PDF file.",
        "Only review PDFs can be checked here. Choose the review file; its name ends in .pdf.",
    ),
    UNREADABLE: (
        "This PDF is damaged and cannot be read.",
        "Download the review PDF again, or ask whoever sent it for a new copy.",
    ),
    NO_SIGNATURES: (
        "This PDF has no digital signatures.",
        "It is not a signed review record. A draft preview has no signatures, and neither "
        "does a printed and scanned copy.",
    ),
}


# The verdict in one or two words: the page translates it, the command line does not.
GENUINE = N_("Genuine")
NOT_VALID = N_("Not valid")
CHECK_NEEDED = N_("Check needed")
NOT_A_SIGNED_REVIEW = N_("Not a signed review")
# Files the check refused to finish: never "Genuine".
COULD_NOT_CHECK = N_("Could not be checked")
REFUSED = {
    OVER_BUDGET: (
        "This file could not be checked.",
        "It holds far more than a review PDF ever does ({error}), so it was not checked. Do "
        "not rely on it: download the review PDF again, or ask whoever sent it for a new copy.",
    ),
    STOPPED: (
        "This file could not be checked.",
        "Checking it needed more time or memory than any review PDF does, so the check was "
        "stopped. Do not rely on it: download the review PDF again, or ask whoever sent it "
        "for a new copy.",
    ),
}


@dataclass(frozen=True)
class Verdict:
    level: str  # good | warning | bad
    word: str  # the verdict in one or two words, shown before the colour
    headline: str
    advice: str


@dataclass(frozen=True)
class SignatureSection:
    title: str
    rows: Rows
    valid: bool


@dataclass(frozen=True)
class Explained:
    verdict: Verdict
    file_rows: Rows
    signatures: list[SignatureSection]
    ok: bool
    record_digest: str | None = None  # the matching record, readable at /records/<digest>


def explain(check: Check) -> Explained:
    sections = [_signature(number, s) for number, s in enumerate(check.report.signatures, 1)]
    matched = check.digest if check.match is not None and check.match.readable else None
    return Explained(verdict(check), file_rows(check), sections, check.ok, matched)


def verdict(check: Check) -> Verdict:
    kind = check.report.kind
    if kind in REFUSED:
        headline, advice = REFUSED[kind]
        return Verdict("bad", COULD_NOT_CHECK, headline, advice.format(error=check.report.error))
    if kind in NOT_CHECKED:
        return Verdict("bad", NOT_A_SIGNED_REVIEW, *NOT_CHECKED[kind])
    problem = _signature_problem(check) or _outside_problem(check)
    if problem is not None:
        return Verdict("bad", NOT_VALID, *problem)
    match = check.match
    if match is None:
        return Verdict(
            "warning",
            CHECK_NEEDED,
            "The signatures are valid, but no review in this database matches the file.",
            "The file was signed with this site's certificate and has not changed, but its "
            "record digest matches no review stored here. Ask the agency that sent it.",
        )
    if not match.still_current:
        return Verdict(
            "warning",
            CHECK_NEEDED,
            f"The signatures are valid, but the stored record of review #{match.review_id} "
            "no longer gives the signed digest.",
            "The file has not changed since it was signed, but the record this site kept "
            "when it was signed does not match its digest any more. Tell the agency.",
        )
    count = "Both signatures are" if len(check.report.signatures) == 2 else "Every signature is"
    return Verdict(
        "good",
        GENUINE,
        f"This is a genuine signed review record: it matches review #{match.review_id}, "
        f"locked on {format_date(match.locked_at)}.",
        f"{count} valid, and the file has not been changed since it was signed.",
    )


def _outside_problem(check: Check) -> tuple[str, str] | None:
    """Signatures missing, or something outside the last signature."""
    missing = [*check.missing, *_unsigned_roles(check)]
    if missing:
        names = " and ".join(dict.fromkeys(missing))
        return (
            f"A signature is missing: {names}.",
            "The signatures in the file are valid, but the signed record needs every "
            f"signature, and this file does not have the one of the {names.lower()}. It may "
            "have been cut short. Download the review PDF again or ask for a new copy.",
        )
    if check.report.added:
        return (
            "Something lies outside the signatures: " + "; ".join(check.report.added) + ".",
            "The signed part is intact, but the last signature must cover the whole file and "
            "it does not: something was added after signing. Do not rely on this copy.",
        )
    return None


def _unsigned_roles(check: Check) -> list[str]:
    return [name.removesuffix("Sig") for name in check.report.unsigned_fields]


def _signature_problem(check: Check) -> tuple[str, str] | None:
    if check.altered:
        return (
            "The file was changed after it was signed.",
            "At least one signature no longer matches the content of the file. Do not rely "
            "on this copy: download the review PDF again or ask for a new copy.",
        )
    if check.disallowed_changes:
        return (
            "Something was added to the file after it was signed.",
            "The signed content is still there, but the file now holds changes that no "
            "signer approved, such as an added page. Do not rely on this copy.",
        )
    if not all(s.trusted for s in check.report.signatures):
        return (
            "The signatures do not come from this site's signing authority.",
            "The file has not changed since it was signed, but the signers' certificates "
            "were not issued by the signing authority this site trusts, so we cannot confirm "
            "who signed it. It was not issued by this site.",
        )
    if not check.report.signatures_ok:
        return ("At least one signature is not valid.", "Do not rely on this copy.")
    return None


def file_rows(check: Check) -> Rows:
    if not check.signed:
        return [(DIGEST_LABEL, check.digest)] if check.digest else []
    changed = check.altered or check.changed_after_signing
    rows: Rows = [
        ("Signatures found", str(len(check.report.signatures))),
        ("Changed after signing", "Yes" if changed else "No"),
    ]
    missing = [*check.missing, *_unsigned_roles(check)]
    if missing:
        rows.append(("Signatures missing", ", ".join(dict.fromkeys(missing))))
    if check.report.added:
        rows.append(("Outside the signatures", "; ".join(check.report.added)))
    rows.append((DIGEST_LABEL, check.digest or "None found"))
    return rows + _match_rows(check)


def _match_rows(check: Check) -> Rows:
    match = check.match
    if match is None:
        return [("Matches a review here", "No: no review in this database has this digest")]
    locked = format_date(match.locked_at) if match.locked_at else "not locked"
    today = (
        "Still gives the same digest"
        if match.still_current
        else "Gives a different digest: the stored record was changed after signing"
    )
    same = "Yes, byte for byte" if match.same_file else "No: the bytes differ from the issued file"
    return [
        ("Matches a review here", f"Yes: review #{match.review_id}, locked on {locked}"),
        ("That review's record today", today),
        ("Same file as the one issued here", same),
    ]


def _signature(number: int, sig: SignatureReport) -> SignatureSection:
    rows: Rows = [
        ("Signed by", sig.signer_name or "Not named"),
        ("Role", sig.role or "Not stated"),
        ("Signed at", format_datetime(sig.signed_at) if sig.signed_at else "Not stated"),
        ("Certificate", sig.certificate_subject or sig.signer or "Unknown"),
        ("Issued by", sig.issuer or "Unknown"),
        ("Content intact", "Yes" if sig.intact else "No: the signed content was changed"),
        ("Trusted", _trusted(sig)),
        ("Changes after this signature", _later_changes(sig)),
        ("Result", "Valid" if sig.valid else "Not valid"),
    ]
    if sig.error:
        rows.append(("Problem", "The signature data is damaged and cannot be checked."))
    title = f"Signature {number}: {sig.role or 'unknown role'}"
    return SignatureSection(title, rows, sig.valid)


def _trusted(sig: SignatureReport) -> str:
    if sig.trusted:
        return "Yes: the certificate was issued by this site's signing authority"
    if not sig.intact:
        return "Not checked: the signed content was changed"
    return "No: the certificate was not issued by this site's signing authority"


def _later_changes(sig: SignatureReport) -> str:
    if not sig.intact:
        return "Cannot tell: the signed content was changed"
    if not sig.changed_after:
        return "None"
    if sig.changes_allowed:
        return "Only the next signature was added (allowed)"
    return "Yes: content was added that this signature does not allow"


def as_text(explained: Explained) -> str:
    """The report as plain text lines (for the command line)."""
    lines = [f"Result: {explained.verdict.word}", explained.verdict.headline]
    lines.append(explained.verdict.advice)
    if explained.record_digest:
        lines.append(f"Accessible record: /records/{explained.record_digest}")
    if explained.file_rows:
        lines += ["", "The file"] + [f"  {label}: {value}" for label, value in explained.file_rows]
    for section in explained.signatures:
        lines += ["", section.title] + [f"  {label}: {value}" for label, value in section.rows]
    return "\n".join(lines)
