"""Data requests: searching, creating and changing them (who may: `permissions`)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from ctdppeia import audit, keyset
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import Agency, DataRequest, Review, User, request_search
from ctdppeia.models.timestamps import utcnow
from ctdppeia.requests.forms import field_labels
from ctdppeia.requests.permissions import visible_to
from ctdppeia.stale import StaleEdit, claim_version, differences, fingerprint, last_saved, untouched

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
)
# The status is not among them: it follows the request's reviews (see `subject.py`).

# On SQLite, a search its index finds fewer candidates for than this reads only those and
# sorts them newest first (about 9 µs a candidate at 100,000 requests); with more, it walks
# the list newest first and checks each request, which soon fills a page and the capped count
# when matches are that common. Asking the index (up to this many) took 0.2 to 1.2 ms there.
FEW_CANDIDATES = 1000

LABELS = {
    "title": "Title",
    "purpose": "Purpose",
    "requesting_org": "Requesting organization",
    "requester_type": "Who is asking?",
    "contact_name": "Contact person",
    "contact_email": "Contact email",
    "data_holders": "Agencies whose data is asked for",
    "datasets": "Datasets",
    "data_elements": "Data elements",
    "delivery_date": "Requested delivery date",
    "destruction_date": "Date the data will be destroyed or returned",
}

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


def search(
    user: User, text: str = "", status: str = "", agency_id: int | None = None
) -> Select[DataRequest]:
    query = visible_to(user)
    if text:
        query = query.where(_containing(text.strip()))
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


def _containing(text: str) -> ColumnElement[bool]:
    """The requests whose title or requester contains `text`, ignoring ASCII case (% and _
    are searched for as themselves, not as wildcards). On SQLite, when the search index
    finds fewer than FEW_CANDIDATES requests that may match, only those are read."""
    found = or_(
        DataRequest.title.icontains(text, autoescape=True),
        DataRequest.requesting_org.icontains(text, autoescape=True),
    )
    bind = db.session.get_bind()
    if bind.dialect.name != "sqlite" or len(text) < request_search.SHORTEST:
        return found  # PostgreSQL's trigram indexes answer the LIKE itself
    candidates = request_search.candidates(text)
    counted = select(func.count()).select_from(candidates.limit(FEW_CANDIDATES).subquery())
    if (db.session.scalar(counted) or 0) >= FEW_CANDIDATES:
        return found  # walking the newest-first index finds a page of matches soon enough
    return and_(DataRequest.id.in_(candidates), found)


@dataclass(frozen=True)
class Search:
    text: str = ""
    status: str = ""
    agency_id: int | None = None


def search_page(
    user: User,
    wanted: Search,
    *,
    older: str | None = None,
    newer: str | None = None,
    per_page: int = 25,
) -> keyset.KeysetPage:
    """One page of the matching requests, newest first, with their data holders loaded."""
    query = search(user, wanted.text, wanted.status, wanted.agency_id)
    query = query.options(selectinload(DataRequest.data_holders))
    return keyset.paginate(
        query,
        DataRequest.created_at,
        DataRequest.id,
        older=older,
        newer=newer,
        per_page=per_page,
    )


def plain(data_request: DataRequest) -> dict[str, Any]:
    """The editable fields as plain values, for comparing before and after a change."""
    values = {field: getattr(data_request, field) for field in EDITABLE_FIELDS}
    values["data_holders"] = sorted(agency.code for agency in data_request.data_holders)
    return {
        key: str(v) if v is not None and key.endswith("_date") else v for key, v in values.items()
    }


def _in_words(fields: list[str]) -> list[str]:
    labels = field_labels()
    return [labels.get(name, name).lower() for name in fields]


def create_request(user: User, fields: dict[str, Any], holder_ids: list[int]) -> DataRequest:
    with transaction():
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
    return data_request


def update_request(
    user: User,
    data_request: DataRequest,
    fields: dict[str, Any],
    holder_ids: list[int],
    loaded_version: int,
    bases: Mapping[str, str] | None = None,
) -> None:
    """Save the form; StaleEdit (nothing saved) when the request changed since
    `loaded_version` and what is stored differs from what was typed, in a field others changed
    since (by `bases`, the fingerprints of what the form showed; without them, any field).
    Fields this person did not change are expected already replaced (`keep_untouched`)."""
    if loaded_version != data_request.version:
        _refuse_if_different(data_request, fields, holder_ids, bases or {})
        loaded_version = data_request.version  # typed and stored agree: nothing is lost
    try:
        with transaction():
            _save_changes(user, data_request, fields, holder_ids, loaded_version)
    except _LostRace:  # rolled back: compare what is stored now with what was typed
        _refuse_if_different(data_request, fields, holder_ids, bases or {})
        # else saved meanwhile with exactly what was typed


class _LostRace(Exception):
    """Another save changed the request after it was loaded; nothing of this one is kept."""


def _save_changes(
    user: User,
    data_request: DataRequest,
    fields: dict[str, Any],
    holder_ids: list[int],
    version: int,
) -> None:
    before = plain(data_request)
    _apply(data_request, fields, holder_ids)
    changes = audit.diff(before, plain(data_request))
    if not changes:
        return
    frozen = [field for field in FROZEN_FIELDS if field in changes]
    if frozen and has_locked_review(data_request):
        raise FrozenFields(frozen)
    if not claim_version(DataRequest, data_request.id, version):
        raise _LostRace()
    data_request.updated_at = utcnow()
    audit.record(
        user,
        "request.updated",
        data_request,
        changes=changes,
        summary=f"Changed {', '.join(_in_words(sorted(changes)))}",
    )


def _typed_plain(fields: Mapping[str, Any], holder_ids: list[int]) -> dict[str, Any]:
    """What was typed, in the form `plain` gives the stored request."""
    typed = {k: str(v) if v is not None and k.endswith("_date") else v for k, v in fields.items()}
    holders = db.session.scalars(select(Agency.code).where(Agency.id.in_(holder_ids)))
    typed["data_holders"] = sorted(holders)
    return typed


def keep_untouched(
    data_request: DataRequest,
    fields: dict[str, Any],
    holder_ids: list[int],
    bases: Mapping[str, str],
) -> tuple[dict[str, Any], list[int]]:
    """The typed fields, with those this person did not change (their value still matches the
    fingerprint the form carried) replaced by what is stored now."""
    kept = untouched(_typed_plain(fields, holder_ids), bases)
    merged = {k: getattr(data_request, k) if k in kept else v for k, v in fields.items()}
    if "data_holders" in kept:
        holder_ids = [agency.id for agency in data_request.data_holders]
    return merged, holder_ids


def _refuse_if_different(
    data_request: DataRequest,
    fields: dict[str, Any],
    holder_ids: list[int],
    bases: Mapping[str, str],
) -> None:
    typed, stored = _typed_plain(fields, holder_ids), plain(data_request)
    others = {k for k in stored if bases.get(k) != fingerprint(stored[k])}
    found = differences(stored, typed, {k: v for k, v in LABELS.items() if k in others})
    if found:
        by, at = last_saved("data_request", data_request.id, ("request.created", "request.updated"))
        raise StaleEdit(data_request.version, found, by, at)


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
