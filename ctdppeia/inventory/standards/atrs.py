"""The UK Algorithmic Transparency Recording Standard: tier 1 (with the record's metadata and
title) and tier 2, in the attribute names of its v3.0 template (March 2024).

Source: co-cddo/algorithmic-transparency-recording-standard, template_table.md. Every ATRS
attribute is a UTF-8 string or a date; tier 2 allows "N/A", which these files write as null.
"""

from dataclasses import replace

from ctdppeia.inventory.fields import DECISION_ROLES
from ctdppeia.inventory.standards import (
    NO_DATA_DETAIL,
    NO_MODEL_DETAIL,
    NO_SUMMARY,
    NO_TEAM,
    NOT_HERE,
    EntryView,
    Target,
    blank,
    constant,
    copy,
    derived,
)

VERSION = "3.0"
TIER_1_TITLE = "UK Algorithmic Transparency Recording Standard v3.0, tier 1"
TIER_2_TITLE = "UK Algorithmic Transparency Recording Standard v3.0, tier 2"
PHASE = {
    "pre_deployment": "Development",
    "pilot": "Pilot",
    "deployed": "Production",
    "retired": "Retired",
}
TRAINING = {
    "done": "Staff who use it are trained, with their knowledge checked again and again "
    "(OMB M-25-21 minimum practice 4(b)(iv): done).",
    "in_progress": "Training for the staff who use it is being set up (OMB M-25-21 minimum "
    "practice 4(b)(iv): in progress).",
    "waived": "The training practice of OMB M-25-21 (4(b)(iv)) was waived; the entry's "
    "waivers say by whom and why.",
}
UK_ONLY = "A UK-only field (UK organisation types, regions or company numbers)."
MANY = frozenset({"model_specification", "data_specification"})


def _phase(view: EntryView) -> str | None:
    return PHASE.get(view.plain("development_stage"))


def _training(view: EntryView) -> str | None:
    return TRAINING.get(view.plain("practice_training"))


def _involvement(view: EntryView) -> str | None:
    if view.text("vendor") is None:
        return None
    return "No" if view.built_in_house else "Yes"


def _supplier(view: EntryView) -> str | None:
    return None if view.built_in_house else view.text("vendor")


def _decision_role(view: EntryView) -> str | None:
    return DECISION_ROLES.get(view.value("decision_role"))


def _assessment(view: EntryView) -> str | None:
    done = view.value("impact_assessment_before_use")
    if not isinstance(done, bool):
        return None
    said = "was" if done else "was not"
    return f"An impact assessment {said} done before the system was put into use."


def _maintenance(view: EntryView) -> str | None:
    due = view.text("next_review_date")
    return f"The AI advisory group reviews the system again by {due}." if due else None


TIER_1: tuple[Target, ...] = (
    copy("id", "public_id", always=True),
    constant("standard_version", VERSION, "the template these names follow"),
    blank("organisation_type", UK_ONLY),
    blank("function", NOT_HERE),
    blank("capability", NOT_HERE),
    blank("task", NOT_HERE),
    blank("tags", NOT_HERE),
    copy("date_of_completion", "last_change", kind="date", always=True),
    copy("date_updated", "last_change", kind="date", always=True),
    copy("date_archived", "retired_on", kind="date"),
    copy("title", "name", always=True),
    copy("organisation_name", "agency_name", always=True),
    derived(
        "phase",
        "`development_stage`: pre-deployment → Development, pilot → Pilot, deployed → "
        "Production, retired → Retired (the v3.0 template leaves the phase as free text)",
        _phase,
        kind="enum",
        values=tuple(PHASE.values()),
        always=True,
    ),
    blank("region", UK_ONLY),
    blank("one_sentence_description", NO_SUMMARY),
    copy("name", "name", always=True),
    copy("description", "capabilities_and_uses", always=True),
    derived("website_url", "the entry's public page", lambda view: view.entry_url, always=True),
    copy("contact_email", "public_contact", always=True),
)


