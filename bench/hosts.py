"""Two hosts behind HAProxy, one of them killed under load: nothing saved is lost, no PDF is
signed twice, every signer keeps one certificate.

    .venv/bin/python bench/hosts.py [--smoke] [--database-url postgresql://...]
                                    [--redis redis://...] [--users 200] [--seconds 60]

It builds one PostgreSQL database of its own (`--database-url`, created when missing and
EMPTIED first; default `hosts_bench` on 127.0.0.1:5432) with the migrations, and starts one
Redis of its own (`redis-server` on a free port, unless `--redis` names one; it holds the
sign-in limits every host shares). Then two app hosts: gunicorn with gunicorn.conf.py on
127.0.0.2 and 127.0.0.3, each with its own instance folder and the same secrets, behind
HAProxy with deploy/haproxy.cfg, the configuration an operator installs. When the release has
a job worker (`flask --app ctdppeia jobs --help` answers), one worker runs beside them.

The simulated people, one thread each, all through the balancer, pausing `--think` seconds
on average between requests: of every ten, five reviewers save a section of their own review,
one approver confirms and signs the reviews waiting for them (each a PDF signed by its
reviewer and its approver), two Resident Advisory Board members comment on a shared project,
two visitors read the public AI inventory. First a short floor phase (every signed-in person
asks for the home page), then the mix; halfway through the mix the first host is killed with
SIGKILL (gunicorn and all its workers) and started again.

A request that fails (the balancer answers 502/503/504, or the connection breaks) is tried
again, as a person would: a save or a comment first looks whether it was kept after all, a
signature whether the review was signed. Afterwards it checks the database: every save and
comment the server accepted is stored (lost writes), each review has at most one signed PDF
and one signature by each signer (double signatures), each signer's signatures come from one
certificate whichever host signed (certificates per signer: the most any signer has), every
PDF carries exactly its two signatures, the audit chain is whole. It prints the requests
served (from HAProxy's log), the failed attempts and whether each one came while the killed
host was down or coming back (any other is a failure of the run), the requests HAProxy sent to
the other host, and the save's p95 against the floor's p95 in the same run.

The hosts run in development mode, as the other benchmarks do: the app's own signing
authority, made while setting up, is kept in the database and shared by both hosts.

`--smoke` is a short run for CI (20 people, 20 s). A run that gets to its checks ends with the
line `lost writes: N, double signatures: N, certificates per signer: N`; the exit status is 1
when any check fails.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hosts_check as checks
import hosts_people as people
import hosts_processes as processes
import walkthrough as walk
from walkthrough import Phase

THREADS = 4  # per gunicorn worker: gunicorn.conf.py's


@dataclass
class Sizes:
    users: int
    seconds: float  # the mix
    floor_seconds: float
    think: float
    workers: int  # gunicorn workers per host
    reviews_each: int  # reviews waiting for each approver


@dataclass
class Outcome:
    """What the people saw, and when the host was down."""

    floor: Phase
    kinds: dict[str, Phase]
    killed: list[float] = field(default_factory=list)  # when killed, when ready again


def run(args: argparse.Namespace, sizes: Sizes) -> int:
    url = args.database_url
    processes.ensure_database(url)
    folder = Path(tempfile.mkdtemp(prefix="ctdppeia-hosts-"))
    try:
        return _run_in(folder, url, args, sizes)
    finally:
        if args.keep:
            print(f"(logs kept in {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _run_in(folder: Path, url: str, args: argparse.Namespace, sizes: Sizes) -> int:
    setup = folder / "setup"
    setup.mkdir()
    started = time.monotonic()
    # Every host and this process share the secrets: the signing authority made while
    # setting up is encrypted with the passphrase the hosts open it with.
    secret = secrets.token_urlsafe(32)
    os.environ["CTDPPEIA_SECRET_KEY"] = secret
    os.environ["CTDPPEIA_SIGNING_PASSPHRASE"] = f"{secret}-signing"
    walk.fresh_database(setup, url)
    counts = people.pick(sizes.users)
    crowd, demo = people.populate(setup, url, counts, sizes.reviews_each)
    print(f"Set up in {time.monotonic() - started:.0f} s: {counts}", flush=True)
    with processes.redis_server(args.redis, folder) as redis:
        hosts = []
        for number, address in enumerate(("127.0.0.2", "127.0.0.3"), start=1):
            instance = folder / f"host{number}"
            instance.mkdir()
            env = processes.host_env(instance, url, redis, secret)
            hosts.append(processes.make_host(folder, address, sizes.workers, env))
        worker = processes.worker(folder, hosts[0].runner.env)
        balancer = None
        try:
            for host in hosts:
                host.runner.start()
            for host in hosts:
                processes.wait_until(host.ready, 300, f"{host.bind} ready")
            if worker:
                worker.start()
            balancer, base = processes.haproxy(folder, hosts, sizes.workers * THREADS)
            working = "yes" if worker else "none in this release"
            print(f"Two hosts ({sizes.workers} workers x {THREADS} threads each) behind HAProxy; "
                  f"job worker: {working}", flush=True)  # fmt: skip
            outcome = _load(base, crowd, demo, hosts[0], sizes)
        finally:
            for runner in [balancer, worker, *(host.runner for host in hosts)]:
                if runner:
                    runner.stop()
            for person in crowd:
                if person.client:
                    person.client.close()
    return report(folder, url, crowd, outcome, setup)


def _load(base: str, crowd: list[Any], demo: Any, victim: processes.Host, sizes: Sizes) -> Outcome:
    """Sign everyone in, the floor, then the mix with `victim` killed halfway."""
    for person in crowd:
        people.sign_in(base, person, demo)
    signed_in = [p for p in crowd if people.kind_of(p) != "public"]
    floor = Phase("floor (GET /)")
    walk.run_phase(floor, signed_in, sizes.floor_seconds, people.home, sizes.think)
    outcome = Outcome(floor, {})

    def kill_and_restart() -> None:
        outcome.killed.append(time.monotonic())
        victim.runner.kill()
        print(f"  killed host 1 ({victim.bind}) with SIGKILL at {sizes.seconds / 2:.0f} s; "
              "starting it again", flush=True)  # fmt: skip
        victim.runner.start()
        processes.wait_until(victim.ready, 300, "host 1 ready again")
        outcome.killed.append(time.monotonic())
        down = outcome.killed[1] - outcome.killed[0]
        print(f"  host 1 ready again {down:.1f} s after the kill", flush=True)

    outcome.kinds = people.mix(crowd, demo, sizes.seconds, sizes.think, kill_and_restart)
    return outcome


# The balancer marks a host down after two failed checks 2 s apart: a failure is counted as
# the killed host's from the kill until this long after it answered again.
SETTLING_SECONDS = 10


def report(folder: Path, url: str, crowd: list[Any], outcome: Outcome, setup: Path) -> int:
    served, failed_answers, redispatched = checks.balancer_log(folder / "haproxy.log")
    print(f"requests served through the balancer: {served}")
    print(f"  {outcome.floor.line()}")
    floor_p95 = outcome.floor.quantile(95)
    for phase in outcome.kinds.values():
        p95 = phase.quantile(95)
        ratio = f"  ({p95 / floor_p95:.1f}x the floor's p95)" if p95 and floor_p95 else ""
        print(f"  {phase.line()}{ratio}")
    failures = people.FAILURES
    start, end = [*outcome.killed, 0.0, 0.0][:2]
    outside = [what for at, what in failures.attempts if not start <= at <= end + SETTLING_SECONDS]
    print(
        f"failed attempts: {len(failures.attempts)} (every one while host 1 was down or "
        f"coming back: {'yes' if not outside else 'NO'}), each tried again; failed for good: "
        f"{len(failures.final)}"
    )
    for what in sorted({what.split(":", 2)[-1].strip() for _, what in failures.attempts})[:5]:
        print(f"    {what}")
    if failures.too_slow:
        print(
            f'signings stopped by the app at its time limit ("Signing took too long", the '
            f"review unchanged), then tried again: {failures.too_slow}"
        )
    print(
        f"balancer: {failed_answers} answers 5xx; {redispatched} requests it could not send "
        "to host 1 went to host 2"
    )
    verdict = checks.check(setup, url, crowd)
    for line in verdict.lines:
        print(line)
    errors = [e for phase in outcome.kinds.values() for e in phase.errors] + outcome.floor.errors
    if failures.final or outside or errors:
        verdict.problems.append(
            f"requests failed for good: {len(failures.final)}; failed while no host was down: "
            f"{outside[:3]}; refused: {sorted(set(errors))[:5]}"
        )
    for problem in verdict.problems:
        print(f"PROBLEM: {problem}")
    print(checks.summary_line(verdict.lost, verdict.double, verdict.certificates), flush=True)
    good = not verdict.problems and verdict.lost == 0 and verdict.double == 0
    return 0 if good and verdict.certificates == 1 else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a short run for CI")
    parser.add_argument(
        "--database-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/hosts_bench",
        help="a PostgreSQL database of its own: created when missing, EMPTIED first",
    )
    parser.add_argument("--redis", default="", help="a Redis URL (default: start one)")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None, help="the mix's length")
    parser.add_argument("--think", type=float, default=1.0, help="pause after each request")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder")
    args = parser.parse_args()
    sizes = (
        Sizes(20, 20, 5, args.think, args.workers, 2)
        if args.smoke
        else Sizes(200, 60, 15, args.think, args.workers, 3)
    )
    sizes.users = args.users or sizes.users
    sizes.seconds = args.seconds or sizes.seconds
    print(f"Machine: {walk.machine()}")
    print(f"{sizes.users} people, mix {sizes.seconds:.0f} s, floor {sizes.floor_seconds:.0f} s, "
          f"pause {sizes.think} s", flush=True)  # fmt: skip
    sys.exit(run(args, sizes))


if __name__ == "__main__":
    main()
