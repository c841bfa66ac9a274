"""Reviews: a questionnaire answered about a subject, section by section, with flags,
responses, a recommendation and an approver's confirmation.

Nothing here knows what a subject is: features register a `SubjectAdapter` (see
`subjects.py`). Other sources of flags and snapshot parts plug in through
`flags.register_flag_provider` and `snapshot.register_snapshot_part`; what happens when a
review is confirmed (signing its PDF, the board's acknowledgments) through
`confirmation.register_confirmation_step`. Every registry belongs to the app (`ctdppeia.hooks`).
"""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Load the questionnaires; offer the review helpers to the engine's pages and panels."""
    from ctdppeia.reviews import (
        announce,
        listing,
        permissions,
        registry,
        setaside,
        subjects,
        waiting,
    )
    from ctdppeia.templatehooks import offering, register_page_helpers, register_template_hook
    from ctdppeia.web import add_nav

    registry.init_app(app)
    announce.register_kinds(app)  # notices of submitted, sent back and decided
    setaside.init_app(app)  # items to close before approval: closed or set aside
    waiting.init_app(app)  # approvals and reviews sent back, on the home pages
    helpers = {
        "subject_reviews": listing.subject_reviews,
        "review_subject": subjects.adapter_for,
        "subject_review_history": listing.subject_review_history,
    }
    register_page_helpers(app, "reviews", helpers)  # the start page lists the open reviews
    # the reviews of a request or a use case, on its page
    subject_reviews = "reviews/_subject_reviews.html"
    register_template_hook(app, "subject_panels", "reviews", subject_reviews, offering(helpers))
    add_nav(app, "reviews.index", _l("Reviews"), *permissions.READERS)
