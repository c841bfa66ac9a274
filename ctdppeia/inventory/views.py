"""The public AI inventory: the list with its filters, each entry with its history, the files
(CSV and JSON, now and for each frozen year) and their JSON Schema. No sign-in."""

import json
from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
)

from ctdppeia.access import public
from ctdppeia.inventory import clock, export, listing, register, years
from ctdppeia.inventory.fields import LABELS, PAGE_ORDER
from ctdppeia.inventory.register import PUBLIC_ID
from ctdppeia.inventory.schema import inventory_schema
from ctdppeia.links import public_url

bp = Blueprint("inventory", __name__)


def schema_url() -> str:
    return public_url("inventory.schema")


@bp.route("/ai-inventory")
@public
def index() -> str:
    chosen = listing.Filters.from_args(request.args)
    per_page = current_app.config["INVENTORY_PER_PAGE"]
    found = listing.listed(chosen, request.args.get("older"), request.args.get("newer"), per_page)
    if found is None:
        abort(404)
    page, options = found
    return render_template("inventory/index.html", chosen=chosen, page=page, options=options)


@bp.route("/ai-inventory/<public_id>")
@public
def entry(public_id: str) -> str:
    found = register.versions_of(public_id) if PUBLIC_ID.fullmatch(public_id) else []
    if not found:
        abort(404)
    items = register.history(found, clock.today())
    return render_template(
        "inventory/entry.html",
        record=items[0].record,
        items=items,
        fields=PAGE_ORDER,
        labels=LABELS,
    )


@bp.route("/ai-inventory.json")
@public
def current_json() -> Response:
    return _json(*register.current_parts())


@bp.route("/ai-inventory.csv")
@public
def current_csv() -> Response:
    return _csv(register.current_parts()[1], "ct-ai-inventory.csv")


@bp.route("/ai-inventory/<int:year>.json")
@public
def year_json(year: int) -> Response:
    document = _year(year)
    return _json(document, iter(document["systems"]))


@bp.route("/ai-inventory/<int:year>.csv")
@public
def year_csv(year: int) -> Response:
    return _csv(iter(_year(year)["systems"]), f"ct-ai-inventory-{year}.csv")


@bp.route("/ai-inventory/schema/v1.json")
@public
def schema() -> Response:
    body = json.dumps(inventory_schema(schema_url()), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/schema+json")


def _year(year: int) -> dict[str, Any]:
    document = years.year_document(year)
    if document is None:
        abort(404)
    return document


def _json(head: dict[str, Any], systems: Iterator[dict[str, Any]]) -> Response:
    chunks = export.json_chunks(head, systems, schema_url())
    return Response(stream_with_context(chunks), mimetype="application/json")


def _csv(systems: Iterator[dict[str, Any]], filename: str) -> Response:
    return Response(
        stream_with_context(export.csv_chunks(systems)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
