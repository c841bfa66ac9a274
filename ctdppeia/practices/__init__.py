"""OMB M-25-21's minimum practices for high-impact AI, tracked per AI use case."""
