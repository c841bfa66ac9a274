"""The analyses' findings as flags in the review's flag list, beside the questionnaire's.

Each flag id is the analysis id and the finding's id (``analysis-3-disparity-white``), so it is
unique on the review and stays the same while the analysis does; a response given to it stays
with it.
"""

from ctdppeia.analyses.advice import advice
from ctdppeia.analyses.results import computed_for
from ctdppeia.models import Review
from ctdppeia.reviews.flags import ReviewFlag

SOURCE = "analysis"


def flag_id(analysis_id: int, finding_id: str) -> str:
    return f"analysis-{analysis_id}-{finding_id}"


def analysis_flags(review: Review) -> list[ReviewFlag]:
    """The flags raised by every outcome analysis of the review."""
    flags = []
    for computed in computed_for(review):
        analysis = computed.analysis
        for finding in computed.result.flags:
            flags.append(
                ReviewFlag(
                    id=flag_id(analysis.id, finding.id),
                    severity=finding.severity,
                    category=finding.category,
                    title=f"{analysis.title}: {finding.title}",
                    advice=advice(finding.severity, finding.verdict),
                    route=None,
                    source=SOURCE,
                    detail=finding.detail,
                )
            )
    return flags
