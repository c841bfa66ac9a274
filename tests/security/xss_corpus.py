"""One corpus of hostile text, and the check that a page holds none of it as markup.

Every payload carries a marker ("XSS-<n>") so that what it would do is recognisable. Used by
`tests/security/test_xss_everywhere.py` (every free-text field, every page, the PDFs, the
emails) and by the feature tests that try their own fields (`tests/board/test_xss.py`).
"""

import re
from html.parser import HTMLParser

PAYLOADS = (
    "<script>alert('XSS-1')</script>",
    '"><img src=x onerror=alert("XSS-2")>',
    "'><svg onload=alert('XSS-3')>",
    "[XSS-4](javascript:alert(1))",
    "[XSS-5](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[XSS-6](JaVa&#83;cript:alert(1))",
    "[XSS-7](java\u200bscript:alert(1))",
    "{{'XSS-'~'EVALUATED'}} {{7*7}}",
    "\uff1cscript\uff1eXSS-9\uff1c/script\uff1e",
    "</textarea><script>alert('XSS-10')</script>",
    "<a href=\"javascript:alert('XSS-11')\">XSS-11</a>",
    "<iframe src=//evil.example/XSS-12></iframe>",
    "<div style=\"background:url(javascript:alert('XSS-13'))\">XSS-13</div>",
    '![XSS-14](x" onerror="alert(1))',
    "<form action=https://evil.example><button>XSS-15</button></form>",
)
# A template engine that evaluated the text would print this.
EVALUATED = "XSS-EVALUATED"
# Payloads that must reach a PDF or a plain-text email exactly as typed.
LITERAL = (PAYLOADS[0], PAYLOADS[1], PAYLOADS[3])

FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "base", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
# How a browser reads a URL (WHATWG URL standard): tab and line breaks anywhere are dropped,
# and C0 controls and spaces at either end. Other invisible characters make a scheme invalid.
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.I)


class _Markup(HTMLParser):
    """Collects what a browser would run or load from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None  # the type of the script element being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "form" and values.get("action", "/").startswith(("http", "//")):
            self.problems.append(f"form posting to {values['action']}")
        if tag == "img" and not values.get("src", "").startswith(("/", "data:image/")):
            self.problems.append(f"<img src={values.get('src')!r}>")
        if tag == "script":
            self._script = values.get("type", "")
            if not values.get("src", "/static/").startswith("/static/"):
                self.problems.append(f"script from {values['src']}")
        for name, value in values.items():
            self._attribute(tag, name, value)

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.problems.append(f"<{tag} {name}=...> event handler")
        if name == "style":
            self.problems.append(f"<{tag} style=...> inline style")
        if name in URL_ATTRIBUTES:
            url = _TAB_OR_NEWLINE.sub("", value).strip(_C0_AND_SPACE)
            if _SCHEME.match(url) and not (tag == "img" and url.startswith("data:image/")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None and self._script != "application/json" and "XSS-" in data:
            self.problems.append(f"script runs {data[:60]!r}")
        if EVALUATED in data:
            self.problems.append("text was evaluated as a template")


def markup_problems(html: str) -> list[str]:
    """What in `html` a payload of the corpus could have made a browser run or load."""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.problems
