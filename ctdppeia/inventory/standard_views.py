"""The inventory today in other standards' shapes, and their specifications, at stable
addresses (no sign-in): OMB's 2025 CSV with its column specification, and the UK ATRS tier 1
and tier 2 and the Dutch register's standard as JSON, each with its JSON Schema."""

import json
from collections.abc import Iterator
from typing import Any

from flask import Response, stream_with_context

from ctdppeia.access import public
from ctdppeia.inventory import linkcheck, register
from ctdppeia.inventory.standards import EntryView, omb
from ctdppeia.inventory.standards.jsonfiles import STANDARDS, document_chunks, document_schema
from ctdppeia.inventory.views import bp
from ctdppeia.links import public_url


def _views() -> tuple[str, Iterator[EntryView]]:
    """The moment the files describe, and every published system as an entry view."""
    head, records = register.current_parts()
    base = linkcheck.base_url()
    return head["as_of"], (EntryView(record, base) for record in records)


def _schema_response(body: dict[str, Any]) -> Response:
    text = json.dumps(body, ensure_ascii=False, indent=2)
    return Response(text, mimetype="application/schema+json")


@bp.route("/ai-inventory/omb-2025.csv")
@public
def omb_csv() -> Response:
    views = _views()[1]
    return Response(
        stream_with_context(omb.csv_chunks(views)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="ct-ai-inventory-omb-2025.csv"'},
    )


@bp.route("/ai-inventory/schema/omb-2025-columns.json")
@public
def omb_columns() -> Response:
    return _schema_response(omb.column_specification(public_url("inventory.omb_columns")))


def _standard_file(slug: str) -> Response:
    standard = STANDARDS[slug]
    as_of, views = _views()
    schema_url = public_url(f"inventory.{_endpoint(slug)}_schema")
    chunks = document_chunks(standard, as_of, views, schema_url)
    return Response(stream_with_context(chunks), mimetype="application/json")


def _standard_schema(slug: str) -> Response:
    url = public_url(f"inventory.{_endpoint(slug)}_schema")
    return _schema_response(document_schema(STANDARDS[slug], url))


def _endpoint(slug: str) -> str:
    return slug.replace("-", "_")


def _register(slug: str) -> None:
    """The file and its schema: ``/ai-inventory/<slug>.json`` and
    ``/ai-inventory/schema/<slug>-v1.json``."""
    name = _endpoint(slug)
    file_view = public(lambda: _standard_file(slug))
    schema_view = public(lambda: _standard_schema(slug))
    bp.add_url_rule(f"/ai-inventory/{slug}.json", name, file_view)
    bp.add_url_rule(f"/ai-inventory/schema/{slug}-v1.json", f"{name}_schema", schema_view)


for _slug in STANDARDS:
    _register(_slug)
