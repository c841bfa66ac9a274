"""Languages: which one each page is shown in, and rendering text in a chosen language.

The interface is in English and Spanish (gettext catalogs in ctdppeia/translations/; see
docs/translations.md). A page is shown in the signed-in user's stored language, else in the
browser's preferred language among those, else in English.
"""

from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, has_request_context, render_template, request
from flask_babel import force_locale, format_date, get_locale, gettext
from flask_login import current_user

from ctdppeia import words
from ctdppeia.extensions import babel
from ctdppeia.questionnaire import Questionnaire, QuestionnaireError
from ctdppeia.questionnaire.localize import localize
from ctdppeia.questionnaire.texts import english_texts
from ctdppeia.questionnaire.translation import (
    Translation,
    load_translation,
    old_translation_files,
    translation_files,
)

DEFAULT_LANGUAGE = "en"
# The cookie that keeps the language a visitor chose before signing in (no account needed).
LANGUAGE_COOKIE = "language"
# Each language named in itself, as the language page lists them.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}


def languages() -> tuple[str, ...]:
    """The language codes the site is offered in, default first."""
    return tuple(current_app.config.get("LANGUAGES", (DEFAULT_LANGUAGE,)))


def supported(language: str | None) -> str | None:
    """`language` if the site is offered in it, else None."""
    return language if language in languages() else None


def select_locale() -> str:
    """The user's stored language, else the one chosen before signing in (a cookie), else the
    browser's best match, else English."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated:
        stored = supported(getattr(current_user, "language", None))
        if stored:
            return stored
    chosen = supported(request.cookies.get(LANGUAGE_COOKIE))
    if chosen:
        return chosen
    return request.accept_languages.best_match(languages()) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language code of the page being rendered ('en', 'es')."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def format_day(value: date | datetime | str | None) -> str:
    """A day in words in the page's language: "December 7, 2026", "7 de diciembre de 2026"."""
    return format_day_in(value, current_language())


def format_day_in(value: date | datetime | str | None, language: str) -> str:
    """A day in words in `language` (Babel's long format; English as the site writes it,
    "December 7, 2026"). Text that names no day is returned as it is."""
    day = words.as_day(value)
    if day is None or language == DEFAULT_LANGUAGE or not supported(language):
        return words.format_date(value)
    if language == current_language():
        return format_date(day, "long")
    with force_locale(language):
        return format_date(day, "long")


def format_moment(value: datetime | str | None) -> str:
    """A moment in words in the page's language, in Eastern time: "Dec 7, 2026, 1:36 PM EST"."""
    if current_language() == DEFAULT_LANGUAGE:
        return words.format_datetime(value)
    day = words.as_day(value)
    if day is None or not isinstance(value, datetime):
        return format_day(value)
    return f"{format_date(day, 'long')}, {words.format_time(value)}"


def gettext_in(language: str, message: str, **values: Any) -> str:
    """`message` in `language`, whatever the page's (a sentence shown in both languages)."""
    with force_locale(supported(language) or DEFAULT_LANGUAGE):
        return gettext(message, **values)


def render_in(language: str | None, template: str, /, **context: Any) -> str:
    """Render a template in `language` (e.g. an email in its recipient's language)."""
    with force_locale(supported(language) or DEFAULT_LANGUAGE):
        return render_template(template, **context)


def questionnaire_translations() -> dict[tuple[str, str], Translation]:
    """The translation catalogues of QUESTIONNAIRE_DIR that load, by (questionnaire id,
    language).

    Read once per application; a catalogue that does not load is logged and left out (its
    questionnaire keeps its own text), and so is a file of the old YAML format.
    `flask questionnaires check` shows what is wrong.
    """
    state = current_app.extensions.setdefault("ctdppeia.translations", {})
    if "files" not in state:
        folder = current_app.config["QUESTIONNAIRE_DIR"]
        found: dict[tuple[str, str], Translation] = {}
        for path in translation_files(folder):
            try:
                translation = load_translation(path)
            except QuestionnaireError as error:
                current_app.logger.error("translation file not used: %s", error)
                continue
            found[(translation.questionnaire_id, translation.language)] = translation
        for path in old_translation_files(folder):
            current_app.logger.error(
                "translation file not used: %s is of the old YAML format; convert it with "
                "'flask questionnaires translations convert'",
                path.name,
            )
        state["files"] = found
        state["localized"] = {}
        state["english"] = {}
    return state["files"]


def localized(questionnaire: Questionnaire, language: str | None = None) -> Questionnaire:
    """The questionnaire's text in `language` (default: the page's), where it is translated;
    the original text everywhere else. Ids, conditions and the hash do not change."""
    language = language or current_language()
    translation = questionnaire_translations().get((questionnaire.id, language))
    if translation is None:
        return questionnaire
    cache = current_app.extensions["ctdppeia.translations"]["localized"]
    key = (questionnaire.hash, questionnaire.filename, language)
    if key not in cache:
        cache[key] = localize(questionnaire, translation)
    return cache[key]


def text_language(questionnaire: Questionnaire, key: tuple[str, ...], language: str) -> str:
    """The language a text of the questionnaire (in its own words, not localized) is shown
    in: `language` where its translation gives the text for its English as it is, else the
    questionnaire's own (English)."""
    translation = questionnaire_translations().get((questionnaire.id, language))
    if translation is None:
        return DEFAULT_LANGUAGE
    cache = current_app.extensions["ctdppeia.translations"]["english"]
    texts = cache.get((questionnaire.hash, questionnaire.filename))
    if texts is None:
        texts = cache[(questionnaire.hash, questionnaire.filename)] = english_texts(questionnaire)
    return language if translation.has(key, texts.get(key, "")) else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
