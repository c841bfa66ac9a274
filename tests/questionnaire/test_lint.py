"""Warnings from `questionnaires check` about files that load: a flag raised because a
question has no answer (such a question belongs in the list of questions not answered)."""

from __future__ import annotations

from ctdppeia.questionnaire.lint import questionnaire_warnings
from tests.questionnaire.helpers import at, parse

BODY = """\
# Planning {#planning}

## What is the project? {#P2 type=longtext}
## Who answers residents? {#P13 type=text}
## Which laws? {#P8 type=yesno}

```flag
id: no-purpose
severity: medium
category: legal
title: The purpose is not written down
when: "P2 is unanswered"
advice: Ask for it.
resident: No one has said what the project is for.
```

```flag
id: no-contact
severity: low
category: equity
title: Nobody answers residents
when: "not (P13 is answered) and P8 = yes"
advice: Name a contact.
resident: You may have no one to ask.
```

```flag
id: guarded
severity: low
category: legal
title: A law is named
when: "P8 is answered and P8 = yes"
advice: Check it.
resident: A law allows this use.
```
"""


def test_a_flag_raised_by_a_missing_answer_is_warned_about() -> None:
    warnings = [str(warning) for warning in questionnaire_warnings(parse(BODY))]
    assert warnings == [
        f"t.md:{at(7)}:1: flag 'no-purpose' is raised because question 'P2' has no answer; a "
        "missing answer is listed once as not answered, so make 'P2' required (or give it a "
        'show-if) instead of raising a flag (README, "Conditions")',
        f"t.md:{at(17)}:1: flag 'no-contact' is raised because question 'P13' has no answer; a "
        "missing answer is listed once as not answered, so make 'P13' required (or give it a "
        'show-if) instead of raising a flag (README, "Conditions")',
    ]  # `P8 is answered` only keeps a flag quiet: no warning
