"""Outcome analyses on a review: the disparate-impact check on tables of groups, with its
flags in the review's flag list and its results in the review's signed record."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages, the flag provider, the snapshot part and the review pages' panel."""
    from ctdppeia.analyses.flags import analysis_flags
    from ctdppeia.analyses.results import computed_for, prefetch_analyses, snapshot_part
    from ctdppeia.analyses.section_fill import section_fill
    from ctdppeia.analyses.views import bp
    from ctdppeia.reviews.flags import register_flag_provider
    from ctdppeia.reviews.sections import register_section_fill
    from ctdppeia.reviews.snapshot import register_snapshot_part
    from ctdppeia.templatehooks import offering, register_template_hook

    app.register_blueprint(bp)
    register_flag_provider(app, "analyses", analysis_flags, prefetch_analyses)
    register_snapshot_part(app, "analyses", "outcome-analyses", snapshot_part)
    panel = "analyses/_review_section.html"
    helpers = offering({"outcome_analyses": computed_for})
    for point in ("review_panels", "review_summary_panels"):
        register_template_hook(app, point, "analyses", panel, helpers, order=20)
    register_section_fill(app, "analyses", section_fill)
