"""SAML 2.0 sign-in's server-side memory: the authentication requests sent and not yet
answered (a browser coming back from the identity provider by a cross-site POST brings no
session cookie), and the assertions already used (each is accepted once, on every host)."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ctdppeia.extensions import Model
from ctdppeia.models.timestamps import UTCDateTime


class SamlRequest(Model):
    __tablename__ = "saml_request"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # the request's ID
    next_path: Mapped[str] = mapped_column(String(2000))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SamlAssertionUsed(Model):
    __tablename__ = "saml_assertion_used"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # the assertion's ID
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
