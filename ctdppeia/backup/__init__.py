"""Backups: the whole database to one archive file, and back into an empty database.

`export_archive` and `import_archive` are what the `export` and `import` commands run; the
archive's format is described in `archive.py` and docs/backups.md.
"""

from ctdppeia.backup.archive import Manifest
from ctdppeia.backup.errors import BackupError
from ctdppeia.backup.exporting import export_archive
from ctdppeia.backup.importing import Restored, import_archive

__all__ = ["BackupError", "Manifest", "Restored", "export_archive", "import_archive"]
