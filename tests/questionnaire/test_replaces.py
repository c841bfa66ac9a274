"""A flag may name the flags it replaces (`replaces:`): when it is raised, they are not, so
one problem raises one flag. Sections may carry a show-if for all their questions."""

from __future__ import annotations

from ctdppeia.questionnaire import evaluate
from tests.questionnaire.helpers import at, parse, problem, problems

QUESTIONS = """\
# Reporting {#reporting}

## Smallest count {#N5 type=number}
## Is there a written plan to hide small counts? {#R2 type=yesno}
## Public? {#R1 type=yesno}
"""


def flag(fid: str, when: str, severity: str = "medium", **extra: str) -> str:
    lines = [
        "```flag",
        f"id: {fid}",
        f"severity: {severity}",
        "category: privacy",
        f"title: Title of {fid}",
        f'when: "{when}"',
        "advice: Do something.",
        *(f"{key}: {value}" for key, value in extra.items()),
        "```",
        "",
    ]
    return "\n".join(lines)


STACK = (
    QUESTIONS
    + flag("no-plan", "R2 = no", kind="gap")
    + flag("small", "N5 < 11", severity="low")
    + flag("reid", "N5 < 11 and R2 = no and R1 = yes", severity="high", replaces="[no-plan, small]")
)


def test_the_replacing_flag_is_raised_alone() -> None:
    result = evaluate(parse(STACK), {"N5": 4, "R2": "no", "R1": "yes"})
    assert [item.flag.id for item in result.flags] == ["reid"]
    assert result.flags[0].covers == ("no-plan", "small")
    assert result.rating == "high" and result.gaps == ()


def test_replaced_flags_stand_on_their_own_when_it_is_not_raised() -> None:
    result = evaluate(parse(STACK), {"N5": 4, "R2": "no", "R1": "no"})
    assert [item.flag.id for item in result.flags] == ["no-plan", "small"]


def test_covers_names_only_the_replaced_flags_that_hold() -> None:
    body = QUESTIONS + flag("a", "R2 = no") + flag("b", "R1 = yes", replaces="[a]")
    result = evaluate(parse(body), {"R1": "yes", "R2": "yes"})
    assert [(item.flag.id, item.covers) for item in result.flags] == [("b", ())]


def test_a_single_id_is_enough() -> None:
    body = QUESTIONS + flag("a", "R2 = no") + flag("b", "R2 = no", replaces="a")
    assert parse(body).flags[1].replaces == ("a",)


def test_what_may_not_be_replaced() -> None:
    body = (
        QUESTIONS
        + flag("risky", "R1 = yes", severity="high")
        + flag("routed", "R1 = yes", severity="low", route="board")
        + flag("risk", "R1 = yes", severity="low")
        + flag("gap", "R1 = yes", kind="gap", replaces="[risk]")
        + flag("weak", "R1 = yes", replaces="[risky, routed, nothing, weak]")
    )
    line = at(48)
    assert problems(body) == [
        f"t.md:{at(39)}:1: flag 'gap' is a gap and cannot replace the risk flag 'risk', which "
        "sets the rating: make it a risk flag, or keep both",
        f"t.md:{line}:1: flag 'weak' (medium) cannot replace 'risky' (high): a flag replaces "
        "only flags of its own severity or lower",
        f"t.md:{line}:1: flag 'weak' replaces 'routed', which sends the review to board: give "
        "'weak' the same route, or keep both",
        f"t.md:{line}:1: flag 'weak' replaces 'nothing', which is not a flag of this file",
        f"t.md:{line}:1: flag 'weak' cannot replace itself",
    ]


def test_flags_cannot_replace_each_other() -> None:
    body = QUESTIONS + flag("a", "R1 = yes", replaces="[b]") + flag("b", "R1 = yes", replaces="[a]")
    found = problems(body)
    assert len(found) == 2
    assert all("replaces a flag that replaces it in turn" in text for text in found)


def test_replaces_must_name_flags() -> None:
    body = QUESTIONS + flag("a", "R1 = yes", replaces="{x: 1}")
    assert problem(body) == (
        f"t.md:{at(13)}:1: 'replaces' in flag 'a' must be a flag id or a list of flag ids, "
        "like [small-cells, no-suppression-plan]"
    )


SECTIONS = """\
# First {#first}

## Are the data already published? {#P0 type=yesno required}

# Access {#access show-if="P0 = no"}

## What will leave the agency? {#A1 type=choice required}

- records: Records
- tables: Tables

## Which safeguards? {#A11 type=text required show-if="A1 = records"}
"""


def test_a_section_show_if_is_added_to_each_of_its_questions() -> None:
    questionnaire = parse(SECTIONS)
    assert questionnaire.question("A1").show_if_text == "P0 = no"
    assert questionnaire.question("A11").show_if_text == "P0 = no and A1 = records"
    assert evaluate(questionnaire, {}).hidden == ("A1", "A11")  # ask P0 first
    published = evaluate(questionnaire, {"P0": "yes", "A1": "records"})
    assert published.hidden == ("A1", "A11") and published.missing_required == ()
    asked = evaluate(questionnaire, {"P0": "no", "A1": "records"})
    assert asked.visible == ("P0", "A1", "A11") and asked.missing_required == ("A11",)


def test_a_section_cannot_depend_on_its_own_questions() -> None:
    body = SECTIONS.replace('show-if="P0 = no"', 'show-if="A1 = tables"')
    found = problems(body)
    assert found[0] == (
        f"t.md:{at(5)}:28: the show-if of section 'access' uses question 'A1', which is in that "
        "section: a section can only depend on questions of other sections"
    )


def test_a_section_show_if_is_checked_like_any_condition() -> None:
    body = SECTIONS.replace('show-if="P0 = no"', 'show-if="P0 = maybe"')
    assert problem(body) == (
        f"t.md:{at(5)}:33: the show-if of section 'access' compares question 'P0' with "
        "'maybe', which is not one of its answers (yes, no, unsure)"
    )
