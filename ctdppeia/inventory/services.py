"""Publishing a use case's public inventory entry, and retiring the system.

Each call adds one version (``InventoryEntryVersion``), never changes an older one, makes it
the system's version of today (``InventoryCurrent``), writes the audit event and commits. The
first publication gives the use case its inventory id, ``CT-<agency code>-<NNNN>``, kept for
good: across years, new versions and re-assessments.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.inventory import clock, linkcheck, validator
from ctdppeia.inventory.facts import (
    APPROVING,
    assessment_facts,
    determination_of,
    inventory_facts,
    latest_decision,
    latest_review,
)
from ctdppeia.inventory.fields import (
    APP,
    BY_KEY,
    CONTENT,
    OPTIONAL_TEXT,
    SPANISH,
    STAGE_STATUS,
    changes,
    public_record,
)
from ctdppeia.models import AIUseCase, InventoryCurrent, InventoryEntryVersion, User
from ctdppeia.practices import services as practices


class PublishError(ValueError):
    """The entry cannot be published; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class NothingChanged(ValueError):
    """The content is the same as the version in the inventory: no new version is made."""

    def __init__(self, current: InventoryEntryVersion) -> None:
        super().__init__(
            f"Nothing changed: version {current.version} of {current.public_id} is still the "
            "one in the inventory, so no new version was published."
        )
        self.current = current


NO_DECISION = (
    "The AI advisory group has not decided on this use case yet. A system is published only "
    "after a chair records the group's decision to approve it."
)
NOT_APPROVED = (
    "The AI advisory group's latest decision on this use case is “Do not approve”, so it "
    "cannot be published. A new decision needs a re-assessment."
)


def approval_refusal(use_case: AIUseCase) -> str | None:
    """Why the use case may not be published (no decision, or the latest one does not approve
    it); None when the advisory group's latest decision approves it."""
    decision = latest_decision(use_case)
    if decision is None:
        return NO_DECISION
    return None if decision.outcome in APPROVING else NOT_APPROVED


def versions(use_case: AIUseCase) -> list[InventoryEntryVersion]:
    query = (
        select(InventoryEntryVersion)
        .where(InventoryEntryVersion.use_case_id == use_case.id)
        .order_by(InventoryEntryVersion.version)
    )
    return list(db.session.scalars(query))


def latest(use_case: AIUseCase) -> InventoryEntryVersion | None:
    found = versions(use_case)
    return found[-1] if found else None


def next_public_id(agency_code: str) -> str:
    """The next free inventory id of an agency: CT-DSS-0001, CT-DSS-0002, ..."""
    prefix = f"CT-{agency_code}-"
    taken = db.session.scalars(
        select(AIUseCase.public_id).where(AIUseCase.public_id.like(f"{prefix}%"))
    )
    numbers = [int(found.removeprefix(prefix)) for found in taken if found]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def check(content: dict[str, Any]) -> dict[str, str]:
    """What stops this content from being published, field by field (empty when nothing):
    the inventory's one validator (``inventory.validator``) run on the entry on its own."""
    fields = {key: content.get(key) for key in CONTENT}
    for key, value in fields.items():
        if isinstance(value, date):
            fields[key] = value.isoformat()
    return validator.by_field(validator.record_problems(0, fields))


def entry_problems(use_case: AIUseCase, fields: dict[str, Any]) -> dict[str, str]:
    """The validator's problems with the version publishing ``fields`` would add: the record
    as the public will read it, its id against the ids other systems hold, its links."""
    previous = latest(use_case)
    public_id = use_case.public_id or next_public_id(use_case.agency.code)
    number = previous.version + 1 if previous is not None else 1
    record = public_record(public_id, number, clock.now(), fields, clock.today())
    holders = db.session.scalars(
        select(InventoryEntryVersion.use_case_id).where(
            InventoryEntryVersion.public_id == public_id,
            InventoryEntryVersion.use_case_id != use_case.id,
        )
    ).first()
    owners = {public_id: str(holders)} if holders is not None else {}
    found = validator.validate(
        [record],
        systems=[str(use_case.id)],
        owners=owners,
        base_url=linkcheck.base_url(),
        resolves=linkcheck.resolves,
    )
    problems = validator.by_field(found)
    if "development_stage" in problems:
        problems.pop("status", None)  # the status follows the stage: one message, on the stage
    return problems


def deployment_problem(use_case: AIUseCase, content: dict[str, Any]) -> dict[str, str]:
    """The "deployed" stage needs a signed review (CGS 4-68jj) and, for a high-impact use,
    every minimum practice of OMB M-25-21 done or waived."""
    if content.get("development_stage") != "deployed":
        return {}
    known_tier = inventory_facts(use_case).get("risk_tier")
    high = "high" in (content.get("risk_tier"), known_tier)
    refusals = practices.deployment_refusals(use_case, high)
    return {"development_stage": " ".join(refusals)} if refusals else {}


def determination_problem(use_case: AIUseCase, content: dict[str, Any]) -> dict[str, str]:
    """A written determination set aside a presumption of high impact on the use case's latest
    review: the entry's "why this tier" must keep it, naming who decided."""
    determination = determination_of(latest_review(use_case))
    basis = content.get("risk_tier_basis") or ""
    if determination is None or determination.decided_by in basis:
        return {}
    return {
        "risk_tier_basis": (
            "Keep the written determination that set aside the presumption of high impact: "
            f"name {determination.decided_by}, who decided, and give the reason."
        )
    }


