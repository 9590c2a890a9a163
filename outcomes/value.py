"""Value for money of an engagement's vendors: benefit against total cost of ownership.

Built from :class:`outcomes.gather.Platforms` (its scores with missing ones counted as the
worst, its weights, the knock-out rule and the vendors' cost inputs) for the comparison page
and every export. The knock-out rule holds here too: a knocked-out vendor is shown, marked,
and never on the efficient frontier; a vendor nobody scored has no benefit to show. A vendor
whose cost inputs are incomplete is listed with what is missing, never with a cost filled in.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from outcomes.gather import NOT_SCORED, Platforms
from reports.formats import Column, Kind, Table, counted, table
from vendors import value
from vendors.errors import WeightsError
from vendors.scoring import Direction

FRONTIER, DOMINATED, KNOCKED_OUT = "on the frontier", "dominated", "knocked out"
NOT_SCORED_YET = "nothing scored yet"
#: The cost inputs, as a missing one is named.
INPUTS = ("licence", "users", "implementation", "horizon")


@dataclass(frozen=True)
class ValueForMoney:
    """Benefit against total cost, vendor by vendor (in the ranking's order).

    Attributes:
        currency: the ISO code of every amount.
        frame: indexed by vendor: ``benefit`` (0-5, NaN when there is none), the inputs
            ``licence``, ``users``, ``implementation``, ``horizon`` (NaN when not given),
            ``tco`` and ``per_1000`` (NaN when an input is missing), ``frontier`` (bool),
            ``status`` (on the frontier, dominated by ..., knocked out, cost missing ...).
        cost_criteria: the names of the cost criteria left out of the benefit.
        note: how benefit and cost are made, and what is missing.
        no_benefit: why no vendor has a benefit ("" when they have: see
            :func:`vendors.value.benefit_weights`).
    """
    currency: str
    frame: pd.DataFrame
    cost_criteria: list[str]
    note: str
    no_benefit: str = ""

    @property
    def plotted(self) -> pd.DataFrame:
        """The vendors with both a benefit and a total cost (what the chart places)."""
        return self.frame[self.frame["benefit"].notna() & self.frame["tco"].notna()]

    @property
    def frontier(self) -> list[str]:
        """The vendors on the efficient frontier, cheapest first."""
        on = self.frame[self.frame["frontier"]]
        return [str(v) for v in on.sort_values("tco", kind="stable").index]

    @property
    def missing_costs(self) -> list[str]:
        """Vendors (scored) whose total cost cannot be computed yet."""
        scored = self.frame["status"] != NOT_SCORED_YET
        return [str(v) for v in self.frame.index[scored & self.frame["tco"].isna()]]


def _missing_inputs(row: pd.Series) -> list[str]:
    return [c for c in INPUTS if pd.isna(row[c])]


def value_for_money(platforms: Platforms) -> ValueForMoney | None:
    """Value for money of the compared vendors; None while no cost input is given at all."""
    costs = platforms.costs.reindex(platforms.ranking.index)
    if costs.empty or costs.isna().all().all():
        return None
    decision = platforms.decision
    cost_criteria = [decision.criterion_names[c] for c in decision.weights.index
                     if decision.directions[c] == Direction.COST]
    try:
        benefit = value.weighted_benefit(platforms.matrix, decision.weights,
                                         decision.directions).reindex(costs.index)
        benefit_note = ""
    except WeightsError as error:
        benefit = pd.Series(float("nan"), index=costs.index)
        benefit_note = str(error)
    unscored = set(platforms.unscored)
    knocked = set(platforms.knocked_out)
    benefit[[v in unscored for v in benefit.index]] = float("nan")
    frame = costs.copy()
    frame.insert(0, "benefit", benefit)
    frame["tco"] = value.total_cost(costs["licence"], costs["users"],
                                    costs["implementation"], costs["horizon"])
    frame["per_1000"] = (frame["benefit"] / (frame["tco"] / value.PER)).where(frame["tco"] > 0)
    candidates = frame.index[[v not in knocked for v in frame.index]]
    on = value.efficient_frontier(frame.loc[candidates, "benefit"],
                                  frame.loc[candidates, "tco"])
    frame["frontier"] = [bool(on.get(v, False)) for v in frame.index]
    status = []
    for vendor, row in frame.iterrows():
        missing = _missing_inputs(row)
        if vendor in unscored:
            status.append(NOT_SCORED_YET)
        elif missing:
            status.append(("no cost data" if len(missing) == len(INPUTS) else
                           "cost missing: " + ", ".join(missing))
                          + ("; " + KNOCKED_OUT if vendor in knocked else ""))
        elif vendor in knocked:
            status.append(KNOCKED_OUT)     # why: in the ranking and the must-haves
        elif pd.isna(row["benefit"]):
            status.append("no benefit to compare")
        elif row["frontier"]:
            status.append(FRONTIER)
        else:
            status.append(f"{DOMINATED} by {_dominating(frame, candidates, vendor)}")
    frame["status"] = status
    currency = platforms.currency
    left_out = (f"the cost criteria ({', '.join(cost_criteria)}) are left out and the other "
                "weights renormalized to sum to 100%" if cost_criteria else
                "there are no cost criteria to leave out")
    parts = [benefit_note or f"Benefit: the weighted score (0-5) over the benefit criteria "
             f"only; {left_out}.",
             f"Total cost of ownership = licence per user per year x users x years + one-off "
             f"implementation, in {currency} (not converted). Benefit per {value.PER:,} "
             f"{currency} = benefit / (TCO / {value.PER:,}).",
             "Knocked-out vendors are shown, marked, and are never on the frontier."]
    missing = [v for v in frame.index[frame["tco"].isna()] if v not in unscored]
    if missing:
        parts.append(f"No total cost for {', '.join(map(str, missing))}: cost data missing "
                     "(not filled in).")
    return ValueForMoney(currency, frame, cost_criteria, " ".join(parts), benefit_note)


def _dominating(frame: pd.DataFrame, candidates: pd.Index, vendor: str) -> str:
    """The vendor that dominates ``vendor`` with the most benefit (then the least cost)."""
    row = frame.loc[vendor]
    others = frame.loc[[c for c in candidates if c != vendor]]
    others = others[others["benefit"].notna() & others["tco"].notna()]
    better = others[(others["benefit"].round(9) >= round(row["benefit"], 9))
                    & (others["tco"] <= row["tco"])]
    best = better.sort_values(["benefit", "tco"], ascending=[False, True], kind="stable")
    return str(best.index[0])


def value_table(found: ValueForMoney) -> Table:
    """Benefit, cost inputs, total cost, benefit per 1,000 and the frontier, per vendor."""
    currency = found.currency
    frame = found.frame.reset_index()
    return table(frame, [
        Column("vendor", "Vendor"),
        Column("benefit", "Benefit (0-5)", Kind.SCORE_5,
               "Weighted score over the benefit criteria, weights renormalized"),
        Column("licence", f"Licence per user per year ({currency})", Kind.PRICE),
        Column("users", "Users", Kind.COUNT),
        Column("implementation", f"Implementation ({currency})", Kind.MONEY),
        Column("horizon", "Years", Kind.COUNT),
        Column("tco", f"Total cost ({currency})", Kind.MONEY),
        Column("per_1000", f"Benefit per {value.PER:,} {currency}", Kind.PER_COST),
        Column("status", "Value for money", wide=True)], note=found.note)


def headline(found: ValueForMoney) -> str:
    """One sentence: who is on the frontier, and who gives the most benefit per unit."""
    plotted = found.plotted
    if found.no_benefit:
        return found.no_benefit
    if plotted.empty:
        return ("Cost data is incomplete for every scored vendor: no total cost of ownership "
                "can be compared yet.")
    frontier = found.frontier
    ranked = plotted[plotted["per_1000"].notna() & plotted["frontier"]]
    text = (f"{counted(len(frontier), 'vendor')} on the efficient frontier: {', '.join(frontier)}"
            if frontier else "Every vendor with a total cost is knocked out or has no "
                             "benefit to compare, so none is on the efficient frontier")
    if len(ranked):
        best = ranked.sort_values("per_1000", ascending=False, kind="stable").iloc[0]
        text += (f"; {best.name} gives the most benefit per {value.PER:,} {found.currency} "
                 f"({Kind.PER_COST.text(best['per_1000'])})")
    return text + "."


def chart_points(found: ValueForMoney, knocked_out: set[str]) -> pd.DataFrame:
    """The chart's points, cheapest first: vendor, tco, benefit and group (frontier,
    dominated, knocked)."""
    plotted = found.plotted.sort_values("tco", kind="stable")
    return pd.DataFrame({
        "vendor": [str(v) for v in plotted.index],
        "tco": plotted["tco"].astype(float).to_numpy(),
        "benefit": plotted["benefit"].astype(float).to_numpy(),
        "group": ["knocked" if v in knocked_out else "frontier" if on else "dominated"
                  for v, on in zip(plotted.index, plotted["frontier"])]})

