"""The record digest: SHA-256 of the canonical JSON form of a review snapshot.

The canonical form is JSON with NFC-normalised strings (keys too), sorted keys, no whitespace
between tokens, and UTF-8 without ``\\u`` escapes. Floats are refused, because their text form
is not stable; the snapshot carries non-integer numbers as strings. The schema version
(``snapshot["schema"]``) is part of the hashed data, so a change of form changes the digest.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

DIGEST_RE = re.compile(r"sha256=([0-9a-f]{64})")


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_key(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, float):
        raise TypeError("floats are not allowed in a review record; send the number as a string")
    if value is None or isinstance(value, bool | int):
        return value
    raise TypeError(f"a review record cannot hold a {type(value).__name__}")


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"object keys must be strings, got {type(key).__name__}")
    return unicodedata.normalize("NFC", key)


def canonical_bytes(snapshot: Any) -> bytes:
    """Return the canonical UTF-8 JSON bytes of ``snapshot`` (raises TypeError on floats)."""
    text = json.dumps(
        _normalise(snapshot),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return text.encode("utf-8")


def record_digest(snapshot: Any) -> str:
    """Return the SHA-256 hex digest of :func:`canonical_bytes`."""
    return hashlib.sha256(canonical_bytes(snapshot)).hexdigest()


def find_digest(text: str | None) -> str | None:
    """Return the first ``sha256=<64 hex>`` digest in ``text``, or ``None``."""
    match = DIGEST_RE.search(text or "")
    return match.group(1) if match else None
