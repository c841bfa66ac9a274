"""The Dutch algorithm register's publication standard v1.0 (Algoritmeregister): its 31
fields, with its own limits and Dutch values.

Source: MinBZK/Algoritmeregister, backend/app/schemas/config/v1_0.json (30 fields) and the
register's publication date, ``publication_dt``. The entries are in English, so ``lang`` is
"eng" (ISO 639-3); the v1.0 file lists only "nld", the register itself also takes English.
"""

from ctdppeia.inventory.standards import (
    NO_FIRST_USE,
    NO_LAW,
    NO_LINK_TO_ASSESSMENT,
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
STATUS = {"pilot": "In gebruik", "in_use": "In gebruik", "retired": "Buiten gebruik"}
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
        "`status`: pilot or in use → In gebruik, retired → Buiten gebruik",
        enum_of(STATUS, "status"),
        kind="enum",
        values=STATUSES,
        always=True,
    ),
    blank("begin_date", NO_FIRST_USE, kind="month"),
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
    blank("impacttoetsen_grouping", NO_LINK_TO_ASSESSMENT, kind="links"),
    blank("impacttoetsen", NO_LINK_TO_ASSESSMENT),
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
