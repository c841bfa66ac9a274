"""Risk flags and gaps (`kind`), a flag's `basis`, and ratings with obligations."""

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from ctdppeia.cli.questionnaires import questionnaires_cli
from ctdppeia.questionnaire import evaluate
from tests.questionnaire.helpers import FRONT, at, parse, problem, problems

RATED_FRONT = """---
id: t
title: Test
version: "1"
subject: ai-use-case
summary: A test questionnaire.
ratings:
  high:
    meaning: High risk.
    obligations:
      - A person makes every final decision.
      - People can appeal to a person.
  medium: Moderate risk.
  low:
    meaning: Low risk.
---
"""

BODY = """# S {#s}

## Does it decide about people? {#q1 type=yesno}

## Is there a monitoring plan? {#q2 type=yesno}

## Is there an owner? {#q3 type=yesno}

```flag
id: decides
severity: medium
category: ai
title: It decides about people
when: q1 = yes
advice: Review it.
basis: OMB M-25-21, section 6
```

```flag
id: no-monitoring
severity: high
category: ai
title: No monitoring plan
when: q2 = no
advice: Write one.
kind: gap
```

```flag
id: no-owner
severity: low
category: ai
title: No owner
when: q3 = no
advice: Name one.
kind: gap
basis: NIST AI RMF, Govern 2.1
```

```flag
id: explicit-risk
severity: low
category: ai
title: Explicit risk
when: q3 = no
advice: Note it.
kind: risk
```
"""


def test_kind_and_basis_are_read() -> None:
    questionnaire = parse(BODY, RATED_FRONT)
    flags = {flag.id: flag for flag in questionnaire.flags}
    assert flags["decides"].kind == "risk" and not flags["decides"].is_gap
    assert flags["decides"].basis == "OMB M-25-21, section 6"
    assert flags["no-monitoring"].kind == "gap" and flags["no-monitoring"].basis is None
    assert flags["no-owner"].is_gap and flags["no-owner"].basis == "NIST AI RMF, Govern 2.1"
    assert flags["explicit-risk"].kind == "risk"


def test_ratings_with_meaning_and_obligations() -> None:
    questionnaire = parse(BODY, RATED_FRONT)
    assert dict(questionnaire.ratings) == {
        "high": "High risk.",
        "medium": "Moderate risk.",
        "low": "Low risk.",
    }
    assert dict(questionnaire.obligations) == {
        "high": ("A person makes every final decision.", "People can appeal to a person."),
    }


def test_gaps_never_set_the_rating() -> None:
    questionnaire = parse(BODY, RATED_FRONT)
    result = evaluate(questionnaire, {"q1": "yes", "q2": "no", "q3": "no"})
    assert [r.flag.id for r in result.flags] == [
        "no-monitoring",
        "decides",
        "no-owner",
        "explicit-risk",
    ]
    assert [r.flag.id for r in result.risks] == ["decides", "explicit-risk"]
    assert [r.flag.id for r in result.gaps] == ["no-monitoring", "no-owner"]  # by severity
    assert result.rating == "medium"  # the high gap does not count
    assert result.obligations == ()


def test_only_gaps_give_no_rating() -> None:
    result = evaluate(parse(BODY, RATED_FRONT), {"q2": "no"})
    assert result.rating is None
    assert [r.flag.id for r in result.gaps] == ["no-monitoring"]
    assert result.risks == ()


def test_obligations_follow_the_rating() -> None:
    body = BODY.replace("severity: medium", "severity: high", 1)
    result = evaluate(parse(body, RATED_FRONT), {"q1": "yes"})
    assert result.rating == "high"
    assert result.obligations == (
        "A person makes every final decision.",
        "People can appeal to a person.",
    )


def flag_block(**extra: str) -> str:
    lines = [
        "id: f",
        "severity: low",
        "category: ai",
        "title: T",
        "when: q1 = yes",
        "advice: A",
        *(f"{key}: {value}" for key, value in extra.items()),
    ]
    return "# S {#s}\n\n## Q {#q1 type=yesno}\n\n```flag\n" + "\n".join(lines) + "\n```\n"


def test_unknown_kind_is_an_error_at_its_line() -> None:
    # body lines: 1 "# S", 2 "", 3 "## Q", 4 "", 5 fence, 6..11 keys, 12 kind
    assert problem(flag_block(kind="paperwork")) == (
        f"t.md:{at(12)}:7: kind 'paperwork' in flag 'f' is not one of risk, gap"
    )


def test_misspelled_kind_gets_a_suggestion() -> None:
    assert "did you mean 'gap'" in problem(flag_block(kind="gaps"))


