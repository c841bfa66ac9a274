"""Finding English on a page shown in Spanish.

`english_strings(html)` returns the visible text of a page that reads as English and is not
inside an element marked `lang="en"`: a text node that is exactly one of the interface's English
sentences (a gettext msgid whose Spanish differs), or that holds two or more common English
words that are not Spanish words. Scripts, styles and hidden inputs are not text a reader sees.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parents[2] / "ctdppeia/translations/es/LC_MESSAGES/messages.po"

# Common English words that are not also Spanish words.
_ENGLISH_WORDS = """the and of to is are was were be been your you with for this that
    these those it its on by an or from our we they their has have had will would can
    may must should which who what when where how there here not into about after before
    than then them his her yes nothing only one all any each every"""
ENGLISH_WORDS = frozenset(_ENGLISH_WORDS.split())
# Labels written in both languages on purpose, so anyone finds theirs.
BILINGUAL = frozenset({"Language / Idioma"})
# Elements whose text is not read, and elements with no end tag.
SKIPPED = frozenset({"script", "style", "template"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


@cache
def english_msgids() -> frozenset[str]:
    """The interface's English strings whose Spanish differs (placeholders left out)."""
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    found = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid and "%(" not in msgid and msgid not in texts and WORD.search(msgid):
                found.add(" ".join(msgid.split()))
    return frozenset(found)


def reads_as_english(text: str) -> bool:
    text = " ".join(text.split())
    if not text or text in BILINGUAL:
        return False
    if text in english_msgids():
        return True
    words = {word.lower() for word in WORD.findall(text)}
    return len(words & ENGLISH_WORDS) >= 2


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, lang, skipped
        self.found: list[str] = []

    def _state(self) -> tuple[str | None, bool]:
        lang = next((lang for _, lang, _ in reversed(self.stack) if lang is not None), None)
        return lang, any(skipped for _, _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("input", "button") and values.get("value") and values.get("type") == "submit":
            self._text(values["value"] or "", values.get("lang"))
        for name in ("aria-label", "title", "placeholder", "alt"):
            if values.get(name):
                self._text(values[name] or "", values.get("lang"))
        if tag not in VOID:
            hidden = tag in SKIPPED or "hidden" in values
            self.stack.append((tag, values.get("lang"), hidden))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self._text(data, None)

    def _text(self, text: str, own_lang: str | None) -> None:
        lang, skipped = self._state()
        lang = own_lang or lang
        if not skipped and not (lang or "").startswith("en") and reads_as_english(text):
            self.found.append(" ".join(text.split()))


def english_strings(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.found