def _in(section: str, *targets: Target) -> tuple[Target, ...]:
    return tuple(replace(target, section=section) for target in targets)


TIER_2: tuple[Target, ...] = (
    copy("id", "public_id", always=True),
    *_in(
        "owner_and_responsibility",
        copy("organisation_or_department", "agency_name", always=True),
        blank("team", NO_TEAM),
        copy("senior_responsible_owner", "risk_accepted_by"),
        derived(
            "external_supplier_involvement",
            "`vendor`: “None: …” → No, any other → Yes",
            _involvement,
            kind="enum",
            values=("Yes", "No"),
            always=True,
        ),
        derived("external_supplier", "`vendor`, unless built by the agency", _supplier),
        blank("companies_house_number", UK_ONLY),
        blank("external_supplier_role", "The entry names the vendor, not its role."),
        blank("procurement_procedure_type", "The entry does not record how it was bought."),
        blank("data_access_terms", "The entry does not record the vendor's data terms."),
    ),
    *_in(
        "description_and_rationale",
        copy("detailed_description", "capabilities_and_uses", always=True),
        blank("scope", NO_SUMMARY),
        blank("benefit", "The entry does not state the expected benefits on their own."),
        blank("previous_process", "The entry does not describe the process before it."),
        blank("alternatives_considered", "The entry does not record the alternatives."),
    ),
    *_in(
        "decision_making_process",
        derived(
            "process_integration",
            "`decision_role`, in words (CGS 4a-2e, item C)",
            _decision_role,
            always=True,
        ),
        blank("provided_information", "The entry does not describe what staff are shown."),
        blank("frequency_and_scale_of_usage", "The entry does not record how often it runs."),
        copy("human_decisions_and_review", "human_oversight"),
        derived(
            "required_training",
            "`practice_training` (OMB's minimum practice 4(b)(iv)), in a sentence; empty when "
            "not started",
            _training,
        ),
        copy("appeals_and_review", "how_to_appeal"),
    ),
    *_in(
        "tool_specification",
        blank("system_architecture", NO_MODEL_DETAIL),
        derived(
            "phase",
            "`development_stage`, as in tier 1",
            _phase,
            kind="enum",
            values=tuple(PHASE.values()),
            always=True,
        ),
        derived("maintenance", "`next_review_date`, in a sentence", _maintenance),
        copy("models", "ai_technique"),
    ),
    *_in(
        "model_specification",
        blank("model_name", NO_MODEL_DETAIL),
        blank("model_version", NO_MODEL_DETAIL),
        blank("model_task", NO_MODEL_DETAIL),
        blank("model_input", NO_MODEL_DETAIL),
        blank("model_output", NO_MODEL_DETAIL),
        blank("model_architecture", NO_MODEL_DETAIL),
        blank("model_performance", NO_MODEL_DETAIL),
        copy("datasets", "data_used"),
        blank("dataset_purposes", NO_DATA_DETAIL),
    ),
    *_in(
        "data_specification",
        blank("source_data_name", NO_DATA_DETAIL),
        blank("data_modality", NO_DATA_DETAIL),
        copy("data_description", "data_used"),
        blank("data_quantities", NO_DATA_DETAIL),
        blank("sensitive_attributes", NO_DATA_DETAIL),
        blank("data_completeness_and_representativeness", NO_DATA_DETAIL),
        blank("source_data_url", NO_DATA_DETAIL),
        blank("data_collection", NO_DATA_DETAIL),
        blank("data_cleaning", NO_DATA_DETAIL),
        blank("data_sharing_agreements", NO_DATA_DETAIL),
        blank("data_access_and_storage", NO_DATA_DETAIL),
    ),
    *_in(
        "risks",
        derived(
            "impact_assessment",
            "`impact_assessment_before_use`, in a sentence (CGS 4a-2e, item D)",
            _assessment,
            always=True,
        ),
        copy("risks_and_mitigations", "risk_tier_basis"),
    ),
)
