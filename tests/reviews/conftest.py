"""The reviews tests' own fixtures: reviews waiting for the approver."""

from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.models import User
from tests.factories.reviews import waiting_for_approval

# The approver's group of "Waiting for you" on the home page.
APPROVALS = "Reviews waiting for your approval"


@pytest.fixture
def three_waiting(app: Flask, qdir: Path, reviewer: User) -> list[int]:
    """Three submitted reviews of DSS: 2, 20 and 11 days old (two are overdue)."""
    return [
        waiting_for_approval(app, reviewer, title, days)
        for title, days in (("Newest request", 2), ("Oldest request", 20), ("Middle request", 11))
    ]
