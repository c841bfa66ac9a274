"""Reading a questionnaire file: what each construct becomes, and every error about it."""

import hashlib

import pytest

from ctdppeia.questionnaire import (
    Comparison,
    Option,
    QuestionnaireError,
    Value,
    parse_questionnaire,
)
from tests.questionnaire.helpers import FIXTURES, FRONT, at, parse, problem, problems, sample

SECTION = "# Section {#s}\n\n"


class TestSample:
    def test_front_matter(self) -> None:
        questionnaire = sample()
        assert questionnaire.id == "sample"
        assert questionnaire.title == "Sample review"
        assert questionnaire.version == "2026.10"  # text, not the number 2026.1
        assert questionnaire.subject == "data-request"
        assert questionnaire.summary.startswith("A small questionnaire")
        assert dict(questionnaire.ratings) == {
            "high": "Needs changes before approval.",
            "low": "A gap in good practice.",
        }
        assert questionnaire.filename == "sample.md"

    def test_hash_and_source_identify_the_file(self) -> None:
        data = (FIXTURES / "sample.md").read_bytes()
        questionnaire = parse_questionnaire(data, "sample.md")
        assert questionnaire.hash == hashlib.sha256(data).hexdigest()
        assert questionnaire.source == data.decode()
        assert parse_questionnaire(questionnaire.source, "sample.md") == questionnaire

    def test_sections_and_questions_in_order(self) -> None:
        questionnaire = sample()
        assert [s.id for s in questionnaire.sections] == ["planning", "data"]
        assert [q.id for q in questionnaire.questions] == [
            "P1",
            "P4",
            "P4a",
            "C2",
            "N5",
            "D1",
            "T1",
        ]
        assert questionnaire.section_of("C2").id == "data"
        assert questionnaire.question("N5").type == "number"
        with pytest.raises(KeyError):
            questionnaire.question("nope")

    def test_section_intro_is_rendered_markdown(self) -> None:
        section = sample().sections[0]
        assert section.title == "Planning"
        assert section.intro_html == "<p>Why the data are needed. <em>Read this first.</em></p>"

    def test_choice_question(self) -> None:
        question = sample().question("P1")
        assert question.label == "Who is asking?"
        assert question.required and not question.board
        assert question.options == (
            Option("own-agency", "Our own agency"),
            Option("university", "A university"),
            Option("vendor", "A vendor"),
        )
        assert question.help_html == "<p>Requests from outside need an agreement.</p>"
        assert question.line == 16

    def test_yesno_has_fixed_options(self) -> None:
        question = sample().question("P4")
        assert question.board and not question.required
        assert question.options == (
            Option("yes", "Yes"),
            Option("no", "No"),
            Option("unsure", "Not sure"),
        )
        assert question.help_html == ""

    def test_show_if(self) -> None:
        question = sample().question("P4a")
        assert question.show_if == Comparison("P4", "=", Value("slug", "yes"))
        assert question.show_if_text == "P4 = yes"

    def test_other_fenced_blocks_are_help_text(self) -> None:
        help_html = sample().question("N5").help_html
        assert help_html == "<pre><code>Cells under 11 are suppressed.\n</code></pre>"

    def test_flags(self) -> None:
        flags = {flag.id: flag for flag in sample().flags}
        assert list(flags) == ["external", "no-voice", "small-cells", "justice-data"]
        flag = flags["no-voice"]
        assert (flag.severity, flag.category, flag.route) == ("medium", "equity", "board")
        assert flag.title == "No resident voice"
        assert flag.advice == "Ask the Resident Advisory Board."
        assert flag.when_text == "P4 = no or P4 = unsure"
        assert str(flag.when) == "P4 = no or P4 = unsure"
        assert flag.line == 35
        assert flags["external"].route is None

    def test_objects_are_immutable(self) -> None:
        questionnaire = sample()
        with pytest.raises(AttributeError):
            questionnaire.id = "x"  # type: ignore[misc]
        with pytest.raises(TypeError):
            questionnaire.ratings["info"] = "x"  # type: ignore[index]
        assert isinstance(questionnaire.sections, tuple)
        assert isinstance(questionnaire.question("P1").options, tuple)
        assert hash(questionnaire) == hash(sample())


