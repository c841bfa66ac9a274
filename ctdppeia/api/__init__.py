"""The read-only API, /api/v1: the public AI inventory without sign-in, and an agency's
reviews and requests with an agency token."""

from flask import Flask


def init_app(app: Flask) -> None:
    pass
