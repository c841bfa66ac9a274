"""The OpenAPI 3.1 document of /api/v1, published at /api/v1/openapi.json. Its schemas are the
ones the files and the import already use (the inventory's system record, the review exchange
document), so the API and the files cannot drift apart; tests run schemathesis against it."""

from typing import Any

from ctdppeia.exchange.schema import SCHEMA_ID, review_exchange_schema
from ctdppeia.inventory.schema import MOMENT, inventory_schema, system_schema
from ctdppeia.models import API_SCOPES, REQUEST_STATUSES, REQUESTER_TYPES
from ctdppeia.models.review import RECOMMENDATIONS, REVIEW_STATUSES

OPENAPI = "3.1.0"
VERSION = "1.0.0"
NULLABLE_TEXT = {"type": ["string", "null"]}
MAYBE_MOMENT = {"anyOf": [MOMENT, {"type": "null"}]}
MAYBE_DATE = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _page_of(item: str) -> dict[str, Any]:
    return _object(
        {
            "items": {"type": "array", "items": _ref(item)},
            "next_cursor": NULLABLE_TEXT,
            "links": _object({"next": NULLABLE_TEXT}),
        }
    )


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": _object({"parameter": {"type": "string"}, "detail": {"type": "string"}}),
        },
    },
    "required": ["type", "title", "status", "detail"],
}


def _year_document() -> dict[str, Any]:
    found = inventory_schema("")
    properties = dict(found["properties"])
    properties.pop("$schema")
    properties["systems"] = {"type": "array", "items": _ref("System")}
    return {
        "type": "object",
        "properties": properties,
        "required": found["required"],
        "additionalProperties": False,
    }


def _schemas() -> dict[str, Any]:
    exchange = review_exchange_schema(SCHEMA_ID)
    for key in ("$schema", "$id"):
        exchange.pop(key)
    review = _object(
        {
            "id": {"type": "integer"},
            "subject": _object(
                {
                    "kind": {"enum": ["data-request", "ai-use-case"]},
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                }
            ),
            "questionnaire": _object(
                {
                    "id": {"type": "string"},
                    "edition": {"type": "string"},
                    "hash": {"type": "string"},
                }
            ),
            "status": {"enum": list(REVIEW_STATUSES)},
            "started_at": MOMENT,
            "updated_at": MOMENT,
            "submitted_at": MAYBE_MOMENT,
            "confirmed_at": MAYBE_MOMENT,
            "recommendation": {"enum": [*RECOMMENDATIONS, None]},
            "record_digest": NULLABLE_TEXT,
        }
    )
    detail = {**review, "properties": {**review["properties"], "exchange": _ref("ReviewExchange")}}
    detail["required"] = [*review["required"], "exchange"]
    request = _object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "requesting_org": {"type": "string"},
            "requester_type": {"enum": list(REQUESTER_TYPES)},
            "status": {"enum": list(REQUEST_STATUSES)},
            "purpose": {"type": "string"},
            "datasets": {"type": "string"},
            "delivery_date": MAYBE_DATE,
            "destruction_date": MAYBE_DATE,
            "data_holders": {"type": "array", "items": {"type": "string"}},
            "created_at": MOMENT,
            "updated_at": MOMENT,
        }
    )
    return {
        "Problem": PROBLEM,
        "System": system_schema(),
        "InventoryPage": _page_of("System"),
        "InventoryEntry": _object(
            {
                "public_id": {"type": "string"},
                "versions": {"type": "array", "items": _ref("System")},
            }
        ),
        "InventoryYears": _object({"years": {"type": "array", "items": {"type": "integer"}}}),
        "InventoryDocument": _year_document(),
        "Review": review,
        "ReviewDetail": detail,
        "ReviewExchange": exchange,
        "ReviewPage": _page_of("Review"),
        "DataRequest": request,
        "DataRequestPage": _page_of("DataRequest"),
    }


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _responses(schema: str, *codes: int) -> dict[str, Any]:
    words = {
        400: "A parameter is not valid (the problem's errors name it).",
        401: "No token, or a token that is unknown, revoked or expired.",
        403: "The token does not have the scope this needs.",
        404: "Not found, or not of the token's agency.",
        429: "Too many requests from this address; see Retry-After.",
    }
    found: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}}
    }
    for code in (*codes, 429):
        found[str(code)] = _problem_response(words[code])
    return found


PAGING = [
    {
        "name": "limit",
        "in": "query",
        "description": "How many items a page holds.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
    },
    {
        "name": "cursor",
        "in": "query",
        "description": "The next_cursor of the page before; leave it out for the first page.",
        "schema": {"type": "string", "pattern": "^[0-9]{1,16}-[0-9]{1,9}$"},
    },
]


def _id(name: str) -> dict[str, Any]:
    schema = {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _get(summary: str, schema: str, codes: tuple[int, ...], **extra: Any) -> dict[str, Any]:
    return {"get": {"summary": summary, "responses": _responses(schema, *codes), **extra}}


def _agency(summary: str, schema: str, codes: tuple[int, ...], **extra: Any) -> dict[str, Any]:
    secured = {"security": [{"agencyToken": []}], **extra}
    return _get(summary, schema, (*codes, 401, 403), **secured)


def _paths() -> dict[str, Any]:
    public_id = {"name": "public_id", "in": "path", "required": True, "schema": {"type": "string"}}
    year = {"name": "year", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "/api/v1/inventory": _get(
            "Today's AI inventory: the latest version of each system, most recently changed first",
            "InventoryPage",
            (400,),
            parameters=PAGING,
        ),
        "/api/v1/inventory/{public_id}": _get(
            "Every published version of one system, newest first",
            "InventoryEntry",
            (404,),
            parameters=[public_id],
        ),
        "/api/v1/inventory/years": _get(
            "The years whose frozen inventory can be read", "InventoryYears", ()
        ),
        "/api/v1/inventory/years/{year}": _get(
            "One year's inventory as it stood at the end of 31 December",
            "InventoryDocument",
            (404,),
            parameters=[year],
        ),
        "/api/v1/reviews": _agency(
            "The token agency's reviews, most recently changed first",
            "ReviewPage",
            (400,),
            parameters=PAGING,
        ),
        "/api/v1/reviews/{review_id}": _agency(
            "One review of the token's agency, with its exchange document",
            "ReviewDetail",
            (404,),
            parameters=[_id("review_id")],
        ),
        "/api/v1/requests": _agency(
            "The token agency's data requests, newest first",
            "DataRequestPage",
            (400,),
            parameters=PAGING,
        ),
        "/api/v1/requests/{request_id}": _agency(
            "One data request of the token's agency",
            "DataRequest",
            (404,),
            parameters=[_id("request_id")],
        ),
    }


def openapi_document(url: str) -> dict[str, Any]:
    """The document; `url` is where it is published."""
    scopes = ", ".join(f"{scope} ({words})" for scope, words in API_SCOPES.items())
    return {
        "openapi": OPENAPI,
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "ctdppeia read-only API",
            "version": VERSION,
            "description": (
                "Read-only. The public AI inventory needs no token. An agency's reviews and "
                "data requests need a token of that agency (Authorization: Bearer), with the "
                f"scope the operation names: {scopes}. Errors are RFC 9457 problem details. "
                f"Lists are keyset pages. This document: {url}"
            ),
        },
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "agencyToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An agency token, made by an administrator or an approver.",
                }
            },
        },
    }