class TestBody:
    def test_text_after_a_flag_block_still_belongs_to_the_question(self) -> None:
        flag = (
            "```flag\nid: f\nseverity: low\ncategory: ai\ntitle: T\nwhen: q = yes\nadvice: A\n```\n"
        )
        questionnaire = parse(SECTION + "## Q {#q type=yesno}\n\nBefore.\n\n" + flag + "\nAfter.\n")
        assert questionnaire.question("q").help_html == "<p>Before.</p>\n<p>After.</p>"

    def test_help_can_hold_lists_after_a_sentence(self) -> None:
        body = SECTION + "## Q {#q type=text}\n\nFor example:\n\n- one: two\n"
        html = parse(body).question("q").help_html
        assert "<li>one: two</li>" in html

    def test_crlf_line_endings_and_a_byte_order_mark(self) -> None:
        text = "\ufeff" + (FRONT + SECTION + "## Q {#q type=yesno}\n").replace("\n", "\r\n")
        questionnaire = parse_questionnaire(text.encode(), "t.md")
        assert questionnaire.question("q").line == at(3)

    def test_attribute_values_may_use_either_quote(self) -> None:
        body = SECTION + "## A {#a type=text}\n## B {#b type=yesno show-if='a = \"x y\"'}\n"
        assert str(parse(body).question("b").show_if) == 'a = "x y"'

    def test_subheadings_in_help_text(self) -> None:
        html = parse(SECTION + "## Q {#q type=text}\n\nHelp.\n\n### More\n").question("q").help_html
        assert "<h3>More</h3>" in html

    def test_a_heading_inside_a_code_block_is_text(self) -> None:
        body = SECTION + "## Q {#q type=text}\n\nHelp.\n\n~~~\n## not a question\n~~~\n"
        questionnaire = parse(body)
        assert [q.id for q in questionnaire.questions] == ["q"]


class TestFrontMatterErrors:
    def test_missing_front_matter(self) -> None:
        assert problem(SECTION, front="") == (
            "t.md:1:1: the file must start with front matter: a line of three dashes (---), "
            "the lines id, title, version, subject and summary, and another line of three dashes"
        )

    def test_unclosed_front_matter(self) -> None:
        assert problem("", front="---\nid: t\n") == (
            "t.md:1:1: the front matter is never closed: add a line of three dashes (---) after it"
        )

    def test_missing_keys(self) -> None:
        assert problems(SECTION, front="---\nid: t\n---\n") == [
            "t.md:1:1: the front matter has no 'title': add a line like "
            "title: Data Protection, Privacy + Equity Impact Assessment",
            "t.md:1:1: the front matter has no 'version': add a line like version: 2026.1",
            "t.md:1:1: the front matter has no 'subject': add a line like subject: data-request",
            "t.md:1:1: the front matter has no 'summary': add a line like "
            "summary: One paragraph, shown on the start page.",
        ]

    def test_bad_values_and_unknown_keys(self) -> None:
        front = (
            "---\nid: 1 2\ntitle: [a]\nversion:\nsubject: data\nsummary: S\nsumary: s\n"
            "ratings:\n  med: x\n  high:\n---\n"
        )
        assert problems(SECTION, front=front) == [
            "t.md:2:5: the questionnaire id '1 2' is not valid: an id starts with a letter, "
            "then letters, digits, - or _",
            "t.md:3:1: 'title' in the front matter must be text, not a list or mapping",
            "t.md:4:1: 'version' in the front matter is empty",
            "t.md:5:10: subject 'data' in the front matter is not one of data-request, ai-use-case",
            "t.md:7:1: unknown key 'sumary' in the front matter (did you mean 'summary'?); "
            "the keys are id, title, version, subject, summary, ratings, about, maintained-by, "
            "changes and sources",
            "t.md:9:1: 'med' under ratings is not a severity; use info, low, medium, high",
            "t.md:10:1: the rating 'high' needs a short text saying what it means",
        ]

    def test_ratings_must_be_a_mapping(self) -> None:
        front = FRONT.replace("---\n", "---\nratings: high\n", 1)
        assert problem(SECTION, front=front) == (
            "t.md:2:1: 'ratings' must be followed by indented lines of the form 'severity: what "
            "it means', for example '  high: Needs conditions before approval'"
        )

    def test_malformed_yaml_names_the_line_in_the_file(self) -> None:
        front = FRONT.replace("title: Test", "title: Test: with a colon")
        assert problem(SECTION, front=front) == (
            "t.md:3:12: the front matter is not valid YAML (mapping values are not allowed in "
            "this context); check the indentation, and put quotes around a value that contains "
            "': ' or ' #' or starts with a quote, [ or {"
        )

    def test_front_matter_must_be_a_mapping(self) -> None:
        assert problem(SECTION, front="---\n- a\n---\n") == (
            "t.md:2:1: the front matter must be lines of the form 'key: value'"
        )

    def test_key_written_twice(self) -> None:
        front = FRONT.replace("id: t\n", "id: t\nid: u\n")
        assert problem(SECTION, front=front) == (
            "t.md:3:1: 'id' is written twice in the front matter (first on line 2)"
        )


