"""Reading PDFs with Poppler, and the marks that skip a test where a Poppler tool is missing."""

import re
import shutil
import subprocess

import pytest

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs pdfsig")
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")


def pdf_text(data: bytes, first: int | None = None, last: int | None = None) -> str:
    """Text of a PDF (or some of its pages) via pdftotext, whitespace collapsed to one space."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last or first)]
    result = subprocess.run([*args, "-", "-"], input=data, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))
