"""bench/hosts.py's people: who they are, what each does through the balancer, and how a
failed attempt is tried again without doing anything twice."""

from __future__ import annotations

import html
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load
import walkthrough as walk
from walkthrough import CSRF, PASSWORD, Phase, Reviewer

MIX = ("reviewer",) * 5 + ("approver",) + ("board",) * 2 + ("public",) * 2
KINDS = {
    "reviewer": "section save (POST)",
    "approver": "sign a review (POST)",
    "board": "board comment (POST)",
    "public": "AI inventory (GET)",
}
RETRIED = {502, 503, 504}
ATTEMPTS = 20
SET_ASIDE = re.compile(r'name="(set-aside-[^"]+)"')


# Failed attempts and retries ----------------------------------------------------------------


@dataclass
class Failures:
    """Every failed attempt (when, what), and the requests that failed for good."""

    attempts: list[tuple[float, str]] = field(default_factory=list)
    final: list[str] = field(default_factory=list)
    too_slow: int = 0  # signings the app stopped at its time limit ("Signing took too long")
    lock: threading.Lock = field(default_factory=threading.Lock)

    def attempt(self, what: str) -> None:
        with self.lock:
            self.attempts.append((time.monotonic(), what))


FAILURES = Failures()


class Failed(Exception):
    """An attempt the balancer or the network failed: try again."""


class TooSlow(Exception):
    """The app's own answer when signing passes SIGNING_TIMEOUT_SECONDS: nothing was changed,
    and the person is told to try again later."""


TOO_SLOW_PAGE = "Signing took too long"


def checked(response: httpx.Response) -> httpx.Response:
    if response.status_code == 503 and TOO_SLOW_PAGE in response.text:
        raise TooSlow()
    if response.status_code in RETRIED:
        raise Failed(f"{response.request.method} {response.url.path} {response.status_code}")
    return response


def with_retries(action: Callable[[bool], str | None], what: str) -> str | None:
    """Run `action(retry)` until it is not failed by the balancer or the network; `retry` tells
    it that an earlier attempt may have been done after all."""
    for attempt in range(ATTEMPTS):
        try:
            return action(attempt > 0)
        except (Failed, httpx.TransportError) as error:
            FAILURES.attempt(f"{what}: {type(error).__name__}: {error}")
            time.sleep(0.5)
        except TooSlow:
            with FAILURES.lock:
                FAILURES.too_slow += 1
            time.sleep(5)
    with FAILURES.lock:
        FAILURES.final.append(what)
    return f"{what}: failed {ATTEMPTS} times"


# People -------------------------------------------------------------------------------------


@dataclass
class Approver:
    email: str
    reviews: list[int]
    kind: str = "approver"
    client: httpx.Client | None = None
    signed: list[int] = field(default_factory=list)  # reviews the server said it signed


def make_approvers(instance: Path, url: str, count: int, each: int) -> list[Approver]:
    """`count` approvers of DSS, each with `each` reviews submitted by one reviewer (who so
    signs every PDF, on whichever host the approver is served)."""
    walk.use_instance(instance, url)
    from werkzeug.security import generate_password_hash

    from ctdppeia import create_app
    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db
    from ctdppeia.models import Role, User

    app = create_app()
    hashed = generate_password_hash(PASSWORD, method="scrypt")
    approvers = []
    with app.app_context():
        agency = accounts.agency_by_code("DSS")
        submitter = User(
            email="submitter@bench.ct.gov",
            name="Rosa Delgado",
            password_hash=hashed,
            role=Role.REVIEWER,
            agency=agency,
        )
        db.session.add(submitter)
        db.session.commit()
        for number in range(count):
            email = f"approver{number}@bench.ct.gov"
            user = User(
                email=email, name=f"Approver {number}", password_hash=hashed,
                role=Role.APPROVER, agency=agency,
            )  # fmt: skip
            db.session.add(user)
            db.session.commit()
            approvers.append(Approver(email, [_submitted(submitter) for _ in range(each)]))
        db.session.remove()
        db.engine.dispose()
    return approvers


