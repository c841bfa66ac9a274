"""The Spanish catalog: complete, well formed, and its compiled .mo matches the .po."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "ctdppeia/translations/es/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")
# The keywords docs/translations.md gives pybabel: the defaults (ngettext: singular and plural)
# and _l, lazy_gettext, N_.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    **dict.fromkeys(("_", "gettext", "_l", "lazy_gettext", "N_")),
    "ngettext": (1, 2),
}
METHODS = [
    ("ctdppeia/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


def _marked_in_the_code() -> set[str]:
    found = extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for *_, message, _, _ in found}


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    """A message's singular (a plural message is known by it)."""
    return message_id if isinstance(message_id, str) else message_id[0]


def _text(string: str | tuple[str, ...] | list[str]) -> str:
    return string if isinstance(string, str) else " | ".join(string)


def _po() -> dict[str, str]:
    with PO.open("rb") as file:
        catalogue = read_po(file)
    assert not [m.id for m in catalogue if m.id and m.fuzzy], "fuzzy translations"
    return {_key(m.id): _text(m.string) for m in catalogue if m.id}


def test_every_marked_string_has_a_spanish_translation() -> None:
    marked = _marked_in_the_code()
    assert "Skip to main content" in marked  # the extraction itself works
    translations = _po()
    missing = sorted(m for m in marked if not translations.get(m))
    assert missing == [], "run the commands in docs/translations.md"


def test_the_catalogue_keeps_no_stale_strings() -> None:
    stale = sorted(set(_po()) - _marked_in_the_code())
    assert stale == [], "these strings are no longer in the code: run pybabel update"


def test_placeholders_are_kept() -> None:
    with PO.open("rb") as file:
        catalogue = read_po(file)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check() if errors]
    assert problems == []


def test_the_compiled_catalogue_is_up_to_date() -> None:
    with MO.open("rb") as file:
        compiled = {_key(m.id): _text(m.string) for m in read_mo(file) if m.id}
    assert compiled == _po(), "compile it: pybabel compile -d ctdppeia/translations"
