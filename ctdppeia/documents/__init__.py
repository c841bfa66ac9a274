"""The signed PDF of a review: issued at confirmation, downloaded, and checked by anyone.

``services`` issues and hands out the PDFs, ``identity`` finds the signing key, ``checking``
and ``wording`` verify an uploaded file and say what was found.
"""

from flask import Flask

from ctdppeia.translatable import N_


def init_app(app: Flask) -> None:
    """Register the pages, sign every review as it is confirmed, and list the public check
    page on the sign-in page."""
    from ctdppeia.documents.services import signing_step
    from ctdppeia.documents.views import bp
    from ctdppeia.reviews.confirmation import register_confirmation_step
    from ctdppeia.web import add_public_link

    app.register_blueprint(bp)
    register_confirmation_step(app, "signed-pdf", signing_step)
    add_public_link(app, "documents.verify", N_("Check a review PDF"))
