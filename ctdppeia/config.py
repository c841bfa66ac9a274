"""Configuration: the defaults, where the instance folder is, and the checks made at start-up.

Settings are read in this order, each overriding the one before:

1. ``DefaultConfig`` below;
2. ``config.py`` in the instance folder (Python, never in the repository);
3. environment variables ``CTDPPEIA_<SETTING>`` (values that parse as JSON are read as JSON,
   so ``true`` is a boolean and ``10`` a number), and ``RATELIMIT_STORAGE_URI`` as it is.

The instance folder is ``CTDPPEIA_INSTANCE_PATH`` when that is set, else ``instance/`` beside the
``ctdppeia`` package. It holds the SQLite database, ``config.py`` and, in development, the keys
made on first use.

The application runs in production mode unless ``ENV`` is ``development`` or ``TESTING`` is
true. In production it refuses to start without the settings every host of a deployment must
share (``PRODUCTION_REQUIRED``): a key made on first use on each host would split it.
"""

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH_VARIABLE = "CTDPPEIA_INSTANCE_PATH"
DEVELOPMENT = "development"
PRODUCTION = "production"

# Setting -> why every host of a production deployment must be given it explicitly.
PRODUCTION_REQUIRED: dict[str, str] = {
    "SECRET_KEY": "signs sessions and form tokens; every host must use the same one",
    "SIGNING_CA_PKCS12": (
        "the signing authority (PKCS#12) that issues every signer's certificate on every host"
    ),
    "SIGNING_CA_PASSPHRASE": "the passphrase of that signing authority",
    "SIGNING_PASSPHRASE": "encrypts each signer's key at rest; every host must use the same one",
    "PUBLIC_BASE_URL": (
        "the site's address as people reach it, like https://reviews.ct.gov: every link in an "
        "email or a PDF starts with it, and the site answers only to its host name"
    ),
}
# The address `make run` serves on: the start of links in emails and PDFs on a development
# machine, unless PUBLIC_BASE_URL says otherwise.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


class ConfigurationError(RuntimeError):
    """The settings do not allow the application to start; the message says what to set."""


