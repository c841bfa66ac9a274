"""An inventory value on a public page, in the page's language where the site words it.

The words the site chooses (a status, a tier, yes or no, "Not stated") are translated. What an
agency wrote (a name, a use, how to appeal) is shown as written, in English, and marked
`lang="en"` so that a page in Spanish says so to browsers and screen readers.
"""

from typing import Any

from flask_babel import gettext
from markupsafe import Markup

from ctdppeia.i18n import current_language
from ctdppeia.inventory.fields import BY_KEY, SPANISH, WITHHELD_PREFIX, is_withheld, words_for

# Fields whose text is not English words: codes, names of agencies kept in English anyway.
NOT_WORDS = frozenset({"public_id", "agency_code"})


def shown(key: str, value: Any) -> Markup:
    field = BY_KEY[key]
    if is_withheld(value):
        reason = value.removeprefix(WITHHELD_PREFIX)
        return Markup('{} <span lang="en">{}</span>').format(gettext("Withheld:"), reason)
    words = words_for(key, value)
    if value is None or value == "" or field.kind in ("enum", "boolean"):
        return Markup.escape(gettext(words))
    if field.kind != "text" or key in NOT_WORDS:
        return Markup.escape(words)
    return Markup('<span lang="en">{}</span>').format(words)


def label(key: str) -> str:
    """A field's label in the page's language."""
    return gettext(BY_KEY[key].label)


def shown_in(key: str, record: dict[str, Any]) -> Markup:
    """A field of a public record; in Spanish, the agency's Spanish text where it gave one."""
    spanish = record.get(SPANISH.get(key, ""))
    if spanish and current_language() == "es" and not is_withheld(record.get(key)):
        return Markup('<span lang="es">{}</span>').format(spanish)
    return shown(key, record.get(key))


def has_spanish(record: dict[str, Any]) -> bool:
    return any(record.get(spanish) for spanish in SPANISH.values())
