"""User text becomes safe paragraph markup; markdown becomes a small set of safe tags."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from ctdppeia.pdf.markup import inline, markdown_flowables, plain, text_flowables
from ctdppeia.pdf.styles import styles


def test_plain_escapes_markup_and_keeps_line_breaks() -> None:
    assert plain('<b>x</b> & <script>alert("x")</script>\nnext') == (
        '&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;alert("x")&lt;/script&gt;<br/>next'
    )


def test_plain_drops_control_characters() -> None:
    assert plain("a\x00b\x07c\td") == "abc    d"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *italic*", "<b>bold</b> and <i>italic</i>"),
        ("__bold__ and _italic_", "<b>bold</b> and <i>italic</i>"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("[plan](https://x.org/p?a=1&b=2)", "plan (https://x.org/p?a=1&amp;b=2)"),
        ("<https://x.org>", "https://x.org"),
        ("`<code>`", "&lt;code&gt;"),
        ("<b>raw</b> & <img src=x>", "&lt;b&gt;raw&lt;/b&gt; &amp; &lt;img src=x&gt;"),
        ("**open only", "**open only"),
        ("**a *b** c*", "**a <i>b** c</i>"),
    ],
)
def test_inline_markdown(source: str, expected: str) -> None:
    assert inline(source) == expected


@pytest.mark.parametrize("source", ["**a *b** c*", "*a **b* c**", "***x***", "_a **b_ c**"])
def test_inline_output_always_parses(source: str) -> None:
    Paragraph(inline(source), styles().body)


def test_markdown_blocks() -> None:
    s = styles()
    text = "# Title\n\nFirst line\ncontinues.\n\n- one\n- **two**\n1. first\n\n> quoted"
    flowables = markdown_flowables(text, s.body, s.bullet)
    texts = [f.getPlainText() for f in flowables]
    assert texts == ["Title", "First line continues.", "one", "two", "first", "quoted"]
    assert [getattr(f, "bulletText", None) for f in flowables[2:5]] == ["•", "•", "1."]


def test_text_flowables_split_lines_and_blocks() -> None:
    flowables = text_flowables("one\ntwo\n\nthree <b>", styles().body)
    texts = [f.getPlainText() for f in flowables if isinstance(f, Paragraph)]
    assert texts == ["one", "two", "three <b>"]
