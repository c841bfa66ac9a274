"""Default configuration. instance/config.py and CTDPPEIA_* environment variables override it."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DefaultConfig:
    """Settings every deployment starts from."""

    # Filled in by the factory from instance/ when not configured.
    SECRET_KEY: str | None = None
    # Filled in by the factory: sqlite:///<instance>/ctdppeia.sqlite3 unless DATABASE_URL is set.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Sign-in and sessions.
    SESSION_IDLE_MINUTES = 30
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS
    LOGIN_FAILURE_LIMIT = "5 per minute;20 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024

    # Content.
    QUESTIONNAIRE_DIR = str(PROJECT_ROOT / "questionnaires")
    REQUESTS_PER_PAGE = 25

    # Signed PDFs.
    SIGNING_ORGANISATION = "State of Connecticut"
    # The signing authority that issues each signer's certificate. Default: the app's own CA,
    # made on first use in <instance>/signing-authority.p12. An agency CA instead:
    SIGNING_CA_PKCS12: str | None = None  # path of the agency CA's PKCS#12 file
    SIGNING_CA_PASSPHRASE: str | None = None  # its passphrase
    # Encrypts the app's CA and every signer's key at rest (default: generated into
    # <instance>/signing.pass).
    SIGNING_PASSPHRASE: str | None = None
    SIGNING_TIMEOUT_SECONDS = 60  # building and signing a PDF is stopped after this
    PUBLIC_BASE_URL: str | None = None  # e.g. "https://reviews.ct.gov"; printed in PDFs
    PDF_UPLOAD_LIMIT = 10 * 1024 * 1024

    # Disparate-impact checks.
    MIN_CELL_SIZE = 11
