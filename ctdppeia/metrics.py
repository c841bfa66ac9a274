"""``/metrics``: requests by route and status and a latency histogram, in Prometheus's text
format, served only to the addresses in ``METRICS_ALLOWED_ADDRESSES`` (others get 404).

Counted with prometheus_client. Under gunicorn, every worker is a process of its own:
``gunicorn.conf.py`` sets ``PROMETHEUS_MULTIPROC_DIR`` to a new folder before the workers start,
each worker writes its counts there, and ``/metrics`` adds up every worker's (and keeps the
counts of workers that ended). Without that variable (``flask run``, the tests) the counts are
this process's own. Each host answers for its own workers: Prometheus scrapes every host.

The job queues (ctdppeia/jobs) are read from Redis at each scrape, the same on every host:
jobs queued and failed, and how long the oldest waiting job has waited, by queue; with the
emails the outbox has not sent yet. When jobs run inline there are no queues to count.
"""

import ipaddress
import os
import time
from collections.abc import Iterable

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from redis.exceptions import RedisError

from ctdppeia.access import public
from ctdppeia.request_log import route

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Up to the longest time limit of a request: signing a PDF (SIGNING_TIMEOUT_SECONDS, 60 s).
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)

bp = Blueprint("metrics", __name__)

disable_created_metrics()  # the *_created series say nothing an operator needs


class RequestMetrics:
    """The app's counters, in a registry of its own (each app the tests make has one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ctdppeia_requests",
            "Requests answered, by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ctdppeia_request_duration_seconds",
            "Time to answer a request, by route.",
            ["route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.registry.register(JobCollector())

    def count(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

        self.registry.register(JobCollector())

    def exposition(self) -> bytes:
        if os.environ.get(MULTIPROCESS_VARIABLE):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # every worker's files
            registry.register(JobCollector())
            return generate_latest(registry)
        return generate_latest(self.registry)


class JobCollector(Collector):
    """The job queues' gauges, read when /metrics is asked (inside its request)."""

    def collect(self) -> Iterable[Metric]:
        from ctdppeia import outbox
        from ctdppeia.jobs.queue import run_inline
        from ctdppeia.jobs.stats import queue_stats

        if not current_app or run_inline():
            return []
        unsent = GaugeMetricFamily(
            "ctdppeia_emails_unsent", "Emails in the outbox the mail server has not taken yet."
        )
        unsent.add_metric([], outbox.unsent_count())
        try:
            found = queue_stats()
        except RedisError:
            current_app.logger.warning("/metrics: the jobs' Redis does not answer")
            return [unsent]
        families = [
            ("ctdppeia_jobs_queued", "Jobs waiting in the queue.", "queued"),
            ("ctdppeia_jobs_failed", "Jobs that failed (kept for a week).", "failed"),
            (
                "ctdppeia_jobs_oldest_waiting_seconds",
                "How long the oldest waiting job has waited.",
                "oldest_waiting_seconds",
            ),
        ]
        metrics: list[Metric] = [unsent]
        for name, text, field in families:
            gauge = GaugeMetricFamily(name, text, labels=["queue"])
            for stats in found:
                gauge.add_metric([stats.name], float(getattr(stats, field)))
            metrics.append(gauge)
        return metrics


def init_app(app: Flask) -> None:
    app.extensions["ctdppeia_metrics"] = RequestMetrics()
    app.config["METRICS_ALLOWED_ADDRESSES"] = allowed_networks(
        app.config["METRICS_ALLOWED_ADDRESSES"]
    )
    app.after_request(_count)
    app.register_blueprint(bp)


def allowed_networks(
    setting: str | Iterable[str] | None,
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The setting (addresses or networks, in a list or separated by commas or spaces) as
    networks; raises ValueError naming an entry that is neither."""
    if isinstance(setting, str):
        setting = setting.replace(",", " ").split()
    networks = []
    for entry in setting or ():
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"METRICS_ALLOWED_ADDRESSES: {entry!r} is not an address") from error
    return tuple(networks)


def _metrics() -> RequestMetrics:
    found: RequestMetrics = current_app.extensions["ctdppeia_metrics"]
    return found


def _count(response: Response) -> Response:
    started = g.get("request_started")
    if started is not None:
        seconds = time.perf_counter() - started
        _metrics().count(route(), request.method, response.status_code, seconds)
    return response


def _allowed(address: str | None) -> bool:
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(client in network for network in current_app.config["METRICS_ALLOWED_ADDRESSES"])


@bp.route("/metrics")
@public
def metrics() -> Response:
    """The counts, to the configured addresses only (404 to anyone else: no page is here)."""
    if not _allowed(request.remote_addr):
        abort(404)
    return Response(_metrics().exposition(), content_type=CONTENT_TYPE_LATEST)
