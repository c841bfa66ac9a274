"""User text becomes safe paragraph markup; markdown takes the web's path (Python-Markdown and
nh3) and its HTML becomes paragraphs; long text is cut into paragraph-sized pieces."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from ctdppeia.pdf.markup import (
    CHUNK,
    cut_point,
    html_flowables,
    markdown_flowables,
    pieces,
    plain,
    text_flowables,
)
from ctdppeia.pdf.styles import styles


def test_plain_escapes_markup_and_keeps_line_breaks() -> None:
    assert plain('<b>x</b> & <script>alert("x")</script>\nnext') == (
        '&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;alert("x")&lt;/script&gt;<br/>next'
    )


def test_plain_drops_control_characters() -> None:
    assert plain("a\x00b\x07c\td") == "abc    d"


def _texts(text: str) -> list[tuple[str | None, str]]:
    s = styles()
    return [
        (getattr(f, "bulletText", None), f.text)
        for f in markdown_flowables(text, s.body, s.bullet)
        if isinstance(f, Paragraph)
    ]


def test_markdown_blocks_as_on_the_web() -> None:
    text = (
        "### Title\n\nFirst line\ncontinues **bold** and *italic*.\n\n- one\n- **two**\n\n"
        "1. first\n2. second\n\n> quoted"
    )
    assert _texts(text) == [
        (None, "<b>Title</b>"),
        (None, "First line continues <b>bold</b> and <i>italic</i>."),
        ("•", "one"),
        ("•", "<b>two</b>"),
        ("1.", "first"),
        ("2.", "second"),
        (None, "quoted"),
    ]


def test_links_code_and_raw_html_come_out_as_text() -> None:
    assert _texts("[plan](https://x.org/p?a=1&b=2) and <https://x.org>") == [
        (None, "plan (https://x.org/p?a=1&amp;b=2) and https://x.org")
    ]
    assert _texts("`<code>` and <b>raw</b> & <img src=x>") == [
        (None, "&lt;code&gt; and &lt;b&gt;raw&lt;/b&gt; &amp; &lt;img src=x&gt;")
    ]


def test_javascript_links_lose_their_address() -> None:
    assert _texts("[click](javascript:alert(1)) [x](JaVaScRiPt:alert(2))") == [(None, "click x")]


def test_unknown_tags_keep_only_their_text() -> None:
    s = styles()
    html = '<p>a <script>b</script><span style="x">c</span></p><h1>d</h1>'
    texts = [f.text for f in html_flowables(html, s.body, s.bullet)]
    assert texts == ["a bc", "<b>d</b>"]


def test_cut_point_prefers_sentence_ends_then_spaces() -> None:
    assert cut_point("short", 10) == 5
    text = "Aaaa bbbb. Cccc dddd eeee ffff"
    assert text[: cut_point(text, 12)] == "Aaaa bbbb. "
    assert text[: cut_point(text, 20)] == "Aaaa bbbb. Cccc "
    words = "Aaaa bbbb cccc dddd eeee"
    assert words[: cut_point(words, 16)] == "Aaaa bbbb cccc "
    assert cut_point("x" * 50, 20) == 20


def test_pieces_are_never_longer_than_the_chunk_and_lose_nothing() -> None:
    text = ("A sentence of words. " * 3000) + "x" * 5000
    found = pieces(text)
    assert "".join(found) == text
    assert max(len(p) for p in found) <= CHUNK
    assert min(len(p) for p in found[:-1]) >= CHUNK // 2


def test_text_flowables_split_lines_blocks_and_long_lines() -> None:
    flowables = text_flowables("one\ntwo\n\nthree <b>\n" + "word " * 1000, styles().body)
    texts = [f.getPlainText() for f in flowables if isinstance(f, Paragraph)]
    assert texts[:3] == ["one", "two", "three <b>"]
    assert len(texts) == 3 + 4  # 5,000 characters in pieces of at most CHUNK
    assert all(len(t) <= CHUNK for t in texts)


def test_long_markdown_paragraph_is_cut_and_keeps_its_emphasis() -> None:
    s = styles()
    html = "<p><strong>" + "Bold words here. " * 400 + "</strong></p>"
    flowables = html_flowables(html, s.body, s.bullet)
    assert len(flowables) == 5
    assert all(f.text.startswith("<b>") and f.text.endswith("</b>") for f in flowables)