class DefaultConfig:
    """Settings every deployment starts from."""

    # production (the default) or development; TESTING also counts as development.
    ENV = PRODUCTION

    # In development only: made on first use in <instance>/secret_key when not configured.
    SECRET_KEY: str | None = None
    # Filled in by the factory: sqlite:///<instance>/ctdppeia.sqlite3 unless DATABASE_URL is set.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # True when DATABASE_URL names a pooler in transaction mode (PgBouncer's pool_mode =
    # transaction): each transaction may run on another server connection, so psycopg must
    # never prepare statements (prepare_threshold None). docs/deployment.md, "PgBouncer".
    DATABASE_TRANSACTION_POOLING = False

    # Logs: JSON lines on standard output (ctdppeia/logs.py), at this level and above.
    LOG_LEVEL = "INFO"
    # Who may read /metrics (Prometheus): addresses or networks, e.g. ["10.0.0.5", "10.1.0.0/16"]
    # or "10.0.0.5, 10.1.0.0/16" from the environment. Anyone else gets 404. Empty: nobody.
    METRICS_ALLOWED_ADDRESSES: tuple[str, ...] | list[str] | str = ()

    # Behind a reverse proxy: how many proxies set each X-Forwarded-* header (0: trust none).
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PORT = 0
    PROXY_FIX_X_PREFIX = 0

    # Sign-in and sessions.
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12  # a session ends this long after sign-in, however active
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # None: True in production (HTTPS only; the cookie is then named __Host-ctdppeia, which
    # browsers keep to this exact host), False in development. Set False only for plain HTTP.
    SESSION_COOKIE_SECURE: bool | None = None
    # Administrators must turn on two-step sign-in (one-time codes) and pass it before any
    # page but its set-up. None: True, except on a development machine (ENV development and
    # not TESTING), where the demo administrator signs in with the password alone.
    ADMIN_MFA_REQUIRED: bool | None = None
    LOGIN_FAILURE_LIMIT = "5 per minute;20 per hour"  # failed sign-ins from one address
    ACCOUNT_FAILURE_LIMIT = "10 per 15 minutes;30 per day"  # failed sign-ins to one account
    # "Forgot your password?": how long its emailed link works, and how often it may be asked
    # for (per address of the asker, and per email address typed).
    PASSWORD_RESET_MINUTES = 60
    PASSWORD_RESET_LIMIT = "5 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # When the store above (Redis) does not answer, each worker counts in its own memory until
    # it answers again, and a request never fails because of it (docs/security.md, "Third
    # security test, fault 12"); /readyz says not ready meanwhile.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # How long to wait for Redis before counting in memory instead.
    RATELIMIT_REDIS_TIMEOUT_SECONDS = 2

    # The job worker (ctdppeia/jobs; `flask --app ctdppeia jobs work`): signing a review's PDF,
    # sending email, the scheduled work. JOBS_REDIS_URL: the Redis its queues live in; None:
    # RATELIMIT_STORAGE_URI when that names a Redis. JOBS_RUN_INLINE: every job runs at once in
    # the process that asks for it (the test suite; a development machine without Redis);
    # None: True exactly when no Redis is configured. Every host and the worker share one Redis.
    JOBS_REDIS_URL: str | None = None
    JOBS_RUN_INLINE: bool | None = None
    # The "Signing..." page reloads itself this often until the signed PDF is stored.
    JOBS_SIGNING_REFRESH_SECONDS = 2
    # An email the mail server did not take is tried again by the outbox sweep (`flask jobs
    # enqueue outbox-sweep`, on a schedule), at most this many times in all.
    JOBS_EMAIL_MAX_ATTEMPTS = 10

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024

    # Content.
    QUESTIONNAIRE_DIR = str(PROJECT_ROOT / "questionnaires")
    REQUESTS_PER_PAGE = 25
    AI_USE_CASES_PER_PAGE = 25
    INVENTORY_PER_PAGE = 25
    # Requests to /api/v1 from one address (Flask-Limiter's notation; counted in the store of
    # RATELIMIT_STORAGE_URI). Past it the API answers 429 with Retry-After.
    API_RATE_LIMIT = "120 per minute"

    # Signed PDFs.
    SIGNING_ORGANISATION = "State of Connecticut"
    # The signing authority that issues each signer's certificate (required in production).
    # Default on a development machine: the app's own CA, made on first use in the database.
    SIGNING_CA_PKCS12: str | None = None  # path of the agency CA's PKCS#12 file
    SIGNING_CA_PASSPHRASE: str | None = None  # its passphrase
    # Encrypts the app's CA and every signer's key at rest, in the database (required in
    # production; on a development machine, derived from SECRET_KEY unless an earlier version
    # left <instance>/signing.pass).
    SIGNING_PASSPHRASE: str | None = None
    SIGNING_TIMEOUT_SECONDS = 60  # building and signing a PDF is stopped after this
    # A folder for what the app may rebuild at any time (the signature stamp's font), outside
    # the instance folder, which nothing writes to while the app runs. None: kept in memory.
    CACHE_DIR: str | None = None
    # e.g. "https://reviews.ct.gov": the start of every link in an email or a PDF (never the
    # Host header of a request). Required in production; DEVELOPMENT_BASE_URL elsewhere.
    PUBLIC_BASE_URL: str | None = None
    # The host names requests may name in their Host header (Flask; others get 400). None: in
    # production, the host name of PUBLIC_BASE_URL; in development, any.
    TRUSTED_HOSTS: list[str] | None = None
    PDF_UPLOAD_LIMIT = 10 * 1024 * 1024
    # Checking an uploaded PDF (/verify and `flask verify-pdf`; docs/security.md, "Third
    # security test, fault 1"). A file with more form fields (in any one revision, however
    # nested) or more revisions than this is not checked; a review PDF has 2 and 4.
    VERIFY_MAX_FIELDS = 10
    VERIFY_MAX_REVISIONS = 10
    # The check runs in a child process, stopped past this CPU time, this much memory beyond
    # the worker's own, or this long: the file then "could not be checked".
    VERIFY_CPU_SECONDS = 10
    VERIFY_MEMORY_MB = 256
    VERIFY_TIMEOUT_SECONDS = 20
    # Checks at once: in each worker, and across every worker of every host (counted in the
    # Redis of RATELIMIT_STORAGE_URI; without it, or while it does not answer, only the limit
    # per worker holds). Past either, the page answers 429, "try again in a minute".
    VERIFY_CHECKS_PER_WORKER = 2
    VERIFY_CHECKS_AT_ONCE = 4

    # Backups (`export`, `import`; docs/backups.md). ARCHIVE_KEY authenticates every archive
    # (an HMAC-SHA256 over its manifest): at least 32 random characters, the same on every host
    # that exports or imports, kept apart from the archives. Required in production for both
    # commands; in development, when unset, derived from SECRET_KEY.
    ARCHIVE_KEY: str | None = None
    # What `import` reads at most: the manifest, each table file (uncompressed), each line of
    # one (a row: the largest holds a signed PDF in base64), and how deeply JSON may nest.
    ARCHIVE_MAX_MANIFEST_BYTES = 1024 * 1024
    ARCHIVE_MAX_MEMBER_BYTES = 8 * 1024**3
    ARCHIVE_MAX_LINE_BYTES = 64 * 1024 * 1024
    ARCHIVE_MAX_JSON_DEPTH = 64

    # For the test suite only: passwords hashed with one round of PBKDF2 instead of scrypt, so
    # that making accounts and signing in cost next to nothing. The application refuses to
    # start with it unless TESTING is on (check_production).
    FAST_PASSWORD_HASH_FOR_TESTS = False

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

    # Audit chain anchors (`flask audit anchor`, docs/security.md): the folder the signed
    # statements are written to (default <instance>/audit-anchors; better, storage the
    # database's administrators cannot write), the addresses they are also emailed to (a list,
    # or addresses separated by commas), and the HMAC key (default: derived from SECRET_KEY;
    # set it to keep old statements checkable after SECRET_KEY changes).
    AUDIT_ANCHOR_DIR: str | None = None
    AUDIT_ANCHOR_EMAILS: list[str] | str | None = None
    AUDIT_ANCHOR_KEY: str | None = None

    # Signing in with the state's directory (OpenID Connect; docs/single-sign-on.md). Off while
    # OIDC_ISSUER is None. DIRECTORY_GROUPS maps a directory group to what it gives, e.g.
    # {"CT-DSS-Data-Reviewers": {"role": "reviewer", "agency": "DSS"}} (also "ai_chair" and
    # "high_risk_subcommittee", true or false); a person whose groups give no role, or more than
    # one, is refused. An administrator signing in this way must carry DIRECTORY_MFA_CLAIM with
    # one of DIRECTORY_MFA_VALUES (e.g. "amr" holding "mfa", or "acr"). DIRECTORY_RECHECK_SECONDS:
    # how often the provider is asked again whether a signed-in person still belongs.
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_SCOPES = "openid email profile"
    OIDC_GROUPS_CLAIM = "groups"
    OIDC_TIMEOUT_SECONDS = 10
    DIRECTORY_GROUPS: dict[str, dict[str, object]] = {}
    DIRECTORY_MFA_CLAIM = "amr"
    DIRECTORY_MFA_VALUES: tuple[str, ...] = ("mfa",)
    DIRECTORY_RECHECK_SECONDS = 300
    # SAML 2.0 instead (docs/single-sign-on.md): off while SAML_IDP_METADATA_FILE is None. This
    # service's key and certificate sign its requests; the attributes that carry the email,
    # name and groups; the AuthnContextClassRef values that prove a second step; how long a
    # SAML sign-in lasts before the identity provider is asked again (a sign-in it does not
    # repeat, for a person it removed, ends access then).
    SAML_IDP_METADATA_FILE: str | None = None
    SAML_SP_KEY_FILE: str | None = None
    SAML_SP_CERT_FILE: str | None = None
    SAML_SP_ENTITY_ID: str | None = None  # default: PUBLIC_BASE_URL + /saml/metadata
    SAML_XMLSEC_BINARY: str | None = None  # default: xmlsec1 on the PATH
    SAML_EMAIL_ATTRIBUTE = "email"
    SAML_NAME_ATTRIBUTE = "name"
    SAML_GROUPS_ATTRIBUTE = "groups"
    SAML_MFA_CONTEXTS: tuple[str, ...] = (
        "http://schemas.microsoft.com/claims/multipleauthn",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken",
    )
    SAML_CLOCK_SKEW_SECONDS = 60
    SAML_RECHECK_SECONDS = 3600
    # Roles whose accounts may not use a local password (staff, once the directory is in
    # use), and the break-glass administrators who keep theirs whatever the role's setting.
    DIRECTORY_ONLY_ROLES: tuple[str, ...] = ()
    BREAK_GLASS_EMAILS: tuple[str, ...] = ()

    # Disparate-impact checks.
    MIN_CELL_SIZE = 11

    # The Resident Advisory Board: the shortest comment period, in working days (Mon-Fri);
    # the longest, in days from the open date to the close date; how far ahead it may open.
    BOARD_MIN_WORKING_DAYS = 10
    BOARD_MAX_PERIOD_DAYS = 90
    BOARD_MAX_DAYS_BEFORE_OPENING = 180
    # Board comments and replies: how many one member may post in an hour (all projects) and
    # on one project in all; how many one project takes in an hour and in all.
    BOARD_MEMBER_COMMENTS_PER_HOUR = 10
    BOARD_MEMBER_COMMENTS_PER_PROJECT = 50
    BOARD_PROJECT_COMMENTS_PER_HOUR = 60
    BOARD_PROJECT_COMMENTS_MAX = 500
    # The staff's "Answer the board" page: comments a page.
    BOARD_ANSWERS_PER_PAGE = 25
    # How many days the agency has to answer a board comment; past it the comment is overdue
    # (shown on the review, to the agency's approvers, and on the public "you said, we did").
    BOARD_ANSWER_TARGET_DAYS = 14
    # The AI advisory group. AI_QUORUM: how many members must vote (abstaining counts) before a
    # chair may decide; None means a majority of the active AI reviewers without a conflict,
    # and at least 2. The approval period, in years by tier, sets the next review date; a
    # decided use case is due for re-assessment this many days before that date.
    AI_QUORUM: int | None = None
    AI_REVIEW_YEARS_HIGH = 1
    AI_REVIEW_YEARS_MEDIUM = 2
    AI_REVIEW_YEARS_LOW = 3
    AI_REASSESSMENT_NOTICE_DAYS = 60
    # "Waiting for you" on the home pages: a step someone must take (approve a review, vote
    # on an AI case, answer a review sent back) shows as overdue once it has waited this many
    # days. A feature whose items carry their own due date (a re-assessment) uses that date.
    WAITING_OVERDUE_DAYS = 10
    # A condition of a decision is due no later than this many years after the decision.
    AI_CONDITION_MAX_YEARS = 5


