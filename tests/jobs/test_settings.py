"""Where the jobs' queues live, and when jobs run inline instead."""

from ctdppeia.config import job_settings


def test_the_rate_limit_stores_redis_is_the_default() -> None:
    config: dict[str, object] = {"RATELIMIT_STORAGE_URI": "redis://10.0.0.7:6379/0"}
    job_settings(config)
    assert config["JOBS_REDIS_URL"] == "redis://10.0.0.7:6379/0"
    assert config["JOBS_RUN_INLINE"] is False


def test_without_redis_jobs_run_inline() -> None:
    config: dict[str, object] = {"RATELIMIT_STORAGE_URI": "memory://"}
    job_settings(config)
    assert config["JOBS_REDIS_URL"] is None and config["JOBS_RUN_INLINE"] is True


def test_settings_given_are_kept() -> None:
    config: dict[str, object] = {
        "RATELIMIT_STORAGE_URI": "memory://",
        "JOBS_REDIS_URL": "redis://queue.example:6379/3",
        "JOBS_RUN_INLINE": True,
    }
    job_settings(config)
    assert config["JOBS_REDIS_URL"] == "redis://queue.example:6379/3"
    assert config["JOBS_RUN_INLINE"] is True
