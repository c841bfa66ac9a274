"""The rating's reason: one plain sentence, "High because ...", naming the risk flags of the
top severity."""

from __future__ import annotations

from ctdppeia.questionnaire import evaluate, rating_reason
from tests.questionnaire.helpers import parse

BODY = """\
# Access {#access}

## What will leave the agency? {#A1 type=choice required}

- identified: Records that name people
- aggregate: Summary tables only

```flag
id: named
severity: high
category: privacy
title: Records that name people will leave the agency
when: A1 = identified
advice: Ask whether summary tables would do.
```

## Will results be published without a check? {#R5 type=yesno}

```flag
id: unchecked
severity: high
category: privacy
title: Results would be published without a check by the data owners.
when: R5 = yes
advice: Add a check.
```

```flag
id: unchecked-gap
severity: high
category: privacy
kind: gap
title: No check is planned yet
when: R5 = yes
advice: Plan one.
```

```flag
id: tables
severity: medium
category: privacy
title: HIV status is in the tables
when: A1 = aggregate
advice: Check the counts.
```
"""


def test_one_rule() -> None:
    assert rating_reason("medium", ["Records about single people will leave the agency"]) == (
        "Medium because records about single people will leave the agency."
    )


def test_several_rules_each_get_because() -> None:
    titles = ["Records that name people leave", "Results, tables and maps are public."]
    assert rating_reason("high", titles) == (
        "High because records that name people leave, and because results, tables and maps "
        "are public."
    )
    three = rating_reason("low", ["One", "Two", "Three"])
    assert three == "Low because one, because two, and because three."


def test_acronyms_and_names_keep_their_capitals() -> None:
    assert rating_reason("info", ["HIV status is included", "DataLinkCT links the records"]) == (
        "Information only because HIV status is included, and because DataLinkCT links the records."
    )
    assert rating_reason("high", ["Connecticut law forbids it"]) == (
        "High because Connecticut law forbids it."
    )


def test_no_rating_no_sentence() -> None:
    assert rating_reason(None, ["Anything"]) is None
    assert rating_reason("high", []) is None


def test_the_evaluation_names_the_risk_flags_of_the_top_severity_only() -> None:
    questionnaire = parse(BODY)
    result = evaluate(questionnaire, {"A1": "identified", "R5": "yes"})
    assert result.rating == "high"
    assert result.rating_reason == (
        "High because records that name people will leave the agency, and because results "
        "would be published without a check by the data owners."
    )  # the gap, high too, does not set the rating and is not named
    summary = evaluate(questionnaire, {"A1": "aggregate"})
    assert summary.rating_reason == "Medium because HIV status is in the tables."
    assert evaluate(questionnaire, {}).rating_reason is None