def _frozen(content: dict[str, Any], use_case: AIUseCase) -> dict[str, Any]:
    """The content as stored: every key of CONTENT, dates as ISO text, empty text as None."""
    fields: dict[str, Any] = {}
    for key in CONTENT:
        value = content.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip() or None
        fields[key] = value
    for key in fields:
        if BY_KEY[key].source == APP:
            fields[key] = None  # never typed: the application sets it below
    withheld = {k: v.strip() for k, v in (content.get("withheld") or {}).items() if v.strip()}
    for key in withheld:
        fields[key] = None  # a withheld value is not kept in the public record at all
        if key in SPANISH:
            fields[SPANISH[key]] = None  # nor its Spanish version
    fields["withheld"] = withheld or None
    fields["agency_code"] = use_case.agency.code
    fields["agency_name"] = use_case.agency.name
    fields["status"] = STAGE_STATUS.get(fields.get("development_stage") or "")
    fields |= assessment_facts(use_case) | practices.inventory_fields(use_case)
    for key in OPTIONAL_TEXT:
        fields.setdefault(key, None)
    return fields


def publish(
    actor: User, use_case: AIUseCase, content: dict[str, Any], *, at: datetime | None = None
) -> InventoryEntryVersion:
    """Publish a new version of the use case's entry. Raises ``PublishError``.

    ``at`` is for recording a past publication (the demo data); the pages never pass it."""
    fields = prepared(use_case, content)
    return _add_version(actor, use_case, fields, "inventory.publish", at or clock.now())


def prepared(use_case: AIUseCase, content: dict[str, Any]) -> dict[str, Any]:
    """The fields a new version would store (what the check page previews). Raises
    ``PublishError`` when it may not be published, ``NothingChanged`` when it says nothing new."""
    refusal = approval_refusal(use_case)
    if refusal is not None:
        raise PublishError({"decision": refusal})
    if content.get("development_stage") == "retired":
        raise PublishError({"development_stage": "Use “Retire the system” to retire it."})
    fields = _frozen(content, use_case)
    fields["retired_on"] = None
    problems = _problems(use_case, content, fields)
    if problems:
        raise PublishError(problems)
    previous = latest(use_case)
    if previous is not None and _same(previous.fields, fields):
        raise NothingChanged(previous)
    return fields


def problems_of(use_case: AIUseCase, content: dict[str, Any]) -> dict[str, str]:
    """What in the content would stop it from being published (the advisory group's decision
    aside): what the agency's draft page shows."""
    fields = _frozen(content, use_case)
    fields["retired_on"] = None
    return _problems(use_case, content, fields)


def _problems(
    use_case: AIUseCase, content: dict[str, Any], fields: dict[str, Any]
) -> dict[str, str]:
    problems = entry_problems(use_case, fields) | determination_problem(use_case, content)
    return deployment_problem(use_case, content) | problems


def _same(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether a new version would say what the last one says (its change note aside)."""
    named = ("agency_code", "agency_name", "retired_on")
    return not changes(before, after) and all(before.get(k) == after.get(k) for k in named)


def retire(
    actor: User, use_case: AIUseCase, note: str, *, at: datetime | None = None
) -> InventoryEntryVersion:
    """Publish a version saying the system is retired (today), with why. Raises
    ``PublishError`` when it was never published or is retired already."""
    previous = latest(use_case)
    if previous is None:
        raise PublishError({"note": "This system is not in the inventory, so it cannot retire."})
    if previous.fields.get("status") == "retired":
        raise PublishError({"note": "This system is already retired."})
    if not note.strip():
        raise PublishError({"note": "Say why the system is retired. The public will read it."})
    found = validator.text_problems("change_note", note.strip(), linkcheck.base_url(),
                                    linkcheck.resolves)  # fmt: skip
    if found:
        raise PublishError({"note": validator.by_field(found)["change_note"]})
    moment = at or clock.now()
    fields = dict(previous.fields)
    retired_on = moment.astimezone(clock.ZONE).date().isoformat()
    fields.update(
        status="retired",
        development_stage="retired",
        retired_on=retired_on,
        change_note=note.strip(),
    )
    use_case.retired_at = moment
    return _add_version(actor, use_case, fields, "inventory.retire", moment)


def _add_version(
    actor: User, use_case: AIUseCase, fields: dict[str, Any], action: str, moment: datetime
) -> InventoryEntryVersion:
    with transaction():
        number = (
            db.session.scalar(
                select(func.max(InventoryEntryVersion.version)).where(
                    InventoryEntryVersion.use_case_id == use_case.id
                )
            )
            or 0
        ) + 1
        if use_case.public_id is None:
            use_case.public_id = next_public_id(use_case.agency.code)
        version = InventoryEntryVersion(
            use_case_id=use_case.id,
            public_id=use_case.public_id,
            version=number,
            published_at=moment,
            published_by_id=actor.id,
            fields=fields,
        )
        db.session.add(version)
        _make_current(use_case, version)
        word = "Retired" if action == "inventory.retire" else "Published"
        audit.record(
            actor,
            action,
            version,
            scope=use_case,
            summary=f"{word} version {number} of inventory entry {use_case.public_id}",
        )
    return version


def _make_current(use_case: AIUseCase, version: InventoryEntryVersion) -> None:
    current = db.session.get(InventoryCurrent, use_case.id)
    if current is None:
        current = InventoryCurrent(use_case_id=use_case.id)
        db.session.add(current)
    current.point_at(version)
