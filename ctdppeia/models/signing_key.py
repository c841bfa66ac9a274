"""Signing keys kept in the database, so every host signs with the same ones.

A row holds one encrypted PKCS#12 file (a key and its certificate, encrypted with the signing
passphrase): the installation's own signing authority (``name`` = ``authority``) or one
signer's key and certificate (``name`` = ``user-<id>-<identity>``, where the identity is a
hash of the authority and of what the certificate names). The unique ``name`` makes issuing
safe on several hosts at once: the first row written wins and every host uses it.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ctdppeia.extensions import Model
from ctdppeia.models.timestamps import UTCDateTime, utcnow

AUTHORITY_NAME = "authority"


class SigningKey(Model):
    """One encrypted key and certificate: the app's own authority, or one signer's."""

    __tablename__ = "signing_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The signer the certificate names (None for the authority).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    # The certificate's serial number in hexadecimal, as the audit log records it.
    serial: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
