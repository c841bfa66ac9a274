"""Data requests: who may see them, creating and changing them."""

from typing import Any

from flask import abort
from sqlalchemy import Select, exists, or_, select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import Agency, DataRequest, Review, Role, User
from ctdppeia.models.data_request import request_data_holder

EDITABLE_FIELDS = (
    "title",
    "requesting_org",
    "contact_name",
    "contact_email",
    "requester_type",
    "purpose",
    "datasets",
    "data_elements",
    "delivery_date",
    "destruction_date",
    "status",
)


# The fields a signed review record holds: frozen once a review of the request is locked.
FROZEN_FIELDS = {
    "title": "title",
    "requesting_org": "requesting organization",
    "contact_name": "contact name",
    "contact_email": "contact email",
    "purpose": "purpose",
    "data_holders": "data holders",
}


class FrozenFields(ValueError):
    """A change to fields that a locked, signed review of the request holds."""

    def __init__(self, fields: list[str]) -> None:
        names = ", ".join(FROZEN_FIELDS[f] for f in fields)
        super().__init__(
            f"The {names} cannot change: a review of this request is signed and locked, and "
            "its record holds them. To change them, start an amendment of the review."
        )
        self.fields = fields


def has_locked_review(data_request: DataRequest) -> bool:
    query = select(Review.id).where(
        Review.subject_kind == "data-request",
        Review.subject_id == data_request.id,
        Review.confirmed_at.is_not(None),
    )
    return db.session.scalar(query.limit(1)) is not None


def visible_to(user: User) -> Select[tuple[DataRequest]]:
    """Requests of the user's agency, or that name it as a data holder; everything for admins."""
    query = select(DataRequest)
    if user.role is Role.ADMIN:
        return query
    if user.role not in (Role.REVIEWER, Role.APPROVER):
        return query.where(False)
    holds_data = exists().where(
        (request_data_holder.c.request_id == DataRequest.id)
        & (request_data_holder.c.agency_id == user.agency_id)
    )
    return query.where(or_(DataRequest.owner_agency_id == user.agency_id, holds_data))


def get_visible_or_404(user: User, request_id: int) -> DataRequest:
    found = db.session.scalar(visible_to(user).where(DataRequest.id == request_id))
    if found is None:
        abort(404)
    return found


def search(
    user: User, text: str = "", status: str = "", agency_id: int | None = None
) -> Select[tuple[DataRequest]]:
    query = visible_to(user)
    if text:
        text = text.strip()  # % and _ are searched for as themselves, not as wildcards
        query = query.where(
            or_(
                DataRequest.title.icontains(text, autoescape=True),
                DataRequest.requesting_org.icontains(text, autoescape=True),
            )
        )
    if status:
        query = query.where(DataRequest.status == status)
    if agency_id:
        query = query.where(
            or_(
                DataRequest.owner_agency_id == agency_id,
                DataRequest.data_holders.any(Agency.id == agency_id),
            )
        )
    return query.order_by(DataRequest.created_at.desc(), DataRequest.id.desc())


def plain(data_request: DataRequest) -> dict[str, Any]:
    """The editable fields as plain values, for comparing before and after a change."""
    values = {field: getattr(data_request, field) for field in EDITABLE_FIELDS}
    values["data_holders"] = sorted(agency.code for agency in data_request.data_holders)
    return {
        key: str(v) if v is not None and key.endswith("_date") else v for key, v in values.items()
    }


def create_request(user: User, fields: dict[str, Any], holder_ids: list[int]) -> DataRequest:
    data_request = DataRequest(owner_agency_id=user.agency_id, created_by=user)
    _apply(data_request, fields, holder_ids)
    db.session.add(data_request)
    audit.record(
        user,
        "request.created",
        data_request,
        changes=audit.diff({}, plain(data_request)),
        summary=f"Created request “{data_request.title}”",
    )
    db.session.commit()
    return data_request


def update_request(
    user: User, data_request: DataRequest, fields: dict[str, Any], holder_ids: list[int]
) -> None:
    before = plain(data_request)
    _apply(data_request, fields, holder_ids)
    changes = audit.diff(before, plain(data_request))
    frozen = [field for field in FROZEN_FIELDS if field in changes]
    if frozen and has_locked_review(data_request):
        db.session.rollback()
        raise FrozenFields(frozen)
    if changes:
        audit.record(
            user,
            "request.updated",
            data_request,
            changes=changes,
            summary=f"Changed {', '.join(sorted(changes))}",
        )
    db.session.commit()


def _apply(data_request: DataRequest, fields: dict[str, Any], holder_ids: list[int]) -> None:
    for field in EDITABLE_FIELDS:
        if field in fields:
            setattr(data_request, field, fields[field])
    query = select(Agency).where(Agency.id.in_(holder_ids)).order_by(Agency.code)
    agencies = db.session.scalars(query).all()
    data_request.data_holders = list(agencies)


def agency_choices() -> list[tuple[int, str]]:
    agencies = db.session.scalars(select(Agency).order_by(Agency.code))
    return [(agency.id, f"{agency.code} — {agency.name}") for agency in agencies]
