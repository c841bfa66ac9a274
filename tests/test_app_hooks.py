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
    ("demo data", frozenset({"demo"})),
    ("the app", frozenset({"__init__", "cli", "scale"})),
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


def test_no_feature_holds_demo_data() -> None:
    """The demo seeders live in `ctdppeia/demo/`, on a floor above every feature, so no
    feature imports another only to make sample data."""
    below_the_demo = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if LAYER_OF[_own_package(path)] < LAYER_OF["demo"] and "demo" in path.stem
    }
    assert below_the_demo == set()


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


# What every template may use beside Flask's, Jinja's and the extensions' own names: the frame's
# helpers, registered in one place (`web.frame_globals`, `web.frame_filters`), each with why it
# belongs to every page. A feature's helpers reach its own pages through
# `templatehooks.register_page_helpers` and its panels through their template hook's values.
FRAME_GLOBALS = {
    "current_language": "every page and email says which language it is in",
    "language_names": "the language buttons in the header of every page",
    "gettext_in": "a sentence in the other language, on the language page",
    "N_": "marks a text for translation where a template passes it on (gettext_in)",
    "words": "every label and date format (ctdppeia.words), on any page",
    "flag_count_text": "the count of flags, worded the same on every list",
    "url_for_page": "the 'Older' and 'Newer' links of any long list (keyset)",
    "url_for_key": "the same, with the key of the row next to the page",
    "main_nav": "the navigation in the header of every page",
    "public_links": "the links for visitors without an account (the sign-in page, the header)",
    "nav_notice_count": "the count of unread notices in the header of every page",
    "mail_enabled": "any page asks it before it promises an email",
    "waiting_for": "'Waiting for you' on the home pages, whichever features add to it",
    "template_hook": "the named places in a page where features add their panels",
}
FRAME_FILTERS = {
    "datetime": "a moment, in the reader's language and time zone",
    "date": "a day, in the reader's language",
    "decimal": "a number with the reader's decimal mark (2.5 days, 2,5 días)",
    "markdown": "user-written markdown, rendered safely",
    "when": "how long ago, in words",
    "word": "the label of a stored code",
    "shown_events": "the audit events as the reader may see them",
}
# The only package that adds names to every template, and how it may be done.
APP_WIDE_NAMES = re.compile(
    r"jinja_env\.(?:globals|filters|tests)\b"
    r"|\b(?:add_)?(?:app_)?template_(?:global|filter|test)\b"
    r"|\bapp_context_processor\b|\bapp\.context_processor\b"
)


def _bare_app_names() -> tuple[set[str], set[str]]:
    """The globals and filters of a Flask app with the same extensions and nothing of ours."""
    from flask_babel import Babel
    from flask_login import LoginManager
    from flask_wtf.csrf import CSRFProtect

    bare = Flask("bare")
    bare.config["SECRET_KEY"] = "bare"
    for extension in (Babel(), CSRFProtect(), LoginManager()):
        extension.init_app(bare)
    return set(bare.jinja_env.globals), set(bare.jinja_env.filters)


def test_only_the_frame_adds_names_to_every_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feature's helper named app-wide would let any page, the review engine's too, call the
    feature by name: the app-wide names are the frame's, each with its reason above."""
    app = _app(tmp_path, monkeypatch, "frame")
    bare_globals, bare_filters = _bare_app_names()
    assert set(app.jinja_env.globals) - bare_globals == set(FRAME_GLOBALS)
    assert set(app.jinja_env.filters) - bare_filters == set(FRAME_FILTERS)
    ours = [
        f"{processor.__module__}.{processor.__qualname__}"
        for processor in app.template_context_processors[None]
        if processor.__module__.startswith("ctdppeia")
    ]
    assert ours == ["ctdppeia.web.request_values"]


def test_only_web_py_adds_names_to_every_template() -> None:
    found = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if APP_WIDE_NAMES.search(path.read_text(encoding="utf-8"))
    }
    assert found == {"web.py"}


def _offered_names(app: Flask) -> dict[str, set[str]]:
    """Each package's template folder -> the helper names the package offers its templates:
    to its blueprints' pages (`register_page_helpers`) and to its panels (`offering`)."""
    offered: dict[str, set[str]] = {}
    with app.test_request_context():
        for name, blueprint in app.blueprints.items():
            folder = _package_of(blueprint.import_name)
            for processor in app.template_context_processors.get(name, []):
                if processor.__module__.startswith("ctdppeia"):  # not Flask's own
                    offered.setdefault(folder, set()).update(processor())
    for panels in hooks(app).template_hooks.values():
        for panel in panels.values():
            names = getattr(panel.values, "offered", {})
            offered.setdefault(panel.template.split("/")[0], set()).update(names)
    return offered


def test_a_features_helpers_are_called_only_from_its_own_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review engine's pages, base.html and the shared macros call no feature's helper, and
    no feature calls another's: a panel another page shows comes through a template hook."""
    offered = _offered_names(_app(tmp_path, monkeypatch, "helpers"))
    assert {"board", "inventory", "reviews", "ai", "actions", "analyses"} <= set(offered)
    templates = PACKAGE.parent / "templates"
    found = set()
    for path in (path for path in templates.rglob("*") if path.is_file()):
        words = set(re.findall(r"\w+", path.read_text(encoding="utf-8")))
        folder = path.relative_to(templates).parts[0]  # "base.html" for the frame's own
        own = offered.get(folder, set())
        for owner, names in offered.items():
            if owner != folder:
                found |= {
                    f"{path.relative_to(templates)}: {owner}'s {name}"
                    for name in (names & words) - own
                }
    assert found == set()


def test_every_frame_name_is_documented() -> None:
    """docs/architecture.md lists the frame's names, the list a newcomer reads."""
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Template hooks", 1)[1].split("\n## ", 1)[0]
    missing = {name for name in {*FRAME_GLOBALS, *FRAME_FILTERS} if f"`{name}`" not in section}
    assert missing == set()
