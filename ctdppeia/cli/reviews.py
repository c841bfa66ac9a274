"""`flask --app ctdppeia reviews refresh-flags`: the stored flag state of open reviews."""

import click
from flask.cli import AppGroup

from ctdppeia.ai.stored import refresh_all
from ctdppeia.reviews.refresh import RefreshOutcome, refresh_flag_states

SHOWN = 20  # review ids named in the report; the rest are counted

reviews_cli = AppGroup("reviews", help="Work on the reviews from the shell.")


@reviews_cli.command("refresh-flags")
@click.option("--check", is_flag=True, help="Only report the reviews out of date; change nothing.")
def refresh_flags_command(check: bool) -> None:
    """Evaluate every review that is not locked under the rules in force and store the flags
    its answers raise, where the stored state (which the lists count) says otherwise.

    Run it once after each upgrade, after `flask db upgrade`, from one host; running it again
    changes nothing. Each flag raised or cleared is an audit event in the review's history.
    Locked reviews are never changed. Then each AI use case's stored queue status (which the
    AI list filters on) is computed again and written where it differs. With --check, exits
    with status 1 when any stored state is out of date.
    """
    outcome = refresh_flag_states(write=not check)
    click.echo(_report(outcome))
    statuses = refresh_all(write=not check)  # the AI queue's statuses follow the flags
    click.echo(_statuses_report(statuses, written=not check))
    if check and (outcome.stale or statuses):
        raise SystemExit(1)


def _report(outcome: RefreshOutcome) -> str:
    checked = f"Checked {outcome.checked} reviews not locked"
    locked = f"{outcome.locked} locked reviews left as they are"
    if not outcome.stale:
        return f"{checked} ({locked}): every stored flag state is up to date."
    ids = ", ".join(str(review_id) for review_id in outcome.stale[:SHOWN])
    if len(outcome.stale) > SHOWN:
        ids += f" and {len(outcome.stale) - SHOWN} more"
    done = "brought up to date" if outcome.written else "out of date (nothing changed)"
    return f"{checked} ({locked}): {len(outcome.stale)} {done}: review {ids}."


def _statuses_report(stale: list[int], *, written: bool) -> str:
    if not stale:
        return "Checked the AI use cases: every AI use case's queue status is up to date."
    done = "brought up to date" if written else "out of date (nothing changed)"
    ids = ", ".join(str(use_case_id) for use_case_id in stale[:SHOWN])
    if len(stale) > SHOWN:
        ids += f" and {len(stale) - SHOWN} more"
    one = len(stale) == 1
    return f"{len(stale)} AI use case{'' if one else 's'}'s queue status {done}: {ids}."
