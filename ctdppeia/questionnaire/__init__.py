"""Questionnaires as markdown files: parsing, the condition language, and flag evaluation.

Pure Python: nothing here imports Flask or the database. The file format is described in
questionnaires/README.md.
"""

from ctdppeia.questionnaire.answers import coerce_answer, is_answered, validate_answer
from ctdppeia.questionnaire.conditions import (
    And,
    AnswerCheck,
    Answers,
    AnswerValue,
    Comparison,
    Condition,
    Includes,
    Membership,
    Not,
    Or,
    Test,
    Value,
)
from ctdppeia.questionnaire.condparse import parse_condition
from ctdppeia.questionnaire.describe import describe
from ctdppeia.questionnaire.errors import QuestionnaireError
from ctdppeia.questionnaire.evaluate import Evaluation, RaisedFlag, evaluate, visible_answers
from ctdppeia.questionnaire.markdown import render_markdown, without_sources
from ctdppeia.questionnaire.model import (
    CATEGORIES,
    KINDS,
    ROUTES,
    SEVERITIES,
    SUBJECTS,
    TYPES,
    Flag,
    Option,
    Question,
    Questionnaire,
    Section,
    severity_rank,
)
from ctdppeia.questionnaire.parser import (
    load_each,
    load_files,
    load_folder,
    load_questionnaire,
    parse_questionnaire,
    questionnaire_files,
)
from ctdppeia.questionnaire.reason import rating_reason

__all__ = [
    "CATEGORIES",
    "KINDS",
    "ROUTES",
    "SEVERITIES",
    "SUBJECTS",
    "TYPES",
    "And",
    "AnswerCheck",
    "AnswerValue",
    "Answers",
    "Comparison",
    "Condition",
    "Evaluation",
    "Flag",
    "Includes",
    "Membership",
    "Not",
    "Option",
    "Or",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "RaisedFlag",
    "Section",
    "Test",
    "Value",
    "coerce_answer",
    "describe",
    "evaluate",
    "is_answered",
    "load_each",
    "load_files",
    "load_folder",
    "load_questionnaire",
    "parse_condition",
    "parse_questionnaire",
    "questionnaire_files",
    "rating_reason",
    "render_markdown",
    "severity_rank",
    "validate_answer",
    "visible_answers",
    "without_sources",
]
