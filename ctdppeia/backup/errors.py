"""The one error a backup or a restore reports to the person running it."""


class BackupError(Exception):
    """Why an archive cannot be written or restored, in words that name the problem."""