def _submitted(reviewer: Any) -> int:
    """A data request with its DPPEIA review answered, heard by the board and submitted."""
    from ctdppeia.demo import (
        MEALS_SUMMARY,
        MEALS_TITLE_ES,
        REVIEW_SUBMITTED,
        board_answers,
        reviews,
    )
    from ctdppeia.requests.services import create_request

    fields = {
        "title": "School meals and food help",
        "requesting_org": "Office of Health Strategy",
        "contact_name": "Bench",
        "contact_email": "bench@example.gov",
        "requester_type": "sister-agency",
        "purpose": "Load test.",
        "status": "draft",
    }
    review = reviews.start(reviewer, "data-request", create_request(reviewer, fields, []), "dppeia")
    assert review is not None, "the DPPEIA questionnaire does not load"
    reviews.fill(reviewer, review, REVIEW_SUBMITTED)
    reviews.respond_to_flags(reviewer, review, {}, all_high=True)
    board_answers.heard_without_comments(reviewer, review, MEALS_SUMMARY, MEALS_TITLE_ES)
    assert reviews.submit(reviewer, review, "approve-with-conditions", "Counties only.", "Ok.")
    return review.id


def sign_in(base: str, user: Any, demo: load.Demo) -> None:
    if isinstance(user, Reviewer):
        walk.sign_in(base, user)
    elif isinstance(user, Approver):
        user.client = httpx.Client(base_url=base, timeout=180, follow_redirects=False)
        token = CSRF.search(user.client.get("/login").text)
        assert token, "no CSRF token on the sign-in page"
        form = {"csrf_token": token.group(1), "email": user.email, "password": PASSWORD}
        assert user.client.post("/login", data=form).status_code == 302
    else:
        load.sign_in(base, user, demo)
    # Longer than a host takes to start again: a request waiting for it is not given up on
    # (and sent again) while the host is about to carry it out.
    user.client.timeout = httpx.Timeout(180)


# What each person does, retried ------------------------------------------------------------


def save(reviewer: Reviewer, n: int) -> str | None:
    data = walk.save_form(reviewer)
    path = f"/reviews/{reviewer.review_id}/sections/{walk.SECTION}"
    client = reviewer.client
    assert client is not None

    def attempt(retry: bool) -> str | None:
        if retry:  # was it kept before the host died? The section page says.
            page = checked(client.get(path))
            version = walk.VERSION.search(page.text)
            if version is None:
                return f"section page answered {page.status_code}"
            reviewer.version = int(version.group(1))
            if data["q_P2"] in html.unescape(page.text):
                reviewer.accepted.append(data["q_P2"])
                client.cookies.set("session", reviewer.session)
                return None
            data["version"] = str(reviewer.version)
        response = checked(client.post(path, data=data))
        if response.status_code != 302:
            return f"save answered {response.status_code}"
        client.cookies.set("session", reviewer.session)
        reviewer.version += 1
        reviewer.accepted.append(data["q_P2"])
        return None

    return with_retries(attempt, "section save")


def comment(member: load.Member, n: int, demo: load.Demo) -> str | None:
    body = f"Comment {n} from {member.email}: how will the results reach parents?"
    client = member.client
    assert client is not None
    page = f"/board/projects/{demo.share_id}"

    def attempt(retry: bool) -> str | None:
        if retry and body in html.unescape(checked(client.get(page)).text):
            member.accepted.append(body)
            return None
        data = {"csrf_token": member.csrf, "body": body, "concern": ""}
        response = checked(client.post(f"{page}/comments", data=data))
        return load._accepted(member, response, body)

    return with_retries(attempt, "board comment")


