"""The crosswalk tables of docs/inventory-crosswalk.md, written from the mappings themselves
(``flask --app ctdppeia inventory crosswalk``), so the page says what the exports do."""

from ctdppeia.inventory.standards import Target, atrs, dutch, omb

START = "<!-- crosswalk:start (written by `flask --app ctdppeia inventory crosswalk`) -->"
END = "<!-- crosswalk:end -->"
TABLES: tuple[tuple[str, str, tuple[Target, ...]], ...] = (
    (omb.TITLE, "`/ai-inventory/omb-2025.csv`", omb.COLUMNS),
    (atrs.TIER_1_TITLE, "`/ai-inventory/atrs-tier-1.json`", atrs.TIER_1),
    (atrs.TIER_2_TITLE, "`/ai-inventory/atrs-tier-2.json`", atrs.TIER_2),
    (dutch.TITLE, "`/ai-inventory/algoritmeregister.json`", dutch.FIELDS),
)


def _row(target: Target) -> str:
    name = f"{target.section}.{target.name}" if target.section else target.name
    limit = f" (at most {target.max_length} characters)" if target.max_length else ""
    blank = target.blank_why or ("" if target.always else "empty when the entry leaves it empty")
    return f"| `{name}` | {target.source}{limit} | {blank} |"


def table(targets: tuple[Target, ...]) -> str:
    lines = ["| field | comes from | left blank |", "|---|---|---|"]
    return "\n".join([*lines, *(_row(target) for target in targets)])


def markdown() -> str:
    parts = [START]
    for title, address, targets in TABLES:
        blank = sum(1 for target in targets if target.is_blank)
        parts.append(f"### {title}\n\n{address}: {len(targets)} fields, {blank} always empty.")
        parts.append(table(targets))
    parts.append(END)
    return "\n\n".join(parts) + "\n"
