"""The questionnaires on offer, and the versions reviews are pinned to.

The registry loads the questionnaire folder when the app starts, keeps the files that parse,
and remembers the problems of the others (shown on the admin page). It looks at the folder
again at most every QUESTIONNAIRE_CHECK_SECONDS and reloads when a file changed, so a fixed
file is offered without a restart, in every worker.

A review never reads the folder: it renders from the text stored in `questionnaire_version`
the first time that version was used. Parsed versions are cached by their hash.
"""

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import QuestionnaireVersion
from ctdppeia.questionnaire import Questionnaire, QuestionnaireError, load_folder
from ctdppeia.questionnaire import parse_questionnaire as parse
from ctdppeia.reviews.prefill import prefill_problems

DEFAULT_CHECK_SECONDS = 2.0
log = logging.getLogger(__name__)  # a child of the app's logger


class QuestionnaireRegistry:
    """The questionnaires loaded from one folder (thread-safe; reloads swap whole dicts)."""

    def __init__(self, folder: str | Path, check_seconds: float = DEFAULT_CHECK_SECONDS) -> None:
        self.folder = Path(folder)
        self.check_seconds = check_seconds
        self.current: dict[str, Questionnaire] = {}
        self.broken: list[QuestionnaireError] = []
        self._signature: tuple[tuple[str, int, int], ...] = ()
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def load(self) -> None:
        """Read the folder now, log every problem, keep the files that parse."""
        with self._lock:
            signature = self._folder_signature()
            loaded, broken = _with_prefill_checked(*load_folder(self.folder))
            self.current, self.broken = loaded, broken
            self._signature, self._checked_at = signature, time.monotonic()
        for error in broken:
            for problem in error.errors:
                log.error("questionnaire not offered: %s", problem)

    def refresh(self) -> None:
        """Reload if a file was added, removed or changed since the last look."""
        if time.monotonic() - self._checked_at < self.check_seconds:
            return
        self._checked_at = time.monotonic()
        if self._folder_signature() != self._signature:
            self.load()

    def offered(self, subject: str) -> list[Questionnaire]:
        """The working questionnaires for a kind of subject, by title."""
        self.refresh()
        found = [q for q in self.current.values() if q.subject == subject]
        return sorted(found, key=lambda q: q.title.lower())

    def latest(self, questionnaire_id: str) -> Questionnaire | None:
        self.refresh()
        return self.current.get(questionnaire_id)

    def problems(self) -> list[QuestionnaireError]:
        """Every problem of every broken file, in file order."""
        self.refresh()
        return [problem for error in self.broken for problem in error.errors]

    def _folder_signature(self) -> tuple[tuple[str, int, int], ...]:
        try:
            files = sorted(self.folder.glob("*.md"))
            return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
        except OSError:
            return ()


def _with_prefill_checked(
    loaded: dict[str, Questionnaire], broken: list[QuestionnaireError]
) -> tuple[dict[str, Questionnaire], list[QuestionnaireError]]:
    """Move the files whose `prefill=` names a field their subject lacks to the broken ones
    (subjects are registered before the folder is first loaded)."""
    kept: dict[str, Questionnaire] = {}
    for key, questionnaire in loaded.items():
        problem = prefill_problems(questionnaire)
        if problem is None:
            kept[key] = questionnaire
        else:
            broken.append(problem)
    return kept, broken


def init_app(app: Flask) -> None:
    registry = QuestionnaireRegistry(
        app.config["QUESTIONNAIRE_DIR"],
        float(app.config.get("QUESTIONNAIRE_CHECK_SECONDS", DEFAULT_CHECK_SECONDS)),
    )
    app.extensions["questionnaires"] = registry
    with app.app_context():
        registry.load()


def questionnaires() -> QuestionnaireRegistry:
    """The registry of the current app."""
    return current_app.extensions["questionnaires"]


def pinned(version: QuestionnaireVersion) -> Questionnaire:
    """The questionnaire a review was answered under, parsed from its stored text (kept per
    app by hash: a version's text never changes, so entries never go stale)."""
    cache = hooks()
    found = cache.pinned.get(version.hash)
    if found is not None:
        return found
    with cache.pinned_lock:
        if version.hash not in cache.pinned:
            parsed = parse(version.text, version.filename)
            if parsed.hash != version.hash:
                log.error("stored questionnaire %s does not match its hash", version.hash)
            cache.pinned[version.hash] = parsed
        return cache.pinned[version.hash]


def pin(questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The stored version row of `questionnaire`, storing its text the first time it is used."""
    query = select(QuestionnaireVersion).where(QuestionnaireVersion.hash == questionnaire.hash)
    found = db.session.scalar(query)
    if found is None:
        _store_once(questionnaire)
        found = db.session.scalars(query).one()
    cache = hooks()
    with cache.pinned_lock:
        cache.pinned.setdefault(questionnaire.hash, questionnaire)
    return found


def _store_once(questionnaire: Questionnaire) -> None:
    """Insert the version unless another worker just did (no savepoint needed)."""
    values = {
        "hash": questionnaire.hash,
        "questionnaire_key": questionnaire.id,
        "label": questionnaire.version,
        "title": questionnaire.title,
        "subject": questionnaire.subject,
        "filename": questionnaire.filename,
        "text": questionnaire.source,
    }
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}.get(dialect)
    if insert is None:
        db.session.add(QuestionnaireVersion(**values))
        db.session.flush()
        return
    statement = insert(QuestionnaireVersion).values(**values)
    # Both dialects' Insert have it; mypy sees only their common base
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["hash"]))  # type: ignore[attr-defined]
