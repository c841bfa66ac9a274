"""`flask disparity FILE.csv`: the disparate-impact check from the command line, as JSON.

The output is `ctdppeia.disparity.to_json`: suppressed groups' counts are hidden; rates, ratios,
confidence intervals and p-values are numbers at full precision, with the rounded text beside
each in a key ending in `_text` ("ratio": 0.5, "ratio_text": "0.50"; "z_p": 1.2e-05,
"z_p_text": "<0.001"). Bad input (a missing or unreadable file, any problem in the table, an
unusable reference group) prints one message per line on standard error and exits with status 1.
"""

import json
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app, has_app_context

from ctdppeia.disparity import (
    BEST,
    DEFAULT_MIN_CELL,
    DIRECTIONS,
    FAVOURABLE,
    MAX_BYTES,
    DisparityError,
    TableError,
    analyse,
    parse_csv,
    to_json,
)


@click.command("disparity")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--outcome",
    type=click.Choice(DIRECTIONS),
    default=FAVOURABLE,
    show_default=True,
    help="favourable (approved, hired, served) or adverse (denied, investigated, flagged).",
)
@click.option(
    "--reference",
    default=BEST,
    show_default=True,
    help="best (the best-off group), largest, or the name of a group.",
)
@click.option(
    "--min-cell",
    type=click.IntRange(min=0),
    default=None,
    help="Smallest count that may be shown [default: MIN_CELL_SIZE from the config, or 11].",
)
def disparity_command(file: Path, outcome: str, reference: str, min_cell: int | None) -> None:
    """Compare the groups in FILE.csv (columns group,total,outcome) and print JSON."""
    min_cell = _default_min_cell() if min_cell is None else min_cell
    try:
        result = analyse(parse_csv(_read(file)), outcome, reference, min_cell)
    except (TableError, DisparityError) as error:
        _fail(file, str(error))
    click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))


def _default_min_cell() -> int:
    if has_app_context():
        return int(current_app.config.get("MIN_CELL_SIZE", DEFAULT_MIN_CELL))
    return DEFAULT_MIN_CELL


def _read(file: Path) -> bytes:
    """The file's bytes, at most one more than the size limit (so the limit is still seen)."""
    try:
        with file.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        _fail(file, f"cannot read the file: {error.strerror or error}.")


def _fail(file: Path, message: str) -> NoReturn:
    for line in message.splitlines():
        click.echo(f"{file}: {line}", err=True)
    raise click.exceptions.Exit(1)