class TestHeadingErrors:
    def test_section_without_id(self) -> None:
        assert problem("# Planning\n") == (
            f"t.md:{at(1)}:11: the section heading 'Planning' needs an id at the end, "
            "like {#planning}"
        )

    def test_question_without_braces(self) -> None:
        assert problem(SECTION + "## Who?\n") == (
            f"t.md:{at(3)}:8: the question heading 'Who?' needs an id and a type at the end, "
            "like {#P1 type=yesno}"
        )

    def test_question_without_id(self) -> None:
        assert problem(SECTION + "## Who? {type=yesno}\n") == (
            f"t.md:{at(3)}:9: this question heading has no id: add one, like {{#P1 type=yesno}}"
        )

    def test_question_without_type(self) -> None:
        assert problem(SECTION + "## Who? {#q}\n") == (
            f"t.md:{at(3)}:9: question 'q' has no type: use yesno, choice, multi, text, "
            "longtext, number or date"
        )

    def test_unknown_type(self) -> None:
        assert problem(SECTION + "## Who? {#q type=yes-no}\n") == (
            f"t.md:{at(3)}:18: unknown type 'yes-no' (did you mean 'yesno'?); use yesno, choice, "
            "multi, text, longtext, number or date"
        )

    def test_unknown_attribute(self) -> None:
        assert problem(SECTION + "## Who? {#q type=yesno requried}\n") == (
            f"t.md:{at(3)}:24: unknown attribute 'requried' (did you mean 'required'?); "
            'write #id, type=..., required, board or show-if="..."'
        )

    def test_unreadable_attribute(self) -> None:
        assert problem(SECTION + "## Who? {#q type=yesno =x}\n") == (
            f"t.md:{at(3)}:24: cannot read '=x' in the braces; "
            'write #id, type=..., required, board or show-if="..."'
        )

    def test_a_control_character_in_the_braces_is_reported(self) -> None:
        """Python reads it as space (str.strip), the attributes pattern did not: no crash."""
        assert problem(SECTION + "## Who? {#q type=yesno \x1fboard}\n") == (
            f"t.md:{at(3)}:24: cannot read '\x1fboard' in the braces; "
            'write #id, type=..., required, board or show-if="..."'
        )

    def test_unclosed_quote_in_braces(self) -> None:
        assert problem(SECTION + '## Who? {#q type=yesno show-if="a = b}\n') == (
            f"t.md:{at(3)}:38: cannot read the braces at the end of this heading; "
            "check that quotes are closed"
        )

    def test_attribute_written_twice(self) -> None:
        assert problem(SECTION + "## Who? {#q type=yesno board board}\n") == (
            f"t.md:{at(3)}:30: 'board' is written twice in this heading"
        )

    def test_switch_with_a_value(self) -> None:
        assert problem(SECTION + "## Who? {#q type=yesno required=yes}\n") == (
            f"t.md:{at(3)}:24: 'required' is a switch and takes no value: write just required"
        )

    def test_keyed_attribute_without_value(self) -> None:
        assert problem(SECTION + '## Who? {#q type=yesno show-if=""}\n') == (
            f"t.md:{at(3)}:24: 'show-if' needs a value, like show-if=\"P1 = yes\""
        )

    def test_bad_id(self) -> None:
        assert problem(SECTION + "## Who? {#1q type=yesno}\n") == (
            f"t.md:{at(3)}:11: '1q' is not a valid id: an id starts with a letter, "
            "then letters, digits, - or _"
        )

    def test_two_ids(self) -> None:
        assert problem(SECTION + "## Who? {#a #b type=yesno}\n") == (
            f"t.md:{at(3)}:14: 'id' is written twice in this heading"
        )

    def test_heading_without_text(self) -> None:
        assert problem(SECTION + "## {#q type=yesno}\n") == (
            f"t.md:{at(3)}:4: this heading has no text before the braces"
        )

    def test_section_takes_only_an_id_and_a_show_if(self) -> None:
        assert problems("# Planning {#p type=choice board}\n") == [
            f"t.md:{at(1)}:16: a section heading takes only an id and a show-if, like "
            "{#planning show-if=\"P0 = no\"}; 'type' belongs on a ## question heading",
            f"t.md:{at(1)}:28: a section heading takes only an id and a show-if, like "
            "{#planning show-if=\"P0 = no\"}; 'board' belongs on a ## question heading",
        ]

    def test_section_without_id_in_braces(self) -> None:
        assert problem("# Planning {}\n") == (
            f"t.md:{at(1)}:12: this section heading has no id: add one, like {{#planning}}"
        )

    def test_deeper_heading_with_an_id(self) -> None:
        assert problem(SECTION + "### Who? {#q type=yesno}\n") == (
            f"t.md:{at(3)}:1: only # (section) and ## (question) headings take {{#id ...}}; "
            "use ## for a question, or remove the braces to keep this heading as part of the text"
        )

    def test_duplicate_ids_across_sections_and_questions(self) -> None:
        assert problem(SECTION + "## Who? {#s type=yesno}\n") == (
            f"t.md:{at(3)}:11: the id 's' is already used on line {at(1)}"
        )

    def test_reserved_word_as_question_id(self) -> None:
        assert problem(SECTION + "## Who? {#in type=yesno}\n") == (
            f"t.md:{at(3)}:11: 'in' cannot be a question id because conditions use that word"
        )

    def test_question_before_any_section(self) -> None:
        assert problem("## Who? {#q type=yesno}\n" + SECTION) == (
            f"t.md:{at(1)}:1: the question 'q' comes before any section: "
            "add a # section heading above it"
        )

    def test_text_before_the_first_section(self) -> None:
        assert problem("\nHello.\n\n" + SECTION) == (
            f"t.md:{at(2)}:1: this text comes before the first section and would not be shown "
            "anywhere: move it under a # section heading, or into the summary"
        )

    def test_unclosed_fence(self) -> None:
        assert problem(SECTION + "Intro.\n\n````python\ncode\n```\n") == (
            f"t.md:{at(5)}:1: this block opened with ```` is never closed: "
            "add a line with ```` after it"
        )


