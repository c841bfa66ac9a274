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
    SIGNING_PKCS12: str | None = None  # default: <instance>/signing.p12, made on first use
    SIGNING_PASSPHRASE: str | None = None  # default: generated into <instance>/signing.pass
    PDF_UPLOAD_LIMIT = 10 * 1024 * 1024

    # Reviews: someone who changed a review's answers or flag responses may not approve it.
    SEPARATION_OF_DUTIES = True

    # Languages of the interface: the first is the default.
    LANGUAGES = ("en", "es")

    # Email through SMTP; with no MAIL_SERVER, no email is sent (and no page promises one).
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "CT data and AI reviews <no-reply@localhost>"
    MAIL_TIMEOUT_SECONDS = 10

    # Disparate-impact checks.
    MIN_CELL_SIZE = 11
