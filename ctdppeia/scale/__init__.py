"""Sample data at scale: `flask seed-scale`, for measuring the pages as the data grow."""
