"""The embedded DejaVu Sans fonts: registration with ReportLab and the stamp font for pyHanko.

pyHanko 0.38 writes glyph widths in raw font units, which is right only for fonts with 1000
units per em; DejaVu Sans has 2048. :func:`stamp_font_bytes` therefore rescales the font once
with fontTools and keeps the result in memory (and, if asked, in a cache folder), so stamp
text is neither letter-spaced nor clipped.

pyHanko reads, subsets and writes every glyph of the font it is given, once per signature: with
all 6,253 glyphs of DejaVu Sans that was most of a signature's time. :func:`stamp_font_for`
therefore gives a stamp whose text is all Latin (with punctuation and currency signs) a part of
the font made once with just those characters, their kerning and ligatures; any other text gets
the whole font. The stamp looks the same either way.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Literal

from fontTools import subset
from fontTools.ttLib import TTFont as OpenTypeFont
from fontTools.ttLib.scaleUpem import scale_upem
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FAMILY = (REGULAR, BOLD, ITALIC, BOLD_ITALIC)

# Basic Latin to Latin Extended-B, IPA, spacing and combining marks, Latin Extended Additional
# (Vietnamese), general punctuation, currency signs.
COMMON_BLOCKS = ((0x20, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF))
COMMON_TAG = "latin-v1"  # names the cached file; change it when COMMON_BLOCKS changes

_lock = threading.Lock()
_stamp_font: bytes | None = None
_common_font: tuple[bytes, frozenset[int]] | None = None


def font_path(name: str) -> Path:
    """Return the path of a vendored font, e.g. ``font_path("DejaVuSans")``."""
    return FONT_DIR / f"{name}.ttf"


@cache
def register_fonts() -> str:
    """Register the DejaVu Sans family with ReportLab (once) and return the regular name."""
    for name in FAMILY:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    faces: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
        (0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)
    )  # fmt: skip
    for bold, italic, name in faces:
        addMapping(REGULAR, bold, italic, name)
    return REGULAR


def stamp_font_bytes(cache_dir: Path | None = None) -> bytes:
    """Return DejaVu Sans rescaled to 1000 units per em, built once per process.

    With ``cache_dir`` the rescaled font is also kept there as a file (named after the source
    font's hash), so other processes skip the rescale (about two seconds).
    """
    global _stamp_font
    with _lock:
        if _stamp_font is None:
            _stamp_font = _load_or_build(cache_dir)
        return _stamp_font


def stamp_font_for(text: str, cache_dir: Path | None = None) -> bytes:
    """The stamp font for ``text``: the common part of the font when it holds every character
    (line breaks aside), else the whole font."""
    common, covered = _common_stamp_font(cache_dir)
    if all(ord(char) in covered for char in text.replace("\n", "")):
        return common
    return stamp_font_bytes(cache_dir)


def _common_stamp_font(cache_dir: Path | None) -> tuple[bytes, frozenset[int]]:
    """The rescaled font cut down to :data:`COMMON_BLOCKS`, and the characters it has."""
    global _common_font
    whole = stamp_font_bytes(cache_dir)
    with _lock:
        if _common_font is None:
            data = _load_or_build(cache_dir, COMMON_TAG, lambda _source: _common_part(whole))
            covered = OpenTypeFont(io.BytesIO(data)).getBestCmap().keys()
            _common_font = data, frozenset(covered)
        return _common_font


def _load_or_build(
    cache_dir: Path | None, variant: str = "", build: Callable[[bytes], bytes] | None = None
) -> bytes:
    source = font_path(REGULAR).read_bytes()
    cached = _cache_file(cache_dir, source, variant) if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = (build or _rescale)(source)
    if cached is not None:
        _write_atomically(cached, data)
    return data


def _cache_file(cache_dir: Path, source: bytes, variant: str = "") -> Path:
    tag = hashlib.sha256(source).hexdigest()[:16]
    suffix = f"-{variant}" if variant else ""
    return cache_dir / f"DejaVuSans-1000upem-{tag}{suffix}.ttf"


def _common_part(whole: bytes) -> bytes:
    """Keep the glyphs of :data:`COMMON_BLOCKS` with every table, kerning and ligatures."""
    font = OpenTypeFont(io.BytesIO(whole))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    options.drop_tables = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in COMMON_BLOCKS for c in range(low, high + 1)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rescale(source: bytes) -> bytes:
    font = OpenTypeFont(io.BytesIO(source))
    scale_upem(font, 1000)
    if "FFTM" in font:  # a FontForge timestamp the subsetter cannot handle (it says so)
        del font["FFTM"]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
