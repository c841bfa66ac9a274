"""What the features plug into one app: its own registries, kept in
``app.extensions["ctdppeia"]``.

Every feature registers in its ``init_app(app)``; nothing is kept in a module, so two apps in
one process (the tests make one per test) never see each other's entries. The functions that
add entries live beside the code that reads them (``reviews.flags.register_flag_provider``,
``web.add_nav``, ...); this module only holds the containers.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

KEY = "ctdppeia"

AnyHook = Callable[..., Any]


@dataclass
class Hooks:
    """The entries of one app. Values are the callables and adapters the features give."""

    nav_items: list[tuple[str, Any, frozenset[Any]]] = field(default_factory=list)
    public_links: list[tuple[str, str]] = field(default_factory=list)
    subjects: dict[str, Any] = field(default_factory=dict)
    flag_providers: dict[str, AnyHook] = field(default_factory=dict)
    flag_prefetches: dict[str, AnyHook] = field(default_factory=dict)
    snapshot_parts: dict[tuple[str, str], AnyHook] = field(default_factory=dict)
    submission_checks: dict[str, AnyHook] = field(default_factory=dict)
    approval_gates: dict[str, AnyHook] = field(default_factory=dict)
    confirmation_steps: dict[str, Any] = field(default_factory=dict)
    queue_statuses: dict[str, str] = field(default_factory=dict)
    queue_rules: dict[str, AnyHook] = field(default_factory=dict)
    queue_candidates: dict[str, AnyHook] = field(default_factory=dict)
    queue_loaders: dict[str, AnyHook] = field(default_factory=dict)
    queue_timed: dict[str, Any] = field(default_factory=dict)
    waiting_sources: dict[str, AnyHook] = field(default_factory=dict)
    audit_presenters: dict[str, AnyHook] = field(default_factory=dict)
    section_fills: dict[str, AnyHook] = field(default_factory=dict)
    notice_audiences: dict[str, AnyHook] = field(default_factory=dict)
    notice_kinds: dict[str, Any] = field(default_factory=dict)
    notice_sources: dict[str, AnyHook] = field(default_factory=dict)
    notice_inboxes: dict[str, Any] = field(default_factory=dict)
    due_sources: dict[str, AnyHook] = field(default_factory=dict)
    dated_sources: dict[str, AnyHook] = field(default_factory=dict)
    review_step_listeners: dict[str, Any] = field(default_factory=dict)
    template_hooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    local_password_rules: dict[str, AnyHook] = field(default_factory=dict)
    sign_out_destinations: dict[str, AnyHook] = field(default_factory=dict)
    pinned: dict[str, Any] = field(default_factory=dict)
    pinned_lock: threading.Lock = field(default_factory=threading.Lock)


def init_app(app: Flask) -> None:
    """Give the app its empty registries (before any feature registers)."""
    app.extensions[KEY] = Hooks()


def hooks(app: Flask | None = None) -> Hooks:
    """The registries of `app`, by default the current one."""
    target = app if app is not None else current_app
    return target.extensions[KEY]
