"""The OpenAPI document of /api/v1 is a valid OpenAPI 3.1 document, and schemathesis, driven
by it against the app over WSGI, finds no 5xx and no response that differs from it. The demo
data gives the inventory and the agency's lists something to show; the token is DSS's (the
demo agency). Example counts are kept small: this is a conformance run, not a soak."""

import hypothesis
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from schemathesis.generation import GenerationMode

from tests.api.conftest import MakeToken, bearer


def _settings(examples: int) -> hypothesis.settings:
    return hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )


def test_the_document_is_published_and_is_openapi_3_1(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/v1/inventory",
        "/api/v1/inventory/{public_id}",
        "/api/v1/inventory/years",
        "/api/v1/inventory/years/{year}",
        "/api/v1/reviews",
        "/api/v1/reviews/{review_id}",
        "/api/v1/requests",
        "/api/v1/requests/{request_id}",
    }


@pytest.mark.parametrize(
    ("mode", "examples"), [(GenerationMode.POSITIVE, 150), (GenerationMode.NEGATIVE, 60)]
)
def test_schemathesis_finds_no_server_error_and_no_response_outside_the_document(
    app: Flask, seeded_demo: str, make_token: MakeToken, mode: GenerationMode, examples: int
) -> None:
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    headers = bearer(make_token("DSS"))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @given(case=schema.as_strategy(generation_mode=mode))
    @_settings(examples)
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers)

    check()


def test_every_demo_item_conforms_to_the_document(
    app: Flask, seeded_demo: str, make_token: MakeToken
) -> None:
    """The generated ids above mostly miss; here every real review, request and inventory
    entry of the demo is read through its operation and checked the same way."""
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    headers = bearer(make_token("DSS"))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    client = app.test_client()
    walked = 0
    for listing, detail, key in (
        ("/api/v1/reviews", "/api/v1/reviews/{review_id}", "review_id"),
        ("/api/v1/requests", "/api/v1/requests/{request_id}", "request_id"),
        ("/api/v1/inventory", "/api/v1/inventory/{public_id}", "public_id"),
    ):
        page = schema[listing]["GET"].Case(query={"limit": 100}).call_and_validate(headers=headers)
        items = page.json()["items"]
        assert items, listing
        for item in items:
            value = item["public_id"] if key == "public_id" else item["id"]
            case = schema[detail]["GET"].Case(path_parameters={key: value})
            assert case.call_and_validate(headers=headers).status_code == 200
            walked += 1
    assert walked >= 5
    assert client.get("/api/v1/inventory/years").status_code == 200
