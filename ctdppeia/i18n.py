"""Languages: which one each page is shown in, and rendering text in a chosen language.

The interface is in English and Spanish (gettext catalogues in ctdppeia/translations/; see
docs/translations.md). A page is shown in the signed-in user's stored language, else in the
browser's preferred language among those, else in English.
"""

from typing import Any

from flask import Flask, current_app, has_request_context, render_template, request
from flask_babel import force_locale, get_locale
from flask_login import current_user

from ctdppeia.extensions import babel

DEFAULT_LANGUAGE = "en"
# Each language named in itself, as the language page lists them.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}


def N_(message: str) -> str:
    """Mark a string for the catalogue; it is translated where it is shown."""
    return message


# Built elsewhere and translated where they are shown (the role in the page header).
ROLE_LABELS_FOR_CATALOGUE = (
    N_("Reviewer"),
    N_("Approver (agency data officer)"),
    N_("Resident Advisory Board member"),
    N_("AI reviewer (AI advisory group)"),
    N_("Administrator"),
)


def languages() -> tuple[str, ...]:
    """The language codes the site is offered in, default first."""
    return tuple(current_app.config.get("LANGUAGES", (DEFAULT_LANGUAGE,)))


def supported(language: str | None) -> str | None:
    """`language` if the site is offered in it, else None."""
    return language if language in languages() else None


def select_locale() -> str:
    """The user's stored language, else the browser's best match, else English."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated:
        stored = supported(getattr(current_user, "language", None))
        if stored:
            return stored
    return request.accept_languages.best_match(languages()) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language code of the page being rendered ('en', 'es')."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def render_in(language: str | None, template: str, /, **context: Any) -> str:
    """Render a template in `language` (e.g. an email in its recipient's language)."""
    with force_locale(supported(language) or DEFAULT_LANGUAGE):
        return render_template(template, **context)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
