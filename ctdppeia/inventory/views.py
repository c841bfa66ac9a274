"""The public AI inventory: the list with its filters, each entry with its history, the files
(CSV and JSON, now and for each frozen year) and their JSON Schema. No sign-in."""

import json
import re
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for

from ctdppeia.access import public
from ctdppeia.inventory import clock, export, listing, register, years
from ctdppeia.inventory.fields import LABELS, RECORD
from ctdppeia.inventory.schema import inventory_schema

bp = Blueprint("inventory", __name__)

PUBLIC_ID = re.compile(r"CT-[A-Z0-9]{2,16}-[0-9]{4,8}")


def schema_url() -> str:
    return url_for("inventory.schema", _external=True)


@bp.route("/ai-inventory")
@public
def index() -> str:
    chosen = listing.Filters.from_args(request.args)
    document = listing.document_for(chosen.year)
    if document is None:
        abort(404)
    return render_template(
        "inventory/index.html",
        chosen=chosen,
        systems=listing.apply(chosen, document["systems"]),
        options=listing.options(document["systems"], years.available_years()),
    )


@bp.route("/ai-inventory/<public_id>")
@public
def entry(public_id: str) -> str:
    found = register.versions_of(public_id) if PUBLIC_ID.fullmatch(public_id) else []
    if not found:
        abort(404)
    items = register.history(found, clock.today())
    return render_template(
        "inventory/entry.html", record=items[0].record, items=items, fields=RECORD, labels=LABELS
    )


@bp.route("/ai-inventory.json")
@public
def current_json() -> Response:
    return _json(register.current_document())


@bp.route("/ai-inventory.csv")
@public
def current_csv() -> Response:
    return _csv(register.current_document(), "ct-ai-inventory.csv")


@bp.route("/ai-inventory/<int:year>.json")
@public
def year_json(year: int) -> Response:
    return _json(_year(year))


@bp.route("/ai-inventory/<int:year>.csv")
@public
def year_csv(year: int) -> Response:
    return _csv(_year(year), f"ct-ai-inventory-{year}.csv")


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


def _json(document: dict[str, Any]) -> Response:
    return Response(export.to_json(document, schema_url()), mimetype="application/json")


def _csv(document: dict[str, Any], filename: str) -> Response:
    return Response(
        export.to_csv(document),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
