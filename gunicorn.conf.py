"""gunicorn's settings for ctdppeia: `gunicorn -c gunicorn.conf.py` (gunicorn also reads this
file by itself when started from this folder). docs/deployment.md explains each choice.

Settings an operator may change without editing this file (environment variables):
GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default 2 per core),
GUNICORN_THREADS (default 4), GUNICORN_TIMEOUT (default: twice the signing limit), and
PROMETHEUS_MULTIPROC_DIR (default: a new private folder for each start). Any gunicorn flag
given on the command line wins over this file.
"""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

SIGNING_LIMIT = round(float(os.environ.get("CTDPPEIA_SIGNING_TIMEOUT_SECONDS", "60")))

wsgi_app = "ctdppeia:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Threads in a few processes (bench/load.py on 2 cores: 4 workers of 4 threads answered more
# and faster than 2 of 4; docs/benchmarks.md). Each thread holds at most one database
# connection: the pool (5, overflow 10) never makes a thread wait. Signing forks its own child.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Above every time limit of the app, so that the app's own page ("Signing took too long",
# SIGNING_TIMEOUT_SECONDS = 60) answers, never gunicorn's arbiter killing the worker. The others
# are shorter: checking an upload 20 s, one email 10 s, SQLite's wait for a writer 10 s, Redis 2 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 2 * SIGNING_LIMIT))
# On SIGTERM a worker stops accepting and finishes what it holds: a signing under way included.
graceful_timeout = SIGNING_LIMIT + 30
# Behind a balancer: idle connections stay open longer than its own keep-alive wait.
keepalive = 75
# A worker is replaced after about this many requests, not all at once (memory held by
# fragmentation is given back; the jitter keeps the workers from restarting together).
max_requests = 1000
max_requests_jitter = 100

# One JSON line per request comes from the app itself (ctdppeia/request_log.py): gunicorn's own
# access log would say the same thing twice. gunicorn's own lines are JSON too, on stdout.
accesslog = None
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ctdppeia.logs.JsonFormatter"}},
    # the app's own lines have their handler (ctdppeia/logs.py): the root takes the others'
    "filters": {"others": {"()": "ctdppeia.logs.OtherLoggers"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["others"],
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": "WARNING", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        # gunicorn's access lines are INFO: the app's request lines replace them
        "gunicorn.access": {"level": "WARNING", "handlers": ["stdout"], "propagate": False},
    },
}


# /metrics adds up every worker's counts from the files they write here (prometheus_client's
# multi-process mode): one private folder per start, unless the operator names one.
MADE_HERE = "GUNICORN_CONF_MADE_METRICS_DIR"
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="ctdppeia-metrics-")
    os.environ[MADE_HERE] = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server: Any) -> None:
    """Counts left from an earlier start would be added to this one's: start from none."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for counts in folder.glob("*.db"):
        counts.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A worker that ended keeps its counts; its live gauges (none yet) are dropped."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    """The folder made for this start goes with it."""
    made = os.environ.get(MADE_HERE)
    if made and made == os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(made, ignore_errors=True)
