"""Markdown rendering is safe for text typed by anyone."""

import threading
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdppeia.questionnaire import markdown as markdown_module
from ctdppeia.questionnaire import render_markdown
from ctdppeia.questionnaire.markdown import _clean, _converter, _only_paragraphs


def test_formatting_that_is_allowed() -> None:
    text = (
        "Some **bold**, *em* and `code`.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n"
        "### Heading\n\nline  \nbreak\n\n```\npre\n```\n"
    )
    assert render_markdown(text) == (
        "<p>Some <strong>bold</strong>, <em>em</em> and <code>code</code>.</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<ol>\n<li>first</li>\n</ol>\n"
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n"
        "<h3>Heading</h3>\n"
        "<p>line<br>\nbreak</p>\n"
        "<pre><code>pre\n</code></pre>"
    )


def test_links_get_rel_noopener() -> None:
    assert render_markdown("[CT](https://portal.ct.gov/)") == (
        '<p><a href="https://portal.ct.gov/" rel="noopener noreferrer">CT</a></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox)",
    ],
)
def test_dangerous_links_are_dropped(text: str) -> None:
    html = render_markdown(text)
    assert "href" not in html
    assert "<a" in html  # the text stays, without a link target


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<b onclick='x()'>hi</b>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://x">raw link</a>',
        "<div>\n<p>block</p>\n</div>",
        "<!-- comment -->",
        "<iframe src='https://x'></iframe>",
    ],
)
def test_raw_html_is_shown_as_text(text: str) -> None:
    html = render_markdown(text)
    assert "<script" not in html
    assert "<b" not in html
    assert "<img" not in html
    assert "<div" not in html
    assert "<iframe" not in html
    assert "<a" not in html
    assert "&lt;" in html


def test_images_and_big_headings_are_not_kept() -> None:
    html = render_markdown("![alt](https://x/y.png)\n\nTitle\n=====\n")
    assert "<img" not in html
    assert "<h1" not in html
    assert "Title" in html


def test_blank_text() -> None:
    assert render_markdown("") == ""
    assert render_markdown(" \n\t") == ""


def test_safe_across_threads() -> None:
    results: list[str] = []

    def work() -> None:
        for _ in range(50):
            results.append(render_markdown("*a* [b](https://c)"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) == {'<p><em>a</em> <a href="https://c" rel="noopener noreferrer">b</a></p>'}


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000,
        "\\\\[" * 5_000,
        "![" * 5_000,
        "1. " * 3_000,  # nested lists deep enough to exhaust Python-Markdown's recursion
        "> " * 3_000,
        "*_" * 4_000,
    ],
)
def test_hostile_text_renders_to_balanced_html_and_never_raises(text: str) -> None:
    html = render_markdown(text)
    checker = _TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.open_tags == []  # every element that was opened is closed
    assert checker.seen <= {"p", "blockquote", "em", "strong", "ol", "ul", "li"}
    assert checker.seen  # and something was shown


class _TagChecker(HTMLParser):
    """Records which elements a fragment uses and fails on a tag closed out of order."""

    def __init__(self) -> None:
        super().__init__()
        self.open_tags: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open_tags.append(tag)
        self.seen.add(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open_tags and self.open_tags.pop() == tag, f"</{tag}> out of order"


def test_many_brackets_turn_links_off() -> None:
    html = render_markdown("[a](https://x) " + "[x] " * 30)
    assert "<a" not in html
    assert html.startswith("<p>[a](https://x) [x]")


def test_very_long_text_is_shown_as_plain_paragraphs() -> None:
    text = "**bold** <b>" + "x" * 10_000 + "\n\nnext"
    html = render_markdown(text)
    assert html.startswith("<p>**bold** &lt;b&gt;xxx")
    assert html.endswith("</p>\n<p>next</p>")


PLAIN_TEXT = st.lists(
    st.sampled_from([*"ab z.,;:?'\"()/%$@-1\n", "é", "\u00a0", "\t", "#", "--", "1.", "  \n"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(PLAIN_TEXT)
def test_plain_paragraphs_render_as_python_markdown_would(text: str) -> None:
    fast = _only_paragraphs(text)
    if fast is not None:
        assert _clean(fast) == _clean(_converter(links=True).reset().convert(text))


def test_plain_paragraphs_skip_python_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(links: bool) -> None:
        raise AssertionError("Python-Markdown was used")

    monkeypatch.setattr(markdown_module, "_converter", fail)
    assert render_markdown("One line,\nand another.\n\nNext: 5% (or so)?") == (
        "<p>One line,\nand another.</p>\n<p>Next: 5% (or so)?</p>"
    )