def instance_folder() -> Path:
    """``CTDPPEIA_INSTANCE_PATH`` when set, else ``instance/`` beside the package (absolute)."""
    configured = os.environ.get(INSTANCE_PATH_VARIABLE)
    return Path(configured or PROJECT_ROOT / "instance").resolve()


def is_development(config: Mapping[str, Any]) -> bool:
    return bool(config.get("TESTING")) or config.get("ENV") == DEVELOPMENT


def secure_cookie_settings(config: dict[str, Any]) -> None:
    """Fill in SESSION_COOKIE_SECURE (True in production unless set) and, for a secure
    cookie, the __Host- name that forbids a Domain attribute and any path but /."""
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = not is_development(config)
    if config["SESSION_COOKIE_SECURE"] and config.get("SESSION_COOKIE_NAME") == "session":
        config["SESSION_COOKIE_NAME"] = "__Host-ctdppeia"


def admin_mfa_setting(config: dict[str, Any]) -> None:
    """Fill in ADMIN_MFA_REQUIRED: on everywhere but a development machine, unless set."""
    if config.get("ADMIN_MFA_REQUIRED") is None:
        on_development_machine = config.get("ENV") == DEVELOPMENT and not config.get("TESTING")
        config["ADMIN_MFA_REQUIRED"] = not on_development_machine


