"""The URL builders the tests' apps share (tests/routing_cache.py) are the ones Werkzeug would
compile for each rule: the same code, and the same URLs."""

from flask import Flask, url_for

from tests import routing_cache


def test_every_rule_gets_the_builder_werkzeug_would_compile(app: Flask) -> None:
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    for rule in rules:
        for append_unknown in (False, True):
            made = routing_cache._compile_builder(rule, append_unknown).__code__
            shared = rule._compile_builder(append_unknown).__code__
            assert (made.co_code, made.co_consts, made.co_varnames, made.co_name) == (
                shared.co_code,
                shared.co_consts,
                shared.co_varnames,
                shared.co_name,
            ), rule.rule


def test_the_shared_builders_make_the_expected_urls(app: Flask) -> None:
    with app.test_request_context("/"):
        first = url_for("reviews.summary", review_id=7, tab="flags")
        home = url_for("static", filename="app.css")
    assert first == "/reviews/7/summary?tab=flags"
    assert home.startswith("/static/app.css")
