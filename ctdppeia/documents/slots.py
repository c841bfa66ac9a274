"""How many uploaded PDFs are checked at once, so that uploads cannot take every worker.

Two limits, both taken without waiting (a check that finds either full raises ``Busy``, and
the page answers 429 "try again in a minute"):

- ``VERIFY_CHECKS_PER_WORKER`` in each worker process (a semaphore in memory);
- ``VERIFY_CHECKS_AT_ONCE`` across every worker of every host, counted in the Redis of
  ``RATELIMIT_STORAGE_URI``: a sorted set of the checks running, each with the time its slot
  expires (``VERIFY_TIMEOUT_SECONDS`` and a minute), so a slot whose worker died is freed.

Fallback: with no Redis configured (``memory://``, one worker), or while Redis does not answer
(within ``RATELIMIT_REDIS_TIMEOUT_SECONDS``; it is then asked again after ``RETRY_SECONDS``),
only the limit per worker holds, and a warning is logged. Checks are never refused because
Redis is down (the same choice as the rate limits, docs/security.md, fault 12).
"""

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis
from flask import Flask, current_app

KEY = "ctdppeia:verify:checks"
RETRY_SECONDS = 30.0
HOLD_MARGIN_SECONDS = 60
_EXTENSION = "ctdppeia.verify_slots"

# Atomically: drop expired slots; if fewer than ARGV[1] are held, add ARGV[3] until now +
# ARGV[2] seconds (the server's clock, shared by every host) and answer 1, else 0.
_TAKE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], t + tonumber(ARGV[2]), ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
"""


class Busy(Exception):
    """Every slot for a check is taken: try again in a minute."""


@dataclass
class _Slots:
    """One app's slots in this process."""

    local: threading.BoundedSemaphore
    shared: redis.Redis | None
    limit: int
    hold_seconds: int
    retry_at: float = 0.0  # while Redis does not answer: when to ask it again


@contextmanager
def check_slot() -> Iterator[None]:
    """Hold a slot for one check while the block runs; raise ``Busy`` when none is free."""
    slots = _slots(current_app)
    if not slots.local.acquire(blocking=False):
        raise Busy
    try:
        token = _take_shared(slots)
        try:
            yield
        finally:
            if token:
                _give_back(slots, token)
    finally:
        slots.local.release()


def _take_shared(slots: _Slots) -> str | None:
    """A token for a slot held in Redis; None when Redis is not used or does not answer."""
    if slots.shared is None or time.monotonic() < slots.retry_at:
        return None
    token = uuid.uuid4().hex
    try:
        taken = slots.shared.eval(_TAKE, 1, KEY, slots.limit, slots.hold_seconds, token)
    except redis.RedisError as error:
        _redis_down(slots, error)
        return None
    if not taken:
        raise Busy
    return token


def _give_back(slots: _Slots, token: str) -> None:
    try:
        if slots.shared is not None:
            slots.shared.zrem(KEY, token)
    except redis.RedisError as error:  # the slot expires by itself
        _redis_down(slots, error)


def _redis_down(slots: _Slots, error: Exception) -> None:
    slots.retry_at = time.monotonic() + RETRY_SECONDS
    current_app.logger.warning(
        "PDF checks: Redis did not answer (%s); only %s checks per worker are limited for "
        "%.0f seconds",
        error,
        current_app.config["VERIFY_CHECKS_PER_WORKER"],
        RETRY_SECONDS,
    )


def _slots(app: Flask) -> _Slots:
    with _CREATING:
        if _EXTENSION not in app.extensions:
            app.extensions[_EXTENSION] = _make_slots(app)
        return app.extensions[_EXTENSION]


_CREATING = threading.Lock()


def _make_slots(app: Flask) -> _Slots:
    config = app.config
    uri = str(config.get("RATELIMIT_STORAGE_URI", ""))
    shared = None
    if uri.startswith(("redis://", "rediss://")):
        seconds = float(config["RATELIMIT_REDIS_TIMEOUT_SECONDS"])
        shared = redis.Redis.from_url(uri, socket_timeout=seconds, socket_connect_timeout=seconds)
    return _Slots(
        local=threading.BoundedSemaphore(int(config["VERIFY_CHECKS_PER_WORKER"])),
        shared=shared,
        limit=int(config["VERIFY_CHECKS_AT_ONCE"]),
        hold_seconds=int(config["VERIFY_TIMEOUT_SECONDS"]) + HOLD_MARGIN_SECONDS,
    )
