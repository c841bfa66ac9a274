"""The embedded DejaVu Sans fonts: registration with ReportLab and the stamp font for pyHanko.

pyHanko 0.38 writes glyph widths in raw font units, which is right only for fonts with 1000
units per em; DejaVu Sans has 2048. :func:`stamp_font_bytes` therefore rescales the font once
with fontTools and keeps the result in memory (and, if asked, in a cache folder), so stamp
text is neither letter-spaced nor clipped.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from functools import cache
from pathlib import Path

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

_lock = threading.Lock()
_stamp_font: bytes | None = None


def font_path(name: str) -> Path:
    """Return the path of a vendored font, e.g. ``font_path("DejaVuSans")``."""
    return FONT_DIR / f"{name}.ttf"


@cache
def register_fonts() -> str:
    """Register the DejaVu Sans family with ReportLab (once) and return the regular name."""
    for name in FAMILY:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
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


def _load_or_build(cache_dir: Path | None) -> bytes:
    source = font_path(REGULAR).read_bytes()
    cached = _cache_file(cache_dir, source) if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = _rescale(source)
    if cached is not None:
        _write_atomically(cached, data)
    return data


def _cache_file(cache_dir: Path, source: bytes) -> Path:
    tag = hashlib.sha256(source).hexdigest()[:16]
    return cache_dir / f"DejaVuSans-1000upem-{tag}.ttf"


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
