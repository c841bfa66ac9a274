"""Crafted PDFs that made the check of an uploaded PDF cost minutes (third security test,
fault 1): a signed file and an incremental update adding signature fields that all point at its
first signature, flat, under /Kids, nested deep, in a loop; or many incremental updates.

Each takes a signed PDF and returns the crafted one, kept small (tens of fields)."""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def _writer(data: bytes) -> tuple[IncrementalPdfFileWriter, generic.ArrayObject, object]:
    """A writer for an update, the form's /Fields (marked as changed) and the first signature
    value (a reference to the signed /Sig dictionary)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    form_ref = writer.root.raw_get("/AcroForm")
    fields = writer.root["/AcroForm"]["/Fields"]
    signature = fields[0].raw_get("/V")
    writer.mark_update(
        form_ref if isinstance(form_ref, generic.IndirectObject) else writer.root_ref
    )
    fields_ref = writer.root["/AcroForm"].raw_get("/Fields")
    if isinstance(fields_ref, generic.IndirectObject):
        writer.mark_update(fields_ref)
    return writer, fields, signature


def _field(name: str, signature: object, **more: generic.PdfObject) -> generic.DictionaryObject:
    entries = {
        pdf_name("/FT"): pdf_name("/Sig"),
        pdf_name("/T"): generic.TextStringObject(name),
        pdf_name("/V"): signature,
    }
    return generic.DictionaryObject(entries | {pdf_name(k): v for k, v in more.items()})


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def extra_fields(data: bytes, count: int) -> bytes:
    """``count`` new signature fields in /AcroForm /Fields, each ``/V`` the first signature."""
    writer, fields, signature = _writer(data)
    for number in range(count):
        fields.append(writer.add_object(_field(f"d{number}", signature)))
    return _written(writer)


def fields_under_kids(data: bytes, count: int) -> bytes:
    """One new field whose /Kids are ``count`` signature fields (widgets), each ``/V`` the
    first signature: /Fields itself grows by one entry only."""
    writer, fields, signature = _writer(data)
    parent = writer.add_object(
        generic.DictionaryObject({pdf_name("/T"): generic.TextStringObject("p")})
    )
    kids = generic.ArrayObject()
    for number in range(count):
        kid = _field(f"k{number}", signature, **{"/Parent": parent})
        kid[pdf_name("/Type")] = pdf_name("/Annot")
        kid[pdf_name("/Subtype")] = pdf_name("/Widget")
        kids.append(writer.add_object(kid))
    parent.get_object()[pdf_name("/Kids")] = kids
    fields.append(parent)
    return _written(writer)


def nested_fields(data: bytes, depth: int) -> bytes:
    """A chain of ``depth`` signature fields, each the only kid of the one before."""
    writer, fields, signature = _writer(data)
    top = child = writer.add_object(_field("n0", signature))
    for number in range(1, depth):
        kid = writer.add_object(_field(f"n{number}", signature, **{"/Parent": child}))
        child.get_object()[pdf_name("/Kids")] = generic.ArrayObject([kid])
        child = kid
    fields.append(top)
    return _written(writer)


def kids_loop(data: bytes) -> bytes:
    """A new signature field that is its own kid."""
    writer, fields, signature = _writer(data)
    field = writer.add_object(_field("loop", signature))
    field.get_object()[pdf_name("/Kids")] = generic.ArrayObject([field])
    fields.append(field)
    return _written(writer)


def many_revisions(data: bytes, count: int) -> bytes:
    """``count`` incremental updates, each rewriting the document information."""
    for number in range(count):
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        info_ref = writer.trailer.raw_get("/Info")
        info_ref.get_object()[pdf_name("/Keywords")] = generic.TextStringObject(f"update {number}")
        writer.mark_update(info_ref)
        data = _written(writer)
    return data
