"""Exchanging a review between installations: a documented JSON file that imports into another
installation and exports again byte for byte, and editable DOCX and ODT copies of a review."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ctdppeia.exchange import views

    app.register_blueprint(views.bp)
