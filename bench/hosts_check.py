"""bench/hosts.py's checks, made in the database after the run, and its last line."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hosts_people as people
import walkthrough as walk
from walkthrough import Reviewer

LAST_LINE = "lost writes: {lost}, double signatures: {double}, certificates per signer: {certs}"


def summary_line(lost: int, double: int, certificates: int) -> str:
    """The run's last line, which CI reads."""
    return LAST_LINE.format(lost=lost, double=double, certs=certificates)


@dataclass
class Verdict:
    lost: int = 0
    double: int = 0
    certificates: int = 0
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def check(instance: Path, url: str, crowd: list[Any]) -> Verdict:
    """Everything the server accepted against the database."""
    verdict = Verdict()
    saves = walk.check_nothing_lost(instance, [p for p in crowd if isinstance(p, Reviewer)], url)
    verdict.lines.append(saves)
    if "no lost answers" not in saves:
        verdict.lost += 1
    walk.use_instance(instance, url)
    from ctdppeia import create_app
    from ctdppeia.audit_chain import verify_chain
    from ctdppeia.extensions import db

    app = create_app()
    with app.app_context():
        _comments(verdict, [p for p in crowd if getattr(p, "kind", "") == "board"])
        _signatures(verdict, [p for p in crowd if isinstance(p, people.Approver)])
        chain = verify_chain()
        state = "whole" if chain.ok else f"BROKEN at event {chain.broken.event_id}"  # type: ignore[union-attr]
        verdict.lines.append(f"audit chain: {chain.checked} events, {state}")
        if not chain.ok:
            verdict.problems.append("the audit chain is broken")
        db.session.remove()
        db.engine.dispose()
    return verdict


def _comments(verdict: Verdict, members: list[Any]) -> None:
    """Every comment accepted is stored, once."""
    from sqlalchemy import select

    from ctdppeia.extensions import db
    from ctdppeia.models import BoardComment, User

    emails = {member.email for member in members}
    rows = db.session.execute(
        select(User.email, BoardComment.body)
        .join(User, BoardComment.author_id == User.id)
        .where(User.email.in_(emails))
    ).all()  # fmt: skip
    stored = [(email, body) for email, body in rows]
    accepted = {(m.email, body) for m in members for body in m.accepted}
    twice = len(stored) - len(set(stored))
    verdict.lost += len(accepted - set(stored))
    verdict.lines.append(
        f"board comments accepted: {len(accepted)}, stored: {len(stored)}, stored twice: {twice}"
    )
    if twice:
        verdict.problems.append(f"{twice} board comments were stored twice")


def _signatures(verdict: Verdict, approvers: list[Any]) -> None:
    """Each review given to an approver: signed at most once by each signer, locked exactly
    when its one PDF is stored, that PDF carrying its two signatures; each signer one
    certificate."""
    from sqlalchemy import select

    from ctdppeia.extensions import db
    from ctdppeia.models import AuditEvent, Review, ReviewDocument

    given = [r for a in approvers for r in a.signed + a.reviews]
    told = {r for a in approvers for r in a.signed}
    pdfs: dict[int, list[bytes]] = {}
    for review_id, pdf in db.session.execute(select(ReviewDocument.review_id, ReviewDocument.pdf)):
        pdfs.setdefault(review_id, []).append(pdf)
    per_signature: dict[tuple[int, str], int] = {}
    serials: dict[int, set[str]] = {}
    events = select(AuditEvent.scope_id, AuditEvent.actor_id, AuditEvent.changes).where(
        AuditEvent.action == "review.pdf_signed"
    )
    for review_id, actor_id, changes in db.session.execute(events):
        key = (review_id, changes["role"][1])
        per_signature[key] = per_signature.get(key, 0) + 1
        serials.setdefault(actor_id, set()).add(changes["certificate_serial"][1])
    verdict.double += sum(len(found) - 1 for found in pdfs.values() if len(found) > 1)
    verdict.double += sum(n - 1 for n in per_signature.values() if n > 1)
    verdict.lost += sum(1 for r in told if r not in pdfs)
    verdict.certificates = max((len(found) for found in serials.values()), default=0)
    locked = set(db.session.scalars(
        select(Review.id).where(Review.id.in_(given), Review.confirmed_at.is_not(None))
    ))  # fmt: skip
    whole = [r for r in locked if len(pdfs.get(r, [])) == 1 and _signature_count(pdfs[r][0]) == 2]
    unanswered = len(locked - told)
    verdict.lines.append(
        f"signatures: {len(locked)} of the {len(given)} reviews waiting were signed"
        + (
            f" ({unanswered} of them while the answer to the approver was lost)"
            if unanswered
            else ""
        )
        + f", {len(whole)} with exactly one PDF carrying its 2 signatures; every signer "
        f"({len(serials)}, demo data included) with {verdict.certificates} certificate(s) at most"
    )
    if len(whole) != len(locked) or not told <= locked:
        verdict.problems.append("a locked review without exactly one whole signed PDF")
    if not told:
        verdict.problems.append("no review was signed: the signing path was not exercised")


def _signature_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return len(PdfFileReader(io.BytesIO(pdf)).embedded_signatures)


def balancer_log(path: Path) -> tuple[int, int, int]:
    """From HAProxy's log: requests it answered, those answered 5xx, and those it could not
    send to one host and sent to another (redispatched)."""
    served = failed = redispatched = 0
    for line in path.read_text(errors="replace").splitlines():
        fields = line.split()
        if len(fields) < 9 or not fields[3].startswith("ctdppeia_hosts/"):
            continue
        served += 1
        failed += fields[5].startswith("5")
        redispatched += fields[8].split("/")[-1].startswith("+")  # retries; "+": another host
    return served, failed, redispatched
