"""Errors raised by the vendor analysis; each message names what is wrong and where."""


class VendorsError(ValueError):
    """Base class for every expected failure in ``vendors``."""


class WeightsError(VendorsError):
    """Weights that cannot be used: missing, negative, not finite, all zero, or mismatched."""


class AHPError(WeightsError):
    """A pairwise comparison matrix or judgment that AHP cannot use."""


class ScoresError(VendorsError):
    """Scores that cannot be used: not numbers, outside the 0-5 scale, missing, or duplicated."""
