"""`make test` runs the fault tests from tests/faults and the browser tests from tests/e2e
only (collecting the whole suite to pick them out costs seconds each time): a test marked
either way anywhere else would never run there."""

from pathlib import Path

TESTS = Path(__file__).parent
MARKED_FOLDERS = {"faults": "faults", "e2e": "e2e"}


def marked_elsewhere(root: Path, mark: str, folder: str) -> list[str]:
    """The modules under `root` that use `pytest.mark.<mark>` outside `root`/`folder`."""
    return [
        path.relative_to(root).as_posix()
        for path in sorted(root.rglob("*.py"))
        if path.resolve() != Path(__file__).resolve()
        and (root / folder) not in path.parents
        and f"mark.{mark}" in path.read_text(encoding="utf-8")
    ]


def test_fault_and_browser_tests_live_in_their_folders() -> None:
    for mark, folder in MARKED_FOLDERS.items():
        assert marked_elsewhere(TESTS, mark, folder) == [], f"marked {mark} outside {folder}/"


def test_a_marked_test_outside_its_folder_is_found(tmp_path: Path) -> None:
    (tmp_path / "faults").mkdir()
    (tmp_path / "reviews").mkdir()
    marked = "import pytest\npytestmark = pytest.mark.faults\n"
    (tmp_path / "faults" / "test_kill.py").write_text(marked, encoding="utf-8")
    (tmp_path / "reviews" / "test_stray.py").write_text(marked, encoding="utf-8")
    assert marked_elsewhere(tmp_path, "faults", "faults") == ["reviews/test_stray.py"]
