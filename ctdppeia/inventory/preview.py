"""The check page before publishing: the public entry exactly as the public will see it, and
the state it was shown over (`ctdppeia.checkpage`)."""

from dataclasses import dataclass
from typing import Any

from ctdppeia import checkpage
from ctdppeia.inventory import clock, services
from ctdppeia.inventory.facts import latest_decision
from ctdppeia.inventory.fields import changes, public_record
from ctdppeia.models import AIUseCase

STEP = "inventory.publish"


@dataclass(frozen=True)
class Preview:
    record: dict[str, Any]  # the public record, as the entry page shows it
    changed: list[str]  # the fields that differ from the version in the inventory
    first: bool  # the system's first version
    id_assigned: bool  # the inventory id is known (kept from an earlier version)


def preview(use_case: AIUseCase, content: dict[str, Any]) -> Preview:
    """The version publishing `content` would add. Raises what ``services.prepared`` raises."""
    fields = services.prepared(use_case, content)
    previous = services.latest(use_case)
    number = previous.version + 1 if previous is not None else 1
    public_id = use_case.public_id or services.next_public_id(use_case.agency.code)
    record = public_record(public_id, number, clock.now(), fields, clock.today())
    before = previous.fields if previous is not None else None
    return Preview(
        record, changes(before, fields), previous is None, use_case.public_id is not None
    )


def state_of(use_case: AIUseCase) -> str:
    """A digest of what the preview shows that the form did not give: the version in the
    inventory, the inventory id, the agency, and the group's latest decision."""
    previous = services.latest(use_case)
    decision = latest_decision(use_case)
    return checkpage.digest(
        {
            "latest": [previous.id, previous.version] if previous is not None else None,
            "public_id": use_case.public_id,
            "agency": [use_case.agency.code, use_case.agency.name],
            "decision": [decision.id, decision.outcome] if decision is not None else None,
            "retired": use_case.retired_at,
        }
    )
