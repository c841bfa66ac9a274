"""Each app keeps its own registries, and the review engine does not depend on the features
that plug into it."""

import ast
import re
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


def _package_of(module: str) -> str:
    """`ctdppeia.board.views` -> `board`."""
    return module.split(".")[1]


def _own_package(path: Path) -> str:
    """`board/views.py` -> `board`, `web.py` -> `web`."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _package_imports() -> dict[tuple[str, str], set[str]]:
    """(importer, imported) -> the files that import it, at the top or inside a function,
    between two different top-level packages (or modules) of ctdppeia."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        own = _own_package(path)
        for name in _imports(path):
            if not name.startswith("ctdppeia.") or _package_of(name) not in LAYER_OF:
                continue
            if _package_of(name) != own:
                key = (own, _package_of(name))
                found.setdefault(key, set()).add(str(path.relative_to(PACKAGE)))
    return found


# Every top-level package and module of ctdppeia, by layer, lowest first (docs/architecture.md,
# "The layers"). A package imports only from its own layer or the layers below it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("plain data", frozenset({
        "config", "csvcells", "disparity", "limits", "pdf", "questionnaire", "schemas",
        "severity", "thirdparty_warnings", "translatable", "words",
    })),
    ("the database and shared services", frozenset({
        "access", "audit", "audit_anchor", "audit_chain", "database", "extensions", "formtools",
        "health", "hooks", "i18n", "keyset", "links", "logs", "mail", "metrics", "models",
        "jobs", "outbox", "request_log", "stale", "templatehooks", "unavailable", "writelock",
    })),
    ("services every feature calls", frozenset({"checkpage", "notices", "waiting", "web"})),
    ("the review engine", frozenset({"reviews"})),
    ("features", frozenset({
        "account", "actions", "admin", "advisory", "ai", "analyses", "api", "auth", "backup",
        "board", "documents", "exchange", "inventory", "practices", "requests", "sso",
    })),
    ("the app", frozenset({"__init__", "cli", "demo", "scale"})),
)  # fmt: skip
LAYER_OF = {name: level for level, (_, names) in enumerate(LAYERS) for name in names}
FEATURES = LAYERS[4][1]


def test_every_package_is_in_a_layer() -> None:
    present = {
        path.name.removesuffix(".py")
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert present - set(LAYER_OF) == set(), "add the new package to LAYERS"
    assert set(LAYER_OF) - present == set(), "a package in LAYERS no longer exists"


def test_no_import_runs_up_the_layers() -> None:
    """Every package, every import (at the top or inside a function): a lower layer never
    imports a higher one, so the engine and the shared services know no feature."""
    found = {
        f"{', '.join(sorted(files))}: {importer} ({LAYERS[LAYER_OF[importer]][0]}) imports "
        f"{imported} ({LAYERS[LAYER_OF[imported]][0]})"
        for (importer, imported), files in _package_imports().items()
        if LAYER_OF[imported] > LAYER_OF[importer]
    }
    assert found == set()


def test_no_two_packages_import_each_other() -> None:
    """Within a layer too: no package imports, even inside a function, one that imports it
    back (a loop of any length). One feature cut in two is one package."""
    graph: dict[str, set[str]] = {}
    for importer, imported in _package_imports():
        graph.setdefault(importer, set()).add(imported)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            here = todo.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                todo.extend(graph.get(here, ()))
        return False

    loops = {
        frozenset({one, other})
        for one, targets in graph.items()
        for other in targets
        if reaches(other, one)
    }
    assert loops == set()


def test_the_review_engine_imports_no_feature() -> None:
    """Not `documents`, not the board: they plug into `reviews` (confirmation steps, snapshot
    parts, template hooks), never the reverse."""
    found = {
        f"{importer}: {imported}"
        for (importer, imported) in _package_imports()
        if importer == "reviews" and imported in FEATURES
    }
    assert found == set()


def test_the_notices_service_imports_no_feature() -> None:
    found = {imported for importer, imported in _package_imports() if importer == "notices"}
    assert found & FEATURES == set()


def _is_views(module: str) -> bool:
    last = module.split(".")[-1]
    return last == "views" or last.endswith("_views")


def test_no_feature_view_imports_another_features_views() -> None:
    """A feature's pages plug in through the registries; shared view helpers live outside
    views modules (e.g. `reviews.pages`, `reviews.permissions`). Sub-packages count as their
    feature (`auth.mfa.views` is the `auth` feature's)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        own = _own_package(path)
        for name in _imports(path):
            if not name.startswith("ctdppeia.") or own == "__init__":
                continue
            views = [part for part in name.split(".")[2:] if _is_views(part)]
            if views and _package_of(name) != own:
                found.add(f"{path.relative_to(PACKAGE)}: {name}")
    assert found == set()


TEMPLATE_REFERENCE = re.compile(r"{%-?\s*(?:include|import|from|extends)\s+[\"']([^\"']+)[\"']")


def test_the_review_engine_templates_name_no_feature() -> None:
    """The review pages show the features' panels through template hooks
    (`{{ template_hook("review_panels", review=review) }}`), never by including them."""
    templates = PACKAGE.parent / "templates"
    found = set()
    for path in (templates / "reviews").rglob("*.html"):
        for name in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            if "/" in name and not name.startswith("reviews/"):
                found.add(f"{path.relative_to(templates)}: {name}")
    assert found == set()