def public_address_settings(config: dict[str, Any]) -> None:
    """Fill in PUBLIC_BASE_URL (DEVELOPMENT_BASE_URL in development, when unset) and check it;
    fill in TRUSTED_HOSTS (in production, the host name of PUBLIC_BASE_URL, when unset)."""
    if not config.get("PUBLIC_BASE_URL") and is_development(config):
        config["PUBLIC_BASE_URL"] = DEVELOPMENT_BASE_URL
    base = str(config.get("PUBLIC_BASE_URL") or "")
    parts = urlsplit(base)
    unusable = parts.query or parts.fragment or parts.username
    if parts.scheme not in ("http", "https") or not parts.hostname or unusable:
        raise ConfigurationError(
            f"PUBLIC_BASE_URL is {base!r}: set CTDPPEIA_PUBLIC_BASE_URL to the site's address "
            "as people reach it, like https://reviews.ct.gov (http or https, a host name, and "
            "a path only if the site is served under one)"
        )
    hosts = config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):  # "a.example, b.example" from the environment
        hosts = [host for host in re.split(r"[\s,]+", hosts) if host]
    if hosts is None and not is_development(config):
        hosts = [parts.hostname]
    config["TRUSTED_HOSTS"] = hosts


def rate_limit_settings(config: dict[str, Any]) -> None:
    """A Redis store gets time limits, so that one that does not answer costs a request at
    most RATELIMIT_REDIS_TIMEOUT_SECONDS before the limits are counted in memory."""
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis://", "rediss://")):
        seconds = float(config["RATELIMIT_REDIS_TIMEOUT_SECONDS"])
        timeouts = {"socket_connect_timeout": seconds, "socket_timeout": seconds}
        config["RATELIMIT_STORAGE_OPTIONS"] = timeouts | config.get("RATELIMIT_STORAGE_OPTIONS", {})


