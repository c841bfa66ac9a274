"""The JSON Schemas (draft 2020-12) the application keeps as files and publishes.

`signed-record.schema.json` is the one definition of the signed review record's shape: the
PDF builder validates every record with it before signing (`ctdppeia.pdf.snapshot`), the site
publishes it at ``/records/schema/v2.json``, and the tests validate every record they make with
it. Plain data: no Flask, no database.
"""

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

SIGNED_RECORD = "signed-record.schema.json"


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))
    return data


def signed_record_schema() -> dict[str, Any]:
    """The schema of the signed record (a copy: change it freely)."""
    return copy.deepcopy(_load(SIGNED_RECORD))


def signed_record_version() -> str:
    """The record's schema version, e.g. "ctdppeia-review/2" (its "schema" key)."""
    version: str = _load(SIGNED_RECORD)["properties"]["schema"]["const"]
    return version
