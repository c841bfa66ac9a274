"""AI use cases: listing, proposing and changing them (who may: `permissions`)."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select

from ctdppeia import audit
from ctdppeia.ai.permissions import visible_to
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, DataRequest, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.stale import (
    StaleEdit,
    claim_version,
    differences,
    fingerprint,
    last_saved,
    untouched,
)

EDITABLE_FIELDS = (
    "name",
    "vendor",
    "description",
    "intended_use",
    "stage",
    "hosting",
    "hosting_other",
    "technique",
    "public_contact",
)

LABELS = {
    "name": "Name",
    "vendor": "Who makes it",
    "description": "What it does",
    "intended_use": "What the agency will use it for",
    "stage": "Stage",
    "hosting": "Where it runs",
    "hosting_other": "Where else it runs",
    "technique": "Kind of AI",
    "public_contact": "Public contact",
    "requests": "Data requests it uses",
}


def use_cases_of_request(user: User, data_request: DataRequest) -> list[AIUseCase]:
    """The use cases `user` may see that were started from, or use, the request."""
    linked = AIUseCase.requests.any(DataRequest.id == data_request.id)
    query = visible_to(user).where(or_(AIUseCase.source_request_id == data_request.id, linked))
    return list(db.session.scalars(query.order_by(AIUseCase.id)))


def plain(use_case: AIUseCase) -> dict[str, Any]:
    """The editable fields as plain values, for comparing before and after a change."""
    values = {field: getattr(use_case, field) for field in EDITABLE_FIELDS}
    values["requests"] = sorted(item.id for item in use_case.requests)
    return values


def create_use_case(
    user: User, fields: dict[str, Any], request_ids: list[int], source: DataRequest | None = None
) -> AIUseCase:
    with transaction():
        use_case = AIUseCase(agency_id=user.agency_id, created_by=user, source_request=source)
        _apply(use_case, fields, request_ids)
        db.session.add(use_case)
        summary = f"Proposed the AI use case “{use_case.name}”"
        if source is not None:
            summary += f", from request {source.id}"
        audit.record(
            user,
            "ai_use_case.created",
            use_case,
            changes=audit.diff({}, plain(use_case)),
            summary=summary,
        )
    return use_case


def update_use_case(
    user: User,
    use_case: AIUseCase,
    fields: dict[str, Any],
    request_ids: list[int],
    loaded_version: int,
    bases: Mapping[str, str] | None = None,
) -> None:
    """Save the form; StaleEdit (nothing saved) when the use case changed since
    `loaded_version` and what is stored differs from what was typed, in a field others changed
    since (by `bases`, the fingerprints of what the form showed; without them, any field).
    Fields this person did not change are expected already replaced (`keep_untouched`)."""
    if loaded_version != use_case.version:
        _refuse_if_different(use_case, fields, request_ids, bases or {})
        loaded_version = use_case.version
    try:
        with transaction():
            _save_changes(user, use_case, fields, request_ids, loaded_version)
    except _LostRace:  # rolled back: compare what is stored now with what was typed
        _refuse_if_different(use_case, fields, request_ids, bases or {})


def keep_untouched(
    use_case: AIUseCase,
    fields: dict[str, Any],
    request_ids: list[int],
    bases: Mapping[str, str],
) -> tuple[dict[str, Any], list[int]]:
    """The typed fields, with those this person did not change since the form was opened
    (their value still matches the fingerprint the form carried) replaced by what is stored."""
    kept = untouched({**fields, "requests": sorted(request_ids)}, bases)
    merged = {k: getattr(use_case, k) if k in kept else v for k, v in fields.items()}
    if "requests" in kept:
        request_ids = sorted(item.id for item in use_case.requests)
    return merged, request_ids


class _LostRace(Exception):
    """Another save changed the use case after it was loaded; nothing of this one is kept."""


def _save_changes(
    user: User, use_case: AIUseCase, fields: dict[str, Any], request_ids: list[int], version: int
) -> None:
    before = plain(use_case)
    _apply(use_case, fields, request_ids)
    changes = audit.diff(before, plain(use_case))
    if not changes:
        return
    if not claim_version(AIUseCase, use_case.id, version):
        raise _LostRace()
    use_case.updated_at = utcnow()
    names = ", ".join(LABELS.get(name, name).lower() for name in sorted(changes))
    audit.record(user, "ai_use_case.updated", use_case, changes=changes, summary=f"Changed {names}")


def _refuse_if_different(
    use_case: AIUseCase, fields: dict[str, Any], ids: list[int], bases: Mapping[str, str]
) -> None:
    """StaleEdit when a field someone else changed since the form was opened (its stored value
    no longer matches the form's fingerprint) differs from what was typed."""
    typed, stored = {**fields, "requests": sorted(ids)}, plain(use_case)
    others = {k for k in stored if bases.get(k) != fingerprint(stored[k])}
    found = differences(stored, typed, {k: v for k, v in LABELS.items() if k in others})
    if found:
        by, at = last_saved(
            "ai_use_case", use_case.id, ("ai_use_case.created", "ai_use_case.updated")
        )
        raise StaleEdit(use_case.version, found, by, at)


def _apply(use_case: AIUseCase, fields: dict[str, Any], request_ids: list[int]) -> None:
    for field in EDITABLE_FIELDS:
        if field in fields:
            value = fields[field]
            setattr(use_case, field, value.strip() if isinstance(value, str) else value)
    if use_case.hosting != "other":
        use_case.hosting_other = ""
    wanted = set(request_ids)
    query = select(DataRequest).where(DataRequest.id.in_(wanted)).order_by(DataRequest.id)
    use_case.requests = list(db.session.scalars(query))
