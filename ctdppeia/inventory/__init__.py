"""The public AI inventory (CGS 4a-2e): published entry versions, the public pages and files,
the yearly freeze, and the form AI reviewers publish with.

``fields`` names the public fields, ``schema`` publishes their JSON Schema, ``register`` reads
the inventory, ``years`` freezes each year, ``export`` writes CSV and JSON, ``facts`` pre-fills
the publish form, ``services`` publishes and retires; ``drafts`` keeps the agency's draft,
``announce`` tells the AI reviewers of it and ``waiting`` lists it on their home page.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ctdppeia.models import Role


def init_app(app: Flask) -> None:
    """Register the pages and commands; link the inventory for everyone."""
    from ctdppeia.ai.queue import register_status
    from ctdppeia.inventory import (  # noqa: F401 (their routes)
        announce,
        drafting,
        publishing,
        standard_views,
        waiting,
        years,
    )
    from ctdppeia.inventory.cli import inventory_cli
    from ctdppeia.inventory.fields import COLUMNS, is_withheld
    from ctdppeia.inventory.shown import has_spanish, label, shown, shown_in
    from ctdppeia.inventory.views import bp
    from ctdppeia.jobs import register_periodic
    from ctdppeia.templatehooks import offering, register_page_helpers, register_template_hook
    from ctdppeia.waiting import register_waiting
    from ctdppeia.web import add_nav, add_public_link

    app.register_blueprint(bp)
    app.cli.add_command(inventory_cli)
    add_public_link(app, "inventory.index", "AI inventory")  # translated where it is shown
    add_nav(app, "inventory.index", _l("AI inventory"), *Role)
    register_page_helpers(
        app,
        bp.name,
        {
            "inventory_shown": shown,
            "inventory_shown_in": shown_in,
            "inventory_has_spanish": has_spanish,
            "inventory_is_withheld": is_withheld,
            "inventory_label": label,
            "inventory_columns": COLUMNS,
        },
    )
    panel = "inventory/_use_case_panel.html"  # its public id, and the publish link
    actions = offering({"inventory_actions": publishing.panel_actions})
    register_template_hook(app, "use_case_panels", "inventory", panel, actions, order=30)
    register_status(app, "retired", "Retired", publishing.retired_status)
    announce.register(app)  # the AI reviewers hear of a new draft
    register_waiting(app, "inventory.drafts", waiting.drafts)
    register_periodic(
        app, "inventory-freeze", years.freeze_last_year, "freeze last year's AI inventory"
    )
