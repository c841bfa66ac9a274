"""An archive holds every table: it is written, from its first byte, readable by its owner
only, whatever the umask of the process that writes it."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctdppeia.backup import archive as archive_module
from ctdppeia.backup.archive import writing
from tests.backup.conftest import Demo


@pytest.fixture(params=[0o022, 0o002, 0o000])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The usual umasks, and none at all (every bit the creator asks for is kept)."""
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_export_command_writes_a_file_only_its_owner_may_read(
    demo: Demo, tmp_path: Path, umask: int
) -> None:
    archive = tmp_path / "private.zip"
    result = demo.app.test_cli_runner().invoke(args=["export", str(archive)])
    assert result.exit_code == 0, result.output
    assert mode(archive) == 0o600


def test_the_partial_file_is_private_while_it_is_written(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "backup.zip"
    partial = tmp_path / ".backup.zip.partial"
    with writing(target) as writer:
        writer.add_table("probe", ["id"], [{"id": 1}])
        assert mode(partial) == 0o600
    assert mode(target) == 0o600 and not partial.exists()


def test_a_partial_file_left_readable_by_an_earlier_export_is_replaced(tmp_path: Path) -> None:
    partial = tmp_path / ".backup.zip.partial"
    partial.write_bytes(b"left over")
    partial.chmod(0o644)
    with writing(tmp_path / "backup.zip") as writer:
        writer.add_table("probe", ["id"], [{"id": 1}])
        assert mode(partial) == 0o600
    assert mode(tmp_path / "backup.zip") == archive_module.PRIVATE_MODE == 0o600
