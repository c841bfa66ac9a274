"""The signed PDF of a review: issued at confirmation, downloaded, and checked by anyone.

``services`` issues and hands out the PDFs, ``identity`` finds the signing key, ``checking``
and ``wording`` verify an uploaded file and say what was found.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages and list the public check page on the sign-in page."""
    from ctdppeia.documents.views import bp
    from ctdppeia.web import add_public_link

    app.register_blueprint(bp)
    add_public_link("documents.verify", "Check a review PDF")
