"""Warnings from dependencies that the application does not print, each with its reason.

Every entry is as narrow as it can be: one message, one category, from one package. The
test suite turns every other warning into an error (pyproject.toml, ``filterwarnings``), and
keeps the same entries there, so a new warning from a new release is seen at once.
"""

import warnings

from cryptography.utils import CryptographyDeprecationWarning


def silence_known_warnings() -> None:
    """Install the filters (imported with the package, before any dependency is loaded)."""
    # pyHanko (up to 0.38 at least) imports cryptography's DSA key classes to recognize DSA
    # signatures when it checks a PDF; cryptography 51 deprecates DSA and warns on that import.
    # The application never makes or accepts DSA keys (its signatures are ECDSA P-256), so
    # the warning says nothing about it. Remove this when pyHanko stops importing them.
    warnings.filterwarnings(
        "ignore",
        message="DSA is deprecated",
        category=CryptographyDeprecationWarning,
        module=r"pyhanko\.",
    )
