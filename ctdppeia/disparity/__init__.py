"""The disparate-impact check: pure functions and plain data, no Flask and no database.

rows = parse_csv(upload_bytes)                  # or validate_rows(form_rows)
result = analyse(rows, direction="adverse", reference="best", min_cell=11)
snapshot = public_view(result)                  # strings, ints, bools, None: no floats
data = to_json(result)                          # numbers at full precision, text beside them
chart = bar_chart(result)                       # geometry for the SVG and the PDF drawing
"""

from .chart import Bar, Chart, Tick, bar_chart
from .flags import build_flags, slug
from .report import (
    format_interval,
    format_p,
    format_rate,
    format_ratio,
    public_view,
    to_dict,
    to_json,
)
from .results import (
    ADVERSE,
    BEST,
    DEFAULT_MIN_CELL,
    DIRECTIONS,
    FAVOURABLE,
    LARGEST,
    NAMED,
    AnalysisResult,
    DisparityError,
    DisparityFlag,
    GroupCount,
    GroupResult,
)
from .stats import analyse, choose_reference, is_suppressed
from .table import (
    MAX_BYTES,
    MAX_ROWS,
    OMB_2024_CATEGORIES,
    Problem,
    TableError,
    parse_csv,
    template_csv,
    validate_rows,
)
from .verdict import TEST_WORDS, VERDICT_WORDS

__all__ = [
    "ADVERSE",
    "BEST",
    "DEFAULT_MIN_CELL",
    "DIRECTIONS",
    "FAVOURABLE",
    "LARGEST",
    "MAX_BYTES",
    "MAX_ROWS",
    "NAMED",
    "OMB_2024_CATEGORIES",
    "TEST_WORDS",
    "VERDICT_WORDS",
    "AnalysisResult",
    "Bar",
    "Chart",
    "DisparityError",
    "DisparityFlag",
    "GroupCount",
    "GroupResult",
    "Problem",
    "TableError",
    "Tick",
    "analyse",
    "bar_chart",
    "build_flags",
    "choose_reference",
    "format_interval",
    "format_p",
    "format_rate",
    "format_ratio",
    "is_suppressed",
    "parse_csv",
    "public_view",
    "slug",
    "template_csv",
    "to_dict",
    "to_json",
    "validate_rows",
]
