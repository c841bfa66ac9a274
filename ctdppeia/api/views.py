"""/api/v1: read-only. The public AI inventory without a token; an agency's reviews and data
requests with that agency's token (another agency's reviews and requests answer 404).

Lists are keyset pages, newest first: ``limit`` (1 to 100) and ``cursor`` (the ``next_cursor``
of the page before). Every response of the blueprint counts against the rate limit of the
client's address (API_RATE_LIMIT).
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from ctdppeia import keyset
from ctdppeia.access import public
from ctdppeia.api import tokens
from ctdppeia.api.openapi import openapi_document
from ctdppeia.api.problems import problem
from ctdppeia.api.shapes import request_item, review_detail, review_items
from ctdppeia.extensions import db, limiter
from ctdppeia.inventory import clock, listing, register, years
from ctdppeia.inventory.register import PUBLIC_ID
from ctdppeia.models import AIUseCase, ApiToken, DataRequest, Review

bp = Blueprint("api", __name__, url_prefix="/api/v1")
DEFAULT_LIMIT, MAX_LIMIT = 25, 100


class BadParameter(Exception):
    def __init__(self, name: str, detail: str) -> None:
        super().__init__(detail)
        self.name, self.detail = name, detail


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> Response:
    return problem(400, error.detail, errors=[{"parameter": error.name, "detail": error.detail}])


# The query parameters each operation takes (the OpenAPI document's); any other is refused,
# so a misspelt "limt" is a 400 naming it rather than a page that silently ignores it.
PAGED = frozenset({"api.inventory", "api.reviews", "api.requests_list"})
PAGING_PARAMETERS = frozenset({"cursor", "limit"})


@bp.before_request
def refuse_unknown_parameters() -> None:
    if request.endpoint == "api.openapi":
        return
    allowed = PAGING_PARAMETERS if request.endpoint in PAGED else frozenset()
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        raise BadParameter(unknown[0], f"This operation takes no parameter {unknown[0]!r}.")


@bp.errorhandler(tokens.TokenRefused)
def token_refused(error: tokens.TokenRefused) -> Response:
    return problem(401, error.reason, {"WWW-Authenticate": 'Bearer realm="ctdppeia"'})


@bp.errorhandler(PermissionError)
def scope_missing(error: PermissionError) -> Response:
    return problem(403, str(error))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A cursor is a page key (ctdppeia.keyset) written as digits: microseconds since 1970, then
# the id. Every string of this shape names a real key, so a well-formed cursor is never
# refused; one of another shape is (400).
CURSOR = re.compile(r"[0-9]{1,16}-[0-9]{1,9}")


def _cursor() -> str | None:
    """The page key of the ``cursor`` parameter (None without one)."""
    text = request.args.get("cursor")
    if text is None:
        return None
    if not CURSOR.fullmatch(text):
        raise BadParameter("cursor", "This cursor was not made by this API.")
    micro, _, number = text.partition("-")
    return keyset.Key(EPOCH + timedelta(microseconds=int(micro)), int(number)).text()


def _next_cursor(key: str | None) -> str | None:
    found = keyset.Key.parse(key)
    if found is None:
        return None
    return f"{(found.at - EPOCH) // timedelta(microseconds=1)}-{found.id}"


def _limit() -> int:
    text = request.args.get("limit", str(DEFAULT_LIMIT))
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise BadParameter("limit", f"limit is a whole number from 1 to {MAX_LIMIT}.")
    return int(text)


def _page(items: list[dict[str, Any]], page: keyset.KeysetPage) -> Response:
    link, cursor = None, _next_cursor(page.older)
    if cursor is not None:
        args: dict[str, Any] = {"limit": _limit(), "cursor": cursor}
        link = url_for(str(request.endpoint), **(request.view_args or {}), **args)
    return jsonify({"items": items, "next_cursor": cursor, "links": {"next": link}})


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(openapi_document(url_for("api.openapi", _external=True)))


@bp.get("/inventory")
@public
def inventory() -> Response:
    page = listing.current_page(listing.Filters(), _cursor(), None, _limit(), clock.today())
    return _page(list(page.items), page)


@bp.get("/inventory/<public_id>")
@public
def inventory_entry(public_id: str) -> Response:
    found = register.versions_of(public_id) if PUBLIC_ID.fullmatch(public_id) else []
    if not found:
        return problem(404, "No system of the inventory has this id.")
    items = register.history(found, clock.today())
    return jsonify({"public_id": public_id, "versions": [item.record for item in items]})


@bp.get("/inventory/years")
@public
def inventory_years() -> Response:
    return jsonify({"years": years.available_years()})


@bp.get("/inventory/years/<int:year>")
@public
def inventory_year(year: int) -> Response:
    document = years.year_document(year) if 2000 <= year <= 9999 else None
    if document is None:
        return problem(404, "The inventory has no edition for this year.")
    return jsonify(document)


def _token(scope: str) -> ApiToken:
    return tokens.authenticate(
        request.headers.get("Authorization"), scope, f"{request.method} {request.path}"
    )


def _agency_reviews(agency_id: int) -> Select[Any]:
    requests = select(DataRequest.id).where(DataRequest.owner_agency_id == agency_id)
    use_cases = select(AIUseCase.id).where(AIUseCase.agency_id == agency_id)
    owned = or_(
        (Review.subject_kind == "data-request") & Review.subject_id.in_(requests),
        (Review.subject_kind == "ai-use-case") & Review.subject_id.in_(use_cases),
    )
    loads = (selectinload(Review.questionnaire_version), selectinload(Review.decisions))
    return select(Review).where(owned).options(*loads)


@bp.get("/reviews")
@public
def reviews() -> Response:
    token = _token("reviews:read")
    query = _agency_reviews(token.agency_id)
    page = keyset.paginate(query, Review.updated_at, Review.id, older=_cursor(), per_page=_limit())
    return _page(review_items(list(page.items)), page)


@bp.get("/reviews/<int:review_id>")
@public
def review(review_id: int) -> Response:
    token = _token("reviews:read")
    found = db.session.scalar(_agency_reviews(token.agency_id).where(Review.id == review_id))
    if found is None:
        return problem(404, "This agency has no review with this id.")
    return jsonify(review_detail(found))


def _agency_requests(agency_id: int) -> Select[Any]:
    query = select(DataRequest).where(DataRequest.owner_agency_id == agency_id)
    return query.options(selectinload(DataRequest.data_holders))


@bp.get("/requests")
@public
def requests_list() -> Response:
    token = _token("requests:read")
    page = keyset.paginate(
        _agency_requests(token.agency_id),
        DataRequest.created_at,
        DataRequest.id,
        older=_cursor(),
        per_page=_limit(),
    )
    return _page([request_item(item) for item in page.items], page)


@bp.get("/requests/<int:request_id>")
@public
def request_detail(request_id: int) -> Response:
    token = _token("requests:read")
    query = _agency_requests(token.agency_id).where(DataRequest.id == request_id)
    found = db.session.scalar(query)
    if found is None:
        return problem(404, "This agency has no data request with this id.")
    return jsonify(request_item(found))


def rate_limit() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


limiter.shared_limit(rate_limit, scope="api-v1")(bp)
