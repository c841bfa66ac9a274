"""The sign-off page: one empty box per signer, whose position is recorded for pyHanko."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from .cover import accessible_version
from .fonts import ITALIC
from .markup import plain
from .page import heading
from .styles import MUTED, RULE, styles

BOX_WIDTH = 3.6 * inch
BOX_HEIGHT = 1.05 * inch

INTRO = (
    "Each person below signs in their box with a digital signature. A digital signature is "
    "not a picture of a handwritten signature: it is a code that only the signer's key can "
    "make, and it covers the whole file. The reviewer signs first; the approver signs after. "
    "PDF readers show who signed and when, and warn if the file was changed after signing."
)


CHAIN_HEAD = (
    "Audit log chain head: event {0}, SHA-256 {1}. This is the last entry of the "
    "application's audit log when the file was signed; any later change to the entries "
    "before it can be detected against this value."
)


@dataclass(frozen=True)
class SignatureBox:
    """Where a signature box landed: zero-based page index and (x1, y1, x2, y2) in points."""

    page: int
    rect: tuple[float, float, float, float]


def field_name(role: str) -> str:
    """The signature field for a role: ``"Reviewer"`` -> ``"ReviewerSig"``."""
    letters = re.sub(r"[^0-9A-Za-z]+", " ", role).title().replace(" ", "")
    return f"{letters or 'Signer'}Sig"


class SigBox(Flowable):
    """An empty ruled box; when drawn it records its page and rectangle in ``registry``."""

    def __init__(self, name: str, registry: dict[str, SignatureBox], draft: bool) -> None:
        super().__init__()
        self.name = name
        self.registry = registry
        self.draft = draft
        self.width = BOX_WIDTH
        self.height = BOX_HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.8)
        canv.rect(0, 0, self.width, self.height)
        if self.draft:
            canv.setFont(ITALIC, 9)
            canv.setFillColor(MUTED)
            canv.drawCentredString(self.width / 2, self.height / 2 - 3, "Draft: not for signing")
        canv.restoreState()
        x, y = canv.absolutePosition(0, 0)
        rect = (round(x, 2), round(y, 2), round(x + self.width, 2), round(y + self.height, 2))
        self.registry[self.name] = SignatureBox(canv.getPageNumber() - 1, rect)


def signoff(
    snapshot: Mapping[str, Any],
    registry: dict[str, SignatureBox],
    draft: bool,
    record_url: str | None = None,
    chain_head: tuple[int, str] | None = None,
) -> list[Flowable]:
    """The sign-off page, starting on a new page; `chain_head` is (event number, hash)."""

    s = styles()
    story: list[Flowable] = [
        PageBreak(),
        heading("Sign-off", s.h1, "signoff", outline="Sign-off"),
        Paragraph(INTRO, s.body),
        Spacer(1, 14),
    ]
    if record_url and not draft:
        story += [Paragraph(accessible_version(record_url), s.muted), Spacer(1, 10)]
    for signer in snapshot["signers"]:
        story.append(KeepTogether(_signer_block(signer, registry, draft)))
    if chain_head is not None:
        story.append(Paragraph(CHAIN_HEAD.format(*chain_head), s.body))
    return story


def _signer_block(
    signer: Mapping[str, Any], registry: dict[str, SignatureBox], draft: bool
) -> list[Flowable]:
    s = styles()
    agency = f", {plain(signer['agency'])}" if signer.get("agency") else ""
    return [
        Paragraph(f"{plain(signer['role'])}: {plain(signer['name'])}{agency}", s.prompt),
        Spacer(1, 4),
        SigBox(field_name(signer["role"]), registry, draft),
        Spacer(1, 18),
    ]
