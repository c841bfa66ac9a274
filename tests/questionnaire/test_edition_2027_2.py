"""Edition 2027.2 of the Responsible-AI review changes only its spelling (US spelling): the
questions, options, conditions and flags of edition 2027.1 are kept, so a review started under
2027.1 and one started under 2027.2 mean the same; 2027.1 stays loadable for the reviews
pinned to it."""

from pathlib import Path

from ctdppeia.questionnaire import load_questionnaire

PREVIOUS = Path(__file__).resolve().parent / "edition-2027.1" / "responsible-ai.md"
NEXT = Path(__file__).resolve().parent / "edition-2027.2" / "responsible-ai.md"


def test_the_new_edition_differs_from_the_last_only_in_spelling() -> None:
    old = load_questionnaire(PREVIOUS)
    new = load_questionnaire(NEXT)
    assert (old.version, new.version) == ("2027.1", "2027.2")
    assert [q.id for q in old.questions] == [q.id for q in new.questions]
    for before, after in zip(old.questions, new.questions, strict=True):
        assert (before.type, before.required, before.board) == (
            after.type,
            after.required,
            after.board,
        )
        assert [o.value for o in before.options] == [o.value for o in after.options]
    assert [(f.id, f.severity, f.when_text) for f in old.flags] == [
        (f.id, f.severity, f.when_text) for f in new.flags
    ]
    changed = {
        q.id for q, r in zip(old.questions, new.questions, strict=True) if q.label != r.label
    }
    assert changed == {"I10"}
    assert "license plates" in new.question("I10").label
    assert "licence" not in NEXT.read_text(encoding="utf-8")
