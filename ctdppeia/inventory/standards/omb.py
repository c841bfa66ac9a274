"""OMB's 2025 federal AI use case inventory (M-25-21): its 36 columns, in its order, with its
exact headers and the values OMB's consolidated file writes (the data dictionary's "shorthand
codes"; the column specification also gives the reporting template's full wording).

Source: ombegov/2025-Federal-Agency-AI-Use-Case-Inventory, Validation/data_dictionary.md.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from ctdppeia.csvcells import csv_text
from ctdppeia.inventory.standards import (
    NO_BENEFITS,
    NO_CODE,
    NO_IMPACTS,
    NO_OUTPUTS,
    NO_TOPIC,
    EntryView,
    Target,
    blank,
    copy,
    date_of,
    derived,
    enum_of,
)
from ctdppeia.inventory.standards.omb_practices import consultation, independent_review, practice
from ctdppeia.inventory.standards.omb_values import VALUES

TITLE = "OMB 2025 AI use case inventory (M-25-21)"
ENCODING = "utf-8-sig"  # as OMB's own files, so spreadsheets read the dashes right

# The kinds of AI the review's question I3 names (facts.TECHNIQUE), as OMB's classes.
TECHNIQUE_CLASS = {
    "Generative AI that writes text, images or code": "Generative AI",
    "A predictive model, score or classifier": "Classical ML",
    "Face recognition or other biometrics to identify people": "Computer Vision",
    "Image or video analysis": "Computer Vision",
    "Speech recognition or voice": "NLP",
}
STAGE = {
    "pre_deployment": "Pre-deployment",
    "pilot": "Pilot",
    "deployed": "Deployed",
    "retired": "Retired",
}
HIGH_IMPACT = {"high": "High-impact", "medium": "Not High-impact", "low": "Not High-impact"}
PRESUMED_NOT = "Presumed High-Impact, but Not High-impact"
YES_NO = {True: "Yes", False: "No"}
NO_ATO = "Connecticut agencies do not issue federal Authorizations to Operate (ATO)."
NO_DEMOGRAPHICS = "The entry does not list the demographic features a model uses."


def _contracting(view: EntryView) -> str | None:
    if view.text("vendor") is None:
        return None
    return "In-house Development" if view.built_in_house else "Vendor Purchased"


def _vendor(view: EntryView) -> str | None:
    return None if view.built_in_house else view.text("vendor")


def _high_impact(view: EntryView) -> str | None:
    if view.presumed_but_not_high:
        return PRESUMED_NOT
    return HIGH_IMPACT.get(view.value("risk_tier"))


def _justification(view: EntryView) -> str | None:
    return view.text("tier_change_reason") if view.presumed_but_not_high else None


def _is_withheld(view: EntryView) -> str:
    return "Other" if view.withheld else "No"


COLUMNS: tuple[Target, ...] = (
    copy("agency", "agency_code", always=True),
    copy("agency_name", "agency_name", always=True),
    copy("id", "public_id", always=True),
    copy("use_case_name", "name", always=True),
    derived(
        "agency_bureau",
        "`agency_name`: the agency itself, as the inventory records no office within it",
        lambda view: view.text("agency_name"),
        always=True,
    ),
    copy("contact_email", "public_contact", always=True),
    derived(
        "is_withheld",
        "`withheld`: no field withheld → No; any field withheld → Other (the reason is the "
        "publisher's own words, not sorted into OMB's two kinds; each withheld text reads "
        "“Withheld: <reason>”, and a withheld date or yes/no is left empty)",
        _is_withheld,
        kind="enum",
        always=True,
    ),
    derived(
        "development_stage",
        "`development_stage`: pre-deployment → Pre-deployment, pilot → Pilot, deployed → "
        "Deployed, retired → Retired",
        enum_of(STAGE, "development_stage"),
        kind="enum",
        always=True,
    ),
    derived(
        "is_high_impact",
        "`risk_tier`: high → High-impact, medium or low → Not High-impact; Presumed "
        "High-Impact, but Not High-impact when `rules_risk_tier` (the questionnaire's) is high "
        "and the advisory group set a lower tier",
        _high_impact,
        kind="enum",
        always=True,
    ),
    derived(
        "HI_justification",
        "`tier_change_reason`, when the questionnaire's tier was high and the group's is not",
        _justification,
    ),
    blank("topic_area", NO_TOPIC, kind="enum"),
    derived(
        "classification",
        "`ai_technique` when it is one of the review's kinds of AI (question I3); else empty",
        enum_of(TECHNIQUE_CLASS, "ai_technique"),
        kind="enum",
    ),
    copy("problem_solved", "capabilities_and_uses", always=True),
    blank("benefits", NO_BENEFITS),
    blank("system_outputs", NO_OUTPUTS),
    date_of("operational_date", "date_first_used"),
    derived(
        "contracting_usage",
        "`vendor`: “None: …” → In-house Development, any other → Vendor Purchased",
        _contracting,
        kind="enum",
        always=True,
    ),
    derived("vendor_name", "`vendor`, unless built by the agency", _vendor),
    blank("have_ato", NO_ATO, kind="enum"),
    blank("system_name_ato", NO_ATO),
    copy("data_description", "data_used"),
    blank("link_to_data", "The entry has no link to an open data set."),
    derived(
        "has_pii",
        "`personal_data`: true → Yes, false → No; empty when withheld",
        enum_of(YES_NO, "personal_data"),
        kind="enum",
    ),
    copy("pia_url", "impact_assessment_record"),
    blank("demographic_features", NO_DEMOGRAPHICS, kind="list"),
    blank("has_custom_code", NO_CODE, kind="enum"),
    blank("code_url", NO_CODE),
    practice("hi_testing_conducted"),
    practice("hi_assessment_completed"),
    blank("hi_potential_impacts", NO_IMPACTS),
    independent_review(),
    practice("hi_ongoing_monitoring"),
    practice("hi_training_established"),
    practice("hi_failsafe_presence"),
    practice("hi_appeal_process"),
    consultation(),
)
HEADERS: tuple[str, ...] = tuple(target.name for target in COLUMNS)


def values_of(target: Target) -> tuple[str, ...]:
    """The values a closed column may hold (empty for free text)."""
    if target.name in VALUES:
        return tuple(VALUES[target.name])
    return target.values


def row(view: EntryView) -> list[Any]:
    """One row of the file: a cell a column, in ``HEADERS`` order."""
    return [target.read(view) for target in COLUMNS]


def csv_chunks(views: Iterable[EntryView]) -> Iterator[bytes]:
    """The file a row at a time: UTF-8 with a byte order mark, the header, one row a system."""
    yield b"\xef\xbb\xbf" + csv_text([HEADERS]).encode("utf-8")
    for view in views:
        yield csv_text([row(view)]).encode("utf-8")


def column_specification(url: str) -> dict[str, Any]:
    """The published description of the CSV: every column, in order, with what it may hold,
    where its value comes from and, when it is always empty, why."""
    columns = []
    for position, target in enumerate(COLUMNS, start=1):
        column: dict[str, Any] = {
            "position": position,
            "name": target.name,
            "kind": target.kind,
            "source": target.source,
            "always_filled": target.always,
            "blank_because": target.blank_why or None,
        }
        allowed = values_of(target)
        if allowed:
            column["values"] = [
                {"value": value, "template_wording": VALUES.get(target.name, {}).get(value)}
                for value in allowed
            ]
        columns.append(column)
    return {
        "$id": url,
        "title": TITLE,
        "encoding": "UTF-8 with a byte order mark (utf-8-sig)",
        "format": "RFC 4180 CSV, one header row, one row a system",
        "lists": "a multi-select cell is a stringified list: ['Value 1', 'Value 2']",
        "dates": "ISO 8601 (2026-03-01)",
        "empty": "an empty cell means no value",
        "source": "https://github.com/ombegov/2025-Federal-Agency-AI-Use-Case-Inventory "
        "(Validation/data_dictionary.md)",
        "columns": columns,
    }
