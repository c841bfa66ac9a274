"""Editable copies of a review, as a Word document (DOCX) and an OpenDocument text (ODT).

Both are built from the review's record (the signed snapshot of a locked review, else the
record as it stands now), so they hold what the PDF holds: the questions and answers, the flags
and their responses, and the decision. Neither is signed: each says so in its header and in
its first paragraph, and points to the signed PDF as the record.
"""

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.style import (
    Footer,
    Header,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    Style,
    TextProperties,
)
from odf.text import H, P, Span

from ctdppeia.words import NO_ANSWER, RECOMMENDATION, RESPONSE, SEVERITY, when, word

NOT_THE_RECORD = "Not the signed record"


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "question", "text", "warning"
    text: str
    level: int = 1


def warning(snapshot: dict[str, Any], check_url: str) -> str:
    review = snapshot["review"]
    signed = review["status"] == "locked"
    state = (
        "The signed record is the review's signed PDF, which anyone can check at "
        if signed
        else "This review is not signed yet. Once it is, the signed PDF is the record; check it at "
    )
    return (
        f"{NOT_THE_RECORD}. This is an editable copy of review {review['id']}, made for "
        f"reading and drafting. Changes made here do not change the review. {state}{check_url}."
    )


def blocks(snapshot: dict[str, Any], check_url: str) -> list[Block]:
    """The copy's content in order: the warning, the questions and answers, the flags, the
    decision."""
    questionnaire, subject = snapshot["questionnaire"], snapshot["subject"]
    found = [
        Block("warning", warning(snapshot, check_url)),
        Block("heading", f"{subject['title']}: review {snapshot['review']['id']}", 0),
        Block("text", f"{questionnaire['title']}, version {questionnaire['version']}"),
    ]
    for section in snapshot["sections"]:
        found.append(Block("heading", section["title"], 1))
        for question in section["questions"]:
            if not question["visible"]:
                continue
            found.append(Block("question", question["label"]))
            found.append(Block("text", question["answer"] or NO_ANSWER))
    found += _flags(snapshot["flags"])
    found += _decision(snapshot.get("decision"))
    return found


def _flags(flags: list[dict[str, Any]]) -> list[Block]:
    found = [Block("heading", "Flags", 1)]
    if not flags:
        return [*found, Block("text", "No flags were raised.")]
    for flag in flags:
        found.append(Block("question", f"{flag['title']} ({word(SEVERITY, flag['severity'])})"))
        response = flag["response"]
        if response is None:
            found.append(Block("text", "No response yet."))
        else:
            kind = word(RESPONSE, response["kind"])
            found.append(Block("text", f"{kind}: {response['text']}"))
    return found


def _decision(decision: dict[str, Any] | None) -> list[Block]:
    found = [Block("heading", "Decision", 1)]
    if decision is None:
        return [*found, Block("text", "No recommendation has been submitted yet.")]
    pairs = [
        ("Recommendation", word(RECOMMENDATION, decision["recommendation"])),
        ("Conditions or changes", decision["conditions"] or "None"),
        ("Reasons", decision["rationale"]),
        ("Confirmed", when(decision["confirmed_at"], "Not yet confirmed")),
    ]
    for question, answer in pairs:
        found += [Block("question", question), Block("text", answer)]
    return found


def docx_bytes(content: list[Block]) -> bytes:
    document = Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = f"{NOT_THE_RECORD}: an editable copy"
    for block in content:
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind in ("question", "warning"):
            document.add_paragraph().add_run(block.text).bold = True
        else:
            for line in block.text.split("\n"):
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(content: list[Block]) -> bytes:
    document = OpenDocumentText()
    bold = Style(name="Strong", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.masterstyles.addElement(_master_page(document))
    for block in content:
        document.text.addElement(_odt_block(block, bold))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _master_page(document: OpenDocumentText) -> MasterPage:
    layout = PageLayout(name="CopyPage")
    layout.addElement(PageLayoutProperties(margin="2cm"))
    document.automaticstyles.addElement(layout)
    page = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(text=f"{NOT_THE_RECORD}: an editable copy"))
    page.addElement(header)
    footer = Footer()
    footer.addElement(P(text=NOT_THE_RECORD))
    page.addElement(footer)
    return page


def _odt_block(block: Block, bold: Style) -> Any:
    if block.kind == "heading":
        return H(outlinelevel=block.level + 1, text=block.text)
    paragraph = P()
    if block.kind in ("question", "warning"):
        paragraph.addElement(Span(stylename=bold, text=block.text))
    else:
        teletype.addTextToElement(paragraph, block.text)
    return paragraph
