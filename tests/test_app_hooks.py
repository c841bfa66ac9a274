"""Each app keeps its own registries, and the review engine does not depend on the features
that plug into it."""

import ast
from pathlib import Path

import pytest
from flask import Flask

import ctdppeia
from ctdppeia import create_app
from ctdppeia.ai.queue import register_status
from ctdppeia.hooks import hooks
from ctdppeia.reviews.confirmation import ConfirmationStep, register_confirmation_step
from ctdppeia.reviews.flags import register_flag_provider
from ctdppeia.reviews.snapshot import register_snapshot_part
from ctdppeia.reviews.subjects import SubjectAdapter, register_subject
from ctdppeia.reviews.workflow import register_approval_gate, register_submission_check
from ctdppeia.web import add_nav, add_public_link
from tests.conftest import _test_settings

PACKAGE = Path(ctdppeia.__file__).parent

# Module-level tables that are the same for every app, by construction: not registries.
NOT_REGISTRIES = {
    ("reviews/fields.py", "FIELD_TYPES"),  # the question types' fields, filled at import
    ("reviews/forms.py", "_CLASSES"),  # form classes by questionnaire hash (content-addressed)
    ("writelock.py", "_files"),  # this process's open lock files (locks are per process)
}


def _app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Flask:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path / name))
    return create_app(_test_settings(f"sqlite:///{tmp_path / name}.sqlite3"))


class _Other(SubjectAdapter):
    kind = "other-thing"


def test_two_apps_do_not_see_each_others_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _app(tmp_path, monkeypatch, "one"), _app(tmp_path, monkeypatch, "two")
    assert hooks(first) is not hooks(second)
    before = repr(hooks(second))
    add_nav(first, "auth.home", "Elsewhere")
    add_nav(first, "health.healthz", "Only in the first app")
    add_public_link(first, "health.healthz", "Only in the first app")
    register_subject(first, _Other())
    register_flag_provider(first, "only-first", lambda review: [])
    register_snapshot_part(first, "only-first", "x", lambda review: None)
    register_submission_check(first, "only-first", lambda review: [])
    register_approval_gate(first, "other-thing", lambda review, action: None)
    register_confirmation_step(first, "only-first", ConfirmationStep())
    register_status(first, "only-first", "Only first", lambda use_case, reviews: None)
    assert repr(hooks(second)) == before
    pages = {app: app.test_client().get("/login").get_data(as_text=True) for app in (first, second)}
    assert "Only in the first app" in pages[first]
    assert "Only in the first app" not in pages[second]


def test_a_new_app_registers_each_entry_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _app(tmp_path, monkeypatch, "one"), _app(tmp_path, monkeypatch, "two")
    for app in (first, second):
        endpoints = [item[0] for item in hooks(app).nav_items]
        assert len(endpoints) == len(set(endpoints))
        assert set(hooks(app).subjects) == {"data-request", "ai-use-case"}
        assert list(hooks(app).confirmation_steps) == ["signed-pdf", "board", "set-aside"]
    assert hooks(first).nav_items == hooks(second).nav_items


def _module_level_tables(path: Path) -> list[str]:
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if not isinstance(target, ast.Name) or value is None:
            continue
        literal = isinstance(value, ast.Dict | ast.List | ast.Set) and not (
            value.keys if isinstance(value, ast.Dict) else value.elts
        )
        called = (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"dict", "list", "set", "defaultdict"}
            and not value.args
        )
        if literal or called:  # a table that starts empty is filled by someone later
            found.append(target.id)
    return found


def test_no_module_keeps_a_registry() -> None:
    """An empty dict or list at module level that features fill would be shared by every app
    in the process: registries live in `ctdppeia.hooks`."""
    found = {
        (str(path.relative_to(PACKAGE)), name)
        for path in PACKAGE.rglob("*.py")
        for name in _module_level_tables(path)
    }
    assert found - NOT_REGISTRIES == set()


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_reviews_never_import_documents() -> None:
    """`documents` plugs into the review engine (a confirmation step), never the reverse."""
    found = {
        f"{path.name}: {name}"
        for path in (PACKAGE / "reviews").rglob("*.py")
        for name in _imports(path)
        if name == "ctdppeia.documents" or name.startswith("ctdppeia.documents.")
    }
    assert found == set()


def test_the_review_workflow_does_not_know_the_board() -> None:
    names = _imports(PACKAGE / "reviews" / "workflow.py")
    assert not [name for name in names if name.startswith("ctdppeia.board")]


def _package_of(module: str) -> str:
    """`ctdppeia.board.views` -> `board`."""
    return module.split(".")[1]


def _is_views(module: str) -> bool:
    last = module.split(".")[-1]
    return last == "views" or last.endswith("_views")


def test_no_feature_view_imports_another_features_views() -> None:
    """A feature's pages plug in through the registries; shared view helpers live outside
    views modules (e.g. `reviews.pages`, `reviews.permissions`)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        own = path.relative_to(PACKAGE).parts[0]
        for name in _imports(path):
            parts = name.split(".")
            if name.startswith("ctdppeia.") and len(parts) >= 3:
                module = ".".join(parts[:3])
                if _is_views(module) and _package_of(module) != own and own != "__init__.py":
                    found.add(f"{path.relative_to(PACKAGE)}: {name}")
    assert found == set()


# The low layers: plain data, the database, the registries and the shared services every
# feature may call. None of them imports a feature.
LOW = {
    "access", "audit", "audit_chain", "config", "csvcells", "database", "disparity",
    "extensions", "formtools", "hooks", "i18n", "keyset", "limits", "links", "mail", "models",
    "pdf", "questionnaire", "schemas", "severity", "stale", "unavailable", "words", "writelock",
}  # fmt: skip


def test_the_low_layers_import_no_feature() -> None:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own not in LOW:
            continue
        for name in _imports(path):
            if name.startswith("ctdppeia.") and _package_of(name) not in LOW | {own}:
                found.add(f"{path.relative_to(PACKAGE)}: {name}")
    assert found == set()
