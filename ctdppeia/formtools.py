"""Small helpers shared by the forms."""

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def select_choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]  # type: ignore[arg-type]


def strip(value: object) -> object:
    """A field filter: leading and trailing spaces removed (people paste them with addresses)."""
    return value.strip() if isinstance(value, str) else value
