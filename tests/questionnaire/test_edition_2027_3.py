"""Edition 2027.3 of the Responsible-AI review: I7 names "materially supports" apart from
"informs" (CGS 4a-2e, item C), and the appeal route has its own question (H3b). Every other
question, option and flag of 2027.2 is kept, so answers carried into a re-assessment keep
their meaning; 2027.2 stays loadable for the reviews pinned to it."""

from pathlib import Path

from ctdppeia.questionnaire import load_questionnaire
from tests.questionnaire.test_shipped import SHIPPED

PREVIOUS = Path(__file__).resolve().parent / "edition-2027.2" / "responsible-ai.md"


def test_the_new_edition_adds_supports_and_the_appeal_question_only() -> None:
    old = load_questionnaire(PREVIOUS)
    new = load_questionnaire(SHIPPED / "responsible-ai.md")
    assert (old.version, new.version) == ("2027.2", "2027.3")
    assert [q.id for q in new.questions if q.id != "H3b"] == [q.id for q in old.questions]
    appeal = new.question("H3b")
    assert (appeal.type, appeal.board, appeal.required) == ("longtext", True, False)
    assert [o.value for o in new.question("I7").options] == ["makes", "supports", "informs", "none"]
    for before in old.questions:
        after = new.question(before.id)
        if before.id != "I7":
            assert [o.value for o in before.options] == [o.value for o in after.options]
    assert [(f.id, f.severity, f.when_text) for f in old.flags] == [
        (f.id, f.severity, f.when_text) for f in new.flags
    ]
