"""The language a board comment was written in, as pages show it.

A comment's language is stored when it is posted: the language of the page the member wrote
it on, their interface language (`services.writing_language`). Members choose that language
themselves, and a guess from the text would misread short comments, names and mixed
sentences. Pages mark the comment's text with it (`lang`), so a screen reader speaks a Spanish
comment in Spanish on an English staff page, and the staff answer form names it, so the answer
can be written in that language.
"""

from markupsafe import Markup

from ctdppeia.i18n import LANGUAGE_NAMES
from ctdppeia.models import BoardComment

# The language's name in English, for the staff pages (which are in English).
ENGLISH_NAMES = {"en": "English", "es": "Spanish"}


def written_in(comment: BoardComment) -> Markup:
    """` lang="es"` for an element holding the comment's text; nothing when unknown."""
    if not comment.language or comment.language not in LANGUAGE_NAMES:
        return Markup("")
    return Markup(' lang="{}"').format(comment.language)


def written_language_note(comment: BoardComment) -> str:
    """What the answer form says about the comment's language."""
    name = ENGLISH_NAMES.get(comment.language or "", comment.language or "")
    return f"Written in {name}: the member reads {name}, so answer in {name} if you can."
