"""Errors raised by the questionnaire layer; each message names the file, item and field."""


class AssessmentError(ValueError):
    """Base class for every expected failure in ``assessments``."""


class BankError(AssessmentError):
    """A bank file is missing, unreadable or does not follow the bank format."""


class AnswerError(AssessmentError):
    """An answer does not fit its item (unknown item, value outside the scale)."""
