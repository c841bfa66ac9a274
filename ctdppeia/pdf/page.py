"""The page frame: document template, header, footer, DRAFT watermark and the outline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from .fonts import BOLD, REGULAR
from .styles import MARGIN, MUTED, PAGE_SIZE, RULE

APP_NAME = "ctdppeia review record"
PAGE_COUNT_FORM = "ctdppeiaPageCount"


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer of every page show."""

    subject_title: str
    digest: str
    draft: bool


@dataclass(frozen=True)
class Metadata:
    """The document information dictionary."""

    title: str
    author: str
    subject: str
    keywords: str


class CountingCanvas(Canvas):
    """A canvas that, when saved, defines the page-count form the footers refer to."""

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self.beginForm(PAGE_COUNT_FORM, 0, -3, 60, 10)
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


class ReviewDocTemplate(BaseDocTemplate):
    """Letter pages with a header, a "Page N of M" footer and outline entries from headings."""

    def __init__(self, output: BinaryIO, info: PageInfo, meta: Metadata) -> None:
        super().__init__(
            output,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            # ReportLab takes a string as well as a list; types-reportlab says only a list
            keywords=meta.keywords,  # type: ignore[arg-type]
            creator="ctdppeia",
            lang="en-US",
            displayDocTitle=True,
        )
        self.info = info
        frame = Frame(MARGIN, MARGIN, self.width, self.height, id="body", showBoundary=0)
        template = PageTemplate("page", [frame], onPage=self._decorate, onPageEnd=self._finish)
        self.addPageTemplates([template])

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "outline_entry", None)
        if entry is not None:
            title, level, key = entry
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)

    def _finish(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Draw the DRAFT watermark last, see-through, so table shading cannot hide it."""
        if self.info.draft:
            _watermark(canv)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        _header(canv, self.info)
        _footer(canv, self.info, canv.getPageNumber())
        if canv.getPageNumber() == 1:
            canv.showOutline()
        canv.restoreState()


def heading(
    text: str, style: Any, key: str, level: int = 0, outline: str | None = None
) -> Paragraph:
    """A heading Paragraph (``text`` is markup) that adds an outline entry where it lands."""
    para = Paragraph(text, style)
    # read back when the heading lands (afterFlowable), as ReportLab's own examples do
    para.outline_entry = (outline or para.getPlainText(), level, key)  # type: ignore[attr-defined]
    return para


def _header(canv: Canvas, info: PageInfo) -> None:
    width, height = PAGE_SIZE
    y = height - MARGIN + 18
    canv.setFont(BOLD, 8)
    canv.setFillColor(MUTED)
    canv.drawString(MARGIN, y, APP_NAME)
    right = info.subject_title
    if info.draft:
        canv.setFillColor(colors.HexColor("#a00000"))
        canv.drawCentredString(width / 2, y, "DRAFT — not signed")
        canv.setFillColor(MUTED)
    canv.setFont(REGULAR, 8)
    available = width / 2 - MARGIN - (60 if info.draft else 0)
    canv.drawRightString(width - MARGIN, y, _fit(right, REGULAR, 8, available))
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN, y - 5, width - MARGIN, y - 5)


def _footer(canv: Canvas, info: PageInfo, number: int) -> None:
    width, _ = PAGE_SIZE
    y = MARGIN - 28
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN, y + 11, width - MARGIN, y + 11)
    canv.setFont(REGULAR, 7.5)
    canv.setFillColor(MUTED)
    label = f"Page {number} of "
    canv.drawString(MARGIN, y, label)
    canv.saveState()
    canv.translate(MARGIN + stringWidth(label, REGULAR, 7.5), y)
    canv.doForm(PAGE_COUNT_FORM)
    canv.restoreState()
    canv.drawRightString(width - MARGIN, y, f"Record digest sha256 {info.digest[:16]}…")


def _watermark(canv: Canvas) -> None:
    width, height = PAGE_SIZE
    canv.saveState()
    canv.setFillColor(colors.HexColor("#b0b0b0"))
    canv.setFillAlpha(0.22)
    canv.translate(width / 2, height / 2)
    canv.rotate(45)
    canv.setFont(BOLD, 120)
    canv.drawCentredString(0, -40, "DRAFT")
    canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
