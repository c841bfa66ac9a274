"""Paragraph styles, table styles and colors for the review PDF."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import TableStyle

from .fonts import BOLD, ITALIC, register_fonts

PAGE_SIZE = LETTER
MARGIN = 0.8 * inch
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eef1f5")
ACCENT = colors.HexColor("#1f4e79")

# Severity tints are a second cue only: the severity is always written out in words.
SEVERITY_TINT = {
    "high": colors.HexColor("#f6d5d5"),
    "medium": colors.HexColor("#fbe7c6"),
    "low": colors.HexColor("#e3eef9"),
    "info": colors.HexColor("#ececec"),
}


@dataclass(frozen=True)
class Styles:
    """The paragraph styles used throughout the document."""

    body: ParagraphStyle
    para: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    kicker: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    prompt: ParagraphStyle
    answer: ParagraphStyle
    not_asked: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    reply: ParagraphStyle


@cache
def styles() -> Styles:
    """Return the shared styles (fonts are registered on first call)."""
    regular = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=INK)
    return Styles(
        body=body,
        para=ParagraphStyle("para", body, spaceAfter=5),
        muted=ParagraphStyle("muted", body, fontSize=8.5, leading=11.5, textColor=MUTED),
        title=ParagraphStyle("title", body, fontName=BOLD, fontSize=20, leading=25, spaceAfter=6),
        kicker=ParagraphStyle("kicker", body, fontSize=10, textColor=ACCENT, spaceAfter=4),
        h1=ParagraphStyle(
            "h1",
            body,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            body,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        prompt=ParagraphStyle(
            "prompt", body, fontName=BOLD, spaceBefore=7, spaceAfter=2, keepWithNext=1
        ),
        answer=ParagraphStyle("answer", body, leftIndent=14),
        not_asked=ParagraphStyle(
            "not_asked", body, leftIndent=14, fontName=ITALIC, textColor=MUTED
        ),
        bullet=ParagraphStyle("bullet", body, leftIndent=16, bulletIndent=4, spaceBefore=1),
        cell=ParagraphStyle("cell", body, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle("cell_bold", body, fontName=BOLD, fontSize=8.5, leading=11),
        reply=ParagraphStyle("reply", body, leftIndent=22),
    )


def grid_table_style(header_rows: int = 1) -> TableStyle:
    """A plain ruled table with a shaded header row."""
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    return TableStyle(commands)


def field_table_style() -> TableStyle:
    """A two-column label/value table without a header row."""
    style = grid_table_style(header_rows=0)
    style.add("BACKGROUND", (0, 0), (0, -1), SHADE)
    return style
