"""The resident text of a flag (`resident:`): what could go wrong for people, read by the
Resident Advisory Board instead of the reviewer's advice."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from ctdppeia.cli.questionnaires import questionnaires_cli
from ctdppeia.questionnaire.lint import questionnaire_warnings
from tests.questionnaire.helpers import at, make, parse, problem

BODY = """\
# Planning {#planning}

## Did residents help shape the question? {#P4 type=yesno board}

```flag
id: no-voice
severity: medium
category: equity
title: Residents did not help shape the question
when: P4 = no
advice: Ask the Resident Advisory Board.
resident: The study may miss what matters to the people in the data.
```

```flag
id: note
severity: info
category: equity
title: A note for the reviewer
when: P4 = yes
advice: Nothing to do.
```

```flag
id: to-board
severity: info
category: equity
title: The board should read this project
when: P4 = yes
advice: Share it with the board.
route: board
resident: The board reads projects about people like you.
```
"""


def test_the_resident_text_is_read() -> None:
    questionnaire = parse(BODY)
    flags = {flag.id: flag for flag in questionnaire.flags}
    assert flags["no-voice"].resident == (
        "The study may miss what matters to the people in the data."
    )
    assert flags["note"].resident is None
    assert [flag.id for flag in questionnaire.flags if flag.board_visible] == [
        "no-voice",
        "to-board",
    ]


def test_once_a_file_gives_resident_texts_every_flag_the_board_sees_needs_one() -> None:
    body = BODY.replace("resident: The board reads projects about people like you.\n", "")
    assert problem(body) == (
        f"t.md:{at(24)}:1: flag 'to-board' can be seen by the Resident Advisory Board but has "
        "no 'resident:' text: say in plain words what could go wrong for people"
    )


def test_an_information_flag_that_goes_nowhere_needs_none() -> None:
    assert parse(BODY).flags[1].board_visible is False


def test_a_file_without_resident_texts_loads_with_one_warning() -> None:
    body = BODY.replace(
        "resident: The study may miss what matters to the people in the data.\n", ""
    )
    body = body.replace("resident: The board reads projects about people like you.\n", "")
    warnings = questionnaire_warnings(parse(body))
    assert [str(warning) for warning in warnings] == [
        "t.md:1:1: no flag has a 'resident:' text, so the Resident Advisory Board sees only the "
        'titles of the 2 flags it can see; give each of them one (README, "Flags")'
    ]
    assert questionnaire_warnings(parse(BODY)) == []


def _check(app: Flask, runner: FlaskCliRunner, folder: Path) -> Result:
    app.config["QUESTIONNAIRE_DIR"] = str(folder)
    if "questionnaires" not in app.cli.commands:
        app.cli.add_command(questionnaires_cli)
    return runner.invoke(args=["questionnaires", "check"])


def test_check_prints_the_warning_and_passes(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    body = BODY.replace(
        "resident: The study may miss what matters to the people in the data.\n", ""
    )
    body = body.replace("resident: The board reads projects about people like you.\n", "")
    (tmp_path / "t.md").write_text(make(body), encoding="utf-8")
    result = _check(app, runner, tmp_path)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{tmp_path / 't.md'}:1:1: warning: no flag has a 'resident:'")
    assert lines[1].startswith("OK ")
