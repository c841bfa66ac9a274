"""A real OpenID Connect provider (the `oidc-provider` package on Node.js, in provider/) run on
127.0.0.1 for the sign-in tests, with its own keys, clients and accounts, and a person's way
through its sign-in page driven over HTTP."""

import json
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin

import httpx
from joserfc.jwk import RSAKey

HERE = Path(__file__).parent / "provider"
CLIENT_ID = "ctdppeia"
CLIENT_SECRET = "a-client-secret-for-the-tests-only-0123456789"
OTHER_CLIENT_ID = "another-service"


def node_ready() -> str | None:
    """Why the provider cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        return "run `npm ci` in tests/sso/provider (.ci/run does)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, {"kid": kid, "use": "sig", "alg": "RS256"}, private=True)


@dataclass
class Provider:
    folder: Path
    app_base: str
    port: int = field(default_factory=_free_port)
    keys: list[RSAKey] = field(default_factory=lambda: [new_key("key-1")])
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _client(self, client_id: str) -> dict[str, Any]:
        return {
            "client_id": client_id,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{self.app_base}/sign-in/state/return"],
            "post_logout_redirect_uris": [f"{self.app_base}/login"],
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
        }

    def write_accounts(self) -> None:
        (self.folder / "accounts.json").write_text(json.dumps(self.accounts))

    def start(self) -> "Provider":
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = {"keys": [key.as_dict(private=True) for key in self.keys]}
        (self.folder / "keys.json").write_text(json.dumps(keys))
        clients = [self._client(CLIENT_ID), self._client(OTHER_CLIENT_ID)]
        (self.folder / "clients.json").write_text(json.dumps(clients))
        self.write_accounts()
        env = {
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "PORT": str(self.port),
            "ISSUER": self.issuer,
            "KEYS_FILE": str(self.folder / "keys.json"),
            "CLIENTS_FILE": str(self.folder / "clients.json"),
            "ACCOUNTS_FILE": str(self.folder / "accounts.json"),
        }
        self.log = (self.folder / "provider.log").open("ab")
        self.process = subprocess.Popen(
            ["node", str(HERE / "server.mjs")], env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait()
        return self

    def _wait(self) -> None:
        for _ in range(200):
            try:
                httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError((self.folder / "provider.log").read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None

    def restart_with_keys(self, keys: list[RSAKey]) -> None:
        """Rotate: the provider signs with the first of `keys` from now on."""
        self.stop()
        self.keys = keys
        self.start()

    def settings(self, groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The app's settings for this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_SCOPES": "openid email profile groups",
            "DIRECTORY_GROUPS": groups,
            "PUBLIC_BASE_URL": self.app_base,
        }


_FORM = re.compile(r'<form[^>]*action="([^"]+)"', re.S)
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Go through the provider's sign-in page as `login`; the address the provider sends the
    browser back to (the app's return address, with the code and state)."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        response = browser.get(authorize_url)
        while (
            response.status_code in (302, 303) and "/interaction/" in response.headers["location"]
        ):
            response = browser.get(urljoin(authorize_url, response.headers["location"]))
        match = _FORM.search(response.text)
        assert match is not None, response.text
        action = urljoin(authorize_url, unescape(match.group(1)))
        hidden = {name: unescape(value) for name, value in _HIDDEN.findall(response.text)}
        response = browser.post(action, data=hidden | {"login": login, "password": "any"})
        for _ in range(10):
            location = urljoin(authorize_url, response.headers["location"])
            if not location.startswith(authorize_url.split("/auth")[0]):
                return location
            response = browser.get(location)
        raise AssertionError("the provider never sent the browser back")
