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
