"""The Dutch algorithm register's publication standard v1.0 (Algoritmeregister): its 31
fields, with its own limits and Dutch values.

Source: MinBZK/Algoritmeregister, backend/app/schemas/config/v1_0.json (30 fields) and the
register's publication date, ``publication_dt``. The entries are in English, so ``lang`` is
"eng" (ISO 639-3); the v1.0 file lists only "nld", the register itself also takes English.
"""

from ctdppeia.inventory.standards import (
    NO_LAW,
    NO_TOPIC,
    NOT_HERE,
    EntryView,
    Target,
    blank,
    constant,
    copy,
    derived,
    enum_of,
)

TITLE = "Algoritmeregister publicatiestandaard 1.0"
STATUS = {
    "pre_deployment": "In ontwikkeling",
    "pilot": "In gebruik",
    "deployed": "In gebruik",
    "retired": "Buiten gebruik",
}
STATUSES = ("In ontwikkeling", "In gebruik", "Buiten gebruik")
CATEGORY = {"high": "Impactvolle algoritmes", "medium": "Overige algoritmes"}
CATEGORY["low"] = "Overige algoritmes"
CATEGORIES = ("Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes")
THEMES = (
    "Organisatie en bedrijfsvoering", "Cultuur en recreatie", "Economie", "Overheidsfinanciën",
    "Wonen", "Internationaal", "Migratie en integratie", "Natuur en milieu",
    "Onderwijs en wetenschap", "Openbare orde en veiligheid", "Recht",
    "Ruimte en infrastructuur", "Sociale zekerheid", "Verkeer", "Werk", "Zorg en gezondheid",
)  # fmt: skip
LANGUAGES = ("nld", "eng", "fry")
SUBSTANCE = 2500  # the register's limit on each of its longer texts


def _assessments(view: EntryView) -> list[dict[str, str | None]] | None:
    link = view.text("impact_assessment_record")
    if link is None:
        return None
    return [{"title": _assessment_title(view), "link": link}]


def _assessment_title(view: EntryView) -> str:
    signed = view.date("impact_assessment_date")
    title = "Impact assessment (Connecticut Responsible AI review, CGS 4-68jj)"
    return f"{title}, signed {signed}" if signed else title


def _assessment_text(view: EntryView) -> str | None:
    link = view.text("impact_assessment_record")
    return f"{_assessment_title(view)}: {link}" if link else None


def _provider(view: EntryView) -> str | None:
    if view.text("vendor") is None:
        return None
    return "Intern ontwikkeld" if view.built_in_house else view.text("vendor")


FIELDS: tuple[Target, ...] = (
    copy("name", "name", max_length=100, always=True),
    copy("description_short", "capabilities_and_uses", max_length=350, always=True),
    copy("organization", "agency_name", max_length=100, always=True),
    blank("category", NO_TOPIC, kind="list", values=THEMES),
    derived(
        "status",
        "`development_stage`: pre-deployment → In ontwikkeling, pilot or deployed → In "
        "gebruik, retired → Buiten gebruik",
        enum_of(STATUS, "development_stage"),
        kind="enum",
        values=STATUSES,
        always=True,
    ),
    derived(
        "begin_date",
        "`date_first_used`, as year and month; empty when withheld",
        lambda view: view.month("date_first_used"),
        kind="month",
    ),
    derived(
        "end_date",
        "`retired_on`, as year and month",
        lambda view: view.month("retired_on"),
        kind="month",
    ),
    copy("contact_email", "public_contact", max_length=500, always=True),
    derived("website", "the entry's public page", lambda view: view.entry_url, always=True),
    blank("url", "There is no machine-readable file for one entry yet."),
    derived(
        "publication_category",
        "`risk_tier`: high → Impactvolle algoritmes, medium or low → Overige algoritmes "
        "(never Hoog-risico AI-systeem: that is the EU AI Act's legal category)",
        enum_of(CATEGORY, "risk_tier"),
        kind="enum",
        values=CATEGORIES,
        always=True,
    ),
    copy("goal", "capabilities_and_uses", max_length=SUBSTANCE),
    blank("proportionality", "The entry does not weigh benefits against drawbacks yet."),
    copy("human_intervention", "human_oversight", max_length=SUBSTANCE),
    copy("risks", "risk_tier_basis", max_length=SUBSTANCE),
    blank("lawful_basis", NO_LAW),
    blank("lawful_basis_grouping", NO_LAW, kind="links"),
    blank("process_index_url", "Connecticut has no public register of processing."),
    derived(
        "impacttoetsen_grouping",
        "`impact_assessment_record` and `impact_assessment_date`: one link to the signed "
        "assessment",
        _assessments,
        kind="links",
    ),
    derived(
        "impacttoetsen",
        "`impact_assessment_record` and `impact_assessment_date`, in a sentence",
        _assessment_text,
    ),
    copy("source_data", "data_used", max_length=SUBSTANCE),
    blank("source_data_grouping", "The entry has no links to its data sources.", kind="links"),
    copy("methods_and_models", "ai_technique", max_length=5000),
    derived(
        "provider",
        "`vendor`; “Intern ontwikkeld” when built by the agency",
        _provider,
        max_length=200,
        source_key="vendor",
        always=True,
    ),
    blank("publiccode", "The entry does not record where source code is published."),
    constant("lang", "eng", "the entries are written in English", kind="enum", values=LANGUAGES),
    constant(
        "standard_version", "1.0", "the standard these fields follow", kind="enum", values=("1.0",)
    ),
    copy("source_id", "public_id", max_length=100, always=True),
    blank("tags", "The entry has no search terms."),
    blank("lars", NOT_HERE),
    copy("publication_dt", "published_at", kind="datetime", always=True),
)
