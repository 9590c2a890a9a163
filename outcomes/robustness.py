"""How robust the winner is, computed as the comparison page computes it.

The page (behind its cache), the board pack and the command line take the draws, the
spreads and the order of the vendors from here, so the share of first places the pack
quotes is the one the page shows at its default spread.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from outcomes.gather import Platforms
from vendors import sensitivity

DRAWS = 10_000
SEED = 0
#: Dirichlet concentration -> how the comparison page names the spread of the weights.
SPREADS = {300.0: "small", 100.0: "moderate", 30.0: "large", 10.0: "very large"}
DEFAULT_CONCENTRATION = 100.0


@dataclass(frozen=True)
class Robustness:
    """The winner's robustness among the vendors that pass the must-haves.

    Attributes:
        thresholds: per category (id), the weight range over which the winner stays first
            (``vendors.sensitivity.rank_reversal_thresholds``); None when vendors tie for
            first place (there is no single winner whose lead a weight could change).
        acceptability: vendor x rank probabilities, best expected rank first.
        concentration: the Dirichlet concentration of the draws.
        draws: how many weightings were simulated.
    """
    thresholds: pd.DataFrame | None
    acceptability: pd.DataFrame
    concentration: float = DEFAULT_CONCENTRATION
    draws: int = DRAWS

    @property
    def winner(self) -> str | None:
        """The single winner, or None when vendors tie for first place."""
        return None if self.thresholds is None else str(self.thresholds["winner"].iloc[0])

    @property
    def spread(self) -> str:
        """The spread's name on the comparison page ("moderate")."""
        return SPREADS.get(self.concentration, f"concentration {self.concentration:g}")

    def first_share(self, vendor: str) -> float:
        """How often ``vendor`` ranks first over the draws (0-1)."""
        return float(self.acceptability.loc[vendor, 1])


def by_expected_rank(acceptability: pd.DataFrame) -> pd.DataFrame:
    """The rows of a vendor x rank table, best expected rank first (ties keep their order)."""
    expected = (acceptability * acceptability.columns.astype(float)).sum(axis=1)
    return acceptability.loc[expected.sort_values(kind="stable").index]


def thresholds(platforms: Platforms) -> pd.DataFrame:
    """Rank-reversal thresholds among the vendors that pass the must-haves.

    Raises:
        ScoresError, WeightsError, VendorsError: as ``rank_reversal_thresholds``.
    """
    decision = platforms.decision
    return sensitivity.rank_reversal_thresholds(platforms.matrix.loc[platforms.eligible],
                                                decision.weights, decision.categories,
                                                decision.directions)


def acceptability(platforms: Platforms, concentration: float = DEFAULT_CONCENTRATION
                  ) -> pd.DataFrame:
    """Monte-Carlo rank acceptability among the vendors that pass, best expected rank first.

    Raises:
        ScoresError, WeightsError, VendorsError: as ``rank_acceptability``.
    """
    decision = platforms.decision
    return by_expected_rank(sensitivity.rank_acceptability(
        platforms.matrix.loc[platforms.eligible], decision.weights, draws=DRAWS, seed=SEED,
        concentration=concentration, directions=decision.directions))


def robustness(platforms: Platforms | None, concentration: float = DEFAULT_CONCENTRATION
               ) -> Robustness | None:
    """Thresholds and rank acceptability, or None with fewer than two passing vendors."""
    if platforms is None or len(platforms.eligible) < 2:
        return None
    single = thresholds(platforms) if len(platforms.tied_first) == 1 else None
    return Robustness(single, acceptability(platforms, concentration), concentration, DRAWS)
