"""Template hooks: features add panels to named places of a page; the page names no feature."""

from pathlib import Path

import pytest
from flask import Flask, render_template_string
from jinja2 import DictLoader

from ctdppeia import create_app
from ctdppeia.templatehooks import (
    offering,
    panels_at,
    register_page_helpers,
    register_template_hook,
)
from tests.conftest import _test_settings


def _app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Flask:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path / name))
    app = create_app(_test_settings(f"sqlite:///{tmp_path / name}.sqlite3"))
    app.jinja_env.loader = DictLoader(
        {
            "one.html": "<p>one {{ thing }} {{ on_page }}</p>",
            "two.html": "<p>two {{ extra }}</p>",
            "three.html": "<p>three {{ '<b>' }}</p>",
        }
    )
    return app


PAGE = "{% set on_page = 'page' %}{{ template_hook('spot', thing='x') }}"


def test_panels_render_in_order_with_the_page_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, monkeypatch, "a")
    register_template_hook(app, "spot", "late", "two.html", lambda thing: {"extra": thing * 2})
    register_template_hook(app, "spot", "early", "one.html", order=10)
    register_template_hook(app, "spot", "escaped", "three.html", order=60)
    register_template_hook(app, "spot", "skipped", "one.html", lambda thing: None, order=70)
    with app.test_request_context():
        shown = render_template_string(PAGE)
    assert shown == "<p>one x page</p><p>two xx</p><p>three &lt;b&gt;</p>"


def test_a_point_nobody_registered_shows_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, monkeypatch, "a")
    with app.test_request_context():
        assert render_template_string(PAGE) == ""


def test_two_apps_do_not_share_panels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _app(tmp_path, monkeypatch, "a"), _app(tmp_path, monkeypatch, "b")
    register_template_hook(first, "spot", "only-first", "one.html")
    assert [panel.name for panel in panels_at("spot", first)] == ["only-first"]
    assert panels_at("spot", second) == []


def test_the_features_register_the_review_and_use_case_panels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(_test_settings(f"sqlite:///{tmp_path / 'c'}.sqlite3"))

    def names(point: str) -> list[str]:
        return [panel.name for panel in panels_at(point, app)]

    assert names("review_header") == ["ai"]
    assert names("review_panels") == ["actions", "analyses", "board"]
    assert names("review_summary_panels") == ["analyses", "board", "board-said"]
    assert names("review_summary_end") == ["actions"]
    assert names("confirm_inputs") == ["board"]
    assert names("use_case_panels") == ["advisory", "actions", "inventory"]
    assert names("subject_panels") == ["ai", "reviews"]
    assert names("sign_in_options") == []  # the state's directory is not set up


def test_a_panel_offers_its_helpers_only_where_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, monkeypatch, "a")
    app.jinja_env.loader.mapping["helped.html"] = "<p>{{ shout(thing) }}</p>"  # type: ignore[union-attr]
    values = offering({"shout": str.upper}, only_if=lambda thing: thing != "skip")
    register_template_hook(app, "spot", "helped", "helped.html", values)
    with app.test_request_context():
        assert render_template_string(PAGE) == "<p>X</p>"
        assert render_template_string("{{ template_hook('spot', thing='skip') }}") == ""
        assert render_template_string("{{ shout is defined }}") == "False"
    assert values.offered == {"shout": str.upper}  # type: ignore[attr-defined]


def test_page_helpers_reach_only_their_blueprints_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, monkeypatch, "a")
    register_page_helpers(app, "inventory", {"only_here": "inventory"})
    page = "{{ only_here | default('none') }}"
    with app.test_request_context("/ai-inventory"):
        assert render_template_string(page) == "inventory"
    with app.test_request_context("/reviews/"):
        assert render_template_string(page) == "none"


def test_the_state_sign_in_button_is_a_panel_of_the_sign_in_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path / "sso"))
    settings = _test_settings(f"sqlite:///{tmp_path / 'sso'}.sqlite3")
    app = create_app({**settings, "SAML_IDP_METADATA_FILE": str(tmp_path / "idp.xml")})
    assert [panel.name for panel in panels_at("sign_in_options", app)] == ["sso"]
