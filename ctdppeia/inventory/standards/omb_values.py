"""The values of OMB's closed columns (2025 inventory): for each, the code OMB's consolidated
file writes (the data dictionary's "shorthand code") and the reporting template's wording.

Source: ombegov/2025-Federal-Agency-AI-Use-Case-Inventory, Validation/data_dictionary.md.
"""

# ruff: noqa: RUF001 (OMB's wording is quoted exactly, with its dashes and apostrophes)

WAIVED = "Agency CAIO has waived this minimum practice and reported such waiver to OMB"


def _same(*values: str) -> dict[str, str]:
    """Values the template and the file write alike."""
    return {value: value for value in values}


TOPICS = {
    "Admin Functions": "Administrative Functions",
    "Cybersecurity": "Cybersecurity",
    "Emergency Mgmt": "Emergency Management",
    "Energy and Environment": "Energy and the Environment",
    "Benefits Processing": "Government Benefits Processing",
    "Health and Medical": "Health and Medical",
    "HR": "Human Resources",
    "IT": "Information Technology",
    "International Affairs": "International Affairs",
    "Law Enforcement": "Law Enforcement",
    "Other": "Other",
    "Procurement and Finance Mgmt": "Procurement and Financial Management",
    "Science": "Science",
    "Service Delivery": "Service Delivery",
    "Transportation": "Transportation",
}
CLASSES = {
    "Agentic AI": "Agentic AI: AI systems that perform tasks or make decisions autonomously "
    "with minimal human intervention.",
    "Classical ML": "Classical/Predictive Machine Learning: Models trained on data to make "
    "predictions or classifications based on identified patterns or relationships.",
    "Computer Vision": "Computer Vision: AI that processes and interprets visual data (e.g., "
    "images and videos).",
    "Generative AI": "Generative AI: AI that generates new or synthetic content (e.g., images, "
    "videos, audio, text, code).",
    "NLP": "Natural Language Processing: AI that processes, interprets, and shares "
    "information in human language.",
    "Reinforcement Learning": "Reinforcement Learning: AI trained through trial and error "
    "using rewards and penalties to optimize decision-making policies.",
}
DEMOGRAPHICS = _same(
    "Race/Ethnicity", "Sex", "Age", "Religious Affiliation", "Socioeconomic Status",
    "Ability Status", "Residency Status", "Marital Status", "Income", "Employment Status",
    "None of the above", "Other",
)  # fmt: skip
DONE_OR_WAIVED = {"Yes": "a) Yes", "In-progress": "b) In-progress", "CAIO Waived": f"c) {WAIVED}"}

VALUES: dict[str, dict[str, str]] = {
    "is_withheld": {
        "No": "a) No",
        "Yes - Disclosure Risk": "b) Yes – agency has determined that there’s a risk to "
        "disclosure, such as a harm to an interest protected by a FOIA exemption",
        "Yes - Prohibited by Law": "c) Yes – disclosure is prohibited by law",
        "Other": "d) Other",
    },
    "development_stage": {
        "Pre-deployment": "a) Pre-deployment – The use case is in a development or "
        "acquisition status.",
        "Pilot": "b) Pilot – The use case has been deployed in a limited test or pilot capacity.",
        "Deployed": "c) Deployed – The use case is being actively authorized or utilized to "
        "support the functions or mission of an agency.",
        "Retired": "d) Retired – The use case was reported in the agency’s prior year’s "
        "inventory, but its development and/or use has since been discontinued.",
    },
    "is_high_impact": {
        "High-impact": "a) High-impact",
        "Presumed High-Impact, but Not High-impact": "b) Presumed high-impact, but determined "
        "not high impact",
        "Not High-impact": "c) Not high-impact",
    },
    "topic_area": TOPICS,
    "classification": CLASSES,
    "contracting_usage": {
        "Vendor Purchased": "a) Purchased from a vendor",
        "In-house Development": "b) Developed in-house",
        "Contracting and In House": "c) Developed with both contracting and in-house resources",
    },
    "have_ato": _same("No", "Yes"),
    "has_pii": _same("No", "Yes"),
    "demographic_features": DEMOGRAPHICS,
    "has_custom_code": _same("No", "Yes"),
    "hi_testing_conducted": DONE_OR_WAIVED,
    "hi_assessment_completed": DONE_OR_WAIVED,
    "hi_independent_review": {
        "Internal Independent Review": "a) Yes – by another appropriate agency office or "
        "reviewer not directly involved in the AI’s development",
        "Oversight Board Review": "b) Yes – by an agency AI oversight board not directly "
        "involved in the AI’s development",
        "CAIO Review": "c) Yes – by the CAIO",
        "In-progress": "d) In-progress",
        "CAIO Waived": f"e) {WAIVED}",
    },
    "hi_ongoing_monitoring": {
        "Yes - Monitoring Established": "a) Yes, sufficient monitoring protocols have been "
        "established",
        "In-progress": "b) Development of monitoring protocols is in-progress",
        "CAIO Waived": f"c) {WAIVED}",
    },
    "hi_training_established": {
        "Training Established": "a) Yes, sufficient and periodic training has been established",
        "Training In-progress": "b) Establishment of sufficient and periodic training is "
        "in-progress",
        "CAIO Waived": f"c) {WAIVED}",
    },
    "hi_failsafe_presence": {
        "Yes": "a) Yes",
        "Not Applicable": "b) Not applicable",
        "In-progress": "c) In-progress",
        "CAIO Waived": f"d) {WAIVED}",
    },
    "hi_appeal_process": {
        "Appeal Process Established": "a) Yes, an appropriate appeal process has been established",
        "Not Applicable": "b) Not applicable",
        "Appeal Process In-progress": "c) Establishment of an appropriate appeal process is "
        "in-progress",
        "Appeal Precluded by Law": "d) Law, operational limitations, or governmentwide "
        "guidance precludes an opportunity for an individual to appeal",
        "CAIO Waived": f"e) {WAIVED}",
    },
    "hi_public_consultation": {
        "Usability Testing": "a) Direct usability testing",
        "Public Feedback Solicitations": "b) General solicitations of feedback and comments "
        "from the public",
        "Public Hearings": "c) Public hearings or meetings",
        "Other": "d) Other",
        "In-progress": "e) In-progress",
        "CAIO Waived": f"f) {WAIVED}",
    },
}
