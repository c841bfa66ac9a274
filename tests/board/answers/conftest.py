"""Answering the board: its tests use the review of the small test questionnaire, whose
`names-kept` flag routes it to the board (tests/factories: the review, the people, shares and
comments)."""

from tests.factories.fixtures import review_id as review_id  # not the board package's DPPEIA review