class TestOptionErrors:
    def test_too_few_options(self) -> None:
        assert problem(SECTION + "## Who? {#q type=choice}\n\n- a: A\n") == (
            f"t.md:{at(3)}:1: question 'q' is a choice question and needs at least two options, "
            "written under the heading as '- value: Label' lines"
        )

    def test_no_options_at_all(self) -> None:
        assert problem(SECTION + "## Which? {#q type=multi}\n\nHelp.\n") == (
            f"t.md:{at(3)}:1: question 'q' is a multi question and needs at least two options, "
            "written under the heading as '- value: Label' lines"
        )

    def test_option_line_errors(self) -> None:
        body = SECTION + "## Who? {#q type=choice}\n\n- a: A\n- a: B\n- b c: X\n- d\n- e:\n"
        assert problems(body) == [
            f"t.md:{at(6)}:3: the option value 'a' appears twice in question 'q' "
            f"(first on line {at(5)})",
            f"t.md:{at(7)}:3: the option value 'b c' is not valid: use a letter or digit, then "
            "letters, digits, - or _ (no spaces)",
            f"t.md:{at(8)}:1: an option line looks like '- value: Label', for example "
            "'- own-agency: Our own agency'; this line has no colon",
            f"t.md:{at(9)}:3: the option 'e' has no label: write it after the colon",
        ]

    def test_yesno_takes_no_option_lines(self) -> None:
        assert problem(SECTION + "## Agree? {#q type=yesno}\n\n- maybe: Maybe\n") == (
            f"t.md:{at(5)}:1: question 'q' is a yes/no question: its answers are always yes, no "
            "and unsure, so it takes no option lines (start help text with a sentence, not a list)"
        )

    @pytest.mark.parametrize("kind", ["text", "longtext", "number", "date"])
    def test_other_types_take_no_options(self, kind: str) -> None:
        message = problem(SECTION + f"## Q {{#q type={kind}}}\n\n- a: A\n- b: B\n")
        assert message.startswith(f"t.md:{at(5)}:1: question 'q' is a")
        assert message.endswith(
            "question, which takes no options: remove the '- value: Label' lines "
            "(or start help text with a sentence, not a list)"
        )


def test_every_error_is_reported_at_once() -> None:
    body = "# A\n## B {#1 type=x}\n"
    front = "---\nid: t\n---\n"
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(front + body, "t.md")
    error = caught.value
    assert len(error.errors) == 7
    first = error.errors[0]
    assert (error.file, error.line, error.col, error.message) == (
        first.file,
        first.line,
        first.col,
        first.message,
    )
    assert [e.line for e in error.errors] == sorted(e.line for e in error.errors)


def test_not_utf8() -> None:
    data = (FRONT + "# Caf\xe9 {#s}\n").encode("latin-1")
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(data, "t.md")
    assert str(caught.value) == (
        f"t.md:{at(1)}:6: the file is not UTF-8 text: save it with the UTF-8 encoding "
        "(the byte 0xe9 here cannot be read)"
    )


def test_text_with_a_lone_surrogate() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(FRONT + "# S {#s}\n\nBad \udc80 here.\n", "t.md")
    assert str(caught.value) == (
        f"t.md:{at(3)}:5: the text holds a character that is not valid Unicode"
    )


def test_empty_type_is_reported_once() -> None:
    assert problem(SECTION + "## Who? {#q type=}\n") == (
        f"t.md:{at(3)}:13: 'type' needs a value, like type=yesno"
    )
