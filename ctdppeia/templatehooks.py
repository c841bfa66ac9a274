"""Template hooks: named places in a page where features add their own panels, as Indico's
template hooks do, so a page never names the features that add to it.

A feature registers a panel for a hook point in its ``init_app(app)``::

    register_template_hook(app, "review_panels", "board", "board/_review_section.html")

and the page marks the place with ``{{ template_hook("review_panels", review=review) }}``.
Each panel's template is rendered there, in ``order`` (then in the order registered), with the
page's own values (as an ``{% include %}`` sees them), the keyword arguments of the call and
what the panel's ``values`` function gives for them. ``values`` may return None to leave its
panel out (e.g. a part that only applies to one kind of subject). The points, and the values
each passes, are listed in docs/architecture.md, "Template hooks".

A feature's own pages get its helpers from ``register_page_helpers(app, blueprint, helpers)``,
never from the app-wide globals, which hold only the frame's (``web.frame_globals``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ctdppeia.hooks import hooks

PanelValues = Callable[..., Mapping[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    values: PanelValues | None
    order: int


def register_template_hook(
    app: Flask,
    point: str,
    name: str,
    template: str,
    values: PanelValues | None = None,
    *,
    order: int = 50,
) -> None:
    """Render `template` at `point` on every page that has it (registering a name again at
    the same point replaces it)."""
    hooks(app).template_hooks.setdefault(point, {})[name] = Panel(name, template, values, order)


def panels_at(point: str, app: Flask | None = None) -> list[Panel]:
    """The panels of `point`, in the order they are shown."""
    return sorted(hooks(app).template_hooks.get(point, {}).values(), key=lambda p: p.order)


@pass_context
def template_hook(context: Context, point: str, **given: Any) -> Markup:
    """Every panel registered at `point`, rendered in turn (nothing when none is)."""
    parts = []
    for panel in panels_at(point):
        extra = panel.values(**given) if panel.values is not None else {}
        if extra is None:
            continue
        template = context.environment.get_template(panel.template)
        parts.append(template.render({**context.get_all(), **given, **extra}))
    # Each part is the output of an autoescaped template, escaped where it was rendered.
    return Markup("".join(parts))  # nosec B704


def register_page_helpers(app: Flask, blueprint: str, helpers: Mapping[str, Any]) -> None:
    """Offer `helpers` to the templates of `blueprint`'s pages only, on this app (a context
    processor scoped to the blueprint). A panel the feature shows on other pages passes the
    same helpers through its template hook's ``values``."""
    offered = dict(helpers)
    app.template_context_processors[blueprint].append(lambda: offered)


def offering(
    helpers: Mapping[str, Any], *, only_if: Callable[..., bool] | None = None
) -> PanelValues:
    """A panel's ``values`` that gives its template `helpers`; with `only_if`, only where it
    holds for the page's values (else the panel is left out). The names it offers are kept on
    it as ``offered``, so a test can check that no other template calls them."""
    offered = dict(helpers)

    def values(**given: Any) -> Mapping[str, Any] | None:
        if only_if is not None and not only_if(**given):
            return None
        return offered

    values.offered = offered  # type: ignore[attr-defined]
    return values
