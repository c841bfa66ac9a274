"""Ways to change a signed PDF: one byte inside the signed range, or a page added after."""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def flip_digest_digit(data: bytes, digest: str) -> bytes:
    """Change one hex digit of the first `sha256=<digest>` in the file (inside the signed range)."""
    at = data.index(f"sha256={digest}".encode()) + len(b"sha256=")
    replacement = b"0" if data[at : at + 1] != b"0" else b"1"
    return data[:at] + replacement + data[at + 1 :]


def append_page(data: bytes) -> bytes:
    """A well-formed incremental update that adds a page after the signatures."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    content = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td ET"))
    page = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Page"),
            pdf_name("/MediaBox"): generic.ArrayObject(
                generic.NumberObject(n) for n in (0, 0, 612, 792)
            ),
            pdf_name("/Resources"): generic.DictionaryObject(),
            pdf_name("/Contents"): content,
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cut_after_first_signature(data: bytes) -> bytes:
    """The file as it was at the end of the reviewer's revision: later signatures gone."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    first = PdfFileReader(io.BytesIO(data)).embedded_regular_signatures[0]
    byte_range = first.sig_object["/ByteRange"]
    return data[: int(byte_range[2]) + int(byte_range[3])]


def retitle(data: bytes, title: str, other_digest: str) -> bytes:
    """A well-formed incremental update that changes /Info: another /Title, and a /Subject
    that names another review's digest."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    ref = writer.trailer.raw_get("/Info")
    info = ref.get_object()
    info[pdf_name("/Title")] = generic.TextStringObject(title)
    info[pdf_name("/Subject")] = generic.TextStringObject(f"record sha256={other_digest}")
    writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def append_junk(data: bytes) -> bytes:
    """Bytes after the final %%EOF."""
    return data + b"\n% not part of the signed record\njunk junk junk\n"
