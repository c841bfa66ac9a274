"""Small helpers shared by the forms, and the base classes every form is built on.

Every text field of a form built on :class:`CleanForm` (or :class:`CleanSubform`) passes its
input through :func:`ctdppeia.limits.clean_text` before any other filter or check: NUL and
other control characters are never stored, and one-line fields (titles, names, addresses) lose
bidirectional control characters, so a name cannot display reversed. Passwords are left as
typed (they are only hashed).
"""

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from babel.support import NullTranslations, Translations
from flask import current_app, has_request_context
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Form, PasswordField, SelectMultipleField, StringField, TextAreaField

# SelectChoice is new in WTForms 3.3, which types-WTForms does not describe yet
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.i18n import messages_path
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from ctdppeia.limits import TOO_LONG, clean_text, too_long_values


def select_choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (not a Ctrl-click list): easy with keys and on touch
    screens. Templates draw it with the `checkboxes` macro, a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip(value: object) -> object:
    """A field filter: leading and trailing spaces removed (people paste them with addresses)."""
    return value.strip() if isinstance(value, str) else value


def clean_line(value: object) -> object:
    """A field filter for one-line text: see :func:`ctdppeia.limits.clean_text`."""
    return clean_text(value, single_line=True) if isinstance(value, str) else value


def clean_block(value: object) -> object:
    """A field filter for text of several lines: see :func:`ctdppeia.limits.clean_text`."""
    return clean_text(value) if isinstance(value, str) else value


def cleaning_filter(field_class: type) -> Callable[[object], object] | None:
    """The cleaning filter a field class gets, or None (not text, or a password)."""
    if not issubclass(field_class, StringField) or issubclass(field_class, PasswordField):
        return None
    return clean_block if issubclass(field_class, TextAreaField) else clean_line


class CleanMeta:
    """Form Meta that puts the cleaning filter first on every text field."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        cleaner = cleaning_filter(unbound_field.field_class)
        if cleaner is not None:
            filters = (cleaner, *unbound_field.kwargs.get("filters", ()))
            options = {**options, "filters": filters}
        # Flask-WTF has no type hints: its Meta, above this class, is unknown to mypy
        return super().bind_field(form, unbound_field, options)  # type: ignore[misc]


@lru_cache(maxsize=8)
def wtforms_messages(locale: str) -> NullTranslations:
    """WTForms' own messages in `locale`, read from disk once per process (Flask-WTF reads
    them again for every request that builds a form)."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class CleanForm(FlaskForm):
    """A Flask-WTF form (with CSRF) whose text fields are cleaned."""

    class Meta(CleanMeta):
        def get_translations(self, form: Any) -> Any:
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                # Flask-WTF has no type hints: its Meta is unknown to mypy
                return super().get_translations(form)  # type: ignore[misc]
            return wtforms_messages(str(get_locale()))


class CleanSubform(Form):
    """A plain WTForms form (a row inside a FieldList) whose text fields are cleaned."""

    class Meta(CleanMeta):
        pass


class MaxLength:
    """A validator: refuse text longer than ``limit`` characters, saying how long it is.

    No `maxlength` attribute: a browser would cut pasted text silently, where the server
    refuses it with a message and gives the whole text back to shorten.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: Any, field: Any) -> None:
        length = len(field.data or "")
        if length > self.limit:
            raise StopValidation(gettext(TOO_LONG, **too_long_values(length, self.limit)))


BOX_NOT_SENT = _l("The form arrived without this box. Nothing was saved: check it and save again.")


class AlwaysSentCheckbox(CheckboxInput):
    """A checkbox followed by a hidden field of the same name and no value.

    A browser sends nothing for an unticked box, so "off" and "not sent" look alike. With the
    hidden field, the page always sends the name: "y" then "" when ticked, "" alone when not.
    A request without the name did not come whole from the page (see `SentWithThePage`).
    """

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        box = super().__call__(field, value="y", **kwargs)
        return box + Markup('<input type="hidden" name="{}" value="">').format(field.name)


class SentWithThePage:
    """A validator for a box drawn with `AlwaysSentCheckbox`: refuse a form that arrived
    without it, keeping the stored value, rather than reading "not sent" as "off"."""

    def __call__(self, form: Any, field: Any) -> None:
        if field.raw_data == []:  # posted without the name (None when nothing was posted)
            field.data = bool(field.object_data)
            raise StopValidation(gettext(BOX_NOT_SENT))
