"""The inventory tests' helpers (use cases, decisions, signing, publishing) for the tracker."""

from tests.inventory.conftest import (  # noqa: F401  (fixtures)
    decide,
    fixed_clock,
    make_use_case,
    publish,
    publisher,
    sign,
)
