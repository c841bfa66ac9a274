"""What a reviewer should do about each finding of an outcome analysis, in the flag and on
the analysis page."""

ADVICE: dict[str, str] = {
    "high": (
        "Find the cause of the gap before approval. Check the data, the method and the program "
        "rules, and discuss the finding with the data owners."
    ),
    "medium": (
        "The gap is large and unlikely to be chance. Find its cause with the data owners "
        "before approval, and write in the review what will be done about it."
    ),
    "low": "No action is needed now, but check this group again when new data come in.",
    "info": "Read the note: it explains what the analysis could not show.",
}


# Advice that depends on what the finding is, not only on how severe it is.
ADVICE_BY_VERDICT: dict[tuple[str, str], str] = {
    ("medium", "possible-gap"): (
        "The gap may be real, but the groups are too small to be sure. Gather more data or "
        "combine small groups, then run the analysis again before drawing a conclusion."
    ),
    ("low", "higher-adverse-rate"): (
        "The gap could be chance. Check this group again when new data come in."
    ),
}


def advice(severity: str, verdict: str = "") -> str:
    """What to do about a finding: a large significant gap asks for its cause, a gap on too
    little data for more data."""
    return ADVICE_BY_VERDICT.get((severity, verdict), ADVICE[severity])
