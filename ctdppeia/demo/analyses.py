"""Sample outcome analyses for the demo reviews: one favorable outcome with a clear gap, and the
adverse outcome whose favorable-rate ratio passes while its adverse-rate ratio does not."""

from ctdppeia.analyses.services import AnalysisInput, create_analysis
from ctdppeia.disparity import GroupCount
from ctdppeia.models import OutcomeAnalysis, Review, User

EARNINGS = AnalysisInput(
    title="Earnings two years after starting Care 4 Kids",
    outcome_label="Earnings rose by 10 % or more",
    direction="favourable",
    reference_method="best",
    reference_label=None,
    groups=(
        GroupCount("White", 400, 220),
        GroupCount("Black or African American", 300, 120),
        GroupCount("Hispanic or Latino", 250, 120),
        GroupCount("Asian", 8, 5),
    ),
)
EMERGENCY_VISITS = AnalysisInput(
    title="Emergency visits in the year after coverage ends",
    outcome_label="At least one emergency room visit",
    direction="adverse",
    reference_method="best",
    reference_label=None,
    groups=(
        GroupCount("White", 1000, 100),
        GroupCount("Black or African American", 350, 80),
        GroupCount("Hispanic or Latino", 620, 70),
        GroupCount("Asian", 9, 1),
    ),
)


def add(user: User, review: Review, data: AnalysisInput) -> OutcomeAnalysis:
    """Add one sample analysis to a review that is still in progress."""
    return create_analysis(user, review, data)