def job_settings(config: dict[str, Any]) -> None:
    """Fill in JOBS_REDIS_URL (the rate-limit store's Redis, when unset) and JOBS_RUN_INLINE
    (on exactly when there is no Redis to queue jobs in, when unset)."""
    if not config.get("JOBS_REDIS_URL"):
        store = str(config.get("RATELIMIT_STORAGE_URI") or "")
        config["JOBS_REDIS_URL"] = store if store.startswith(("redis://", "rediss://")) else None
    if config.get("JOBS_RUN_INLINE") is None:
        config["JOBS_RUN_INLINE"] = not config["JOBS_REDIS_URL"]


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse to start a production deployment that lacks a setting every host must share."""
    if config.get("ENV") not in (DEVELOPMENT, PRODUCTION):
        raise ConfigurationError(
            f"ENV is {config.get('ENV')!r}: set CTDPPEIA_ENV to 'production' or 'development'"
        )
    if config.get("FAST_PASSWORD_HASH_FOR_TESTS") and not config.get("TESTING"):
        raise ConfigurationError(
            "FAST_PASSWORD_HASH_FOR_TESTS is on: it stores passwords almost unprotected and is "
            "for the test suite only. Remove it from the settings."
        )
    if is_development(config):
        return
    missing = [name for name in PRODUCTION_REQUIRED if not config.get(name)]
    if missing:
        reasons = "; ".join(f"{name}: {PRODUCTION_REQUIRED[name]}" for name in missing)
        raise ConfigurationError(
            f"Refusing to start in production without {', '.join(missing)}. Set "
            f"{', '.join('CTDPPEIA_' + name for name in missing)} in the environment or in the "
            f"instance folder's config.py ({reasons}). On a development machine set "
            "CTDPPEIA_ENV=development instead."
        )
    key_file = Path(str(config["SIGNING_CA_PKCS12"]))
    if not key_file.is_file():
        raise ConfigurationError(
            f"SIGNING_CA_PKCS12 names {key_file}, which is not a file on this host: copy the "
            "deployment's signing authority there (every host must issue from the same one)"
        )