def test_empty_basis_is_an_error() -> None:
    assert problem(flag_block(basis="''")) == f"t.md:{at(12)}:1: 'basis' in flag 'f' is empty"


def test_basis_must_be_text() -> None:
    assert problem(flag_block(basis="[a, b]")) == (
        f"t.md:{at(12)}:1: 'basis' in flag 'f' must be text, not a list or mapping"
    )


def front(ratings: str) -> str:
    """The test front matter with `ratings` lines added after the summary (line 7 on)."""
    summary = "summary: A test questionnaire.\n"
    return FRONT.replace(summary, summary + ratings)


SECTION = "# S {#s}\n\n## Q {#q1 type=yesno}\n"


def test_rating_mapping_needs_a_meaning() -> None:
    text = front("ratings:\n  high:\n    obligations: [Do it]\n")
    # lines: 1 ---, 2 id, 3 title, 4 version, 5 subject, 6 summary, 7 ratings, 8 high, 9 obl
    assert problem(SECTION, text) == (
        "t.md:8:1: the rating 'high' needs a 'meaning': a short text saying what it means"
    )


def test_obligations_must_be_a_list_of_texts() -> None:
    text = front("ratings:\n  high:\n    meaning: High.\n    obligations: Do it\n")
    assert problem(SECTION, text) == (
        "t.md:10:1: 'obligations' of the rating 'high' must be a list of texts, one per line "
        "starting with '- ', or written as [first, second]"
    )
    nested = front("ratings:\n  high:\n    meaning: High.\n    obligations:\n      - [a, b]\n")
    assert problem(SECTION, nested) == (
        "t.md:10:1: obligation 1 of the rating 'high' must be a short text, not empty, a list "
        "or a mapping"
    )


def test_unknown_key_under_a_rating() -> None:
    text = front("ratings:\n  high:\n    meaning: High.\n    duties: [x]\n")
    assert problem(SECTION, text) == (
        "t.md:10:1: unknown key 'duties' under the rating 'high'; the keys are meaning and "
        "obligations"
    )


def test_rating_must_be_text_or_mapping() -> None:
    text = front("ratings:\n  high: [a, b]\n")
    found = problems(SECTION, text)
    assert found == [
        "t.md:8:1: the rating 'high' must be a text or a mapping; write 'severity: what it "
        "means', or 'meaning:' and 'obligations:' indented under the severity, for example "
        "'    obligations: [A person makes every final decision]'"
    ]


@pytest.fixture
def rated_folder(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "questionnaires"
    path.mkdir()
    (path / "rated.md").write_text(RATED_FRONT + BODY)
    app.config["QUESTIONNAIRE_DIR"] = str(path)
    if "questionnaires" not in app.cli.commands:
        app.cli.add_command(questionnaires_cli)
    monkeypatch.chdir(path)
    return path


def test_try_prints_risks_gaps_rating_and_obligations(
    runner: FlaskCliRunner, rated_folder: Path
) -> None:
    body = BODY.replace("severity: medium", "severity: high", 1)
    (rated_folder / "rated.md").write_text(RATED_FRONT + body)
    (rated_folder / "answers.json").write_text(json.dumps({"q1": "yes", "q2": "no", "q3": "no"}))
    result = runner.invoke(args=["questionnaires", "try", "rated.md", "answers.json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["flags"] == [
        {"id": "decides", "severity": "high", "route": None, "basis": "OMB M-25-21, section 6"},
        {"id": "explicit-risk", "severity": "low", "route": None},
    ]
    assert report["gaps"] == [
        {"id": "no-monitoring", "severity": "high", "route": None},
        {"id": "no-owner", "severity": "low", "route": None, "basis": "NIST AI RMF, Govern 2.1"},
    ]
    assert report["rating"] == "high"
    assert report["obligations"] == [
        "A person makes every final decision.",
        "People can appeal to a person.",
    ]


def test_check_reports_a_bad_kind(runner: FlaskCliRunner, rated_folder: Path) -> None:
    shutil.copy(rated_folder / "rated.md", rated_folder / "copy.md")
    text = (rated_folder / "copy.md").read_text().replace("id: t\n", "id: t2\n")
    (rated_folder / "copy.md").write_text(text.replace("kind: gap", "kind: todo", 1))
    result = runner.invoke(args=["questionnaires", "check"])
    assert result.exit_code == 1
    line = text.splitlines().index("kind: gap") + 1
    assert f"copy.md:{line}:7: kind 'todo' in flag 'no-monitoring' is not one of risk, gap" in (
        result.output
    )
    assert "OK rated.md" in result.output
