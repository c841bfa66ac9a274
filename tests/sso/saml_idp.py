"""A real SAML 2.0 identity provider for the sign-in tests: pysaml2's own IdP (`saml2.server`),
with its own key and certificate, signing with xmlsec1 like the app checks with it. It reads
the app's authentication requests and writes the responses a state directory would."""

import base64
import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

IDP_ENTITY_ID = "http://idp.test/metadata"
IDP_SSO_URL = "http://idp.test/sso"
IDP_SLO_URL = "http://idp.test/slo"
MFA_CONTEXT = "http://schemas.microsoft.com/claims/multipleauthn"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def xmlsec_ready() -> str | None:
    """Why SAML cannot be tested here, or None."""
    return None if shutil.which("xmlsec1") else "xmlsec1 is not installed (apt-get install xmlsec1)"


def key_and_certificate(folder: Path, name: str) -> tuple[str, str]:
    """A new RSA key and a self-signed certificate for it, as PEM files in `folder`."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


@dataclass
class IdentityProvider:
    folder: Path
    server: Any = None
    metadata_file: str = ""
    base: str = "http://idp.test"  # where its pages are (a real address for a browser)
    settings: dict[str, Any] | None = None

    def start(self, lifetime_minutes: int = 5) -> "IdentityProvider":
        key_file, cert_file = key_and_certificate(self.folder, "idp")
        self.settings = {
            "entityid": IDP_ENTITY_ID,
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": key_file,
            "cert_file": cert_file,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{self.base}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{self.base}/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "policy": {"default": {"lifetime": {"minutes": lifetime_minutes}}},
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
        }
        config = self._load()
        metadata = create_metadata_string(None, config=config, valid=24, sign=False)
        path = self.folder / "idp-metadata.xml"
        path.write_bytes(metadata if isinstance(metadata, bytes) else metadata.encode())
        self.metadata_file = str(path)
        return self

    def _load(self) -> IdPConfig:
        config = IdPConfig()
        config.load(dict(self.settings or {}))
        self.server = Server(config=config)
        return config

    def acs_of(self, authorize_url: str) -> str:
        """Where the app's request in `authorize_url` asks the response to be posted."""
        query = parse_qs(urlsplit(authorize_url).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        return str(request.message.assertion_consumer_service_url)

    def set_lifetime(self, minutes: int) -> None:
        """How long the next assertions are valid (negative: expired when made)."""
        assert self.settings is not None
        self.settings["service"]["idp"]["policy"] = {"default": {"lifetime": {"minutes": minutes}}}
        self._load()

    def trust(self, sp_metadata: str) -> None:
        """Load a service provider's metadata (what the state's administrators would do)."""
        path = self.folder / "sp-metadata.xml"
        path.write_text(sp_metadata)
        assert self.settings is not None
        self.settings["metadata"] = {"local": [str(path)]}
        self._load()

    def respond(
        self,
        authorize_url: str,
        identity: dict[str, list[str]],
        subject: str,
        *,
        context: str = PASSWORD_CONTEXT,
        sign_assertion: bool = True,
        destination: str | None = None,
        audience: str | None = None,
    ) -> str:
        """The base64 SAMLResponse answering the app's request in `authorize_url`."""
        query = parse_qs(urlsplit(authorize_url).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = request.message
        response = self.server.create_authn_response(
            identity,
            in_response_to=message.id,
            destination=destination or message.assertion_consumer_service_url,
            sp_entity_id=audience or message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn={"class_ref": context, "authn_auth": IDP_ENTITY_ID},
            sign_assertion=sign_assertion,
            sign_response=False,
        )
        return base64.b64encode(str(response).encode()).decode()

    def answer_logout(self, logout_url: str) -> tuple[str, str]:
        """Read the app's LogoutRequest (its signature checked against the app's metadata):
        (the NameID it names, the address of the app's page with this IdP's LogoutResponse)."""
        query = parse_qs(urlsplit(logout_url).query)
        request = self.server.parse_logout_request(
            query["SAMLRequest"][0],
            BINDING_HTTP_REDIRECT,
            sigalg=query["SigAlg"][0],
            signature=query["Signature"][0],
        )
        message = request.message
        response = self.server.create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=True)
        sp_slo = self.server.metadata.single_logout_service(
            message.issuer.text, BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT, str(response), sp_slo, response=True, sign=True
        )
        return str(message.name_id.text), str(dict(info["headers"])["Location"])

    def logout_request(self, sp_entity_id: str, subject: str, *, sign: bool = True) -> str:
        """The address of the app's single logout page with this IdP's LogoutRequest."""
        sp_slo = self.server.metadata.single_logout_service(
            sp_entity_id, BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        _id, request = self.server.create_logout_request(
            sp_slo, sp_entity_id, name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject)
        )
        info = self.server.apply_binding(BINDING_HTTP_REDIRECT, str(request), sp_slo, sign=sign)
        return str(dict(info["headers"])["Location"])
