"""`N_`: the one mark for text that is translated where it is shown, not where it is written.

Plain modules (no Flask: `words`, `limits`, `severity`, the password rules, the inventory's
fields) write their words in English and mark them with `N_("...")`, so `pybabel extract`
(keyword `N_`, see babel.cfg and docs/translations.md) puts them in the catalogue. A page shows
them with `{{ _(value) }}` or `gettext(value)`; the PDF and the files keep the English.
This module imports nothing, so any module may import it.
"""


def N_(message: str) -> str:
    """Mark `message` for the catalogue and return it unchanged."""
    return message
