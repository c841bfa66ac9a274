"""Browser tests: Debian's Chromium, driven by Playwright, against the app served on 127.0.0.1.

Every test here is skipped, with the reason shown, when Chromium is not installed
(`apt-get install chromium`; Playwright's own browser download is never used). Mark each test
module with ``pytestmark = pytest.mark.e2e`` (this folder's tests get the mark anyway), so
``pytest -m "not e2e"`` leaves them out.

Fixtures
--------
``live_server`` (session)
    The application served by gunicorn in a subprocess on a free port of 127.0.0.1, exactly as in
    production: CSRF on, a fresh SQLite database in a temporary instance folder, its own secret
    key. ``live_server.url`` is the base URL (no trailing slash); ``live_server.log`` is the
    server's log file, printed when the server fails to start.
``live_app`` (session)
    A Flask app in this process bound to the same database, for arranging data with the services:
    ``with live_app.app_context(): ...``. Commit what you add, so the server sees it.
``make_live_user`` (function)
    ``make_live_user(Role.REVIEWER, agency="DSS", name=..., high_risk_subcommittee=...)``
    creates an account with a unique email and returns a ``LiveUser`` (id, email, name, role,
    agency, password) to sign in with.
``browser`` (session)
    A headless Chromium (``/usr/bin/chromium``, or ``chromium`` on PATH), launched once for the
    run. Playwright's sync API keeps an asyncio event loop running while it is open, which
    breaks ``asyncio.run`` (used by the PDF signing) in the test process: so this folder's tests
    run in a pytest run of their own (``-m e2e``), and sign PDFs only in the served app.
``page`` (function)
    A new tab in a fresh browser context (no cookies), whose relative URLs go to the live server:
    ``page.goto("/login")``. Waits time out after 10 seconds.
``sign_in`` (function fixture returning a helper)
    ``sign_in(page, user)`` signs in through the form and waits for the home page.
``axe_check`` (function fixture returning a helper; also importable from this module)
    ``axe_check(page, "what the page is")`` runs axe-core on the page as it is now and fails the
    test, listing each rule, its impact, help text and the offending elements, when there is any
    serious or critical violation. Call it on every page a test visits.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
from flask import Flask

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import Role

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
E2E_PASSWORD = "browser tests password"
BLOCKING_IMPACTS = ("serious", "critical")


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


NO_CHROMIUM = "Chromium not found: skipping browser tests (apt-get install chromium)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark this folder's tests e2e and run them last; skip them all when there is no Chromium.

    Last, so that the server and browser they start are never around while other tests run.
    """
    skip = pytest.mark.skip(reason=NO_CHROMIUM) if chromium_path() is None else None
    browser_tests = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
        if skip is not None:
            item.add_marker(skip)
    chosen = set(browser_tests)
    items[:] = [item for item in items if item not in chosen] + browser_tests


# The server ---------------------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    instance_path: Path
    database_url: str
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(instance: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTDPPEIA_")}
    env.pop("RATELIMIT_STORAGE_URI", None)
    env.update(
        {
            "CTDPPEIA_ENV": "development",
            "CTDPPEIA_INSTANCE_PATH": str(instance),
            "CTDPPEIA_DATABASE_URL": database_url,
            "CTDPPEIA_SECRET_KEY": f"e2e-{uuid.uuid4().hex}",
            "CTDPPEIA_LOGIN_FAILURE_LIMIT": "100 per minute",
            "CTDPPEIA_SIGNING_PASSPHRASE": "e2e-signing-passphrase",
        }
    )
    return env


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90  # a busy machine can take a while
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not start on {url}; its log:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes], log_file: IO[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log_file.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("e2e-instance")
    app = create_app(
        {
            "ENV": "development",
            "SECRET_KEY": "e2e-arranging-data",
            "DATABASE_URL": f"sqlite:///{instance / 'e2e.sqlite3'}",
            "SIGNING_PASSPHRASE": "e2e-signing-passphrase",
        }
    )
    app.instance_path = str(instance)
    with app.app_context():
        db.create_all()
        accounts.seed_agencies()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[LiveServer]:
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    instance = Path(live_app.instance_path)
    database_url = str(live_app.config["DATABASE_URL"])
    url = f"http://127.0.0.1:{_free_port()}"
    log = instance / "server.log"
    log_file = log.open("wb")
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", url.removeprefix("http://")]
    # One worker for the whole session: not replaced after max_requests, which would pause the
    # site while a new one loads.
    command += ["--workers", "1", "--threads", "4", "--max-requests", "0", "ctdppeia:create_app()"]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=_server_env(instance, database_url),
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(url, process, log)
        yield LiveServer(url, instance, database_url, log)
    finally:
        _stop(process, log_file)


# Accounts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveUser:
    id: int
    email: str
    name: str
    role: Role
    agency: str
    password: str = E2E_PASSWORD


@pytest.fixture
def make_live_user(live_app: Flask) -> Callable[..., LiveUser]:
    def make(
        role: Role = Role.REVIEWER, agency: str = "DSS", name: str | None = None, **extra: Any
    ) -> LiveUser:
        token = uuid.uuid4().hex[:8]
        name = name or f"{role.value.replace('_', ' ').title()} {token}"
        with live_app.app_context():
            user = accounts.create_user(
                None,
                email=f"{role.value}-{token}@e2e.ct.gov",
                name=name,
                role=role,
                agency=accounts.agency_by_code(agency),
                password=E2E_PASSWORD,
                **extra,
            )
            return LiveUser(user.id, user.email, user.name, role, agency)

    return make


# The browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run; each test gets a context (cookies, storage) of its
    own from ``page`` or ``browser_tab``."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Any, user: LiveUser) -> None:
    """Sign in through the form and wait for the home page."""
    page.goto("/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


@pytest.fixture(name="sign_in")
def sign_in_fixture() -> Callable[[Any, LiveUser], None]:
    return sign_in


# Accessibility ------------------------------------------------------------------------------


def axe_check(page: Any, label: str = "") -> None:
    """Fail on any serious or critical axe-core violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(_describe(blocking, label or page.url), pytrace=False)


def _describe(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"{len(violations)} serious or critical accessibility problem(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture(name="axe_check")
def axe_check_fixture() -> Callable[..., None]:
    return axe_check


def set_aside_open_items(
    page: Any, reason: str = "Closed before release, in the agreement."
) -> int:
    """On the last confirmation step, give a reason for every item to close before approval
    still open (as an approver must); the number of items."""
    boxes = page.locator("textarea[name^='set-aside-']").all()
    for box in boxes:
        box.fill(reason)
    return len(boxes)


WIDTHS = (1280, 390)  # desktop, phone


def axe_at_widths(page: Any, label: str) -> None:
    """axe on the page as it is now at desktop and at phone width (back to desktop after), with
    no sideways scrolling on the phone. With E2E_SCREENSHOTS set to a folder, a full-page
    screenshot at each width is saved there, for a person to look at."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        axe_check(page, f"{label} at {width} px")
        if width < 400:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{label} scrolls sideways at {width} px ({scroll} px wide)"
        if folder:
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


@pytest.fixture(name="axe_at_widths")
def axe_at_widths_fixture() -> Callable[..., None]:
    return axe_at_widths