def sign(approver: Approver, n: int) -> str | None:
    """Confirm and sign the next waiting review; when none is left, read the list."""
    client = approver.client
    assert client is not None
    if not approver.reviews:
        listed = with_retries(lambda _: _ok(checked(client.get("/reviews/"))), "review list")
        return listed
    review_id = approver.reviews[0]

    def attempt(retry: bool) -> str | None:
        if retry and checked(client.get(f"/reviews/{review_id}/signed")).status_code == 200:
            return _signed(approver, review_id)
        token = CSRF.search(checked(client.get(f"/reviews/{review_id}/confirm")).text)
        if token is None:
            return f"no confirmation form for review {review_id}"
        form = {"csrf_token": token.group(1), "note": "Confirmed.", "declaration": "y"}
        check = checked(client.post(f"/reviews/{review_id}/confirm", data=form | {"step": "check"}))
        reasons = dict.fromkeys(SET_ASIDE.findall(check.text), "Closed before release.")
        response = checked(
            client.post(f"/reviews/{review_id}/confirm", data=form | {"step": "sign"} | reasons)
        )
        if response.status_code != 302:
            return f"signing answered {response.status_code}"
        return _follow_to_signed(client, response, approver, review_id)

    return with_retries(attempt, "signature")


def _follow_to_signed(
    client: httpx.Client, response: httpx.Response, approver: Approver, review_id: int
) -> str | None:
    """The confirmation page, or a page saying the signing is under way (a job worker), read
    again until it leads there."""
    deadline = time.monotonic() + 180
    while response.status_code in (301, 302, 303):
        location = response.headers["location"]
        if location.rstrip("/").endswith(f"/reviews/{review_id}/signed"):
            return _signed(approver, review_id)
        response = checked(client.get(location))
    while time.monotonic() < deadline:
        if checked(client.get(f"/reviews/{review_id}/signed")).status_code == 200:
            return _signed(approver, review_id)
        time.sleep(1)
    return f"review {review_id} not signed within 180 s"


def _signed(approver: Approver, review_id: int) -> None:
    approver.signed.append(review_id)
    approver.reviews.remove(review_id)


def _ok(response: httpx.Response) -> str | None:
    return None if response.status_code == 200 else f"answered {response.status_code}"


def steps(demo: load.Demo) -> dict[str, Callable[[Any, int], str | None]]:
    def inventory(member: Any, n: int) -> str | None:
        return with_retries(
            lambda _: _ok(checked(member.client.get("/ai-inventory"))), "AI inventory"
        )

    return {
        "reviewer": save,
        "approver": sign,
        "board": lambda member, n: comment(member, n, demo),
        "public": inventory,
    }


def home(user: Any, n: int) -> str | None:
    return with_retries(lambda _: _ok(checked(user.client.get("/"))), "home page")


def pick(users: int) -> dict[str, int]:
    kinds = [MIX[n % len(MIX)] for n in range(users)]
    return {kind: kinds.count(kind) for kind in KINDS}


def populate(
    instance: Path, url: str, counts: dict[str, int], each: int
) -> tuple[list[Any], load.Demo]:
    walk.use_instance(instance, url)
    from ctdppeia import create_app
    from ctdppeia.demo import seed_demo

    app = create_app()
    with app.app_context():
        seed_demo()
        demo = load._demo_objects()
    people: list[Any] = list(walk.prepare(instance, counts["reviewer"], url))
    people += make_approvers(instance, url, counts["approver"], each)
    for kind in ("board", "public"):
        people += load._accounts(app, kind, counts[kind])
    return people, demo


def kind_of(person: Any) -> str:
    return "reviewer" if isinstance(person, Reviewer) else str(person.kind)


def mix(
    people: list[Any], demo: load.Demo, seconds: float, think: float, at_half: Callable[[], None]
) -> dict[str, Phase]:
    kinds = {kind: Phase(label) for kind, label in KINDS.items()}
    actions = steps(demo)
    timer = threading.Timer(seconds / 2, at_half)
    timer.start()
    try:
        walk.run_phase(
            Phase("mix"),
            people,
            seconds,
            lambda user, n: actions[kind_of(user)](user, n),
            think,
            lambda user: kinds[kind_of(user)],
        )
    finally:
        timer.join()
    for phase in kinds.values():
        phase.seconds = seconds
    return kinds
